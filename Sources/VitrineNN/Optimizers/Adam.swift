import VitrineEngine

/// Adam with bias-corrected moment estimates, as `torch.optim.Adam` (without amsgrad).
/// Weight decay is classic L2: `weightDecay · param` is added to the gradient before the
/// moments see it, so it is rescaled by the adaptive denominator (compare ``AdamW``).
/// State per parameter: `exp_avg` (first moment) and `exp_avg_sq` (second moment).
public final class Adam: Optimizer {
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
                beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0) throws {
        self.learningRate = learningRate
        update = try AdamUpdate(
            owner: "Adam", parameters: parameters, learningRate: learningRate, beta1: beta1,
            beta2: beta2, eps: eps, weightDecay: weightDecay, decoupled: false)
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
