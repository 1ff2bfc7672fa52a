import VitrineConfig
import VitrineData
import VitrineEngine
import VitrineModels
import VitrineNN

/// Image classification: a convnet trained with softmax cross-entropy; reports loss and
/// accuracy. Data: Fashion-MNIST from Debian's package, generated shapes, or any IDX pair.
public final class ClassificationTask: TrainingTask {
    public let model: Module
    private let network: SmallConvNet
    private let train: LabelledImages
    private let test: LabelledImages
    private let loss: CrossEntropyLoss
    private let augmentFlip: Bool
    private let generator: Generator
    private let batch = Tensor(zeros: [0])

    public var trainCount: Int { train.labels.count }
    public let evaluationSplits = ["test"]
    public var metricNames: [String] { ["test/accuracy", "test/loss"] }

    public init(config: ResolvedConfig, generator: Generator) throws {
        (train, test) = try Self.loadData(config)
        let shape = train.images.shape
        network = try SmallConvNet(
            inChannels: shape[1], numClasses: max(train.labels.max() ?? 0, test.labels.max() ?? 0) + 1,
            imageSize: shape[2], width: config.int("model.width"),
            dropout: config.float("model.dropout"), generator: generator)
        network.nameModules()
        model = network
        loss = try CrossEntropyLoss(labelSmoothing: config.float("loss.label_smoothing"))
        augmentFlip = config.bool("data.augment_flip")
        self.generator = generator
    }

    static func loadData(_ config: ResolvedConfig) throws -> (LabelledImages, LabelledImages) {
        func limit(_ key: String) -> Int? { config.int(key) > 0 ? config.int(key) : nil }
        switch config.string("data.source") {
        case "shapes":
            let seed = UInt64(config.int("train.seed"))
            let size = config.int("data.image_size")
            let train = try SyntheticShapes(count: config.int("data.shapes_train"), size: size, seed: seed)
            let test = try SyntheticShapes(count: config.int("data.shapes_test"), size: size, seed: seed &+ 1_000_003)
            return (LabelledImages(images: train.images, labels: train.labels),
                    LabelledImages(images: test.images, labels: test.labels))
        case "idx":
            for key in ["data.train_images", "data.train_labels", "data.test_images", "data.test_labels"]
            where config.string(key).isEmpty {
                throw ExperimentError("\(config.source): \(key): required when data.source is idx")
            }
            let train = try IDXClassificationSet(images: config.string("data.train_images"),
                                                 labels: config.string("data.train_labels"), limit: limit("data.train_limit"))
            let test = try IDXClassificationSet(images: config.string("data.test_images"),
                                                labels: config.string("data.test_labels"), limit: limit("data.test_limit"))
            return (LabelledImages(images: train.images, labels: train.labels),
                    LabelledImages(images: test.images, labels: test.labels))
        default:
            let dir = config.string("data.directory")
            let train = try IDXClassificationSet.fashionMNIST(split: "train", directory: dir, limit: limit("data.train_limit"))
            let test = try IDXClassificationSet.fashionMNIST(split: "test", directory: dir, limit: limit("data.test_limit"))
            return (LabelledImages(images: train.images, labels: train.labels),
                    LabelledImages(images: test.images, labels: test.labels))
        }
    }

    public func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double] {
        train.gather(indices, into: batch)
        if augmentFlip { flipSomeHorizontally(batch) }
        let targets = indices.map { train.labels[$0] }
        let logits = try network.forward(batch)
        let value = try loss.forward(logits, targets)
        _ = try network.backward(try loss.backward())
        let correct = zip(argmax(logits), targets).filter { $0 == $1 }.count
        return ["loss": Double(value), "accuracy": Double(correct) / Double(indices.count)]
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
        var correct = 0, lossSum = 0.0
        let all = Array(0..<data.labels.count)
        for first in stride(from: 0, to: all.count, by: 500) {
            let indices = all[first..<min(first + 500, all.count)]
            data.gather(indices, into: batch)
            let targets = indices.map { data.labels[$0] }
            let logits = try network.forward(batch)
            lossSum += Double(try loss.forward(logits, targets)) * Double(indices.count)
            correct += zip(argmax(logits), targets).filter { $0 == $1 }.count
        }
        return ["accuracy": Double(correct) / Double(all.count), "loss": lossSum / Double(all.count)]
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
