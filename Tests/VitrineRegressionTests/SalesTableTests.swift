import Foundation
import Testing
import VitrineData
@testable import VitrineRegression

/// The seeded sales table: the committed fixture is its output, it is deterministic and stable
/// under growth, and a large table gives back the planted style effects.
@Suite struct SalesTableTests {
    /// The committed sales_small.csv is the generator's output for its seed, byte for byte. After
    /// a deliberate change to the generator, rewrite it with
    /// `VITRINE_WRITE_REGRESSION_TABLE=1 swift test --filter SalesTableTests` and rerun
    /// scripts/make_regression_fixtures.py.
    @Test func committedTableIsTheGeneratorsOutput() throws {
        let generated = CSV.format(try Fixtures.smallTable.generate().csvRows)
        if ProcessInfo.processInfo.environment["VITRINE_WRITE_REGRESSION_TABLE"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures").appendingPathComponent(Fixtures.smallTableFile)
            try generated.write(to: source, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOfFile: Fixtures.path(Fixtures.smallTableFile), encoding: .utf8)
        #expect(committed == generated, "the generator no longer writes the committed table; see this test's comment")
    }

    @Test func sameSeedSameTableAndProductsStayPutWhenTheTableGrows() throws {
        let spec = SalesTableSpecification(products: 6, weeks: 4, seed: 9)
        #expect(try spec.generate().csvRows == spec.generate().csvRows)
        var longer = spec
        longer.products = 8
        longer.weeks = 5
        let small = try spec.generate().csvRows.dropFirst(), large = try longer.generate().csvRows.dropFirst()
        // Row (product p, week w) is row p·weeks + w − 1.
        for p in 0..<6 { for w in 0..<4 { #expect(small[small.startIndex + p * 4 + w] == large[large.startIndex + p * 5 + w]) } }
        var other = spec
        other.seed = 10
        #expect(try other.generate().csvRows != spec.generate().csvRows)
    }

    @Test func columnsAndValuesAreWhatTheRegressionReads() throws {
        let table = try SalesTableSpecification(products: 12, weeks: 3, seed: 2).generate()
        #expect(table.columnNames == SalesTableSpecification.columnNames)
        #expect(table.rowCount == 36)
        #expect(try table.numbers("price").allSatisfy { $0 > 0 })
        #expect(try table.numbers("units_sold").allSatisfy { $0 >= 1 && $0 == $0.rounded() })
        #expect(Set(try table.text("promo")).isSubset(of: ["0", "1"]))
        #expect(Set(try table.text("style")).isSubset(of: ["product_only", "on_model", "worn"]))
        #expect(try table.text("product_id").prefix(4) == ["P01", "P01", "P01", "P02"])
    }

    @Test func givenProductStylesReplaceTheDrawnOnes() throws {
        let styles = ["worn", "on_model", "product_only"]
        let table = try SalesTableSpecification(products: 3, weeks: 2, seed: 2).generate(productStyles: styles)
        #expect(try table.text("style") == ["worn", "worn", "on_model", "on_model", "product_only", "product_only"])
        #expect(throws: RegressionError.self) { try SalesTableSpecification(products: 3, weeks: 2, seed: 2).generate(productStyles: ["worn"]) }
        #expect(throws: RegressionError.self) {
            try SalesTableSpecification(products: 1, weeks: 2, seed: 2).generate(productStyles: ["studio"])
        }
    }

    /// 600 products × 26 weeks: the estimates land near the planted values, the planted effects
    /// fall inside the product-clustered 95 % intervals, and clustering matters (the style is a
    /// product-level variable, so classical errors understate its uncertainty several-fold).
    @Test func aLargeTableGivesBackThePlantedEffects() throws {
        let spec = SalesTableSpecification(products: 600, weeks: 26, seed: 1)
        let table = try spec.generate()
        let fit = try OLSFit.fit(try DesignMatrix.build(spec.regressionFormula, from: table))
        let clustered = try fit.inference(.cluster(by: "product_id", in: table))
        let classical = try fit.inference(.classical)
        for style in ["on_model", "worn"] {
            let name = "C(style)[T.\(style)]"
            let row = try clustered.coefficient(name)
            let planted = spec.plantedCoefficient(style: style)!
            #expect(row.lower <= planted && planted <= row.upper, "\(name): planted \(planted), interval [\(row.lower), \(row.upper)]")
            #expect(row.standardError > 2 * (try classical.coefficient(name).standardError))
        }
        let elasticity = try clustered.coefficient("np.log(price)")
        #expect(elasticity.lower <= spec.priceElasticity && spec.priceElasticity <= elasticity.upper, "\(elasticity)")
        let promo = try clustered.coefficient("promo")
        #expect(promo.lower <= spec.promotionLift && spec.promotionLift <= promo.upper, "\(promo)")
        let effect = try clustered.percentageEffect(of: "C(style)[T.on_model]")
        #expect(abs(effect.kennedy - 0.09) < 4 * (try clustered.coefficient("C(style)[T.on_model]").standardError))
    }

    @Test func refusesEmptyShapes() {
        #expect(throws: RegressionError.self) { try SalesTableSpecification(products: 0, weeks: 3, seed: 1).generate() }
        #expect(throws: RegressionError.self) { try SalesTableSpecification(products: 3, weeks: 0, seed: 1).generate() }
    }
}
