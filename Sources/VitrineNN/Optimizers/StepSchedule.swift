import Foundation
import VitrineEngine

/// `base · gamma^⌊step / stepSize⌋`, as `torch.optim.lr_scheduler.StepLR`'s closed form.
public struct StepSchedule: LearningRateSchedule {
    public let base: Float
    public let stepSize: Int
    public let gamma: Float

    /// Throws for a negative base, a step size below 1, or a gamma that is not positive.
    public init(base: Float, stepSize: Int, gamma: Float = 0.1) throws {
        try requireNonNegative(base, "base learning rate", "StepSchedule")
        guard stepSize >= 1 else {
            throw EngineError.invalidArgument("StepSchedule", "step size must be >= 1, got \(stepSize)")
        }
        guard gamma.isFinite, gamma > 0 else {
            throw EngineError.invalidArgument("StepSchedule", "gamma must be finite and > 0, got \(gamma)")
        }
        self.base = base
        self.stepSize = stepSize
        self.gamma = gamma
    }

    public func learningRate(at step: Int) -> Float {
        let decays = max(step, 0) / stepSize
        return Float(Double(base) * pow(Double(gamma), Double(decays)))
    }
}
