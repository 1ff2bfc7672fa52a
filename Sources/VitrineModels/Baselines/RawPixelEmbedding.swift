import VitrineEngine
import VitrineNN

/// An untrained baseline embedding: the image's pixels as one vector (`[N, C·H·W]`). Retrieval
/// with it measures how far plain pixel similarity gets on a catalog — a catalog on which it
/// already scores high is too easy to prove anything about a trained model.
public final class RawPixelEmbedding: Module, Layer {
    private let output = Tensor(zeros: [0])

    override public init() { super.init() }

    public func forward(_ input: Tensor) throws -> Tensor {
        try requireRank(input, 4)
        let n = input.shape[0], d = input.count / max(n, 1)
        output.resize([n, d])
        output.data.update(from: input.data, count: input.count)
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        throw EngineError.invalidState(path, "a fixed baseline embedding has nothing to train; run it with train.steps: 0")
    }
}
