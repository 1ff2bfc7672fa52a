import Foundation
import Testing
import VitrineData
import VitrineTestSupport
@testable import VitrineRegression

/// The same comparison as StatsmodelsFixtureTests on tables the fixture never saw (other seeds
/// and shapes), with statsmodels run live; skipped when statsmodels is not installed.
@Suite struct StatsmodelsCrossCheckTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/make_regression_fixtures.py").standardized.path

    @Test(.enabled(if: pythonCanImport(["statsmodels", "pandas"])), arguments: [(UInt64(3), 30, 9), (UInt64(27), 55, 6)])
    func freshTablesMatchStatsmodelsLive(seed: UInt64, products: Int, weeks: Int) throws {
        let directory = try TemporaryDirectory(prefix: "vitrine-ols")
        let table = try SalesTableSpecification(products: products, weeks: weeks, seed: seed).generate()
        try table.write(csv: directory.file("sales.csv"))
        let result = try runProcess("/usr/bin/env", ["python3", Self.script, "--table", directory.file("sales.csv"), "--out", directory.file("expected.json")])
        try #require(result.status == 0, "\(result.err)")
        let expected = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: directory.file("expected.json")))))
        let comparison = try StatsmodelsComparison(expected: expected, table: try RegressionTable.read(csv: directory.file("sales.csv")), tolerance: 1e-6)
        #expect(comparison.mismatches.isEmpty, "\(comparison.mismatches.joined(separator: "\n"))")
        #expect(comparison.summaryMismatches.isEmpty, "\(comparison.summaryMismatches.joined(separator: "\n\n"))")
        print("statsmodels live, seed \(seed), \(products) × \(weeks): max relative deviation \(comparison.maxDeviation) at \(comparison.maxDeviationAt)")
    }
}
