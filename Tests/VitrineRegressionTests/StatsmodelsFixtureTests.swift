import Foundation
import Testing
import VitrineData
@testable import VitrineRegression

/// The issue's must-show: coefficients and all three kinds of standard errors (with t, p,
/// intervals, R², F and N) equal statsmodels' on the same table to 1e-6 relative, and the
/// summary is statsmodels' layout character for character. The fixture was made once by
/// scripts/make_regression_fixtures.py, so this runs without Python.
@Suite struct StatsmodelsFixtureTests {
    @Test func everyNumberMatchesStatsmodelsOnTheCommittedTable() throws {
        let table = try RegressionTable.read(csv: Fixtures.path(Fixtures.smallTableFile))
        let comparison = try StatsmodelsComparison(expected: try Fixtures.json("statsmodels_sales_small.json"), table: table, tolerance: 1e-6)
        #expect(comparison.compared > 450, "compared only \(comparison.compared) numbers")
        #expect(comparison.mismatches.isEmpty, "\(comparison.mismatches.joined(separator: "\n"))")
        print("statsmodels fixture: \(comparison.compared) numbers, max relative deviation \(comparison.maxDeviation) at \(comparison.maxDeviationAt)")
        for (quantity, deviation) in comparison.maxDeviationByQuantity.sorted(by: { $0.key < $1.key }) {
            print("  \(quantity): \(deviation)")
        }
    }

    @Test func summariesAreStatsmodelsSlimSummariesCharacterForCharacter() throws {
        let table = try RegressionTable.read(csv: Fixtures.path(Fixtures.smallTableFile))
        let comparison = try StatsmodelsComparison(expected: try Fixtures.json("statsmodels_sales_small.json"), table: table, tolerance: 1e-6)
        #expect(comparison.summaryMismatches.isEmpty, "\(comparison.summaryMismatches.joined(separator: "\n\n"))")
    }
}
