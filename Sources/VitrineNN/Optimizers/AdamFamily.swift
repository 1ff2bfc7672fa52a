import VitrineEngine

/// What ``Adam`` and ``AdamW`` share: the moment estimates, the step counter and the state
/// (`exp_avg`, `exp_avg_sq` per parameter). The two differ only in how weight decay enters,
/// which their initializers choose.
public class AdamFamily: Optimizer {
    public var learningRate: Float
    public private(set) var stepCount = 0
    private let update: AdamUpdate

    public var beta1: Float { update.beta1 }
    public var beta2: Float { update.beta2 }
    public var eps: Float { update.eps }
    public var weightDecay: Float { update.weightDecay }
    public var parameters: [(String, Parameter)] { update.slots.parameters }

    init(owner: String, parameters: [(String, Parameter)], learningRate: Float, beta1: Float, beta2: Float,
         eps: Float, weightDecay: Float, decoupled: Bool, learningRateScales: [String: Float]) throws {
        self.learningRate = learningRate
        update = try AdamUpdate(
            owner: owner, parameters: parameters, learningRate: learningRate, beta1: beta1,
            beta2: beta2, eps: eps, weightDecay: weightDecay, decoupled: decoupled,
            learningRateScales: learningRateScales)
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
