/// Why a generative metric could not be computed. Each message says what was wrong and what to
/// do about it, so it can be shown to a user as it is.
public enum GenerativeMetricsError: Error, CustomStringConvertible, Equatable {
    /// A feature array whose length is not rows × dimension, or an empty dimension.
    case invalidShape(String)
    /// A set with too few samples for the statistic: (which set, how many it has, how many the
    /// statistic needs, why).
    case tooFewSamples(set: FeatureRole, count: Int, needed: Int, reason: String)
    /// Real and generated features of different lengths.
    case dimensionMismatch(real: Int, generated: Int)
    /// A NaN or infinite feature value, at (set, row, column).
    case nonFiniteFeature(set: FeatureRole, row: Int, column: Int)
    /// A parameter outside its valid range: (name, what is wrong).
    case invalidParameter(String, String)
    /// The linear algebra underneath (OpenBLAS, LAPACK) failed or is missing.
    case linearAlgebra(String)

    public var description: String {
        switch self {
        case let .invalidShape(detail):
            return "invalid feature shape: \(detail)"
        case let .tooFewSamples(set, count, needed, reason):
            return "the \(set.rawValue) set has \(count) sample\(count == 1 ? "" : "s"), but \(reason) needs at least \(needed); "
                + "extract features for more images"
        case let .dimensionMismatch(real, generated):
            return "real features have \(real) dimensions but generated features have \(generated); "
                + "extract both sets with the same feature extractor and layer"
        case let .nonFiniteFeature(set, row, column):
            return "the \(set.rawValue) features hold NaN or infinity at row \(row), column \(column); "
                + "check the feature extractor's inputs (e.g. images decoded and normalized correctly)"
        case let .invalidParameter(name, detail):
            return "invalid \(name): \(detail)"
        case let .linearAlgebra(detail):
            return "linear algebra failed: \(detail)"
        }
    }
}

/// Which of the two feature sets a value or an error belongs to.
public enum FeatureRole: String, Sendable {
    case real
    case generated
}
