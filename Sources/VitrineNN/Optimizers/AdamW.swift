import VitrineEngine

/// Adam with decoupled weight decay, as `torch.optim.AdamW` (without amsgrad): each step
/// first shrinks the weights by `lr · weightDecay · param`, then applies the plain Adam update
/// to the undecayed gradient, so the decay is not rescaled by the adaptive denominator.
/// State per parameter: `exp_avg` and `exp_avg_sq`, as ``Adam``.
public final class AdamW: Optimizer {
    public var learningRate: Float
    public private(set) var stepCount = 0
    private let update: AdamUpdate

    public var beta1: Float { update.beta1 }
    public var beta2: Float { update.beta2 }
    public var eps: Float { update.eps }
    public var weightDecay: Float { update.weightDecay }
    public var parameters: [(String, Parameter)] { update.slots.parameters }

    /// Throws for a negative learning rate, eps or weight decay, or a beta outside [0, 1).
    public init(parameters: [(String, Parameter)], learningRate: Float = 1e-3, beta1: Float = 0.9,
                beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0.01) throws {
        self.learningRate = learningRate
        update = try AdamUpdate(
            owner: "AdamW", parameters: parameters, learningRate: learningRate, beta1: beta1,
            beta2: beta2, eps: eps, weightDecay: weightDecay, decoupled: true)
    }

    public func step() {
        stepCount += 1
        update.apply(learningRate: learningRate, step: stepCount)
    }

    public func stateTensors() -> [(String, Tensor)] { update.slots.named() }

    public func loadState(_ tensors: [String: Tensor], stepCount: Int) throws {
        try update.slots.load(tensors, stepCount: stepCount)
        self.stepCount = stepCount
    }
}
