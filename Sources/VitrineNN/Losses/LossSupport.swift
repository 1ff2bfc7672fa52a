import VitrineEngine

extension Module {
    /// Throws a shape error naming this loss's path unless `target` has `input`'s shape and
    /// the input is not empty (a mean over nothing has no value).
    func requireMatchingTarget(_ input: Tensor, _ target: Tensor) throws {
        guard target.shape == input.shape else {
            throw EngineError.shapeMismatch(
                path, "target must have the input's shape \(input.shape), got \(target.shape)")
        }
        guard input.count > 0 else {
            throw EngineError.shapeMismatch(path, "input is empty (shape \(input.shape)); the mean is undefined")
        }
    }

    /// `Σ f(x[i], y[i])` over two tensors of one shape, in Double, chunk by chunk so the result
    /// does not depend on scheduling.
    func elementwiseSum(_ input: Tensor, _ target: Tensor, cost: Int = 4,
                        _ f: (Float, Float) -> Double) -> Double {
        let x = input.data, y = target.data
        return Parallel.sum(input.count, cost: cost) { range in
            var s = 0.0
            for i in range { s += f(x[i], y[i]) }
            return s
        }
    }
}
