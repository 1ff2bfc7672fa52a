/// Element-wise and reduction kernels shared by the layers, parallel over the cores
/// (see ``Parallel`` for why they never overlap BLAS calls).
public enum Kernels {
    /// `out[i] = f(a[i])`; `out` is resized to `a`'s shape (it may be `a` itself).
    @inlinable
    public static func map(_ a: Tensor, into out: Tensor, _ f: (Float) -> Float) {
        out.resize(a.shape)
        let src = a.data, dst = out.data
        Parallel.forEachChunk(a.count, cost: 4) { range in
            for i in range { dst[i] = f(src[i]) }
        }
    }

    /// `out[i] = f(a[i], b[i])` for tensors of one shape; `out` may alias either input.
    @inlinable
    public static func zip(_ a: Tensor, _ b: Tensor, into out: Tensor, _ f: (Float, Float) -> Float) {
        precondition(a.shape == b.shape, "Kernels.zip: \(a.shape) vs \(b.shape)")
        out.resize(a.shape)
        let x = a.data, y = b.data, dst = out.data
        Parallel.forEachChunk(a.count, cost: 4) { range in
            for i in range { dst[i] = f(x[i], y[i]) }
        }
    }

    /// `out = a + b`.
    public static func add(_ a: Tensor, _ b: Tensor, into out: Tensor) {
        zip(a, b, into: out, +)
    }

    /// `x += alpha * y` in place.
    public static func axpy(_ alpha: Float, _ y: Tensor, _ x: Tensor) {
        precondition(x.shape == y.shape, "Kernels.axpy: \(x.shape) vs \(y.shape)")
        let src = y.data, dst = x.data
        Parallel.forEachChunk(x.count) { range in
            for i in range { dst[i] += alpha * src[i] }
        }
    }

    /// `x *= alpha` in place.
    public static func scale(_ x: Tensor, by alpha: Float) {
        let dst = x.data
        Parallel.forEachChunk(x.count) { range in
            for i in range { dst[i] *= alpha }
        }
    }

    /// Σ a[i], accumulated in Double.
    public static func sum(_ a: Tensor) -> Double {
        let src = a.data
        return Parallel.sum(a.count) { range in
            var s = 0.0
            for i in range { s += Double(src[i]) }
            return s
        }
    }

    /// Σ a[i]·b[i], accumulated in Double.
    public static func dot(_ a: Tensor, _ b: Tensor) -> Double {
        precondition(a.count == b.count, "Kernels.dot: \(a.shape) vs \(b.shape)")
        let x = a.data, y = b.data
        return Parallel.sum(a.count) { range in
            var s = 0.0
            for i in range { s += Double(x[i]) * Double(y[i]) }
            return s
        }
    }

    /// Σ a[i]², accumulated in Double.
    public static func sumOfSquares(_ a: Tensor) -> Double { dot(a, a) }

    /// Whether every element is finite.
    public static func allFinite(_ a: Tensor) -> Bool {
        let src = a.data
        return Parallel.sum(a.count) { range in
            for i in range where !src[i].isFinite { return 1 }
            return 0
        } == 0
    }
}
