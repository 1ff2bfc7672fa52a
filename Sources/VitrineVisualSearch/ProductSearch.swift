import Foundation
import VitrineData
import VitrineEngine
import VitrineImaging
import VitrineNN
import VitrineSearch

/// One result of a search: the indexed image, its product and its cosine similarity.
public struct ProductMatch: Equatable, Codable, Sendable {
    public var rank: Int
    public var score: Float
    public var item: ProductMetadata
}

/// Answers "what do we sell that looks like this photo (or sketch)?": the query image is
/// converted to the network's input (channels, size), embedded, and searched in the index.
public struct ProductSearch {
    public let index: EmbeddingIndex
    public let network: any Layer
    public let inputShape: (channels: Int, size: Int)

    /// Checks that `index` was built by `network` (same fingerprint) before anything is searched.
    public init(index: EmbeddingIndex, network: any Layer, inputShape: (channels: Int, size: Int)) throws {
        let fingerprint = ModelFingerprint.of(network)
        guard index.checkpointHash == fingerprint else {
            throw VisualSearchError("the index was built by another model (checkpoint hash \(index.checkpointHash), "
                + "this checkpoint's is \(fingerprint)); rebuild it with `vitrine index` and this checkpoint")
        }
        self.index = index
        self.network = network
        self.inputShape = inputShape
    }

    /// The embedding of one image, `[1, D]`.
    public func embed(_ image: Image) throws -> Tensor {
        let conformed = try ManifestImages.conform(image, channels: inputShape.channels, size: inputShape.size)
        let batch = try Tensor(shape: [1, conformed.channels, conformed.height, conformed.width], values: conformed.pixels)
        network.eval()
        return try network.forward(batch).copy()
    }

    /// The top `k` products for `image` under `mode` (relative to `reference`, the product the
    /// customer is looking at; nil means the query's nearest indexed image), optionally in one category.
    public func search(_ image: Image, k: Int, mode: SearchMode = .any, category: String? = nil,
                       reference: ProductMetadata? = nil) throws -> [ProductMatch] {
        let hits = try index.search(try embed(image), k: k, mode: mode, category: category, reference: reference)
        return hits.enumerated().map { ProductMatch(rank: $0 + 1, score: $1.score, item: index.items[$1.index]) }
    }
}
