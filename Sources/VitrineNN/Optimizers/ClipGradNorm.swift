import VitrineEngine

/// Rescales the gradients of `parameters` so that their global L2 norm (all gradients taken
/// as one vector) is at most `maxNorm`, as `torch.nn.utils.clip_grad_norm_`: when
/// `maxNorm / (norm + 1e-6) < 1` every gradient is multiplied by that factor. The norm is
/// accumulated in double precision. Returns the norm before clipping.
///
/// A non-finite norm (an overflowed or NaN gradient) is returned as it is and the gradients
/// are left alone — PyTorch would multiply them by NaN — so the caller can detect it and
/// skip the step. `maxNorm` must be finite and non-negative.
@discardableResult
public func clipGradNorm(_ parameters: [(String, Parameter)], maxNorm: Float) -> Float {
    precondition(maxNorm.isFinite && maxNorm >= 0, "clipGradNorm: maxNorm must be finite and >= 0, got \(maxNorm)")
    var sumOfSquares = 0.0
    for (_, parameter) in parameters { sumOfSquares += Kernels.sumOfSquares(parameter.grad) }
    let norm = sumOfSquares.squareRoot()
    guard norm.isFinite else { return Float(norm) }
    let coefficient = Double(maxNorm) / (norm + 1e-6)
    if coefficient < 1 {
        let scale = Float(coefficient)
        for (_, parameter) in parameters { Kernels.scale(parameter.grad, by: scale) }
    }
    return Float(norm)
}
