/// Retrieval metrics computed from neighbour lists, for a query set searched against itself.
///
/// `neighbours[q]` lists row indices in decreasing similarity to row `q`, never `q` itself;
/// `labels[i]` is row `i`'s product (images of one product share a label). A neighbour is
/// relevant when it shares the query's label.
public enum RetrievalMetrics {
    /// How many neighbours each query needs for ``evaluate(neighbours:labels:categories:ks:)``:
    /// the largest K or the largest R (other images of one product), at most N − 1.
    public static func neighboursNeeded(labels: [Int], ks: [Int]) -> Int {
        let sizes = Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +)
        let largestR = (sizes.values.max() ?? 1) - 1
        return max(0, min(labels.count - 1, max(ks.max() ?? 1, largestR)))
    }

    /// Recall@K for each K in `ks`, MAP@R and per-category Recall@1 (when `categories` gives
    /// each row's category). Queries whose product has no other image are left out and counted.
    public static func evaluate(neighbours: [[Int]], labels: [Int], categories: [String]? = nil,
                                ks: [Int] = [1, 5, 10, 50]) throws -> RetrievalReport {
        let n = labels.count
        guard neighbours.count == n else {
            throw SearchError.invalidArgument("neighbours", "has \(neighbours.count) lists for \(n) labels; give one per row")
        }
        if let categories, categories.count != n {
            throw SearchError.invalidArgument("categories", "has \(categories.count) entries for \(n) labels; give one per row")
        }
        guard !ks.isEmpty, ks.allSatisfy({ $0 >= 1 }) else {
            throw SearchError.invalidArgument("ks", "must be positive cut-offs, got \(ks)")
        }
        let sizes = Dictionary(labels.map { ($0, 1) }, uniquingKeysWith: +)
        let maxK = ks.max()!
        var hits = [Int](repeating: 0, count: ks.count)
        var precisionSum = 0.0, counted = 0
        var categoryHits: [String: (hits: Int, queries: Int)] = [:]
        for q in 0..<n {
            let r = sizes[labels[q], default: 1] - 1
            let list = neighbours[q]
            let required = min(n - 1, max(maxK, r))
            guard list.count >= required else {
                throw SearchError.invalidArgument(
                    "neighbours", "row \(q) lists \(list.count) neighbours, needs \(required) (the largest K or R)")
            }
            if let bad = list.first(where: { $0 < 0 || $0 >= n || $0 == q }) {
                throw SearchError.invalidArgument(
                    "neighbours", "row \(q) lists \(bad), which is itself or outside 0..<\(n)")
            }
            guard r > 0 else { continue }
            counted += 1
            let relevant = list.map { labels[$0] == labels[q] }
            // Recall@K: a hit anywhere in the first K.
            let firstHit = relevant.firstIndex(of: true)
            for (i, k) in ks.enumerated() where firstHit.map({ $0 < k }) ?? false { hits[i] += 1 }
            // MAP@R: precision at each relevant position within the first R, divided by R.
            var found = 0, precision = 0.0
            for position in 0..<r where relevant[position] {
                found += 1
                precision += Double(found) / Double(position + 1)
            }
            precisionSum += precision / Double(r)
            if let categories {
                var entry = categoryHits[categories[q], default: (0, 0)]
                entry.queries += 1
                if firstHit == 0 { entry.hits += 1 }
                categoryHits[categories[q]] = entry
            }
        }
        let denominator = Double(max(counted, 1))
        var recall: [String: Double] = [:]
        for (i, k) in ks.enumerated() { recall[String(k)] = Double(hits[i]) / denominator }
        return RetrievalReport(
            recallAtK: recall, mapAtR: precisionSum / denominator,
            perCategoryRecallAt1: categoryHits.mapValues { Double($0.hits) / Double($0.queries) },
            queries: counted, loneQueries: n - counted)
    }

    /// The constrained-mode shares for queries `0..<items.count` (see
    /// ``ConstrainedRetrievalReport``): `constrained[q]` are row `q`'s results under `mode`,
    /// `unconstrained[q]` its results under mode `any`, each at least `k` long when that
    /// many rows pass (longer lists are cut to `k`).
    public static func constrainedShares(mode: SearchMode, k: Int, items: [ProductMetadata],
                                         constrained: [[Int]], unconstrained: [[Int]]) throws -> ConstrainedRetrievalReport {
        let n = items.count
        guard k >= 1 else { throw SearchError.invalidArgument("k", "must be at least 1, got \(k)") }
        guard constrained.count == n, unconstrained.count == n else {
            throw SearchError.invalidArgument(
                "results", "\(constrained.count) constrained and \(unconstrained.count) unconstrained lists for \(n) items")
        }
        var matched = 0, allowed = 0, plainAllowed = 0
        for q in 0..<n {
            let query = items[q]
            for row in constrained[q].prefix(k) where mode.allows(items[row], reference: query) {
                allowed += 1
                if query.attributesShared(by: items[row]) { matched += 1 }
            }
            for row in unconstrained[q].prefix(k) where mode.allows(items[row], reference: query) {
                plainAllowed += 1
            }
        }
        let slots = Double(max(n * k, 1))
        return ConstrainedRetrievalReport(
            mode: mode, k: k, attributeMatchShare: Double(matched) / slots, constraintShare: Double(allowed) / slots,
            unconstrainedShare: Double(plainAllowed) / slots, queries: n)
    }
}
