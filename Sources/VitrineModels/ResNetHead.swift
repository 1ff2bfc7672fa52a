/// What sits on top of a ResNet's pooled features, as its `fc`.
public enum ResNetHead: Equatable, Sendable {
    /// A linear classifier to `classes` logits (torchvision's `fc`).
    case classifier(classes: Int)
    /// An ``EmbeddingHead``: linear to `dimension`, then L2 normalization.
    case embedding(dimension: Int)
}
