/// Where an embedding run's images come from (`data.source`), which fixes the images its
/// network takes.
public enum EmbeddingDataSource: String, CaseIterable, Sendable {
    /// Fashion-MNIST (Debian's dataset-fashion-mnist): 28 px grey images.
    case fashionMNIST = "fashion_mnist"
    /// A product catalog's photos (a manifest): colour, at `data.image_size`.
    case catalog

    /// The images a network takes from this source: `(channels, size)`, for catalogs at
    /// `imageSize`.
    public func inputShape(imageSize: Int) -> (channels: Int, size: Int) {
        switch self {
        case .fashionMNIST: return (1, 28)
        case .catalog: return (3, imageSize)
        }
    }
}
