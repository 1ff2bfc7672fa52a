import Foundation
import VitrineEngine

/// Batch-hard triplet loss (Hermans et al., 2017) on L2-normalized embeddings.
///
/// Input `[N, D]` raw embeddings and `N` labels. Each row is normalized as `F.normalize`
/// does (`x / max(‖x‖, 1e-12)`), distances are Euclidean (not squared) between normalized
/// rows, and each anchor takes its hardest positive (largest distance to another row with its
/// label) and hardest negative (smallest distance to a row with another label); on equal
/// distances the lowest row index is taken. The loss is the mean of
/// `relu(d_pos − d_neg + margin)` over the anchors that have both a positive and a negative.
///
/// When no anchor has both (every label distinct, or all the same), the loss is 0 and the
/// gradient is zero: there is no triplet to learn from, and a 0 keeps a training loop running
/// where a NaN would poison it.
///
/// The gradient flows through both ends of each selected distance (anchor and the chosen
/// positive or negative) and through the normalization; the selection itself is piecewise
/// constant. A selected distance of exactly 0 (a positive or negative equal to its anchor)
/// has no derivative; its gradient is taken as 0, the zero subgradient, instead of the NaN
/// that `(u_i − u_j) / 0` would give.
public final class BatchHardTripletLoss: Module, Loss {
    public typealias Target = [Int]
    public let margin: Float
    static let normEpsilon: Float = 1e-12

    private var forwardDone = false
    private let normalized = Tensor(zeros: [0])
    /// Each row's `max(‖x‖, eps)`, the divisor of the normalization.
    private let norms = Tensor(zeros: [0])
    private let distances = Tensor(zeros: [0])
    private var positive: [Int] = []
    private var negative: [Int] = []
    /// Whether each anchor's hinge is active (`d_pos − d_neg + margin > 0`).
    private var active: [Bool] = []
    private var validAnchors = 0
    private let gradNormalized = Tensor(zeros: [0])
    private let gradInput = Tensor(zeros: [0])

    /// `margin = 0.2`. Cannot fail, so callers need no `try`.
    public override init() {
        margin = 0.2
        super.init()
    }

    /// Throws unless `margin` is finite and non-negative.
    public init(margin: Float) throws {
        guard margin >= 0, margin.isFinite else {
            throw EngineError.invalidArgument(
                "BatchHardTripletLoss", "margin must be finite and non-negative, got \(margin)")
        }
        self.margin = margin
        super.init()
    }

    public func forward(_ input: Tensor, _ target: [Int]) throws -> Float {
        try requireRank(input, 2)
        let (n, d) = (input.shape[0], input.shape[1])
        guard n > 0, d > 0 else {
            throw EngineError.shapeMismatch(path, "input must be [N, D] with N, D > 0, got \(input.shape)")
        }
        guard target.count == n else {
            throw EngineError.shapeMismatch(
                path, "target has \(target.count) labels but input \(input.shape) has \(n) rows")
        }
        normalized.resize([n, d])
        norms.resize([n])
        distances.resize([n, n])
        let x = input.data, u = normalized.data, norm = norms.data, dist = distances.data
        let eps = Self.normEpsilon
        Parallel.forEach(n, cost: 4 * d) { i in
            var sq: Float = 0
            for k in 0..<d { sq += x[i * d + k] * x[i * d + k] }
            let divisor = max(sq.squareRoot(), eps)
            norm[i] = divisor
            for k in 0..<d { u[i * d + k] = x[i * d + k] / divisor }
        }
        // Differences rather than 2 − 2·uᵢ·uⱼ: the Gram form cancels badly for close points and
        // can even go negative under the square root.
        Parallel.forEach(n, cost: 3 * n * d) { i in
            for j in 0..<n {
                var sq: Float = 0
                for k in 0..<d {
                    let diff = u[i * d + k] - u[j * d + k]
                    sq += diff * diff
                }
                dist[i * n + j] = sq.squareRoot()
            }
        }
        if positive.count != n {
            positive = [Int](repeating: -1, count: n)
            negative = [Int](repeating: -1, count: n)
            active = [Bool](repeating: false, count: n)
        }
        var total = 0.0
        validAnchors = 0
        for i in 0..<n {
            var pos = -1, neg = -1
            for j in 0..<n where j != i {
                let dij = dist[i * n + j]
                if target[j] == target[i] {
                    if pos < 0 || dij > dist[i * n + pos] { pos = j }
                } else if neg < 0 || dij < dist[i * n + neg] {
                    neg = j
                }
            }
            positive[i] = pos
            negative[i] = neg
            active[i] = false
            guard pos >= 0, neg >= 0 else { continue }
            validAnchors += 1
            let hinge = dist[i * n + pos] - dist[i * n + neg] + margin
            if hinge > 0 {
                active[i] = true
                total += Double(hinge)
            }
        }
        forwardDone = true
        return validAnchors == 0 ? 0 : Float(total / Double(validAnchors))
    }

    public func backward() throws -> Tensor {
        guard forwardDone else {
            throw EngineError.invalidState(path, "backward called before forward")
        }
        let (n, d) = (normalized.shape[0], normalized.shape[1])
        gradNormalized.resize([n, d])
        gradNormalized.zero()
        let u = normalized.data, gu = gradNormalized.data, dist = distances.data
        if validAnchors > 0 {
            let weight = 1 / Float(validAnchors)
            // ∂‖uᵢ − uⱼ‖/∂uᵢ = (uᵢ − uⱼ)/‖uᵢ − uⱼ‖ and the opposite for uⱼ. Scattered in anchor
            // order on one thread, so sums are the same on every run.
            func addDistanceGradient(_ i: Int, _ j: Int, _ coefficient: Float) {
                let dij = dist[i * n + j]
                guard dij > 0 else { return }
                let c = coefficient / dij
                for k in 0..<d {
                    let g = c * (u[i * d + k] - u[j * d + k])
                    gu[i * d + k] += g
                    gu[j * d + k] -= g
                }
            }
            for i in 0..<n where active[i] {
                addDistanceGradient(i, positive[i], weight)
                addDistanceGradient(i, negative[i], -weight)
            }
        }
        // Through u = x / max(‖x‖, eps): (g − u·(u·g)) / ‖x‖, or g / eps where the clamp holds.
        gradInput.resize([n, d])
        let norm = norms.data, gx = gradInput.data
        let eps = Self.normEpsilon
        Parallel.forEach(n, cost: 4 * d) { i in
            let row = i * d
            if norm[i] > eps {
                var projection: Float = 0
                for k in 0..<d { projection += u[row + k] * gu[row + k] }
                for k in 0..<d { gx[row + k] = (gu[row + k] - u[row + k] * projection) / norm[i] }
            } else {
                for k in 0..<d { gx[row + k] = gu[row + k] / eps }
            }
        }
        return gradInput
    }
}
