import VitrineEngine

/// Huber-style loss, as `nn.SmoothL1Loss(beta=beta)`: for `z = |x − y|`,
/// `0.5·z²/beta` when `z < beta`, else `z − 0.5·beta`; the mean over elements.
/// `beta = 0` is plain L1, whose gradient at `x = y` is 0 (PyTorch's `sign(0)`).
public final class SmoothL1Loss: Module, Loss {
    public typealias Target = Tensor
    public let beta: Float
    private var cached: (input: Tensor, target: Tensor)?
    private let gradInput = Tensor(zeros: [0])

    /// `beta = 1`, PyTorch's default. Cannot fail, so callers need no `try`.
    public override init() {
        beta = 1
        super.init()
    }

    /// Throws unless `beta` is finite and non-negative.
    public init(beta: Float) throws {
        guard beta >= 0, beta.isFinite else {
            throw EngineError.invalidArgument("SmoothL1Loss", "beta must be finite and non-negative, got \(beta)")
        }
        self.beta = beta
        super.init()
    }

    public func forward(_ input: Tensor, _ target: Tensor) throws -> Float {
        try requireMatchingTarget(input, target)
        cached = (input, target)
        let beta = self.beta
        let sum = elementwiseSum(input, target) { x, y in
            let z = abs(x - y)
            return Double(z < beta ? 0.5 * z * z / beta : z - 0.5 * beta)
        }
        return Float(sum / Double(input.count))
    }

    public func backward() throws -> Tensor {
        let (input, target) = try requireForward(cached)
        let scale = 1 / Float(input.count), beta = self.beta
        Kernels.zip(input, target, into: gradInput) { x, y in
            let d = x - y
            if beta == 0 { return d > 0 ? scale : (d < 0 ? -scale : 0) }
            if d <= -beta { return -scale }
            if d >= beta { return scale }
            return scale * d / beta
        }
        return gradInput
    }
}
