import Foundation
import VitrineConfig

/// What every kind of run leaves in its folders, written one way for all of them (the SGD
/// ``Trainer``, boosted trees, and the searches and bandits to come): the resolved config,
/// the metrics log, the events log, checkpoint retention. It owns the run's folders through
/// a ``RunFolder`` for as long as it lives.
public final class RunRecorder {
    public let folder: RunFolder
    public var paths: RunPaths { folder.paths }
    private var metrics: AppendOnlyFile
    private let events: EventLog

    /// Records into `folder`, whose metrics and events logs are appended to.
    public init(folder: RunFolder) throws {
        self.folder = folder
        metrics = try AppendOnlyFile(path: folder.paths.metrics)
        events = EventLog(path: folder.paths.events)
    }

    /// Claims a new run's folders (see ``RunFolder/create(_:uniquing:)``), writes its resolved
    /// config (with `run.name` set to the name claimed) and starts an empty metrics log.
    public static func start(_ config: ResolvedConfig, paths: RunPaths, uniquing: Bool = false) throws -> (RunRecorder, ResolvedConfig) {
        let folder = try RunFolder.create(paths, uniquing: uniquing)
        let named = config.setting("run.name", .string(folder.paths.name))
        try writeConfig(named, to: folder.paths.config)
        _ = FileManager.default.createFile(atPath: folder.paths.metrics, contents: nil)
        return (try RunRecorder(folder: folder), named)
    }

    static func writeConfig(_ config: ResolvedConfig, to path: String) throws {
        do { try config.yaml.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw ExperimentError("cannot write \(path): \(readableDescription(of: error))")
        }
    }

    public func writeConfig(_ config: ResolvedConfig) throws { try Self.writeConfig(config, to: paths.config) }

    /// Appends one metrics record.
    public func log(_ record: MetricsRecord) throws { try metrics.append(line: record.jsonLine) }

    /// Appends a timestamped line to events.log.
    public func event(_ text: String) { events.write(text) }

    /// Rewrites the metrics log to the records up to `step` (a resumed run logs the later ones
    /// again, identically), keeping every well-formed record and naming in events.log each
    /// line skipped. Returns the elapsed seconds of the last record kept and the skipped lines.
    public func truncateHistory(toStep step: Int) throws -> (elapsed: Double, skipped: [MetricsHistory.SkippedLine]) {
        let text = FileManager.default.fileExists(atPath: paths.metrics)
            ? try String(contentsOfFile: paths.metrics, encoding: .utf8) : ""
        // Kept records keep their text as written: a number read back and written again
        // need not come out in the same digits.
        var kept: [String] = []
        var skipped: [MetricsHistory.SkippedLine] = []
        var elapsed = 0.0
        for line in MetricsHistory.lines(of: text) {
            switch line.record {
            case let .success(record) where record.step <= step:
                kept.append(String(line.text))
                elapsed = record.elapsed
            case .success:
                continue
            case let .failure(error):
                skipped.append(MetricsHistory.SkippedLine(line: line.number, reason: "\(error)"))
                event("metrics.jsonl line \(line.number) skipped on resume: \(error)")
            }
        }
        do { try kept.map { $0 + "\n" }.joined().write(toFile: paths.metrics, atomically: true, encoding: .utf8) } catch {
            throw ExperimentError("cannot rewrite \(paths.metrics): \(readableDescription(of: error))")
        }
        // The rewrite replaced the file: append to the new one from here on.
        metrics = try AppendOnlyFile(path: paths.metrics)
        return (elapsed, skipped)
    }

    /// Writes `last.h5` through `save`, and with `periodic` also `step-<step>.h5`, keeping the
    /// newest `keep` periodic checkpoints.
    public func saveCheckpoint(step: Int, periodic: Bool, keep: Int, _ save: (String) throws -> Void) throws {
        try save(paths.last)
        guard periodic else { return }
        try save(paths.periodic(step: step))
        for (_, path) in paths.periodicCheckpoints().dropLast(keep) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
