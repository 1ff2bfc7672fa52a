import Foundation
import VitrineEngine

/// Softmax cross-entropy over class logits, as `nn.CrossEntropyLoss(label_smoothing=ε)` with
/// class-index targets: input `[N, C]`, target `N` indices in `0..<C`, the mean over rows of
/// `(1 − ε)·(−log p[y]) + ε·mean_c(−log p[c])`.
///
/// Log-probabilities are `z − max(z) − log Σ exp(z − max(z))`, so large logits never
/// overflow. PyTorch's `ignore_index` is not supported: every index must be a class, and
/// `-100` is rejected like any other out-of-range index.
public final class CrossEntropyLoss: Module, Loss {
    public typealias Target = [Int]
    public let labelSmoothing: Float
    private var target: [Int]?
    /// Softmax of the last input, which is all backward needs besides the targets.
    private let probabilities = Tensor(zeros: [0])
    private let rowLoss = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    /// No label smoothing. Cannot fail, so callers need no `try`.
    public override init() {
        labelSmoothing = 0
        super.init()
    }

    /// Throws unless `labelSmoothing` is in [0, 1], as PyTorch requires.
    public init(labelSmoothing: Float) throws {
        guard labelSmoothing >= 0, labelSmoothing <= 1 else {
            throw EngineError.invalidArgument(
                "CrossEntropyLoss", "label smoothing must be in [0, 1], got \(labelSmoothing)")
        }
        self.labelSmoothing = labelSmoothing
        super.init()
    }

    public func forward(_ input: Tensor, _ target: [Int]) throws -> Float {
        try requireRank(input, 2)
        let (n, c) = (input.shape[0], input.shape[1])
        guard n > 0, c > 0 else {
            throw EngineError.shapeMismatch(path, "input must be [N, C] with N, C > 0, got \(input.shape)")
        }
        guard target.count == n else {
            throw EngineError.shapeMismatch(
                path, "target has \(target.count) class indices but input \(input.shape) has \(n) rows")
        }
        if let bad = target.firstIndex(where: { $0 < 0 || $0 >= c }) {
            throw EngineError.invalidArgument(
                path, "target[\(bad)] = \(target[bad]) is not a class index in 0..<\(c) (input \(input.shape))")
        }
        probabilities.resize([n, c])
        rowLoss.resize([n])
        let eps = Double(labelSmoothing)
        let src = input.data, prob = probabilities.data, losses = rowLoss.data
        target.withUnsafeBufferPointer { labels in
            let labels = labels
            Parallel.forEach(n, cost: 8 * c) { row in
                let z = src + row * c, p = prob + row * c
                var top = -Float.infinity
                for j in 0..<c { top = max(top, z[j]) }
                var sumExp = 0.0, sumLogits = 0.0
                for j in 0..<c {
                    let e = exp(z[j] - top)
                    p[j] = e
                    sumExp += Double(e)
                    sumLogits += Double(z[j])
                }
                let logNormalizer = Double(top) + log(sumExp)
                let inverse = Float(1 / sumExp)
                for j in 0..<c { p[j] *= inverse }
                let nll = logNormalizer - Double(z[labels[row]])
                // mean_c(−log p[c]) = logNormalizer − mean_c z[c]
                let uniform = logNormalizer - sumLogits / Double(c)
                losses[row] = Float((1 - eps) * nll + eps * uniform)
            }
        }
        self.target = target
        // Row by row in a fixed order: the mean does not depend on the worker count.
        var total = 0.0
        for row in 0..<n { total += Double(losses[row]) }
        return Float(total / Double(n))
    }

    public func backward() throws -> Tensor {
        let target = try requireForward(self.target)
        let (n, c) = (probabilities.shape[0], probabilities.shape[1])
        gradInput.assign(probabilities)
        // d/dz_j = p_j − (1 − ε)·[j = y] − ε/C, over N for the mean.
        let scale = 1 / Float(n)
        let uniform = labelSmoothing / Float(c), hit = 1 - labelSmoothing
        let g = gradInput.data
        target.withUnsafeBufferPointer { labels in
            let labels = labels
            Parallel.forEach(n, cost: c) { row in
                let r = g + row * c
                r[labels[row]] -= hit
                for j in 0..<c { r[j] = (r[j] - uniform) * scale }
            }
        }
        return gradInput
    }
}
