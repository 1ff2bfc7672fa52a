import VitrineConfig

/// A GAN experiment's own groups, decoded once.
struct GANSettings: Equatable, Sendable {
    var data: ImageDataSettings
    /// nz, ngf, ndf, and whether the networks are conditioned on `data.attributes`.
    var latent: Int
    var generatorWidth: Int
    var discriminatorWidth: Int
    var conditional: Bool
    /// Unconditional grids: how many samples.
    var gridSamples: Int
    /// Conditional grids: a condition per row (empty: chosen from the data), and where they were set.
    var grid: [String]
    var gridOrigin: String
    /// λ and τ of the diversity-sensitive term against conditional mode collapse (λ 0: off).
    var diversityWeight: Double
    var diversityBound: Double
    /// The classification checkpoint whose features FID is computed on (empty: none).
    var featureCheckpoint: String

    init(_ config: ResolvedConfig) throws {
        data = try ImageDataSettings(config)
        latent = config.int("model.latent")
        generatorWidth = config.int("model.generator_width")
        discriminatorWidth = config.int("model.discriminator_width")
        conditional = config.bool("model.conditional")
        gridSamples = config.int("eval.samples")
        grid = config.strings("eval.grid")
        gridOrigin = config.origin("eval.grid").map { "\($0)" } ?? config.source
        featureCheckpoint = config.string("eval.feature_checkpoint")
        diversityWeight = config.double("loss.diversity_weight")
        diversityBound = config.double("loss.diversity_bound")
    }
}
