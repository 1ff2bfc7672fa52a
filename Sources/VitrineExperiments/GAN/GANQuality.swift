import Foundation
import VitrineCheckpoint
import VitrineConfig
import VitrineData
import VitrineEngine
import VitrineGenerative
import VitrineGenerativeMetrics
import VitrineModels
import VitrineNN

/// FID, KID and precision/recall (k = 3) of generated images against held-out real ones, on the
/// features of a Vitrine-trained domain classifier (a classification run's checkpoint, named by
/// `eval.feature_checkpoint`): the global average of its last convolution block's channels.
/// The floor — the same metrics between training images and the held-out ones — is computed
/// once and logged beside them: no generator can be expected to do better than real data.
///
/// For a conditional generator, attribute agreement too: the classifier's heads label each
/// generated image, and `agreement_<attribute>` is the share labelled with the value it was
/// asked for; `classifier_<attribute>` is the same classifier's accuracy on the held-out real
/// images, so a low agreement can be told from a classifier that cannot see the attribute.
/// `agreement` and `classifier` count an image only when every shared attribute is right.
final class GANQuality {
    /// The document a classification run on a catalog writes: its heads' vocabularies.
    static let headsDocument = "attributes"

    private let network: SmallConvNet
    /// The classifier's input side; generated images are centre-cropped to it.
    private let inputSize: Int
    private let realFeatures: FeatureSet
    private let fixedMetrics: [String: Double]
    private let seed: UInt64
    /// The classifier's heads, in logit order.
    private let heads: AttributeHeads
    /// For each GAN attribute the classifier also predicts: the GAN's attribute index, the
    /// head's index, and the head's value index for each of the GAN's value indices.
    private let shared: [(attribute: Int, head: Int, valueMap: [Int?])]
    private let attributeNames: [String]
    let sampleCount: Int

    /// Loads the classifier, computes the held-out images' features, the floor and the
    /// classifier's accuracy on them.
    init(checkpoint: String, data: GANData, conditional: Bool, seed: UInt64) throws {
        let meta = try Checkpoint.meta(at: checkpoint)
        let config = try Experiment.loadConfig(yaml: meta.configYAML, name: checkpoint + " (/meta config)")
        let task = try ExperimentSettings(config).task
        guard task == "classification" else {
            throw ExperimentError("eval.feature_checkpoint: \(checkpoint) is a \(task) checkpoint; "
                + "FID needs a classification run's checkpoint on the same images (e.g. experiments/quickstart.yaml)")
        }
        let classifier = try ClassificationSettings(config)
        switch classifier.data.source {
        case .shapes, .catalog: inputSize = classifier.data.imageSize
        // Fashion-MNIST (and IDX digits) are 28 px; the GAN pads them to 32.
        case .fashionMNIST, .idx: inputSize = 28
        }
        guard inputSize <= data.imageSize else {
            throw ExperimentError("eval.feature_checkpoint: the classifier reads \(inputSize) px images, the GAN makes \(data.imageSize) px")
        }
        let vocabularies: [AttributeVocabulary]
        if let text = try? Checkpoint.document(Self.headsDocument, at: checkpoint) {
            vocabularies = try JSONDecoder().decode([AttributeVocabulary].self, from: Data(text.utf8))
        } else {
            // Classifiers of class-labelled data have one head, the class, as the GAN's attribute.
            vocabularies = [AttributeVocabulary(name: data.attributes.first?.name ?? "category", values: data.attributes.first?.values ?? [])]
        }
        heads = try AttributeHeads(vocabularies)
        network = try SmallConvNet(inChannels: data.channels, numClasses: heads.outputs,
                                   imageSize: inputSize, width: classifier.width, dropout: 0, generator: Generator(seed: 0))
        network.nameModules()
        try Checkpoint.load(from: checkpoint, into: network)
        network.eval()
        self.seed = seed
        shared = !conditional ? [] : data.attributes.indices.compactMap { a in
            guard let h = vocabularies.firstIndex(where: { $0.name == data.attributes[a].name }) else { return nil }
            return (a, h, data.attributes[a].values.map { vocabularies[h].index(of: $0) })
        }
        attributeNames = data.attributes.map(\.name)
        sampleCount = min(data.test.count, 2000)
        let heldOut = try Self.read(network, Self.rows(data.test, count: sampleCount), inputSize: inputSize, heads: heads)
        realFeatures = heldOut.features
        let training = try Self.read(network, Self.rows(data.train, count: sampleCount), inputSize: inputSize, heads: heads)
        var fixed = try Self.scores(real: realFeatures, generated: training.features, seed: seed)
            .reduce(into: [:]) { $0[$1.key + "_floor"] = $1.value }
        fixed.merge(Self.agreement(heldOut.predictions, Array(data.test.attributes.prefix(sampleCount)), shared: shared,
                                   names: attributeNames, prefix: "classifier")) { $1 }
        fixedMetrics = fixed
    }

    static func rows(_ set: AttributedImages, count: Int) -> Tensor {
        let out = Tensor(zeros: [0])
        set.gather(Array(0..<min(count, set.count))[...], into: out)
        return out
    }

    /// The feature vectors of `images` ([−1, 1], possibly larger than the classifier reads)
    /// and each head's predicted value index for each image.
    static func read(_ network: SmallConvNet, _ images: Tensor, inputSize: Int, heads: AttributeHeads) throws
        -> (features: FeatureSet, predictions: [[Int]])
    {
        let (n, c, side) = (images.shape[0], images.shape[1], images.shape[2])
        let offset = (side - inputSize) / 2
        var values: [Float] = []
        var predictions: [[Int]] = []
        let batch = Tensor(zeros: [0])
        var dimension = 0
        for start in stride(from: 0, to: n, by: 256) {
            let count = min(256, n - start)
            batch.resize([count, c, inputSize, inputSize])
            for i in 0..<count {
                for ch in 0..<c {
                    for y in 0..<inputSize {
                        let src = images.data + (((start + i) * c + ch) * side + y + offset) * side + offset
                        let dst = batch.data + ((i * c + ch) * inputSize + y) * inputSize
                        for x in 0..<inputSize { dst[x] = (src[x] + 1) / 2 }
                    }
                }
            }
            let maps = try network.features.forward(batch)
            let (channels, plane) = (maps.shape[1], maps.shape[2] * maps.shape[3])
            dimension = channels
            for i in 0..<count {
                for ch in 0..<channels {
                    let p = maps.data + (i * channels + ch) * plane
                    var sum: Float = 0
                    for k in 0..<plane { sum += p[k] }
                    values.append(sum / Float(plane))
                }
            }
            let logits = try network.classifier.forward(network.dropout.forward(network.flatten.forward(maps)))
            predictions += heads.predictions(logits)
        }
        return (try FeatureSet(count: n, dimension: dimension, values: values), predictions)
    }

    static func scores(real: FeatureSet, generated: FeatureSet, seed: UInt64) throws -> [String: Double] {
        let fid = try FrechetInceptionDistance.compute(real: real, generated: generated)
        let kid = try KernelInceptionDistance.compute(real: real, generated: generated, subsets: 20,
                                                      subsetSize: min(1000, real.count), generator: Generator(seed: seed))
        let pr = try PrecisionRecall.compute(real: real, generated: generated, k: 3)
        return ["fid": fid.value, "kid": kid.mean, "precision": pr.precision, "recall": pr.recall]
    }

    /// `<prefix>_<attribute>`: the share of images whose predicted head value is the wanted
    /// one, for each shared attribute; `<prefix>`: the share right on all of them.
    static func agreement(_ predicted: [[Int]], _ wanted: [[Int]], shared: [(attribute: Int, head: Int, valueMap: [Int?])],
                          names: [String], prefix: String) -> [String: Double] {
        guard !shared.isEmpty, !wanted.isEmpty else { return [:] }
        var right = [Int](repeating: 0, count: shared.count), allRight = 0
        for (p, w) in zip(predicted, wanted) {
            var all = true
            for (k, s) in shared.enumerated() {
                if s.valueMap[w[s.attribute]] == p[s.head] { right[k] += 1 } else { all = false }
            }
            if all { allRight += 1 }
        }
        let n = Double(wanted.count)
        var out = [prefix: Double(allRight) / n]
        for (k, s) in shared.enumerated() { out["\(prefix)_\(names[s.attribute])"] = Double(right[k]) / n }
        return out
    }

    /// The metrics of `samples` (`sampleCount` generated images, made for `conditions`).
    func metrics(_ samples: Tensor, conditions: [[Int]]) throws -> [String: Double] {
        let generated = try Self.read(network, samples, inputSize: inputSize, heads: heads)
        return try Self.scores(real: realFeatures, generated: generated.features, seed: seed)
            .merging(Self.agreement(generated.predictions, conditions, shared: shared, names: attributeNames, prefix: "agreement")) { a, _ in a }
            .merging(fixedMetrics) { a, _ in a }
    }

    var metricNames: [String] {
        let scores = ["fid", "kid", "precision", "recall"].flatMap { [$0, $0 + "_floor"] }
        guard !shared.isEmpty else { return scores }
        let agreement = ["agreement", "classifier"].flatMap { prefix in [prefix] + shared.map { "\(prefix)_\(attributeNames[$0.attribute])" } }
        return scores + agreement
    }

    /// Attribute agreement at the last evaluation beside the classifier's accuracy on real
    /// held-out images: agreement is only meaningful where the classifier can see the attribute.
    func reportTables(history: MetricsHistory) -> [ReportTable] {
        guard !shared.isEmpty else { return [] }
        let names = [("all shared attributes", "")] + shared.map { (attributeNames[$0.attribute], "_" + attributeNames[$0.attribute]) }
        func cell(_ key: String) -> String { history.final("test/" + key).map { String(format: "%.3f", $0) } ?? "—" }
        return [ReportTable(title: "Attribute agreement of conditional samples (last evaluation)",
                            header: ["attribute", "classifier accuracy on real held-out images", "agreement of samples"],
                            rows: names.map { [$0.0, cell("classifier" + $0.1), cell("agreement" + $0.1)] })]
    }
}
