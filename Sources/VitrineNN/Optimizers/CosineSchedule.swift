import Foundation
import VitrineEngine

/// Cosine annealing from `base` down to `minimum` over `totalSteps` steps, as the closed form
/// of `torch.optim.lr_scheduler.CosineAnnealingLR` (T_max = totalSteps, eta_min = minimum):
///
///     lr(s) = minimum + (base − minimum) · (1 + cos(π · s / totalSteps)) / 2
///
/// Past `totalSteps` the rate stays at `minimum`. (PyTorch's formula keeps going and climbs
/// back towards `base`; a run that overruns its planned length should not have its learning
/// rate grow again.)
public struct CosineSchedule: LearningRateSchedule {
    public let base: Float
    public let totalSteps: Int
    public let minimum: Float

    /// Throws for a negative rate, a minimum above the base, or fewer than 1 total step.
    public init(base: Float, totalSteps: Int, minimum: Float = 0) throws {
        try requireNonNegative(base, "base learning rate", "CosineSchedule")
        try requireNonNegative(minimum, "minimum learning rate", "CosineSchedule")
        guard minimum <= base else {
            throw EngineError.invalidArgument(
                "CosineSchedule", "minimum \(minimum) must not exceed base \(base)")
        }
        guard totalSteps >= 1 else {
            throw EngineError.invalidArgument("CosineSchedule", "total steps must be >= 1, got \(totalSteps)")
        }
        self.base = base
        self.totalSteps = totalSteps
        self.minimum = minimum
    }

    public func learningRate(at step: Int) -> Float {
        let s = min(max(step, 0), totalSteps)
        let low = Double(minimum), high = Double(base)
        return Float(low + (high - low) * (1 + cos(Double.pi * Double(s) / Double(totalSteps))) / 2)
    }
}
