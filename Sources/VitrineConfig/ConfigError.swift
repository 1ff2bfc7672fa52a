/// A config problem, printed as `FILE:LINE: key.path: what was expected` so an editor can jump
/// to it. Every error stops a run before it starts.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let origin: ConfigOrigin
    public let keyPath: String
    public let message: String

    public init(_ origin: ConfigOrigin, _ keyPath: String, _ message: String) {
        self.origin = origin
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        keyPath.isEmpty ? "\(origin): \(message)" : "\(origin): \(keyPath): \(message)"
    }
}

/// Several config errors found in one pass, so a user fixes them all at once.
public struct ConfigErrors: Error, CustomStringConvertible {
    public let errors: [ConfigError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
