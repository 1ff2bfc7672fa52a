import VitrineConfig

/// An embedding experiment's `loss.*`, decoded once: the metric-learning loss and its
/// parameters.
struct EmbeddingLossSettings: Equatable, Sendable {
    enum Kind: String, CaseIterable, Sendable {
        /// Batch-hard triplet over P×K batches, on L2-normalized embeddings.
        case triplet
        /// A cosine classifier over the training products, whose proxies are learned.
        case normalizedSoftmax = "normalized_softmax"
    }

    var kind: Kind
    /// Triplet margin.
    var margin: Float
    /// Normalized softmax: logits are cosines divided by it.
    var temperature: Float
    /// Normalized softmax: the proxies' learning rate as a multiple of optimizer.lr.
    var proxyLearningRateMultiplier: Float

    /// Decodes `loss.*` of a validated embedding config.
    init(_ config: ResolvedConfig) throws {
        kind = try config.choice("loss.name")
        margin = config.float("loss.margin")
        temperature = config.float("loss.temperature")
        proxyLearningRateMultiplier = config.float("loss.proxy_lr_multiplier")
    }
}
