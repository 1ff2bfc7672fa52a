import Foundation
import VitrineEngine

/// `y = tanh(x)` element-wise, as `nn.Tanh`.
public final class Tanh: Module, Layer {
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])
    private var forwardDone = false

    override public init() { super.init() }

    public func forward(_ input: Tensor) throws -> Tensor {
        output.resize(input.shape)
        let x = input.data, y = output.data
        Parallel.forEachChunk(input.count, cost: 16) { range in
            for i in range { y[i] = Foundation.tanh(x[i]) }
        }
        forwardDone = true
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        _ = try requireForward(forwardDone ? true : nil)
        try requireShape(gradOutput, output.shape, "gradOutput")
        gradInput.resize(output.shape)
        // tanh' = 1 − tanh², so the output is all backward needs.
        let y = output.data, dy = gradOutput.data, dx = gradInput.data
        Parallel.forEachChunk(output.count) { range in
            for i in range { dx[i] = dy[i] * (1 - y[i] * y[i]) }
        }
        return gradInput
    }
}
