/// A scenario file that cannot be used, printed as `FILE:LINE: key: what was expected` so an
/// editor can jump to it; `line` is nil when the problem is the file as a whole.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let key: String
    public let message: String

    public init(file: String, line: Int?, key: String, _ message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        (line.map { "\(file):\($0)" } ?? file) + (key.isEmpty ? "" : ": \(key)") + ": \(message)"
    }
}
