import Foundation
import Testing
import VitrineEngine
import VitrineNN
@testable import VitrineExperiments

/// What a newcomer's mistakes print (issue 13, messages): the command meant, the override to
/// write, a version, and what to set — not the argument parser's or Foundation's raw text.
@Suite struct CommandLineMessageTests {
    @Test func aMisspeltCommandGetsTheCommandMeant() throws {
        let scratch = try Scratch()
        let (status, output) = try runVitrine(["runn", "experiments/shapes.yaml"], in: scratch.root)
        #expect(status == 64)
        #expect(output.contains("error: unknown command 'runn'; did you mean 'vitrine run'?"), "\(output)")
        let (_, other) = try runVitrine(["frobnicate"], in: scratch.root)
        #expect(other.contains("the commands are run, resume, eval"), "\(other)")
    }

    @Test func anOptionThatIsAConfigKeyGetsTheOverrideToWrite() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 2, checkpointEvery: 0)
        let (status, output) = try runVitrine(["run", config, "--steps", "20"], in: scratch.root)
        #expect(status == 64)
        #expect(output.contains("write train.steps=20 instead of --steps"), "\(output)")
        let (_, lr) = try runVitrine(["resume", "x", "--lr=0.1"], in: scratch.root)
        #expect(lr.contains("write optimizer.lr=0.1 instead of --lr"), "\(lr)")
        // Real options still reach the parser.
        let (_, split) = try runVitrine(["eval", "nosuchrun", "--split", "test"], in: scratch.root)
        #expect(split.contains("no run 'nosuchrun'"), "\(split)")
    }

    /// Keys valid one by one but not together are a config error naming where, before any
    /// folder is made.
    @Test func keysThatDoNotFitTogetherAreAConfigError() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 2, checkpointEvery: 0)
        do {
            _ = try Experiment.run(file: config, overrides: ["run.name=n", "optimizer.name=sgd", "optimizer.nesterov=true",
                                                             "optimizer.momentum=0"], context: .silent)
            Issue.record("Nesterov without momentum must be refused")
        } catch let error as ExperimentError {
            #expect(error.description.hasPrefix("command line: optimizer.*: SGD: invalid argument: Nesterov"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.reports("n")))
    }

    @Test func versionIsPrinted() throws {
        let (status, output) = try runVitrine(["--version"], in: NSTemporaryDirectory())
        #expect(status == 0 && output.hasPrefix("vitrine "), "\(output)")
    }

    @Test func errorsFromFoundationAreReadable() {
        let missing = NSError(domain: NSCocoaErrorDomain, code: 3840, userInfo: [NSLocalizedDescriptionKey: "bad JSON"])
        #expect(readableDescription(of: missing) == "bad JSON")
        #expect(!readableDescription(of: CocoaError(.fileReadNoSuchFile)).contains("Code="))
        #expect(readableDescription(of: ExperimentError("as written")) == "as written")
    }

    /// A model whose only parameters are training-only (an embedding loss's proxies around a
    /// raw-pixel network) is a baseline: asked to train, the run says what to set instead of
    /// failing on a shape deep inside the loss.
    final class BaselineTask: TrainingTask {
        let proxies: Linear
        var model: Module { proxies }
        let trainCount = 32
        let evaluationSplits = ["test"]
        let metricNames = ["test/accuracy"]
        var isFixedBaseline: Bool { true }
        init(_ g: Generator) throws { proxies = try Linear(2, 2, generator: g); proxies.nameModules() }
        func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double] { throw ExperimentError("never trained") }
        func evaluate(split: String) throws -> [String: Double] { ["accuracy": 0.25] }
    }

    @Test func aFixedBaselineAskedToTrainSaysWhatToSet() throws {
        let scratch = try Scratch()
        let config = try Experiment.loadConfig(try scratch.config(steps: 5, checkpointEvery: 0)).setting("run.name", .string("base"))
        let paths = RunPaths(name: "base", reportsRoot: scratch.root + "/reports", checkpointsRoot: scratch.root + "/checkpoints")
        do {
            _ = try Trainer(config: config, paths: paths, resume: false, context: .silent) { try BaselineTask($0.generator) }
            Issue.record("training a baseline must be refused")
        } catch let error as ExperimentError {
            #expect(error.description.contains("is a fixed baseline with no parameters to train; set train.steps=0 and train.epochs=0"), "\(error)")
        }
        let evaluated = try Trainer(config: config.setting("train.steps", .int(0)).setting("train.epochs", .int(0)), paths: paths,
                                    resume: false, context: .silent) { try BaselineTask($0.generator) }.run()
        #expect(evaluated.finalMetrics["test/accuracy"] == 0.25)
    }
}
