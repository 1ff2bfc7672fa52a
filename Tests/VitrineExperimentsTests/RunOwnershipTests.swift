import Foundation
import Testing
import VitrineCheckpoint
import VitrineConfig
import VitrineEngine
import VitrineHDF5
import VitrineNN
@testable import VitrineExperiments

/// Regression tests for the run core's hardening (issue 13): who owns a run's folders, what a
/// resume keeps, what a refused command leaves, and what is printed to continue.
@Suite(.serialized) struct RunOwnershipTests {
    private func paths(_ scratch: Scratch, _ name: String) -> RunPaths {
        RunPaths(name: name, reportsRoot: scratch.root + "/reports", checkpointsRoot: scratch.root + "/checkpoints")
    }

    /// Defect 1: a run owns its folder. A made-up name that is taken gets a suffix; a chosen
    /// one is refused, naming the command that continues the existing run.
    @Test func aRunFolderIsClaimedByExactlyOneRun() throws {
        let scratch = try Scratch()
        let first = try RunFolder.create(paths(scratch, "x"), uniquing: true)
        let second = try RunFolder.create(paths(scratch, "x"), uniquing: true)
        #expect(first.paths.name == "x" && second.paths.name == "x-2")
        do {
            _ = try RunFolder.create(paths(scratch, "x"), uniquing: false)
            Issue.record("a taken chosen name must be refused")
        } catch let error as ExperimentError {
            #expect(error.description.contains("already exists") && error.description.contains("vitrine resume"), "\(error)")
        }
        // While one process holds the run, another cannot open it.
        #expect(throws: ExperimentError.self) { _ = try RunFolder.open(first.paths) }
        _ = second
    }

    /// A folder a claim killed mid-way left (no config.yaml, lock free) is taken over; one
    /// whose lock is held is another process's claim in progress, never touched.
    @Test func aClaimsDebrisIsTakenOverButALiveClaimIsNot() throws {
        let scratch = try Scratch()
        let debris = paths(scratch, "d")
        try FileManager.default.createDirectory(atPath: debris.reports, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: debris.reports + "/.lock", contents: nil)
        let taken = try RunFolder.create(debris, uniquing: false)
        #expect(taken.paths.name == "d")
        // `taken` holds the lock and has not written config.yaml yet: a live claim.
        #expect(throws: ExperimentError.self) { _ = try RunFolder.create(debris, uniquing: false) }
        #expect(try RunFolder.create(debris, uniquing: true).paths.name == "d-2")
        let staging = try FileManager.default.contentsOfDirectory(atPath: scratch.root + "/reports").filter { $0.hasPrefix(".claim") }
        #expect(staging.isEmpty, "\(staging)")
    }

    /// Defect 1, end to end: two processes started together with the same default name end
    /// in two runs, each whose config.yaml agrees with its own checkpoint.
    @Test func concurrentRunsWithOneDefaultNameKeepTheirOwnFolders() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 12, checkpointEvery: 0)
        let processes = try ["0.002", "0.0005"].map { try launchVitrine(["run", config, "optimizer.lr=\($0)"], in: scratch.root) }
        for process in processes { process.waitUntilExit() }
        #expect(processes.map(\.terminationStatus) == [0, 0])
        let runs = try FileManager.default.contentsOfDirectory(atPath: scratch.root + "/reports").sorted()
        #expect(runs.count == 2, "\(runs)")
        var rates: Set<String> = []
        for run in runs {
            let saved = try Experiment.loadConfig(yaml: String(contentsOfFile: scratch.reports(run) + "/config.yaml", encoding: .utf8), name: run)
            let meta = try Checkpoint.verify(at: scratch.checkpoints(run) + "/last.h5")
            let trained = try Experiment.loadConfig(yaml: meta.configYAML, name: run)
            #expect(saved.double("optimizer.lr") == trained.double("optimizer.lr"))
            #expect(saved.string("run.name") == run)
            rates.insert(String(saved.double("optimizer.lr")))
            _ = try MetricsHistory(contentsOf: scratch.reports(run) + "/metrics.jsonl")
        }
        #expect(rates == ["0.002", "0.0005"])
    }

    /// Defect 2: one malformed line costs only that line; resume says which it skipped.
    @Test func resumeKeepsEveryWellFormedMetricsRecord() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 9, checkpointEvery: 3)
        try Experiment.run(file: config, overrides: ["run.name=m"], context: .silent)
        let metrics = scratch.reports("m") + "/metrics.jsonl"
        let before = try MetricsHistory(contentsOf: metrics).records
        let handle = try #require(FileHandle(forWritingAtPath: metrics))
        handle.seekToEndOfFile()
        handle.write("{\"step\": 4, \"train/lo".data(using: .utf8)!)
        try handle.close()
        let outcomes = try Experiment.resume(scratch.reports("m"), overrides: ["train.steps=12"], context: .silent)
        #expect(outcomes.map(\.status) == [.completed])
        let after = try MetricsHistory(contentsOf: metrics).records
        #expect(Array(after.prefix(before.count)) == before, "every record up to step 9 kept")
        #expect(after.last?.step == 12)
        let events = try String(contentsOfFile: scratch.reports("m") + "/events.log", encoding: .utf8)
        #expect(events.contains("metrics.jsonl line \(before.count + 1) skipped"), "\(events)")
    }

    /// Defect 10: a run that diverges before its first checkpoint. The message names no
    /// checkpoint that does not exist, and the command it prints works.
    @Test func aRunThatDivergedBeforeAnyCheckpointCanBeResumedAsPrinted() throws {
        let scratch = try Scratch()
        let file = try scratch.config(steps: 10, checkpointEvery: 5)
        let config = try Experiment.loadConfig(file).setting("run.name", .string("early"))
        do {
            // The failed run's trainer is released at the end of this block, as its process would end.
            let trainer = try Trainer(config: config, paths: paths(scratch, "early"), resume: false, context: .silent) { setup in
                try HarnessTests.PoisonedTask(setup.generator)
            }
            _ = try trainer.run()
            Issue.record("the run should have stopped")
        } catch let error as ExperimentError {
            #expect(error.description.contains("no checkpoint was written"), "\(error)")
            #expect(!error.description.contains("last good checkpoint"), "\(error)")
            #expect(error.description.contains("vitrine resume \(scratch.reports("early")) train.clip_grad_norm=1"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.checkpoints("early") + "/last.h5"))
        // Resuming starts again from step 0 (here with the real task, which trains).
        let outcomes = try Experiment.resume(scratch.reports("early"), overrides: ["train.clip_grad_norm=1"], context: .silent)
        #expect(outcomes.map(\.status) == [.completed])
        #expect(try Checkpoint.verify(at: scratch.checkpoints("early") + "/last.h5").step == 10)
    }

    /// Defects 10 and 17: a refused resume changes nothing; a finished run is not "completed"
    /// again at a shorter length.
    @Test func resumingAFinishedRunToAShorterLengthIsRefusedAndChangesNothing() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 8, checkpointEvery: 4)
        try Experiment.run(file: config, overrides: ["run.name=done"], context: .silent)
        let files = ["config.yaml", "metrics.jsonl", "events.log", "report.md"].map { scratch.reports("done") + "/" + $0 }
            + [scratch.checkpoints("done") + "/last.h5"]
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        do {
            _ = try Experiment.resume(scratch.reports("done"), overrides: ["train.steps=4"], context: .silent)
            Issue.record("resuming to a shorter length must be refused")
        } catch let error as RunAlreadyComplete {
            #expect(error.description.contains("already reached step 8"), "\(error)")
            #expect(error.description.contains("train.steps=N with N > 8"), "\(error)")
        }
        let after = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        for (file, (a, b)) in zip(files, zip(before, after)) { #expect(a == b, "\(file) changed") }
    }

    /// Defect 13: a damaged last.h5 (one flipped byte in optimizer state) is caught by its
    /// checksum, and resume falls back to the newest whole step-N.h5, saying so.
    @Test func aDamagedLastCheckpointFallsBackToTheNewestWholeOne() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 8, checkpointEvery: 2)
        try Experiment.run(file: config, overrides: ["run.name=fb", "train.steps=6"], context: .silent)
        let last = scratch.checkpoints("fb") + "/last.h5"
        try flipOptimizerValue(in: last)
        #expect(throws: CheckpointError.self) { try Checkpoint.verify(at: last) }
        let trainer = try Trainer(config: try Experiment.loadConfig(config, overrides: ["run.name=fb", "train.steps=8"]),
                                  paths: paths(scratch, "fb"), resume: true, context: .silent)
        #expect(trainer.notes.contains { $0.contains("checksum mismatch") && $0.contains("step-6.h5") }, "\(trainer.notes)")
        _ = try trainer.run()
        #expect(try Checkpoint.verify(at: last).step == 8)
        let events = try String(contentsOfFile: scratch.reports("fb") + "/events.log", encoding: .utf8)
        #expect(events.contains("fallback:"), "\(events)")
    }

    /// Defect 13 for evaluation: a damaged best.h5 falls back to last.h5, saying so.
    @Test func evaluationOfADamagedBestCheckpointFallsBackToLast() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 4, checkpointEvery: 0)
        try Experiment.run(file: config, overrides: ["run.name=ev", "train.eval_every=2"], context: .silent)
        try flipModelValue(in: scratch.checkpoints("ev") + "/best.h5")
        let evaluation = try Experiment.evaluate(scratch.reports("ev"), split: nil, context: .silent)
        #expect(evaluation.checkpoint.hasSuffix("last.h5"))
        #expect(evaluation.notes.count == 1 && evaluation.notes[0].contains("best.h5: checksum mismatch"), "\(evaluation.notes)")
        // Named explicitly, the damaged file is an error, not a number.
        #expect(throws: CheckpointError.self) { _ = try Experiment.evaluate(scratch.checkpoints("ev") + "/best.h5", split: nil, context: .silent) }
    }

    /// Defect 14: run names that would escape the reports and checkpoints folders.
    @Test func runNamesThatLeaveTheirFolderAreRefused() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 2, checkpointEvery: 0)
        for name in ["..", ".", "../x", "a/b", ""] where !name.isEmpty {
            do {
                _ = try Experiment.run(file: config, overrides: ["run.name=\(name)"], context: .silent)
                Issue.record("run.name=\(name) must be refused")
            } catch let error as ExperimentError {
                #expect(error.description.hasPrefix("run.name: the run name"), "\(error)")
            }
        }
        #expect(throws: ExperimentError.self) { try RunFolder.validate(name: String(repeating: "a", count: 201), key: "run.name") }
        let created = (try? FileManager.default.contentsOfDirectory(atPath: scratch.root + "/reports")) ?? []
        #expect(created.isEmpty, "\(created)")
        #expect(!FileManager.default.fileExists(atPath: scratch.root + "/x"))
    }

    /// Defect 15: a metrics.best no evaluation reports is refused before the run starts.
    @Test func aBestMetricTheTaskNeverReportsIsRefusedAtStart() throws {
        let scratch = try Scratch()
        let config = try scratch.config(extra: "metrics:\n  best: test/acuracy", steps: 2, checkpointEvery: 0)
        do {
            _ = try Experiment.run(file: config, overrides: ["run.name=b"], context: .silent)
            Issue.record("an unknown metrics.best must be refused")
        } catch let error as ExperimentError {
            #expect(error.description.contains("\(config):26: metrics.best: 'test/acuracy' is not a metric"), "\(error)")
            #expect(error.description.contains("test/accuracy"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.reports("b")))
    }

    /// Defect 18: temporary files a killed save left behind are removed when the run is
    /// opened again (only the lock holder writes there).
    @Test func staleTemporaryCheckpointFilesAreRemovedOnResume() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 4, checkpointEvery: 2)
        try Experiment.run(file: config, overrides: ["run.name=tmp", "train.steps=2"], context: .silent)
        let stale = scratch.checkpoints("tmp") + "/.last.h5.12345.0F0F0F0F-0000-0000-0000-000000000000.tmp"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: stale))
        try Experiment.resume(scratch.reports("tmp"), overrides: ["train.steps=4"], context: .silent)
        #expect(!FileManager.default.fileExists(atPath: stale))
    }

    /// Defects 11 and 12: the command printed on a stop is the one that finishes the whole
    /// study, and it works as printed with a custom run.reports_dir.
    @Test func theResumeCommandPrintedOnAStopFinishesTheStudyAsPrinted() throws {
        let scratch = try Scratch()
        let config = try scratch.config(steps: 400, checkpointEvery: 0)
        let out = Pipe()
        let process = try launchVitrine(["run", config, "run.name=study", "train.seeds=[1, 2]", "train.eval_every=400"],
                                        in: scratch.root, output: out)
        let metrics = scratch.reports("study-seed1") + "/metrics.jsonl"
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning,
              ((try? String(contentsOfFile: metrics, encoding: .utf8))?.split(separator: "\n").count ?? 0) < 5 {
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGINT)
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        let printed = try #require(output.split(separator: "\n").first { $0.contains("continue with: ") }, "\(output)")
        let command = String(printed[printed.range(of: "continue with: ")!.upperBound...])
        #expect(command == "vitrine resume \(scratch.reports("study"))", "\(command)")
        // As printed, from another folder: both seeds finish and the study's summary is written.
        let arguments = Array(command.split(separator: " ").dropFirst().map(String.init)) + ["train.steps=40"]
        let (status, log) = try runVitrine(arguments, in: NSTemporaryDirectory())
        #expect(status == 0, "\(log)")
        #expect(try Checkpoint.verify(at: scratch.checkpoints("study-seed2") + "/last.h5").step == 40)
        let summary = try String(contentsOfFile: scratch.reports("study") + "/report.md", encoding: .utf8)
        #expect(summary.contains("completed 2 seeds"), "\(summary)")
    }

    // MARK: Damaging checkpoints

    /// Adds 1 to one stored value of the first optimizer state tensor, leaving the file a
    /// valid HDF5 file: only the checksum can tell.
    private func flipOptimizerValue(in path: String) throws {
        let file = try HDF5File.open(path, mode: .readWrite)
        defer { try? file.close() }
        let optimizer = try file.root.group("optimizers/model")
        let parameter = try optimizer.group(try optimizer.members()[0])
        let slot = try parameter.members()[0]
        try bump(parameter, slot)
    }

    private func flipModelValue(in path: String) throws {
        let file = try HDF5File.open(path, mode: .readWrite)
        defer { try? file.close() }
        let model = try file.root.group("model")
        try bump(model, try model.members()[0])
    }

    private func bump(_ group: HDF5Group, _ name: String) throws {
        let tensor = try group.readTensor(name)
        tensor.data[0] += 1
        try group.dataset(name).write(tensor)
    }
}
