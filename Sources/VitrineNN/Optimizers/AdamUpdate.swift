import Foundation
import VitrineEngine

/// The moment estimates and update rule shared by ``Adam`` and ``AdamW``, which differ only
/// in how weight decay enters: added to the gradient (L2, Adam) or applied to the weights
/// directly before the update (decoupled, AdamW).
final class AdamUpdate {
    let beta1: Float
    let beta2: Float
    let eps: Float
    let weightDecay: Float
    let decoupled: Bool
    let slots: OptimizerSlots

    init(owner: String, parameters: [(String, Parameter)], learningRate: Float, beta1: Float,
         beta2: Float, eps: Float, weightDecay: Float, decoupled: Bool,
         learningRateScales: [String: Float] = [:]) throws {
        try requireNonNegative(learningRate, "learning rate", owner)
        try requireUnitInterval(beta1, "beta1", owner)
        try requireUnitInterval(beta2, "beta2", owner)
        try requireNonNegative(eps, "eps", owner)
        try requireNonNegative(weightDecay, "weight decay", owner)
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        slots = try OptimizerSlots(owner: owner, parameters: parameters, slotNames: ["exp_avg", "exp_avg_sq"],
                                learningRateScales: learningRateScales)
    }

    /// One update for step number `step` (1 for the first), following PyTorch's
    /// single-tensor implementation: the bias corrections are computed in double precision,
    /// the element-wise work in single precision.
    ///
    ///     g = grad (+ weightDecay · param, Adam)      param *= 1 − lr · weightDecay (AdamW)
    ///     m = β1 · m + (1 − β1) · g
    ///     v = β2 · v + (1 − β2) · g²
    ///     param −= lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)
    func apply(learningRate: Float, step: Int) {
        slots.checkShapes()
        let b1 = beta1, b2 = beta2, eps = self.eps
        let oneMinusB1 = 1 - b1, oneMinusB2 = 1 - b2
        let t = Double(step)
        let correction1 = 1 - pow(Double(b1), t)
        let correction2 = Float((1 - pow(Double(b2), t)).squareRoot())
        let l2 = decoupled ? 0 : weightDecay
        for (index, (_, parameter)) in slots.parameters.enumerated() {
            // A scaled parameter behaves as a PyTorch parameter group with lr · scale, decoupled
            // decay included.
            let lr = Double(learningRate) * Double(slots.learningRateScales[index])
            let stepSize = Float(lr / correction1)
            let shrink = decoupled ? Float(1 - lr * Double(weightDecay)) : 1
            let p = parameter.value.data, g = parameter.grad.data
            let m = slots.tensors[0][index].data, v = slots.tensors[1][index].data
            Parallel.forEachChunk(parameter.value.count, cost: 12) { range in
                for i in range {
                    if shrink != 1 { p[i] *= shrink }
                    let grad = l2 != 0 ? g[i] + l2 * p[i] : g[i]
                    let mi = b1 * m[i] + oneMinusB1 * grad
                    let vi = b2 * v[i] + oneMinusB2 * grad * grad
                    m[i] = mi
                    v[i] = vi
                    let denom = vi.squareRoot() / correction2 + eps
                    p[i] -= stepSize * mi / denom
                }
            }
        }
    }
}
