import VitrineData

/// The own product photos (or packshots, `data.kind`) of a catalog manifest (`data.source: catalog`), selected by
/// `data.select.*`, with the manifest columns of `data.attributes` as value indices: what a
/// conditional GAN is conditioned on and what the attribute classifier predicts. Training
/// images are the manifest's `train` split; held-out images its `test` split (`val` when there
/// is none): products never seen in training. Pixels in [0, 1].
struct CatalogImages {
    let attributes: [AttributeVocabulary]
    let train: AttributedImages
    let test: AttributedImages

    init(_ settings: ImageDataSettings, log: (RunEvent) -> Void) throws {
        let manifest = try settings.catalog.open(log: log)
        let chosen = settings.selection
        let own = manifest.rows.indices.filter {
            (manifest.rows[$0]["kind"] ?? "photo") == chosen.kind.rawValue && (manifest.rows[$0]["source"] ?? "own") == "own"
        }
        guard !own.isEmpty else {
            throw ExperimentError("\(chosen.kindOrigin): data.kind: \(manifest.file) has no own images of kind '\(chosen.kind.rawValue)'"
                + (chosen.kind == .packshot ? "; render a catalog with data.packshots_per_product > 0 into a new folder "
                    + "(or `vitrine datagen catalog --packshots N`)" : ""))
        }
        let selected: [Int]
        do { selected = try chosen.selection.rows(of: manifest, among: own) } catch let error as SelectionError {
            throw ExperimentError("\(chosen.selectionOrigin): data.select: \(error)")
        }
        let known = Manifest.requiredColumns + manifest.attributeColumns
        if let unknown = chosen.attributes.first(where: { !known.contains($0) }) {
            throw ExperimentError("\(chosen.attributesOrigin): data.attributes: '\(unknown)' is not a column of "
                + "\(manifest.file); its columns are \(known.joined(separator: ", "))")
        }
        attributes = chosen.attributes.map { column in
            AttributeVocabulary(name: column, collecting: selected.map { manifest.rows[$0][column] ?? "" })
        }
        let heldOutSplit = manifest.splits.contains("test") ? "test" : "val"
        func split(_ name: String, limit: Int?) -> [Int] {
            let rows = selected.filter { manifest.rows[$0].split == name }
            return limit.map { Array(rows.prefix($0)) } ?? rows
        }
        let (trainIndices, testIndices) = (split("train", limit: settings.trainLimit), split(heldOutSplit, limit: settings.testLimit))
        guard !trainIndices.isEmpty, !testIndices.isEmpty else {
            throw ExperimentError("\(manifest.file): the selection (\(chosen.selection.filters.map(\.description).joined(separator: "; ")), "
                + "top share \(chosen.selection.topShare)) keeps \(trainIndices.count) training and \(testIndices.count) held-out "
                + "(\(heldOutSplit)) own photos; it needs some of each")
        }
        let vocabularies = attributes
        func load(_ rows: [Int]) throws -> AttributedImages {
            AttributedImages(images: try ManifestImages.load(manifest, rows: rows, size: settings.catalog.imageSize),
                             attributes: rows.map { row in vocabularies.map { $0.index(of: manifest.rows[row][$0.name] ?? "")! } })
        }
        train = try load(trainIndices)
        test = try load(testIndices)
    }
}
