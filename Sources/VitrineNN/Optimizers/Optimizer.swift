import VitrineEngine

/// Updates a model's parameters from their accumulated gradients, as `torch.optim` does.
///
/// An optimizer is built from `model.namedParameters()` and keeps its per-parameter state
/// (momentum, moment estimates) under PyTorch's slot names, so a checkpoint stores it as
/// `<parameter path>/<slot>` (`layer1.0.conv1.weight/momentum_buffer`, `fc.bias/exp_avg_sq`)
/// together with ``stepCount``. All state is allocated when the optimizer is built, so a
/// training loop allocates nothing in ``step()``.
public protocol Optimizer: AnyObject {
    /// The learning rate the next ``step()`` uses; a schedule sets it between steps.
    var learningRate: Float { get set }
    /// The parameters being optimized, with their dotted paths, in construction order.
    var parameters: [(String, Parameter)] { get }
    /// How many steps have been taken (Adam's bias correction depends on it).
    var stepCount: Int { get }
    /// Updates every parameter from its gradient and counts the step.
    func step()
    /// Clears every parameter's gradient.
    func zeroGrad()
    /// The optimizer's state tensors named `<parameter path>/<slot>`, parameter by parameter
    /// in construction order. The tensors are the live state, not copies.
    func stateTensors() -> [(String, Tensor)]
    /// Restores state saved from ``stateTensors()`` and ``stepCount``. Every expected name must
    /// be present with the right shape and no other name may appear; the first problem found
    /// is thrown and nothing is changed.
    func loadState(_ tensors: [String: Tensor], stepCount: Int) throws
}

extension Optimizer {
    public func zeroGrad() {
        for (_, parameter) in parameters { parameter.grad.zero() }
    }
}

/// The per-parameter state tensors an optimizer keeps, one set per slot name, allocated once
/// with each parameter's shape. Shared by the optimizers so that naming, validation and
/// checkpoint loading behave the same for all of them.
struct OptimizerSlots {
    /// Which optimizer owns these slots, for error messages.
    let owner: String
    let parameters: [(String, Parameter)]
    let slotNames: [String]
    /// `tensors[slot][parameter]`.
    let tensors: [[Tensor]]
    /// Each parameter's multiplier on the optimizer's learning rate, 1 unless given: what a
    /// PyTorch parameter group with its own `lr` does (e.g. faster-moving class proxies).
    let learningRateScales: [Float]

    /// Checks the parameter list the way `torch.optim.Optimizer` does (not empty, no parameter
    /// twice) and that every gradient matches its value's shape, then allocates zeroed slots.
    init(owner: String, parameters: [(String, Parameter)], slotNames: [String],
         learningRateScales: [String: Float] = [:]) throws {
        guard !parameters.isEmpty else {
            throw EngineError.invalidArgument(owner, "got an empty parameter list")
        }
        var seenNames = Set<String>()
        var seenObjects = Set<ObjectIdentifier>()
        for (name, parameter) in parameters {
            guard seenNames.insert(name).inserted else {
                throw EngineError.invalidArgument(owner, "parameter name '\(name)' appears twice")
            }
            guard seenObjects.insert(ObjectIdentifier(parameter)).inserted else {
                throw EngineError.invalidArgument(
                    owner, "parameter '\(name)' is the same object as an earlier parameter")
            }
            guard parameter.grad.shape == parameter.value.shape else {
                throw EngineError.shapeMismatch(
                    owner, "parameter '\(name)' has value shape \(parameter.value.shape) "
                        + "but gradient shape \(parameter.grad.shape)")
            }
        }
        for (name, scale) in learningRateScales.sorted(by: { $0.key < $1.key }) {
            guard seenNames.contains(name) else {
                throw EngineError.invalidArgument(
                    owner, "learning-rate scale given for '\(name)', which is not among the parameters")
            }
            try requireNonNegative(scale, "learning-rate scale of '\(name)'", owner)
        }
        self.owner = owner
        self.parameters = parameters
        self.slotNames = slotNames
        self.learningRateScales = parameters.map { learningRateScales[$0.0] ?? 1 }
        self.tensors = slotNames.map { _ in parameters.map { Tensor(zeros: $0.1.value.shape) } }
    }

    func named() -> [(String, Tensor)] {
        var result: [(String, Tensor)] = []
        for (index, (name, _)) in parameters.enumerated() {
            for (slot, slotName) in slotNames.enumerated() {
                result.append(("\(name)/\(slotName)", tensors[slot][index]))
            }
        }
        return result
    }

    /// Validates everything first, then copies, so a failed load leaves the state untouched.
    func load(_ saved: [String: Tensor], stepCount: Int) throws {
        let location = "\(owner).loadState"
        guard stepCount >= 0 else {
            throw EngineError.invalidArgument(location, "step count must be >= 0, got \(stepCount)")
        }
        let expected = named()
        for (name, tensor) in expected {
            guard let source = saved[name] else {
                throw EngineError.invalidArgument(location, "missing state tensor '\(name)'")
            }
            guard source.shape == tensor.shape else {
                throw EngineError.shapeMismatch(
                    location, "state tensor '\(name)' must have shape \(tensor.shape), got \(source.shape)")
            }
        }
        let known = Set(expected.map(\.0))
        if let extra = saved.keys.sorted().first(where: { !known.contains($0) }) {
            throw EngineError.invalidArgument(location, "unexpected state tensor '\(extra)'")
        }
        for (name, tensor) in expected { tensor.assign(saved[name]!) }
    }

    /// Catches a parameter resized after the optimizer was built, which would otherwise make
    /// the raw-pointer loops run past the slots' storage.
    func checkShapes() {
        for (index, (name, parameter)) in parameters.enumerated() {
            let count = parameter.value.count
            let consistent = parameter.grad.count == count && tensors.allSatisfy { $0[index].count == count }
            precondition(consistent, "\(owner): parameter '\(name)' changed shape after the optimizer was built")
        }
    }
}

/// Throws `invalidArgument(owner, …)` unless `value` is finite and at least zero.
func requireNonNegative(_ value: Float, _ name: String, _ owner: String) throws {
    guard value.isFinite, value >= 0 else {
        throw EngineError.invalidArgument(owner, "\(name) must be finite and >= 0, got \(value)")
    }
}

/// Throws `invalidArgument(owner, …)` unless `value` is in [0, 1).
func requireUnitInterval(_ value: Float, _ name: String, _ owner: String) throws {
    guard value >= 0, value < 1 else {
        throw EngineError.invalidArgument(owner, "\(name) must be in [0, 1), got \(value)")
    }
}
