import Foundation
import Testing
@testable import VitrineRegression

/// A line through four points, every quantity worked by hand:
/// x = 0, 1, 2, 3 and y = 1, 3, 2, 5 give x̄ = 1.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5, so the slope is
/// 1.1 and the intercept 1.1; the fitted values 1.1, 2.2, 3.3, 4.4 leave residuals −0.1, 0.8,
/// −1.3, 0.6, RSS 2.7, σ̂² = 2.7 / 2 = 1.35; TSS = 8.75, R² = 1 − 2.7 / 8.75.
@Suite struct HandWorkedOLSTests {
    static func design() throws -> DesignMatrix {
        try DesignMatrix(responseName: "y", response: [1, 3, 2, 5], columnNames: ["Intercept", "x"],
                         values: [1, 0, 1, 1, 1, 2, 1, 3])
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    @Test func coefficientsResidualsAndFit() throws {
        let fit = try OLSFit.fit(Self.design())
        #expect(Self.close(fit.coefficients[0], 1.1) && Self.close(fit.coefficients[1], 1.1), "\(fit.coefficients)")
        for (r, expected) in zip(fit.residuals, [-0.1, 0.8, -1.3, 0.6]) { #expect(Self.close(r, expected)) }
        #expect(Self.close(fit.residualSumOfSquares, 2.7))
        #expect(Self.close(fit.totalSumOfSquares, 8.75))
        #expect(Self.close(fit.rSquared, 1 - 2.7 / 8.75))
        // 1 − (N − 1) / (N − K) · (1 − R²) = 1 − 3/2 · 2.7/8.75
        #expect(Self.close(fit.adjustedRSquared, 1 - 1.5 * 2.7 / 8.75))
        #expect(fit.hasConstant && fit.constantColumn == 0)
        #expect(fit.observationCount == 4 && fit.residualDegreesOfFreedom == 2 && fit.modelDegreesOfFreedom == 1)
    }

    @Test func classicalStandardErrorsTestsAndInterval() throws {
        let inference = try OLSFit.fit(Self.design()).inference(.classical)
        let slope = inference.coefficients[1], intercept = inference.coefficients[0]
        // Var(slope) = σ̂² / Sxx = 0.27; Var(intercept) = σ̂² (1/N + x̄²/Sxx) = 1.35 · 0.7.
        #expect(Self.close(slope.standardError, 0.27.squareRoot()))
        #expect(Self.close(intercept.standardError, (1.35 * 0.7).squareRoot()))
        let t = 1.1 / 0.27.squareRoot()
        #expect(Self.close(slope.statistic, t))
        // With 2 degrees of freedom P(|T| ≥ t) = 1 − t / √(t² + 2), and the 0.975 quantile is
        // 0.95 / √(2 · 0.975 · 0.025).
        #expect(Self.close(slope.pValue, 1 - t / (t * t + 2).squareRoot()))
        let critical = 0.95 / (2 * 0.975 * 0.025).squareRoot()
        #expect(Self.close(slope.lower, 1.1 - critical * 0.27.squareRoot()) && Self.close(slope.upper, 1.1 + critical * 0.27.squareRoot()))
        // F = (ESS / 1) / σ̂² = 6.05 / 1.35 = t², and with (1, 2) degrees of freedom its p-value is the t test's.
        #expect(Self.close(inference.fTest.statistic, 6.05 / 1.35))
        #expect(Self.close(inference.fTest.pValue, slope.pValue))
        #expect(inference.distribution == .studentT(degreesOfFreedom: 2))
    }

    @Test func heteroscedasticityRobustHC1() throws {
        let inference = try OLSFit.fit(Self.design()).inference(.hc1)
        // Slope row of (XᵀX)⁻¹Xᵀ is (xᵢ − x̄)/Sxx: Var = N/(N−K) · Σ (xᵢ − x̄)² eᵢ² / Sxx²
        // = 2 · (2.25·0.01 + 0.25·0.64 + 0.25·1.69 + 2.25·0.36) / 25 = 2 · 1.415 / 25.
        #expect(Self.close(inference.coefficients[1].standardError, (2 * 1.415 / 25).squareRoot()))
        #expect(inference.distribution == .standardNormal)
        let z = inference.coefficients[1].statistic
        #expect(Self.close(inference.coefficients[1].pValue, erfc(z / 2.0.squareRoot())))
        // One restriction: the Wald F is z².
        #expect(Self.close(inference.fTest.statistic, z * z))
        #expect(inference.fTest.numeratorDegreesOfFreedom == 1 && inference.fTest.denominatorDegreesOfFreedom == 2)
    }

    @Test func clusterRobustWithTwoClusters() throws {
        let inference = try OLSFit.fit(Self.design()).inference(.cluster(column: "g", labels: ["a", "a", "b", "b"]))
        // Slope scores (xᵢ − x̄) eᵢ / Sxx summed per cluster: (0.15 − 0.4)/5 and (−0.65 + 0.9)/5,
        // squares summing to 0.125/25; correction G/(G−1) · (N−1)/(N−K) = 2 · 3/2 = 3.
        #expect(Self.close(inference.coefficients[1].standardError, (3 * 0.125 / 25).squareRoot()))
        #expect(inference.clusterCount == 2)
        #expect(inference.fTest.denominatorDegreesOfFreedom == 1)
        let withT = try OLSFit.fit(Self.design()).inference(.cluster(column: "g", labels: ["a", "a", "b", "b"]), useT: true)
        #expect(withT.distribution == .studentT(degreesOfFreedom: 1))
    }

    @Test func singletonClustersAreHC1() throws {
        // With one row per cluster, G/(G−1) · (N−1)/(N−K) = N/(N−K): the cluster estimator is HC1.
        let fit = try OLSFit.fit(Self.design())
        let hc1 = try fit.covariance(.hc1), cluster = try fit.covariance(.cluster(column: "row", labels: ["1", "2", "3", "4"]))
        for (a, b) in zip(hc1, cluster) { #expect(Self.close(a, b)) }
    }

    @Test func aPerfectFitAndTooFewRows() throws {
        let exact = try DesignMatrix(responseName: "y", response: [1, 3, 5], columnNames: ["Intercept", "x"], values: [1, 0, 1, 1, 1, 2])
        let fit = try OLSFit.fit(exact)
        #expect(Self.close(fit.coefficients[0], 1) && Self.close(fit.coefficients[1], 2))
        #expect(fit.residualSumOfSquares < 1e-28)
        let square = try DesignMatrix(responseName: "y", response: [1, 3], columnNames: ["Intercept", "x"], values: [1, 0, 1, 1])
        #expect(throws: RegressionError.self) { try OLSFit.fit(square) }
    }

    @Test func clustersNeedTwoGroupsAndOneLabelPerRow() throws {
        let fit = try OLSFit.fit(Self.design())
        #expect(throws: RegressionError.self) { try fit.covariance(.cluster(column: "g", labels: ["a", "a", "a", "a"])) }
        #expect(throws: RegressionError.self) { try fit.covariance(.cluster(column: "g", labels: ["a", "b"])) }
    }
}
