import VitrineConfig
import VitrineData

/// The `data.*` of a task that learns from labelled images (classification, gan), decoded
/// once: where the images come from, and for catalogs which photos and which columns.
struct ImageDataSettings: Equatable, Sendable {
    enum Source: String, CaseIterable, Sendable {
        /// Debian's dataset-fashion-mnist.
        case fashionMNIST = "fashion_mnist"
        /// Generated shapes.
        case shapes
        /// Any IDX image and label files (classification).
        case idx
        /// Own product photos of a catalog manifest.
        case catalog
    }

    /// IDX image and label files (`data.source: idx`).
    struct IDXFiles: Equatable, Sendable {
        var trainImages, trainLabels, testImages, testLabels: String
    }

    var source: Source
    /// fashion_mnist: the folder holding the IDX files.
    var directory: String
    /// idx: the files (empty strings for tasks without them).
    var idx: IDXFiles
    /// The first N training and held-out images; nil means all.
    var trainLimit: Int?
    var testLimit: Int?
    /// shapes: how many images to generate.
    var shapesTrain: Int
    var shapesTest: Int
    /// shapes and catalog: the image side, and where it was set.
    var imageSize: Int
    var imageSizeOrigin: String
    /// catalog: the manifest and the catalog rendered when it is missing.
    var catalog: CatalogSourceSettings
    /// catalog: which photos, which columns.
    var selection: CatalogSelectionSettings
    /// The config file, for messages.
    var configFile: String

    init(_ config: ResolvedConfig) throws {
        func limit(_ key: String) -> Int? { config.int(key) > 0 ? config.int(key) : nil }
        func optional(_ key: String) -> String { config.schema[key] == nil ? "" : config.string(key) }
        source = try config.choice("data.source")
        directory = config.string("data.directory")
        idx = IDXFiles(trainImages: optional("data.train_images"), trainLabels: optional("data.train_labels"),
                       testImages: optional("data.test_images"), testLabels: optional("data.test_labels"))
        trainLimit = limit("data.train_limit")
        testLimit = limit("data.test_limit")
        shapesTrain = config.int("data.shapes_train")
        shapesTest = config.int("data.shapes_test")
        imageSize = config.int("data.image_size")
        imageSizeOrigin = config.origin("data.image_size").map { "\($0)" } ?? config.source
        catalog = CatalogSourceSettings(config)
        selection = try CatalogSelectionSettings(config)
        configFile = config.source
    }
}

/// `data.attributes` and `data.select.*`: the catalog columns a task learns and which own
/// product photos it uses.
struct CatalogSelectionSettings: Equatable, Sendable {
    /// Which of a product's own images: its photos in settings or its catalog packshots.
    enum Kind: String, CaseIterable, Sendable { case photo, packshot }
    var kind: Kind
    var kindOrigin: String
    var attributes: [String]
    var selection: ManifestSelection
    /// Where each was set, for messages (`file:line`).
    var attributesOrigin: String
    var selectionOrigin: String

    init(_ config: ResolvedConfig) throws {
        func origin(_ key: String) -> String { config.origin(key).map { "\($0)" } ?? config.source }
        kind = try config.choice("data.kind")
        kindOrigin = origin("data.kind")
        attributes = config.strings("data.attributes")
        attributesOrigin = origin("data.attributes")
        selectionOrigin = origin("data.select.where")
        do {
            selection = ManifestSelection(filters: try config.strings("data.select.where").map(ManifestSelection.Filter.init(parsing:)),
                                          topShare: config.double("data.select.top_share"), rankBy: config.string("data.select.by"),
                                          rankWithin: config.string("data.select.within"))
        } catch let error as SelectionError {
            throw ExperimentError("\(selectionOrigin): data.select.where: \(error)")
        }
    }
}
