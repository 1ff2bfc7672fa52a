import Foundation
import Testing
import VitrineEngine
import VitrineHDF5
@testable import VitrineSearch

/// The top `k` by a full sort of every score, computed in Double — the naive reference.
private func bruteForceTopK(_ embeddings: Tensor, _ query: [Float], k: Int, allowed: (Int) -> Bool = { _ in true }) -> [Int] {
    let (n, d) = (embeddings.shape[0], embeddings.shape[1])
    let qNorm = query.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    var scored: [(Int, Double)] = []
    for i in 0..<n where allowed(i) {
        var dot = 0.0, norm = 0.0
        for j in 0..<d {
            dot += Double(embeddings[i * d + j]) * Double(query[j])
            norm += Double(embeddings[i * d + j]) * Double(embeddings[i * d + j])
        }
        scored.append((i, dot / (norm.squareRoot() * qNorm)))
    }
    scored.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    return scored.prefix(k).map(\.0)
}

private func randomIndex(n: Int, d: Int, seed: UInt64) throws -> (EmbeddingIndex, Tensor) {
    let embeddings = Tensor(zeros: [n, d])
    Generator(seed: seed).fillNormal(embeddings)
    let categories = ["ring", "necklace", "earrings"], brands = ["A", "B", "C", "D"]
    let items = (0..<n).map { i in
        ProductMetadata(productID: "p\(i / 3)", category: categories[i % 3], brand: brands[(i / 3) % 4],
                        attributes: ["colour": i % 2 == 0 ? "red" : "blue"], price: Double(i), path: "img/\(i).png")
    }
    return (try EmbeddingIndex(embeddings: embeddings, items: items, checkpointHash: "abc123"), embeddings)
}

@Suite struct EmbeddingIndexTests {
    @Test func singleAndBatchedSearchMatchBruteForce() throws {
        let (index, embeddings) = try randomIndex(n: 300, d: 16, seed: 1)
        let queries = Tensor(zeros: [5, 16])
        Generator(seed: 2).fillNormal(queries)
        let batch = try index.search(batch: queries, k: 10)
        for q in 0..<5 {
            let query = Array(queries.array[(q * 16)..<((q + 1) * 16)])
            let expected = bruteForceTopK(embeddings, query, k: 10)
            let single = try index.search(try Tensor(shape: [16], values: query), k: 10)
            #expect(single.map(\.index) == expected, "query \(q)")
            // sgemm and sgemv may round the last bit differently.
            #expect(batch[q].map(\.index) == expected, "query \(q)")
            #expect(zip(batch[q], single).allSatisfy { abs($0.score - $1.score) < 1e-5 }, "query \(q)")
            #expect(zip(single, single.dropFirst()).allSatisfy { $0.score >= $1.score })
            #expect(single[0].score <= 1.0001 && single[0].score > 0)
        }
        // k beyond N returns every row.
        #expect(try index.search(try Tensor(shape: [1, 16], values: Array(queries.array.prefix(16))), k: 1000).count == 300)
    }

    @Test func filtersMatchBruteForce() throws {
        let (index, embeddings) = try randomIndex(n: 240, d: 8, seed: 3)
        let query = Array(embeddings.array[(7 * 8)..<(8 * 8)])
        let queryTensor = try Tensor(shape: [8], values: query)
        let reference = index.items[7]
        for mode in SearchMode.allCases {
            let hits = try index.search(queryTensor, k: 12, mode: mode, reference: reference, excluding: 7)
            let expected = bruteForceTopK(embeddings, query, k: 12) { i in
                i != 7 && mode.allows(index.items[i], reference: reference)
            }
            #expect(hits.map(\.index) == expected, "\(mode)")
        }
        // Nearest-neighbour reference: the query is row 7's own vector, so its nearest row is 7.
        let viaNearest = try index.search(queryTensor, k: 12, mode: .otherCategory)
        #expect(viaNearest == (try index.search(queryTensor, k: 12, mode: .otherCategory, reference: reference)))
        // An explicit category narrows every mode.
        let necklaces = try index.search(queryTensor, k: 5, mode: .otherBrand, category: "necklace", reference: reference)
        let expectedNecklaces = bruteForceTopK(embeddings, query, k: 5) { i in
            index.items[i].category == "necklace" && index.items[i].brand != reference.brand
        }
        #expect(necklaces.map(\.index) == expectedNecklaces)
        // Row 7 is a necklace: same-category restricted to rings contradicts itself.
        #expect(reference.category == "necklace")
        #expect(try index.search(queryTensor, k: 5, mode: .sameCategory, category: "ring", reference: reference).isEmpty)
    }

    @Test func parallelScanOfALargeIndexMatchesBruteForce() throws {
        let (index, embeddings) = try randomIndex(n: EmbeddingIndex.parallelScanThreshold + 1000, d: 4, seed: 5)
        let query: [Float] = [0.3, -1, 0.2, 0.5]
        let hits = try index.search(try Tensor(shape: [4], values: query), k: 20, mode: .sameCategory,
                                    reference: index.items[1])
        let expected = bruteForceTopK(embeddings, query, k: 20) { index.items[$0].category == "necklace" }
        #expect(hits.map(\.index) == expected)
    }

    @Test func equalScoresRankByRow() throws {
        let embeddings = try Tensor(shape: [4, 2], values: [0, 1, 1, 0, 0, 2, 1, 0])
        let items = (0..<4).map { ProductMetadata(productID: "p\($0)", category: "c", brand: "b") }
        let index = try EmbeddingIndex(embeddings: embeddings, items: items, checkpointHash: "")
        let hits = try index.search(try Tensor(shape: [2], values: [1, 0]), k: 4)
        #expect(hits.map(\.index) == [1, 3, 0, 2])
        #expect(hits.map(\.score) == [1, 1, 0, 0])
    }

    @Test func saveAndLoadRoundTrip() throws {
        let (index, _) = try randomIndex(n: 30, d: 6, seed: 7)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("catalog.h5")
        try index.save(to: url)
        let loaded = try EmbeddingIndex.load(url, expectedCheckpointHash: "abc123")
        #expect(loaded.embeddings.shape == [30, 6])
        #expect(loaded.embeddings.array == index.embeddings.array)
        #expect(loaded.items == index.items)
        #expect(loaded.checkpointHash == "abc123")
        let query = try Tensor(shape: [6], values: [1, 2, 3, 4, 5, 6])
        #expect(try loaded.search(query, k: 5, mode: .otherBrand) == index.search(query, k: 5, mode: .otherBrand))
        // Without an expected hash, any index loads.
        #expect(try EmbeddingIndex.load(url).count == 30)

        #expect(throws: SearchError.checkpointMismatch(path: url.path, indexHash: "abc123", expectedHash: "ffff")) {
            try EmbeddingIndex.load(url, expectedCheckpointHash: "ffff")
        }
        let missing = directory.appendingPathComponent("missing.h5")
        #expect(throws: SearchError.indexNotFound(path: missing.path)) { try EmbeddingIndex.load(missing) }
        #expect(SearchError.indexNotFound(path: "x.h5").description.contains("vitrine index"))
    }

    @Test func corruptFilesAreClearErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func expectCorrupt(_ url: URL, mentioning text: String) {
            do {
                _ = try EmbeddingIndex.load(url)
                Issue.record("\(url.lastPathComponent) loaded")
            } catch let SearchError.corruptIndex(path, reason) {
                #expect(path == url.path)
                #expect(reason.contains(text), "\(reason)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        let text = directory.appendingPathComponent("notes.h5")
        try "not an index".write(to: text, atomically: true, encoding: .utf8)
        expectCorrupt(text, mentioning: "cannot open as HDF5")

        let other = directory.appendingPathComponent("other.h5")
        try HDF5File.writeAtomically(to: other.path) { file in try file.root.write(Tensor(zeros: [2, 2]), to: "x") }
        expectCorrupt(other, mentioning: "not an index")

        func writeIndex(_ url: URL, embeddings: Tensor, metadata: String) throws {
            try HDF5File.writeAtomically(to: url.path) { file in
                let root = try file.root
                try root.write(embeddings, to: "embeddings")
                try root.writeString(metadata, to: "metadata")
                try root.setAttribute("checkpoint_hash", "h")
                try root.setAttribute("format", "vitrine-embedding-index")
            }
        }
        let record = #"{"product_id":"p","category":"c","brand":"b","attributes":{},"path":""}"#
        let short = directory.appendingPathComponent("short.h5")
        try writeIndex(short, embeddings: Tensor(shape: [2, 3], repeating: 1), metadata: "[\(record)]")
        expectCorrupt(short, mentioning: "/metadata has 1 records for 2 embedding rows")

        let badJSON = directory.appendingPathComponent("bad-json.h5")
        try writeIndex(badJSON, embeddings: Tensor(shape: [1, 3], repeating: 1), metadata: "{oops")
        expectCorrupt(badJSON, mentioning: "/metadata is not a JSON array")

        let flat = directory.appendingPathComponent("flat.h5")
        try writeIndex(flat, embeddings: Tensor(shape: [3], repeating: 1), metadata: "[\(record)]")
        expectCorrupt(flat, mentioning: "/embeddings has shape [3], expected [N, D]")

        let zeroRow = directory.appendingPathComponent("zero.h5")
        try writeIndex(zeroRow, embeddings: Tensor(zeros: [1, 3]), metadata: "[\(record)]")
        expectCorrupt(zeroRow, mentioning: "row 0 has norm 0.0")

        let noHash = directory.appendingPathComponent("no-hash.h5")
        try HDF5File.writeAtomically(to: noHash.path) { file in
            try file.root.setAttribute("format", "vitrine-embedding-index")
        }
        expectCorrupt(noHash, mentioning: "checkpoint_hash")
    }

    @Test func invalidArguments() throws {
        let (index, _) = try randomIndex(n: 12, d: 4, seed: 9)
        let query = try Tensor(shape: [4], values: [1, 0, 0, 0])
        #expect(throws: SearchError.invalidArgument("query", "must be [4] or [1, 4], got [5]")) {
            try index.search(Tensor(zeros: [5]), k: 3)
        }
        #expect(throws: SearchError.invalidArgument("query row", "row 0 has norm 0.0; every vector must be finite and non-zero")) {
            try index.search(Tensor(zeros: [4]), k: 3)
        }
        #expect(throws: SearchError.invalidArgument("k", "must be at least 1, got 0")) {
            try index.search(query, k: 0)
        }
        #expect(throws: SearchError.invalidArgument("excluding", "row 12 is outside the index's rows 0..<12")) {
            try index.search(query, k: 2, excluding: 12)
        }
        #expect(throws: SearchError.invalidArgument(
            "--category", "'hats' is not a category of this index; it has earrings, necklace, ring")) {
            try index.search(query, k: 2, category: "hats")
        }
        #expect(throws: SearchError.invalidArgument("queries", "must be [Q, 4], got [2, 3]")) {
            try index.search(batch: Tensor(zeros: [2, 3]), k: 2)
        }
        #expect(throws: SearchError.invalidArgument("excluding", "has 1 entries for 2 queries; give one per query")) {
            try index.search(batch: Tensor(shape: [2, 4], repeating: 1), k: 2, excluding: [0])
        }
        #expect(throws: SearchError.invalidArgument(
            "EmbeddingIndex", "3 embedding rows but 2 metadata entries; give one per row")) {
            try EmbeddingIndex(embeddings: Tensor(shape: [3, 2], repeating: 1),
                               items: Array(index.items.prefix(2)), checkpointHash: "")
        }
        #expect(throws: SearchError.invalidArgument("--mode", "'nearest' is not a search mode; use one of any, same-category, other-brand, other-category")) {
            try SearchMode(parsing: "nearest")
        }
        #expect(try SearchMode(parsing: "other-brand") == .otherBrand)
    }

    @Test func leaveOneOutEvaluationOnSeparatedClusters() throws {
        // Three products, three images each, on well-separated directions: every query's two
        // nearest are its own product, so Recall@1 = MAP@R = 1; Recall@K for K > N − 1 uses
        // every row.
        var values: [Float] = []
        for product in 0..<3 {
            for image in 0..<3 {
                var v: [Float] = [0, 0, 0]
                v[product] = 1
                v[(product + 1) % 3] = 0.05 * Float(image)
                values += v
            }
        }
        let items = (0..<9).map { ProductMetadata(productID: "p\($0 / 3)", category: "c\($0 / 3 % 2)", brand: "b\($0 % 2)") }
        let index = try EmbeddingIndex(embeddings: try Tensor(shape: [9, 3], values: values), items: items, checkpointHash: "")
        let report = try index.evaluateRetrieval(ks: [1, 50], batchSize: 4)
        #expect(report.recall(at: 1) == 1)
        #expect(report.recall(at: 50) == 1)
        #expect(report.mapAtR == 1)
        #expect(report.queries == 9)
        #expect(report.perCategoryRecallAt1 == ["c0": 1, "c1": 1])
        let other = try index.evaluateConstrained(mode: .otherCategory, k: 2)
        #expect(other.constraintShare == 1)
        #expect(other.unconstrainedShare < 1)
    }
}

@Suite struct SearchBenchmarkTests {
    /// Nearest rank: the q-quantile of n sorted values is the ⌈q·n⌉-th.
    @Test func quantileByNearestRank() {
        let values = (1...100).map(Double.init).shuffled()
        #expect(SearchBenchmark.quantile(values, 0.5) == 50)
        #expect(SearchBenchmark.quantile(values, 0.99) == 99)
        #expect(SearchBenchmark.quantile(values, 1) == 100)
        #expect(SearchBenchmark.quantile([3, 1, 2], 0.5) == 2)
        #expect(SearchBenchmark.quantile([], 0.5).isNaN)
    }
}
