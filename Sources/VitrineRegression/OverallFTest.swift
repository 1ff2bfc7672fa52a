import Foundation
import VitrineEngine

/// The regression's overall F test: are all coefficients but the constant zero?
public struct OverallFTest: Equatable {
    public let statistic: Double
    public let pValue: Double
    /// The number of restrictions (the rank of their covariance, for the robust Wald form).
    public let numeratorDegreesOfFreedom: Int
    public let denominatorDegreesOfFreedom: Int

    /// NaN throughout: statsmodels' answer when there is nothing to test, or when a robust test
    /// cannot leave out a constant that is only implicit (a full set of dummies).
    static func undefined(denominator: Int) -> OverallFTest {
        OverallFTest(statistic: .nan, pValue: .nan, numeratorDegreesOfFreedom: 0, denominatorDegreesOfFreedom: denominator)
    }

    /// Classical errors: `(ESS / df_model) / (RSS / df_resid)`.
    static func classical(_ fit: OLSFit) -> OverallFTest {
        let numerator = fit.modelDegreesOfFreedom, denominator = fit.residualDegreesOfFreedom
        guard numerator > 0 else { return undefined(denominator: denominator) }
        let f = (fit.explainedSumOfSquares / Double(numerator)) / (fit.residualSumOfSquares / Double(denominator))
        return OverallFTest(statistic: f, pValue: FDistribution(numerator: Double(numerator), denominator: Double(denominator)).survival(f),
                            numeratorDegreesOfFreedom: numerator, denominatorDegreesOfFreedom: denominator)
    }

    /// Robust errors: the Wald form `b' V⁻¹ b / J` on the coefficients but the constant, with the
    /// robust covariance `V` of those coefficients, as statsmodels' `fvalue` computes it. `V` is
    /// inverted as numpy's `pinv` does (eigenvalues below 1e-15 of the largest dropped) and `J`
    /// is its rank (numpy's `matrix_rank`), so that a cluster covariance of rank G − 1 < J gives
    /// statsmodels' number rather than an error.
    static func wald(_ fit: OLSFit, covariance: [Double], denominator: Int) throws -> OverallFTest {
        let k = fit.parameterCount
        let tested: [Int]
        if fit.hasConstant {
            guard let constant = fit.constantColumn else { return undefined(denominator: denominator) }
            tested = (0..<k).filter { $0 != constant }
        } else {
            tested = Array(0..<k)
        }
        let j = tested.count
        guard j > 0 else { return undefined(denominator: denominator) }
        var restricted = [Double](repeating: 0, count: j * j)
        for (a, i) in tested.enumerated() { for (b, l) in tested.enumerated() { restricted[a * j + b] = covariance[i * k + l] } }
        let eigen = try LAPACK.symmetricEigendecomposition(restricted, dimension: j)
        let largest = eigen.values.map(abs).max() ?? 0
        let cutoff = 1e-15 * largest
        let rank = eigen.values.filter { abs($0) > largest * Double(j) * Double.ulpOfOne }.count
        guard rank > 0 else { return undefined(denominator: denominator) }
        // b' V⁺ b = Σ over kept eigenpairs of (vᵀb)² / λ.
        var quadratic = 0.0
        for p in 0..<j where abs(eigen.values[p]) > cutoff {
            var projection = 0.0
            for (a, i) in tested.enumerated() { projection += eigen.vectors[a * j + p] * fit.coefficients[i] }
            quadratic += projection * projection / eigen.values[p]
        }
        let f = quadratic / Double(rank)
        return OverallFTest(statistic: f, pValue: FDistribution(numerator: Double(rank), denominator: Double(denominator)).survival(f),
                            numeratorDegreesOfFreedom: rank, denominatorDegreesOfFreedom: denominator)
    }
}
