import VitrineConfig

/// A classification experiment's own groups, decoded once.
struct ClassificationSettings: Equatable, Sendable {
    var data: ImageDataSettings
    /// Random horizontal flips in training.
    var augmentFlip: Bool
    /// The small convnet's first block's channels, and dropout before its classifier.
    var width: Int
    var dropout: Float
    var labelSmoothing: Float

    init(_ config: ResolvedConfig) throws {
        data = try ImageDataSettings(config)
        augmentFlip = config.bool("data.augment_flip")
        width = config.int("model.width")
        dropout = config.float("model.dropout")
        labelSmoothing = config.float("loss.label_smoothing")
    }
}
