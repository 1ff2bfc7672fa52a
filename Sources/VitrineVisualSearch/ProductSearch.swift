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
    /// The most photos any product has in the index: how many image hits k products may need.
    private let photosPerProduct: Int

    /// Checks that `index` was built by `network` (same fingerprint) before anything is searched.
    public init(index: EmbeddingIndex, network: any Layer, inputShape: (channels: Int, size: Int)) throws {
        try self.init(index: index, network: network, inputShape: inputShape, fingerprint: ModelFingerprint.of(network))
    }

    /// For a network whose weights no longer hash as trained (batch norm folded for inference):
    /// `fingerprint` is the trained weights' (``InferenceModel/fingerprint``).
    public init(index: EmbeddingIndex, network: any Layer, inputShape: (channels: Int, size: Int), fingerprint: String) throws {
        guard index.checkpointHash == fingerprint else {
            throw VisualSearchError("the index was built by another model (checkpoint hash \(index.checkpointHash), "
                + "this checkpoint's is \(fingerprint)); rebuild it with `vitrine index` and this checkpoint")
        }
        self.index = index
        self.network = network
        self.inputShape = inputShape
        var counts: [String: Int] = [:]
        for item in index.items { counts[item.productID, default: 0] += 1 }
        photosPerProduct = max(1, counts.values.max() ?? 1)
    }

    /// The embedding of one image, `[1, D]`.
    public func embed(_ image: Image) throws -> Tensor {
        let conformed = try ManifestImages.conform(image, channels: inputShape.channels, size: inputShape.size)
        let batch = try Tensor(shape: [1, conformed.channels, conformed.height, conformed.width], values: conformed.pixels)
        network.eval()
        return try network.forward(batch).copy()
    }

    /// The top `k` products for `image` under `mode` (relative to `reference`, the product the
    /// customer is looking at; nil means the query's nearest indexed image), optionally in one
    /// category. A product indexed with several photos appears once, with its best photo's
    /// score: a shopper wants k different products, not five photos of one.
    public func search(_ image: Image, k: Int, mode: SearchMode = .any, category: String? = nil,
                       reference: ProductMetadata? = nil) throws -> [ProductMatch] {
        guard k >= 1 else { throw SearchError.invalidArgument("k", "must be at least 1, got \(k)") }
        // More products than the index holds cannot come back; clamping also keeps
        // k × photosPerProduct below overflow for any k.
        let k = min(k, index.count)
        let query = try embed(image)
        // Enough images that k products survive even if the best products fill the list with
        // all their photos; a second, wider pass only when that was not enough.
        var wanted = min(index.count, k * photosPerProduct)
        while true {
            let hits = try index.search(query, k: wanted, mode: mode, category: category, reference: reference)
            var seen = Set<String>()
            var matches: [ProductMatch] = []
            for hit in hits where matches.count < k && seen.insert(index.items[hit.index].productID).inserted {
                matches.append(ProductMatch(rank: matches.count + 1, score: hit.score, item: index.items[hit.index]))
            }
            if matches.count == k || hits.count < wanted || wanted == index.count { return matches }
            wanted = min(index.count, wanted * 4)
        }
    }
}
