import VitrineEngine

/// `y = max(x, 0)` element-wise, as `nn.ReLU`; the gradient at 0 is 0, as PyTorch's.
public final class ReLU: Module, Layer {
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])
    private var forwardDone = false

    override public init() { super.init() }

    public func forward(_ input: Tensor) throws -> Tensor {
        output.resize(input.shape)
        let x = input.data, y = output.data
        Parallel.forEachChunk(input.count) { range in
            for i in range { y[i] = x[i] > 0 ? x[i] : 0 }
        }
        forwardDone = true
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        _ = try requireForward(forwardDone ? true : nil)
        try requireShape(gradOutput, output.shape, "gradOutput")
        gradInput.resize(output.shape)
        // y > 0 exactly where x > 0, so the output doubles as the mask.
        let y = output.data, dy = gradOutput.data, dx = gradInput.data
        Parallel.forEachChunk(output.count) { range in
            for i in range { dx[i] = y[i] > 0 ? dy[i] : 0 }
        }
        return gradInput
    }
}
