import VitrineEngine

/// The activation that follows a layer, for the gain of ``Init``'s scaled initializers, as
/// `torch.nn.init.calculate_gain`.
public enum Nonlinearity: Equatable, Sendable {
    /// Identity (also PyTorch's `conv*d` and `sigmoid` gain of 1 — use `.sigmoid` for clarity).
    case linear
    case sigmoid
    case tanh
    case relu
    /// Leaky ReLU with the given negative slope (PyTorch's `a`).
    case leakyReLU(negativeSlope: Float)
    case selu

    /// 1 for linear and sigmoid, 5/3 for tanh, √2 for ReLU, √(2 / (1 + slope²)) for leaky
    /// ReLU, 3/4 for SELU.
    public var gain: Float {
        switch self {
        case .linear, .sigmoid: return 1
        case .tanh: return 5.0 / 3
        case .relu: return Float(2.0.squareRoot())
        case let .leakyReLU(slope): return Float((2 / (1 + Double(slope) * Double(slope))).squareRoot())
        case .selu: return 0.75
        }
    }
}

/// Which fan the Kaiming initializers preserve the variance of: `fanIn` keeps the forward
/// activations' scale, `fanOut` the backward gradients' (torchvision's ResNet uses fanOut).
public enum FanMode: Sendable {
    case fanIn
    case fanOut
}

/// Weight initializers with `torch.nn.init`'s formulas. They fill a tensor in place, drawing
/// element by element in row-major order from the given generator, so a seed fixes the
/// weights. Typical use: `try Init.kaimingNormal(conv.weight.value, mode: .fanOut,
/// nonlinearity: .relu, generator: g)`. A tensor with no elements is left as it is (PyTorch
/// warns and does the same).
public enum Init {
    /// `(fanIn, fanOut)` as PyTorch's `_calculate_fan_in_and_fan_out`: for a weight of shape
    /// `[out, in, k…]` the receptive field is the product of the trailing dimensions, fanIn is
    /// `in · receptive` and fanOut `out · receptive`. A linear `[out, in]` weight has fans
    /// (in, out); a conv weight `[64, 3, 7, 7]` has (147, 3136). Needs at least 2 dimensions.
    public static func fans(_ shape: [Int]) throws -> (fanIn: Int, fanOut: Int) {
        guard shape.count >= 2 else {
            throw EngineError.invalidArgument(
                "Init", "fan in and fan out need a tensor with at least 2 dimensions, got shape \(shape)")
        }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// N(0, std²) with `std = gain / √fan` (He et al.), as `kaiming_normal_`. PyTorch's
    /// default nonlinearity is leaky ReLU with slope 0, whose gain equals ReLU's.
    public static func kaimingNormal(
        _ tensor: Tensor, mode: FanMode = .fanIn,
        nonlinearity: Nonlinearity = .leakyReLU(negativeSlope: 0), generator: Generator
    ) throws {
        guard tensor.count > 0 else { return }
        let fan = try chosenFan(tensor.shape, mode, "Init.kaimingNormal")
        let std = Double(nonlinearity.gain) / Double(fan).squareRoot()
        generator.fillNormal(tensor, mean: 0, std: Float(std))
    }

    /// U(−bound, bound) with `bound = gain · √(3 / fan)`, as `kaiming_uniform_`.
    public static func kaimingUniform(
        _ tensor: Tensor, mode: FanMode = .fanIn,
        nonlinearity: Nonlinearity = .leakyReLU(negativeSlope: 0), generator: Generator
    ) throws {
        guard tensor.count > 0 else { return }
        let fan = try chosenFan(tensor.shape, mode, "Init.kaimingUniform")
        let bound = Float(Double(nonlinearity.gain) * (3 / Double(fan)).squareRoot())
        generator.fillUniform(tensor, low: -bound, high: bound)
    }

    /// U(−a, a) with `a = gain · √(6 / (fanIn + fanOut))` (Glorot & Bengio), as
    /// `xavier_uniform_`.
    public static func xavierUniform(_ tensor: Tensor, gain: Float = 1, generator: Generator) throws {
        guard tensor.count > 0 else { return }
        try requireNonNegative(gain, "gain", "Init.xavierUniform")
        let (fanIn, fanOut) = try checkedFans(tensor.shape, "Init.xavierUniform")
        let bound = Float(Double(gain) * (6 / Double(fanIn + fanOut)).squareRoot())
        generator.fillUniform(tensor, low: -bound, high: bound)
    }

    /// N(0, std²) with `std = gain · √(2 / (fanIn + fanOut))`, as `xavier_normal_`.
    public static func xavierNormal(_ tensor: Tensor, gain: Float = 1, generator: Generator) throws {
        guard tensor.count > 0 else { return }
        try requireNonNegative(gain, "gain", "Init.xavierNormal")
        let (fanIn, fanOut) = try checkedFans(tensor.shape, "Init.xavierNormal")
        let std = Float(Double(gain) * (2 / Double(fanIn + fanOut)).squareRoot())
        generator.fillNormal(tensor, mean: 0, std: std)
    }

    /// N(mean, std²), as `normal_`; DCGAN's weights are `normal(w, mean: 0, std: 0.02, …)`.
    public static func normal(_ tensor: Tensor, mean: Float = 0, std: Float = 1, generator: Generator) throws {
        guard mean.isFinite else {
            throw EngineError.invalidArgument("Init.normal", "mean must be finite, got \(mean)")
        }
        try requireNonNegative(std, "std", "Init.normal")
        generator.fillNormal(tensor, mean: mean, std: std)
    }

    /// U[low, high), as `uniform_`.
    public static func uniform(_ tensor: Tensor, low: Float = 0, high: Float = 1, generator: Generator) throws {
        guard low.isFinite, high.isFinite, low <= high else {
            throw EngineError.invalidArgument(
                "Init.uniform", "bounds must be finite with low <= high, got [\(low), \(high))")
        }
        generator.fillUniform(tensor, low: low, high: high)
    }

    /// Every element set to `value`, as `constant_`.
    public static func constant(_ tensor: Tensor, _ value: Float) { tensor.fill(value) }

    /// Every element set to 0, as `zeros_` (biases, batch norm's shift).
    public static func zeros(_ tensor: Tensor) { tensor.fill(0) }

    /// Every element set to 1, as `ones_` (batch norm's scale).
    public static func ones(_ tensor: Tensor) { tensor.fill(1) }

    private static func checkedFans(_ shape: [Int], _ location: String) throws -> (fanIn: Int, fanOut: Int) {
        do {
            return try fans(shape)
        } catch EngineError.invalidArgument(_, let detail) {
            throw EngineError.invalidArgument(location, detail)
        }
    }

    private static func chosenFan(_ shape: [Int], _ mode: FanMode, _ location: String) throws -> Int {
        let (fanIn, fanOut) = try checkedFans(shape, location)
        return mode == .fanIn ? fanIn : fanOut
    }
}
