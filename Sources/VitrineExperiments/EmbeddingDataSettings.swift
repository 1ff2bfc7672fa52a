import VitrineConfig
import VitrineInference

/// An embedding experiment's `data.*`, decoded once: Fashion-MNIST with a protocol, or a
/// product catalog (rendered on first use from the `data.catalog_*` options).
struct EmbeddingDataSettings: Equatable, Sendable {
    typealias Source = EmbeddingDataSource

    /// Which classes training sees (Fashion-MNIST).
    enum ClassProtocol: String, CaseIterable, Sendable {
        /// Train on ``EmbeddingDataSettings/trainClasses``, retrieve among the others.
        case heldOutClasses = "held_out_classes"
        /// Train on all ten, retrieve among the test images (the class-level protocol).
        case allClasses = "all_classes"
    }

    var source: Source
    /// catalog: the manifest, the image side, and the catalog rendered when it is missing.
    var catalog: CatalogSourceSettings
    var imageSize: Int { catalog.imageSize }
    /// fashion_mnist: the folder holding the IDX files.
    var directory: String
    /// fashion_mnist: which classes training sees.
    var classProtocol: ClassProtocol
    /// fashion_mnist, held_out_classes: the classes seen in training.
    var trainClasses: [Int]
    /// The first N training images, and of each evaluation split; nil means all.
    var trainLimit: Int?
    var testLimit: Int?
    /// The config file, for messages about the data it names.
    var configFile: String

    /// Decodes `data.*` of a validated embedding config.
    init(_ config: ResolvedConfig) throws {
        func limit(_ key: String) -> Int? { config.int(key) > 0 ? config.int(key) : nil }
        source = try config.choice("data.source")
        catalog = CatalogSourceSettings(config)
        directory = config.string("data.directory")
        classProtocol = try config.choice("data.protocol")
        trainClasses = config.ints("data.train_classes")
        trainLimit = limit("data.train_limit")
        testLimit = limit("data.test_limit")
        configFile = config.source
    }

    /// The images the network takes: `(channels, size)`.
    var inputShape: (channels: Int, size: Int) { source.inputShape(imageSize: imageSize) }
}
