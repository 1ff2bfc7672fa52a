import Foundation
import VitrineData
@testable import VitrineRegression

/// The committed fixtures (scripts/make_regression_fixtures.py; the table from the generator).
enum Fixtures {
    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path(name)))))
    }

    /// The small sales table: 40 products × 12 weeks from the generator's seed 15.
    static let smallTable = SalesTableSpecification(products: 40, weeks: 12, seed: 15)
    static let smallTableFile = "sales_small.csv"
}

/// `|a − b| / |b|` (absolute below 1e-300, where relative error means nothing), 0 when both are NaN.
func relativeDeviation(_ a: Double, _ b: Double) -> Double {
    if a.isNaN && b.isNaN { return 0 }
    if a == b { return 0 }
    return abs(a - b) / max(abs(b), 1e-300)
}

extension JSONValue {
    var numbers: [Double] {
        guard case let .array(items) = self else { return [] }
        return items.map { $0.numberValue ?? .nan }
    }
    var text: String? { if case let .string(s) = self { return s }; return nil }
    /// A number, or NaN for null (how the fixture writes statsmodels' NaN).
    var numberOrNaN: Double { numberValue ?? .nan }
}

/// A formula from the fixture's term list: ["intercept"], ["categorical", column], ["log", column],
/// ["numeric", column]; style's levels are declared (product_only first), as the fixture script does.
func formula(fromFixtureTerms terms: JSONValue, styleLevels: [String]) -> RegressionFormula {
    guard case let .array(items) = terms else { return RegressionFormula(response: "units_sold", .log, terms: []) }
    let parsed: [DesignTerm] = items.map { item in
        guard case let .array(parts) = item, let kind = parts.first?.text else { fatalError("bad fixture term \(item)") }
        let column = parts.count > 1 ? parts[1].text! : ""
        switch kind {
        case "intercept": return .intercept
        case "categorical": return column == "style" ? .categorical(column, levels: styleLevels) : .categorical(column)
        case "log": return .log(column)
        case "numeric": return .numeric(column)
        default: fatalError("unknown fixture term kind \(kind)")
        }
    }
    return RegressionFormula(response: "units_sold", .log, terms: parsed)
}
