import Foundation

/// Where training stood when a checkpoint was written, and what produced it: stored as
/// attributes on the checkpoint's `/meta` group.
public struct CheckpointMeta: Equatable, Sendable {
    /// Optimizer steps taken.
    public var step: Int
    /// Completed epochs.
    public var epoch: Int
    /// Batches already consumed in the current epoch (the data-order position).
    public var position: Int
    /// The state of the run's random stream (dropout masks and the like).
    public var generatorState: [UInt64]
    /// The resolved config as YAML.
    public var configYAML: String
    /// Metrics at save time.
    public var metrics: [String: Double]
    /// The best value so far of the metric that selects `best.h5` (nil before any evaluation).
    public var bestMetric: Double?
    public var vitrineVersion: String
    public var gitCommit: String

    public init(step: Int, epoch: Int, position: Int, generatorState: [UInt64], configYAML: String,
                metrics: [String: Double], bestMetric: Double?, vitrineVersion: String = Vitrine.version,
                gitCommit: String = Vitrine.gitCommit) {
        self.step = step
        self.epoch = epoch
        self.position = position
        self.generatorState = generatorState
        self.configYAML = configYAML
        self.metrics = metrics
        self.bestMetric = bestMetric
        self.vitrineVersion = vitrineVersion
        self.gitCommit = gitCommit
    }
}

/// Facts about this build of Vitrine recorded in checkpoints.
public enum Vitrine {
    public static let version = "0.1.0"

    /// The commit of the working tree the process runs in (`git rev-parse HEAD`), or
    /// "unknown" outside a checkout.
    public static let gitCommit: String = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch { return "unknown" }
        let text = String(data: pipe.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8) ?? ""
        let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !commit.isEmpty ? commit : "unknown"
    }()
}
