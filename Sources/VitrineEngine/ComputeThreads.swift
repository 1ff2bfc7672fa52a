import Foundation

/// The process's compute threads: OpenBLAS's and the element-wise kernels'
/// (``Parallel/workers``), set together. Both are process-wide, so a program's entry point sets
/// them (the CLI, for the run it starts), not the library code that runs in it.
public enum ComputeThreads {
    /// Sets both to `requested`, 0 meaning one per core; returns the count in effect. Throws
    /// when OpenBLAS is not installed.
    @discardableResult
    public static func apply(_ requested: Int) throws -> Int {
        try BLAS.load()
        let threads = requested > 0 ? requested : ProcessInfo.processInfo.activeProcessorCount
        BLAS.threads = threads
        Parallel.workers = threads
        return threads
    }
}
