import Foundation
import Testing
@testable import VitrineRegression

/// The bad-input rule: a regression whose design matrix is singular says which columns are
/// collinear (a style that never occurs, a collinear dummy), instead of a pseudo-inverse's
/// arbitrary answer.
@Suite struct SingularDesignTests {
    static let spec = SalesTableSpecification(products: 24, weeks: 5, seed: 4)

    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func aStyleThatNeverOccursIsNamed() throws {
        // Every product shown on a model or product only: the declared level "worn" has no rows.
        let styles = (0..<24).map { $0 % 2 == 0 ? "on_model" : "product_only" }
        let table = try Self.spec.generate(productStyles: styles)
        let text = Self.message { _ = try DesignMatrix.build(Self.spec.regressionFormula, from: table) }
        #expect(text.contains("style level 'worn' never occurs") && text.contains("C(style)[T.worn]"), "\(text)")
        #expect(throws: RegressionError.levelNeverOccurs(source: table.source, column: "style", level: "worn")) {
            try DesignMatrix.build(Self.spec.regressionFormula, from: table)
        }
    }

    @Test func aDummyCollinearWithOthersIsNamedWithItsRelation() throws {
        // Without declared levels, a style missing from the data simply has no dummy; but a
        // column that repeats a dummy under another name is collinear with it.
        let table = try Self.spec.generate()
        let worn = try table.text("style").map { $0 == "worn" ? "1" : "0" }
        let extended = try table.addingColumn("is_worn", cells: worn)
        let formula = RegressionFormula(response: "units_sold", .log, terms: [
            .intercept, .categorical("style", levels: ["product_only", "on_model", "worn"]), .log("price"), .numeric("is_worn"),
        ])
        let design = try DesignMatrix.build(formula, from: extended)
        #expect(throws: RegressionError.collinearColumns([
            CollinearColumn(column: "is_worn", combination: [.init(column: "C(style)[T.worn]", coefficient: 1)]),
        ])) { try OLSFit.fit(design) }
        let text = Self.message { _ = try OLSFit.fit(design) }
        #expect(text == "the design matrix is singular: is_worn is collinear with C(style)[T.worn] (is_worn = C(style)[T.worn]). Drop one of the columns named in each relation (or the term that makes it)", "\(text)")
    }

    @Test func aFullSetOfDummiesBesideTheInterceptIsTheInterceptMinusTheOthers() throws {
        // A dummy for the reference level too (an "always 1 − others" column): product_only =
        // Intercept − on_model − worn.
        let table = try Self.spec.generate()
        let reference = try table.text("style").map { $0 == "product_only" ? "1" : "0" }
        let extended = try table.addingColumn("is_product_only", cells: reference)
        let formula = RegressionFormula(response: "units_sold", .log, terms: [
            .intercept, .categorical("style", levels: ["product_only", "on_model", "worn"]), .numeric("is_product_only"),
        ])
        let text = Self.message { _ = try OLSFit.fit(try DesignMatrix.build(formula, from: extended)) }
        #expect(text.contains("is_product_only is collinear with Intercept, C(style)[T.on_model], C(style)[T.worn] (is_product_only = Intercept − C(style)[T.on_model] − C(style)[T.worn])"), "\(text)")
    }

    @Test func aProductLevelStyleBesideProductFixedEffectsIsNamed() throws {
        // Style is constant within a product, so product fixed effects absorb it: each style dummy
        // is the sum of its products' dummies (and the reference product's style shows in the sign).
        let table = try Self.spec.generate()
        let formula = RegressionFormula(response: "units_sold", .log, terms: [
            .intercept, .fixedEffects("product_id"), .categorical("style", levels: ["product_only", "on_model", "worn"]), .log("price"),
        ])
        let design = try DesignMatrix.build(formula, from: table)
        var culprits: [CollinearColumn] = []
        do { _ = try OLSFit.fit(design) } catch let RegressionError.collinearColumns(found) { culprits = found }
        #expect(culprits.map(\.column) == ["C(style)[T.on_model]", "C(style)[T.worn]"])
        let styles = try table.text("style"), products = try table.text("product_id")
        for culprit in culprits {
            let style = String(culprit.column.dropFirst("C(style)[T.".count).dropLast())
            let dummies = { (keep: Bool) in
                Set(zip(products, styles).filter { ($0.1 == style) == keep && $0.0 != "P01" }.map { "C(product_id)[T.\($0.0)]" })
            }
            let named = Set(culprit.combination.map(\.column).filter { $0.hasPrefix("C(product_id)") })
            // P01 is the reference product: if it has the style, the dummy is the intercept minus
            // the products without the style; otherwise the sum of the products with it.
            let firstHasStyle = styles[0] == style
            #expect(named == dummies(!firstHasStyle), "\(culprit)")
            #expect(culprit.combination.contains { $0.column == "Intercept" } == firstHasStyle, "\(culprit)")
        }
    }

    @Test func anAllZeroColumnIsNamed() throws {
        let design = try DesignMatrix(responseName: "y", response: [1, 2, 4, 3], columnNames: ["Intercept", "x", "never"],
                                      values: [1, 0, 0, 1, 1, 0, 1, 2, 0, 1, 3, 0])
        #expect(throws: RegressionError.collinearColumns([CollinearColumn(column: "never", combination: [])])) { try OLSFit.fit(design) }
        #expect(Self.message { _ = try OLSFit.fit(design) }.contains("never is all zeros"))
    }

    @Test func scaleDoesNotMakeAColumnCollinear() throws {
        // A regressor in units a million times smaller than the others is still independent:
        // rank is judged relative to each column's own norm.
        let x = [0.0, 1, 2, 3, 4, 5], z = [1.0, 0, 2, 1, 3, 1]
        let values = (0..<6).flatMap { i -> [Double] in [1, x[i] * 1e-6, z[i] * 1e6] }
        let design = try DesignMatrix(responseName: "y", response: [1, 2, 2, 4, 5, 5], columnNames: ["Intercept", "x", "z"], values: values)
        let fit = try OLSFit.fit(design)
        let plain = try OLSFit.fit(try DesignMatrix(responseName: "y", response: [1, 2, 2, 4, 5, 5], columnNames: ["Intercept", "x", "z"],
                                                    values: (0..<6).flatMap { i -> [Double] in [1, x[i], z[i]] }))
        #expect(abs(fit.coefficients[1] * 1e-6 - plain.coefficients[1]) < 1e-9 * abs(plain.coefficients[1]))
        #expect(abs(fit.coefficients[2] * 1e6 - plain.coefficients[2]) < 1e-9 * abs(plain.coefficients[2]))
    }
}
