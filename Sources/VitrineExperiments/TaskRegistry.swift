import VitrineConfig
import VitrineEngine

/// A task `vitrine run` knows: its name, the config keys it adds to every task's, and how to
/// build it from a validated config (see ``TaskSetup``).
public struct TaskDefinition {
    public let name: String
    /// The task's own keys (data, model, loss, ...).
    public let keys: [ConfigKey]
    /// The keys of its optimizer groups (default: the single `optimizer.*` and `schedule.*`).
    public let optimizerKeys: [ConfigKey]
    public let make: (TaskSetup) throws -> any TrainingTask

    public init(_ name: String, keys: [ConfigKey], optimizerKeys: [ConfigKey] = OptimizerSettings.keys(.single),
                make: @escaping (TaskSetup) throws -> any TrainingTask) {
        self.name = name
        self.keys = keys
        self.optimizerKeys = optimizerKeys
        self.make = make
    }

    /// The whole schema: every task's keys, its optimizer groups, its own keys.
    public var schema: ConfigSchema { ConfigSchema(ExperimentSchema.common(optimizers: optimizerKeys) + keys) }
}

/// The tasks, registered in one place: the schema, the config reference and the factory all
/// read this list.
public enum TaskRegistry {
    public static let all: [TaskDefinition] = [
        TaskDefinition("classification", keys: ExperimentSchema.classification) { try ClassificationTask($0) },
        TaskDefinition("embedding", keys: ExperimentSchema.embedding) { try EmbeddingTask($0) },
        TaskDefinition("demand", keys: ExperimentSchema.demand) { try DemandTask($0) },
        TaskDefinition("gan", keys: ExperimentSchema.gan, optimizerKeys: ExperimentSchema.ganOptimizers) { try GANTask($0) },
    ]

    public static var names: [String] { all.map(\.name) }

    public static func definition(_ name: String) -> TaskDefinition? { all.first { $0.name == name } }
}
