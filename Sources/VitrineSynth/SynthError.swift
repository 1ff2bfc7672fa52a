/// Why a generator refused to run or could not finish.
public enum SynthError: Error, CustomStringConvertible, Equatable {
    /// An option is out of range: the option, the value and what is accepted.
    case invalidArgument(String, String, String)
    /// A file or folder could not be written.
    case writeFailed(String, String)

    public var description: String {
        switch self {
        case let .invalidArgument(option, value, expected):
            return "\(option) \(value) is not valid: expected \(expected)"
        case let .writeFailed(path, reason):
            return "cannot write \(path): \(reason); check the folder exists and is writable"
        }
    }
}
