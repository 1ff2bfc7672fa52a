import VitrineData
import VitrineEngine
import VitrineSearch
import VitrineSynth
import Foundation

/// The images an embedding experiment trains and evaluates on.
///
/// Training labels are dense indices `0..<trainClassCount` (products or classes), as the
/// normalized-softmax classifier needs. Evaluation sets hold only products or classes absent
/// from training, so the figures measure how the embedding generalizes to new goods.
struct EmbeddingData {
    /// One retrieval evaluation: every image is a query against all the others.
    struct EvaluationSet {
        let name: String
        let images: LabelledImages
        /// A category per image, for per-category Recall@1; nil when the data has none.
        let categories: [String]?
        /// The manifest rows of the images (brand, attributes, price), for catalogs.
        var rows: [ManifestRow]? = nil

        /// What a search index keeps of each image: its product (the class for class-level
        /// data), category, and for catalogs brand, attributes and price.
        var metadata: [ProductMetadata] {
            if let rows {
                return rows.map { ProductMetadata(manifestRow: $0) }
            }
            return images.labels.indices.map { i in
                // Classes stand in for products; their names read better in reports than numbers.
                ProductMetadata(productID: categories?[i] ?? String(images.labels[i]), category: categories?[i] ?? "", brand: "")
            }
        }
    }

    let train: LabelledImages
    let trainClassCount: Int
    let evaluation: [EvaluationSet]

    /// The data `settings` describe; `log` hears about a catalog rendered or read as it is.
    init(_ settings: EmbeddingDataSettings, log: (RunEvent) -> Void) throws {
        switch settings.source {
        case .catalog:
            try self.init(catalog: settings, log: log)
        case .fashionMNIST:
            try self.init(fashionMNIST: settings)
        }
    }

    /// A product catalog with a manifest (`vitrine datagen catalog` writes one): own products'
    /// photos, labelled by product; `train` products for training, every other split (`val`,
    /// `test`) evaluated on its own. Sketches and competitor products are left out here.
    init(catalog settings: EmbeddingDataSettings, log: (RunEvent) -> Void) throws {
        let manifest = try settings.catalog.open(log: log)
        let path = manifest.file
        let size = settings.imageSize
        func isOwnPhoto(_ row: ManifestRow) -> Bool { (row["kind"] ?? "photo") == "photo" && (row["source"] ?? "own") == "own" }
        func limited(_ rows: [Int], _ limit: Int?) -> [Int] { limit.map { Array(rows.prefix($0)) } ?? rows }
        let trainRows = limited(manifest.rows.indices.filter { manifest.rows[$0].split == "train" && isOwnPhoto(manifest.rows[$0]) },
                                settings.trainLimit)
        guard !trainRows.isEmpty else {
            throw ExperimentError("\(path): no own product photos in split 'train'")
        }
        let (labels, productIndex) = Self.denseLabels(trainRows.map { manifest.rows[$0].productID })
        train = LabelledImages(images: try ManifestImages.load(manifest, rows: trainRows, size: size), labels: labels)
        trainClassCount = productIndex.count
        var sets: [EvaluationSet] = []
        for split in manifest.splits where split != "train" {
            let rows = limited(manifest.rows.indices.filter { manifest.rows[$0].split == split && isOwnPhoto(manifest.rows[$0]) },
                               settings.testLimit)
            guard !rows.isEmpty else { continue }
            if let leaked = rows.first(where: { productIndex[manifest.rows[$0].productID] != nil }) {
                throw ExperimentError("\(path): line \(manifest.rows[leaked].line): product \(manifest.rows[leaked].productID) "
                    + "is in both train and \(split); held-out products must be new")
            }
            let (dense, _) = Self.denseLabels(rows.map { manifest.rows[$0].productID })
            sets.append(EvaluationSet(
                name: split, images: LabelledImages(images: try ManifestImages.load(manifest, rows: rows, size: size), labels: dense),
                categories: rows.map { manifest.rows[$0].category }, rows: rows.map { manifest.rows[$0] }))
        }
        guard !sets.isEmpty else {
            throw ExperimentError("\(path): no split besides 'train' to evaluate on (expected val or test)")
        }
        // Test first: the trainer evaluates the first split during training.
        evaluation = sets.sorted { ($0.name == "test" ? 0 : 1, $0.name) < ($1.name == "test" ? 0 : 1, $1.name) }
    }

    /// Fashion-MNIST. `held_out_classes`: train on `data.train_classes`, retrieve among the test
    /// images of the other classes. `all_classes`: train on all ten, retrieve among the test
    /// images (the class-level protocol).
    init(fashionMNIST settings: EmbeddingDataSettings) throws {
        let directory = settings.directory
        let trainSet = try IDXClassificationSet.fashionMNIST(split: "train", directory: directory, limit: settings.trainLimit)
        let testSet = try IDXClassificationSet.fashionMNIST(split: "test", directory: directory, limit: settings.testLimit)
        let allTrain = LabelledImages(images: trainSet.images, labels: trainSet.labels)
        let allTest = LabelledImages(images: testSet.images, labels: testSet.labels)
        let names = IDXClassificationSet.fashionMNISTClasses
        switch settings.classProtocol {
        case .allClasses:
            train = allTrain
            trainClassCount = names.count
            evaluation = [EvaluationSet(name: "test", images: allTest, categories: allTest.labels.map { names[$0] })]
        case .heldOutClasses:
            let trainClasses = settings.trainClasses
            if let bad = trainClasses.first(where: { !names.indices.contains($0) }) {
                throw ExperimentError("\(settings.configFile): data.train_classes: class \(bad) is not a Fashion-MNIST class (0-9)")
            }
            let seen = Set(trainClasses)
            guard !seen.isEmpty, seen.count < names.count else {
                throw ExperimentError("\(settings.configFile): data.train_classes: need between 1 and \(names.count - 1) "
                    + "distinct classes so that some are held out, got \(trainClasses)")
            }
            let dense = Dictionary(uniqueKeysWithValues: seen.sorted().enumerated().map { ($1, $0) })
            let kept = allTrain.filter { seen.contains($0) }
            train = LabelledImages(images: kept.images, labels: kept.labels.map { dense[$0]! })
            trainClassCount = seen.count
            let heldOut = allTest.filter { !seen.contains($0) }
            evaluation = [EvaluationSet(name: "test", images: heldOut, categories: heldOut.labels.map { names[$0] })]
        }
    }

    /// Product ids numbered `0, 1, ...` in order of first appearance.
    static func denseLabels(_ ids: [String]) -> ([Int], [String: Int]) {
        var index: [String: Int] = [:]
        let labels = ids.map { id -> Int in
            if let n = index[id] { return n }
            index[id] = index.count
            return index.count - 1
        }
        return (labels, index)
    }
}
