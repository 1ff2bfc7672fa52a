import VitrineConfig
import VitrineEngine
import VitrineNN

/// What the ``Trainer`` needs from a task (classification, embedding, ...): a model, a
/// training set it can address by index, one training step, and evaluation.
public protocol TrainingTask: AnyObject {
    /// The model being trained; its state is what checkpoints hold.
    var model: Module { get }
    /// Training examples; the trainer shuffles `0..<trainCount` each epoch.
    var trainCount: Int { get }
    /// The splits ``evaluate(split:)`` accepts; the first is evaluated during training.
    var evaluationSplits: [String] { get }
    /// Forward and backward on the examples at `indices` (gradients accumulate into the
    /// model's parameters); returns metrics of the batch, at least `loss`.
    func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double]
    /// Metrics on a whole split, in evaluation mode.
    func evaluate(split: String) throws -> [String: Double]
}

/// Builds the task a config names.
public enum TaskFactory {
    public static func make(_ config: ResolvedConfig, generator: Generator) throws -> any TrainingTask {
        switch config.string("task") {
        case "classification": return try ClassificationTask(config: config, generator: generator)
        default:
            throw ExperimentError("task '\(config.string("task"))' is not available")
        }
    }
}

/// A failure of an experiment that is not a config error: missing data, a diverged loss, a
/// run that cannot be resumed. The message says what to do next.
public struct ExperimentError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
