import Foundation

/// Why a regression could not be set up or fitted. Each message names the file, line, column
/// or design column involved, so it says what to fix.
public enum RegressionError: Error, CustomStringConvertible, Equatable {
    /// A table that cannot be used as it is: (source, what is wrong).
    case badTable(String, String)
    /// A cell a term cannot use: (source, file line, column, what is wrong).
    case badCell(String, line: Int, column: String, String)
    /// A declared level of a categorical column that no row has: its dummy would be all zeros.
    case levelNeverOccurs(source: String, column: String, level: String)
    /// The design matrix is singular: each entry is a column that is a combination of earlier
    /// ones (or all zeros).
    case collinearColumns([CollinearColumn])
    /// Fewer observations than coefficients, or a formula without terms.
    case underdetermined(String)
    /// A cluster-robust covariance that cannot be formed: (what is wrong).
    case badClusters(String)
    /// A coefficient asked for by a name the design does not have.
    case unknownCoefficient(String, available: [String])

    public var description: String {
        switch self {
        case let .badTable(source, detail):
            return "\(source): \(detail)"
        case let .badCell(source, line, column, detail):
            return "\(source):\(line): column '\(column)': \(detail)"
        case let .levelNeverOccurs(source, column, level):
            return "\(source): \(column) level '\(level)' never occurs, so its dummy C(\(column))[T.\(level)] would be all zeros and the design singular; drop the level or add rows that have it"
        case let .collinearColumns(columns):
            return "the design matrix is singular: " + columns.map(\.description).joined(separator: "; ")
                + ". Drop one of the columns named in each relation (or the term that makes it)"
        case let .underdetermined(detail):
            return detail
        case let .badClusters(detail):
            return "cluster-robust standard errors: \(detail)"
        case let .unknownCoefficient(name, available):
            return "no coefficient named '\(name)'; the design has \(available.joined(separator: ", "))"
        }
    }
}

/// A design column that is (numerically) a linear combination of earlier columns: the relation
/// `column = Σ coefficient · term`, with the terms in design order.
public struct CollinearColumn: Equatable, CustomStringConvertible {
    public struct Term: Equatable {
        public let column: String
        public let coefficient: Double
    }

    public let column: String
    /// Empty when the column is all zeros.
    public let combination: [Term]

    public init(column: String, combination: [Term]) {
        self.column = column
        self.combination = combination
    }

    /// "C(style)[T.worn] is collinear with Intercept, C(style)[T.on_model] (C(style)[T.worn] =
    /// Intercept − C(style)[T.on_model])", at most eight terms spelled out.
    public var description: String {
        if combination.isEmpty { return "\(column) is all zeros" }
        let shown = 8
        let names = combination.prefix(shown).map(\.column).joined(separator: ", ")
            + (combination.count > shown ? " and \(combination.count - shown) more" : "")
        var relation = ""
        for (i, term) in combination.prefix(shown).enumerated() {
            let magnitude = abs(term.coefficient)
            let factor = abs(magnitude - 1) < 1e-9 ? "" : Self.format(magnitude) + "·"
            relation += (i == 0 ? (term.coefficient < 0 ? "−" : "") : (term.coefficient < 0 ? " − " : " + ")) + factor + term.column
        }
        if combination.count > shown { relation += " + …" }
        return "\(column) is collinear with \(names) (\(column) = \(relation))"
    }

    private static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}
