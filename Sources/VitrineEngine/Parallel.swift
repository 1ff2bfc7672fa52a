import Dispatch
import Foundation

/// Splits element-wise and reduction work across the cores.
///
/// One level of parallelism at a time: these loops run between BLAS calls, never inside one,
/// and the closures they run must not call BLAS themselves, so OpenBLAS's threads and these
/// never compete for the same cores. Chunks are fixed by the element count and the worker
/// count alone, so results are identical from run to run for a given worker count.
public enum Parallel {
    /// How many workers element-wise loops use (defaults to the active core count).
    nonisolated(unsafe) public static var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Below this many elements a loop runs on the calling thread: dispatch costs more.
    public static let minimumParallelCount = 1 << 15

    /// Calls `body` with disjoint subranges covering `0..<count`, in parallel when worthwhile.
    /// `cost` scales the threshold: pass the work per element when it is more than a few flops.
    @inlinable
    public static func forEachChunk(
        _ count: Int, cost: Int = 1, _ body: (Range<Int>) -> Void
    ) {
        let chunks = chunkCount(count, cost: cost)
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            body(chunkRange(chunk, of: chunks, count: count))
        }
    }

    /// Calls `body` for each index in `0..<count` (rows, channels, images), in parallel when
    /// the total work `count * cost` is large enough.
    @inlinable
    public static func forEach(_ count: Int, cost: Int, _ body: (Int) -> Void) {
        forEachChunk(count, cost: cost) { range in
            for i in range { body(i) }
        }
    }

    /// ``forEach(_:cost:_:)`` for a body that can fail: every index runs, then the error of the
    /// lowest failing index is thrown — the same error whatever the scheduling.
    public static func forEachThrowing(_ count: Int, cost: Int, _ body: (Int) throws -> Void) throws {
        var failures = [Error?](repeating: nil, count: count)
        failures.withUnsafeMutableBufferPointer { failed in
            let failed = failed
            forEach(count, cost: cost) { i in
                do { try body(i) } catch { failed[i] = error }
            }
        }
        if let failure = failures.first(where: { $0 != nil }) { throw failure! }
    }

    /// A sum over `0..<count` computed chunk by chunk; partial sums combine in chunk order, so
    /// the result does not depend on scheduling.
    @inlinable
    public static func sum(_ count: Int, cost: Int = 1, _ partial: (Range<Int>) -> Double) -> Double {
        let chunks = chunkCount(count, cost: cost)
        if chunks <= 1 { return count > 0 ? partial(0..<count) : 0 }
        var partials = [Double](repeating: 0, count: chunks)
        partials.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                out[chunk] = partial(chunkRange(chunk, of: chunks, count: count))
            }
        }
        return partials.reduce(0, +)
    }

    @inlinable
    static func chunkCount(_ count: Int, cost: Int) -> Int {
        let work = count * max(cost, 1)
        if workers <= 1 || work < minimumParallelCount { return 1 }
        return min(workers, count)
    }

    @inlinable
    static func chunkRange(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        let base = count / chunks, extra = count % chunks
        let start = chunk * base + min(chunk, extra)
        return start..<(start + base + (chunk < extra ? 1 : 0))
    }
}
