/// A failure building, searching, saving or loading an embedding index, or evaluating
/// retrieval. Each message names the file or argument at fault and says what to do next.
public enum SearchError: Error, CustomStringConvertible, Equatable {
    /// An argument out of range or inconsistent with the index (`what` names it).
    case invalidArgument(String, String)
    /// No index file at the path.
    case indexNotFound(path: String)
    /// The file exists but is not a readable index (not HDF5, truncated, missing or
    /// misshapen datasets, bad metadata).
    case corruptIndex(path: String, reason: String)
    /// The index was built with another checkpoint than the one the query is embedded with.
    case checkpointMismatch(path: String, indexHash: String, expectedHash: String)

    public var description: String {
        switch self {
        case let .invalidArgument(what, detail):
            return "\(what): \(detail)"
        case let .indexNotFound(path):
            return "\(path): no such index file; build one with `vitrine index --checkpoint CK --manifest M --out \(path)`"
        case let .corruptIndex(path, reason):
            return "\(path): not a valid embedding index (\(reason)); rebuild it with `vitrine index`"
        case let .checkpointMismatch(path, indexHash, expectedHash):
            return "\(path): the index was built with checkpoint \(indexHash), but the query model is checkpoint "
                + "\(expectedHash); embeddings of different models are not comparable — rebuild the index "
                + "with this checkpoint (`vitrine index --checkpoint …`) or search with the one it was built with"
        }
    }
}
