import VitrineEngine

/// `y = x · weightᵀ + bias` over the last dimension, as `nn.Linear`.
/// Input `[N, in]`, output `[N, out]`; `weight` is `[out, in]`, `bias` `[out]`.
/// Backward skips a frozen parameter's gradient, and the input gradient's product when
/// ``computesInputGradient`` is off.
public final class Linear: Module, Layer, InputGradientSwitch {
    public let weight: Parameter
    public let bias: Parameter?
    public let inFeatures: Int
    public let outFeatures: Int
    public var computesInputGradient = true
    private var input: Tensor?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    /// Weights and bias start as PyTorch's do: U(-1/√in, 1/√in).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: Generator) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw EngineError.invalidArgument(
                "Linear", "features must be positive, got in=\(inFeatures) out=\(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        (weight, self.bias) = Init.layerDefaults(weightShape: [outFeatures, inFeatures], fanIn: inFeatures,
                                                 biasCount: bias ? outFeatures : nil, generator: generator)
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        guard input.rank == 2, input.shape[1] == inFeatures else {
            throw EngineError.shapeMismatch(
                path, "input must be [N, \(inFeatures)], got \(input.shape)")
        }
        let n = input.shape[0]
        self.input = input
        output.resize([n, outFeatures])
        if let bias {
            for row in 0..<n {
                (output.data + row * outFeatures).update(from: bias.value.data, count: outFeatures)
            }
        }
        BLAS.sgemm(transB: true, m: n, n: outFeatures, k: inFeatures,
                   a: input.data, b: weight.value.data, beta: bias == nil ? 0 : 1, c: output.data)
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let input = try requireForward(self.input)
        let n = input.shape[0]
        try requireShape(gradOutput, [n, outFeatures], "gradOutput")
        // dW += dYᵀ · X ; db += Σ_rows dY ; dX = dY · W
        if weight.requiresGrad {
            BLAS.sgemm(transA: true, m: outFeatures, n: inFeatures, k: n,
                       a: gradOutput.data, b: input.data, beta: 1, c: weight.grad.data)
        }
        if let bias, bias.requiresGrad {
            let g = bias.grad.data
            for row in 0..<n {
                let src = gradOutput.data + row * outFeatures
                for j in 0..<outFeatures { g[j] += src[j] }
            }
        }
        guard computesInputGradient else {
            gradInput.resize([0])
            return gradInput
        }
        gradInput.resize([n, inFeatures])
        BLAS.sgemm(m: n, n: inFeatures, k: outFeatures,
                   a: gradOutput.data, b: weight.value.data, c: gradInput.data)
        return gradInput
    }
}
