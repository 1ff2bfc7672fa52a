import VitrineConfig

/// `run.*`, decoded once: what a run is called and where its files go. Every task has it.
public struct RunSettings: Equatable, Sendable {
    /// `run.name`; empty: Vitrine names the run after the config file and the time.
    public var name: String
    /// `run.reports_dir`: reports go to `<reportsDir>/<run>/`.
    public var reportsDir: String
    /// `run.checkpoints_dir`: checkpoints go to `<checkpointsDir>/<run>/`.
    public var checkpointsDir: String

    /// Decodes `run.*` of a validated config.
    public init(_ config: ResolvedConfig) throws {
        name = config.string("run.name")
        reportsDir = config.string("run.reports_dir")
        checkpointsDir = config.string("run.checkpoints_dir")
    }
}
