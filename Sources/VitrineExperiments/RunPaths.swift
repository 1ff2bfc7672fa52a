import Foundation

/// Where one run keeps its files: `reports/<run>/` (config.yaml, metrics.jsonl, events.log,
/// report.md, report.html) and `checkpoints/<run>/` (last.h5, best.h5, step-N.h5).
public struct RunPaths: Sendable {
    public let name: String
    public let reportsRoot: String
    public let checkpointsRoot: String
    public let reports: String
    public let checkpoints: String

    public init(name: String, reportsRoot: String, checkpointsRoot: String) {
        self.name = name
        self.reportsRoot = reportsRoot
        self.checkpointsRoot = checkpointsRoot
        reports = reportsRoot + "/" + name
        checkpoints = checkpointsRoot + "/" + name
    }

    /// The paths of the run whose reports folder is `folder` (found by ``locateReports(_:reportsRoot:)``),
    /// wherever its config's `run` says reports go: the folder found is the run meant.
    public init(reportsFolder folder: String, run: RunSettings) {
        self.init(name: run.name, reportsRoot: URL(fileURLWithPath: folder).deletingLastPathComponent().path,
                  checkpointsRoot: run.checkpointsDir)
    }

    /// The same roots with another run name.
    public func renamed(_ newName: String) -> RunPaths {
        RunPaths(name: newName, reportsRoot: reportsRoot, checkpointsRoot: checkpointsRoot)
    }

    /// The command that continues this run, as it works when typed in the current folder:
    /// the bare name when the run is under `./reports`, else the reports folder's path.
    public var resumeCommand: String {
        let standard = ["reports", "./reports"].contains(reportsRoot)
        return "vitrine resume " + (standard ? name : Self.shellQuoted(reports))
    }

    static func shellQuoted(_ text: String) -> String {
        text.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) } ? text
            : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The paths of a run named `name` under the folders `run` names.
    public init(_ run: RunSettings, name: String) {
        self.init(name: name, reportsRoot: run.reportsDir, checkpointsRoot: run.checkpointsDir)
    }

    public var config: String { reports + "/config.yaml" }
    public var metrics: String { reports + "/metrics.jsonl" }
    public var events: String { reports + "/events.log" }
    public var last: String { checkpoints + "/last.h5" }
    public var best: String { checkpoints + "/best.h5" }
    public func periodic(step: Int) -> String { checkpoints + "/step-\(step).h5" }

    /// The periodic checkpoints present, oldest first.
    public func periodicCheckpoints() -> [(Int, String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints)) ?? []
        return names.compactMap { name -> (Int, String)? in
            guard name.hasPrefix("step-"), name.hasSuffix(".h5"),
                  let step = Int(name.dropFirst(5).dropLast(3)) else { return nil }
            return (step, checkpoints + "/" + name)
        }.sorted { $0.0 < $1.0 }
    }

    /// A run name from the config file's name and the current time.
    public static func defaultName(configFile: String, date: Date = Date()) -> String {
        let stem = URL(fileURLWithPath: configFile).deletingPathExtension().lastPathComponent
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return "\(stem)-\(formatter.string(from: date))"
    }

    /// Finds a run's report directory from a run name or a path to that directory.
    public static func locateReports(_ run: String, reportsRoot: String = "reports") throws -> String {
        for candidate in [run, reportsRoot + "/" + run] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate + "/config.yaml", isDirectory: &isDirectory) {
                return candidate.hasSuffix("/") ? String(candidate.dropLast()) : candidate
            }
        }
        throw ExperimentError("no run '\(run)': expected \(reportsRoot)/\(run)/config.yaml or a report directory holding config.yaml")
    }
}

/// Appends timestamped lines to a run's `events.log`.
final class EventLog {
    private let log: AppendOnlyFile?

    init(path: String) { log = try? AppendOnlyFile(path: path) }

    func write(_ text: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        try? log?.append(line: "\(stamp) \(text)")
    }
}
