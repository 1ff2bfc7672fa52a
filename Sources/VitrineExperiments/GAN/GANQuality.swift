import VitrineCheckpoint
import VitrineConfig
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
final class GANQuality {
    private let network: SmallConvNet
    /// The classifier's input side; generated images are centre-cropped to it.
    private let inputSize: Int
    private let realFeatures: FeatureSet
    private let floor: [String: Double]
    private let seed: UInt64
    let sampleCount: Int

    /// Loads the classifier and computes the held-out images' features and the floor.
    init(checkpoint: String, data: GANData, seed: UInt64) throws {
        let meta = try Checkpoint.meta(at: checkpoint)
        let config = try Experiment.loadConfig(yaml: meta.configYAML, name: checkpoint + " (/meta config)")
        guard config.string("task") == "classification" else {
            throw ExperimentError("eval.feature_checkpoint: \(checkpoint) is a \(config.string("task")) checkpoint; "
                + "FID needs a classification run's checkpoint on the same images (e.g. experiments/quickstart.yaml)")
        }
        inputSize = config.string("data.source") == "shapes" ? config.int("data.image_size") : 28
        guard inputSize <= data.imageSize else {
            throw ExperimentError("eval.feature_checkpoint: the classifier reads \(inputSize) px images, the GAN makes \(data.imageSize) px")
        }
        network = try SmallConvNet(inChannels: data.channels, numClasses: data.classNames.count, imageSize: inputSize,
                                   width: config.int("model.width"), dropout: 0, generator: Generator(seed: 0))
        network.nameModules()
        try Checkpoint.load(from: checkpoint, into: network)
        network.eval()
        self.seed = seed
        sampleCount = min(data.test.labels.count, 2000)
        let heldOut = Self.rows(data.test, count: sampleCount)
        realFeatures = try Self.features(network, heldOut, inputSize: inputSize)
        let training = try Self.features(network, Self.rows(data.train, count: sampleCount), inputSize: inputSize)
        floor = try Self.scores(real: realFeatures, generated: training, seed: seed)
            .reduce(into: [:]) { $0[$1.key + "_floor"] = $1.value }
    }

    static func rows(_ set: LabelledImages, count: Int) -> Tensor {
        let out = Tensor(zeros: [0])
        set.gather(Array(0..<min(count, set.labels.count))[...], into: out)
        return out
    }

    /// The feature vectors of `images` ([−1, 1], possibly larger than the classifier reads).
    static func features(_ network: SmallConvNet, _ images: Tensor, inputSize: Int) throws -> FeatureSet {
        let (n, c, side) = (images.shape[0], images.shape[1], images.shape[2])
        let offset = (side - inputSize) / 2
        var values: [Float] = []
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
        }
        return try FeatureSet(count: n, dimension: dimension, values: values)
    }

    static func scores(real: FeatureSet, generated: FeatureSet, seed: UInt64) throws -> [String: Double] {
        let fid = try FrechetInceptionDistance.compute(real: real, generated: generated)
        let kid = try KernelInceptionDistance.compute(real: real, generated: generated, subsets: 20,
                                                      subsetSize: min(1000, real.count), generator: Generator(seed: seed))
        let pr = try PrecisionRecall.compute(real: real, generated: generated, k: 3)
        return ["fid": fid.value, "kid": kid.mean, "precision": pr.precision, "recall": pr.recall]
    }

    /// The metrics of `samples` (`sampleCount` generated images), with the floor.
    func metrics(_ samples: Tensor) throws -> [String: Double] {
        let generated = try Self.features(network, samples, inputSize: inputSize)
        return try Self.scores(real: realFeatures, generated: generated, seed: seed).merging(floor) { a, _ in a }
    }

    static let metricNames = ["fid", "kid", "precision", "recall"].flatMap { [$0, $0 + "_floor"] }
}
