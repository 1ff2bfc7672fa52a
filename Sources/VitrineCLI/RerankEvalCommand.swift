import ArgumentParser
import Foundation
import VitrineInference
import VitrineData
import VitrineVisualSearch

/// `vitrine rerank-eval`: does re-ranking by local descriptors raise Recall@1?
struct RerankEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerank-eval",
        abstract: "Recall@1 on a held-out split with and without re-ranking by local patch descriptors.")

    @Option(help: "An embedding run's checkpoint.") var checkpoint: String
    @Option(help: "The catalog's manifest CSV.") var manifest: String
    @Option(help: "The split whose own product photos query each other.") var split = "test"
    @Option(help: "How many global results to re-rank.") var k = 10
    @Option(help: "Patches per side (grid² patches per image).") var grid = 12
    @Option(help: "Patch side as a fraction of the image side.") var patchFraction = 0.375
    @Option(help: "Smallest cosine similarity for two patches to match.") var threshold: Float = 0.6
    @Option(help: "Evaluate only the first N images of the split (0: all).") var limit = 0

    func validate() throws {
        try OptionRange.check("k", k, 1...1000)
        try OptionRange.check("grid", grid, 1...64)
        try OptionRange.check("patch-fraction", patchFraction, 0.01...1)
        try OptionRange.check("threshold", threshold, -1...1)
        try OptionRange.check("limit", limit, 0...OptionRange.count.upperBound)
    }

    func run() throws {
        let (network, config) = try EmbeddingNetworks.load(checkpoint: checkpoint)
        let catalog = try Manifest(path: manifest)
        let inputShape = config.inputShape
        let selection = CatalogSelection(splits: [split])
        var rows = catalog.rows.indices.filter { selection.includes(catalog.rows[$0]) }
        if limit > 0 { rows = Array(rows.prefix(limit)) }
        let index = try CatalogIndexer.build(manifest: catalog, selection: selection, network: network,
                                             inputShape: inputShape, rows: rows)
        let reranker = try LocalDescriptorReranker(network: network, inputShape: inputShape, grid: grid,
                                                   patchFraction: patchFraction, threshold: threshold)
        print("re-ranking the top \(k) of \(rows.count) \(split) images by \(grid * grid) patch descriptors each")
        let result = try RerankEvaluation.run(manifest: catalog, rows: rows, index: index, reranker: reranker, k: k) { done, total in
            print("described \(done)/\(total) images")
        }
        print(String(format: "Recall@1: global %.4f, re-ranked %.4f (%+.4f); Recall@%d of the global search %.4f; "
                     + "%d queries, %.1f ms per query with descriptors",
                     result.recallAt1Global, result.recallAt1Reranked, result.recallAt1Reranked - result.recallAt1Global,
                     k, result.recallAtKGlobal, result.queries, result.secondsPerQuery * 1e3))
    }
}
