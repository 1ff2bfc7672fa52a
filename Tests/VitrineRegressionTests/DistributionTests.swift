import Foundation
import Testing
import VitrineData
@testable import VitrineRegression

/// The incomplete beta function and the t, F and normal distributions against scipy's values
/// (committed in scipy_distributions.json by scripts/make_regression_fixtures.py), and against
/// closed forms.
@Suite struct DistributionTests {
    static func cases(_ key: String) throws -> [[Double]] {
        guard case let .array(rows) = try Fixtures.json("scipy_distributions.json")[key]! else { return [] }
        return rows.map(\.numbers)
    }

    /// Relative agreement, or absolute below 1e-300 (where scipy and we may both underflow).
    static func agree(_ ours: Double, _ scipy: Double, _ tolerance: Double) -> Bool {
        ours == scipy || abs(ours - scipy) <= tolerance * abs(scipy) || (abs(scipy) < 1e-300 && abs(ours) < 1e-300)
    }

    @Test func incompleteBetaMatchesScipy() throws {
        let rows = try Self.cases("betainc")
        #expect(rows.count > 100)
        var worst = 0.0
        for row in rows {
            let (a, b, x, expected) = (row[0], row[1], row[2], row[3])
            let ours = IncompleteBeta.regularized(a: a, b: b, x: x)
            worst = max(worst, relativeDeviation(ours, expected))
            #expect(Self.agree(ours, expected, 1e-12), "I_\(x)(\(a), \(b)) = \(ours), scipy \(expected)")
        }
        print("incomplete beta vs scipy: max relative deviation \(worst) over \(rows.count) cases")
    }

    @Test func incompleteBetaClosedForms() {
        for x in [0.0, 0.1, 0.37, 0.5, 0.9, 1] {
            #expect(abs(IncompleteBeta.regularized(a: 1, b: 1, x: x) - x) < 1e-15)              // uniform
            #expect(abs(IncompleteBeta.regularized(a: 3, b: 1, x: x) - x * x * x) < 1e-15)      // I_x(a, 1) = xᵃ
            #expect(abs(IncompleteBeta.regularized(a: 1, b: 2, x: x) - (1 - (1 - x) * (1 - x))) < 1e-15)
            // I_x(½, ½) = (2/π) asin √x
            #expect(abs(IncompleteBeta.regularized(a: 0.5, b: 0.5, x: x) - 2 / Double.pi * asin(x.squareRoot())) < 1e-14)
        }
        #expect(IncompleteBeta.regularized(a: 2, b: 3, x: -0.1).isNaN)
        #expect(IncompleteBeta.regularized(a: 0, b: 3, x: 0.5).isNaN)
    }

    @Test func studentTMatchesScipy() throws {
        for row in try Self.cases("t_sf") {
            let ours = StudentTDistribution(degreesOfFreedom: row[0]).survival(row[1])
            #expect(Self.agree(ours, row[2], 1e-12), "t(\(row[0])).sf(\(row[1])) = \(ours), scipy \(row[2])")
        }
        for row in try Self.cases("t_ppf") {
            let ours = StudentTDistribution(degreesOfFreedom: row[0]).quantile(row[1])
            #expect(Self.agree(ours, row[2], 1e-12), "t(\(row[0])).ppf(\(row[1])) = \(ours), scipy \(row[2])")
        }
    }

    @Test func studentTClosedForms() {
        // ν = 1 is the Cauchy distribution; ν = 2 has P(T > t) = ½ (1 − t/√(t² + 2)).
        let cauchy = StudentTDistribution(degreesOfFreedom: 1), two = StudentTDistribution(degreesOfFreedom: 2)
        for t in [-5.0, -1, 0, 0.3, 2, 40] {
            #expect(abs(cauchy.survival(t) - (0.5 - atan(t) / Double.pi)) < 1e-14)
            #expect(abs(two.survival(t) - 0.5 * (1 - t / (t * t + 2).squareRoot())) < 1e-14)
            #expect(abs(cauchy.cdf(t) + cauchy.survival(t) - 1) < 1e-15)
        }
        #expect(abs(cauchy.quantile(0.75) - 1) < 1e-14)
        #expect(abs(two.quantile(0.975) - 0.95 / (2 * 0.975 * 0.025).squareRoot()) < 1e-13)
        #expect(two.quantile(0.5) == 0 && two.quantile(0) == -.infinity && two.quantile(1) == .infinity)
        #expect(abs(two.quantile(0.025) + two.quantile(0.975)) < 1e-13)
        // Far tails keep their relative accuracy: t(10).sf(1e3) ≈ 1.6e-31, not 0 from 1 − cdf.
        #expect(StudentTDistribution(degreesOfFreedom: 10).twoSidedPValue(1e3) > 0)
    }

    @Test func fMatchesScipy() throws {
        for row in try Self.cases("f_sf") {
            let ours = FDistribution(numerator: row[0], denominator: row[1]).survival(row[2])
            #expect(Self.agree(ours, row[3], 1e-12), "F(\(row[0]), \(row[1])).sf(\(row[2])) = \(ours), scipy \(row[3])")
        }
        // F(1, ν) is T² with ν degrees of freedom.
        let f = FDistribution(numerator: 1, denominator: 7), t = StudentTDistribution(degreesOfFreedom: 7)
        for x in [0.2, 1.5, 9.0] { #expect(abs(f.survival(x * x) - t.twoSidedPValue(x)) < 1e-14) }
        #expect(abs(f.cdf(2) + f.survival(2) - 1) < 1e-15)
    }

    @Test func normalMatchesScipy() throws {
        // In the far tail both erfc(z/√2) and scipy are limited by the rounding of z/√2 (at z = 30
        // the true 4.9067139271482e-198 lies between them, each about 1e-13 off).
        for row in try Self.cases("norm_sf") {
            #expect(Self.agree(StandardNormal.survival(row[0]), row[1], 1e-12), "norm.sf(\(row[0]))")
        }
        for row in try Self.cases("norm_ppf") {
            #expect(Self.agree(StandardNormal.quantile(row[0]), row[1], 1e-13), "norm.ppf(\(row[0])) = \(StandardNormal.quantile(row[0])), scipy \(row[1])")
        }
        #expect(StandardNormal.quantile(0.975) == 1.959963984540054)
    }
}
