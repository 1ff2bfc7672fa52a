import Foundation
import VitrineEngine

/// `y = 1 / (1 + e^−x)` element-wise, as `nn.Sigmoid`.
public final class Sigmoid: Module, Layer {
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])
    private var forwardDone = false

    override public init() { super.init() }

    public func forward(_ input: Tensor) throws -> Tensor {
        output.resize(input.shape)
        let x = input.data, y = output.data
        Parallel.forEachChunk(input.count, cost: 16) { range in
            for i in range {
                // Exponentiate only non-positive numbers so large |x| never overflows to inf/inf.
                let v = x[i]
                if v >= 0 {
                    y[i] = 1 / (1 + Foundation.exp(-v))
                } else {
                    let e = Foundation.exp(v)
                    y[i] = e / (1 + e)
                }
            }
        }
        forwardDone = true
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        _ = try requireForward(forwardDone ? true : nil)
        try requireShape(gradOutput, output.shape, "gradOutput")
        gradInput.resize(output.shape)
        // σ' = σ(1 − σ), so the output is all backward needs.
        let y = output.data, dy = gradOutput.data, dx = gradInput.data
        Parallel.forEachChunk(output.count) { range in
            for i in range { dx[i] = dy[i] * y[i] * (1 - y[i]) }
        }
        return gradInput
    }
}
