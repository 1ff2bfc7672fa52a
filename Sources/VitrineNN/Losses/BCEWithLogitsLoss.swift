import Foundation
import VitrineEngine

/// Binary cross-entropy on logits, as `nn.BCEWithLogitsLoss()` (no weights):
/// `mean(max(x, 0) − x·y + log(1 + exp(−|x|)))`, which equals
/// `−y·log σ(x) − (1 − y)·log(1 − σ(x))` but never overflows, even at |x| = 100.
public final class BCEWithLogitsLoss: Module, Loss {
    public typealias Target = Tensor
    private var cached: (input: Tensor, target: Tensor)?
    private let gradInput = Tensor(zeros: [0])

    public override init() { super.init() }

    public func forward(_ input: Tensor, _ target: Tensor) throws -> Float {
        try requireMatchingTarget(input, target)
        cached = (input, target)
        let sum = elementwiseSum(input, target, cost: 16) { x, y in
            Double(max(x, 0) - x * y + log1p(exp(-abs(x))))
        }
        return Float(sum / Double(input.count))
    }

    public func backward() throws -> Tensor {
        let (input, target) = try requireForward(cached)
        let scale = 1 / Float(input.count)
        Kernels.zip(input, target, into: gradInput) { x, y in
            // σ(x) through exp(−|x|) so neither branch overflows.
            let e = exp(-abs(x))
            let sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e)
            return scale * (sigmoid - y)
        }
        return gradInput
    }
}
