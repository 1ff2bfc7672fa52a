/// A model that cannot be served as asked. Each message names the checkpoint or input at fault
/// and says what to do next.
public struct InferenceError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
