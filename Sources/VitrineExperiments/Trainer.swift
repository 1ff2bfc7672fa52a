import Foundation
import VitrineCheckpoint
import VitrineConfig
import VitrineEngine
import VitrineNN

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
    public let paths: RunPaths
    private let task: any TrainingTask
    /// Nil for a model without parameters (a fixed baseline), which runs no steps.
    private let optimizer: (any Optimizer)?
    private let schedule: any LearningRateSchedule
    private let generator: Generator
    private let events: EventLog
    private let printer: ProgressPrinter
    private let batchSize: Int
    private let stepsPerEpoch: Int
    private let totalSteps: Int
    private let bestMetric: String
    private let maximize: Bool
    private var step = 0, epoch = 0, position = 0
    private var best: Double?
    private var latestMetrics: [String: Double] = [:]
    private let started = Date()
    private var elapsedBefore = 0.0

    /// Prepares a run. With `resume`, the state of `paths.last` is loaded. `makeTask` builds the
    /// task from the config and the run's generator (default: the task the config names).
    public init(config: ResolvedConfig, paths: RunPaths, resume: Bool, live: Bool? = nil,
                makeTask: (ResolvedConfig, Generator) throws -> any TrainingTask = TaskFactory.make) throws {
        self.config = config
        self.paths = paths
        try Self.configureThreads(config.int("train.threads"))
        let fm = FileManager.default
        if !resume, fm.fileExists(atPath: paths.metrics) {
            throw ExperimentError("run '\(paths.name)' already exists in \(paths.reports); "
                + "continue it with `vitrine resume \(paths.name)` or set another run.name")
        }
        try fm.createDirectory(atPath: paths.reports, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: paths.checkpoints, withIntermediateDirectories: true)
        generator = Generator(seed: UInt64(config.int("train.seed")))
        task = try makeTask(config, generator)
        let parameters = task.model.namedParameters()
        optimizer = parameters.isEmpty ? nil : try Self.makeOptimizer(
            config, parameters: parameters, learningRateScales: task.learningRateScales)
        batchSize = config.int("train.batch_size")
        stepsPerEpoch = task.batches(epoch: 0, batchSize: batchSize, seed: UInt64(config.int("train.seed"))).count
        guard stepsPerEpoch > 0 else {
            throw ExperimentError("\(config.source): the training set is empty; check data.*")
        }
        totalSteps = config.int("train.steps") > 0 ? config.int("train.steps") : config.int("train.epochs") * stepsPerEpoch
        schedule = try Self.makeSchedule(config, totalSteps: totalSteps)
        if optimizer == nil, totalSteps > 0 {
            throw ExperimentError("\(config.source): model.name: \(config.string("model.name")) has no parameters to train; "
                + "set train.steps: 0 and train.epochs: 0 to evaluate it as a baseline")
        }
        bestMetric = config.string("metrics.best")
        let mode = config.string("metrics.mode")
        maximize = mode == "auto" ? MetricDirection(name: config.string("metrics.best")) == .maximize : mode == "max"
        events = EventLog(path: paths.events)
        let (steps, logEvery) = (totalSteps, config.int("train.log_every"))
        printer = live.map { ProgressPrinter(totalSteps: steps, every: logEvery, live: $0) }
            ?? ProgressPrinter(totalSteps: steps, every: logEvery)
        if resume {
            guard fm.fileExists(atPath: paths.last) else {
                throw ExperimentError("run '\(paths.name)' has no \(paths.last) to resume from; start it again with `vitrine run`")
            }
            let meta = try Checkpoint.load(from: paths.last, into: task.model, optimizer: optimizer)
            try generator.restore(state: meta.generatorState)
            (step, epoch, position, best, latestMetrics) = (meta.step, meta.epoch, meta.position, meta.bestMetric, meta.metrics)
            let history = (try? MetricsHistory(contentsOf: paths.metrics)) ?? MetricsHistory()
            let kept = history.records.filter { $0.step <= step }
            elapsedBefore = kept.last?.elapsed ?? 0
            try (kept.map(\.jsonLine).joined(separator: "\n") + (kept.isEmpty ? "" : "\n"))
                .write(toFile: paths.metrics, atomically: true, encoding: .utf8)
            events.write("resume from step \(step) (epoch \(epoch), position \(position))")
        } else {
            try config.yaml.write(toFile: paths.config, atomically: true, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: paths.metrics, contents: nil)
            events.write("start run \(paths.name): \(task.model.parameterCount) parameters, \(totalSteps) steps")
        }
    }

    static func configureThreads(_ requested: Int) throws {
        try BLAS.load()
        let threads = requested > 0 ? requested : ProcessInfo.processInfo.activeProcessorCount
        BLAS.threads = threads
        Parallel.workers = threads
    }

    static func makeOptimizer(_ config: ResolvedConfig, parameters: [(String, Parameter)],
                              learningRateScales: [String: Float] = [:]) throws -> any Optimizer {
        let lr = config.float("optimizer.lr"), wd = config.float("optimizer.weight_decay")
        switch config.string("optimizer.name") {
        case "sgd":
            return try SGD(parameters: parameters, learningRate: lr, momentum: config.float("optimizer.momentum"),
                           nesterov: config.bool("optimizer.nesterov"), weightDecay: wd,
                           learningRateScales: learningRateScales)
        case "adamw":
            return try AdamW(parameters: parameters, learningRate: lr, beta1: config.float("optimizer.beta1"),
                             beta2: config.float("optimizer.beta2"), eps: config.float("optimizer.eps"), weightDecay: wd,
                             learningRateScales: learningRateScales)
        default:
            return try Adam(parameters: parameters, learningRate: lr, beta1: config.float("optimizer.beta1"),
                            beta2: config.float("optimizer.beta2"), eps: config.float("optimizer.eps"), weightDecay: wd,
                            learningRateScales: learningRateScales)
        }
    }

    static func makeSchedule(_ config: ResolvedConfig, totalSteps: Int) throws -> any LearningRateSchedule {
        let base = config.float("optimizer.lr")
        let warmup = config.int("schedule.warmup_steps")
        let main: any LearningRateSchedule
        switch config.string("schedule.name") {
        case "step":
            main = try StepSchedule(base: base, stepSize: config.int("schedule.step_size"), gamma: config.float("schedule.gamma"))
        case "cosine":
            main = try CosineSchedule(base: base, totalSteps: max(totalSteps, 1), minimum: config.float("schedule.min_lr"))
        default:
            main = try ConstantSchedule(base)
        }
        return warmup > 0 ? try WarmupSchedule(warmupSteps: warmup, then: main) : main
    }

    /// The batches of `epoch`: a pure function of the seed and the epoch, so resuming
    /// mid-epoch needs only the position.
    private func batches(epoch: Int) -> [[Int]] {
        task.batches(epoch: epoch, batchSize: batchSize, seed: UInt64(config.int("train.seed")))
    }

    /// Trains until the configured steps are done or a stop is requested.
    public func run() throws -> Outcome {
        StopSignal.shared.install()
        let evalEvery = config.int("train.eval_every"), checkpointEvery = config.int("train.checkpoint_every")
        let logEvery = config.int("train.log_every"), clip = config.float("train.clip_grad_norm")
        let metricsFile = try FileHandle(forWritingTo: URL(fileURLWithPath: paths.metrics))
        defer { try? metricsFile.close() }
        _ = try metricsFile.seekToEnd()
        func log(_ values: [String: Double]) {
            let record = MetricsRecord(step: step, epoch: Double(epoch) + Double(position) / Double(max(stepsPerEpoch, 1)),
                                       elapsed: elapsedBefore + Date().timeIntervalSince(started), values: values)
            metricsFile.write((record.jsonLine + "\n").data(using: .utf8)!)
        }
        var currentBatches = batches(epoch: epoch)
        // Throughput counts the examples actually trained on (a P×K plan sets its own batch
        // size) over the time spent in training steps, evaluations and checkpoints excluded.
        var window: [String: Double] = [:], windowSteps = 0, windowExamples = 0, windowSeconds = 0.0
        task.model.train()
        while step < totalSteps, let optimizer {
            let stepStart = Date()
            let indices = currentBatches[position][...]
            optimizer.learningRate = schedule.learningRate(at: step)
            optimizer.zeroGrad()
            let batchMetrics = try task.trainStep(indices)
            try checkFinite(batchMetrics)
            if clip > 0 { _ = clipGradNorm(optimizer.parameters, maxNorm: clip) }
            optimizer.step()
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
            printer.update(step: step, epoch: Double(epoch) + Double(position) / Double(stepsPerEpoch),
                           loss: batchMetrics["loss"] ?? .nan, examplesPerStep: indices.count)
            if step % logEvery == 0 || step == totalSteps {
                var values = window.mapValues { $0 / Double(windowSteps) }.reduce(into: [String: Double]()) { $0["train/\($1.key)"] = $1.value }
                values["lr"] = Double(optimizer.learningRate)
                values["examples_per_step"] = Double(windowExamples) / Double(windowSteps)
                values["examples_per_second"] = Double(windowExamples) / max(windowSeconds, 1e-9)
                log(values)
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
            if let signal = StopSignal.shared.requested, !finished {
                try saveCheckpoint(periodic: false)
                printer.finish()
                let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
                events.write("stopped by \(name) at step \(step); last.h5 written")
                printer.message("stopped at step \(step)/\(totalSteps); continue with: vitrine resume \(paths.name)")
                try writeReport(status: "stopped at step \(step) of \(totalSteps) (\(name))")
                return Outcome(paths: paths, status: .stopped, finalMetrics: latestMetrics)
            }
        }
        printer.finish()
        if totalSteps == 0 {
            // Nothing to train (a fixed baseline): the run is its evaluation.
            try evaluate(log: log)
            try saveCheckpoint(periodic: false)
        }
        events.write("completed \(totalSteps) steps")
        try writeReport(status: "completed \(totalSteps) steps")
        return Outcome(paths: paths, status: .completed, finalMetrics: latestMetrics)
    }

    /// Stops the run on a non-finite loss or gradient, naming the step and the first parameter
    /// whose gradient went bad; the last good checkpoint stays as it was.
    private func checkFinite(_ metrics: [String: Double]) throws {
        if let loss = metrics["loss"], !loss.isFinite {
            events.write("non-finite loss at step \(step + 1)")
            throw ExperimentError("the loss became \(loss) at step \(step + 1); the last good checkpoint is \(paths.last). "
                + "Lower optimizer.lr or set train.clip_grad_norm, then resume or start again")
        }
        for (name, parameter) in optimizer?.parameters ?? [] where !Kernels.allFinite(parameter.grad) {
            events.write("non-finite gradient of \(name) at step \(step + 1)")
            throw ExperimentError("the gradient of \(name) became non-finite at step \(step + 1); the last good checkpoint is \(paths.last). "
                + "Lower optimizer.lr or set train.clip_grad_norm")
        }
    }

    private func evaluate(log: ([String: Double]) -> Void) throws {
        var values: [String: Double] = [:]
        for split in task.evaluationSplits {
            for (k, v) in try task.evaluate(split: split) { values["\(split)/\(k)"] = v }
        }
        log(values)
        latestMetrics.merge(values) { $1 }
        printer.message("step \(step): " + values.keys.sorted().map { String(format: "%@ %.4f", $0, values[$0]!) }.joined(separator: "  "))
        events.write("eval at step \(step): " + values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: " "))
        if let value = values[bestMetric], value.isFinite,
           best.map({ maximize ? value > $0 : value < $0 }) ?? true {
            best = value
            try Checkpoint.save(to: paths.best, model: task.model, optimizer: optimizer, meta: meta())
            events.write("best.h5 at step \(step): \(bestMetric)=\(value)")
        }
    }

    private func meta() -> CheckpointMeta {
        CheckpointMeta(step: step, epoch: epoch, position: position, generatorState: generator.state,
                       configYAML: config.yaml, metrics: latestMetrics, bestMetric: best)
    }

    private func saveCheckpoint(periodic: Bool) throws {
        try Checkpoint.save(to: paths.last, model: task.model, optimizer: optimizer, meta: meta())
        guard periodic else { return }
        try Checkpoint.save(to: paths.periodic(step: step), model: task.model, optimizer: optimizer, meta: meta())
        let keep = config.int("train.keep")
        for (_, path) in paths.periodicCheckpoints().dropLast(keep) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private func writeReport(status: String) throws {
        let history = try MetricsHistory(contentsOf: paths.metrics)
        var checkpoints = [("last", paths.last)]
        if FileManager.default.fileExists(atPath: paths.best) { checkpoints.append(("best (\(bestMetric))", paths.best)) }
        try RunReport(
            runName: paths.name, status: status, configYAML: config.yaml, history: history, checkpoints: checkpoints,
            notes: ["model: \(task.model.parameterCount) parameters", "OpenBLAS \(BLAS.coreName) kernels, \(BLAS.threads) threads",
                    String(format: "wall time %.1f s", elapsedBefore + Date().timeIntervalSince(started))],
            tables: task.reportTables(history: history),
            figures: try task.reportFigures()
        ).write(to: paths.reports)
    }
}
