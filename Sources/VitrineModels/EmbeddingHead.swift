import VitrineEngine
import VitrineNN

/// A linear projection to `D` dimensions followed by L2 normalization: the head that turns a
/// ResNet into an embedding network, with outputs on the unit sphere so that inner products
/// are cosine similarities.
///
/// Used as the ResNet's `fc`, it exposes the projection's parameters as its own (`fc.weight`
/// `[D, features]`, `fc.bias` `[D]`, not `fc.linear.weight`): a checkpoint then has exactly
/// torchvision's names, and the head maps onto a torchvision ResNet whose `fc` was replaced by
/// `nn.Linear(features, D)` followed by `F.normalize` (which has no parameters).
public final class EmbeddingHead: Module, Layer {
    public let inFeatures: Int
    public let dimension: Int
    private let linear: Linear
    private let normalize: L2Normalize

    public init(_ inFeatures: Int, dimension: Int, generator: Generator) throws {
        guard inFeatures > 0, dimension > 0 else {
            throw EngineError.invalidArgument(
                "EmbeddingHead", "features and dimension must be positive, got in=\(inFeatures) D=\(dimension)")
        }
        self.inFeatures = inFeatures
        self.dimension = dimension
        linear = try Linear(inFeatures, dimension, generator: generator)
        normalize = try L2Normalize(dim: 1)
        super.init()
    }

    /// No children: the projection's parameters are this module's own (see the type's doc).
    override public var children: [(String, Module)] { [] }
    override public var localParameters: [(String, Parameter)] { linear.localParameters }

    public func forward(_ input: Tensor) throws -> Tensor {
        try normalize.forward(linear.forward(input))
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        try linear.backward(normalize.backward(gradOutput))
    }
}
