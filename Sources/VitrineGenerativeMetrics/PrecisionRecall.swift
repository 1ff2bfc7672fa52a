import VitrineEngine

/// Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union
/// of balls around its samples, each ball's radius the distance from its sample to the sample's
/// k-th nearest other sample of the same set (k = 3 by default, as in the paper).
///
/// - precision: the share of generated samples inside at least one real sample's ball (how many
///   generated images look real);
/// - recall: the share of real samples inside at least one generated sample's ball (how much of
///   the real variety the generator covers).
///
/// "Inside" includes the boundary (distance ≤ radius), as the authors' code compares. Squared
/// distances come from ‖a‖² + ‖b‖² − 2aᵀb with the inner products from `dgemm` in row blocks of
/// at most 2²² entries (32 MiB), so memory stays bounded; they are clamped at 0 against rounding,
/// and a sample is never its own neighbour (it is excluded by index, so an exact duplicate of it
/// does count, at distance 0). The cost is O((N_r² + N_g² + 2 N_r N_g) D) flops.
public enum PrecisionRecall {
    public struct Result: Sendable, Equatable, CustomStringConvertible {
        public let precision: Double
        public let recall: Double
        public let k: Int

        public var description: String { "precision \(precision), recall \(recall) (k = \(k))" }
    }

    /// Precision and recall with `k`-nearest-neighbour radii; each set needs more than `k` samples.
    public static func compute(real: FeatureSet, generated: FeatureSet, k: Int = 3) throws -> Result {
        guard k >= 1 else {
            throw GenerativeMetricsError.invalidParameter("k", "\(k); use at least 1 (3 is the paper's choice)")
        }
        try checkPair(real: real, generated: generated)
        for (set, role) in [(real, FeatureRole.real), (generated, .generated)] where set.count <= k {
            throw GenerativeMetricsError.tooFewSamples(set: role, count: set.count, needed: k + 1,
                                                       reason: "a k-nearest-neighbour radius with k = \(k)")
        }
        let r = real.doubleRows(), g = generated.doubleRows()
        let realRadii = try kthNeighbourSquaredRadii(r, k: k)
        let generatedRadii = try kthNeighbourSquaredRadii(g, k: k)
        return Result(precision: try coverage(of: g, by: r, squaredRadii: realRadii),
                      recall: try coverage(of: r, by: g, squaredRadii: generatedRadii), k: k)
    }

    /// For each row, the squared distance to its k-th nearest other row.
    static func kthNeighbourSquaredRadii(_ x: DoubleRows, k: Int) throws -> [Double] {
        let norms = x.squaredNorms(), n = x.count
        var radii = [Double](repeating: 0, count: n)
        try radii.withUnsafeMutableBufferPointer { out in
            let out = out
            try x.forEachGramBlock(with: x) { rows, gram in
                Parallel.forEach(rows.count, cost: n * 4) { i in
                    let row = rows.lowerBound + i
                    // The k smallest squared distances so far, ascending (k is small: insertion).
                    var nearest = [Double](repeating: .infinity, count: k)
                    for j in 0..<n where j != row {
                        let d = max(0, norms[row] + norms[j] - 2 * gram[i * n + j])
                        if d < nearest[k - 1] {
                            var p = k - 1
                            while p > 0 && nearest[p - 1] > d { nearest[p] = nearest[p - 1]; p -= 1 }
                            nearest[p] = d
                        }
                    }
                    out[row] = nearest[k - 1]
                }
            }
        }
        return radii
    }

    /// The share of `queries` rows within `squaredRadii[j]` (inclusive) of some row j of `centres`.
    static func coverage(of queries: DoubleRows, by centres: DoubleRows, squaredRadii: [Double]) throws -> Double {
        let queryNorms = queries.squaredNorms(), centreNorms = centres.squaredNorms(), n = centres.count
        var inside = [Bool](repeating: false, count: queries.count)
        try inside.withUnsafeMutableBufferPointer { out in
            let out = out
            try queries.forEachGramBlock(with: centres) { rows, gram in
                Parallel.forEach(rows.count, cost: n * 4) { i in
                    let row = rows.lowerBound + i
                    for j in 0..<n where max(0, queryNorms[row] + centreNorms[j] - 2 * gram[i * n + j]) <= squaredRadii[j] {
                        out[row] = true
                        return
                    }
                }
            }
        }
        return Double(inside.lazy.filter { $0 }.count) / Double(queries.count)
    }
}
