/// A server that cannot start as configured: a bad `--model`, a checkpoint or index that does
/// not load, an index built by another model. The message names the files and the fix.
public struct ServerSetupError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
