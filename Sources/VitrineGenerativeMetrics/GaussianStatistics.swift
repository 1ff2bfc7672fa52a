import VitrineEngine

/// The mean and the unbiased covariance of a feature set: all FID needs of it, so a reference
/// set's statistics can be computed once and reused (as pytorch-fid caches `mu` and `sigma`).
public struct GaussianStatistics: Sendable {
    /// How many samples the statistics came from.
    public let count: Int
    public let dimension: Int
    public let mean: [Double]
    /// Row-major `[dimension, dimension]`, normalized by `count − 1` (numpy's `np.cov` default,
    /// which pytorch-fid uses).
    public let covariance: [Double]

    /// Statistics computed elsewhere (e.g. pytorch-fid's `mu`, `sigma`); throws unless the
    /// shapes agree and every value is finite.
    public init(count: Int, mean: [Double], covariance: [Double]) throws {
        let d = mean.count
        guard d >= 1, covariance.count == d * d else {
            throw GenerativeMetricsError.invalidShape("a mean of \(d) values needs a \(d) × \(d) covariance (\(d * d) values), got \(covariance.count)")
        }
        guard mean.allSatisfy({ $0.isFinite }), covariance.allSatisfy({ $0.isFinite }) else {
            throw GenerativeMetricsError.invalidParameter("statistics", "the mean or covariance holds NaN or infinity")
        }
        self.count = count
        self.dimension = d
        self.mean = mean
        self.covariance = covariance
    }

    /// The mean and unbiased covariance of `features`, computed in `Double`: the mean first,
    /// then `(X − μ)ᵀ(X − μ) / (N − 1)` with one `dsyrk` on the centred copy (two passes, so no
    /// cancellation between `E[xxᵀ]` and `μμᵀ`). Needs at least two samples.
    public init(_ features: FeatureSet, role: FeatureRole = .real) throws {
        try features.checkFinite(role)
        let n = features.count, d = features.dimension
        guard n >= 2 else {
            throw GenerativeMetricsError.tooFewSamples(set: role, count: n, needed: 2, reason: "an unbiased covariance (N − 1 in the denominator)")
        }
        // Mean, then the centred copy in Double (through buffer pointers: these loops touch every
        // value and should cost little next to the product).
        var mean = [Double](repeating: 0, count: d)
        var centred = [Double](repeating: 0, count: n * d)
        features.values.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { mu in
                for r in 0..<n { for c in 0..<d { mu[c] += Double(x[r * d + c]) } }
                for c in 0..<d { mu[c] /= Double(n) }
                centred.withUnsafeMutableBufferPointer { out in
                    for r in 0..<n { for c in 0..<d { out[r * d + c] = Double(x[r * d + c]) - mu[c] } }
                }
            }
        }
        var covariance = [Double](repeating: 0, count: d * d)
        try centred.withUnsafeBufferPointer { x in
            try covariance.withUnsafeMutableBufferPointer { s in
                try linearAlgebra {
                    try BLAS.dsyrkLower(transA: true, n: d, k: n, alpha: 1 / Double(n - 1), a: x.baseAddress!, c: s.baseAddress!)
                }
            }
        }
        // dsyrk filled the lower triangle; mirror it, so the matrix is exactly symmetric.
        for i in 0..<d { for j in (i + 1)..<d { covariance[i * d + j] = covariance[j * d + i] } }
        self.count = n
        self.dimension = d
        self.mean = mean
        self.covariance = covariance
    }
}

/// Makes a nearly symmetric matrix exactly symmetric (the average of it and its transpose):
/// products such as XᵀX can differ in the last bit between (i, j) and (j, i).
func symmetrize(_ m: inout [Double], _ d: Int) {
    for i in 0..<d {
        for j in (i + 1)..<d {
            let v = 0.5 * (m[i * d + j] + m[j * d + i])
            m[i * d + j] = v
            m[j * d + i] = v
        }
    }
}
