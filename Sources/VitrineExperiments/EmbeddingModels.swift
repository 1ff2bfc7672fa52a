import VitrineConfig
import VitrineEngine
import VitrineModels
import VitrineNN

/// The embedding networks an experiment can name: each maps `[N, C, H, W]` images to raw
/// `[N, D]` embeddings (the losses and the index normalize them).
enum EmbeddingModels {
    static let names = ["small_convnet"] + ResNetConfiguration.architectureNames

    static func make(_ config: ResolvedConfig, inChannels: Int, imageSize: Int, dimension: Int,
                     generator: Generator) throws -> any Layer {
        switch config.string("model.name") {
        case let name where ResNetConfiguration.architectureNames.contains(name):
            // Small images (up to 64 px) keep their resolution with the 3×3 stride-1 stem.
            var configuration = try ResNetConfiguration.named(
                name, width: config.int("model.width"), smallStem: imageSize <= 64 ? true : nil)
            configuration.inChannels = inChannels
            return try ResNet(configuration, head: .embedding(dimension: dimension), generator: generator)
        default:
            // The classifier of the small convnet is a linear layer to D: its embedding head.
            return try SmallConvNet(inChannels: inChannels, numClasses: dimension, imageSize: imageSize,
                                    width: config.int("model.width"), generator: generator)
        }
    }
}

/// What the trainer optimizes and checkpoints in an embedding run: the network's parameters
/// under their own paths (`conv1.weight`, `fc.weight`, as the serving model has them) and, for
/// losses that learn class proxies, those under `loss.` — a serving component ignores them.
final class EmbeddingTrainingModel: Module {
    let network: any Layer
    let loss: Module?

    init(network: any Layer, loss: Module?) {
        self.network = network
        self.loss = loss
        super.init()
    }

    override var children: [(String, Module)] {
        network.children + (loss.map { [("loss", $0)] } ?? [])
    }
    override var localParameters: [(String, Parameter)] { network.localParameters }
    override var localBuffers: [(String, Buffer)] { network.localBuffers }
}
