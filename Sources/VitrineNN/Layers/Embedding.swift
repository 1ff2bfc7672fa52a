import VitrineEngine

/// A lookup table of `numEmbeddings` vectors of size `embeddingDim`, as `nn.Embedding`.
/// Not a ``Layer``: its input is integer indices. `weight` is `[numEmbeddings, embeddingDim]`,
/// initialized N(0, 1) as PyTorch's.
public final class Embedding: Module {
    public let weight: Parameter
    public let numEmbeddings: Int
    public let embeddingDim: Int
    private var indices: IndexTensor?
    private let output = Tensor(zeros: [0])

    public init(_ numEmbeddings: Int, _ embeddingDim: Int, generator: Generator) throws {
        guard numEmbeddings > 0, embeddingDim > 0 else {
            throw EngineError.invalidArgument(
                "Embedding",
                "numEmbeddings and embeddingDim must be positive, got \(numEmbeddings) and \(embeddingDim)")
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        let w = Tensor(zeros: [numEmbeddings, embeddingDim])
        generator.fillNormal(w)
        weight = Parameter(w)
        super.init()
    }

    /// The rows of `weight` at `indices`, shaped `indices.shape + [embeddingDim]`.
    public func forward(_ indices: IndexTensor) throws -> Tensor {
        // Every index is checked before anything is written, so a bad batch leaves no trace.
        if let bad = indices.values.firstIndex(where: { $0 < 0 || $0 >= numEmbeddings }) {
            throw invalid(
                "index \(indices.values[bad]) at position \(bad) is out of range for \(numEmbeddings) embeddings")
        }
        let d = embeddingDim
        output.resize(indices.shape + [d])
        let w = weight.value.data, y = output.data
        indices.values.withUnsafeBufferPointer { idx in
            Parallel.forEach(idx.count, cost: d) { row in
                (y + row * d).update(from: w + idx[row] * d, count: d)
            }
        }
        self.indices = indices
        return output
    }

    /// Adds each output row's gradient into the weight row it was read from; does nothing
    /// (after checking the shape) when the weight is frozen.
    public func backward(_ gradOutput: Tensor) throws {
        let indices = try requireForward(self.indices)
        let d = embeddingDim
        try requireShape(gradOutput, indices.shape + [d], "gradOutput")
        guard weight.requiresGrad else { return }
        let g = weight.grad.data, dy = gradOutput.data
        // Split by column, not by row: rows repeat in a batch and would race; columns never do,
        // and each column sums its rows in order, so the result is deterministic.
        indices.values.withUnsafeBufferPointer { idx in
            Parallel.forEachChunk(d, cost: idx.count) { columns in
                for row in 0..<idx.count {
                    let src = dy + row * d, dst = g + idx[row] * d
                    for j in columns { dst[j] += src[j] }
                }
            }
        }
    }
}
