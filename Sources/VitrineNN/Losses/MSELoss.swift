import VitrineEngine

/// Mean squared error, `mean((x − y)²)`, as `nn.MSELoss()`.
public final class MSELoss: Module, Loss {
    public typealias Target = Tensor
    private var cached: (input: Tensor, target: Tensor)?
    private let gradInput = Tensor(zeros: [0])

    public override init() { super.init() }

    public func forward(_ input: Tensor, _ target: Tensor) throws -> Float {
        try requireMatchingTarget(input, target)
        cached = (input, target)
        let sum = elementwiseSum(input, target) { x, y in
            let d = x - y
            return Double(d * d)
        }
        return Float(sum / Double(input.count))
    }

    public func backward() throws -> Tensor {
        let (input, target) = try requireForward(cached)
        let scale = 2 / Float(input.count)
        Kernels.zip(input, target, into: gradInput) { x, y in scale * (x - y) }
        return gradInput
    }
}
