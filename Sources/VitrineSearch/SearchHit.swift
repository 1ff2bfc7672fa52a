/// One search result: the row of the index and its similarity to the query (the inner product
/// of unit vectors, i.e. the cosine, in [−1, 1]).
public struct SearchHit: Equatable, Codable, Sendable {
    public var index: Int
    public var score: Float

    public init(index: Int, score: Float) {
        self.index = index
        self.score = score
    }

    /// The order of results: higher score first; on equal scores the lower index, so results
    /// never depend on how the scan was split between threads.
    @inlinable
    public func ranksBefore(_ other: SearchHit) -> Bool {
        score > other.score || (score == other.score && index < other.index)
    }
}
