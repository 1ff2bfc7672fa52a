import ArgumentParser
import Foundation
import VitrineInference
import VitrineImaging
import VitrineSearch
import VitrineVisualSearch

/// `vitrine search`: the products that look most like a photo or a sketch.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find the products most similar to a photo or sketch.")

    @Option(help: "An index written by `vitrine index`.") var index: String
    @Option(help: "The checkpoint the index was built with.") var checkpoint: String
    @Option(help: "The query image (PNG; any size, gray or colour).") var image: String
    @Option(help: "How many results (1...1000000; more than the index holds returns them all).") var k = 10
    @Option(help: "any, same-category, other-brand or other-category (relative to the query's nearest product).")
    var mode = "any"
    @Option(help: "Only products of this category.") var category: String?
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Re-rank the results by local patch descriptors (needs --catalog; ~150 ms per result).") var rerank = false
    @Option(help: "The folder the index's image paths are relative to (the manifest's folder), for --rerank.")
    var catalog: String?
    @Option(name: .customLong("max-pixels"),
            help: "The largest query image accepted, in pixels (width × height; default 16777216 = 4096 × 4096, at most 268435456).")
    var maxPixels = PNGLimits.queries.maxPixels

    func validate() throws {
        try OptionRange.check("k", k, OptionRange.results)
        try OptionRange.check("max-pixels", maxPixels, 1...PNG.maximumPixels)
    }

    func run() throws {
        guard let searchMode = SearchMode(rawValue: mode) else {
            throw ValidationError("--mode must be one of \(SearchMode.allCases.map(\.rawValue).joined(separator: ", ")), got '\(mode)'")
        }
        // The query first: a refused image costs milliseconds, not a model load.
        let query: Image
        do {
            query = try PNG.read(URL(fileURLWithPath: image), limits: PNGLimits(maxPixels: maxPixels))
        } catch let ImagingError.tooLarge(file, width, height, limit) {
            throw ValidationError("\(file): the query image is \(width)×\(height) pixels, more than the limit of "
                + "\(limit) pixels; downscale it, or raise the limit with --max-pixels (at most \(PNG.maximumPixels))")
        }
        let (network, config) = try EmbeddingNetworks.load(checkpoint: checkpoint)
        let loaded = try EmbeddingIndex.load(URL(fileURLWithPath: index))
        let search = try ProductSearch(index: loaded, network: network, inputShape: config.inputShape)
        let start = Date()
        var matches = try search.search(query, k: k, mode: searchMode, category: category)
        if rerank {
            guard let catalog else { throw ValidationError("--rerank needs --catalog DIR, the folder of the indexed images") }
            let reranker = try LocalDescriptorReranker(network: network, inputShape: search.inputShape)
            let candidates = try matches.map { try reranker.descriptors(of: PNG.read(URL(fileURLWithPath: catalog + "/" + $0.item.path))) }
            let hits = matches.indices.map { SearchHit(index: $0, score: matches[$0].score) }
            let order = try reranker.rerank(hits, query: try reranker.descriptors(of: query)) { candidates[$0] }
            matches = order.enumerated().map { rank, hit in
                var match = matches[hit.index]
                match.rank = rank + 1
                return match
            }
        }
        let milliseconds = Date().timeIntervalSince(start) * 1000
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(matches), as: UTF8.self))
            return
        }
        print("query \(image): \(matches.count) results (mode \(mode)\(rerank ? ", re-ranked by local descriptors" : "")) in \(String(format: "%.1f", milliseconds)) ms")
        print("rank  score   product       category    brand        price    image")
        for m in matches {
            print(String(format: "%4d  %.4f  %@  %@  %@  %@  %@", m.rank, m.score,
                         m.item.productID.padding(toLength: 12, withPad: " ", startingAt: 0),
                         m.item.category.padding(toLength: 10, withPad: " ", startingAt: 0),
                         m.item.brand.padding(toLength: 11, withPad: " ", startingAt: 0),
                         (m.item.price.map { String(format: "%.2f", $0) } ?? "-").padding(toLength: 7, withPad: " ", startingAt: 0),
                         m.item.path))
        }
    }
}
