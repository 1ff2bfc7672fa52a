import VitrineEngine

/// Batch normalization over `[N, C]` or `[N, C, L]` inputs, per channel C, as `nn.BatchNorm1d`.
/// The statistics of a channel are taken over N (and L). See ``BatchNormBase``.
public final class BatchNorm1d: BatchNormBase {
    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true) throws {
        try super.init(typeName: "BatchNorm1d", ranks: [2, 3], layoutName: "[N, C] or [N, C, L]",
                       numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine)
    }
}
