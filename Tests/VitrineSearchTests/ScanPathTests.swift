import Testing
import VitrineEngine
@testable import VitrineSearch

/// The int8-bounded scan against the float32 reference scan: the same hits, rows, order and
/// scores to the bit, whatever the data, k, filter or mode.
@Suite struct ScanPathTests {
    private static let categories = ["ring", "necklace", "earrings"], brands = ["A", "B", "C", "D"]

    private func items(_ n: Int) -> [ProductMetadata] {
        (0..<n).map { i in
            ProductMetadata(productID: "p\(i / 3)", category: Self.categories[i % 3], brand: Self.brands[(i / 3) % 4])
        }
    }

    private func index(_ embeddings: Tensor, compact: Bool = true) throws -> EmbeddingIndex {
        try EmbeddingIndex(embeddings: embeddings, items: items(embeddings.shape[0]), checkpointHash: "",
                           compactCopy: compact)
    }

    private func gaussian(_ shape: [Int], seed: UInt64) -> Tensor {
        let t = Tensor(zeros: shape)
        Generator(seed: seed).fillNormal(t)
        return t
    }

    /// Row `r` of `matrix` as a `[D]` query.
    private func row(_ matrix: Tensor, _ r: Int) throws -> Tensor {
        let d = matrix.shape[1]
        return try Tensor(shape: [d], values: Array(matrix.array[(r * d)..<((r + 1) * d)]))
    }

    /// Both paths for one query, expected identical; returns the hits.
    @discardableResult
    private func expectSamePaths(_ index: EmbeddingIndex, _ query: Tensor, k: Int, mode: SearchMode = .any,
                                 category: String? = nil, reference: ProductMetadata? = nil, excluding: Int? = nil,
                                 _ note: String) throws -> [SearchHit] {
        let exact = try index.search(query, k: k, mode: mode, category: category, reference: reference,
                                     excluding: excluding, path: .float32)
        let bounded = try index.search(query, k: k, mode: mode, category: category, reference: reference,
                                       excluding: excluding, path: .int8Bounded)
        #expect(bounded.map(\.index) == exact.map(\.index), "\(note)")
        #expect(bounded.map(\.score.bitPattern) == exact.map(\.score.bitPattern), "\(note)")
        return exact
    }

    @Test func randomDataAllKs() throws {
        // D = 40: a partial block of 32 codes and a float32 tail, on purpose.
        for (n, d) in [(500, 40), (300, 128)] {
            let embeddings = gaussian([n, d], seed: UInt64(n))
            let index = try index(embeddings)
            let queries = gaussian([6, d], seed: 99)
            for q in 0..<6 {
                let query = try row(queries, q)
                for k in [1, 2, 10, 50, n - 1, n, n + 7] {
                    let hits = try expectSamePaths(index, query, k: k, "n \(n) d \(d) query \(q) k \(k)")
                    #expect(hits.count == min(k, n))
                }
            }
            // A query taken from the index and given as [1, D].
            let own = try Tensor(shape: [1, d], values: try row(embeddings, 17).array)
            let hits = try expectSamePaths(index, own, k: 5, "own row")
            #expect(hits.first?.index == 17)
            try expectSamePaths(index, own, k: 5, excluding: 17, "own row excluded")
        }
    }

    /// The bounded path must not rescore everything, or the test above proves little.
    @Test func boundsPruneRandomData() throws {
        let n = 2_000
        let index = try index(gaussian([n, 64], seed: 4))
        let query = try row(gaussian([1, 64], seed: 5), 0)
        try expectSamePaths(index, query, k: 10, "pruning")
        #expect(index.lastCandidateCount >= 10)
        #expect(index.lastCandidateCount < n / 4, "\(index.lastCandidateCount) candidates")
    }

    /// Every row's exact float32 score lies inside its bounds, on rows built to stress them:
    /// one dominant coordinate (a coarse int8 scale), tiny coordinates, exact duplicates,
    /// and dimensions that change the query's code range (D = 600 limits it below 32767).
    @Test func boundsHoldOnHardRows() throws {
        for d in [3, 33, 600] {
            let n = 64
            let embeddings = gaussian([n, d], seed: UInt64(d))
            let x = embeddings.data
            for r in 0..<8 { x[r * d + r % d] = 1_000 }                         // spikes
            for r in 8..<16 { for j in 0..<d { x[r * d + j] *= 1e-7 }; x[r * d] = 1 }  // near one axis
            for r in 16..<24 { for j in 0..<d { x[r * d + j] = x[(r - 8) * d + j] } }  // duplicates
            let index = try index(embeddings)
            let queries = gaussian([4, d], seed: 7)
            queries.data[0] = 500
            for q in 0..<4 {
                let query = try row(queries, q)
                let all = try index.search(query, k: n, path: .float32)
                _ = try index.search(query, k: n, path: .int8Bounded)  // fills the bounds
                let lower = index.lowerBoundsForTesting, upper = index.upperBoundsForTesting
                for hit in all {
                    #expect(lower[hit.index] <= hit.score && hit.score <= upper[hit.index],
                            "d \(d) query \(q) row \(hit.index): \(lower[hit.index]) ≤ \(hit.score) ≤ \(upper[hit.index])")
                }
                for k in [1, 5, 20] { try expectSamePaths(index, query, k: k, "d \(d) query \(q) k \(k)") }
            }
        }
    }

    /// Duplicated rows tie exactly; near-duplicates differ in the last bits, inside the int8
    /// bounds, so only the float32 rescoring can order them. Both must come out as the
    /// reference orders them (score, then row).
    @Test func tiesAndNearDuplicates() throws {
        let (n, d) = (240, 16)
        let base = gaussian([8, d], seed: 11)
        let embeddings = Tensor(zeros: [n, d])
        let noise = gaussian([n, d], seed: 12)
        for r in 0..<n {
            let source = r % 8
            for j in 0..<d {
                // Thirds: exact copies, copies nudged by ~1e-6, copies nudged by ~1e-3.
                let scale: Float = r < 80 ? 0 : (r < 160 ? 1e-6 : 1e-3)
                embeddings.data[r * d + j] = base.data[source * d + j] + scale * noise.data[r * d + j]
            }
        }
        let index = try index(embeddings)
        for q in 0..<8 {
            let query = try row(base, q)
            for k in [1, 3, 10, 30, 31, 100] {
                let hits = try expectSamePaths(index, query, k: k, "query \(q) k \(k)")
                #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.ranksBefore($1) })
            }
        }
        // The ten exact copies of row 0's vector tie: same score bits, in row order.
        let all = try index.search(try row(base, 0), k: n, path: .int8Bounded)
        let copies = all.filter { $0.index < 80 && $0.index % 8 == 0 }
        #expect(copies.map(\.index) == Array(stride(from: 0, to: 80, by: 8)))
        #expect(Set(copies.map(\.score.bitPattern)).count == 1)
    }

    @Test func filtersAndModes() throws {
        let (n, d) = (360, 24)
        let embeddings = gaussian([n, d], seed: 21)
        let index = try index(embeddings)
        let queries = gaussian([3, d], seed: 22)
        for q in 0..<3 {
            let query = try row(queries, q)
            for mode in SearchMode.allCases {
                for k in [1, 7, 200] {
                    // Nearest-row reference, an explicit reference, a category, an exclusion.
                    try expectSamePaths(index, query, k: k, mode: mode, "\(mode) k \(k) nearest")
                    try expectSamePaths(index, query, k: k, mode: mode, reference: index.items[q * 5],
                                        excluding: q * 5, "\(mode) k \(k) reference")
                    for category in Self.categories {
                        try expectSamePaths(index, query, k: k, mode: mode, category: category,
                                            "\(mode) k \(k) \(category)")
                    }
                    let foreign = ProductMetadata(productID: "x", category: "hats", brand: "Z")
                    try expectSamePaths(index, query, k: k, mode: mode, reference: foreign, "\(mode) k \(k) foreign")
                }
            }
        }
        // Contradictory category and mode: nothing, on both paths.
        let none = try expectSamePaths(index, try row(queries, 0), k: 5, mode: .sameCategory, category: "ring",
                                       reference: index.items[1], "contradiction")
        #expect(none.isEmpty)
    }

    @Test func oneRowAndTinyIndexes() throws {
        for n in [1, 2, 5] {
            let embeddings = gaussian([n, 8], seed: UInt64(30 + n))
            let index = try index(embeddings)
            let query = try row(gaussian([1, 8], seed: 40), 0)
            for k in [1, 2, 10] {
                let hits = try expectSamePaths(index, query, k: k, "n \(n) k \(k)")
                #expect(hits.count == min(k, n))
            }
            let alone = try expectSamePaths(index, query, k: 3, excluding: 0, "n \(n) excluding 0")
            #expect(alone.count == min(3, n - 1))
        }
        let index = try index(gaussian([1, 8], seed: 50))
        #expect(throws: SearchError.invalidArgument("k", "must be at least 1, got 0")) {
            try index.search(Tensor(shape: [8], repeating: 1), k: 0, path: .int8Bounded)
        }
    }

    /// The automatic rule: the int8 copy from `compactThreshold` rows up, used while k is at
    /// most a sixteenth of the rows; a forced int8 search on a small index makes the copy.
    @Test func automaticChoice() throws {
        let small = try EmbeddingIndex(embeddings: gaussian([100, 4], seed: 60), items: items(100), checkpointHash: "")
        #expect(small.compactByteCount == 0)
        #expect(small.scanPath(k: 1) == .float32)
        let query = try Tensor(shape: [4], values: [1, 2, 3, 4])
        let reference = try small.search(query, k: 10)
        #expect(try small.search(query, k: 10, path: .int8Bounded) == reference)
        #expect(small.compactByteCount == 100 * (32 + 8))
        #expect(small.scanPath(k: 6) == .int8Bounded)
        #expect(small.scanPath(k: 7) == .float32)

        let n = EmbeddingIndex.compactThreshold
        let large = try EmbeddingIndex(embeddings: gaussian([n, 4], seed: 61), items: items(n), checkpointHash: "")
        #expect(large.compactByteCount == n * (32 + 8))
        #expect(large.scanPath(k: 50) == .int8Bounded)
        #expect(large.scanPath(k: n / 16) == .int8Bounded)
        #expect(large.scanPath(k: n / 16 + 1) == .float32)
        let hits = try large.search(query, k: 50, mode: .otherBrand)
        #expect(hits == (try large.search(query, k: 50, mode: .otherBrand, path: .float32)))
    }

    @Test func aKBeyondTheRowsReturnsThemAllOnEveryPath() throws {
        // k was used to size buffers (k × 4 + 64 overflowed for k near 2^62).
        let embeddings = gaussian([40, 4], seed: 77)
        let index = try index(embeddings)
        let query = try row(embeddings, 3)
        let float = try index.search(query, k: .max, path: .float32)
        let bounded = try index.search(query, k: .max, path: .int8Bounded)
        #expect(float.count == 40 && bounded.map(\.index) == float.map(\.index))
        #expect(try index.search(query, k: 1 << 62, mode: .otherBrand).count < 40)
        #expect(try index.search(batch: embeddings, k: .max).allSatisfy { $0.count == 40 })
    }
}
