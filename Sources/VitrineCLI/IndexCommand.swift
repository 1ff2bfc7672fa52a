import ArgumentParser
import Foundation
import VitrineInference
import VitrineData
import VitrineSearch
import VitrineVisualSearch

/// `vitrine index`: embeds a catalog with a trained embedding checkpoint.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Embed a catalog's images with a checkpoint and write a search index (HDF5).")

    @Option(help: "An embedding run's checkpoint (checkpoints/<run>/best.h5).") var checkpoint: String
    @Option(help: "The catalog's manifest CSV.") var manifest: String
    @Option(help: "Where to write the index.") var out: String
    @Option(help: "Rows to index by the manifest's source column: own, competitor or all.") var source = "own"
    @Option(help: "Rows to index by the manifest's kind column: photo, sketch or all.") var kind = "photo"
    @Option(help: "Only these splits (comma-separated); all when omitted.") var splits: String?
    @Option(help: "Images per forward pass (1...4096).") var batchSize = 64

    func validate() throws {
        try OptionRange.check("batch-size", batchSize, OptionRange.batch)
    }

    func run() throws {
        let start = Date()
        let (network, config) = try EmbeddingNetworks.load(checkpoint: checkpoint)
        let catalog = try Manifest(path: manifest)
        let selection = CatalogSelection(source: source == "all" ? nil : source, kind: kind == "all" ? nil : kind,
                                         splits: splits.map { Set($0.split(separator: ",").map(String.init)) })
        var reported = 0
        let index = try CatalogIndexer.build(
            manifest: catalog, selection: selection, network: network,
            inputShape: config.inputShape, batchSize: batchSize) { done, total in
                if done == total || done - reported >= 1000 {
                    reported = done
                    print("embedded \(done)/\(total) images")
                }
            }
        try index.save(to: URL(fileURLWithPath: out))
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "index: %@  (%d images of %d products, D = %d, %.1f s, %.0f images/s; model %@)",
                     out, index.count, Set(index.items.map(\.productID)).count, index.dimension, seconds,
                     Double(index.count) / seconds, index.checkpointHash))
    }
}
