import Foundation
import VitrineData
import VitrineEngine
import VitrineImaging
import VitrineNN
import VitrineSearch

/// Re-ranking by local descriptors: each image is cut into a `grid × grid` lattice of
/// overlapping square patches (144 for the default 12 × 12), every patch is resized to the
/// network's input and embedded, and a candidate's rank is the number of query patches whose
/// nearest patch in the candidate is a mutual nearest neighbour with cosine similarity of at
/// least `threshold` — ties keep the global order. It rewards candidates that share several
/// local details (a stone, a dial, a pattern patch) even when the whole-image embeddings of
/// other products are close.
public struct LocalDescriptorReranker {
    public let network: any Layer
    public let inputShape: (channels: Int, size: Int)
    /// Patches per side.
    public let grid: Int
    /// Patch side as a fraction of the image side.
    public let patchFraction: Double
    /// Smallest cosine similarity for two patches to match.
    public let threshold: Float

    public init(network: any Layer, inputShape: (channels: Int, size: Int), grid: Int = 12,
                patchFraction: Double = 0.375, threshold: Float = 0.8) throws {
        guard (2...32).contains(grid) else { throw VisualSearchError("grid must lie in 2...32 patches per side, got \(grid)") }
        guard patchFraction > 0, patchFraction <= 1 else {
            throw VisualSearchError("patchFraction must lie in (0, 1], got \(patchFraction)")
        }
        self.network = network
        self.inputShape = inputShape
        self.grid = grid
        self.patchFraction = patchFraction
        self.threshold = threshold
    }

    /// The `grid²` patches of `image`, row by row, each conformed to the network's input.
    public func patches(of image: Image) throws -> [Image] {
        let side = max(1, Int((Double(min(image.height, image.width)) * patchFraction).rounded()))
        func starts(_ length: Int) -> [Int] {
            (0..<grid).map { grid == 1 ? 0 : Int((Double(length - side) * Double($0) / Double(grid - 1)).rounded()) }
        }
        var result: [Image] = []
        result.reserveCapacity(grid * grid)
        for top in starts(image.height) {
            for left in starts(image.width) {
                let patch = try image.cropped(top: top, left: left, height: side, width: side)
                result.append(try ManifestImages.conform(patch, channels: inputShape.channels, size: inputShape.size))
            }
        }
        return result
    }

    /// The L2-normalized embeddings of an image's patches, `[grid², D]`.
    public func descriptors(of image: Image) throws -> Tensor {
        let patches = try patches(of: image)
        let (c, s) = inputShape
        let plane = c * s * s
        let embedded = try BatchEmbedder.embed(model: network, count: patches.count, imageShape: [c, s, s],
                                               batchSize: patches.count) { batch, range in
            for (slot, i) in range.enumerated() {
                patches[i].pixels.withUnsafeBufferPointer { (batch.data + slot * plane).update(from: $0.baseAddress!, count: plane) }
            }
        }
        return try L2Normalize(dim: 1).forward(embedded).copy()
    }

    /// How many patches of `query` and `candidate` (descriptor sets `[P, D]`) are mutual nearest
    /// neighbours with similarity ≥ `threshold`.
    public func matchCount(_ query: Tensor, _ candidate: Tensor) -> Int {
        let (p, q, d) = (query.shape[0], candidate.shape[0], query.shape[1])
        let similarity = Tensor(zeros: [p, q])
        BLAS.sgemm(transB: true, m: p, n: q, k: d, a: query.data, b: candidate.data, c: similarity.data)
        let s = similarity.data
        var bestForCandidate = [Int](repeating: -1, count: q)
        for j in 0..<q {
            var best = 0
            for i in 1..<p where s[i * q + j] > s[best * q + j] { best = i }
            bestForCandidate[j] = best
        }
        var count = 0
        for i in 0..<p {
            let row = s + i * q
            var best = 0
            for j in 1..<q where row[j] > row[best] { best = j }
            if row[best] >= threshold && bestForCandidate[best] == i { count += 1 }
        }
        return count
    }

    /// `hits` reordered by match count with the query's descriptors (stable: equal counts keep
    /// their global order). `descriptors(i)` gives row `i`'s descriptors.
    public func rerank(_ hits: [SearchHit], query: Tensor, descriptors: (Int) throws -> Tensor) throws -> [SearchHit] {
        let counts = try hits.map { matchCount(query, try descriptors($0.index)) }
        return hits.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }.map { hits[$0] }
    }
}
