import Foundation
import VitrineCheckpoint
import VitrineConfig
import VitrineEngine

/// The entry points behind `vitrine run`, `resume` and `eval`: config loading, run naming,
/// one run per seed for `train.seeds`, and the summary over seeds.
public enum Experiment {
    /// Loads and validates a config file with overrides.
    public static func loadConfig(_ file: String, overrides: [String] = []) throws -> ResolvedConfig {
        try ConfigLoader.load(file: file, overrides: overrides, tasks: ExperimentSchema.tasks,
                              schema: ExperimentSchema.schema(for:))
    }

    /// Validates a config saved as YAML (a run's config.yaml or a checkpoint's /meta config).
    public static func loadConfig(yaml: String, name: String, overrides: [String] = []) throws -> ResolvedConfig {
        try ConfigLoader.load(yaml: yaml, name: name, overrides: overrides, tasks: ExperimentSchema.tasks,
                              schema: ExperimentSchema.schema(for:))
    }

    /// Runs the experiment in `file` (once per seed when `train.seeds` lists several).
    /// `live` forces the progress display on or off (default: on for a terminal).
    @discardableResult
    public static func run(file: String, overrides: [String] = [], live: Bool? = nil) throws -> [Trainer.Outcome] {
        var config = try loadConfig(file, overrides: overrides)
        let name = config.string("run.name").isEmpty ? RunPaths.defaultName(configFile: file) : config.string("run.name")
        config = config.setting("run.name", .string(name))
        let seeds = config.ints("train.seeds")
        if isTreeDemand(config) {
            guard seeds.isEmpty else { throw ExperimentError("\(config.source): train.seeds: gbdt demand runs take one train.seed") }
            return [try TreeDemandRun.run(config: config, paths: RunPaths(config: config, name: name))]
        }
        if seeds.isEmpty {
            return [try Trainer(config: config, paths: RunPaths(config: config, name: name), resume: false, live: live).run()]
        }
        let parent = RunPaths(config: config, name: name)
        try FileManager.default.createDirectory(atPath: parent.reports, withIntermediateDirectories: true)
        try config.yaml.write(toFile: parent.config, atomically: true, encoding: .utf8)
        var outcomes: [Trainer.Outcome] = []
        for seed in seeds {
            let child = seedConfig(config, seed: seed, parent: name)
            print("== seed \(seed): run \(child.string("run.name"))")
            let outcome = try Trainer(config: child, paths: RunPaths(config: child, name: child.string("run.name")),
                                      resume: false, live: live).run()
            outcomes.append(outcome)
            if outcome.status == .stopped { return outcomes }
        }
        try writeSeedSummary(config, parent: parent)
        return outcomes
    }

    /// Whether the config is a demand experiment with trees, which boosting trains instead of the ``Trainer``.
    static func isTreeDemand(_ config: ResolvedConfig) -> Bool {
        config.string("task") == "demand" && config.string("model.name") == "gbdt"
    }

    static func seedConfig(_ config: ResolvedConfig, seed: Int, parent: String) -> ResolvedConfig {
        config.setting("train.seed", .int(seed)).setting("train.seeds", .list([]))
            .setting("run.name", .string("\(parent)-seed\(seed)"))
    }

    /// Continues a stopped run (or every unfinished seed of a multi-seed run).
    ///
    /// `overrides` may change how much longer and how the run trains (`train.steps`,
    /// `train.epochs`, `train.eval_every`, ...; the learning-rate schedule follows the new
    /// length) and how it evaluates (`eval.*`), never what it trains or the data order: other
    /// keys, and `train.seed`, `train.seeds` and `train.batch_size`, are refused. The run's
    /// config.yaml is updated and events.log records the change.
    ///
    /// With `newName`, the run continues as a new run of that name and the original is left
    /// as it is: its report files and its `last.h5` and `best.h5` are copied first (extending
    /// a finished run to a longer schedule without overwriting its results).
    @discardableResult
    public static func resume(_ run: String, as newName: String? = nil, overrides: [String] = [],
                              live: Bool? = nil) throws -> [Trainer.Outcome] {
        var dir = try RunPaths.locateReports(run)
        var configPath = dir + "/config.yaml"
        var text = try String(contentsOfFile: configPath, encoding: .utf8)
        let frozen: Set<String> = ["train.seed", "train.seeds", "train.batch_size"]
        try requireOverrides(overrides, allowed: ["train.", "eval."], except: frozen, in: configPath,
                             what: "a resumed run can change eval.* keys and train.* keys other than "
                                 + "\(frozen.sorted().joined(separator: ", ")); start a new run (vitrine run) to change anything else")
        if let newName {
            (dir, text) = try continueAsNewRun(try loadConfig(yaml: text, name: configPath), as: newName)
            configPath = dir + "/config.yaml"
        }
        let config = try loadConfig(yaml: text, name: configPath, overrides: overrides)
        if !overrides.isEmpty {
            try config.yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
            EventLog(path: dir + "/events.log").write("resume with overrides: " + overrides.joined(separator: " "))
        }
        let name = config.string("run.name")
        let seeds = config.ints("train.seeds")
        if seeds.isEmpty {
            return [try Trainer(config: config, paths: RunPaths(config: config, name: name), resume: true, live: live).run()]
        }
        var outcomes: [Trainer.Outcome] = []
        for seed in seeds {
            let child = seedConfig(config, seed: seed, parent: name)
            let paths = RunPaths(config: child, name: child.string("run.name"))
            let started = FileManager.default.fileExists(atPath: paths.last)
            print("== seed \(seed): \(started ? "resume" : "start") run \(paths.name)")
            if !started { try? FileManager.default.removeItem(atPath: paths.reports) }
            let outcome = try Trainer(config: child, paths: paths, resume: started, live: live).run()
            outcomes.append(outcome)
            if outcome.status == .stopped { return outcomes }
        }
        try writeSeedSummary(config, parent: RunPaths(config: config, name: name))
        return outcomes
    }

    /// Throws naming `file` and the key unless every `key=value` override's key starts with one
    /// of `allowed` and is not in `except`.
    static func requireOverrides(_ overrides: [String], allowed: [String], except: Set<String> = [],
                                 in file: String, what: String) throws {
        for override in overrides {
            let key = String(override.prefix { $0 != "=" })
            guard allowed.contains(where: { key.hasPrefix($0) }), !except.contains(key) else {
                throw ExperimentError("\(file): \(key): \(what)")
            }
        }
    }

    /// Copies a single-seed run's reports and its `last.h5` and `best.h5` to a run named
    /// `newName` whose config differs only in `run.name`; returns the new reports directory and
    /// its config text.
    static func continueAsNewRun(_ config: ResolvedConfig, as newName: String) throws -> (String, String) {
        guard !newName.isEmpty, !newName.contains("/"), newName != "." && newName != ".." else {
            throw ExperimentError("--as \(newName): a run name is a plain name, without '/'")
        }
        guard config.ints("train.seeds").isEmpty else {
            throw ExperimentError("\(config.source): --as continues a single-seed run; resume the seeds of a "
                + "multi-seed run under their own name")
        }
        let source = RunPaths(config: config, name: config.string("run.name"))
        let target = RunPaths(config: config, name: newName)
        let fm = FileManager.default
        guard fm.fileExists(atPath: source.last) else {
            throw ExperimentError("run '\(source.name)' has no \(source.last) to continue from")
        }
        for existing in [target.reports, target.checkpoints] where fm.fileExists(atPath: existing) {
            throw ExperimentError("\(existing) already exists; choose another name for --as")
        }
        try fm.copyItem(atPath: source.reports, toPath: target.reports)
        try fm.createDirectory(atPath: target.checkpoints, withIntermediateDirectories: true)
        for (from, to) in [(source.last, target.last), (source.best, target.best)] where fm.fileExists(atPath: from) {
            try fm.copyItem(atPath: from, toPath: to)
        }
        let renamed = try loadConfig(yaml: config.yaml, name: config.source, overrides: ["run.name=\(newName)"])
        try renamed.yaml.write(toFile: target.config, atomically: true, encoding: .utf8)
        let step = (try? Checkpoint.meta(at: source.last).step).map { " at step \($0)" } ?? ""
        EventLog(path: target.events).write("continued from run \(source.name)\(step) as \(newName)")
        return (target.reports, renamed.yaml)
    }

    /// The parent report of a multi-seed run: mean ± std of every final metric.
    static func writeSeedSummary(_ config: ResolvedConfig, parent: RunPaths) throws {
        var finals: [String: [Double]] = [:]
        var notes: [String] = []
        for seed in config.ints("train.seeds") {
            let child = seedConfig(config, seed: seed, parent: parent.name)
            let paths = RunPaths(config: child, name: child.string("run.name"))
            let history = try MetricsHistory(contentsOf: paths.metrics)
            for name in history.names { if let v = history.final(name) { finals[name, default: []].append(v) } }
            notes.append("seed \(seed): reports/\(paths.name)/report.html")
        }
        let report = RunReport(runName: parent.name, status: "completed \(config.ints("train.seeds").count) seeds",
                               configYAML: config.yaml, history: MetricsHistory(), notes: notes, seedFinals: finals)
        try report.write(to: parent.reports)
        print("over seeds:")
        for (name, mean, std, n) in report.seedSummary {
            print(String(format: "  %@  %.4f ± %.4f  (%d runs)", name, mean, std, n))
        }
    }

    /// Evaluates a checkpoint (or a run's best.h5, else last.h5) on `split`, with the run's
    /// config changed by `overrides` (`eval.*` keys only: how to evaluate, not what was trained).
    public static func evaluate(_ target: String, split: String?, overrides: [String] = []) throws -> (String, [String: Double]) {
        let checkpoint: String
        if target.hasSuffix(".h5") {
            checkpoint = target
        } else {
            let dir = try RunPaths.locateReports(target)
            let config = try loadConfig(yaml: try String(contentsOfFile: dir + "/config.yaml", encoding: .utf8), name: dir + "/config.yaml")
            let paths = RunPaths(config: config, name: config.string("run.name"))
            checkpoint = FileManager.default.fileExists(atPath: paths.best) ? paths.best : paths.last
        }
        let meta = try Checkpoint.meta(at: checkpoint)
        try requireOverrides(overrides, allowed: ["eval."], in: checkpoint,
                             what: "evaluating a checkpoint can change eval.* keys only; the rest is what it was trained with")
        let config = try loadConfig(yaml: meta.configYAML, name: checkpoint + " (/meta config)", overrides: overrides)
        try Trainer.configureThreads(config.int("train.threads"))
        if isTreeDemand(config) {
            let values = try TreeDemandRun.evaluate(checkpoint: checkpoint, config: config, split: split)
            return (checkpoint, values)
        }
        let task = try TaskFactory.make(config, generator: Generator(seed: UInt64(config.int("train.seed"))))
        try Checkpoint.load(from: checkpoint, into: task.model)
        let chosen = split ?? task.evaluationSplits[0]
        var values: [String: Double] = [:]
        for (k, v) in try task.evaluate(split: chosen) { values["\(chosen)/\(k)"] = v }
        return (checkpoint, values)
    }
}
