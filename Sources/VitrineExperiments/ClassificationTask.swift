import Foundation
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

    init(_ setup: TaskSetup) throws {
        let settings = try ClassificationSettings(setup.config)
        let data = try ImageData(settings.data, seed: setup.experiment.train.seed, log: setup.log)
        (train, test) = (data.train, data.test)
        // Catalog heads are recorded by name; other labels are classes 0..<C.
        recordsHeads = settings.data.source == .catalog
        let classes = max(train.attributes.map { $0[0] }.max() ?? 0, test.attributes.map { $0[0] }.max() ?? 0) + 1
        let vocabularies = recordsHeads ? data.attributes! : [AttributeVocabulary(name: "class", values: (0..<classes).map(String.init))]
        heads = try AttributeHeads(vocabularies, labelSmoothing: settings.labelSmoothing)
        let shape = train.images.shape
        network = try SmallConvNet(inChannels: shape[1], numClasses: heads.outputs, imageSize: shape[2], width: settings.width,
                                   dropout: settings.dropout, generator: setup.generator)
        network.nameModules()
        model = network
        augmentFlip = settings.augmentFlip
        generator = setup.generator
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
