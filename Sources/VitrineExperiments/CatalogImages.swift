import Foundation
import VitrineConfig
import VitrineData

/// The own product photos of a catalog manifest (`data.source: catalog`), selected by
/// `data.select.*`, with the manifest columns of `data.attributes` as value indices: what a
/// conditional GAN is conditioned on and what the attribute classifier predicts. Training
/// images are the manifest's `train` split; held-out images its `test` split (`val` when there
/// is none): products never seen in training. Pixels in [0, 1].
struct CatalogImages {
    let attributes: [AttributeVocabulary]
    let train: AttributedImages
    let test: AttributedImages
    /// The manifest rows of the training images, in order.
    let trainRows: [ManifestRow]

    init(_ config: ResolvedConfig) throws {
        let manifest = try Self.openManifest(config)
        let selection = try Self.selection(config)
        let own = manifest.rows.indices.filter {
            (manifest.rows[$0]["kind"] ?? "photo") == "photo" && (manifest.rows[$0]["source"] ?? "own") == "own"
        }
        let selected: [Int]
        do { selected = try selection.rows(of: manifest, among: own) } catch let error as SelectionError {
            throw ExperimentError("\(Self.origin(config, "data.select.where")): data.select: \(error)")
        }
        let columns = config.strings("data.attributes")
        let known = Manifest.requiredColumns + manifest.attributeColumns
        if let unknown = columns.first(where: { !known.contains($0) }) {
            throw ExperimentError("\(Self.origin(config, "data.attributes")): data.attributes: '\(unknown)' is not a column of "
                + "\(manifest.file); its columns are \(known.joined(separator: ", "))")
        }
        attributes = columns.map { column in
            AttributeVocabulary(name: column, collecting: selected.map { manifest.rows[$0][column] ?? "" })
        }
        let heldOutSplit = manifest.splits.contains("test") ? "test" : "val"
        func split(_ name: String, limit key: String) -> [Int] {
            let rows = selected.filter { manifest.rows[$0].split == name }
            return config.int(key) > 0 ? Array(rows.prefix(config.int(key))) : rows
        }
        let (trainIndices, testIndices) = (split("train", limit: "data.train_limit"), split(heldOutSplit, limit: "data.test_limit"))
        guard !trainIndices.isEmpty, !testIndices.isEmpty else {
            throw ExperimentError("\(manifest.file): the selection (\(selection.filters.map(\.description).joined(separator: "; ")), "
                + "top share \(selection.topShare)) keeps \(trainIndices.count) training and \(testIndices.count) held-out "
                + "(\(heldOutSplit)) own photos; it needs some of each")
        }
        let size = config.int("data.image_size")
        let vocabularies = attributes
        func load(_ rows: [Int]) throws -> AttributedImages {
            AttributedImages(images: try ManifestImages.load(manifest, rows: rows, size: size),
                             attributes: rows.map { row in vocabularies.map { $0.index(of: manifest.rows[row][$0.name] ?? "")! } })
        }
        train = try load(trainIndices)
        test = try load(testIndices)
        trainRows = trainIndices.map { manifest.rows[$0] }
    }

    /// `data.select.*` as a selection; a malformed filter names its line.
    static func selection(_ config: ResolvedConfig) throws -> ManifestSelection {
        do {
            return ManifestSelection(filters: try config.strings("data.select.where").map(ManifestSelection.Filter.init(parsing:)),
                                     topShare: config.double("data.select.top_share"), rankBy: config.string("data.select.by"),
                                     rankWithin: config.string("data.select.within"))
        } catch let error as SelectionError {
            throw ExperimentError("\(origin(config, "data.select.where")): data.select.where: \(error)")
        }
    }

    static func origin(_ config: ResolvedConfig, _ key: String) -> String {
        config.origin(key).map { "\($0)" } ?? config.source
    }

    /// The manifest of `data.manifest`, rendering the built-in catalog there first when it does
    /// not exist and `data.generate` allows it.
    static func openManifest(_ config: ResolvedConfig) throws -> Manifest {
        let path = config.string("data.manifest")
        guard !path.isEmpty else {
            throw ExperimentError("\(config.source): data.manifest: required when data.source is catalog "
                + "(make one with `vitrine datagen catalog --out DIR`)")
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard config.bool("data.generate") else {
                throw ExperimentError("\(config.source): data.manifest: \(path) does not exist; make it with "
                    + "`vitrine datagen catalog --out \(URL(fileURLWithPath: path).deletingLastPathComponent().path)` "
                    + "or set data.generate: true")
            }
            try EmbeddingData.generateCatalog(config, into: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        } else if let note = EmbeddingData.renderedOptionsNote(config, manifest: path) {
            print(note)
        }
        return try Manifest(path: path)
    }
}
