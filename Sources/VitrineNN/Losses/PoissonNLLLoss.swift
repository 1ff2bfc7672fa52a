import Foundation
import VitrineEngine

/// Poisson negative log-likelihood with a log-rate input, `mean(exp(x) − y·x)`, as
/// `nn.PoissonNLLLoss(log_input=True, full=False)`: the `log(y!)` term is left out, as PyTorch
/// leaves it out by default, since it does not depend on the prediction.
public final class PoissonNLLLoss: Module, Loss {
    public typealias Target = Tensor
    private var cached: (input: Tensor, target: Tensor)?
    private let gradInput = Tensor(zeros: [0])

    public override init() { super.init() }

    public func forward(_ input: Tensor, _ target: Tensor) throws -> Float {
        try requireMatchingTarget(input, target)
        cached = (input, target)
        let sum = elementwiseSum(input, target, cost: 16) { x, y in
            Double(exp(x) - y * x)
        }
        return Float(sum / Double(input.count))
    }

    public func backward() throws -> Tensor {
        let (input, target) = try requireForward(cached)
        let scale = 1 / Float(input.count)
        Kernels.zip(input, target, into: gradInput) { x, y in scale * (exp(x) - y) }
        return gradInput
    }
}
