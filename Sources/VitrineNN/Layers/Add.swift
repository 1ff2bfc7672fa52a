import VitrineEngine

/// `a + b` for tensors of the same shape (no broadcasting), as the sum that closes a residual
/// block. Not a ``Layer``: it takes two inputs.
public final class Add: Module {
    private var shape: [Int]?
    private let output = Tensor(zeros: [0])
    private let gradA = Tensor(zeros: [0])
    private let gradB = Tensor(zeros: [0])

    override public init() { super.init() }

    public func forward(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.shape == b.shape else {
            throw EngineError.shapeMismatch(path, "operands must have the same shape, got \(a.shape) and \(b.shape)")
        }
        Kernels.add(a, b, into: output)
        shape = a.shape
        return output
    }

    /// The gradient for each operand: both equal `g`, as two tensors this module owns, so a
    /// caller may modify one (e.g. accumulate a branch into it) without changing the other.
    public func backward(_ g: Tensor) throws -> (Tensor, Tensor) {
        let shape = try requireForward(self.shape)
        try requireShape(g, shape, "gradOutput")
        gradA.assign(g)
        gradB.assign(g)
        return (gradA, gradB)
    }
}
