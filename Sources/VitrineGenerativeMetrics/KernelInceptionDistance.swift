import Foundation
import VitrineEngine

/// Kernel Inception Distance (Bińkowski et al. 2018): the unbiased estimate of the squared
/// maximum mean discrepancy between real and generated features under the cubic polynomial
/// kernel k(x, y) = (xᵀy / D + 1)³, averaged over random subsets as torch-fidelity and
/// clean-fid do (100 subsets of min(1000, N_r, N_g) samples by default; like clean-fid, a
/// subset size above the smaller set's count shrinks to it, where torch-fidelity refuses).
///
/// For subsets X (m samples) and Y (n samples),
///
///     MMD²_u = Σ_{i≠j} k(x_i, x_j) / (m(m−1)) + Σ_{i≠j} k(y_i, y_j) / (n(n−1)) − 2 Σ_{i,j} k(x_i, y_j) / (mn),
///
/// which is unbiased and can be negative when the two distributions agree (it is 0 only in
/// expectation). Inner products come from `dgemm` in row blocks (within a set, only the lower
/// triangle, the sums being symmetric) and the kernel sums are kept in `Double`: MMD² is a
/// small difference of sums of ~10⁶ terms each.
public enum KernelInceptionDistance {
    public struct Result: Sendable, CustomStringConvertible {
        /// The mean of the subsets' MMD² values: the KID.
        public let mean: Double
        /// Their standard deviation, normalized by the number of subsets (numpy's `np.std`
        /// default, as torch-fidelity reports `kernel_inception_distance_std`); 0 for one subset.
        public let standardDeviation: Double
        /// Each subset's MMD², in the order the subsets were drawn.
        public let subsetValues: [Double]
        /// Samples per subset (from each set).
        public let subsetSize: Int

        public var description: String {
            "KID \(mean) ± \(standardDeviation) (\(subsetValues.count) subsets of \(subsetSize))"
        }
    }

    /// The rows one subset takes from each set.
    public struct Subset: Sendable, Equatable {
        public let real: [Int]
        public let generated: [Int]
    }

    /// KID over `subsets` random subsets of `min(subsetSize, real.count, generated.count)`
    /// samples, drawn without replacement from each set by ``subsetIndices(realCount:generatedCount:subsets:subsetSize:generator:)``;
    /// the same generator state gives the same value.
    public static func compute(real: FeatureSet, generated: FeatureSet, subsets: Int = 100, subsetSize: Int = 1000,
                               generator: Generator) throws -> Result {
        try checkPair(real: real, generated: generated)
        let chosen = try subsetIndices(realCount: real.count, generatedCount: generated.count, subsets: subsets,
                                       subsetSize: subsetSize, generator: generator)
        var values = [Double]()
        for subset in chosen {
            values.append(try unbiasedMMD2(real.doubleRows(subset.real), generated.doubleRows(subset.generated)))
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return Result(mean: mean, standardDeviation: variance.squareRoot(), subsetValues: values,
                      subsetSize: chosen[0].real.count)
    }

    /// The unbiased MMD² between the whole of `real` and the whole of `generated` (each needs at
    /// least 2 samples): one "subset" of everything, with no sampling.
    public static func mmd2(real: FeatureSet, generated: FeatureSet) throws -> Double {
        try checkPair(real: real, generated: generated)
        try checkCount(real.count, .real)
        try checkCount(generated.count, .generated)
        return try unbiasedMMD2(real.doubleRows(), generated.doubleRows())
    }

    /// The subsets ``compute(real:generated:subsets:subsetSize:generator:)`` uses: for each
    /// subset in turn, `m = min(subsetSize, realCount, generatedCount)` distinct real rows,
    /// then `m` distinct generated rows, each drawn with a partial Fisher–Yates shuffle of
    /// `0..<count` by `generator`.
    public static func subsetIndices(realCount: Int, generatedCount: Int, subsets: Int = 100, subsetSize: Int = 1000,
                                     generator: Generator) throws -> [Subset] {
        guard subsets >= 1 else {
            throw GenerativeMetricsError.invalidParameter("subsets", "\(subsets); use at least 1 (100 is the usual choice)")
        }
        guard subsetSize >= 2 else {
            throw GenerativeMetricsError.invalidParameter("subsetSize", "\(subsetSize); the unbiased estimate needs at least 2 (1000 is the usual choice)")
        }
        try checkCount(realCount, .real)
        try checkCount(generatedCount, .generated)
        let m = min(subsetSize, realCount, generatedCount)
        var realPool = Array(0..<realCount), generatedPool = Array(0..<generatedCount)
        func draw(_ pool: inout [Int]) -> [Int] {
            // The first m positions of a Fisher–Yates shuffle: m distinct rows, uniformly.
            for i in 0..<m { pool.swapAt(i, i + generator.int(below: pool.count - i)) }
            return Array(pool[0..<m])
        }
        return (0..<subsets).map { _ in
            let r = draw(&realPool)
            return Subset(real: r, generated: draw(&generatedPool))
        }
    }

    static func checkCount(_ count: Int, _ role: FeatureRole) throws {
        guard count >= 2 else {
            throw GenerativeMetricsError.tooFewSamples(set: role, count: count, needed: 2,
                                                       reason: "the unbiased MMD² (pairs of distinct samples)")
        }
    }

    /// MMD²_u between all rows of `x` and all rows of `y` (each ≥ 2 rows).
    static func unbiasedMMD2(_ x: DoubleRows, _ y: DoubleRows) throws -> Double {
        let m = Double(x.count), n = Double(y.count)
        let xx = try withinSetKernelSum(x), yy = try withinSetKernelSum(y)
        let xy = try crossKernelSum(x, y)
        return xx / (m * (m - 1)) + yy / (n * (n - 1)) - 2 * xy / (m * n)
    }

    /// k(xᵀy) for an inner product g, with 1/D precomputed.
    @inline(__always) static func kernel(_ g: Double, _ scale: Double) -> Double {
        let t = g * scale + 1
        return t * t * t
    }

    /// Σ_{i≠j} k(x_i, x_j): twice the sum below the diagonal, so only the lower triangle of the
    /// Gram matrix is computed (half the flops of the full product).
    static func withinSetKernelSum(_ x: DoubleRows, maxEntries: Int = 1 << 22) throws -> Double {
        let scale = 1 / Double(x.dimension)
        var total = 0.0
        try x.forEachLowerGramBlock(maxEntries: maxEntries) { rows, gram in
            let columns = rows.upperBound
            // Row sums in parallel, combined in row order: the result does not depend on scheduling.
            total += Parallel.sum(rows.count, cost: columns * 4) { range in
                var s = 0.0
                for i in range {
                    let row = rows.lowerBound + i
                    for j in 0..<row { s += kernel(gram[i * columns + j], scale) }
                }
                return s
            }
        }
        return 2 * total
    }

    /// Σ_{i,j} k(x_i, y_j) over every pair.
    static func crossKernelSum(_ x: DoubleRows, _ y: DoubleRows) throws -> Double {
        let scale = 1 / Double(x.dimension), columns = y.count
        var total = 0.0
        try x.forEachGramBlock(with: y) { rows, gram in
            total += Parallel.sum(rows.count, cost: columns * 4) { range in
                var s = 0.0
                for i in range { for j in 0..<columns { s += kernel(gram[i * columns + j], scale) } }
                return s
            }
        }
        return total
    }
}
