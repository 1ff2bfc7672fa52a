import VitrineConfig

/// The groups every experiment has, decoded once after validation: the task, `run.*`,
/// `train.*` and `metrics.*`. A task decodes its own groups (data, model, loss, ...) into its
/// own settings.
public struct ExperimentSettings: Equatable, Sendable {
    /// The task's name in ``TaskRegistry``.
    public var task: String
    public var run: RunSettings
    public var train: TrainSettings
    public var metrics: MetricsSettings

    /// Decodes the common groups of a validated config.
    public init(_ config: ResolvedConfig) throws {
        task = config.string("task")
        run = try RunSettings(config)
        train = try TrainSettings(config)
        metrics = try MetricsSettings(config)
    }
}
