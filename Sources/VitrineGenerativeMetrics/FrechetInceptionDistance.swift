import VitrineEngine

/// Fréchet Inception Distance (Heusel et al. 2017): the Fréchet distance between Gaussians
/// fitted to the real and the generated features,
///
///     FID = ‖μ_r − μ_g‖² + Tr(Σ_r + Σ_g − 2 (Σ_r Σ_g)^{1/2}),
///
/// with unbiased covariances (N − 1), as pytorch-fid and scipy compute it.
///
/// The trace of the matrix square root comes from a symmetric eigenproblem rather than from a
/// general `sqrtm` of the non-symmetric Σ_r Σ_g. With Σ_r = V Λ Vᵀ and S = Σ_r^{1/2}, Σ_r Σ_g = S (S Σ_g)
/// has the eigenvalues of (S Σ_g) S = S Σ_g S, which V turns into M = Λ^{1/2} (Vᵀ Σ_g V) Λ^{1/2},
/// symmetric positive semi-definite; so Tr((Σ_r Σ_g)^{1/2}) = Σ_i sqrt(λ_i(M)). Both
/// eigenproblems use LAPACK's `dsyevd` (divide and conquer, O(D³)), which Debian's libopenblas
/// carries, so no Jacobi iteration of our own is needed. Symmetric solvers are backward stable,
/// where a general `sqrtm` (Schur form) of the non-symmetric product can come back complex from
/// rounding, an imaginary part pytorch-fid then discards.
///
/// Eigenvalues that rounding leaves slightly negative (Σ_r or M singular or nearly so, e.g.
/// fewer samples than dimensions) are clamped to 0; ``Result`` reports how many and the most
/// negative one, so a user can see when that happened.
public enum FrechetInceptionDistance {
    public struct Result: Sendable, CustomStringConvertible {
        /// The FID: `meanTerm + traceTerm`, at least 0 up to rounding.
        public let value: Double
        /// ‖μ_r − μ_g‖².
        public let meanTerm: Double
        /// Tr(Σ_r + Σ_g − 2 (Σ_r Σ_g)^{1/2}).
        public let traceTerm: Double
        /// How many eigenvalues (of Σ_r and of M together) were negative and clamped to 0.
        public let clampedEigenvalues: Int
        /// The most negative eigenvalue clamped (0 when none was).
        public let mostNegativeEigenvalue: Double

        public var description: String {
            "FID \(value) (means \(meanTerm), covariances \(traceTerm)"
                + (clampedEigenvalues > 0 ? "; \(clampedEigenvalues) negative eigenvalues down to \(mostNegativeEigenvalue) clamped to 0)" : ")")
        }
    }

    /// The FID between two feature sets (each needs at least 2 samples; the same dimension).
    public static func compute(real: FeatureSet, generated: FeatureSet) throws -> Result {
        try checkPair(real: real, generated: generated)
        return try distance(real: GaussianStatistics(real, role: .real),
                            generated: GaussianStatistics(generated, role: .generated))
    }

    /// The FID between precomputed statistics (e.g. a reference set's, computed once).
    public static func distance(real: GaussianStatistics, generated: GaussianStatistics) throws -> Result {
        guard real.dimension == generated.dimension else {
            throw GenerativeMetricsError.dimensionMismatch(real: real.dimension, generated: generated.dimension)
        }
        let d = real.dimension
        var meanTerm = 0.0
        for i in 0..<d { let diff = real.mean[i] - generated.mean[i]; meanTerm += diff * diff }
        var trace = 0.0
        for i in 0..<d { trace += real.covariance[i * d + i] + generated.covariance[i * d + i] }

        var clamped = 0, mostNegative = 0.0
        func clamp(_ values: [Double]) -> [Double] {
            values.map { value in
                guard value < 0 else { return value }
                clamped += 1
                mostNegative = min(mostNegative, value)
                return 0
            }
        }
        let eigen = try linearAlgebra { try LAPACK.symmetricEigendecomposition(real.covariance, dimension: d) }
        let rootLambda = clamp(eigen.values).map { $0.squareRoot() }
        // C = Vᵀ Σ_g V, then M = Λ^{1/2} C Λ^{1/2}.
        var product = [Double](repeating: 0, count: d * d), c = [Double](repeating: 0, count: d * d)
        try linearAlgebra {
            try BLAS.dgemm(m: d, n: d, k: d, a: generated.covariance, b: eigen.vectors, c: &product)
            try BLAS.dgemm(transA: true, m: d, n: d, k: d, a: eigen.vectors, b: product, c: &c)
        }
        for i in 0..<d { for j in 0..<d { c[i * d + j] *= rootLambda[i] * rootLambda[j] } }
        symmetrize(&c, d)
        let lambdaM = try linearAlgebra { try LAPACK.symmetricEigenvalues(c, dimension: d) }
        let traceRoot = clamp(lambdaM).reduce(0) { $0 + $1.squareRoot() }
        let traceTerm = trace - 2 * traceRoot
        return Result(value: meanTerm + traceTerm, meanTerm: meanTerm, traceTerm: traceTerm,
                      clampedEigenvalues: clamped, mostNegativeEigenvalue: mostNegative)
    }
}
