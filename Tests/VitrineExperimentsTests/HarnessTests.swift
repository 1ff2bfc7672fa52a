import Foundation
import Testing
import VitrineCheckpoint
import VitrineConfig
import VitrineEngine
import VitrineNN
@testable import VitrineExperiments

@Suite(.serialized) struct HarnessTests {
    @Test func runWritesReportsCheckpointsAndKeepsK() throws {
        let scratch = try Scratch()
        let config = try scratch.config(epochs: 1, checkpointEvery: 8)
        let outcomes = try Experiment.run(file: config, overrides: ["run.name=r1"], context: .silent)
        #expect(outcomes.map(\.status) == [.completed])
        let fm = FileManager.default
        for file in ["config.yaml", "metrics.jsonl", "events.log", "report.md", "report.html"] {
            #expect(fm.fileExists(atPath: scratch.reports("r1") + "/" + file), "\(file)")
        }
        #expect(fm.fileExists(atPath: scratch.checkpoints("r1") + "/last.h5"))
        #expect(fm.fileExists(atPath: scratch.checkpoints("r1") + "/best.h5"))
        let periodic = RunPaths(name: "r1", reportsRoot: scratch.root + "/reports", checkpointsRoot: scratch.root + "/checkpoints")
            .periodicCheckpoints().map(\.0)
        #expect(periodic == [24, 32], "keep 2 of the step-8/16/24/32 checkpoints")
        let history = try MetricsHistory(contentsOf: scratch.reports("r1") + "/metrics.jsonl")
        #expect(history.series("test/accuracy").map(\.0) == [8, 16, 24, 32])
        let losses = history.series("train/loss").map(\.1)
        #expect(losses.count == 32 && losses.allSatisfy(\.isFinite))
        let html = try String(contentsOfFile: scratch.reports("r1") + "/report.html", encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("test/accuracy"))
        // Starting the same run again is refused, naming resume.
        #expect(throws: ExperimentError.self) { try Experiment.run(file: config, overrides: ["run.name=r1"], context: .silent) }
    }

    @Test func evalOfTheBestCheckpointReproducesItsRecordedMetric() throws {
        let scratch = try Scratch()
        let config = try scratch.config(epochs: 1, checkpointEvery: 0)
        try Experiment.run(file: config, overrides: ["run.name=e1"], context: .silent)
        let best = scratch.checkpoints("e1") + "/best.h5"
        let meta = try Checkpoint.meta(at: best)
        let metrics = try Experiment.evaluate(best, split: nil, context: .silent).metrics
        #expect(metrics["test/accuracy"] == meta.bestMetric)
        let evaluation = try Experiment.evaluate(scratch.reports("e1"), split: "test", context: .silent)
        let (path, again) = (evaluation.checkpoint, evaluation.metrics)
        #expect(path == best && again == metrics)
    }

    @Test func seedsRunOncePerSeedWithMeanAndStd() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 6, checkpointEvery: 0)
        let said = CollectingContext()
        let outcomes = try Experiment.run(file: config, overrides: ["run.name=ms", "train.seeds=[1, 2, 3]", "train.eval_every=3"],
                                          context: said.context)
        #expect(outcomes.map(\.paths.name) == ["ms-seed1", "ms-seed2", "ms-seed3"])
        // Each seed says it starts, then trains its 6 steps; the summary comes last.
        let seedLines = said.messages.filter { $0.hasPrefix("== seed") }
        #expect(seedLines == (1...3).map { "== seed \($0): start run ms-seed\($0)" }, "\(said.messages)")
        #expect(said.events.filter { $0 == .trainingStarted(totalSteps: 6, logEvery: 1) }.count == 3)
        #expect(said.events.filter { if case .progress = $0 { return true } else { return false } }.count == 18)
        #expect(said.events.filter { $0 == .trainingEnded }.count == 3)
        let finals = try outcomes.map { try MetricsHistory(contentsOf: $0.paths.metrics).final("test/accuracy")! }
        let mean = finals.reduce(0, +) / 3
        let std = (finals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        let report = try String(contentsOfFile: scratch.reports("ms") + "/report.md", encoding: .utf8)
        #expect(report.contains(String(format: "| test/accuracy | %.4f ± %.4f | 3 |", mean, std)), "\(report)")
        let summary = try #require(said.messages.firstIndex(of: "over seeds:"))
        #expect(said.messages[summary...].contains(String(format: "  test/accuracy  %.4f ± %.4f  (3 runs)", mean, std)), "\(said.messages)")
        #expect(Set(finals).count > 1 || std == 0)
    }

    /// The run polls its context's stop request between steps (the CLI flips it on SIGINT):
    /// a stop asked for stops the run after the step, with last.h5 written and the way on said.
    @Test func aStopRequestStopsTheRunAfterTheCurrentStep() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 6, checkpointEvery: 0)
        var listened = 0
        let stop = StopRequest { _ in listened += 1 }
        var said: [RunEvent] = []
        let context = RunContext(log: { said.append($0) }, stop: stop, applyThreads: RunContext.silent.applyThreads)
        #expect(!stop.request("a test"))
        let outcomes = try Experiment.run(file: config, overrides: ["run.name=st"], context: context)
        #expect(outcomes.map(\.status) == [.stopped] && listened == 1)
        #expect(try Checkpoint.meta(at: scratch.checkpoints("st") + "/last.h5").step == 1)
        #expect(said.suffix(2) == [.trainingEnded, .message("stopped at step 1/6; continue with: vitrine resume \(scratch.reports("st"))")],
                "\(said)")
        let events = try String(contentsOfFile: scratch.reports("st") + "/events.log", encoding: .utf8)
        #expect(events.contains("stopped by a test at step 1; last.h5 written"), "\(events)")
    }

    /// A task whose gradient turns NaN at step 3, for the non-finite check.
    final class PoisonedTask: TrainingTask {
        let layer: Linear
        var model: Module { layer }
        let trainCount = 64
        let evaluationSplits = ["test"]
        let metricNames = ["test/accuracy"]
        var steps = 0
        init(_ g: Generator) throws { layer = try Linear(2, 1, generator: g); layer.nameModules() }
        func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double] {
            steps += 1
            layer.weight.grad.fill(steps == 3 ? .nan : 0.1)
            layer.bias!.grad.fill(0.1)
            return ["loss": 1]
        }
        func evaluate(split: String) throws -> [String: Double] { ["accuracy": 0.5] }
    }

    @Test func nonFiniteGradientStopsNamingStepAndParameter() throws {
        let scratch = try Scratch()
        let file = try scratch.config(steps: 10, checkpointEvery: 1)
        let config = try Experiment.loadConfig(file).setting("run.name", .string("nan"))
        let trainer = try Trainer(config: config, paths: RunPaths(try RunSettings(config), name: "nan"), resume: false, context: .silent) { setup in
            try PoisonedTask(setup.generator)
        }
        do {
            _ = try trainer.run()
            Issue.record("the run should have stopped")
        } catch let error as ExperimentError {
            #expect(error.description.contains("gradient of weight became non-finite at step 3"), "\(error)")
        }
        #expect(try Checkpoint.meta(at: scratch.checkpoints("nan") + "/last.h5").step == 2)
    }

    @Test func compareShowsDifferingKeysThroughTheCLI() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 4, checkpointEvery: 0)
        try Experiment.run(file: config, overrides: ["run.name=c1", "train.eval_every=2"], context: .silent)
        try Experiment.run(file: config, overrides: ["run.name=c2", "optimizer.lr=0.01", "train.eval_every=2"], context: .silent)
        let html = scratch.root + "/cmp.html"
        let (status, output) = try runVitrine(["compare", scratch.reports("c1"), scratch.reports("c2"), "--html", html], in: scratch.root)
        #expect(status == 0, "\(output)")
        #expect(output.contains("| `optimizer.lr` | 0.003 | 0.01 |"), "\(output)")
        #expect(output.contains("test/accuracy"))
        #expect(!output.contains("`train.epochs`"))
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<svg"))
    }

    @Test func configErrorsStopTheCLIBeforeTheRunStarts() throws {
        let scratch = try Scratch()
        let config = try scratch.config(extra: "metrics:\n  bset: test/loss")
        let (status, output) = try runVitrine(["run", config, "train.epochs=two"], in: scratch.root)
        #expect(status != 0)
        #expect(output.contains("\(config):26: metrics.bset: unknown key; did you mean 'metrics.best'?"), "\(output)")
        #expect(output.contains("command line: train.epochs: expected an integer ≥ 0, got 'two'"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: scratch.root + "/reports"))
    }

    @Test func inspectListsTensorsAndMeta() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 2, checkpointEvery: 0)
        try Experiment.run(file: config, overrides: ["run.name=i1"], context: .silent)
        let (status, output) = try runVitrine(["inspect", scratch.checkpoints("i1") + "/last.h5"], in: scratch.root)
        #expect(status == 0, "\(output)")
        #expect(output.contains("features.0.weight  [4, 3, 3, 3]  108"), "\(output)")
        #expect(output.contains("step 2, epoch 0, position 2"))
        #expect(output.contains("task: classification"))
        let (bad, message) = try runVitrine(["inspect", config], in: scratch.root)
        #expect(bad != 0 && message.contains("cannot open as HDF5"), "\(message)")
    }

    @Test func checkpointIsReadableByH5py() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 2, checkpointEvery: 0)
        try Experiment.run(file: config, overrides: ["run.name=h1"], context: .silent)
        let path = scratch.checkpoints("h1") + "/last.h5"
        let script = """
            import h5py, json, sys
            f = h5py.File(sys.argv[1], "r")
            w = f["model/classifier.weight"]
            print(w.shape, w.dtype, float(w[0, 0]))
            print(f["model/features.1.running_var"].shape)
            print(f["meta"].attrs["step"], f["meta"].attrs["config"].splitlines()[0])
            print(sorted(f["optimizers/model/classifier.weight"].keys()), f["optimizers/model"].attrs["step_count"])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with h5py is needed (scripts/setup installs it): \(text)")
        let model = try SmallConvNetProbe.load(path)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "(5, 32) float32 \(model)", "\(text)")
        #expect(lines[1] == "(4,)")
        #expect(lines[2] == "2 task: classification")
        #expect(lines[3] == "['exp_avg', 'exp_avg_sq'] 2")
    }
}

/// Reads classifier.weight[0, 0] through Vitrine's own loader, to compare with h5py's value.
enum SmallConvNetProbe {
    static func load(_ path: String) throws -> String {
        let meta = try Checkpoint.meta(at: path)
        let config = try Experiment.loadConfig(yaml: meta.configYAML, name: path)
        let task = try TaskFactory.make(try TaskSetup(config: config, generator: Generator(seed: 9), log: { _ in }))
        try Checkpoint.load(from: path, into: task.model)
        let weight = task.model.namedParameters().first { $0.0 == "classifier.weight" }!.1.value
        return "\(Double(weight[0]))"
    }
}
