import Foundation
import Testing
import VitrineCheckpoint
import VitrineConfig
import VitrineEngine
import VitrineHDF5
import VitrineNN
@testable import VitrineExperiments

/// Checkpoints hold every module under its name and every optimizer's state and step count;
/// those written before (one `/model`, one `/optimizer`, no checksum) still load and resume.
@Suite(.serialized) struct CheckpointFormatTests {
    static let oldFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/old-format-classification.h5").path

    /// The committed old checkpoint (step 3 of 6) resumed by today's code ends bit-identical to
    /// a run of today's code never interrupted: weights, buffers, Adam's moments and step count.
    @Test func anOldFormatCheckpointResumesExactly() throws {
        let scratch = try Scratch()
        let meta = try Checkpoint.meta(at: Self.oldFixture)
        #expect(meta.step == 3)
        let saved = try Experiment.loadConfig(yaml: meta.configYAML, name: Self.oldFixture)
        let config = saved.setting("run.reports_dir", .string(scratch.root + "/reports"))
            .setting("run.checkpoints_dir", .string(scratch.root + "/checkpoints")).setting("train.steps", .int(6))
        let resumed = RunPaths(try RunSettings(config), name: "old")
        try FileManager.default.createDirectory(atPath: resumed.reports, withIntermediateDirectories: true)
        try RunRecorder.writeConfig(config.setting("run.name", .string("old")), to: resumed.config)
        try FileManager.default.createDirectory(atPath: resumed.checkpoints, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.oldFixture, toPath: resumed.last)
        let finished = try Trainer(config: config.setting("run.name", .string("old")), paths: resumed, resume: true, context: .silent).run()
        #expect(finished.status == .completed)

        let whole = try Trainer(config: config.setting("run.name", .string("new")), paths: RunPaths(try RunSettings(config), name: "new"),
                                resume: false, context: .silent).run()
        let a = try checkpointTensors(resumed.last), b = try checkpointTensors(whole.paths.last)
        #expect(a.keys.sorted() == b.keys.sorted() && a.keys.contains("optimizers/model/classifier.weight/exp_avg_sq"), "\(a.keys.sorted())")
        for key in a.keys.sorted() where a[key] != b[key] { Issue.record("\(key) differs") }
        #expect(try Checkpoint.verify(at: resumed.last).step == 6)
    }

    /// Several named modules and optimizers round-trip; a module or optimizer the file lacks is
    /// an error naming what it holds.
    @Test func namedModulesAndOptimizersRoundTrip() throws {
        let scratch = try Scratch()
        let g = Generator(seed: 5)
        let generator = try Linear(3, 2, generator: g), discriminator = try Linear(2, 1, generator: g)
        generator.nameModules(); discriminator.nameModules()
        let gOpt = try Adam(parameters: generator.namedParameters(), learningRate: 0.01)
        let dOpt = try SGD(parameters: discriminator.namedParameters(), learningRate: 0.1, momentum: 0.9)
        for (_, p) in generator.namedParameters() + discriminator.namedParameters() { p.grad.fill(0.5) }
        gOpt.step(); gOpt.step(); dOpt.step()
        let path = scratch.root + "/gan.h5"
        let meta = CheckpointMeta(step: 2, epoch: 0, position: 2, generatorState: g.state, configYAML: "task: gan\n",
                                  metrics: [:], bestMetric: nil)
        try Checkpoint.save(to: path, modules: [("generator", generator), ("discriminator", discriminator)],
                            optimizers: [("generator", gOpt), ("discriminator", dOpt)], meta: meta)
        let g2 = try Linear(3, 2, generator: Generator(seed: 9)), d2 = try Linear(2, 1, generator: Generator(seed: 9))
        g2.nameModules(); d2.nameModules()
        let gOpt2 = try Adam(parameters: g2.namedParameters(), learningRate: 0.01)
        let dOpt2 = try SGD(parameters: d2.namedParameters(), learningRate: 0.1, momentum: 0.9)
        try Checkpoint.load(from: path, modules: [("generator", g2), ("discriminator", d2)],
                            optimizers: [("generator", gOpt2), ("discriminator", dOpt2)])
        #expect(g2.weight.value.array == generator.weight.value.array && d2.bias!.value.array == discriminator.bias!.value.array)
        #expect(gOpt2.stepCount == 2 && dOpt2.stepCount == 1)
        #expect(zip(gOpt2.stateTensors(), gOpt.stateTensors()).allSatisfy { $0.1.array == $1.1.array })
        let text = try Checkpoint.describe(path)
        #expect(text.contains("generator tensors:") && text.contains("optimizer discriminator: 2 parameters with state, step_count 1"), "\(text)")
        do {
            try Checkpoint.load(from: path, into: g2)
            Issue.record("a checkpoint without /model must not load as one")
        } catch let error as CheckpointError {
            #expect(error.message.contains("no /model group: the checkpoint holds /discriminator, /generator"), "\(error)")
        }
        #expect(throws: CheckpointError.self) {
            try Checkpoint.save(to: scratch.root + "/bad.h5", modules: [("meta", g2)], optimizers: [], meta: meta)
        }
    }
}
