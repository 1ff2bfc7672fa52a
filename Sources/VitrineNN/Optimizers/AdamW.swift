import VitrineEngine

/// Adam with decoupled weight decay, as `torch.optim.AdamW` (without amsgrad): each step
/// first shrinks the weights by `lr · weightDecay · param`, then applies the plain Adam update
/// to the undecayed gradient, so the decay is not rescaled by the adaptive denominator.
/// State per parameter: `exp_avg` and `exp_avg_sq`, as ``Adam``.
public final class AdamW: AdamFamily {
    /// `learningRateScales` multiplies the learning rate of the parameters it names (a PyTorch
    /// parameter group with its own `lr`). Throws for a negative learning rate, eps, weight decay
    /// or scale, a scale for an unknown parameter, or a beta outside [0, 1).
    public init(parameters: [(String, Parameter)], learningRate: Float = 1e-3, beta1: Float = 0.9,
                beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0.01,
                learningRateScales: [String: Float] = [:]) throws {
        try super.init(owner: "AdamW", parameters: parameters, learningRate: learningRate, beta1: beta1,
                       beta2: beta2, eps: eps, weightDecay: weightDecay, decoupled: true,
                       learningRateScales: learningRateScales)
    }
}
