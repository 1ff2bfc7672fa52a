import VitrineEngine

/// A linear warmup in front of another schedule: for a step `s` below `warmupSteps` (W),
///
///     lr(s) = then(s) · (s + 1) / W
///
/// and `then(s)` from step W on. The wrapped schedule sees the global step count (it is not
/// restarted after the warmup), so a cosine decay planned over the whole run stays aligned
/// with it; the first update uses `then(0) / W` and the rate reaches `then(W − 1)` at the last
/// warmup step. Schedules compose: `WarmupSchedule(warmupSteps: 500, then: CosineSchedule(…))`.
public struct WarmupSchedule: LearningRateSchedule {
    public let warmupSteps: Int
    public let then: any LearningRateSchedule

    /// Throws for a negative warmup length; zero means no warmup.
    public init(warmupSteps: Int, then: any LearningRateSchedule) throws {
        guard warmupSteps >= 0 else {
            throw EngineError.invalidArgument("WarmupSchedule", "warmup steps must be >= 0, got \(warmupSteps)")
        }
        self.warmupSteps = warmupSteps
        self.then = then
    }

    public func learningRate(at step: Int) -> Float {
        let s = max(step, 0)
        let after = then.learningRate(at: s)
        guard s < warmupSteps else { return after }
        return Float(Double(after) * Double(s + 1) / Double(warmupSteps))
    }
}
