import VitrineConfig
import VitrineInference
import VitrineSynth

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
    /// catalog: the manifest CSV.
    var manifest: String
    /// catalog: the side images are resized to (and generated at).
    var imageSize: Int
    /// catalog: render the built-in catalog into the manifest's folder when it does not exist.
    var generate: Bool
    /// catalog generation: own products, photos per product (and per training product; 0: the
    /// same), competitor products, seed.
    var catalogProducts: Int
    var imagesPerProduct: Int
    var trainImagesPerProduct: Int
    var competitors: Int
    var catalogSeed: UInt64
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
        manifest = config.string("data.manifest")
        imageSize = config.int("data.image_size")
        generate = config.bool("data.generate")
        catalogProducts = config.int("data.catalog_products")
        imagesPerProduct = config.int("data.images_per_product")
        trainImagesPerProduct = config.int("data.train_images_per_product")
        competitors = config.int("data.competitors")
        catalogSeed = UInt64(config.int("data.catalog_seed"))
        directory = config.string("data.directory")
        classProtocol = try config.choice("data.protocol")
        trainClasses = config.ints("data.train_classes")
        trainLimit = limit("data.train_limit")
        testLimit = limit("data.test_limit")
        configFile = config.source
    }

    /// The catalog the `data.catalog_*` options describe.
    var catalogOptions: CatalogOptions {
        CatalogOptions(products: catalogProducts, imagesPerProduct: imagesPerProduct, size: imageSize, seed: catalogSeed,
                       competitors: competitors, sketches: true, trainImagesPerProduct: trainImagesPerProduct)
    }

    /// The images the network takes: `(channels, size)`.
    var inputShape: (channels: Int, size: Int) { source.inputShape(imageSize: imageSize) }
}
