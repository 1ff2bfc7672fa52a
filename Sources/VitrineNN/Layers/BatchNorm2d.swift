import VitrineEngine

/// Batch normalization over `[N, C, H, W]` inputs, per channel C, as `nn.BatchNorm2d`.
/// The statistics of a channel are taken over N, H and W. See ``BatchNormBase``.
public final class BatchNorm2d: BatchNormBase {
    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true) throws {
        try super.init(typeName: "BatchNorm2d", ranks: [4], layoutName: "[N, C, H, W]",
                       numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine)
    }
}
