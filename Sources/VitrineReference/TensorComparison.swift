import VitrineEngine

/// How far one computed tensor is from its expected value: the largest element-wise
/// `|actual − expected| / max(|expected|, 1)` — relative for large values, absolute for
/// small ones, so a gradient near zero is not judged by its relative noise. A shape
/// mismatch, a non-finite value or a tensor that was never computed counts as infinitely far.
public struct TensorComparison: Equatable, Sendable {
    /// `output`, `grad_input`, `grads/<name>` or `expected_running/<name>`.
    public let name: String
    public let error: Double
    /// Why the error is infinite, when it is for a reason other than the values.
    public let note: String?

    public init(name: String, error: Double, note: String? = nil) {
        self.name = name
        self.error = error
        self.note = note
    }

    /// Compares `actual` with `expected` element by element, in Double.
    public init(name: String, actual: Tensor, expected: Tensor) {
        self.name = name
        guard actual.shape == expected.shape else {
            error = .infinity
            note = "shape \(actual.shape), expected \(expected.shape)"
            return
        }
        var worst = 0.0
        var nonFinite = false
        for i in 0..<actual.count {
            let a = Double(actual.data[i])
            let e = Double(expected.data[i])
            guard a.isFinite && e.isFinite else { nonFinite = true; break }
            worst = max(worst, abs(a - e) / max(abs(e), 1))
        }
        error = nonFinite ? .infinity : worst
        note = nonFinite ? "non-finite values" : nil
    }

    /// A tensor that could not be computed, e.g. gradients after an output of the wrong shape.
    static func notComputed(_ name: String, _ reason: String) -> TensorComparison {
        TensorComparison(name: name, error: .infinity, note: "not computed: \(reason)")
    }
}
