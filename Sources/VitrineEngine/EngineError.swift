/// Errors raised by the engine and the layers built on it. Each names where the problem is
/// (a layer's dotted path or an operation) and what was expected, so the message alone says
/// what to fix.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    /// Tensors whose shapes do not fit the operation: (where, what was expected and found).
    case shapeMismatch(String, String)
    /// A hyperparameter outside its valid range: (where, what is wrong).
    case invalidArgument(String, String)
    /// An operation called in the wrong order, e.g. backward before forward.
    case invalidState(String, String)
    /// The BLAS library could not be loaded.
    case blasUnavailable(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(location, detail): return "\(location): shape mismatch: \(detail)"
        case let .invalidArgument(location, detail): return "\(location): invalid argument: \(detail)"
        case let .invalidState(location, detail): return "\(location): \(detail)"
        case let .blasUnavailable(detail): return detail
        }
    }
}
