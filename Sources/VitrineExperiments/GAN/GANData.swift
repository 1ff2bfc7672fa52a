import VitrineConfig
import VitrineData
import VitrineEngine

/// A GAN's images, scaled to [−1, 1] (the generator's tanh range), with the attributes a
/// conditional model is given: the class of Fashion-MNIST (28 px, padded with background to
/// 32: the DCGAN shapes halve 32 cleanly) or of generated shapes, or the `data.attributes`
/// columns of a catalog's own product photos selected by `data.select.*`.
struct GANData {
    let train: AttributedImages
    let test: AttributedImages
    /// The conditioning attributes and their values.
    let attributes: [AttributeVocabulary]
    var channels: Int { train.images.shape[1] }
    var imageSize: Int { train.images.shape[2] }

    init(_ config: ResolvedConfig) throws {
        func limit(_ key: String) -> Int? { config.int(key) > 0 ? config.int(key) : nil }
        let size = config.int("data.image_size")
        switch config.string("data.source") {
        case "catalog":
            let catalog = try CatalogImages(config)
            train = catalog.train.signed()
            test = catalog.test.signed()
            attributes = catalog.attributes
        case "shapes":
            let seed = UInt64(config.int("train.seed"))
            let train = try SyntheticShapes(count: config.int("data.shapes_train"), size: size, seed: seed)
            let test = try SyntheticShapes(count: config.int("data.shapes_test"), size: size, seed: seed &+ 1_000_003)
            self.train = AttributedImages(Self.scaled(LabelledImages(images: train.images, labels: train.labels), to: size))
            self.test = AttributedImages(Self.scaled(LabelledImages(images: test.images, labels: test.labels), to: size))
            attributes = [AttributeVocabulary(name: "category", values: SyntheticShapes.classNames)]
        case "fashion_mnist":
            guard size == 32 else {
                throw ExperimentError("\(config.origin("data.image_size").map { "\($0)" } ?? config.source): data.image_size: "
                    + "Fashion-MNIST's 28 px images are padded to 32; set data.image_size: 32")
            }
            let directory = config.string("data.directory")
            let train = try IDXClassificationSet.fashionMNIST(split: "train", directory: directory, limit: limit("data.train_limit"))
            let test = try IDXClassificationSet.fashionMNIST(split: "test", directory: directory, limit: limit("data.test_limit"))
            self.train = AttributedImages(Self.scaled(LabelledImages(images: train.images, labels: train.labels), to: size))
            self.test = AttributedImages(Self.scaled(LabelledImages(images: test.images, labels: test.labels), to: size))
            attributes = [AttributeVocabulary(name: "category", values: IDXClassificationSet.fashionMNISTClasses)]
        case let other:
            throw ExperimentError("\(config.origin("data.source").map { "\($0)" } ?? config.source): data.source: "
                + "'\(other)' is not a GAN data source (fashion_mnist, shapes, catalog)")
        }
    }

    /// `set`'s [0, 1] images as [−1, 1], centred on a `size`-pixel canvas of background (−1).
    static func scaled(_ set: LabelledImages, to size: Int) -> LabelledImages {
        let shape = set.images.shape
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let out = Tensor(zeros: [n, c, size, size])
        out.fill(-1)
        let (top, left) = ((size - h) / 2, (size - w) / 2)
        for plane in 0..<(n * c) {
            for y in 0..<h {
                let src = set.images.data + (plane * h + y) * w
                let dst = out.data + (plane * size + top + y) * size + left
                for x in 0..<w { dst[x] = src[x] * 2 - 1 }
            }
        }
        return LabelledImages(images: out, labels: set.labels)
    }
}
