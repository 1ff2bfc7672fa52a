import ArgumentParser
import Foundation
import VitrineData
import VitrineSearch
import VitrineVisualSearch

/// `vitrine match`: the closest own product to every competitor product.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match", abstract: "For every competitor product, the most similar own product and the price difference.")

    @Option(help: "The index of your own catalog.") var index: String
    @Option(help: "The index of the competitor's catalog (same checkpoint).") var competitor: String
    @Option(help: "Where to write the matches (CSV).") var out: String
    @Option(help: "A manifest with an analogue_of column (the built-in catalog's): also report how often the match is the imitated product.")
    var truth: String?

    func run() throws {
        let own = try EmbeddingIndex.load(URL(fileURLWithPath: index))
        let theirs = try EmbeddingIndex.load(URL(fileURLWithPath: competitor))
        let matches = try CompetitorMatcher.match(own: own, competitor: theirs)
        try CompetitorMatcher.csv(matches).write(toFile: out, atomically: true, encoding: .utf8)
        let mean = matches.isEmpty ? 0 : matches.map { Double($0.similarity) }.reduce(0, +) / Double(matches.count)
        print(String(format: "matches: %@  (%d competitor products, mean similarity %.3f)", out, matches.count, mean))
        if let truth {
            let manifest = try Manifest(path: truth)
            var analogueOf: [String: String] = [:]
            for row in manifest.rows { if let original = row["analogue_of"] { analogueOf[row.productID] = original } }
            let (matched, known) = CompetitorMatcher.agreement(matches, analogueOf: analogueOf)
            print(String(format: "imitations recognised: %d of %d competitor products with a known original (%.1f%%)",
                         matched, known, known > 0 ? 100 * Double(matched) / Double(known) : 0))
        }
    }
}
