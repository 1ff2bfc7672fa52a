import Foundation
import Testing
@testable import VitrineRegression

/// Design matrices from tables: patsy's names and level order, transforms, and the errors that
/// name the file, line and column of a bad cell.
@Suite struct DesignMatrixTests {
    static func table(_ rows: [[String]], header: [String] = ["y", "x", "week", "style"]) throws -> RegressionTable {
        try RegressionTable(source: "t.csv", columns: header.enumerated().map { c, name in (name: name, cells: rows.map { $0[c] }) })
    }

    static let rows = [["1", "2", "10", "worn"], ["2", "4", "2", "on_model"], ["4", "8", "1", "product_only"], ["3", "5", "2", "worn"]]

    @Test func namesAndOrderFollowPatsy() throws {
        let formula = RegressionFormula(response: "y", .log, terms: [.intercept, .categorical("style"), .fixedEffects("week"), .log("x")])
        let design = try DesignMatrix.build(formula, from: Self.table(Self.rows))
        // Levels sorted by code point (on_model < product_only < worn) and numerically (1 < 2 < 10).
        #expect(design.columnNames == ["Intercept", "C(style)[T.product_only]", "C(style)[T.worn]", "C(week)[T.2]", "C(week)[T.10]", "np.log(x)"])
        #expect(design.responseName == "np.log(y)")
        #expect(design.column(2) == [1, 0, 0, 1])
        #expect(design.column(4) == [1, 0, 0, 0])
        #expect(design.column(5) == [2, 4, 8, 5].map { log($0) })
        #expect(design.response == [1, 2, 4, 3].map { log($0) })
        #expect(formula.description == "np.log(y) ~ C(style) + C(week) + np.log(x)")
    }

    @Test func declaredLevelsAndReferenceSetTheDummies() throws {
        let declared = RegressionFormula(response: "y", terms: [.intercept, .categorical("style", levels: ["product_only", "on_model", "worn"])])
        #expect(try DesignMatrix.build(declared, from: Self.table(Self.rows)).columnNames == ["Intercept", "C(style)[T.on_model]", "C(style)[T.worn]"])
        let reference = RegressionFormula(response: "y", terms: [.intercept, .categorical("style", reference: "worn")])
        #expect(try DesignMatrix.build(reference, from: Self.table(Self.rows)).columnNames == ["Intercept", "C(style)[T.on_model]", "C(style)[T.product_only]"])
        #expect(throws: RegressionError.self) {
            try DesignMatrix.build(RegressionFormula(response: "y", terms: [.intercept, .categorical("style", reference: "studio")]), from: Self.table(Self.rows))
        }
    }

    @Test func withoutAnInterceptTheFirstCategoricalKeepsEveryLevel() throws {
        let formula = RegressionFormula(response: "y", terms: [.categorical("style"), .categorical("week"), .numeric("x")])
        let design = try DesignMatrix.build(formula, from: Self.table(Self.rows))
        #expect(design.columnNames == ["C(style)[on_model]", "C(style)[product_only]", "C(style)[worn]", "C(week)[T.2]", "C(week)[T.10]", "x"])
        #expect(formula.description == "y ~ 0 + C(style) + C(week) + x")
    }

    @Test func badCellsAreNamedByLineAndColumn() throws {
        var rows = Self.rows
        rows[2][1] = "0"
        let logOfZero = RegressionFormula(response: "y", terms: [.intercept, .log("x")])
        #expect(throws: RegressionError.badCell("t.csv", line: 4, column: "x", "np.log(x) needs positive values, and the cell is 0.0")) {
            try DesignMatrix.build(logOfZero, from: Self.table(rows))
        }
        rows[2][1] = "n/a"
        #expect(throws: RegressionError.badCell("t.csv", line: 4, column: "x", "'n/a' is not a finite number")) {
            try DesignMatrix.build(RegressionFormula(response: "y", terms: [.intercept, .numeric("x")]), from: Self.table(rows))
        }
        #expect(throws: RegressionError.self) {
            try DesignMatrix.build(RegressionFormula(response: "y", terms: [.intercept, .numeric("price")]), from: Self.table(Self.rows))
        }
        rows = Self.rows
        rows[0][3] = "studio"
        #expect(throws: RegressionError.badCell("t.csv", line: 2, column: "style", "'studio' is not one of the declared levels product_only, on_model, worn")) {
            try DesignMatrix.build(RegressionFormula(response: "y", terms: [.intercept, .categorical("style", levels: ["product_only", "on_model", "worn"])]),
                                   from: Self.table(rows))
        }
    }

    @Test func aCSVFileReadsWithItsLineNumbers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-design-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t.csv").path
        try "y,x\n1,2\n\n2,oops\n".write(toFile: path, atomically: true, encoding: .utf8)
        let table = try RegressionTable.read(csv: path)
        #expect(table.rowCount == 2)
        // The blank line is skipped, so the bad cell is on line 4 of the file.
        #expect(throws: RegressionError.badCell(path, line: 4, column: "x", "'oops' is not a finite number")) { try table.numbers("x") }
        try "y,x\n1,2,3\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RegressionError.self) { try RegressionTable.read(csv: path) }
        try "y,y\n1,2\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RegressionError.self) { try RegressionTable.read(csv: path) }
    }

    @Test func aTermTwiceIsRefused() throws {
        #expect(throws: RegressionError.self) {
            try DesignMatrix.build(RegressionFormula(response: "y", terms: [.intercept, .numeric("x"), .numeric("x")]), from: Self.table(Self.rows))
        }
    }
}

extension DesignMatrixTests {
    @Test func aColumnCanBeAddedButNotTwiceNorShort() throws {
        let table = try Self.table(Self.rows)
        let extended = try table.addingColumn("estimated_style", cells: ["worn", "worn", "on_model", "worn"])
        #expect(extended.columnNames.last == "estimated_style" && extended.rowCount == 4)
        #expect(try extended.text("estimated_style")[2] == "on_model")
        #expect(throws: RegressionError.self) { try table.addingColumn("style", cells: ["a", "b", "c", "d"]) }
        #expect(throws: RegressionError.self) { try table.addingColumn("short", cells: ["a"]) }
    }
}
