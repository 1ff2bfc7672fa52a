import Foundation
import VitrineData
import VitrineEngine
import VitrineImaging
import VitrineNN
import VitrineSearch

/// Whether re-ranking by local descriptors helps: every image of a set queries the others
/// (leave-one-out, as the retrieval metrics do), the global top `k` is re-ranked, and Recall@1
/// is counted before and after.
public struct RerankEvaluation: Equatable, Sendable {
    public var queries: Int
    public var k: Int
    public var recallAt1Global: Double
    public var recallAt1Reranked: Double
    /// Recall@k of the global search: the ceiling for any re-ranking of its top k.
    public var recallAtKGlobal: Double
    public var secondsPerQuery: Double

    /// Runs the evaluation on `rows` of `manifest` with `network` (`index` must hold exactly
    /// those rows, in order). Descriptors of each image are computed once.
    public static func run(manifest: Manifest, rows: [Int], index: EmbeddingIndex, reranker: LocalDescriptorReranker,
                           k: Int = 10, progress: (Int, Int) -> Void = { _, _ in }) throws -> RerankEvaluation {
        guard index.count == rows.count, rows.count > 1 else {
            throw VisualSearchError("the index must hold the \(rows.count) evaluated images (it holds \(index.count)), at least 2")
        }
        let start = Date()
        var descriptors: [Tensor] = []
        descriptors.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            let image = try PNG.read(URL(fileURLWithPath: manifest.absolutePath(of: row)))
            descriptors.append(try reranker.descriptors(of: image))
            if (i + 1) % 100 == 0 || i + 1 == rows.count { progress(i + 1, rows.count) }
        }
        var global = 0, reranked = 0, withinK = 0, queries = 0
        let query = Tensor(zeros: [index.dimension])
        for q in 0..<index.count {
            let product = index.items[q].productID
            guard index.items.indices.contains(where: { $0 != q && index.items[$0].productID == product }) else { continue }
            queries += 1
            query.data.update(from: index.embeddings.data + q * index.dimension, count: index.dimension)
            let hits = try index.search(query, k: k, excluding: q)
            let better = try reranker.rerank(hits, query: descriptors[q]) { descriptors[$0] }
            if index.items[hits[0].index].productID == product { global += 1 }
            if index.items[better[0].index].productID == product { reranked += 1 }
            if hits.contains(where: { index.items[$0.index].productID == product }) { withinK += 1 }
        }
        let n = Double(max(queries, 1))
        return RerankEvaluation(queries: queries, k: k, recallAt1Global: Double(global) / n,
                                recallAt1Reranked: Double(reranked) / n, recallAtKGlobal: Double(withinK) / n,
                                secondsPerQuery: Date().timeIntervalSince(start) / n)
    }
}
