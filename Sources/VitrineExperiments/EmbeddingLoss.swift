import VitrineConfig
import VitrineEngine
import VitrineNN

/// The metric-learning loss an experiment names, behind one interface: batch-hard triplet over
/// P×K batches, or normalized softmax (a cosine classifier over the training products, whose
/// class proxies are trained with the network).
final class EmbeddingLoss {
    static let names = ["triplet"]

    private let triplet: BatchHardTripletLoss?
    /// The module holding learned parameters, if the loss has any (checkpointed under `loss.`).
    let trainable: Module?

    init(_ config: ResolvedConfig, dimension: Int, classes: Int, generator: Generator) throws {
        switch config.string("loss.name") {
        default:
            triplet = try BatchHardTripletLoss(margin: config.float("loss.margin"))
            trainable = nil
        }
    }

    func forward(_ embeddings: Tensor, _ labels: [Int]) throws -> Float {
        try triplet!.forward(embeddings, labels)
    }

    func backward() throws -> Tensor {
        try triplet!.backward()
    }
}
