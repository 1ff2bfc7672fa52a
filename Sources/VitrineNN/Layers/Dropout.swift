import VitrineEngine

/// Inverted dropout, as `nn.Dropout`: in training each element is kept with probability
/// `1 − p` and scaled by `1/(1 − p)`, so evaluation (the identity) needs no rescaling.
///
/// The mask comes from `generator`, one `uniform()` draw per element in row-major order, and
/// an element is kept iff its draw is `>= p`; seeding the generator therefore fixes the mask.
/// With `p == 0` (or in evaluation) nothing is drawn, as PyTorch skips its RNG then too.
public final class Dropout: Module, Layer {
    public let p: Float
    public let generator: Generator
    /// `1/(1 − p)` where kept, 0 where dropped; meaningful after a training forward.
    private let mask = Tensor(zeros: [0])
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])
    /// Shape of the last forward and whether it applied the mask.
    private var last: (shape: [Int], masked: Bool)?

    public init(p: Float = 0.5, generator: Generator) throws {
        guard p >= 0, p < 1 else {
            throw EngineError.invalidArgument("Dropout", "p must be in [0, 1), got \(p)")
        }
        self.p = p
        self.generator = generator
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let masked = training && p > 0
        output.resize(input.shape)
        if masked {
            mask.resize(input.shape)
            // Drawn serially: the generator is one stream and the mask must not depend on the
            // worker count.
            let m = mask.data, threshold = Double(p), scale = 1 / (1 - p)
            for i in 0..<input.count { m[i] = generator.uniform() >= threshold ? scale : 0 }
            let x = input.data, y = output.data
            Parallel.forEachChunk(input.count) { range in
                for i in range { y[i] = x[i] * m[i] }
            }
        } else {
            output.assign(input)
        }
        last = (input.shape, masked)
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let (shape, masked) = try requireForward(last)
        try requireShape(gradOutput, shape, "gradOutput")
        if masked {
            gradInput.resize(shape)
            let m = mask.data, dy = gradOutput.data, dx = gradInput.data
            Parallel.forEachChunk(gradOutput.count) { range in
                for i in range { dx[i] = dy[i] * m[i] }
            }
        } else {
            gradInput.assign(gradOutput)
        }
        return gradInput
    }
}
