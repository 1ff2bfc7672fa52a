/// The embedding networks a run can name (`model.name`): each maps `[N, C, H, W]` images to
/// raw `[N, D]` embeddings.
public enum EmbeddingArchitecture: String, CaseIterable, Sendable {
    /// The small convnet, whose classifier is a linear layer to D: its embedding head.
    case smallConvnet = "small_convnet"
    /// ResNets with an embedding head (``ResNetConfiguration/named(_:width:smallStem:)``).
    case resnet18, resnet34, resnet50
    case resnetSmall = "resnet_small"
    /// Untrained reference embeddings (run them with `train.steps: 0`): raw pixels.
    case rawPixels = "raw_pixels"
    /// Untrained reference embeddings: colour histograms.
    case colourHistogram = "colour_histogram"
}
