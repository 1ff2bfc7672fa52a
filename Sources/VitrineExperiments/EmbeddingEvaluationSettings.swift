import VitrineConfig

/// How an embedding experiment evaluates, decoded once: `metrics.recall_at` (the figures) and
/// `eval.*` (how images are seen, in evaluation and serving alike).
struct EmbeddingEvaluationSettings: Equatable, Sendable {
    /// The K of the Recall@K figures.
    var recallAt: [Int]
    /// Embed the central crop of this fraction of the image's side; 1 means the whole image.
    var centerCrop: Double
    /// Embed each image and its mirror image and use the sum of the two unit vectors.
    var flipAverage: Bool

    /// Decodes `metrics.recall_at` and `eval.*` of a validated embedding config.
    init(_ config: ResolvedConfig) throws {
        recallAt = config.ints("metrics.recall_at")
        centerCrop = config.double("eval.center_crop")
        flipAverage = config.bool("eval.flip_average")
    }
}
