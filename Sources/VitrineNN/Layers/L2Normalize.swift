import VitrineEngine

/// `y = x / max(‖x‖₂, eps)` along `dim`, as `F.normalize(x, p=2, dim, eps)`; a negative `dim`
/// counts from the end.
///
/// Where the norm is at least `eps` the output is a unit vector and the gradient is
/// `(dy − y·⟨y, dy⟩) / ‖x‖`; below `eps` the denominator is the constant `eps`, so the gradient
/// is `dy / eps` (PyTorch's clamp_min passes no gradient to the norm there).
public final class L2Normalize: Module, Layer {
    public let dim: Int
    public let eps: Float
    /// max(‖x‖, eps) and whether ‖x‖ ≥ eps, per normalized vector of the last forward.
    private let denominators = Tensor(zeros: [0])
    private var unclamped: [Bool] = []
    private let output = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])
    private var last: (shape: [Int], outer: Int, length: Int, inner: Int)?

    public init(dim: Int = 1, eps: Float = 1e-12) throws {
        guard eps > 0, eps.isFinite else {
            throw EngineError.invalidArgument("L2Normalize", "eps must be positive and finite, got \(eps)")
        }
        self.dim = dim
        self.eps = eps
        super.init()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let rank = input.rank
        let d = dim < 0 ? dim + rank : dim
        guard d >= 0, d < rank else {
            throw EngineError.shapeMismatch(path, "dim \(dim) is out of range for input of shape \(input.shape)")
        }
        let outer = input.shape[..<d].reduce(1, *), length = input.shape[d]
        let inner = input.shape[(d + 1)...].reduce(1, *)
        let vectors = outer * inner
        output.resize(input.shape)
        denominators.resize([vectors])
        if unclamped.count != vectors { unclamped = Array(repeating: false, count: vectors) }
        let x = input.data, y = output.data, den = denominators.data, eps = Double(self.eps)
        unclamped.withUnsafeMutableBufferPointer { flags in
            let flags = flags
            Parallel.forEach(vectors, cost: 3 * length) { v in
                let base = (v / inner) * length * inner + v % inner
                var squares = 0.0
                for k in 0..<length { let e = Double(x[base + k * inner]); squares += e * e }
                let norm = squares.squareRoot()
                flags[v] = norm >= eps
                let r = Float(1 / max(norm, eps))
                den[v] = Float(max(norm, eps))
                for k in 0..<length { y[base + k * inner] = x[base + k * inner] * r }
            }
        }
        last = (input.shape, outer, length, inner)
        return output
    }

    public func backward(_ gradOutput: Tensor) throws -> Tensor {
        let (shape, outer, length, inner) = try requireForward(last)
        try requireShape(gradOutput, shape, "gradOutput")
        gradInput.resize(shape)
        let y = output.data, dy = gradOutput.data, dx = gradInput.data, den = denominators.data
        unclamped.withUnsafeBufferPointer { flags in
            Parallel.forEach(outer * inner, cost: 3 * length) { v in
                let base = (v / inner) * length * inner + v % inner
                let r = 1 / den[v]
                var projection: Float = 0
                if flags[v] {
                    var s = 0.0
                    for k in 0..<length { s += Double(y[base + k * inner]) * Double(dy[base + k * inner]) }
                    projection = Float(s)
                }
                for k in 0..<length {
                    let i = base + k * inner
                    dx[i] = (dy[i] - y[i] * projection) * r
                }
            }
        }
        return gradInput
    }
}
