import VitrineConfig

/// An embedding experiment's `augment.*`, decoded once: what training does to each image.
struct AugmentSettings: Equatable, Sendable {
    /// Random resized crops keep at least this fraction of the image's area; 1 means no crop.
    var cropScale: Double
    /// Random horizontal flips.
    var flip: Bool
    /// Brightness and contrast jitter: factors drawn from [1 − x, 1 + x].
    var brightness: Float
    var contrast: Float

    /// Decodes `augment.*` of a validated embedding config.
    init(_ config: ResolvedConfig) throws {
        cropScale = config.double("augment.crop_scale")
        flip = config.bool("augment.flip")
        brightness = config.float("augment.brightness")
        contrast = config.float("augment.contrast")
    }
}
