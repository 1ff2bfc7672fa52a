/// How a single-query search scores the index. Both return the same hits — rows, order and
/// float32 scores, bit for bit; they differ only in speed.
///
/// - `float32`: the reference. Every row's score in float32 (``EmbeddingIndex`` computes a
///   row's inner product in one fixed summation order, whatever its position or thread),
///   then the top `k`.
/// - `int8Bounded`: a first pass over an int8 copy of the rows (a quarter of the bytes)
///   gives each row a proven interval around its float32 score (CompactEmbeddings.swift proves it);
///   only the rows whose interval reaches the `k`-th best lower bound are scored in float32,
///   and the top `k` of those is returned.
///
/// ``EmbeddingIndex/scanPath(k:)`` chooses: `int8Bounded` when the index keeps the int8 copy
/// (from ``EmbeddingIndex/compactThreshold`` rows up) and `k` is at most a sixteenth of the
/// rows; otherwise `float32`. For large `k` the heaps, not the memory, set the time, and the
/// bounded path keeps two (lower bounds, then exact scores): measured at 8,192 and 100,000
/// random rows, the paths break even between `k = N/16` and `N/8` (at `N/64` the bounded path
/// took 0.13 ms against 0.18 ms, and 3.4 ms against 5.2 ms). Batches use one `sgemm` either way.
public enum ScanPath: String, CaseIterable, Sendable {
    case float32
    case int8Bounded = "int8-bounded"
}
