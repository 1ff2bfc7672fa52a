import VitrineConfig
import VitrineEngine

/// What a task is built from (see ``TaskDefinition``).
public struct TaskSetup {
    /// The validated config; the task decodes its own groups (data, model, loss, ...) from it.
    public let config: ResolvedConfig
    /// The groups every experiment has, already decoded (the task's name, `train.seed`, ...).
    public let experiment: ExperimentSettings
    /// The run's random stream: weights, dropout.
    public let generator: Generator
    /// Where the task says what it does while it sets up (data generated, a note on the data).
    public let log: (RunEvent) -> Void

    public init(config: ResolvedConfig, experiment: ExperimentSettings, generator: Generator, log: @escaping (RunEvent) -> Void) {
        self.config = config
        self.experiment = experiment
        self.generator = generator
        self.log = log
    }

    /// The setup of the task `config` names, decoding its common groups.
    public init(config: ResolvedConfig, generator: Generator, log: @escaping (RunEvent) -> Void) throws {
        self.init(config: config, experiment: try ExperimentSettings(config), generator: generator, log: log)
    }
}
