import ArgumentParser
import Foundation
import VitrineSearch
import VitrineVisualSearch

/// `vitrine match`: the closest own product to every competitor product.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match", abstract: "For every competitor product, the most similar own product and the price difference.")

    @Option(help: "The index of your own catalog.") var index: String
    @Option(help: "The index of the competitor's catalog (same checkpoint).") var competitor: String
    @Option(help: "Where to write the matches (CSV).") var out: String

    func run() throws {
        let own = try EmbeddingIndex.load(URL(fileURLWithPath: index))
        let theirs = try EmbeddingIndex.load(URL(fileURLWithPath: competitor))
        let matches = try CompetitorMatcher.match(own: own, competitor: theirs)
        try CompetitorMatcher.csv(matches).write(toFile: out, atomically: true, encoding: .utf8)
        let mean = matches.isEmpty ? 0 : matches.map { Double($0.similarity) }.reduce(0, +) / Double(matches.count)
        print(String(format: "matches: %@  (%d competitor products, mean similarity %.3f)", out, matches.count, mean))
    }
}
