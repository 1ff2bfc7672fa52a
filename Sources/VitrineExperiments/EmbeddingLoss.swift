import VitrineEngine
import VitrineNN

/// The metric-learning loss an experiment names, behind one interface: batch-hard triplet over
/// P×K batches, or normalized softmax (a cosine classifier over the training products, whose
/// class proxies are trained with the network).
final class EmbeddingLoss {
    private let triplet: BatchHardTripletLoss?
    private let softmax: NormalizedSoftmaxLoss?
    /// The module holding learned parameters, if the loss has any (checkpointed under `loss.`).
    let trainable: Module?
    /// The proxies' learning-rate multiplier (`loss.proxy_lr_multiplier`), by parameter path.
    let learningRateScales: [String: Float]

    init(_ settings: EmbeddingLossSettings, dimension: Int, classes: Int, generator: Generator) throws {
        switch settings.kind {
        case .normalizedSoftmax:
            let loss = try NormalizedSoftmaxLoss(numClasses: classes, embeddingDim: dimension,
                                                 temperature: settings.temperature, generator: generator)
            (triplet, softmax, trainable) = (nil, loss, loss)
            learningRateScales = ["\(EmbeddingTrainingModel.lossName).weight": settings.proxyLearningRateMultiplier]
        case .triplet:
            (triplet, softmax, trainable) = (try BatchHardTripletLoss(margin: settings.margin), nil, nil)
            learningRateScales = [:]
        }
    }

    func forward(_ embeddings: Tensor, _ labels: [Int]) throws -> Float {
        if let softmax { return try softmax.forward(embeddings, labels) }
        return try triplet!.forward(embeddings, labels)
    }

    func backward() throws -> Tensor {
        if let softmax { return try softmax.backward() }
        return try triplet!.backward()
    }
}
