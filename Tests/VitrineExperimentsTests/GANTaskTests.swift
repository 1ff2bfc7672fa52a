import Foundation
import Testing
import VitrineCheckpoint
import VitrineConfig
import VitrineData
import VitrineEngine
import VitrineGenerative
import VitrineNN
@testable import VitrineExperiments

/// The GAN task on the run core: two networks and two optimizers by name, exact resume, its
/// own config groups.
@Suite(.serialized) struct GANTaskTests {
    private func config(_ scratch: Scratch, steps: Int, checkpointEvery: Int = 1) throws -> String {
        let text = """
            task: gan
            run:
              reports_dir: \(scratch.root)/reports
              checkpoints_dir: \(scratch.root)/checkpoints
            data:
              source: shapes
              shapes_train: 128
              shapes_test: 32
              image_size: 32
            model:
              latent: 8
              generator_width: 4
              discriminator_width: 4
            optimizers:
              generator:
                lr: 0.001
              discriminator:
                lr: 0.0005
            train:
              steps: \(steps)
              batch_size: 16
              eval_every: 6
              checkpoint_every: \(checkpointEvery)
              log_every: 1
              threads: 2
            metrics:
              best: test/loss_g
            """
        let path = scratch.root + "/gan.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Killed with SIGKILL at a random step and resumed, a GAN ends bit-identical to a run never
    /// interrupted: both networks, both optimizers' state and step counts, the noise stream.
    @Test func aKilledGANResumesBitIdentically() throws {
        let scratch = try Scratch()
        let file = try config(scratch, steps: 40)
        let (status, output) = try runVitrine(["run", file, "run.name=whole"], in: scratch.root)
        try #require(status == 0, "\(output)")
        let stopAt = 3 + Int(UInt64(Date().timeIntervalSince1970 * 1000) % 25)
        let process = try launchVitrine(["run", file, "run.name=killed"], in: scratch.root)
        let metrics = scratch.reports("killed") + "/metrics.jsonl"
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            let lines = (try? String(contentsOfFile: metrics, encoding: .utf8))?.split(separator: "\n") ?? []
            if let last = lines.last, let record = try? MetricsRecord(jsonLine: String(last)), record.step >= stopAt { break }
            usleep(1_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let killedAt = try Checkpoint.meta(at: scratch.checkpoints("killed") + "/last.h5").step
        #expect(killedAt < 40, "killed at step \(killedAt)")
        let (resumed, log) = try runVitrine(["resume", scratch.reports("killed")], in: scratch.root)
        try #require(resumed == 0, "\(log)")
        let whole = try checkpointTensors(scratch.checkpoints("whole") + "/last.h5")
        let killed = try checkpointTensors(scratch.checkpoints("killed") + "/last.h5")
        #expect(whole.keys.sorted() == killed.keys.sorted())
        for prefix in ["generator/", "discriminator/", "optimizers/generator/", "optimizers/discriminator/"] {
            #expect(whole.keys.contains { $0.hasPrefix(prefix) }, "\(prefix)")
        }
        for key in whole.keys.sorted() where whole[key] != killed[key] {
            Issue.record("\(key) differs after a kill at step \(killedAt) and resume")
        }
        let a = try Checkpoint.meta(at: scratch.checkpoints("whole") + "/last.h5")
        let b = try Checkpoint.meta(at: scratch.checkpoints("killed") + "/last.h5")
        #expect(a.step == 40 && b.step == 40 && a.generatorState == b.generatorState)
    }

    /// `vitrine generate` builds the generator from the checkpoint alone: the same seed draws
    /// the same grid, a value outside the training vocabulary lists the known ones.
    @Test func generateSamplesACheckpoint() throws {
        let scratch = try Scratch()
        let file = try config(scratch, steps: 2, checkpointEvery: 0)
        _ = try Experiment.run(file: file, overrides: ["run.name=gen"], context: .silent)
        let checkpoint = scratch.checkpoints("gen") + "/last.h5"
        let (status, output) = try runVitrine(["generate", "--checkpoint", checkpoint, "--count", "3", "--out", "a.png",
                                               "--out-dir", "single"], in: scratch.root)
        #expect(status == 0 && output.contains("generated 15 images (32 px)"), "\(output)")
        let (_, again) = try runVitrine(["generate", "--checkpoint", checkpoint, "--count", "3", "--out", "b.png"], in: scratch.root)
        #expect(again.contains("generated 15"))
        let first = try Data(contentsOf: URL(fileURLWithPath: scratch.root + "/a.png"))
        #expect(first == (try Data(contentsOf: URL(fileURLWithPath: scratch.root + "/b.png"))), "same seed, same grid")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.root + "/single").count == 15)
        let (bad, message) = try runVitrine(["generate", "--checkpoint", checkpoint, "--attributes", "category=star",
                                             "--out", "c.png"], in: scratch.root)
        #expect(bad == 1 && message.contains("category=star is not in the training vocabulary; known values: disk, square"), "\(message)")
        let (tooMany, bound) = try runVitrine(["generate", "--checkpoint", checkpoint, "--count", "100000", "--out", "d.png"],
                                              in: scratch.root)
        #expect(tooMany != 0 && bound.contains("--count must be within 1...1024"), "\(bound)")
    }

    /// With a domain classifier's checkpoint, each evaluation reports FID, KID and precision/
    /// recall of generated images against held-out ones, beside the floor (training images
    /// against the same held-out ones); a barely trained generator is far above the floor.
    @Test func qualityMetricsOnAClassifiersFeaturesWithTheirFloor() throws {
        let scratch = try Scratch()
        let classifier = try scratch.config("classifier.yaml", steps: 30, checkpointEvery: 0)
        _ = try Experiment.run(file: classifier, overrides: ["run.name=cls", "data.image_size=32", "data.shapes_train=128",
                                                             "data.shapes_test=32"], context: .silent)
        let file = try config(scratch, steps: 2, checkpointEvery: 0)
        let outcome = try Experiment.run(file: file, overrides: ["run.name=q", "eval.feature_checkpoint=\(scratch.checkpoints("cls"))/last.h5"],
                                         context: .silent)[0]
        let values = outcome.finalMetrics
        let expected = ["fid", "kid", "precision", "recall"].flatMap { [$0, $0 + "_floor"] }
            + ["agreement", "agreement_category", "classifier", "classifier_category"]
        for name in expected {
            #expect(values["test/" + name]?.isFinite == true, "test/\(name): \(values)")
        }
        #expect(values["test/fid"]! > values["test/fid_floor"]!, "\(values)")
        #expect((0...1).contains(values["test/precision_floor"]!) && (0...1).contains(values["test/recall"]!))
        // A checkpoint of another task is refused, naming what FID needs.
        do {
            _ = try Experiment.run(file: file, overrides: ["run.name=q2", "eval.feature_checkpoint=\(outcome.paths.last)"], context: .silent)
            Issue.record("a GAN checkpoint cannot be the feature network")
        } catch let error as ExperimentError {
            #expect(error.description.contains("is a gan checkpoint; FID needs a classification run's checkpoint"), "\(error)")
        }
    }

    /// Each optimizer reads its own group; the one-model keys are not the GAN's.
    @Test func eachNetworkHasItsOwnOptimizerGroup() throws {
        let scratch = try Scratch()
        let file = try config(scratch, steps: 2, checkpointEvery: 0)
        let outcome = try Experiment.run(file: file, overrides: ["run.name=g"], context: .silent)[0]
        let history = try MetricsHistory(contentsOf: outcome.paths.metrics)
        #expect(abs((history.final("lr/generator") ?? 0) - 0.001) < 1e-9, "\(history.names)")
        #expect(abs((history.final("lr/discriminator") ?? 0) - 0.0005) < 1e-9)
        for name in ["train/loss_d", "train/loss_g", "train/d_real", "test/d_fake"] {
            #expect(history.final(name)?.isFinite == true, "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: outcome.paths.reports + "/samples-step-2.png"))
        do {
            _ = try Experiment.loadConfig(file, overrides: ["optimizer.lr=0.1"])
            Issue.record("optimizer.lr must be unknown to a GAN")
        } catch let error as ConfigErrors {
            #expect(error.description.contains("optimizer.lr: unknown key"), "\(error)")
        }
        // An optimizer group for a network the GAN does not have is refused at its line.
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "optimizers:\n", with: "optimizers:\n  critic:\n    lr: 0.1\n")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try Experiment.loadConfig(file)
            Issue.record("optimizers.critic names no network of the GAN")
        } catch let error as ConfigErrors {
            #expect(error.description.contains("gan.yaml:16: optimizers.critic.lr: unknown key"), "\(error)")
        }
    }

    /// With `loss.diversity_weight`, G's step adds the diversity-sensitive term: the run logs
    /// the pairs' distance ratio, bounded by `loss.diversity_bound`, and an odd last batch is
    /// made even. A step whose halves ask for different conditions is refused.
    @Test func theDiversityTermIsLoggedAndNeedsMatchingHalves() throws {
        let scratch = try Scratch()
        let file = try config(scratch, steps: 3, checkpointEvery: 0)
        // 128 training images in batches of 15: the 9th batch (step 9 of an epoch) would be odd;
        // three steps of 15 take odd batches every step.
        let outcome = try Experiment.run(file: file, overrides: ["run.name=d", "loss.diversity_weight=2", "loss.diversity_bound=0.5",
                                                                 "train.batch_size=15"], context: .silent)[0]
        let history = try MetricsHistory(contentsOf: outcome.paths.metrics)
        let ratio = try #require(history.final("train/diversity"), "\(history.names)")
        #expect(ratio > 0 && ratio <= 0.5, "\(ratio)")
        #expect(history.final("train/loss_g")?.isFinite == true)

        let pair = try GANPair(.init(imageSize: 16, channels: 1, latent: 4, generatorWidth: 2, discriminatorWidth: 2,
                                     attributes: [AttributeVocabulary(name: "category", values: ["a", "b"])]),
                               generator: Generator(seed: 1))
        let step = GANStep(pair, diversity: (1, try DiversitySensitiveLoss()))
        #expect(throws: EngineError.self) {
            try step.run(real: Tensor(zeros: [2, 1, 16, 16]), realLabels: [[0], [1]], noise: Tensor(zeros: [2, 4]),
                         fakeLabels: [[0], [1]], zeroGrad: { _ in }, step: { _ in })
        }
    }

    /// A discriminator pushed to infinity stops the run at the step it happens, naming the network
    /// and the parameter whose gradient went bad; the checkpoint of the step before stays.
    @Test func aNonFiniteGradientNamesTheNetworkAndParameter() throws {
        let scratch = try Scratch()
        let file = try config(scratch, steps: 20, checkpointEvery: 1)
        do {
            _ = try Experiment.run(file: file, overrides: ["run.name=nan", "optimizers.discriminator.name=sgd", "optimizers.discriminator.lr=10", "optimizers.discriminator.momentum=0.9"], context: .silent)
            Issue.record("a discriminator on SGD at lr 10 with momentum must diverge")
        } catch let error as ExperimentError {
            let text = error.description
            #expect(text.range(of: #"the (gradient of (generator|discriminator) parameter [a-z_.0-9]+ became non-finite|(generator|discriminator)'s loss \(loss_[dg]\) became (-?nan|-?inf)) at step \d+"#,
                               options: .regularExpression) != nil, "\(text)")
            let step = try Checkpoint.meta(at: scratch.checkpoints("nan") + "/last.h5").step
            #expect(text.contains("at step \(step + 1)"), "last.h5 is the step before the divergence (\(step)): \(text)")
        }
    }

    /// The discriminator wins outright when it rates the fixed samples as fake (D(G(z)) < 0.02)
    /// at three evaluations running, counted back from the last, from the metrics history (so
    /// a resumed run remembers); training records in between do not break the run.
    @Test func aWinningDiscriminatorIsCountedFromTheHistory() {
        func history(_ fakes: [Double?]) -> MetricsHistory {
            MetricsHistory(records: fakes.enumerated().map { step, fake in
                MetricsRecord(step: step, epoch: 0, elapsed: 0, values: fake.map { ["test/d_fake": $0] } ?? ["train/loss": 1])
            })
        }
        #expect(GANTask.discriminatorWins(history([0.3, 0.01, nil, 0.015, 0.001])) == 3)
        #expect(GANTask.discriminatorWins(history([0.01, 0.01, 0.01, 0.4])) == 0)
        #expect(GANTask.discriminatorWins(history([])) == 0)
    }
}
