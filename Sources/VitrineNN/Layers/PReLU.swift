import VitrineEngine

/// `y = x` for `x > 0`, `a · x` otherwise, with a learned slope `a`, as `nn.PReLU`.
///
/// `weight` is `[numParameters]`: one slope shared by every element (`numParameters == 1`), or
/// one per channel, the channel being dim 1 of the input (PyTorch's rule; an input of rank
/// < 2 has no channel dimension and needs a single slope).
///
/// Backward skips the slope's sum when it is frozen and the input gradient when
/// ``computesInputGradient`` is off.
public final class PReLU: Module, Layer, InputGradientSwitch {
    public let weight: Parameter
    public let numParameters: Int
    public var computesInputGradient = true
    private var input: Tensor?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    public init(numParameters: Int = 1, initialValue: Float = 0.25) throws {
        guard numParameters > 0 else {
            throw EngineError.invalidArgument("PReLU", "numParameters must be positive, got \(numParameters)")
        }
        guard initialValue.isFinite else {
            throw EngineError.invalidArgument("PReLU", "initialValue must be finite, got \(initialValue)")
        }
        self.numParameters = numParameters
        weight = Parameter(Tensor(shape: [numParameters], repeating: initialValue))
        super.init()
    }

    /// The input as `[outer, channels, inner]`; channels is 1 when the slope is shared.
    private func layout(_ input: Tensor) throws -> (outer: Int, channels: Int, inner: Int) {
        if numParameters == 1 { return (1, 1, input.count) }
        guard input.rank >= 2, input.shape[1] == numParameters else {
            throw EngineError.shapeMismatch(
                path, "input must have \(numParameters) channels in dim 1 (one per slope), got shape \(input.shape)")
        }
        return (input.shape[0], numParameters, input.shape.dropFirst(2).reduce(1, *))
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let (_, c, inner) = try layout(input)
        self.input = input
        output.resize(input.shape)
        let x = input.data, y = output.data, a = weight.value.data
        Parallel.forEachChunk(input.count) { range in
            for i in range {
                let v = x[i]
                y[i] = v > 0 ? v : a[(i / inner) % c] * v
            }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let input = try requireForward(self.input)
        try requireShape(gradOutput, input.shape, "gradOutput")
        let (outer, c, inner) = try layout(input)
        gradInput.resize(computesInputGradient ? input.shape : [0])
        let x = input.data, dy = gradOutput.data, dx = gradInput.data
        let a = weight.value.data, ga = weight.grad.data
        if computesInputGradient {
            Parallel.forEachChunk(input.count) { range in
                for i in range {
                    dx[i] = x[i] > 0 ? dy[i] : a[(i / inner) % c] * dy[i]
                }
            }
        }
        guard weight.requiresGrad else { return gradInput }
        // da = Σ over the slope's elements with x ≤ 0 of x · dy.
        if c == 1 {
            ga[0] += Float(Parallel.sum(input.count) { range in
                var s = 0.0
                for i in range where x[i] <= 0 { s += Double(x[i]) * Double(dy[i]) }
                return s
            })
        } else {
            Parallel.forEach(c, cost: outer * inner) { ch in
                var s = 0.0
                for o in 0..<outer {
                    let offset = (o * c + ch) * inner
                    for i in offset..<(offset + inner) where x[i] <= 0 {
                        s += Double(x[i]) * Double(dy[i])
                    }
                }
                ga[ch] += Float(s)
            }
        }
        return gradInput
    }
}
