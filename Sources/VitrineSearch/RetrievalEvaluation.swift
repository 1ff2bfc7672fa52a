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
        if k == 0 { return Array(repeating: [], count: count) }
        var neighbours: [[Int]] = []
        neighbours.reserveCapacity(count)
        try forEachBatch(batchSize: batchSize) { queries, rows in
            let hits = try search(batch: queries, k: k, mode: mode, references: Array(items[rows]),
                                  excluding: Array(rows))
            neighbours += hits.map { $0.map(\.index) }
        }
        return neighbours
    }

    /// Calls `body` with this index's rows, `batchSize` at a time, as a `[rows.count, D]`
    /// tensor (reused from call to call) and their range.
    func forEachBatch(batchSize: Int, _ body: (Tensor, Range<Int>) throws -> Void) throws {
        guard batchSize >= 1 else { throw SearchError.invalidArgument("batchSize", "must be at least 1, got \(batchSize)") }
        let batch = Tensor(zeros: [0])
        var start = 0
        while start < count {
            let rows = start..<min(count, start + batchSize)
            batch.resize([rows.count, dimension])
            batch.data.update(from: embeddings.data + rows.lowerBound * dimension, count: rows.count * dimension)
            try body(batch, rows)
            start = rows.upperBound
        }
    }
}
