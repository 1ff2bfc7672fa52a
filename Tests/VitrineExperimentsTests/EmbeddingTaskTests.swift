import Foundation
import VitrineInference
import Testing
import VitrineCheckpoint
import VitrineConfig
import VitrineData
import VitrineEngine
import VitrineHDF5
import VitrineImaging
@testable import VitrineExperiments

/// The embedding task on a slice of Fashion-MNIST (Debian's dataset-fashion-mnist).
@Suite(.serialized) struct EmbeddingTaskTests {
    func config(_ scratch: Scratch, _ extra: String = "") throws -> String {
        let text = """
            task: embedding
            run:
              reports_dir: \(scratch.root)/reports
              checkpoints_dir: \(scratch.root)/checkpoints
            data:
              train_limit: 600
              test_limit: 300
            \(extra)
            sampler:
              p: 3
              k: 4
            model:
              width: 4
              embedding_dim: 8
            train:
              steps: 4
              log_every: 1
              threads: 2
            metrics:
              best: test/recall@1
            """
        let path = scratch.root + "/emb.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func heldOutClassesNeverReachTraining() throws {
        let scratch = try Scratch()
        let config = try Experiment.loadConfig(try config(scratch, "  train_classes: [0, 2, 4]"), overrides: [])
        let data = try EmbeddingData(try EmbeddingDataSettings(config), log: { _ in })
        let all = try IDXClassificationSet.fashionMNIST(split: "train", limit: 600)
        #expect(data.trainClassCount == 3)
        #expect(Set(data.train.labels) == [0, 1, 2], "training labels are dense indices")
        #expect(data.train.labels.count == all.labels.filter { [0, 2, 4].contains($0) }.count)
        let test = try #require(data.evaluation.first)
        #expect(!test.images.labels.isEmpty)
        #expect(test.images.labels.allSatisfy { ![0, 2, 4].contains($0) })
        #expect(test.categories?.count == test.images.labels.count)
    }

    @Test func allTenClassesIsTheClassLevelProtocol() throws {
        let scratch = try Scratch()
        let config = try Experiment.loadConfig(try config(scratch, "  protocol: all_classes"), overrides: [])
        let data = try EmbeddingData(try EmbeddingDataSettings(config), log: { _ in })
        #expect(data.trainClassCount == 10)
        #expect(data.evaluation.first?.images.labels.count == 300)
    }

    @Test func holdingOutNothingIsAnError() throws {
        let scratch = try Scratch()
        let config = try Experiment.loadConfig(
            try config(scratch, "  train_classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"), overrides: [])
        #expect(throws: ExperimentError.self) { _ = try EmbeddingData(try EmbeddingDataSettings(config), log: { _ in }) }
        #expect(throws: ConfigErrors.self) {
            _ = try Experiment.loadConfig(try self.config(scratch, "  train_classes: [12]"), overrides: [])
        }
    }

    @Test func runTrainsOnPKBatchesAndReportsRetrieval() throws {
        let scratch = try Scratch()
        let outcomes = try Experiment.run(file: try config(scratch), overrides: ["run.name=e"], context: .silent)
        #expect(outcomes.map(\.status) == [.completed])
        let history = try MetricsHistory(contentsOf: scratch.reports("e") + "/metrics.jsonl")
        for metric in ["test/recall@1", "test/recall@5", "test/recall@10", "test/recall@50", "test/map@r"] {
            let value = try #require(history.series(metric).last?.1, "\(metric) logged")
            #expect((0...1).contains(value))
        }
        #expect(history.series("train/loss").count == 4)
        // Throughput counts the P×K batch (3 × 4), not train.batch_size (64 by default).
        #expect(history.series("examples_per_step").map(\.1) == [12, 12, 12, 12])
        #expect(history.series("examples_per_second").allSatisfy { $0.1 > 0 && $0.1.isFinite })
        // The report shows retrieval examples: a PNG beside it, embedded in the HTML.
        let figure = try PNG.read(URL(fileURLWithPath: scratch.reports("e") + "/retrieval-test.png"))
        #expect(figure.width > 6 * 48 && figure.height > 8 * 48, "8 rows of a query and 5 results")
        let html = try String(contentsOfFile: scratch.reports("e") + "/report.html", encoding: .utf8)
        #expect(html.contains("data:image/png;base64,") && html.contains("Retrieval examples"))
        let file = try HDF5File.open(scratch.checkpoints("e") + "/last.h5")
        defer { try? file.close() }
        #expect(try file.root.group("model").dataset("classifier.weight").shape.first == 8, "the head maps to D = 8")
    }

    /// `eval.center_crop` and `eval.flip_average` change how a run evaluates (not how it trains),
    /// `vitrine eval` can set them on a finished checkpoint (and nothing else), and a checkpoint
    /// loaded for serving embeds through the same view.
    @Test func evaluationViewReachesTheRunsEvaluationEvalOverridesAndServing() throws {
        let scratch = try Scratch()
        let file = try config(scratch)
        let view = ["eval.center_crop=0.75", "eval.flip_average=true"]
        _ = try Experiment.run(file: file, overrides: ["run.name=plain"], context: .silent)
        _ = try Experiment.run(file: file, overrides: ["run.name=viewed"] + view, context: .silent)
        func logged(_ run: String) throws -> Double {
            try #require(try MetricsHistory(contentsOf: scratch.reports(run) + "/metrics.jsonl").final("test/map@r"))
        }
        let checkpoint = scratch.checkpoints("plain") + "/last.h5"
        let asTrained = try Experiment.evaluate(checkpoint, split: nil, context: .silent).metrics
        let throughView = try Experiment.evaluate(checkpoint, split: nil, overrides: view, context: .silent).metrics
        #expect(asTrained["test/map@r"] == (try logged("plain")))
        // The same weights (the view does not touch training), evaluated through the view.
        let viewedLogged = try logged("viewed")
        // Equal up to the summation order of the metric (last bit of a double).
        #expect(abs(try #require(throughView["test/map@r"]) - viewedLogged) < 1e-12)
        #expect(throughView["test/map@r"] != asTrained["test/map@r"])
        do {
            _ = try Experiment.evaluate(checkpoint, split: nil, overrides: ["train.steps=9"], context: .silent)
            Issue.record("train.steps was accepted by evaluate")
        } catch let error as ExperimentError {
            #expect(error.description.contains("train.steps") && error.description.contains("eval.* keys only"), "\(error)")
        }
        let (served, _) = try EmbeddingNetworks.load(checkpoint: scratch.checkpoints("viewed") + "/last.h5")
        let servedView = try #require(served as? EmbeddingView)
        #expect(servedView.centerCrop == 0.75 && servedView.flipAverage)
        #expect(!servedView.training && !servedView.network.training, "loaded for serving: evaluation mode")
        #expect(!(try EmbeddingNetworks.load(checkpoint: checkpoint).network is EmbeddingView))
        // A finished run has nothing left to resume: refused, its config unchanged.
        #expect(throws: RunAlreadyComplete.self) { _ = try Experiment.resume(scratch.reports("plain"), overrides: view, context: .silent) }
        #expect(!(try String(contentsOfFile: scratch.reports("plain") + "/config.yaml", encoding: .utf8)).contains("center_crop: 0.75"))
        // Continued to a longer length, a run can change its eval.* keys on the way.
        _ = try Experiment.resume(scratch.reports("plain"), overrides: view + ["train.steps=6"], context: .silent)
        let saved = try String(contentsOfFile: scratch.reports("plain") + "/config.yaml", encoding: .utf8)
        #expect(saved.contains("center_crop: 0.75") && saved.contains("flip_average: true"))
    }

    /// `loss.proxy_lr_multiplier` reaches the optimizer: at 0 the class proxies keep their
    /// initial values through training (AdamW's decoupled decay included) while the network
    /// moves; at 10 they move.
    @Test func proxyLearningRateMultiplierReachesTheOptimizer() throws {
        let scratch = try Scratch()
        let file = try config(scratch, "loss:\n  name: normalized_softmax\noptimizer:\n  name: adamw\n  weight_decay: 0.1")
        let initial = try EmbeddingTask(try TaskSetup(config: try Experiment.loadConfig(file, overrides: []),
                                                      generator: Generator(seed: 1), log: { _ in })).model.namedParameters()
        let initialProxies = try #require(initial.first { $0.0 == "loss.weight" }?.1.value.array)
        let initialHead = try #require(initial.first { $0.0 == "classifier.weight" }?.1.value.array)
        for multiplier in [0, 10] {
            _ = try Experiment.run(file: file, overrides: ["run.name=m\(multiplier)", "train.seed=1",
                                                           "loss.proxy_lr_multiplier=\(multiplier)"], context: .silent)
            let checkpoint = try HDF5File.open(scratch.checkpoints("m\(multiplier)") + "/last.h5")
            defer { try? checkpoint.close() }
            let model = try checkpoint.root.group("model")
            let proxies = try checkpoint.root.group("loss").readTensor("weight").array
            #expect((proxies == initialProxies) == (multiplier == 0), "multiplier \(multiplier)")
            #expect(try model.readTensor("classifier.weight").array != initialHead, "the network trains")
        }
    }

    /// The network alone under /model (a PyTorch state dict as it is), the class proxies under
    /// /loss; a checkpoint written before, with the proxies in /model as loss.*, still loads.
    @Test func classProxiesLiveApartFromTheNetworkAndOldCheckpointsStillLoad() throws {
        let scratch = try Scratch()
        let file = try config(scratch, "loss:\n  name: normalized_softmax")
        _ = try Experiment.run(file: file, overrides: ["run.name=apart", "train.steps=2"], context: .silent)
        let last = scratch.checkpoints("apart") + "/last.h5"
        #expect(try Checkpoint.moduleGroups(at: last) == ["model", "loss"])
        let stored = try HDF5File.open(last)
        let networkNames = try stored.root.group("model").members()
        #expect(!networkNames.isEmpty && !networkNames.contains { $0.hasPrefix("loss") })
        #expect(try stored.root.group("loss").members() == ["weight"])
        try stored.close()
        let task = try EmbeddingTask(try TaskSetup(config: try Experiment.loadConfig(file, overrides: []),
                                                   generator: Generator(seed: 1), log: { _ in }))
        #expect(try task.checkpointModules(for: last).map(\.0) == ["model", "loss"])
        // The older layout: everything the training model holds, proxies included, under /model.
        let legacy = scratch.root + "/legacy.h5"
        try Checkpoint.save(to: legacy, modules: [("model", task.model)], optimizers: [], meta: try Checkpoint.meta(at: last))
        let layout = try task.checkpointModules(for: legacy)
        #expect(layout.map(\.0) == ["model"])
        try Checkpoint.load(from: legacy, modules: layout, optimizers: [])
        let evaluation = try Experiment.evaluate(legacy, split: nil, context: .silent)
        #expect(!evaluation.metrics.isEmpty)
    }

    @Test func untrainedBaselinesRunWithZeroStepsAndAreEvaluated() throws {
        let scratch = try Scratch()
        let config = try config(scratch)
        let outcomes = try Experiment.run(file: config, overrides: ["run.name=b", "model.name=raw_pixels", "train.steps=0",
                                                                    "train.epochs=0"], context: .silent)
        #expect(outcomes.map(\.status) == [.completed])
        let history = try MetricsHistory(contentsOf: scratch.reports("b") + "/metrics.jsonl")
        #expect(history.series("test/recall@1").count == 1)
        #expect(throws: ExperimentError.self) {
            _ = try Experiment.run(file: config, overrides: ["run.name=c", "model.name=colour_histogram"], context: .silent)
        }
    }
}

/// The built-in catalog: rendered on first use with the config's options; a folder rendered
/// with other options is read as it is, with a note.
@Suite struct EmbeddingCatalogDataTests {
    func settings(_ scratch: Scratch, trainPhotos: Int) throws -> EmbeddingDataSettings {
        let text = """
            task: embedding
            data:
              source: catalog
              manifest: \(scratch.root)/catalog/manifest.csv
              image_size: 16
              catalog_products: 20
              images_per_product: 2
              train_images_per_product: \(trainPhotos)
              competitors: 0
            """
        let path = scratch.root + "/catalog.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try EmbeddingDataSettings(try Experiment.loadConfig(path, overrides: []))
    }

    @Test func rendersOnFirstUseWithMorePhotosPerTrainingProduct() throws {
        let scratch = try Scratch()
        var said: [String] = []
        func load(trainPhotos: Int) throws -> EmbeddingData {
            try EmbeddingData(try settings(scratch, trainPhotos: trainPhotos)) { if case let .message(text) = $0 { said.append(text) } }
        }
        let data = try load(trainPhotos: 4)
        #expect(said.count == 2 && said[0].hasPrefix("generating the catalog: ") && said[0].hasSuffix(" px into \(scratch.root)/catalog"),
                "\(said)")
        // 60 / 20 / 20 of 20 products: 12 train products with 4 photos, held-out ones with 2.
        #expect(data.trainClassCount == 12)
        #expect(data.train.labels.count == 48)
        #expect(data.evaluation.map(\.name) == ["test", "val"])
        #expect(data.evaluation.allSatisfy { $0.images.labels.count == 8 })
        // Loading again reuses the folder, saying nothing.
        said = []
        #expect(try load(trainPhotos: 4).train.labels.count == 48)
        #expect(said.isEmpty, "\(said)")
        // Other generation options: the folder is read as it is, with a note saying so.
        #expect(try settings(scratch, trainPhotos: 4).catalog.renderedOptionsNote == nil)
        let note = try #require(try settings(scratch, trainPhotos: 3).catalog.renderedOptionsNote)
        #expect(note.contains("train_images_per_product=4") && note.contains("train_images_per_product=3"))
        #expect(note.contains("data.manifest"))
        #expect(try load(trainPhotos: 3).train.labels.count == 48)
        #expect(said == [note])
    }
}
