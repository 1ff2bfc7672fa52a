import VitrineEngine

/// Merges dims `startDim...` into one, as `nn.Flatten(start_dim, end_dim=-1)`; a negative
/// `startDim` counts from the end. `[N, C, H, W]` → `[N, C·H·W]` with the default.
///
/// The output is a copy the layer owns rather than a view of the input, so it stays valid
/// until this layer's next call whatever the layer before does to its own output.
public final class Flatten: Module, Layer {
    public let startDim: Int
    private var inputShape: [Int]?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    /// Throwing like every layer initializer that takes hyperparameters, although any
    /// `startDim` is acceptable until an input's rank is known (forward checks it).
    public init(startDim: Int = 1) throws {
        self.startDim = startDim
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let rank = input.rank
        let start = startDim < 0 ? startDim + rank : startDim
        guard start >= 0, start < rank else {
            throw EngineError.shapeMismatch(
                path, "startDim \(startDim) is out of range for input of shape \(input.shape)")
        }
        output.resize(Array(input.shape[..<start]) + [input.shape[start...].reduce(1, *)])
        copy(input, into: output)
        inputShape = input.shape
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let shape = try requireForward(inputShape)
        try requireShape(gradOutput, output.shape, "gradOutput")
        gradInput.resize(shape)
        copy(gradOutput, into: gradInput)
        return gradInput
    }

    private func copy(_ source: Tensor, into destination: Tensor) {
        let src = source.data, dst = destination.data
        Parallel.forEachChunk(source.count) { range in
            (dst + range.lowerBound).update(from: src + range.lowerBound, count: range.count)
        }
    }
}
