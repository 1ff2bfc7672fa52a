import Foundation

extension DesignMatrix {
    /// The design of `formula` on `table`: each term's columns in the formula's order, named as
    /// patsy names them (`Intercept`, `np.log(price)`, `promo`, `C(style)[T.on_model]`), so
    /// results line up with a statsmodels fit of the same formula. (Patsy itself moves
    /// categorical terms before numeric ones; write the formula in that order to get its order.)
    ///
    /// Categorical terms are treatment-coded against their reference level. Without an intercept
    /// the first categorical term gets a dummy for every level (`C(style)[on_model]`), as patsy
    /// does, so that the constant is still spanned. Every bad cell, undeclared level or declared
    /// level that never occurs throws, naming the column and the line: a regression must not
    /// drop rows or columns on its own, because that would change the estimate without a word.
    public static func build(_ formula: RegressionFormula, from table: RegressionTable) throws -> DesignMatrix {
        guard !formula.terms.isEmpty else {
            throw RegressionError.underdetermined("\(table.source): the formula \(formula) has no terms")
        }
        let response = try transformed(table, formula.response, formula.responseTransform)
        let hasIntercept = formula.terms.contains { $0.kind == .intercept }
        var names: [String] = []
        var columns: [[Double]] = []
        var fullRankTermUsed = false
        for term in formula.terms {
            let produced: [(String, [Double])]
            switch term.kind {
            case .intercept:
                produced = [("Intercept", [Double](repeating: 1, count: table.rowCount))]
            case let .numeric(transform):
                produced = [(transform.name(of: term.column), try transformed(table, term.column, transform))]
            case let .categorical(levels, reference):
                let fullRank = !hasIntercept && !fullRankTermUsed
                fullRankTermUsed = true
                produced = try dummies(table, column: term.column, declaredLevels: levels, reference: reference, fullRank: fullRank)
            }
            for (name, values) in produced {
                if names.contains(name) {
                    throw RegressionError.badTable(table.source, "the formula \(formula) makes the column \(name) twice")
                }
                names.append(name)
                columns.append(values)
            }
        }
        var values = [Double](repeating: 0, count: table.rowCount * names.count)
        for (j, column) in columns.enumerated() {
            for (i, value) in column.enumerated() { values[i * names.count + j] = value }
        }
        return try DesignMatrix(source: table.source, responseName: formula.responseName, response: response,
                                columnNames: names, values: values)
    }

    /// A numeric column through `transform`; the logarithm of a value ≤ 0 throws naming its line.
    private static func transformed(_ table: RegressionTable, _ column: String, _ transform: ValueTransform) throws -> [Double] {
        let numbers = try table.numbers(column)
        switch transform {
        case .identity:
            return numbers
        case .log:
            return try numbers.enumerated().map { row, x in
                guard x > 0 else {
                    throw RegressionError.badCell(table.source, line: table.line(ofRow: row), column: column,
                                                  "\(transform.name(of: column)) needs positive values, and the cell is \(x)")
                }
                return Foundation.log(x)
            }
        }
    }

    /// Treatment-coded dummies of a categorical column.
    private static func dummies(_ table: RegressionTable, column: String, declaredLevels: [String]?, reference: String?,
                                fullRank: Bool) throws -> [(String, [Double])] {
        let cells = try table.text(column)
        let levels: [String]
        if let declared = declaredLevels {
            if let duplicate = Set(declared.filter { level in declared.filter { $0 == level }.count > 1 }).first {
                throw RegressionError.badTable(table.source, "the levels declared for \(column) list '\(duplicate)' twice")
            }
            let known = Set(declared)
            if let row = cells.firstIndex(where: { !known.contains($0) }) {
                throw RegressionError.badCell(table.source, line: table.line(ofRow: row), column: column,
                                              "'\(cells[row])' is not one of the declared levels \(declared.joined(separator: ", "))")
            }
            let present = Set(cells)
            if let missing = declared.first(where: { !present.contains($0) }) {
                throw RegressionError.levelNeverOccurs(source: table.source, column: column, level: missing)
            }
            levels = declared
        } else {
            levels = patsyOrder(Array(Set(cells)))
        }
        guard !levels.isEmpty else {
            throw RegressionError.badTable(table.source, "the categorical column \(column) has no rows")
        }
        let dropped = reference ?? levels[0]
        guard levels.contains(dropped) else {
            throw RegressionError.badTable(table.source, "the reference level '\(dropped)' of \(column) is not among its levels \(levels.joined(separator: ", "))")
        }
        let kept = fullRank ? levels : levels.filter { $0 != dropped }
        return kept.map { level in
            let name = fullRank ? "C(\(column))[\(level)]" : "C(\(column))[T.\(level)]"
            return (name, cells.map { $0 == level ? 1.0 : 0.0 })
        }
    }

    /// Levels in the order patsy gives them: numerically when every level reads as a number
    /// (week 2 before week 10), otherwise by Unicode code points, as Python sorts strings.
    static func patsyOrder(_ levels: [String]) -> [String] {
        let numbers = levels.map { Double($0.trimmingCharacters(in: .whitespaces)) }
        if numbers.allSatisfy({ $0 != nil && $0!.isFinite }) {
            return zip(levels, numbers).sorted { a, b in
                a.1! != b.1! ? a.1! < b.1! : a.0.unicodeScalars.lexicographicallyPrecedes(b.0.unicodeScalars)
            }.map(\.0)
        }
        return levels.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }
}
