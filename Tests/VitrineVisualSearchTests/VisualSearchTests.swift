import Foundation
import VitrineInference
import Testing
import VitrineData
import VitrineEngine
import VitrineExperiments
import VitrineImaging
import VitrineSearch
import VitrineSynth
import VitrineTestSupport
@testable import VitrineVisualSearch

/// A tiny generated catalog and two short embedding runs on it, shared by the tests.
final class SearchFixture: @unchecked Sendable {
    static let shared = Result { try SearchFixture() }

    let root: String
    let manifest: Manifest
    let checkpoint: String
    let otherCheckpoint: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-search-\(UUID().uuidString)").path
        let catalog = try Catalog(CatalogOptions(products: 12, imagesPerProduct: 3, size: 24, seed: 5,
                                                 competitors: 4, sketches: true))
        try catalog.write(to: root + "/catalog")
        manifest = try Manifest(path: root + "/catalog/manifest.csv")
        checkpoint = try Self.train(root, "a", seed: 1)
        otherCheckpoint = try Self.train(root, "b", seed: 2)
    }

    /// A two-step embedding run on the catalog; returns its last checkpoint.
    static func train(_ root: String, _ name: String, seed: Int) throws -> String {
        let config = """
            task: embedding
            run: {name: \(name), reports_dir: \(root)/reports, checkpoints_dir: \(root)/checkpoints}
            data: {source: catalog, manifest: \(root)/catalog/manifest.csv, image_size: 24}
            sampler: {p: 3, k: 2}
            model: {width: 4, embedding_dim: 8}
            train: {steps: 2, seed: \(seed), threads: 2}
            metrics: {best: test/recall@1}
            """
        try config.write(toFile: root + "/\(name).yaml", atomically: true, encoding: .utf8)
        try Experiment.run(file: root + "/\(name).yaml", context: .silent)
        return root + "/checkpoints/\(name)/last.h5"
    }

    func index(source: String = "own", kind: String = "photo", checkpoint: String? = nil) throws -> EmbeddingIndex {
        let (network, config) = try EmbeddingNetworks.load(checkpoint: checkpoint ?? self.checkpoint)
        return try CatalogIndexer.build(manifest: manifest, selection: CatalogSelection(source: source, kind: kind),
                                        network: network, inputShape: config.inputShape)
    }
}

@Suite(.serialized) struct VisualSearchTests {
    @Test func indexHoldsEverySelectedImageWithItsMetadata() throws {
        let fixture = try SearchFixture.shared.get()
        let index = try fixture.index()
        let own = fixture.manifest.rows.filter { $0["source"] == "own" && $0["kind"] == "photo" }
        #expect(index.count == own.count)
        #expect(index.items.map(\.productID) == own.map(\.productID))
        #expect(index.items.map(\.path) == own.map(\.path))
        #expect(index.items.allSatisfy { $0.price != nil })
        let (network, _) = try EmbeddingNetworks.load(checkpoint: fixture.checkpoint)
        #expect(index.checkpointHash == ModelFingerprint.of(network))
    }

    @Test func aCatalogPhotoFindsItselfFirst() throws {
        let fixture = try SearchFixture.shared.get()
        let index = try fixture.index()
        let (network, config) = try EmbeddingNetworks.load(checkpoint: fixture.checkpoint)
        let search = try ProductSearch(index: index, network: network, inputShape: config.inputShape)
        for row in [0, 7, index.count - 1] {
            let image = try PNG.read(URL(fileURLWithPath: fixture.manifest.directory + "/" + index.items[row].path))
            let matches = try search.search(image, k: 5)
            #expect(matches.count == 5)
            #expect(matches.first?.item.path == index.items[row].path)
            #expect(abs((matches.first?.score ?? 0) - 1) < 1e-4)
            #expect(zip(matches, matches.dropFirst()).allSatisfy { $0.score >= $1.score })
            // Products, not photos: each product once, with its best photo's score.
            #expect(Set(matches.map(\.item.productID)).count == matches.count)
            #expect(matches.map(\.rank) == Array(1...5))
            let images = try index.search(try search.embed(image), k: index.count)
            var best: [String: Float] = [:]
            for hit in images where best[index.items[hit.index].productID] == nil { best[index.items[hit.index].productID] = hit.score }
            let expected = best.sorted { $0.value > $1.value }.prefix(5)
            #expect(matches.map(\.score) == expected.map(\.value))
            // Another brand than the product the query looks like, every time.
            let others = try search.search(image, k: 5, mode: .otherBrand)
            #expect(others.allSatisfy { $0.item.brand != index.items[row].brand })
            // A gray or differently sized query is converted, not refused.
            let small = try image.gray().resized(height: 17, width: 17)
            #expect(try search.search(small, k: 3).count == 3)
        }
    }

    @Test func anIndexFromAnotherCheckpointIsRefused() throws {
        let fixture = try SearchFixture.shared.get()
        let index = try fixture.index(checkpoint: fixture.otherCheckpoint)
        let (network, config) = try EmbeddingNetworks.load(checkpoint: fixture.checkpoint)
        #expect(throws: VisualSearchError.self) {
            _ = try ProductSearch(index: index, network: network, inputShape: config.inputShape)
        }
        let file = URL(fileURLWithPath: fixture.root + "/other.h5")
        try index.save(to: file)
        #expect(throws: (any Error).self) {
            _ = try EmbeddingIndex.load(file, expectedCheckpointHash: ModelFingerprint.of(network))
        }
    }

    @Test func everyCompetitorProductGetsItsNearestOwnProduct() throws {
        let fixture = try SearchFixture.shared.get()
        let own = try fixture.index(), theirs = try fixture.index(source: "competitor")
        let matches = try CompetitorMatcher.match(own: own, competitor: theirs)
        #expect(matches.count == Set(theirs.items.map(\.productID)).count)
        // Independently: the best own product by brute force over mean embeddings.
        let ownProducts = try CompetitorMatcher.products(of: own), theirProducts = try CompetitorMatcher.products(of: theirs)
        let d = own.dimension
        for (q, match) in matches.enumerated() {
            var best = -Float.infinity, bestID = ""
            for p in 0..<ownProducts.count {
                var dot: Float = 0
                for j in 0..<d { dot += theirProducts.embeddings.data[q * d + j] * ownProducts.embeddings.data[p * d + j] }
                if dot > best { (best, bestID) = (dot, ownProducts.items[p].productID) }
            }
            #expect(match.own.productID == bestID)
            #expect(abs(match.similarity - best) < 1e-4)
            #expect(match.priceDifference == match.own.price! - match.competitor.price!)
        }
        let truth = Dictionary(uniqueKeysWithValues: matches.map { ($0.competitor.productID, $0.own.productID) })
        #expect(CompetitorMatcher.agreement(matches, analogueOf: truth) == (matches.count, matches.count))
        let wrong = truth.mapValues { _ in "p999999" }.merging(["c-unknown": ""]) { $1 }
        #expect(CompetitorMatcher.agreement(matches, analogueOf: wrong) == (0, matches.count))
        let csv = CompetitorMatcher.csv(matches).split(separator: "\n")
        #expect(csv.count == matches.count + 1)
        #expect(csv.first?.hasPrefix("competitor_product_id,") == true)
        #expect(throws: VisualSearchError.self) {
            _ = try CompetitorMatcher.match(own: own, competitor: try fixture.index(source: "competitor", checkpoint: fixture.otherCheckpoint))
        }
    }

    @Test func rerankEvaluationCountsBeforeAndAfter() throws {
        let fixture = try SearchFixture.shared.get()
        let (network, config) = try EmbeddingNetworks.load(checkpoint: fixture.checkpoint)
        let shape = config.inputShape
        let selection = CatalogSelection(splits: ["train"])
        let rows = fixture.manifest.rows.indices.filter { selection.includes(fixture.manifest.rows[$0]) }
        let index = try CatalogIndexer.build(manifest: fixture.manifest, selection: selection, network: network,
                                             inputShape: shape, rows: rows)
        // A threshold no cosine reaches matches nothing, so the order (and Recall@1) stays global.
        let inert = try LocalDescriptorReranker(network: network, inputShape: shape, grid: 3, threshold: 2)
        let same = try RerankEvaluation.run(manifest: fixture.manifest, rows: rows, index: index, reranker: inert, k: 5)
        #expect(same.queries == rows.count)
        #expect(same.recallAt1Reranked == same.recallAt1Global)
        #expect(same.recallAtKGlobal >= same.recallAt1Global)
        let active = try LocalDescriptorReranker(network: network, inputShape: shape, grid: 3, threshold: 0)
        let moved = try RerankEvaluation.run(manifest: fixture.manifest, rows: rows, index: index, reranker: active, k: 5)
        #expect(moved.recallAt1Global == same.recallAt1Global)
        #expect(moved.recallAt1Reranked <= moved.recallAtKGlobal, "re-ranking only reorders the top k")
    }

    @Test func aSketchQueryRuns() throws {
        let fixture = try SearchFixture.shared.get()
        let sketches = try fixture.index(kind: "sketch")
        #expect(sketches.count == 12, "one sketch per own product")
    }

    @Test func emptySelectionsAndNonImagesAreClearErrors() throws {
        let fixture = try SearchFixture.shared.get()
        #expect(throws: VisualSearchError.self) { _ = try fixture.index(source: "nobody") }
        let notPNG = fixture.root + "/query.png"
        try "not an image".write(toFile: notPNG, atomically: true, encoding: .utf8)
        #expect(throws: ImagingError.self) { _ = try PNG.read(URL(fileURLWithPath: notPNG)) }
    }

    @Test func theCommandsIndexSearchAndMatch() throws {
        let fixture = try SearchFixture.shared.get()
        let vitrine = try #require(builtVitrineExecutable, "build the vitrine executable first (swift build)")
        let manifest = fixture.root + "/catalog/manifest.csv", own = fixture.root + "/cli-own.h5"
        let competitor = fixture.root + "/cli-competitor.h5", matches = fixture.root + "/matches.csv"
        var run = try runProcess(vitrine, ["index", "--checkpoint", fixture.checkpoint, "--manifest", manifest, "--out", own])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("36 images of 12 products"))
        run = try runProcess(vitrine, ["index", "--checkpoint", fixture.checkpoint, "--manifest", manifest,
                                       "--source", "competitor", "--out", competitor])
        #expect(run.status == 0, "\(run.err)")
        let query = fixture.manifest.absolutePath(of: 0)
        run = try runProcess(vitrine, ["search", "--index", own, "--checkpoint", fixture.checkpoint, "--image", query,
                                       "--k", "4", "--json"])
        #expect(run.status == 0, "\(run.err)")
        let results = try JSONDecoder().decode([ProductMatch].self, from: run.output)
        #expect(results.count == 4 && results.first?.item.path == fixture.manifest.rows[0].path)
        run = try runProcess(vitrine, ["search", "--index", own, "--checkpoint", fixture.checkpoint, "--image", query,
                                       "--k", "4", "--json", "--rerank", "--catalog", fixture.manifest.directory])
        #expect(run.status == 0, "\(run.err)")
        let reranked = try JSONDecoder().decode([ProductMatch].self, from: run.output)
        #expect(Set(reranked.map(\.item.path)) == Set(results.map(\.item.path)), "re-ranking reorders, never replaces")
        #expect(reranked.map(\.rank) == [1, 2, 3, 4])
        run = try runProcess(vitrine, ["search", "--index", own, "--checkpoint", fixture.checkpoint, "--image", query, "--rerank"])
        #expect(run.status != 0 && run.err.contains("--catalog"))
        run = try runProcess(vitrine, ["match", "--index", own, "--competitor", competitor, "--out", matches, "--truth", manifest])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("imitations recognised:"), "\(run.out)")
        #expect(try String(contentsOfFile: matches, encoding: .utf8).split(separator: "\n").count == 5, "header + 4 competitors")
        // Another checkpoint's index, a missing index and a bad mode are errors, not crashes.
        run = try runProcess(vitrine, ["search", "--index", own, "--checkpoint", fixture.otherCheckpoint, "--image", query])
        #expect(run.status != 0 && run.err.contains("another model"), "\(run.err)")
        run = try runProcess(vitrine, ["search", "--index", fixture.root + "/none.h5", "--checkpoint", fixture.checkpoint, "--image", query])
        #expect(run.status != 0 && run.exited)
        run = try runProcess(vitrine, ["search", "--index", own, "--checkpoint", fixture.checkpoint, "--image", query, "--mode", "cheapest"])
        #expect(run.status != 0 && run.err.contains("--mode must be one of"))
    }

    @Test func sizesBeyondTheIndexAreClampedNotOverflowed() throws {
        let fixture = try SearchFixture.shared.get()
        let index = try fixture.index()
        let (network, config) = try EmbeddingNetworks.load(checkpoint: fixture.checkpoint)
        let search = try ProductSearch(index: index, network: network, inputShape: config.inputShape)
        let image = try PNG.read(URL(fileURLWithPath: fixture.manifest.directory + "/" + index.items[0].path))
        // k × photos per product overflowed here (the review's --k 1152921504606846976 = 2^60).
        let all = try search.search(image, k: 1 << 60)
        #expect(all.count == Set(index.items.map(\.productID)).count)
        #expect(try index.search(try search.embed(image), k: .max).count == index.count)
        #expect(throws: SearchError.self) { _ = try search.search(image, k: 0) }
    }

    @Test func anUnknownSplitListsTheManifestsSplits() throws {
        let fixture = try SearchFixture.shared.get()
        let splits = Set(fixture.manifest.rows.map(\.split)).sorted()
        do {
            try CatalogSelection(splits: ["nosuch", splits[0]]).check(against: fixture.manifest)
            Issue.record("an unknown split was accepted")
        } catch let error as VisualSearchError {
            #expect(error.description.contains("no split nosuch in the manifest; it has \(splits.joined(separator: ", "))"))
            #expect(error.description.contains("--splits"))
        }
        try CatalogSelection(splits: Set(splits)).check(against: fixture.manifest)
        #expect(CatalogSelection(splits: ["val", "test"]).description == "source own, kind photo, splits test, val")
    }

    @Test func theCommandsBoundTheirSizeArguments() throws {
        let fixture = try SearchFixture.shared.get()
        let vitrine = try #require(builtVitrineExecutable, "build the vitrine executable first (swift build)")
        let manifest = fixture.root + "/catalog/manifest.csv", own = fixture.root + "/bounds-own.h5"
        let query = fixture.manifest.absolutePath(of: 0)
        let search = ["search", "--index", own, "--checkpoint", fixture.checkpoint, "--image", query]
        // Each: arguments, then what standard error must say. None may trap (a signal).
        let refused: [([String], String)] = [
            (search + ["--k", "1152921504606846976"], "--k must be within 1...1000000, got 1152921504606846976"),
            (search + ["--k", "0"], "--k must be within 1...1000000, got 0"),
            (search + ["--max-pixels", "0"], "--max-pixels must be within 1...268435456, got 0"),
            (["index", "--checkpoint", fixture.checkpoint, "--manifest", manifest, "--out", own, "--batch-size", "99999999999"],
             "--batch-size must be within 1...4096, got 99999999999"),
            (["rerank-eval", "--checkpoint", fixture.checkpoint, "--manifest", manifest, "--grid", "4611686018427387904"],
             "--grid must be within 1...64"),
            (["datagen", "retail", "--out", fixture.root + "/never", "--products", "0"], "--products must be within 1...1000000, got 0"),
            (["datagen", "retail", "--out", fixture.root + "/never", "--days", "9223372036854775807"], "--days must be within 1...100000"),
            (["datagen", "retail", "--out", fixture.root + "/never", "--products", "3", "--days", "30", "--orders", "1000000000"],
             "--orders must be within 1...1000, got 1000000000"),
            (["datagen", "retail", "--out", fixture.root + "/never", "--products", "1000000", "--days", "100000"],
             "--products × --days must be at most 100,000,000 product-days"),
            (["datagen", "catalog", "--out", fixture.root + "/never", "--images-per-product", "1152921504606846976"],
             "--images-per-product must be within 1...1000"),
            (["datagen", "photoshoots", "--out", fixture.root + "/never", "--images=-3"], "--images must be within 1...10000000, got -3"),
        ]
        for (arguments, message) in refused {
            let run = try runProcess(vitrine, arguments)
            #expect(run.exited && run.status != 0, "\(arguments): \(run.status)")
            #expect(run.err.contains(message), "\(arguments): \(run.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/never"))
        // An unknown split names the splits the manifest has instead of Swift debug text.
        var run = try runProcess(vitrine, ["index", "--checkpoint", fixture.checkpoint, "--manifest", manifest, "--out", own,
                                           "--splits", "nosuch"])
        #expect(run.exited && run.status != 0)
        #expect(run.err.contains("no split nosuch in the manifest; it has"), "\(run.err)")
        #expect(!run.err.contains("CatalogSelection("), "\(run.err)")
        // A huge k returns every product; a query over --max-pixels is refused with the limit.
        run = try runProcess(vitrine, ["index", "--checkpoint", fixture.checkpoint, "--manifest", manifest, "--out", own])
        #expect(run.status == 0, "\(run.err)")
        run = try runProcess(vitrine, search + ["--k", "1000000", "--json"])
        #expect(run.status == 0, "\(run.err)")
        #expect(try JSONDecoder().decode([ProductMatch].self, from: run.output).count == 12)
        run = try runProcess(vitrine, search + ["--max-pixels", "100"])
        #expect(run.exited && run.status != 0)
        #expect(run.err.contains("24×24 pixels, more than the limit of 100 pixels"), "\(run.err)")
        #expect(run.err.contains("--max-pixels"), "\(run.err)")
    }
}
