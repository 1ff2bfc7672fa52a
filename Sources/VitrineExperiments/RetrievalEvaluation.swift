import VitrineEngine

/// Retrieval figures of an evaluation set: every item queries all the others.
enum RetrievalEvaluation {
    /// Recall@K for each K, MAP@R, and Recall@1 per category (`recall@1/<category>`).
    static func metrics(embeddings: Tensor, labels: [Int], categories: [String]?,
                        recallAt ks: [Int]) throws -> [String: Double] {
        let n = labels.count, d = embeddings.shape[1]
        let similarity = Tensor(zeros: [n, n])
        BLAS.sgemm(transB: true, m: n, n: n, k: d, a: embeddings.data, b: embeddings.data, c: similarity.data)
        var classSize: [Int: Int] = [:]
        for l in labels { classSize[l, default: 0] += 1 }
        let maxK = ks.max() ?? 1
        var hits = [Int](repeating: 0, count: ks.count)
        var mapAtR = 0.0
        var perCategory: [String: (hits: Int, count: Int)] = [:]
        for q in 0..<n {
            let row = similarity.data + q * n
            let r = classSize[labels[q]]! - 1
            let depth = max(maxK, r)
            let order = (0..<n).filter { $0 != q }.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }.prefix(depth)
            let relevant = order.map { labels[$0] == labels[q] }
            for (i, k) in ks.enumerated() where relevant.prefix(k).contains(true) { hits[i] += 1 }
            if r > 0 {
                var found = 0, precisionSum = 0.0
                for (i, rel) in relevant.prefix(r).enumerated() where rel {
                    found += 1
                    precisionSum += Double(found) / Double(i + 1)
                }
                mapAtR += precisionSum / Double(r)
            }
            if let c = categories?[q] {
                perCategory[c, default: (0, 0)].count += 1
                if relevant.first == true { perCategory[c]!.hits += 1 }
            }
        }
        var result: [String: Double] = ["map@r": mapAtR / Double(max(n, 1))]
        for (i, k) in ks.enumerated() { result["recall@\(k)"] = Double(hits[i]) / Double(max(n, 1)) }
        for (c, v) in perCategory { result["recall@1/\(c)"] = Double(v.hits) / Double(v.count) }
        return result
    }
}
