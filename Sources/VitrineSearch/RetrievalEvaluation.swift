import VitrineEngine

extension EmbeddingIndex {
    /// Retrieval metrics of the index searched against itself, leave-one-out: every row is a
    /// query, its own row is excluded, images of the same `productID` are the hits. Queries
    /// run in batches of `batchSize` (the score matrix of a batch is `batchSize × N`).
    public func evaluateRetrieval(ks: [Int] = [1, 5, 10, 50], batchSize: Int = 256) throws -> RetrievalReport {
        let labels = productLabels()
        let needed = RetrievalMetrics.neighboursNeeded(labels: labels, ks: ks)
        let neighbours = try leaveOneOutNeighbours(k: needed, mode: .any, batchSize: batchSize)
        return try RetrievalMetrics.evaluate(neighbours: neighbours, labels: labels,
                                             categories: items.map(\.category), ks: ks)
    }

    /// The constrained-mode shares (``ConstrainedRetrievalReport``) of the index searched
    /// against itself: each row's top `k` under `mode`, relative to the row's own product.
    public func evaluateConstrained(mode: SearchMode, k: Int = 10, batchSize: Int = 256) throws -> ConstrainedRetrievalReport {
        let constrained = try leaveOneOutNeighbours(k: k, mode: mode, batchSize: batchSize)
        let unconstrained = try leaveOneOutNeighbours(k: k, mode: .any, batchSize: batchSize)
        return try RetrievalMetrics.constrainedShares(mode: mode, k: k, items: items, constrained: constrained,
                                                      unconstrained: unconstrained)
    }

    /// Each product ID as an integer label, in first-seen order.
    func productLabels() -> [Int] {
        var codes: [String: Int] = [:]
        return items.map { item in
            if let code = codes[item.productID] { return code }
            codes[item.productID] = codes.count
            return codes.count - 1
        }
    }

    /// Row indices of each row's top `k` under `mode` (relative to the row's own metadata),
    /// the row itself excluded.
    func leaveOneOutNeighbours(k: Int, mode: SearchMode, batchSize: Int) throws -> [[Int]] {
        guard batchSize >= 1 else { throw SearchError.invalidArgument("batchSize", "must be at least 1, got \(batchSize)") }
        if k == 0 { return Array(repeating: [], count: count) }
        var neighbours: [[Int]] = []
        neighbours.reserveCapacity(count)
        let queries = Tensor(zeros: [0])
        var start = 0
        while start < count {
            let end = min(count, start + batchSize)
            queries.resize([end - start, dimension])
            queries.data.update(from: embeddings.data + start * dimension, count: (end - start) * dimension)
            let hits = try search(batch: queries, k: k, mode: mode, references: Array(items[start..<end]),
                                  excluding: Array(start..<end))
            neighbours += hits.map { $0.map(\.index) }
            start = end
        }
        return neighbours
    }
}
