/// Integer indices with a shape: class labels, embedding lookups.
public struct IndexTensor: Equatable, Sendable {
    public let shape: [Int]
    public let values: [Int]

    public init(shape: [Int], values: [Int]) throws {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw EngineError.shapeMismatch(
                "IndexTensor", "shape \(shape) holds \(shape.reduce(1, *)) values, got \(values.count)")
        }
        self.shape = shape
        self.values = values
    }

    /// A one-dimensional index tensor.
    public init(_ values: [Int]) {
        self.shape = [values.count]
        self.values = values
    }

    public var count: Int { values.count }
}
