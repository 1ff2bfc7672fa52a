import VitrineEngine

/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2
/// weight decay, exactly as `torch.optim.SGD`:
///
///     d = grad + weightDecay · param
///     buf = d                                        (first step)
///     buf = momentum · buf + (1 − dampening) · d      (later steps)
///     d = nesterov ? d + momentum · buf : buf         (when momentum ≠ 0)
///     param −= lr · d
///
/// With momentum the state is one `momentum_buffer` per parameter; without it there is none.
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let dampening: Float
    public let nesterov: Bool
    public let weightDecay: Float
    public private(set) var stepCount = 0
    private let slots: OptimizerSlots

    public var parameters: [(String, Parameter)] { slots.parameters }

    /// `learningRateScales` multiplies the learning rate of the parameters it names (a PyTorch
    /// parameter group with its own `lr`); a scale must be >= 0 and name a parameter.
    /// Throws for a negative learning rate, momentum or weight decay, a dampening outside
    /// [0, 1], or Nesterov momentum without momentum or with dampening (as PyTorch).
    public init(parameters: [(String, Parameter)], learningRate: Float, momentum: Float = 0,
                dampening: Float = 0, nesterov: Bool = false, weightDecay: Float = 0,
                learningRateScales: [String: Float] = [:]) throws {
        try requireNonNegative(learningRate, "learning rate", "SGD")
        try requireNonNegative(momentum, "momentum", "SGD")
        try requireNonNegative(weightDecay, "weight decay", "SGD")
        // PyTorch accepts any dampening; outside [0, 1] it would flip or amplify the gradient.
        guard dampening >= 0, dampening <= 1 else {
            throw EngineError.invalidArgument("SGD", "dampening must be in [0, 1], got \(dampening)")
        }
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw EngineError.invalidArgument(
                "SGD", "Nesterov momentum requires a momentum > 0 and zero dampening, "
                    + "got momentum \(momentum), dampening \(dampening)")
        }
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        slots = try OptimizerSlots(
            owner: "SGD", parameters: parameters, slotNames: momentum != 0 ? ["momentum_buffer"] : [],
            learningRateScales: learningRateScales)
    }

    public func step() {
        slots.checkShapes()
        let wd = weightDecay, mu = momentum
        let keep = 1 - dampening, nesterov = self.nesterov
        // PyTorch's buffer starts as None and is set to the first gradient, not decayed zeros.
        let first = stepCount == 0
        for (index, (_, parameter)) in slots.parameters.enumerated() {
            let p = parameter.value.data, g = parameter.grad.data
            let count = parameter.value.count
            let lr = learningRate * slots.learningRateScales[index]
            if mu == 0 {
                Parallel.forEachChunk(count, cost: 2) { range in
                    for i in range { p[i] -= lr * (wd != 0 ? g[i] + wd * p[i] : g[i]) }
                }
                continue
            }
            let buf = slots.tensors[0][index].data
            Parallel.forEachChunk(count, cost: 4) { range in
                for i in range {
                    // Skipping the decay term when it is zero keeps an infinite weight's
                    // update from turning into NaN (0 · ∞), as PyTorch skips it too.
                    let d = wd != 0 ? g[i] + wd * p[i] : g[i]
                    let b = first ? d : mu * buf[i] + keep * d
                    buf[i] = b
                    p[i] -= lr * (nesterov ? d + mu * b : b)
                }
            }
        }
        stepCount += 1
    }

    public func stateTensors() -> [(String, Tensor)] { slots.named() }

    public func loadState(_ tensors: [String: Tensor], stepCount: Int) throws {
        try slots.load(tensors, stepCount: stepCount)
        self.stepCount = stepCount
    }
}
