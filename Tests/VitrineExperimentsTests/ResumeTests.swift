import Foundation
import Testing
import VitrineCheckpoint
@testable import VitrineExperiments

/// Kill-and-resume equality and clean stops, through the real `vitrine` executable.
@Suite(.serialized) struct ResumeTests {
    /// Starts `vitrine run`, waits until `last.h5` has passed `step`, and kills the process.
    private func startAndInterrupt(_ config: String, run: String, scratch: Scratch, signal: Int32,
                                   afterStep step: Int) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try vitrineExecutable())
        process.arguments = ["run", config, "run.name=\(run)"]
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.root)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let metrics = scratch.reports(run) + "/metrics.jsonl"
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && process.isRunning {
            let lines = (try? String(contentsOfFile: metrics, encoding: .utf8))?.split(separator: "\n") ?? []
            if let last = lines.last, let record = try? MetricsRecord(jsonLine: String(last)), record.step >= step { break }
            usleep(2_000)
        }
        #expect(process.isRunning, "the run finished before it could be interrupted")
        kill(process.processIdentifier, signal)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func sigkillThenResumeIsBitIdenticalToAnUninterruptedRun() throws {
        let scratch = try Scratch()
        let config = try scratch.config(epochs: 3)
        let (status, output) = try runVitrine(["run", config, "run.name=whole"], in: scratch.root)
        try #require(status == 0, "\(output)")

        let (_, _) = try startAndInterrupt(config, run: "killed", scratch: scratch, signal: SIGKILL, afterStep: 37)
        let interrupted = try Checkpoint.meta(at: scratch.checkpoints("killed") + "/last.h5")
        #expect(interrupted.step < 96, "killed at step \(interrupted.step)")
        let (resumed, log) = try runVitrine(["resume", scratch.reports("killed")], in: scratch.root)
        try #require(resumed == 0, "\(log)")

        let whole = try checkpointTensors(scratch.checkpoints("whole") + "/last.h5")
        let killed = try checkpointTensors(scratch.checkpoints("killed") + "/last.h5")
        #expect(whole.keys.sorted() == killed.keys.sorted())
        #expect(whole.keys.contains("model/features.1.running_mean"))
        #expect(whole.keys.contains { $0.hasSuffix("/exp_avg_sq") })
        for key in whole.keys.sorted() where whole[key] != killed[key] {
            Issue.record("\(key) differs after kill at step \(interrupted.step) and resume")
        }
        let a = try Checkpoint.meta(at: scratch.checkpoints("whole") + "/last.h5")
        let b = try Checkpoint.meta(at: scratch.checkpoints("killed") + "/last.h5")
        #expect(a.step == 96 && b.step == 96 && a.generatorState == b.generatorState)
        // The resumed run's metrics hold each step once.
        let steps = try MetricsHistory(contentsOf: scratch.reports("killed") + "/metrics.jsonl").records
            .filter { $0.values["train/loss"] != nil }.map(\.step)
        #expect(steps == Array(1...96))
    }

    @Test func sigintFinishesTheStepSavesAndTellsHowToResume() throws {
        let scratch = try Scratch()
        let config = try scratch.config(epochs: 3, checkpointEvery: 0)
        let (status, output) = try startAndInterrupt(config, run: "stopped", scratch: scratch, signal: SIGINT, afterStep: 20)
        #expect(status == 0, "\(output)")
        #expect(output.contains("continue with: vitrine resume \(scratch.reports("stopped"))"), "\(output)")
        let meta = try Checkpoint.meta(at: scratch.checkpoints("stopped") + "/last.h5")
        #expect(meta.step >= 20 && meta.step < 96)
        let (resumed, log) = try runVitrine(["resume", "stopped"], in: scratch.root + "/..")
        #expect(resumed != 0, "a bare run name resolves against ./reports, which is elsewhere: \(log)")
        let (again, log2) = try runVitrine(["resume", scratch.reports("stopped")], in: scratch.root)
        #expect(again == 0, "\(log2)")
        #expect(try Checkpoint.meta(at: scratch.checkpoints("stopped") + "/last.h5").step == 96)
    }
}

/// `vitrine resume RUN train.steps=N`: a run continues for a new length; what it trains cannot change.
@Suite struct ResumeOverrideTests {
    /// `--as`: a finished run continues to a longer schedule as a new run; the original's
    /// files are untouched and the new run's history starts with the original's.
    @Test func aFinishedRunContinuesAsANewRunAndTheOriginalIsKept() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 4)
        _ = try Experiment.run(file: config, overrides: ["run.name=r"], context: .silent)
        let originalMetrics = try String(contentsOfFile: scratch.reports("r") + "/metrics.jsonl", encoding: .utf8)
        let originalLast = try Data(contentsOf: URL(fileURLWithPath: scratch.checkpoints("r") + "/last.h5"))
        let outcomes = try Experiment.resume(scratch.reports("r"), as: "r-long", overrides: ["train.steps=7"], context: .silent)
        #expect(outcomes.map(\.status) == [.completed])
        #expect(outcomes.first?.paths.name == "r-long")
        #expect(try String(contentsOfFile: scratch.reports("r") + "/metrics.jsonl", encoding: .utf8) == originalMetrics)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.checkpoints("r") + "/last.h5")) == originalLast)
        let history = try MetricsHistory(contentsOf: scratch.reports("r-long") + "/metrics.jsonl")
        #expect(history.series("train/loss").map(\.0) == (1...7).map(Double.init), "steps 1–4 copied, 5–7 trained")
        #expect(try Checkpoint.meta(at: scratch.checkpoints("r-long") + "/last.h5").step == 7)
        let saved = try String(contentsOfFile: scratch.reports("r-long") + "/config.yaml", encoding: .utf8)
        #expect(saved.contains("name: r-long") && saved.contains("steps: 7"))
        let events = try String(contentsOfFile: scratch.reports("r-long") + "/events.log", encoding: .utf8)
        #expect(events.contains("continued from run r at step 4 as r-long"))
        // The new name must be free, and plain.
        for (name, fragment) in [("r-long", "already exists"), ("a/b", "plain folder name")] {
            do {
                _ = try Experiment.resume(scratch.reports("r"), as: name, context: .silent)
                Issue.record("--as \(name) was accepted")
            } catch let error as ExperimentError {
                #expect(error.description.contains(fragment), "\(error)")
            }
        }
    }

    @Test func aFinishedRunContinuesToANewLengthAndOtherKeysAreRefused() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 4)
        let first = try Experiment.run(file: config, overrides: ["run.name=r"], context: .silent)
        #expect(first.map(\.status) == [.completed])
        let outcomes = try Experiment.resume(scratch.reports("r"), overrides: ["train.steps=7"], context: .silent)
        #expect(outcomes.map(\.status) == [.completed])
        let history = try MetricsHistory(contentsOf: scratch.reports("r") + "/metrics.jsonl")
        #expect(history.records.last?.step == 7)
        let saved = try String(contentsOfFile: scratch.reports("r") + "/config.yaml", encoding: .utf8)
        #expect(saved.contains("steps: 7"))
        let events = try String(contentsOfFile: scratch.reports("r") + "/events.log", encoding: .utf8)
        #expect(events.contains("resume with overrides: train.steps=7"))
        for refused in ["model.width=8", "train.seed=3", "train.batch_size=8"] {
            do {
                _ = try Experiment.resume(scratch.reports("r"), overrides: [refused], context: .silent)
                Issue.record("\(refused) was accepted on resume")
            } catch let error as ExperimentError {
                #expect(error.description.contains("vitrine run"), "\(error)")
            }
        }
    }
}
