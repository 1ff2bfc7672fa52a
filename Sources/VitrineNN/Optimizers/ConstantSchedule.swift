import VitrineEngine

/// The same learning rate at every step; the usual schedule after a warmup.
public struct ConstantSchedule: LearningRateSchedule {
    public let value: Float

    /// Throws unless `value` is finite and at least zero.
    public init(_ value: Float) throws {
        try requireNonNegative(value, "learning rate", "ConstantSchedule")
        self.value = value
    }

    public func learningRate(at step: Int) -> Float { value }
}
