import ArgumentParser
import Foundation
import VitrineConfig
import VitrineExperiments

/// `vitrine run CONFIG.yaml [key.path=value ...]`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run an experiment from a YAML config.",
        discussion: "Overrides use dotted key paths and are type-checked like the file: vitrine run experiments/quickstart.yaml train.epochs=1 optimizer.lr=0.003")

    @Argument(help: "The experiment config (YAML).") var config: String
    @Argument(help: "Overrides, key.path=value.") var overrides: [String] = []

    func run() throws {
        try reportingErrors {
            for outcome in try Experiment.run(file: config, overrides: overrides, context: .terminal()) where outcome.status == .completed {
                print("report: \(outcome.paths.reports)/report.html  (and report.md)")
                print("checkpoint: \(outcome.paths.last)")
            }
        }
    }
}

/// `vitrine resume RUN`.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Continue a stopped run from its last checkpoint.")

    @Argument(help: ArgumentHelp("A run name or its reports/ directory.", valueName: "run")) var runName: String
    @Argument(help: "train.* and eval.* overrides, e.g. train.steps=2400 (the schedule follows the new length).")
    var overrides: [String] = []
    @Option(name: .customLong("as"),
            help: ArgumentHelp("Continue as a new run of this name, leaving the original as it is.", valueName: "name"))
    var newName: String?

    func run() throws {
        try reportingErrors {
            for outcome in try Experiment.resume(runName, as: newName, overrides: overrides, context: .terminal())
            where outcome.status == .completed {
                print("report: \(outcome.paths.reports)/report.html")
                print("checkpoint: \(outcome.paths.last)")
            }
        }
    }
}

/// `vitrine eval RUN|CHECKPOINT.h5 [--split test]`.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Evaluate a checkpoint and print its metrics.")

    @Argument(help: "A run name (its best.h5, else last.h5) or a checkpoint file.") var target: String
    @Option(help: "The split to evaluate (default: the task's first evaluation split).") var split: String?
    @Argument(help: "eval.* overrides, e.g. eval.center_crop=0.875 eval.flip_average=true.") var overrides: [String] = []

    func run() throws {
        try reportingErrors {
            let result = try Experiment.evaluate(target, split: split, overrides: overrides, context: .terminal())
            for note in result.notes { FileHandle.standardError.write("note: \(note)\n".data(using: .utf8)!) }
            print("checkpoint: \(result.checkpoint)")
            for key in result.metrics.keys.sorted() {
                let value = result.metrics[key]!
                print(value.isFinite ? String(format: "%@ %.4f", key, value) : "\(key) undefined")
            }
        }
    }
}

/// Prints a library error as one clean message and exits with status 1, instead of
/// ArgumentParser's generic rendering.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let error as ValidationError { throw error } catch {
        FileHandle.standardError.write("error: \(readableDescription(of: error))\n".data(using: .utf8)!)
        throw ExitCode(1)
    }
}
