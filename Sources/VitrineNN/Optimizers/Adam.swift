import VitrineEngine

/// Adam with bias-corrected moment estimates, as `torch.optim.Adam` (without amsgrad).
/// Weight decay is classic L2: `weightDecay · param` is added to the gradient before the
/// moments see it, so it is rescaled by the adaptive denominator (compare ``AdamW``).
/// State per parameter: `exp_avg` (first moment) and `exp_avg_sq` (second moment).
public final class Adam: AdamFamily {
    /// `learningRateScales` multiplies the learning rate of the parameters it names (a PyTorch
    /// parameter group with its own `lr`). Throws for a negative learning rate, eps, weight decay
    /// or scale, a scale for an unknown parameter, or a beta outside [0, 1).
    public init(parameters: [(String, Parameter)], learningRate: Float = 1e-3, beta1: Float = 0.9,
                beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0,
                learningRateScales: [String: Float] = [:]) throws {
        try super.init(owner: "Adam", parameters: parameters, learningRate: learningRate, beta1: beta1,
                       beta2: beta2, eps: eps, weightDecay: weightDecay, decoupled: false,
                       learningRateScales: learningRateScales)
    }
}
