/// A forecast that cannot be made: a model file that is not a demand model, a dataset that does
/// not match the model, a predictor that returns the wrong number of values. The message says
/// what to do next.
public struct ForecastError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
