import VitrineEngine

/// `y = x` for `x > 0`, `negativeSlope · x` otherwise, as `nn.LeakyReLU`.
public final class LeakyReLU: Module, Layer {
    public let negativeSlope: Float
    private var input: Tensor?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    public init(negativeSlope: Float = 0.01) throws {
        guard negativeSlope.isFinite else {
            throw EngineError.invalidArgument("LeakyReLU", "negativeSlope must be finite, got \(negativeSlope)")
        }
        self.negativeSlope = negativeSlope
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        self.input = input
        output.resize(input.shape)
        let x = input.data, y = output.data, slope = negativeSlope
        Parallel.forEachChunk(input.count) { range in
            for i in range { y[i] = x[i] > 0 ? x[i] : slope * x[i] }
        }
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        // The input, not the output, decides the branch: a slope ≤ 0 makes the output's sign
        // ambiguous.
        let input = try requireForward(self.input)
        try requireShape(gradOutput, input.shape, "gradOutput")
        gradInput.resize(input.shape)
        let x = input.data, dy = gradOutput.data, dx = gradInput.data, slope = negativeSlope
        Parallel.forEachChunk(input.count) { range in
            for i in range { dx[i] = x[i] > 0 ? dy[i] : slope * dy[i] }
        }
        return gradInput
    }
}
