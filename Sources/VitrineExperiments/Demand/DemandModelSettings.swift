import VitrineConfig

/// A demand experiment's `model.*`, decoded once: which model, what it predicts, and the
/// neural model's shape.
struct DemandModelSettings: Equatable, Sendable {
    /// The model family: boosting trains trees (``TreeDemandRun``), the SGD trainer the MLP.
    enum Kind: String, CaseIterable, Sendable {
        /// Histogram gradient-boosted trees.
        case gbdt
        /// Entity embeddings and an MLP.
        case mlp
    }

    var kind: Kind
    /// What the model predicts per product and day.
    var target: DemandTarget
    /// mlp: hidden layer widths.
    var hidden: [Int]
    /// mlp: width of each categorical attribute's embedding.
    var embeddingDim: Int

    /// Decodes `model.*` of a validated demand config.
    init(_ config: ResolvedConfig) throws {
        kind = try config.choice("model.name")
        target = try config.choice("model.target")
        hidden = config.ints("model.hidden")
        embeddingDim = config.int("model.embedding_dim")
    }
}
