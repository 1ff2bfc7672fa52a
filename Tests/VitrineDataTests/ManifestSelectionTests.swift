import Testing
@testable import VitrineData

/// Selections worked by hand on a small manifest: 4 sweaters and 3 rings, two photos each of
/// some products, with first-year sales.
@Suite struct ManifestSelectionTests {
    static let manifest: Manifest = {
        func row(_ product: String, _ category: String, _ colour: String, _ units: String, photo: Int, line: Int) -> ManifestRow {
            ManifestRow(path: "\(product)_\(photo).png", productID: product, category: category, brand: "b", split: "train",
                        attributes: ["colour": colour, "units_sold": units], line: line)
        }
        let rows = [
            row("s1", "sweater", "red", "50", photo: 0, line: 2), row("s1", "sweater", "red", "50", photo: 1, line: 3),
            row("s2", "sweater", "blue", "400", photo: 0, line: 4),
            row("r1", "ring", "gold", "10", photo: 0, line: 5),
            row("s3", "sweater", "red", "120", photo: 0, line: 6), row("s3", "sweater", "red", "120", photo: 1, line: 7),
            row("r2", "ring", "gold", "30", photo: 0, line: 8),
            row("s4", "sweater", "green", "120", photo: 0, line: 9),
            row("r3", "ring", "silver", "20", photo: 0, line: 10),
        ]
        return try! Manifest(rows: rows, attributeColumns: ["colour", "units_sold"], directory: "/tmp",
                             file: "catalog/manifest.csv", numericColumns: ["units_sold"])
    }()
    let all = Array(0..<9)

    func products(_ selection: ManifestSelection) throws -> [String] {
        try selection.rows(of: Self.manifest, among: all).map { Self.manifest.rows[$0].productID }
    }

    @Test func filtersKeepAndDropValues() throws {
        #expect(try products(.init(filters: [try .init(parsing: "category=ring")])) == ["r1", "r2", "r3"])
        #expect(try products(.init(filters: [try .init(parsing: "colour = red, green")])) == ["s1", "s1", "s3", "s3", "s4"])
        #expect(try products(.init(filters: [try .init(parsing: "category=sweater"), try .init(parsing: "colour!=red")]))
            == ["s2", "s4"])
    }

    /// Sweaters by sales: s2 400, s3 120, s4 120, s1 50. The top 30 % of 4 products is
    /// ⌈1.2⌉ = 2: s2 and s3 (s3 before s4 on the tie: it comes first in the manifest), with
    /// every photo of each, in manifest order.
    @Test func theTopShareKeepsTheBestSellingProductsWithAllTheirPhotos() throws {
        let selection = ManifestSelection(filters: [try .init(parsing: "category=sweater")], topShare: 0.3)
        #expect(try products(selection) == ["s2", "s3", "s3"])
        #expect(try products(.init(filters: [try .init(parsing: "category=sweater")], topShare: 0.5)) == ["s2", "s3", "s3"])
        #expect(try products(.init(filters: [try .init(parsing: "category=sweater")], topShare: 0.51)) == ["s2", "s3", "s3", "s4"])
    }

    /// Ranked within each category by default: the best sweater and the best ring; ranked over
    /// the whole selection, the two best sellers are both sweaters.
    @Test func rankingIsWithinEachCategoryUnlessAskedOtherwise() throws {
        #expect(try products(.init(topShare: 0.25)) == ["s2", "r2"])
        #expect(try products(.init(topShare: 0.25, rankWithin: "")) == ["s2", "s3", "s3"])
    }

    @Test func mistakesNameWhatExists() throws {
        #expect(throws: SelectionError.self) { try ManifestSelection.Filter(parsing: "category") }
        #expect(throws: SelectionError.self) { try ManifestSelection.Filter(parsing: "=ring") }
        func message(_ selection: ManifestSelection) -> String {
            do { _ = try products(selection); return "" } catch { return "\(error)" }
        }
        let column = message(.init(filters: [try .init(parsing: "metal=gold")]))
        #expect(column.contains("no column 'metal'") && column.contains("colour"), "\(column)")
        let value = message(.init(filters: [try .init(parsing: "category=rings")]))
        #expect(value.contains("no row has category 'rings'") && value.contains("ring, sweater"), "\(value)")
        let rank = message(.init(topShare: 0.5, rankBy: "units"))
        #expect(rank.contains("ranked by 'units'") && rank.contains("render the catalog again"), "\(rank)")
        let text = message(.init(topShare: 0.5, rankBy: "colour"))
        #expect(text.contains("manifest.csv:2: colour: 'red' is not a number"), "\(text)")
    }
}
