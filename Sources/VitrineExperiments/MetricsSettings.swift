import VitrineConfig

/// `metrics.best` and `metrics.mode`, decoded once: the metric that selects best.h5 and which
/// way is better. Every task has them.
public struct MetricsSettings: Equatable, Sendable {
    /// Whether larger or smaller values of ``best`` are better.
    public enum Mode: String, CaseIterable, Sendable {
        /// Decided by the metric's name (``MetricDirection``).
        case auto
        case max, min
    }

    /// The metric that selects best.h5, as `<split>/<name>`.
    public var best: String
    public var mode: Mode
    /// Where ``best`` was set, for errors about it.
    public var bestOrigin: ConfigOrigin

    /// Decodes `metrics.best` and `metrics.mode` of a validated config.
    public init(_ config: ResolvedConfig) throws {
        best = config.string("metrics.best")
        mode = try config.choice("metrics.mode")
        bestOrigin = config.origin("metrics.best") ?? ConfigOrigin(file: config.source, line: nil)
    }

    /// Whether a larger value of ``best`` is better.
    public var maximizesBest: Bool {
        switch mode {
        case .auto: return MetricDirection(name: best) == .maximize
        case .max: return true
        case .min: return false
        }
    }
}
