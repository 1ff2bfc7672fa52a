/// Errors from training, using, saving and loading a gradient-boosted tree model. Each names
/// the input at fault (a row, a parameter, a file) and what was expected, so the message alone
/// says what to fix.
public enum TreesError: Error, CustomStringConvertible, Equatable {
    /// Arrays whose sizes do not agree: (what, what was expected and found).
    case shapeMismatch(String, String)
    /// No rows or no features where some are needed: (what was empty).
    case empty(String)
    /// A target value the objective cannot use: (row, value, what the objective needs).
    case invalidTarget(row: Int, value: Float, expected: String)
    /// A sample weight that is negative or not finite: (row, value).
    case invalidWeight(row: Int, value: Float)
    /// A hyperparameter outside its valid range: (name, value, valid range).
    case invalidParameter(String, String, String)
    /// A model file that cannot be read or is not a model this version understands: (path, why).
    case invalidModelFile(String, String)

    /// The message to show: what is wrong, where, and what was expected.
    public var description: String {
        switch self {
        case let .shapeMismatch(what, detail):
            return "\(what): size mismatch: \(detail)"
        case let .empty(what):
            return "\(what) is empty: gradient-boosted trees need at least one row and one feature"
        case let .invalidTarget(row, value, expected):
            return "target row \(row): \(value) is not valid: \(expected); clean or drop that row"
        case let .invalidWeight(row, value):
            return "sample weight row \(row): \(value) is not valid: weights must be finite and ≥ 0"
        case let .invalidParameter(name, value, range):
            return "parameter \(name) = \(value) is out of range: expected \(range)"
        case let .invalidModelFile(path, why):
            return "\(path): not a readable Vitrine tree model: \(why)"
        }
    }
}
