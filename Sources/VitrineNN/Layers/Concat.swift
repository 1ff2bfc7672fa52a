import VitrineEngine

/// Concatenation along `dim` (negative counts from the end), as `torch.cat`. Not a ``Layer``:
/// it takes several inputs. All inputs need the same rank and the same sizes except along
/// `dim`.
public final class Concat: Module {
    public let dim: Int
    /// Each input's shape from the last forward, and the resolved dim.
    private var last: (shapes: [[Int]], dim: Int)?
    private let output = Tensor(zeros: [0])
    private var gradInputs: [Tensor] = []

    /// Throwing like every layer initializer that takes hyperparameters, although any `dim`
    /// is acceptable until the inputs' rank is known (forward checks it).
    public init(dim: Int = 1) throws {
        self.dim = dim
        super.init()
    }

    public func forward(_ inputs: [Tensor]) throws -> Tensor {
        guard let first = inputs.first else {
            throw EngineError.shapeMismatch(path, "needs at least one input, got none")
        }
        let rank = first.rank
        let d = dim < 0 ? dim + rank : dim
        guard d >= 0, d < rank else {
            throw EngineError.shapeMismatch(path, "dim \(dim) is out of range for input 0 of shape \(first.shape)")
        }
        for (i, t) in inputs.enumerated().dropFirst() {
            var expected = first.shape
            if t.rank == rank { expected[d] = t.shape[d] }
            guard t.shape == expected else {
                throw EngineError.shapeMismatch(
                    path, "input \(i) has shape \(t.shape), incompatible with input 0 of shape \(first.shape) "
                        + "for concatenation along dim \(d)")
            }
        }
        var shape = first.shape
        shape[d] = inputs.reduce(0) { $0 + $1.shape[d] }
        output.resize(shape)
        copyBlocks(inputs, whole: output, dim: d, intoWhole: true)
        last = (inputs.map(\.shape), d)
        return output
    }

    /// The slices of `g` that belong to each input, as tensors this module owns.
    public func backward(_ g: Tensor) throws -> [Tensor] {
        let (shapes, d) = try requireForward(last)
        try requireShape(g, output.shape, "gradOutput")
        while gradInputs.count < shapes.count { gradInputs.append(Tensor(zeros: [0])) }
        let parts = Array(gradInputs.prefix(shapes.count))
        for (t, shape) in zip(parts, shapes) { t.resize(shape) }
        copyBlocks(parts, whole: g, dim: d, intoWhole: false)
        return parts
    }

    /// Copies between `parts` and `whole` viewed as `[outer, shape[dim]·inner]`: each part
    /// owns the columns from its offset along `dim`.
    private func copyBlocks(_ parts: [Tensor], whole wholeTensor: Tensor, dim d: Int, intoWhole: Bool) {
        let shape = wholeTensor.shape
        let outer = shape[..<d].reduce(1, *), inner = shape[(d + 1)...].reduce(1, *)
        let whole = wholeTensor.data, rowLength = shape[d] * inner
        var offset = 0
        for part in parts {
            let block = part.shape[d] * inner, p = part.data, start = offset
            Parallel.forEach(outer, cost: block) { o in
                if intoWhole {
                    (whole + o * rowLength + start).update(from: p + o * block, count: block)
                } else {
                    (p + o * block).update(from: whole + o * rowLength + start, count: block)
                }
            }
            offset += block
        }
    }
}
