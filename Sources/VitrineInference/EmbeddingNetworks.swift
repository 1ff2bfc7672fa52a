import VitrineCheckpoint
import VitrineConfig
import VitrineEngine
import VitrineModels
import VitrineNN

/// What builds an embedding network and says how it looks at images: decoded once from a
/// run's config, or from the config a checkpoint saved — so serving (index, search, match)
/// loads a model without the experiments module.
public struct EmbeddingNetworkSpec: Equatable, Sendable {
    public var name: String
    public var width: Int
    public var smallStem: Bool
    /// The embedding size D.
    public var dimension: Int
    /// The images the network takes: `[channels, size, size]`.
    public var channels: Int
    public var size: Int
    /// The evaluation view (`eval.center_crop`, `eval.flip_average`).
    public var centerCrop: Double
    public var flipAverage: Bool

    public var inputShape: (channels: Int, size: Int) { (channels, size) }

    /// From a validated embedding config.
    public init(_ config: ResolvedConfig) {
        name = config.string("model.name")
        width = config.int("model.width")
        smallStem = config.bool("model.small_stem")
        dimension = config.int("model.embedding_dim")
        (channels, size) = config.string("data.source") == "catalog" ? (3, config.int("data.image_size")) : (1, 28)
        centerCrop = config.double("eval.center_crop")
        flipAverage = config.bool("eval.flip_average")
    }

    /// From the config YAML an embedding run saved in its checkpoint (every key written out).
    /// The evaluation view's keys are newer than some checkpoints: absent, they mean the whole
    /// image without flipping, as runs evaluated then.
    public init(savedConfig text: String, source: String) throws {
        let values = try flattenYAML(text, file: source)
        func value(_ key: String) throws -> String {
            guard let found = values[key] else { throw CheckpointError(source, "the saved config has no \(key)") }
            return found
        }
        func int(_ key: String) throws -> Int {
            guard let number = Int(try value(key)) else { throw CheckpointError(source, "\(key) is not an integer in the saved config") }
            return number
        }
        guard try value("task") == "embedding" else {
            throw CheckpointError(source, "a \(try value("task")) checkpoint; an embedding run's checkpoint is needed")
        }
        name = try value("model.name")
        guard EmbeddingNetworks.names.contains(name) else {
            throw CheckpointError(source, "model.name \(name) is not an embedding network this build knows")
        }
        width = try int("model.width")
        smallStem = try value("model.small_stem") == "true"
        dimension = try int("model.embedding_dim")
        (channels, size) = try value("data.source") == "catalog" ? (3, try int("data.image_size")) : (1, 28)
        centerCrop = values["eval.center_crop"].flatMap(Double.init) ?? 1
        flipAverage = values["eval.flip_average"] == "true"
    }
}

/// The embedding networks a run can name: each maps `[N, C, H, W]` images to raw `[N, D]`
/// embeddings (the losses and the index normalize them).
public enum EmbeddingNetworks {
    public static let names = ["small_convnet"] + ResNetConfiguration.architectureNames + baselines
    /// Untrained reference embeddings (run them with `train.steps: 0`): raw pixels and colour histograms.
    public static let baselines = ["raw_pixels", "colour_histogram"]

    /// The network `spec` names, with fresh weights from `generator`.
    public static func make(_ spec: EmbeddingNetworkSpec, generator: Generator) throws -> any Layer {
        switch spec.name {
        case "raw_pixels":
            return RawPixelEmbedding()
        case "colour_histogram":
            return try ColourHistogramEmbedding(bins: 8)
        case let name where ResNetConfiguration.architectureNames.contains(name):
            var configuration = try ResNetConfiguration.named(name, width: spec.width, smallStem: spec.smallStem)
            configuration.inChannels = spec.channels
            return try ResNet(configuration, head: .embedding(dimension: spec.dimension), generator: generator)
        default:
            // The classifier of the small convnet is a linear layer to D: its embedding head.
            return try SmallConvNet(inChannels: spec.channels, numClasses: spec.dimension, imageSize: spec.size,
                                    width: spec.width, generator: generator)
        }
    }

    /// `network` as evaluation and serving see it: through an ``EmbeddingView`` when the spec
    /// sets a centre crop or flip averaging, so a run's reported figures and a search index
    /// built from its checkpoint embed images the same way.
    public static func evaluationView(of network: any Layer, _ spec: EmbeddingNetworkSpec) throws -> any Layer {
        try EmbeddingView.wrapping(network, centerCrop: spec.centerCrop, flipAverage: spec.flipAverage)
    }

    /// The network a checkpoint of an embedding run holds, with its weights, ready to embed
    /// (in evaluation mode, seen through its evaluation view), and its spec. Training-only
    /// tensors (`loss.*`) are left out.
    public static func load(checkpoint path: String) throws -> (network: any Layer, spec: EmbeddingNetworkSpec) {
        let meta = try Checkpoint.meta(at: path)
        let spec = try EmbeddingNetworkSpec(savedConfig: meta.configYAML, source: path + " (stored config)")
        let network = try make(spec, generator: Generator(seed: 0))
        network.nameModules()
        try Checkpoint.load(from: path, into: network, ignoring: ["loss."])
        // The view's mode drives the network's, so switch the outermost layer.
        return (try evaluationView(of: network, spec).eval(), spec)
    }
}
