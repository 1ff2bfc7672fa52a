import VitrineCheckpoint
import VitrineConfig
import VitrineEngine
import VitrineModels
import VitrineNN

/// What builds an embedding network and says how it looks at images: made from a run's
/// settings, or read from the config a checkpoint saved — so serving (index, search, match)
/// loads a model without the experiments module.
public struct EmbeddingNetworkSpec: Equatable, Sendable {
    public var architecture: EmbeddingArchitecture
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

    public init(architecture: EmbeddingArchitecture, width: Int, smallStem: Bool, dimension: Int, channels: Int, size: Int,
                centerCrop: Double, flipAverage: Bool) {
        self.architecture = architecture
        self.width = width
        self.smallStem = smallStem
        self.dimension = dimension
        self.channels = channels
        self.size = size
        self.centerCrop = centerCrop
        self.flipAverage = flipAverage
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
        let name = try value("model.name")
        guard let architecture = EmbeddingArchitecture(rawValue: name) else {
            throw CheckpointError(source, "model.name \(name) is not an embedding network this build knows")
        }
        self.architecture = architecture
        width = try int("model.width")
        smallStem = try value("model.small_stem") == "true"
        dimension = try int("model.embedding_dim")
        let sourceName = try value("data.source")
        guard let data = EmbeddingDataSource(rawValue: sourceName) else {
            throw CheckpointError(source, "data.source \(sourceName) is not an embedding data source this build knows")
        }
        // Only a catalog's images have the configured size (Fashion-MNIST's are 28 px).
        (channels, size) = data.inputShape(imageSize: data == .catalog ? try int("data.image_size") : 28)
        centerCrop = values["eval.center_crop"].flatMap(Double.init) ?? 1
        flipAverage = values["eval.flip_average"] == "true"
    }
}

/// The embedding networks a run can name (``EmbeddingArchitecture``): each maps `[N, C, H, W]`
/// images to raw `[N, D]` embeddings (the losses and the index normalize them).
public enum EmbeddingNetworks {
    /// The config choices of `model.name`.
    public static let names = EmbeddingArchitecture.allCases.map(\.rawValue)

    /// The network `spec` names, with fresh weights from `generator`.
    public static func make(_ spec: EmbeddingNetworkSpec, generator: Generator) throws -> any Layer {
        switch spec.architecture {
        case .rawPixels:
            return RawPixelEmbedding()
        case .colourHistogram:
            return try ColourHistogramEmbedding(bins: 8)
        case .resnet18, .resnet34, .resnet50, .resnetSmall:
            var configuration = try ResNetConfiguration.named(spec.architecture.rawValue, width: spec.width, smallStem: spec.smallStem)
            configuration.inChannels = spec.channels
            return try ResNet(configuration, head: .embedding(dimension: spec.dimension), generator: generator)
        case .smallConvnet:
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
