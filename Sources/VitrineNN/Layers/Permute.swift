import VitrineEngine

/// Reorders dimensions, as `x.permute(*dims).contiguous()`: output dim `i` is input dim
/// `dims[i]`, and the output is a fresh row-major copy.
///
/// MTCNN's R-Net and O-Net (facenet-pytorch) permute `[N, C, H, W]` to `[N, W, H, C]` before
/// flattening into their first dense layer (`dims = [0, 3, 2, 1]`), an order inherited from the
/// Caffe/TensorFlow originals; the released dense weights only fit features in that order.
/// Backward applies the inverse permutation to the gradient.
public final class Permute: Module, Layer {
    public let dims: [Int]
    private var inputShape: [Int]?
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    /// `dims` must be a permutation of `0..<dims.count`.
    public init(_ dims: [Int]) throws {
        guard !dims.isEmpty, dims.sorted() == Array(0..<dims.count) else {
            throw EngineError.invalidArgument("Permute", "dims must be a permutation of 0..<\(dims.count), got \(dims)")
        }
        self.dims = dims
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        guard input.rank == dims.count else {
            throw EngineError.shapeMismatch(
                path, "input must have \(dims.count) dimensions to permute by \(dims), got shape \(input.shape)")
        }
        inputShape = input.shape
        output.resize(dims.map { input.shape[$0] })
        Self.scatter(input, shape: input.shape, order: dims, into: output, gathering: true)
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let shape = try requireForward(inputShape)
        try requireShape(gradOutput, output.shape, "gradOutput")
        gradInput.resize(shape)
        // Output element at output index o came from the input index with in[dims[i]] = o[i];
        // walking the input in order and reading the gradient there is the inverse permutation.
        Self.scatter(gradOutput, shape: shape, order: dims, into: gradInput, gathering: false)
        return gradInput
    }

    /// Walks every index of the input shape `shape` in row-major order, pairing input offset
    /// `a` with the output offset `b` of the same element; copies `b ← a` when gathering (forward)
    /// and `a ← b` otherwise (backward).
    private static func scatter(_ source: Tensor, shape: [Int], order: [Int], into target: Tensor, gathering: Bool) {
        let rank = shape.count
        let outShape = order.map { shape[$0] }
        var outStrides = [Int](repeating: 1, count: rank)
        for i in stride(from: rank - 2, through: 0, by: -1) { outStrides[i] = outStrides[i + 1] * outShape[i + 1] }
        // The stride in the output of a step along each input dimension.
        var stepOf = [Int](repeating: 0, count: rank)
        for (i, d) in order.enumerated() { stepOf[d] = outStrides[i] }
        let src = source.data, dst = target.data
        let inner = shape[rank - 1], innerStep = stepOf[rank - 1]
        let rows = source.count / max(inner, 1)
        guard source.count > 0 else { return }
        Parallel.forEach(rows, cost: inner) { row in
            // The output offset of the row's first element, from the row's multi-index.
            var rest = row, base = 0
            for d in stride(from: rank - 2, through: 0, by: -1) {
                let (q, r) = rest.quotientAndRemainder(dividingBy: shape[d])
                base += r * stepOf[d]
                rest = q
            }
            let a = row * inner
            if gathering {
                for j in 0..<inner { dst[base + j * innerStep] = src[a + j] }
            } else {
                for j in 0..<inner { dst[a + j] = src[base + j * innerStep] }
            }
        }
    }
}
