/// How a numeric column enters a formula: as it is, or through its natural logarithm (named
/// `np.log(column)`, as patsy names `np.log` in a statsmodels formula).
public enum ValueTransform: Equatable {
    case identity
    case log

    /// The column's name in the design, as patsy spells it.
    public func name(of column: String) -> String {
        switch self {
        case .identity: return column
        case .log: return "np.log(\(column))"
        }
    }
}

/// One term of a regression formula, giving one or more design columns.
public struct DesignTerm: Equatable {
    public enum Kind: Equatable {
        /// The constant column, named `Intercept`.
        case intercept
        /// One numeric column, transformed.
        case numeric(ValueTransform)
        /// Treatment-coded dummies `C(column)[T.level]`, one per level but the reference.
        /// `levels` fixes the levels and their order (nil: the levels that occur, sorted as patsy
        /// sorts them: numerically when every level is a number, else by code point);
        /// `reference` is the dropped level (nil: the first).
        case categorical(levels: [String]?, reference: String?)
    }

    /// The table column the term reads (empty for the intercept).
    public let column: String
    public let kind: Kind

    public static let intercept = DesignTerm(column: "", kind: .intercept)

    public static func numeric(_ column: String, _ transform: ValueTransform = .identity) -> DesignTerm {
        DesignTerm(column: column, kind: .numeric(transform))
    }

    /// `np.log(column)`.
    public static func log(_ column: String) -> DesignTerm { numeric(column, .log) }

    public static func categorical(_ column: String, levels: [String]? = nil, reference: String? = nil) -> DesignTerm {
        DesignTerm(column: column, kind: .categorical(levels: levels, reference: reference))
    }

    /// Fixed effects for the groups of `column` (a category, a week): a categorical term whose
    /// dummies absorb each group's mean shift relative to the first group.
    public static func fixedEffects(_ column: String) -> DesignTerm { categorical(column) }

    /// The term as a statsmodels formula writes it: `np.log(price)`, `C(style)`, `1`.
    public var formulaText: String {
        switch kind {
        case .intercept: return "1"
        case let .numeric(transform): return transform.name(of: column)
        case .categorical: return "C(\(column))"
        }
    }
}

/// A regression formula: a response column (maybe transformed) on design terms, in the order
/// the design's columns should appear.
public struct RegressionFormula: Equatable, CustomStringConvertible {
    public let response: String
    public let responseTransform: ValueTransform
    public let terms: [DesignTerm]

    public init(response: String, _ responseTransform: ValueTransform = .identity, terms: [DesignTerm]) {
        self.response = response
        self.responseTransform = responseTransform
        self.terms = terms
    }

    /// The response's name in results (`np.log(units_sold)`).
    public var responseName: String { responseTransform.name(of: response) }

    /// Patsy's spelling: `np.log(units_sold) ~ C(style) + np.log(price)`, with `0 +` first when
    /// there is no intercept (patsy adds one unless told not to).
    public var description: String {
        let hasIntercept = terms.contains { $0.kind == .intercept }
        let rest = terms.filter { $0.kind != .intercept }.map(\.formulaText)
        let parts = (hasIntercept ? [] : ["0"]) + rest
        return responseName + " ~ " + (parts.isEmpty ? "1" : parts.joined(separator: " + "))
    }
}
