import VitrineEngine

/// The mean of each channel's plane: `[N, C, H, W]` → `[N, C, 1, 1]`, as
/// `nn.AdaptiveAvgPool2d(1)` (which PyTorch computes as a mean over the last two dimensions).
public final class GlobalAvgPool2d: Module, Layer {
    private var inputShape: [Int]?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    public override init() { super.init() }

    public func forward(_ input: Tensor) throws -> Tensor {
        try requireRank(input, 4)
        let (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        guard h > 0, w > 0 else {
            throw EngineError.shapeMismatch(path, "input height and width must be positive, got shape \(input.shape)")
        }
        output.resize([n, c, 1, 1])
        let plane = h * w
        let src = input.data, dst = output.data
        Parallel.forEach(n * c, cost: plane) { p in
            let x = src + p * plane
            // Double keeps large planes accurate; the result does not depend on the worker count.
            var sum = 0.0
            for i in 0..<plane { sum += Double(x[i]) }
            dst[p] = Float(sum / Double(plane))
        }
        inputShape = input.shape
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let shape = try requireForward(inputShape)
        try requireShape(gradOutput, output.shape, "gradOutput")
        gradInput.resize(shape)
        let plane = shape[2] * shape[3]
        let scale = 1 / Float(plane)
        let g = gradOutput.data, dx = gradInput.data
        Parallel.forEach(shape[0] * shape[1], cost: plane) { p in
            let share = g[p] * scale
            (dx + p * plane).update(repeating: share, count: plane)
        }
        return gradInput
    }
}
