import VitrineEngine

/// What the program that starts a run (the CLI, a test) gives it. Library code neither prints
/// nor changes process-wide settings: a run reports through `log`, polls `stop` between steps,
/// and hands its `train.threads` to `applyThreads`.
public struct RunContext {
    /// Receives what the run has to say: lines, and training progress for a progress display.
    public let log: (RunEvent) -> Void
    /// Flipped by the program to stop the run after its current step.
    public let stop: StopRequest
    /// Sets the process's compute threads for a run's `train.threads` (0: one per core) and
    /// returns the count in effect, which the run's report names. The CLI applies it to
    /// OpenBLAS and the kernels (``ComputeThreads/apply(_:)``).
    public let applyThreads: (Int) throws -> Int

    public init(log: @escaping (RunEvent) -> Void, stop: StopRequest, applyThreads: @escaping (Int) throws -> Int) {
        self.log = log
        self.stop = stop
        self.applyThreads = applyThreads
    }

    /// Says `text` on a line of its own.
    func say(_ text: String) { log(.message(text)) }

    /// Nothing said, no stop ever requested, and the process's threads left as they are (the
    /// count reported is OpenBLAS's): for tests and tools that run experiments in-process.
    public static var silent: RunContext {
        RunContext(log: { _ in }, stop: StopRequest(), applyThreads: { _ in
            try BLAS.load()
            return BLAS.threads
        })
    }
}
