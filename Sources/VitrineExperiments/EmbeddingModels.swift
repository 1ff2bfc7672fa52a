import VitrineEngine
import VitrineNN

/// What the trainer optimizes in an embedding run: the network's parameters under their own
/// paths (`conv1.weight`, `fc.weight`, as the serving model has them) and, for losses that learn
/// class proxies, those under `loss.`. Checkpoints store the two apart (``EmbeddingTask``'s
/// `checkpointLayouts`); older ones stored this whole module under `/model`.
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
