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

    /// Runs the experiment in `file` (once per seed when `train.seeds` lists several), reporting
    /// through `context`.
    @discardableResult
    public static func run(file: String, overrides: [String] = [], context: RunContext) throws -> [Trainer.Outcome] {
        let config = try loadConfig(file, overrides: overrides)
        let settings = try ExperimentSettings(config)
        // A name Vitrine makes up is made unique (two runs started in the same second); a name
        // the user chose is theirs, and a taken one is refused.
        let chosen = settings.run.name
        let name = chosen.isEmpty ? RunPaths.defaultName(configFile: file) : chosen
        let paths = RunPaths(settings.run, name: name)
        let seeds = settings.train.seeds
        if try isTreeDemand(config, settings) {
            guard seeds.isEmpty else { throw ExperimentError("\(config.source): train.seeds: gbdt demand runs take one train.seed") }
            return [try TreeDemandRun.run(config: config, paths: paths, uniquing: chosen.isEmpty, context: context)]
        }
        if seeds.isEmpty {
            return [try Trainer(config: config, paths: paths, resume: false, context: context, uniquing: chosen.isEmpty).run()]
        }
        // The parent folder holds the study's config and summary; it is claimed first, so its
        // name (and the seeds' names under it) belongs to this process.
        let (parent, study) = try RunRecorder.start(config, paths: paths, uniquing: chosen.isEmpty)
        parent.event("start study over seeds \(seeds.map(String.init).joined(separator: ", "))")
        // The parent's recorder holds the study's lock until every seed has run.
        return try withExtendedLifetime(parent) {
            try runSeeds(study, seeds: seeds, parent: parent.paths, context: context, resuming: false)
        }
    }

    /// Runs (or, `resuming`, continues) each of the `seeds` of a multi-seed study in turn, then
    /// writes the summary. A stop says the command that finishes the whole study.
    static func runSeeds(_ config: ResolvedConfig, seeds: [Int], parent: RunPaths, context: RunContext,
                         resuming: Bool) throws -> [Trainer.Outcome] {
        var outcomes: [Trainer.Outcome] = []
        for seed in seeds {
            let paths = parent.renamed(seedRunName(parent: parent.name, seed: seed))
            let started = resuming && FileManager.default.fileExists(atPath: paths.config)
            let trainer: Trainer
            do {
                trainer = try Trainer(config: seedConfig(config, seed: seed, parent: parent.name), paths: paths, resume: started,
                                      context: context, resumeCommand: parent.resumeCommand)
            } catch is RunAlreadyComplete {
                context.say("== seed \(seed): run \(paths.name) already complete")
                continue
            }
            context.say("== seed \(seed): \(started ? "resume" : "start") run \(paths.name)")
            let outcome = try trainer.run()
            outcomes.append(outcome)
            if outcome.status == .stopped { return outcomes }
        }
        try writeSeedSummary(config, seeds: seeds, parent: parent, context: context)
        return outcomes
    }

    /// Whether the config is a demand experiment with trees, which boosting trains instead of the ``Trainer``.
    static func isTreeDemand(_ config: ResolvedConfig, _ settings: ExperimentSettings) throws -> Bool {
        guard settings.task == "demand" else { return false }
        return try DemandModelSettings(config).kind == .gbdt
    }

    /// The run of one seed of the study `parent`.
    static func seedRunName(parent: String, seed: Int) -> String { "\(parent)-seed\(seed)" }

    static func seedConfig(_ config: ResolvedConfig, seed: Int, parent: String) -> ResolvedConfig {
        config.setting("train.seed", .int(seed)).setting("train.seeds", .list([]))
            .setting("run.name", .string(seedRunName(parent: parent, seed: seed)))
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
                              context: RunContext) throws -> [Trainer.Outcome] {
        let dir = try RunPaths.locateReports(run)
        let configPath = dir + "/config.yaml"
        let text: String
        do { text = try String(contentsOfFile: configPath, encoding: .utf8) } catch {
            throw ExperimentError("cannot read \(configPath): \(readableDescription(of: error))")
        }
        let frozen: Set<String> = ["train.seed", "train.seeds", "train.batch_size"]
        try requireOverrides(overrides, allowed: ["train.", "eval."], except: frozen, in: configPath,
                             what: "a resumed run can change eval.* keys and train.* keys other than "
                                 + "\(frozen.sorted().joined(separator: ", ")); start a new run (vitrine run) to change anything else")
        let saved = try loadConfig(yaml: text, name: configPath)
        let found = RunPaths(reportsFolder: dir, run: try RunSettings(saved))
        if let newName {
            try RunFolder.validate(name: newName, key: "--as")
            let copy = try continueAsNewRun(saved, from: try RunFolder.open(found), as: newName)
            let config = try loadConfig(yaml: copy.config.yaml, name: copy.paths.config, overrides: overrides)
            return [try resumeSingle(config, paths: copy.paths, overrides: overrides, context: context)]
        }
        let config = try loadConfig(yaml: text, name: configPath, overrides: overrides)
        let seeds = try TrainSettings(config).seeds
        if seeds.isEmpty {
            return [try resumeSingle(config, paths: found, overrides: overrides, context: context)]
        }
        let parent = try RunRecorder(folder: try RunFolder.open(found))
        if !overrides.isEmpty {
            try parent.writeConfig(config)
            parent.event("resume with overrides: " + overrides.joined(separator: " "))
        }
        return try withExtendedLifetime(parent) {
            try runSeeds(config, seeds: seeds, parent: parent.paths, context: context, resuming: true)
        }
    }

    /// Continues one run; its config.yaml and events.log record `overrides` only once the
    /// checkpoint has loaded and the new length is longer, so a refused resume changes nothing.
    private static func resumeSingle(_ config: ResolvedConfig, paths: RunPaths, overrides: [String],
                                     context: RunContext) throws -> Trainer.Outcome {
        let trainer = try Trainer(config: config, paths: paths, resume: true, context: context)
        if !overrides.isEmpty {
            try trainer.recorder.writeConfig(config)
            trainer.recorder.event("resume with overrides: " + overrides.joined(separator: " "))
        }
        return try trainer.run()
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

    /// Copies a single-seed run's reports and its `last.h5` and `best.h5` to a new run named
    /// `newName` whose config differs only in `run.name`. The new run's folders are claimed
    /// first (a taken name is refused); if copying fails they are removed again.
    /// The source stays locked while it is copied; the new run's lock is released on return,
    /// for the trainer that continues it to take.
    static func continueAsNewRun(_ config: ResolvedConfig, from sourceFolder: RunFolder, as newName: String) throws
        -> (config: ResolvedConfig, paths: RunPaths) {
        let source = sourceFolder.paths
        guard try TrainSettings(config).seeds.isEmpty else {
            throw ExperimentError("\(config.source): --as continues a single-seed run; resume the seeds of a "
                + "multi-seed run under their own name")
        }
        let fm = FileManager.default
        guard fm.fileExists(atPath: source.last) else {
            throw ExperimentError("run '\(source.name)' has no \(source.last) to continue from")
        }
        let renamed = try loadConfig(yaml: config.yaml, name: config.source, overrides: ["run.name=\(newName)"])
        let paths = try RunRecorder.start(renamed, paths: source.renamed(newName)).0.paths
        do {
            for name in try fm.contentsOfDirectory(atPath: source.reports) where ![".lock", "config.yaml"].contains(name) {
                try? fm.removeItem(atPath: paths.reports + "/" + name)
                try fm.copyItem(atPath: source.reports + "/" + name, toPath: paths.reports + "/" + name)
            }
            for (from, to) in [(source.last, paths.last), (source.best, paths.best)] where fm.fileExists(atPath: from) {
                try fm.copyItem(atPath: from, toPath: to)
            }
        } catch {
            try? fm.removeItem(atPath: paths.reports)
            try? fm.removeItem(atPath: paths.checkpoints)
            throw ExperimentError("cannot copy run '\(source.name)' to '\(newName)': \(readableDescription(of: error))")
        }
        let step = (try? Checkpoint.meta(at: source.last).step).map { " at step \($0)" } ?? ""
        EventLog(path: paths.events).write("continued from run \(source.name)\(step) as \(newName)")
        return (renamed, paths)
    }

    /// The parent report of a multi-seed run over `seeds`: mean ± std of every final metric.
    static func writeSeedSummary(_ config: ResolvedConfig, seeds: [Int], parent: RunPaths, context: RunContext) throws {
        var finals: [String: [Double]] = [:]
        var notes: [String] = []
        for seed in seeds {
            let paths = parent.renamed(seedRunName(parent: parent.name, seed: seed))
            let history = try MetricsHistory(contentsOf: paths.metrics)
            for name in history.names { if let v = history.final(name) { finals[name, default: []].append(v) } }
            notes.append("seed \(seed): reports/\(paths.name)/report.html")
        }
        let report = RunReport(runName: parent.name, status: "completed \(seeds.count) seeds",
                               configYAML: config.yaml, history: MetricsHistory(), notes: notes, seedFinals: finals)
        try report.write(to: parent.reports)
        context.say("over seeds:")
        for (name, mean, std, n) in report.seedSummary {
            context.say(String(format: "  %@  %.4f ± %.4f  (%d runs)", name, mean, std, n))
        }
    }

    /// What `vitrine eval` measured, and on which checkpoint.
    public struct Evaluation {
        public let checkpoint: String
        public let metrics: [String: Double]
        /// Checkpoints passed over because they are damaged, and why.
        public let notes: [String]
    }

    /// Evaluates a checkpoint (or a run's best.h5, else last.h5: a damaged best.h5 falls back
    /// to last.h5, saying so) on `split`, with the run's config changed by `overrides`
    /// (`eval.*` keys only: how to evaluate, not what was trained). `context` applies the run's
    /// `train.threads` and hears what preparing the data has to say.
    public static func evaluate(_ target: String, split: String?, overrides: [String] = [], context: RunContext) throws -> Evaluation {
        var notes: [String] = []
        let checkpoint: String
        if target.hasSuffix(".h5") {
            checkpoint = target
        } else {
            let dir = try RunPaths.locateReports(target)
            let config = try loadConfig(yaml: try String(contentsOfFile: dir + "/config.yaml", encoding: .utf8), name: dir + "/config.yaml")
            let paths = RunPaths(reportsFolder: dir, run: try RunSettings(config))
            let candidates = [paths.best, paths.last].filter { FileManager.default.fileExists(atPath: $0) }
            guard !candidates.isEmpty else {
                throw ExperimentError("run '\(paths.name)' has no checkpoint yet (\(paths.best), \(paths.last))")
            }
            var damaged: [String] = []
            var chosen: String?
            for candidate in candidates {
                do {
                    try Checkpoint.verify(at: candidate)
                    chosen = candidate
                    break
                } catch { damaged.append("\(error)") }
            }
            guard let chosen else { throw ExperimentError(damaged.joined(separator: "\n")) }
            notes = damaged.map { "\($0); evaluating \(chosen) instead" }
            checkpoint = chosen
        }
        let meta = try Checkpoint.meta(at: checkpoint)
        try requireOverrides(overrides, allowed: ["eval."], in: checkpoint,
                             what: "evaluating a checkpoint can change eval.* keys only; the rest is what it was trained with")
        let config = try loadConfig(yaml: meta.configYAML, name: checkpoint + " (/meta config)", overrides: overrides)
        let settings = try ExperimentSettings(config)
        _ = try context.applyThreads(settings.train.threads)
        if try isTreeDemand(config, settings) {
            try Checkpoint.verify(at: checkpoint)
            let values = try TreeDemandRun.evaluate(checkpoint: checkpoint, config: config, split: split, log: context.log)
            return Evaluation(checkpoint: checkpoint, metrics: values, notes: notes)
        }
        let task = try TaskFactory.make(TaskSetup(config: config, experiment: settings, generator: Generator(seed: settings.train.seed),
                                                  log: context.log))
        try Checkpoint.load(from: checkpoint, modules: task.checkpointModules(for: checkpoint), optimizers: [])
        let chosen = split ?? task.evaluationSplits[0]
        guard task.evaluationSplits.contains(chosen) else {
            throw ExperimentError("--split \(chosen): this \(settings.task) run evaluates \(task.evaluationSplits.joined(separator: ", "))")
        }
        var values: [String: Double] = [:]
        for (k, v) in try task.evaluate(split: chosen) { values["\(chosen)/\(k)"] = v }
        return Evaluation(checkpoint: checkpoint, metrics: values, notes: notes)
    }
}
