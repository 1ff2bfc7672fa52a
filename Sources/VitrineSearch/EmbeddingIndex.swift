import Dispatch
import VitrineEngine

/// A catalog's embeddings (`[N, D]`, Float32, one L2-normalized row per image) with each
/// image's ``ProductMetadata`` and the hash of the checkpoint that embedded them, searched
/// exactly by inner product (cosine similarity).
///
/// A search is one BLAS pass over the matrix — `sgemv` for one query, `sgemm` for a batch —
/// followed by a partial selection of the best `k` rows that pass the mode's filter (a heap,
/// not a sort), split over the cores for large indexes. Results are ordered by score, then by
/// row, so they do not depend on the thread count.
///
/// Not safe to search from several threads at once: an index reuses one score buffer across
/// searches so that a query allocates nothing large.
public final class EmbeddingIndex {
    public let embeddings: Tensor
    public let items: [ProductMetadata]
    public let checkpointHash: String
    public let categories: [String]
    public let brands: [String]
    private let categoryCodes: [Int32]
    private let brandCodes: [Int32]
    private let categoryLookup: [String: Int32]
    private let brandLookup: [String: Int32]
    private let scores = Tensor(zeros: [0])
    private let unitQueries = Tensor(zeros: [0])

    /// Rows below this many are scanned on one thread: splitting costs more than it saves.
    static let parallelScanThreshold = 32_768

    /// Takes `embeddings` `[N, D]` and one metadata entry per row. Rows are normalized to unit
    /// length (a copy; already-normalized rows stay as they are up to rounding); a zero or
    /// non-finite row is an error naming it.
    public init(embeddings: Tensor, items: [ProductMetadata], checkpointHash: String) throws {
        guard embeddings.rank == 2, embeddings.shape[1] > 0 else {
            throw SearchError.invalidArgument("EmbeddingIndex", "embeddings must be [N, D] with D > 0, got \(embeddings.shape)")
        }
        guard embeddings.shape[0] == items.count else {
            throw SearchError.invalidArgument(
                "EmbeddingIndex", "\(embeddings.shape[0]) embedding rows but \(items.count) metadata entries; give one per row")
        }
        let unit = embeddings.copy()
        try Self.normalizeRows(unit, what: "embedding row")
        self.embeddings = unit
        self.items = items
        self.checkpointHash = checkpointHash
        (categories, categoryCodes, categoryLookup) = Self.encode(items.map(\.category))
        (brands, brandCodes, brandLookup) = Self.encode(items.map(\.brand))
    }

    /// The number of rows.
    public var count: Int { embeddings.shape[0] }
    /// The embedding dimension D.
    public var dimension: Int { embeddings.shape[1] }

    /// The `k` rows most similar to `query` (`[D]` or `[1, D]`, normalized here) that `mode`
    /// allows, best first. `reference` is the product the modes are relative to; nil means
    /// the query's nearest row. `excluding` leaves one row out (the query itself when it comes
    /// from the index). Fewer than `k` hits come back when fewer rows pass the filter.
    public func search(_ query: Tensor, k: Int, mode: SearchMode = .any, category: String? = nil,
                       reference: ProductMetadata? = nil, excluding: Int? = nil) throws -> [SearchHit] {
        guard query.count == dimension, query.rank == 1 || (query.rank == 2 && query.shape[0] == 1) else {
            throw SearchError.invalidArgument("query", "must be [\(dimension)] or [1, \(dimension)], got \(query.shape)")
        }
        let unit = try normalizedQueries(query, rows: 1)
        try validate(k: k, excluding: [excluding])
        let categoryCode = try code(ofCategory: category)
        scores.resize([count])
        BLAS.sgemv(m: count, n: dimension, a: embeddings.data, x: unit.data, y: scores.data)
        return select(scores.data, k: k, mode: mode, category: categoryCode, reference: reference,
                      excluding: excluding, parallel: true)
    }

    /// ``search(_:k:mode:category:reference:excluding:)`` for each row of `queries` `[Q, D]`
    /// with one `sgemm`; `references` and `excluding`, when given, hold one entry per query.
    public func search(batch queries: Tensor, k: Int, mode: SearchMode = .any, category: String? = nil,
                       references: [ProductMetadata?]? = nil, excluding: [Int?]? = nil) throws -> [[SearchHit]] {
        guard queries.rank == 2, queries.shape[1] == dimension else {
            throw SearchError.invalidArgument("queries", "must be [Q, \(dimension)], got \(queries.shape)")
        }
        let q = queries.shape[0]
        for (name, given) in [("references", references?.count), ("excluding", excluding?.count)] {
            if let given, given != q {
                throw SearchError.invalidArgument(name, "has \(given) entries for \(q) queries; give one per query")
            }
        }
        try validate(k: k, excluding: excluding ?? [])
        let categoryCode = try code(ofCategory: category)
        let unit = try normalizedQueries(queries, rows: q)
        scores.resize([q, count])
        BLAS.sgemm(transB: true, m: q, n: count, k: dimension, a: unit.data, b: embeddings.data, c: scores.data)
        var results = [[SearchHit]](repeating: [], count: q)
        let base = scores.data, n = count
        results.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEach(q, cost: n) { row in
                out[row] = self.select(base + row * n, k: k, mode: mode, category: categoryCode,
                                       reference: references?[row], excluding: excluding?[row] ?? nil,
                                       parallel: false)
            }
        }
        return results
    }

    /// Throws unless `k` is positive and `excluding` names a row.
    private func validate(k: Int, excluding: [Int?]) throws {
        guard k >= 1 else { throw SearchError.invalidArgument("k", "must be at least 1, got \(k)") }
        if let bad = excluding.compactMap({ $0 }).first(where: { !(0..<count).contains($0) }) {
            throw SearchError.invalidArgument("excluding", "row \(bad) is outside the index's rows 0..<\(count)")
        }
    }

    /// The top `k` of one row of scores under the mode's filter (arguments already validated).
    private func select(_ rowScores: UnsafePointer<Float>, k: Int, mode: SearchMode, category: Int32?,
                        reference: ProductMetadata?, excluding: Int?, parallel: Bool) -> [SearchHit] {
        var referenceCategory = CandidateFilter.none, referenceBrand = CandidateFilter.none
        if mode.needsReference {
            if let reference {
                referenceCategory = categoryLookup[reference.category] ?? CandidateFilter.none
                referenceBrand = brandLookup[reference.brand] ?? CandidateFilter.none
            } else {
                let open = CandidateFilter(mode: .any, referenceCategory: CandidateFilter.none,
                                           referenceBrand: CandidateFilter.none, category: nil, excluding: excluding)
                guard let nearest = scan(rowScores, k: 1, filter: open, parallel: parallel).first else { return [] }
                referenceCategory = categoryCodes[nearest.index]
                referenceBrand = brandCodes[nearest.index]
            }
        }
        let filter = CandidateFilter(mode: mode, referenceCategory: referenceCategory, referenceBrand: referenceBrand,
                                     category: category, excluding: excluding)
        return scan(rowScores, k: k, filter: filter, parallel: parallel)
    }

    private func scan(_ rowScores: UnsafePointer<Float>, k: Int, filter: CandidateFilter, parallel: Bool) -> [SearchHit] {
        let n = count
        let chunks = parallel && n >= Self.parallelScanThreshold ? max(1, min(Parallel.workers, 8)) : 1
        var selections = [TopKSelection](repeating: TopKSelection(k: k), count: chunks)
        categoryCodes.withUnsafeBufferPointer { categories in
            brandCodes.withUnsafeBufferPointer { brands in
                let categories = categories.baseAddress!, brands = brands.baseAddress!
                selections.withUnsafeMutableBufferPointer { partial in
                    let partial = partial
                    let body = { (chunk: Int) in
                        let range = (chunk * n / chunks)..<((chunk + 1) * n / chunks)
                        if filter.isOpen {
                            let skip = filter.excludedIndex
                            partial[chunk].scan(rowScores, range) { $0 != skip }
                        } else {
                            partial[chunk].scan(rowScores, range) {
                                filter.allows($0, categories: categories, brands: brands)
                            }
                        }
                    }
                    if chunks == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: body) }
                }
            }
        }
        var merged = selections[0]
        for other in selections.dropFirst() { merged.merge(other) }
        return merged.sorted()
    }

    private func code(ofCategory category: String?) throws -> Int32? {
        guard let category else { return nil }
        guard let code = categoryLookup[category] else {
            throw SearchError.invalidArgument(
                "--category", "'\(category)' is not a category of this index; it has "
                    + categories.sorted().joined(separator: ", "))
        }
        return code
    }

    private func normalizedQueries(_ queries: Tensor, rows: Int) throws -> Tensor {
        unitQueries.resize([rows, dimension])
        unitQueries.data.update(from: queries.data, count: rows * dimension)
        try Self.normalizeRows(unitQueries, what: "query row")
        return unitQueries
    }

    /// Scales each row of `[R, D]` to unit length, in Double for accuracy. Rows already of unit
    /// length up to Float rounding are left untouched, so saving and loading an index (or
    /// indexing a model's normalized output) keeps every bit.
    static func normalizeRows(_ matrix: Tensor, what: String) throws {
        let (rows, d) = (matrix.shape[0], matrix.shape[1])
        let x = matrix.data
        for r in 0..<rows {
            var squares = 0.0
            for j in 0..<d { squares += Double(x[r * d + j]) * Double(x[r * d + j]) }
            guard squares > 0, squares.isFinite else {
                throw SearchError.invalidArgument(
                    what, "row \(r) has norm \(squares.squareRoot()); every vector must be finite and non-zero")
            }
            if abs(squares - 1) < 1e-6 { continue }
            let scale = Float(1 / squares.squareRoot())
            for j in 0..<d { x[r * d + j] *= scale }
        }
    }

    /// Distinct values in first-seen order, each entry's position among them, and the lookup.
    private static func encode(_ values: [String]) -> ([String], [Int32], [String: Int32]) {
        var distinct: [String] = [], codes: [String: Int32] = [:]
        let encoded = values.map { value -> Int32 in
            if let code = codes[value] { return code }
            let code = Int32(distinct.count)
            codes[value] = code
            distinct.append(value)
            return code
        }
        return (distinct, encoded, codes)
    }
}
