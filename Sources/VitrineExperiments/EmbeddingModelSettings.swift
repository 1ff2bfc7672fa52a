import VitrineConfig
import VitrineInference

/// An embedding experiment's `model.*`, decoded once: the network and its embedding size.
struct EmbeddingModelSettings: Equatable, Sendable {
    var architecture: EmbeddingArchitecture
    /// Channels of the first block.
    var width: Int
    /// ResNets: a 3×3 stride-1 stem without max-pool.
    var smallStem: Bool
    /// The embedding size D.
    var embeddingDim: Int

    /// Decodes `model.*` of a validated embedding config.
    init(_ config: ResolvedConfig) throws {
        architecture = try config.choice("model.name")
        width = config.int("model.width")
        smallStem = config.bool("model.small_stem")
        embeddingDim = config.int("model.embedding_dim")
    }
}
