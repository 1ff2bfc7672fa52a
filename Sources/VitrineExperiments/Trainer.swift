import Foundation
import VitrineCheckpoint
import VitrineConfig
import VitrineEngine
import VitrineNN

/// A resume asked of a run that has already reached its length: nothing to do.
public struct RunAlreadyComplete: Error, CustomStringConvertible {
    public let run: String
    public let step: Int
    public let totalSteps: Int
    public let resumeTarget: String
    public var description: String {
        "run '\(run)' has already reached step \(step) (this config trains \(totalSteps) steps); nothing to do. "
            + "To train longer: \(resumeTarget) train.steps=N with N > \(step)"
    }
}

/// Runs one experiment: builds the task, trains with the configured optimizer and schedule,
/// evaluates, writes metrics, checkpoints and the report, and resumes exactly from `last.h5`.
///
/// Everything that decides the next step is either in the checkpoint (weights, buffers,
/// optimizer state and step count, the random stream, epoch and position in the epoch) or a
/// pure function of it (the epoch's data order, the learning rate), so a run killed at any
/// point and resumed ends bit-identical to one never interrupted (for the same thread count).
public final class Trainer {
    public enum Status: String { case completed, stopped }

    /// What a run left behind.
    public struct Outcome {
        public let paths: RunPaths
        public let status: Status
        public let finalMetrics: [String: Double]
    }

    public let config: ResolvedConfig
    /// The groups every experiment has, decoded from the config.
    private let settings: ExperimentSettings
    public var paths: RunPaths { recorder.paths }
    /// The run's folders, logs and checkpoint retention; it holds the run's lock.
    public let recorder: RunRecorder
    private let task: any TrainingTask
    /// Nil for a model without parameters (a fixed baseline), which runs no steps.
    private let optimizers: TrainingOptimizers?
    private let generator: Generator
    /// Where the run reports and what stops it.
    private let context: RunContext
    /// The compute threads the context applied for `train.threads`.
    private let threads: Int
    private let stepsPerEpoch: Int
    private let totalSteps: Int
    /// The command printed when a signal stops the run: the one that finishes the whole study
    /// (a multi-seed run's parent, not the seed's own run).
    private let resumeCommand: String
    private var step = 0, epoch = 0, position = 0
    private var best: Double?
    private var latestMetrics: [String: Double] = [:]
    private let started = Date()
    private var elapsedBefore = 0.0
    /// What resuming had to say (a checkpoint fallen back from, metrics lines skipped).
    public private(set) var notes: [String] = []

    /// Prepares a run. A new run claims `paths` (with `uniquing`, a taken name gets a suffix:
    /// the final name is `paths.name` of the trainer); with `resume`, the run's newest loadable
    /// checkpoint is restored (none yet: the run starts again from step 0). Nothing is written
    /// before the config, the data and the checkpoint have been checked, so a refused command
    /// changes nothing. The run reports through `context`, which also applies `train.threads`
    /// and stops it. `makeTask` builds the task (default: the task the config names).
    public init(config: ResolvedConfig, paths: RunPaths, resume: Bool, context: RunContext, uniquing: Bool = false,
                resumeCommand: String? = nil,
                makeTask: (TaskSetup) throws -> any TrainingTask = TaskFactory.make) throws {
        let settings = try ExperimentSettings(config)
        self.settings = settings
        self.context = context
        threads = try context.applyThreads(settings.train.threads)
        generator = Generator(seed: settings.train.seed)
        task = try makeTask(TaskSetup(config: config, experiment: settings, generator: generator, log: context.log))
        stepsPerEpoch = task.batches(epoch: 0, batchSize: settings.train.batchSize, seed: settings.train.seed).count
        guard stepsPerEpoch > 0 else {
            throw ExperimentError("\(config.source): the training set is empty; check data.*")
        }
        totalSteps = settings.train.steps > 0 ? settings.train.steps : settings.train.epochs * stepsPerEpoch
        if task.isFixedBaseline, totalSteps > 0 {
            throw ExperimentError("\(config.origin("model.name") ?? ConfigOrigin(file: config.source, line: nil)): model.name: "
                + "the model is a fixed baseline with no parameters to train; set train.steps=0 and train.epochs=0 to evaluate it")
        }
        optimizers = task.isFixedBaseline ? nil
            : try Self.makeOptimizers(config, task: task, totalSteps: totalSteps, clipNorm: settings.train.clipGradNorm)
        let bestMetric = settings.metrics.best, names = task.metricNames
        guard names.contains(bestMetric) else {
            throw ExperimentError("\(settings.metrics.bestOrigin): metrics.best: "
                + "'\(bestMetric)' is not a metric this \(settings.task) run reports, so best.h5 would never be written; "
                + "expected one of \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", …" : "")")
        }
        if resume {
            self.config = config
            self.resumeCommand = resumeCommand ?? paths.resumeCommand
            recorder = try RunRecorder(folder: try RunFolder.open(paths))
            if let (meta, file) = try restoreNewestCheckpoint() {
                guard meta.step < totalSteps else {
                    throw RunAlreadyComplete(run: paths.name, step: meta.step, totalSteps: totalSteps, resumeTarget: paths.resumeCommand)
                }
                (step, epoch, position, best, latestMetrics) = (meta.step, meta.epoch, meta.position, meta.bestMetric, meta.metrics)
                recorder.event("resume from \(URL(fileURLWithPath: file).lastPathComponent) at step \(step) (epoch \(epoch), position \(position))")
            } else {
                notes.append("no checkpoint had been written yet: the run starts again from step 0")
                recorder.event("resume with no checkpoint: starting again from step 0")
            }
            let (elapsed, skipped) = try recorder.truncateHistory(toStep: step)
            elapsedBefore = step > 0 ? elapsed : 0
            for line in skipped {
                notes.append("\(paths.metrics) line \(line.line) was not a metrics record and was dropped (\(line.reason))")
            }
        } else {
            (recorder, self.config) = try RunRecorder.start(config, paths: paths, uniquing: uniquing)
            self.resumeCommand = resumeCommand ?? recorder.paths.resumeCommand
            recorder.event("start run \(recorder.paths.name): \(parameterCount) parameters, \(totalSteps) steps")
        }
        for note in notes { context.say("note: " + note) }
    }

    /// Loads the newest checkpoint that loads whole and fits the run: `last.h5`, else the
    /// periodic `step-N.h5` newest first (a corrupt file is skipped, saying so). Returns nil
    /// when the run has no checkpoint at all.
    private func restoreNewestCheckpoint() throws -> (CheckpointMeta, String)? {
        let fm = FileManager.default
        let candidates = ([paths.last] + paths.periodicCheckpoints().reversed().map(\.1)).filter { fm.fileExists(atPath: $0) }
        guard !candidates.isEmpty else { return nil }
        var failures: [String] = []
        for file in candidates {
            do {
                let meta = try Checkpoint.load(from: file, modules: task.checkpointModules(for: file), optimizers: namedOptimizers)
                try checkPosition(meta, file: file)
                do { try generator.restore(state: meta.generatorState) } catch {
                    throw CheckpointError(file, "/meta generator_state cannot restore the random stream: \(error)")
                }
                if !failures.isEmpty {
                    let note = "\(failures.joined(separator: "; ")); resuming from \(file) (step \(meta.step)) instead"
                    notes.append(note)
                    recorder.event("fallback: " + note)
                }
                return (meta, file)
            } catch {
                failures.append("\(error)")
            }
        }
        throw ExperimentError("run '\(paths.name)' cannot be resumed: no checkpoint loads:\n  "
            + failures.joined(separator: "\n  "))
    }

    /// Throws unless the checkpoint's place in the data fits this config's data: a config.yaml
    /// edited to a smaller training set, or a damaged /meta, must not index past an epoch.
    private func checkPosition(_ meta: CheckpointMeta, file: String) throws {
        guard meta.step >= 0, meta.epoch >= 0, meta.position >= 0 else {
            throw CheckpointError(file, "/meta holds step \(meta.step), epoch \(meta.epoch), position \(meta.position); none may be negative")
        }
        guard meta.epoch <= meta.step else {
            throw CheckpointError(file, "/meta says epoch \(meta.epoch) after only \(meta.step) steps; the checkpoint is damaged")
        }
        let batchesInEpoch = batches(epoch: meta.epoch).count
        guard meta.position < batchesInEpoch else {
            throw CheckpointError(file, "/meta position \(meta.position) is past the end of epoch \(meta.epoch), which has "
                + "\(batchesInEpoch) batches with this config's data; the data (data.*) or train.batch_size "
                + "differs from the run that wrote the checkpoint")
        }
    }

    /// An error from building `section` (`optimizer`, `schedule`) out of the config, as a
    /// config error naming where the section's choice was made.
    static func configError(_ config: ResolvedConfig, section: String, _ error: Error) -> ExperimentError {
        let origin = config.origin("\(section).name").map { "\($0)" } ?? config.source
        return ExperimentError("\(origin): \(section).*: \(error); check the \(section) keys together")
    }

    /// The task's optimizers, each from its config group (the single `optimizer.*` and
    /// `schedule.*` for a one-optimizer task, `optimizers.<name>.*` for each of several) over
    /// the parameters of the modules it names, clipping gradients to `clipNorm` (0: none).
    static func makeOptimizers(_ config: ResolvedConfig, task: any TrainingTask, totalSteps: Int, clipNorm: Float) throws -> TrainingOptimizers {
        let specs = task.optimizerSpecs
        let modules = Dictionary(task.modules, uniquingKeysWith: { first, _ in first })
        var covered = Set<String>()
        let entries = try specs.map { spec -> TrainingOptimizers.Entry in
            let prefix: OptimizerSettings.Prefix = specs.count == 1 ? .single : .named(spec.name)
            var parameters: [(String, Parameter)] = []
            for name in spec.modules {
                guard let module = modules[name] else {
                    throw ExperimentError("\(config.source): the optimizer \(spec.name) names no module '\(name)'; the task has "
                        + task.modules.map(\.0).joined(separator: ", "))
                }
                covered.insert(name)
                // One module: its own parameter paths (as a one-model checkpoint always had).
                parameters += module.namedParameters().map { (spec.modules.count == 1 ? $0.0 : "\(name).\($0.0)", $0.1) }
            }
            // The schema checks each key alone; what only the keys together can break (Nesterov
            // without momentum, a cosine floor above the rate) is still the config's error.
            let settings = try OptimizerSettings(config, prefix)
            do {
                return TrainingOptimizers.Entry(
                    name: spec.name,
                    optimizer: try settings.makeOptimizer(parameters, learningRateScales: specs.count == 1 ? task.learningRateScales : [:]),
                    schedule: try settings.makeSchedule(totalSteps: totalSteps))
            } catch {
                throw configError(config, section: prefix.optimizer, error)
            }
        }
        if let bare = task.modules.map(\.0).first(where: { name in
            !covered.contains(name) && !(modules[name]?.namedParameters().isEmpty ?? true)
        }) {
            throw ExperimentError("\(config.source): the module \(bare) has parameters but no optimizer updates it")
        }
        return TrainingOptimizers(entries: entries, clipNorm: clipNorm)
    }

    /// Every module's parameters (a GAN's generator and discriminator both).
    private var parameterCount: Int { task.modules.reduce(0) { $0 + $1.1.parameterCount } }

    /// The optimizers by name, for checkpoints.
    private var namedOptimizers: [(String, any Optimizer)] { optimizers?.entries.map { ($0.name, $0.optimizer) } ?? [] }

    /// The batches of `epoch`: a pure function of the seed and the epoch, so resuming
    /// mid-epoch needs only the position.
    private func batches(epoch: Int) -> [[Int]] {
        task.batches(epoch: epoch, batchSize: settings.train.batchSize, seed: settings.train.seed)
    }

    /// Trains until the configured steps are done or a stop is requested.
    public func run() throws -> Outcome {
        let (evalEvery, checkpointEvery, logEvery) = (settings.train.evalEvery, settings.train.checkpointEvery, settings.train.logEvery)
        context.stop.listen()
        context.log(.trainingStarted(totalSteps: totalSteps, logEvery: logEvery))
        func log(_ values: [String: Double]) throws {
            try recorder.log(MetricsRecord(step: step, epoch: Double(epoch) + Double(position) / Double(max(stepsPerEpoch, 1)),
                                           elapsed: elapsedBefore + Date().timeIntervalSince(started), values: values))
        }
        var currentBatches = batches(epoch: epoch)
        // Throughput counts the examples actually trained on (a P×K plan sets its own batch
        // size) over the time spent in training steps, evaluations and checkpoints excluded.
        var window: [String: Double] = [:], windowSteps = 0, windowExamples = 0, windowSeconds = 0.0
        task.model.train()
        while step < totalSteps, let optimizers {
            let stepStart = Date()
            let indices = currentBatches[position][...]
            optimizers.currentStep = step + 1
            let batchMetrics: [String: Double]
            do {
                if task.updatesItself {
                    batchMetrics = try task.trainStep(indices, optimizers: optimizers)
                    try checkFinite(batchMetrics)
                } else {
                    let only = optimizers.entries[0]
                    only.optimizer.zeroGrad()
                    batchMetrics = try task.trainStep(indices)
                    try checkFinite(batchMetrics)
                    try optimizers.step(only.name)
                }
            } catch let divergence as Divergence {
                recorder.event(divergence.description)
                throw ExperimentError("\(divergence); \(afterDivergence())")
            }
            windowSeconds += Date().timeIntervalSince(stepStart)
            step += 1
            position += 1
            for (k, v) in batchMetrics { window[k, default: 0] += v }
            windowSteps += 1
            windowExamples += indices.count
            let epochEnded = position >= currentBatches.count
            if epochEnded {
                epoch += 1
                position = 0
                currentBatches = batches(epoch: epoch)
            }
            context.log(.progress(step: step, epoch: Double(epoch) + Double(position) / Double(stepsPerEpoch),
                                  loss: batchMetrics["loss"] ?? .nan, examples: indices.count))
            if step % logEvery == 0 || step == totalSteps {
                var values = window.mapValues { $0 / Double(windowSteps) }.reduce(into: [String: Double]()) { $0["train/\($1.key)"] = $1.value }
                for entry in optimizers.entries {
                    values[optimizers.entries.count == 1 ? "lr" : "lr/\(entry.name)"] = Double(entry.optimizer.learningRate)
                }
                values["examples_per_step"] = Double(windowExamples) / Double(windowSteps)
                values["examples_per_second"] = Double(windowExamples) / max(windowSeconds, 1e-9)
                try log(values)
                latestMetrics.merge(values) { $1 }
                (window, windowSteps, windowExamples, windowSeconds) = ([:], 0, 0, 0)
            }
            let finished = step == totalSteps
            if (evalEvery > 0 ? step % evalEvery == 0 : epochEnded) || finished {
                try evaluate(log: log)
            }
            if (checkpointEvery > 0 ? step % checkpointEvery == 0 : epochEnded) || finished {
                try saveCheckpoint(periodic: !finished || checkpointEvery > 0 && step % checkpointEvery == 0)
            }
            if let reason = context.stop.requested, !finished {
                try saveCheckpoint(periodic: false)
                context.log(.trainingEnded)
                recorder.event("stopped by \(reason) at step \(step); last.h5 written")
                context.say("stopped at step \(step)/\(totalSteps); continue with: \(resumeCommand)")
                try writeReport(status: "stopped at step \(step) of \(totalSteps) (\(reason))")
                return Outcome(paths: paths, status: .stopped, finalMetrics: latestMetrics)
            }
        }
        context.log(.trainingEnded)
        if totalSteps == 0 {
            // Nothing to train (a fixed baseline): the run is its evaluation.
            try evaluate(log: log)
            try saveCheckpoint(periodic: false)
        }
        recorder.event("completed \(totalSteps) steps")
        try writeReport(status: "completed \(totalSteps) steps")
        return Outcome(paths: paths, status: .completed, finalMetrics: latestMetrics)
    }

    /// Stops the run on a non-finite loss or gradient, naming the step and the first parameter
    /// whose gradient went bad; the last good checkpoint stays as it was.
    private func checkFinite(_ metrics: [String: Double]) throws {
        // Each network's own loss before their sum, so the message names the network.
        let losses = metrics.keys.filter { $0.hasPrefix("loss") }.sorted { ($0 == "loss" ? 1 : 0, $0) < ($1 == "loss" ? 1 : 0, $1) }
        for name in losses where !metrics[name]!.isFinite {
            let owner = task.lossNetworks[name].map { "\($0)'s loss (\(name))" } ?? name
            throw Divergence(description: "the \(owner) became \(metrics[name]!) at step \(step + 1)")
        }
    }

    /// What a diverged run keeps and the two ways on, both of which work as printed.
    private func afterDivergence() -> String {
        let kept = FileManager.default.fileExists(atPath: paths.last)
            ? "the last good checkpoint is \(paths.last) (`\(resumeCommand) train.clip_grad_norm=1` continues from it)"
            : "no checkpoint was written before it (`\(resumeCommand) train.clip_grad_norm=1` starts the run again from step 0)"
        let names = optimizers?.entries.map(\.name) ?? []
        let rates = names.count > 1 ? names.map { "optimizers.\($0).lr" }.joined(separator: " or ") : "optimizer.lr"
        return kept + "; or start a new run with a lower \(rates)"
    }

    private func evaluate(log: ([String: Double]) throws -> Void) throws {
        var values: [String: Double] = [:]
        for split in task.evaluationSplits {
            for (k, v) in try task.evaluate(split: split) { values["\(split)/\(k)"] = v }
        }
        try log(values)
        for warning in task.warnings(history: try MetricsHistory(contentsOf: paths.metrics)) {
            context.say("warning: " + warning)
            recorder.event("warning at step \(step): " + warning)
        }
        latestMetrics.merge(values) { $1 }
        context.say("step \(step): " + values.keys.sorted().map { String(format: "%@ %.4f", $0, values[$0]!) }.joined(separator: "  "))
        recorder.event("eval at step \(step): " + values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: " "))
        let bestMetric = settings.metrics.best, maximize = settings.metrics.maximizesBest
        if let value = values[bestMetric], value.isFinite,
           best.map({ maximize ? value > $0 : value < $0 }) ?? true {
            best = value
            try Checkpoint.save(to: paths.best, modules: task.checkpointLayouts[0], optimizers: namedOptimizers, meta: meta(),
                                documents: task.checkpointDocuments)
            recorder.event("best.h5 at step \(step): \(bestMetric)=\(value)")
        }
    }

    private func meta() -> CheckpointMeta {
        CheckpointMeta(step: step, epoch: epoch, position: position, generatorState: generator.state,
                       configYAML: config.yaml, metrics: latestMetrics, bestMetric: best)
    }

    private func saveCheckpoint(periodic: Bool) throws {
        let meta = meta()
        try recorder.saveCheckpoint(step: step, periodic: periodic, keep: settings.train.keep) { path in
            try Checkpoint.save(to: path, modules: task.checkpointLayouts[0], optimizers: namedOptimizers, meta: meta,
                                documents: task.checkpointDocuments)
        }
    }

    private func writeReport(status: String) throws {
        let history = try MetricsHistory(contentsOf: paths.metrics)
        var checkpoints = [("last", paths.last)]
        if FileManager.default.fileExists(atPath: paths.best) { checkpoints.append(("best (\(settings.metrics.best))", paths.best)) }
        try RunReport(
            runName: paths.name, status: status, configYAML: config.yaml, history: history, checkpoints: checkpoints,
            notes: ["model: \(parameterCount) parameters", "OpenBLAS \(BLAS.coreName) kernels, \(threads) threads",
                    String(format: "wall time %.1f s", elapsedBefore + Date().timeIntervalSince(started))],
            tables: task.reportTables(history: history),
            figures: try task.reportFigures()
        ).write(to: paths.reports)
    }
}
