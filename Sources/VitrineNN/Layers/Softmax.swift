import Foundation
import VitrineEngine

/// Softmax over dim 1, as `nn.Softmax(dim=1)`: for an `[N, C, …]` input, every position's `C`
/// values become `e^{x_c − max} / Σ_k e^{x_k − max}` (the maximum subtracted so that no
/// exponential overflows). MTCNN's nets end their face head with it (`softmax4_1`,
/// `softmax5_1`, `softmax6_1`), on `[N, 2, H, W]` maps in P-Net and `[N, 2]` rows in R-Net and
/// O-Net. It has no parameters, so it adds nothing to a state dict.
///
/// Backward: `dx_c = y_c · (dy_c − Σ_k y_k dy_k)`, from the output alone.
public final class Softmax: Module, Layer {
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])
    private var forwardDone = false

    override public init() { super.init() }

    /// The input as `[outer, channels, inner]`: channel c of position (o, i) is at
    /// `(o · channels + c) · inner + i`.
    private func layout(_ shape: [Int]) throws -> (outer: Int, channels: Int, inner: Int) {
        guard shape.count >= 2, shape[1] > 0 else {
            throw EngineError.shapeMismatch(
                path, "input must have at least 2 dimensions [N, C, …] with C > 0, got shape \(shape)")
        }
        return (shape[0], shape[1], shape.dropFirst(2).reduce(1, *))
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let (outer, c, inner) = try layout(input.shape)
        output.resize(input.shape)
        let x = input.data, y = output.data
        Parallel.forEach(outer * inner, cost: 8 * c) { position in
            let (o, i) = position.quotientAndRemainder(dividingBy: inner)
            let base = o * c * inner + i
            var largest = -Float.infinity
            for k in 0..<c { largest = max(largest, x[base + k * inner]) }
            var sum: Float = 0
            for k in 0..<c {
                let e = Foundation.exp(x[base + k * inner] - largest)
                y[base + k * inner] = e
                sum += e
            }
            for k in 0..<c { y[base + k * inner] /= sum }
        }
        forwardDone = true
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        _ = try requireForward(forwardDone ? true : nil)
        try requireShape(gradOutput, output.shape, "gradOutput")
        let (outer, c, inner) = try layout(output.shape)
        gradInput.resize(output.shape)
        let y = output.data, dy = gradOutput.data, dx = gradInput.data
        Parallel.forEach(outer * inner, cost: 4 * c) { position in
            let (o, i) = position.quotientAndRemainder(dividingBy: inner)
            let base = o * c * inner + i
            var dot: Float = 0
            for k in 0..<c { dot += y[base + k * inner] * dy[base + k * inner] }
            for k in 0..<c { dx[base + k * inner] = y[base + k * inner] * (dy[base + k * inner] - dot) }
        }
        return gradInput
    }
}
