import Foundation
import VitrineConfig
import VitrineData
import VitrineEngine
import VitrineModels
import VitrineNN

/// Image classification: a convnet trained with softmax cross-entropy; reports loss and
/// accuracy. Data: Fashion-MNIST from Debian's package, generated shapes, any IDX pair, or a
/// catalog's product photos with one softmax head per attribute column (`data.attributes`:
/// category, metal, stone, …) — the attribute classifier that labels a conditional GAN's
/// samples. With several heads the loss is their sum, `accuracy` counts an image right when
/// every head is, and `accuracy_<attribute>` is each head's own.
public final class ClassificationTask: TrainingTask {
    public let model: Module
    private let network: SmallConvNet
    private let train: AttributedImages
    private let test: AttributedImages
    private let heads: AttributeHeads
    /// Whether the heads' vocabularies go into the checkpoint (catalog data: they name the values).
    private let recordsHeads: Bool
    private let augmentFlip: Bool
    private let generator: Generator
    private let batch = Tensor(zeros: [0])

    public var trainCount: Int { train.count }
    public let evaluationSplits = ["test"]
    public var metricNames: [String] {
        (["accuracy", "loss"] + (heads.vocabularies.count > 1 ? heads.vocabularies.map { "accuracy_" + $0.name } : []))
            .map { "test/" + $0 }
    }
    /// The heads' vocabularies (`/documents/attributes`), so the classifier's outputs are read
    /// by name (a GAN's attribute agreement does).
    public var checkpointDocuments: [String: String] {
        guard recordsHeads, let json = try? JSONEncoder().encode(heads.vocabularies) else { return [:] }
        return [GANQuality.headsDocument: String(decoding: json, as: UTF8.self)]
    }

    public init(config: ResolvedConfig, generator: Generator) throws {
        let data = try Self.loadData(config)
        (train, test, recordsHeads) = (data.train, data.test, data.vocabularies != nil)
        let vocabularies = data.vocabularies ?? [AttributeVocabulary(
            name: "class", values: (0...max(data.train.attributes.map { $0[0] }.max() ?? 0,
                                            data.test.attributes.map { $0[0] }.max() ?? 0)).map(String.init))]
        heads = try AttributeHeads(vocabularies, labelSmoothing: config.float("loss.label_smoothing"))
        let shape = train.images.shape
        network = try SmallConvNet(
            inChannels: shape[1], numClasses: heads.outputs,
            imageSize: shape[2], width: config.int("model.width"),
            dropout: config.float("model.dropout"), generator: generator)
        network.nameModules()
        model = network
        augmentFlip = config.bool("data.augment_flip")
        self.generator = generator
    }

    /// The training and test images with their labels, and for catalogs the heads' vocabularies.
    static func loadData(_ config: ResolvedConfig) throws
        -> (train: AttributedImages, test: AttributedImages, vocabularies: [AttributeVocabulary]?)
    {
        func limit(_ key: String) -> Int? { config.int(key) > 0 ? config.int(key) : nil }
        switch config.string("data.source") {
        case "catalog":
            let catalog = try CatalogImages(config)
            return (catalog.train, catalog.test, catalog.attributes)
        case "shapes":
            let seed = UInt64(config.int("train.seed"))
            let size = config.int("data.image_size")
            let train = try SyntheticShapes(count: config.int("data.shapes_train"), size: size, seed: seed)
            let test = try SyntheticShapes(count: config.int("data.shapes_test"), size: size, seed: seed &+ 1_000_003)
            return (AttributedImages(LabelledImages(images: train.images, labels: train.labels)),
                    AttributedImages(LabelledImages(images: test.images, labels: test.labels)), nil)
        case "idx":
            for key in ["data.train_images", "data.train_labels", "data.test_images", "data.test_labels"]
            where config.string(key).isEmpty {
                throw ExperimentError("\(config.source): \(key): required when data.source is idx")
            }
            let train = try IDXClassificationSet(images: config.string("data.train_images"),
                                                 labels: config.string("data.train_labels"), limit: limit("data.train_limit"))
            let test = try IDXClassificationSet(images: config.string("data.test_images"),
                                                labels: config.string("data.test_labels"), limit: limit("data.test_limit"))
            return (AttributedImages(LabelledImages(images: train.images, labels: train.labels)),
                    AttributedImages(LabelledImages(images: test.images, labels: test.labels)), nil)
        case "fashion_mnist":
            let dir = config.string("data.directory")
            let train = try IDXClassificationSet.fashionMNIST(split: "train", directory: dir, limit: limit("data.train_limit"))
            let test = try IDXClassificationSet.fashionMNIST(split: "test", directory: dir, limit: limit("data.test_limit"))
            return (AttributedImages(LabelledImages(images: train.images, labels: train.labels)),
                    AttributedImages(LabelledImages(images: test.images, labels: test.labels)), nil)
        case let other:
            throw ExperimentError("\(config.origin("data.source").map { "\($0)" } ?? config.source): data.source: "
                + "'\(other)' is not a classification data source (fashion_mnist, shapes, idx, catalog)")
        }
    }

    public func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double] {
        train.gather(indices, into: batch)
        if augmentFlip { flipSomeHorizontally(batch) }
        let targets = indices.map { train.attributes[$0] }
        let logits = try network.forward(batch)
        let value = try heads.forward(logits, targets)
        _ = try network.backward(try heads.backward())
        return ["loss": Double(value)].merging(accuracy(heads.predictions(logits), targets)) { $1 }
    }

    /// `accuracy` (every head right) and, with several heads, `accuracy_<attribute>`.
    private func accuracy(_ predicted: [[Int]], _ targets: [[Int]]) -> [String: Double] {
        let n = Double(max(targets.count, 1))
        var out = ["accuracy": Double(zip(predicted, targets).filter { $0 == $1 }.count) / n]
        if heads.vocabularies.count > 1 {
            for (h, vocabulary) in heads.vocabularies.enumerated() {
                out["accuracy_" + vocabulary.name] = Double(zip(predicted, targets).filter { $0[h] == $1[h] }.count) / n
            }
        }
        return out
    }

    private func flipSomeHorizontally(_ batch: Tensor) {
        let (n, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        for i in 0..<n where generator.uniform() < 0.5 {
            for row in 0..<(c * h) {
                let p = batch.data + (i * c * h + row) * w
                for x in 0..<(w / 2) { let t = p[x]; p[x] = p[w - 1 - x]; p[w - 1 - x] = t }
            }
        }
    }

    public func evaluate(split: String) throws -> [String: Double] {
        guard split == "test" || split == "train" else {
            throw ExperimentError("classification has splits train and test, not '\(split)'")
        }
        let data = split == "test" ? test : train
        network.eval()
        defer { network.train() }
        var lossSum = 0.0
        var predicted: [[Int]] = []
        let all = Array(0..<data.count)
        for first in stride(from: 0, to: all.count, by: 500) {
            let indices = all[first..<min(first + 500, all.count)]
            data.gather(indices, into: batch)
            let logits = try network.forward(batch)
            lossSum += Double(try heads.forward(logits, indices.map { data.attributes[$0] })) * Double(indices.count)
            predicted += heads.predictions(logits)
        }
        return ["loss": lossSum / Double(all.count)].merging(accuracy(predicted, data.attributes)) { $1 }
    }
}

/// The index of the largest logit in each row of `[N, C]`.
func argmax(_ logits: Tensor) -> [Int] {
    let (n, c) = (logits.shape[0], logits.shape[1])
    return (0..<n).map { row in
        let p = logits.data + row * c
        var best = 0
        for j in 1..<c where p[j] > p[best] { best = j }
        return best
    }
}
