import VitrineCheckpoint
import VitrineConfig
import VitrineEngine
import VitrineModels
import VitrineNN

/// The embedding networks an experiment can name: each maps `[N, C, H, W]` images to raw
/// `[N, D]` embeddings (the losses and the index normalize them).
public enum EmbeddingModels {
    public static let names = ["small_convnet"] + ResNetConfiguration.architectureNames + baselines
    /// Untrained reference embeddings (run them with `train.steps: 0`): raw pixels and colour histograms.
    public static let baselines = ["raw_pixels", "colour_histogram"]

    /// The network `config` names, with fresh weights from `generator`.
    public static func make(_ config: ResolvedConfig, inChannels: Int, imageSize: Int, dimension: Int,
                            generator: Generator) throws -> any Layer {
        switch config.string("model.name") {
        case "raw_pixels":
            return RawPixelEmbedding()
        case "colour_histogram":
            return try ColourHistogramEmbedding(bins: 8)
        case let name where ResNetConfiguration.architectureNames.contains(name):
            var configuration = try ResNetConfiguration.named(
                name, width: config.int("model.width"), smallStem: config.bool("model.small_stem"))
            configuration.inChannels = inChannels
            return try ResNet(configuration, head: .embedding(dimension: dimension), generator: generator)
        default:
            // The classifier of the small convnet is a linear layer to D: its embedding head.
            return try SmallConvNet(inChannels: inChannels, numClasses: dimension, imageSize: imageSize,
                                    width: config.int("model.width"), generator: generator)
        }
    }
}

extension EmbeddingModels {
    /// The images the network of an embedding config takes: `[channels, size, size]`.
    public static func inputShape(_ config: ResolvedConfig) -> (channels: Int, size: Int) {
        config.string("data.source") == "catalog" ? (3, config.int("data.image_size")) : (1, 28)
    }

    /// The network a checkpoint of an embedding run holds, with its weights, ready to embed
    /// (in evaluation mode, seen through the run's ``evaluationView(of:_:)``), and the run's
    /// resolved config. Training-only tensors (`loss.*`) are left out.
    public static func load(checkpoint path: String) throws -> (network: any Layer, config: ResolvedConfig) {
        let meta = try Checkpoint.meta(at: path)
        let config = try Experiment.loadConfig(yaml: meta.configYAML, name: path + " (stored config)")
        guard config.string("task") == "embedding" else {
            throw ExperimentError("\(path): a \(config.string("task")) checkpoint; an embedding run's checkpoint is needed")
        }
        let (channels, size) = inputShape(config)
        let network = try make(config, inChannels: channels, imageSize: size, dimension: config.int("model.embedding_dim"),
                               generator: Generator(seed: 0))
        network.nameModules()
        try Checkpoint.load(from: path, into: network, ignoring: ["loss."])
        // The view's mode drives the network's, so switch the outermost layer.
        return (try evaluationView(of: network, config).eval(), config)
    }

    /// `network` as evaluation and serving see it: through an ``EmbeddingView`` when the config
    /// sets `eval.center_crop` or `eval.flip_average`, so a run's reported figures and a search
    /// index built from its checkpoint embed images the same way.
    public static func evaluationView(of network: any Layer, _ config: ResolvedConfig) throws -> any Layer {
        try EmbeddingView.wrapping(network, centerCrop: config.double("eval.center_crop"), flipAverage: config.bool("eval.flip_average"))
    }
}

/// What the trainer optimizes and checkpoints in an embedding run: the network's parameters
/// under their own paths (`conv1.weight`, `fc.weight`, as the serving model has them) and, for
/// losses that learn class proxies, those under `loss.` — a serving component ignores them.
final class EmbeddingTrainingModel: Module {
    /// The child the loss's parameters sit under (`loss.weight`).
    static let lossName = "loss"
    let network: any Layer
    let loss: Module?

    init(network: any Layer, loss: Module?) {
        self.network = network
        self.loss = loss
        super.init()
    }

    override var children: [(String, Module)] {
        network.children + (loss.map { [(Self.lossName, $0)] } ?? [])
    }
    override var localParameters: [(String, Parameter)] { network.localParameters }
    override var localBuffers: [(String, Buffer)] { network.localBuffers }
}
