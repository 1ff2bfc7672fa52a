import VitrineConfig
import VitrineInference

/// An embedding experiment's own groups, decoded once: data, augmentation, P×K sampling, the
/// network, the loss and how it is evaluated.
struct EmbeddingSettings: Equatable, Sendable {
    var data: EmbeddingDataSettings
    var augment: AugmentSettings
    var sampler: SamplerSettings
    var model: EmbeddingModelSettings
    var loss: EmbeddingLossSettings
    var evaluation: EmbeddingEvaluationSettings

    /// Decodes the embedding groups of a validated embedding config.
    init(_ config: ResolvedConfig) throws {
        data = try EmbeddingDataSettings(config)
        augment = try AugmentSettings(config)
        sampler = try SamplerSettings(config)
        model = try EmbeddingModelSettings(config)
        loss = try EmbeddingLossSettings(config)
        evaluation = try EmbeddingEvaluationSettings(config)
    }

    /// The network these settings describe, on the images their data source gives (what a
    /// checkpoint's saved config gives serving, ``EmbeddingNetworkSpec/init(savedConfig:source:)``).
    var network: EmbeddingNetworkSpec {
        let input = data.inputShape
        return EmbeddingNetworkSpec(architecture: model.architecture, width: model.width, smallStem: model.smallStem,
                                    dimension: model.embeddingDim, channels: input.channels, size: input.size,
                                    centerCrop: evaluation.centerCrop, flipAverage: evaluation.flipAverage)
    }
}
