import CVitrineSearchKernels
import Dispatch
import VitrineEngine

/// A catalog's embeddings (`[N, D]`, Float32, one L2-normalized row per image) with each
/// image's ``ProductMetadata`` and the hash of the checkpoint that embedded them, searched
/// exactly by inner product (cosine similarity).
///
/// A single query scores the rows — every row in float32, or an int8 first pass and float32
/// for the few rows that may make the top `k` (``ScanPath``; the same hits to the bit) — and
/// a batch is one `sgemm`; then a partial selection of the best `k` rows that pass the mode's
/// filter (a heap, not a sort). Large indexes are split over the cores. Results are ordered
/// by score, then by row, so they do not depend on the thread count.
///
/// A single query's float32 scores come from one C kernel whose summation order depends on
/// D alone, not `sgemv`, whose order follows a row's position and the thread split: the
/// bounded path rescores a row on its own and must get the scan's bits. Batched scores
/// (`sgemm`) can differ from single-query ones in the last bit, as they always could.
///
/// Not safe to search from several threads at once: an index reuses its score buffers across
/// searches so that a query allocates nothing large. `embeddings` must not be modified: the
/// int8 copy is made once, at initialization.
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
    private let lowerBounds = Tensor(zeros: [0])
    private let upperBounds = Tensor(zeros: [0])
    private let unitQueries = Tensor(zeros: [0])
    /// The int8 copy of `embeddings` for ``ScanPath/int8Bounded``: made at initialization from
    /// ``compactThreshold`` rows up, on first use below.
    private var compact: CompactEmbeddings?
    /// How many rows the last ``ScanPath/int8Bounded`` selection scored exactly (for the benchmark).
    private(set) var lastCandidateCount = 0
    /// The bounds of the last ``ScanPath/int8Bounded`` search, one per row.
    var lowerBoundsForTesting: [Float] { lowerBounds.array }
    var upperBoundsForTesting: [Float] { upperBounds.array }

    /// Rows below this many are scanned on one thread: splitting costs more than it saves.
    static let parallelScanThreshold = 32_768

    /// From this many rows up an index keeps an int8 copy of its rows (about a quarter of their
    /// memory: D + 8 bytes a row, D rounded up to 32) and single queries take
    /// ``ScanPath/int8Bounded``. Below, the float32 scan costs as little (measured at 2,000 ×
    /// 128: 0.036 ms on either path) and the copy would not earn its memory.
    public static let compactThreshold = 4_096

    /// Takes `embeddings` `[N, D]` and one metadata entry per row. Rows are normalized to unit
    /// length (a copy; already-normalized rows stay as they are up to rounding); a zero or
    /// non-finite row is an error naming it.
    public convenience init(embeddings: Tensor, items: [ProductMetadata], checkpointHash: String) throws {
        try self.init(embeddings: embeddings, items: items, checkpointHash: checkpointHash, compactCopy: nil)
    }

    /// `compactCopy` forces the int8 copy on (true) or off (false) whatever the size; nil
    /// follows ``compactThreshold``.
    init(embeddings: Tensor, items: [ProductMetadata], checkpointHash: String, compactCopy: Bool?) throws {
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
        if compactCopy ?? (unit.shape[0] >= Self.compactThreshold) { compact = CompactEmbeddings(unit) }
    }

    /// The bytes of the int8 copy (0 when the index keeps none).
    public var compactByteCount: Int { compact?.byteCount ?? 0 }

    /// The path a single query for the top `k` takes (see ``ScanPath`` for the rule).
    public func scanPath(k: Int) -> ScanPath {
        compact != nil && k <= count / 16 ? .int8Bounded : .float32
    }

    /// The number of rows.
    public var count: Int { embeddings.shape[0] }
    /// The embedding dimension D.
    public var dimension: Int { embeddings.shape[1] }

    /// The `k` rows most similar to `query` (`[D]` or `[1, D]`, normalized here) that `mode`
    /// allows, best first. `reference` is the product the modes are relative to; nil means
    /// the query's nearest row. `excluding` leaves one row out (the query itself when it comes
    /// from the index). Fewer than `k` hits come back when fewer rows pass the filter.
    /// `path` forces a ``ScanPath`` (the results are the same); nil lets ``scanPath(k:)`` choose.
    public func search(_ query: Tensor, k: Int, mode: SearchMode = .any, category: String? = nil,
                       reference: ProductMetadata? = nil, excluding: Int? = nil,
                       path: ScanPath? = nil) throws -> [SearchHit] {
        guard query.count == dimension, query.rank == 1 || (query.rank == 2 && query.shape[0] == 1) else {
            throw SearchError.invalidArgument("query", "must be [\(dimension)] or [1, \(dimension)], got \(query.shape)")
        }
        let unit = try normalizedQueries(query, rows: 1)
        try validate(k: k, excluding: [excluding])
        // A k beyond the rows returns them all; clamped so no selection sizes buffers by it.
        let k = min(k, count)
        let categoryCode = try code(ofCategory: category)
        let (n, d, q) = (count, dimension, UnsafePointer(unit.data))
        switch path ?? scanPath(k: k) {
        case .float32:
            scores.resize([n])
            let (rows, out) = (UnsafePointer(embeddings.data), scores.data)
            forEachRowChunk { range in
                vitrine_search_dot_f32(rows + range.lowerBound * d, range.count, d, q, out + range.lowerBound)
            }
            let rowScores = UnsafePointer(scores.data)
            return select(k: k, mode: mode, category: categoryCode, reference: reference, excluding: excluding) {
                self.scan(rowScores, k: $0, filter: $1, parallel: true)
            }
        case .int8Bounded:
            if compact == nil { compact = CompactEmbeddings(embeddings) }
            lowerBounds.resize([n])
            upperBounds.resize([n])
            compact!.bounds(q, lower: lowerBounds.data, upper: upperBounds.data, forEachRowChunk: forEachRowChunk)
            return select(k: k, mode: mode, category: categoryCode, reference: reference, excluding: excluding) {
                self.boundedScan(query: q, k: $0, filter: $1)
            }
        }
    }

    /// ``search(_:k:mode:category:reference:excluding:path:)`` for each row of `queries` `[Q, D]`
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
        let k = min(k, count)
        let categoryCode = try code(ofCategory: category)
        let unit = try normalizedQueries(queries, rows: q)
        scores.resize([q, count])
        BLAS.sgemm(transB: true, m: q, n: count, k: dimension, a: unit.data, b: embeddings.data, c: scores.data)
        var results = [[SearchHit]](repeating: [], count: q)
        let base = scores.data, n = count
        results.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEach(q, cost: n) { row in
                out[row] = self.select(k: k, mode: mode, category: categoryCode, reference: references?[row],
                                       excluding: excluding?[row] ?? nil) {
                    self.scan(base + row * n, k: $0, filter: $1, parallel: false)
                }
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

    /// The top `k` under the mode's filter (arguments already validated), by `scan`, which
    /// returns the top `k` rows a filter allows.
    private func select(k: Int, mode: SearchMode, category: Int32?, reference: ProductMetadata?, excluding: Int?,
                        scan: (Int, CandidateFilter) -> [SearchHit]) -> [SearchHit] {
        var referenceCategory = CandidateFilter.none, referenceBrand = CandidateFilter.none
        if mode.needsReference {
            if let reference {
                referenceCategory = categoryLookup[reference.category] ?? CandidateFilter.none
                referenceBrand = brandLookup[reference.brand] ?? CandidateFilter.none
            } else {
                let open = CandidateFilter(mode: .any, referenceCategory: CandidateFilter.none,
                                           referenceBrand: CandidateFilter.none, category: nil, excluding: excluding)
                guard let nearest = scan(1, open).first else { return [] }
                referenceCategory = categoryCodes[nearest.index]
                referenceBrand = brandCodes[nearest.index]
            }
        }
        let filter = CandidateFilter(mode: mode, referenceCategory: referenceCategory, referenceBrand: referenceBrand,
                                     category: category, excluding: excluding)
        return scan(k, filter)
    }

    /// Calls `body` with chunks of the rows covering them all: over the workers from
    /// ``parallelScanThreshold`` rows up, on the calling thread below. On a busy machine a
    /// second worker can wait a scheduler slice (milliseconds) for a core, which a small
    /// index's whole scan (a tenth of a millisecond) does not repay.
    private func forEachRowChunk(_ body: (Range<Int>) -> Void) {
        if count < Self.parallelScanThreshold { body(0..<count) } else { Parallel.forEachChunk(count, cost: dimension, body) }
    }

    /// Scans every row into a copy of `initial` per chunk (both cores for large indexes when
    /// `parallel`) and merges the copies in chunk order. `scanChunk` gets its chunk's copy, the
    /// rows and the category and brand codes the filters read.
    private func selectInChunks<S: ChunkSelection>(
        _ initial: S, parallel: Bool,
        _ scanChunk: (inout S, Range<Int>, UnsafePointer<Int32>, UnsafePointer<Int32>) -> Void
    ) -> S {
        let n = count
        let chunks = parallel && n >= Self.parallelScanThreshold ? max(1, min(Parallel.workers, 8)) : 1
        return categoryCodes.withUnsafeBufferPointer { categoryBuffer in
            brandCodes.withUnsafeBufferPointer { brandBuffer in
                let (categories, brands) = (categoryBuffer.baseAddress!, brandBuffer.baseAddress!)
                var selections = [S](repeating: initial, count: chunks)
                selections.withUnsafeMutableBufferPointer { partial in
                    let partial = partial
                    if chunks == 1 {
                        scanChunk(&partial[0], 0..<n, categories, brands)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                            scanChunk(&partial[chunk], (chunk * n / chunks)..<((chunk + 1) * n / chunks), categories, brands)
                        }
                    }
                }
                var merged = selections[0]
                for other in selections.dropFirst() { merged.merge(other) }
                return merged
            }
        }
    }

    /// The top `k` rows `filter` allows by `rowScores`.
    private func scan(_ rowScores: UnsafePointer<Float>, k: Int, filter: CandidateFilter, parallel: Bool) -> [SearchHit] {
        selectInChunks(TopKSelection(k: k), parallel: parallel) { selection, range, categories, brands in
            // An open filter gets its own closure: the common case stays a plain comparison.
            if filter.isOpen {
                let skip = filter.excludedIndex
                selection.scan(rowScores, range) { $0 != skip }
            } else {
                selection.scan(rowScores, range) { filter.allows($0, categories: categories, brands: brands) }
            }
        }.sorted()
    }

    /// The top `k` rows `filter` allows, from the bounds in `lowerBounds` and `upperBounds`:
    /// the candidates ``BoundedSelection`` keeps are scored exactly, with the float32 scan's
    /// kernel, so the hits are the float32 scan's to the bit.
    private func boundedScan(query: UnsafePointer<Float>, k: Int, filter: CandidateFilter) -> [SearchHit] {
        let (lower, upper) = (UnsafePointer(lowerBounds.data), UnsafePointer(upperBounds.data))
        let candidates = selectInChunks(BoundedSelection(k: k), parallel: true) { selection, range, categories, brands in
            if filter.isOpen {
                let skip = filter.excludedIndex
                selection.scan(lower: lower, upper: upper, range) { $0 != skip }
            } else {
                selection.scan(lower: lower, upper: upper, range) { filter.allows($0, categories: categories, brands: brands) }
            }
        }.candidates(upper: upper)
        lastCandidateCount = candidates.count
        if candidates.isEmpty { return [] }
        scores.resize([max(scores.count, candidates.count)])
        let exact = scores.data
        candidates.withUnsafeBufferPointer { rows in
            vitrine_search_dot_f32_gather(embeddings.data, dimension, rows.baseAddress!, rows.count, query, exact)
        }
        var selection = TopKSelection(k: k)
        for (c, row) in candidates.enumerated() { selection.offer(SearchHit(index: Int(row), score: exact[c])) }
        return selection.sorted()
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
