import Foundation
import VitrineData
import VitrineEngine
import VitrineGenerative
import VitrineImaging
import VitrineNN

/// DCGAN training (Radford, Metz & Chintala 2015), step for step as pytorch/examples
/// `dcgan/main.py`: the task zeroes, steps and freezes each network by name; the runner
/// supplies the loop, the checkpoints (both networks, both optimizers, the noise stream) and
/// the logs. Non-saturating loss through `BCEWithLogitsLoss` on D's logits. Conditional on
/// the image's class (`model.conditional`): class embeddings concatenated to the noise in G
/// and a projection discriminator (Miyato & Koyama 2018), which conditions D through an inner
/// product with its features rather than an extra input channel — the stronger default.
public final class GANTask: TrainingTask {
    public let pair: GANPair
    let data: GANData
    private let random: Generator
    private let step: GANStep
    private let realBatch = Tensor(zeros: [0])
    private let noise = Tensor(zeros: [0])
    /// Evaluation's fixed noise and labels: the same every evaluation, so grids compare across
    /// steps; drawn from their own stream so evaluating never moves the training noise.
    private let fixedNoise: Tensor
    private let fixedLabels: [[Int]]
    /// The grid's conditions, a row each (conditional models).
    private let gridConditions: [[Int]]
    private let gridColumns: Int
    /// The generator optimizer's steps, read when naming an evaluation's grid.
    private weak var optimizers: TrainingOptimizers?
    private var grids: [(step: Int, png: Data)] = []

    public var model: Module { pair.generator }
    public var modules: [(String, Module)] { pair.modules }
    public var optimizerSpecs: [OptimizerSpec] {
        [OptimizerSpec("discriminator", modules: ["discriminator"]), OptimizerSpec("generator", modules: ["generator"])]
    }
    public var updatesItself: Bool { true }
    /// The shapes and class names, so `vitrine generate` builds the generator from the
    /// checkpoint alone (``GANCheckpoint``).
    public var checkpointDocuments: [String: String] { [GANCheckpoint.document: (try? GANCheckpoint.encode(pair.shape)) ?? ""] }
    public var trainCount: Int { data.train.count }
    public let evaluationSplits = ["test"]
    public var metricNames: [String] {
        (["d_real", "d_fake", "loss_d", "loss_g"] + (quality?.metricNames ?? [])).map { "test/" + $0 }
    }
    /// Image-quality metrics on a domain classifier's features (`eval.feature_checkpoint`).
    private let quality: GANQuality?
    private let qualityNoise: Tensor
    private let qualityLabels: [[Int]]

    init(_ setup: TaskSetup) throws {
        let settings = try GANSettings(setup.config)
        let seed = setup.experiment.train.seed
        data = try GANData(settings.data, seed: seed, log: setup.log)
        guard [32, 64].contains(data.imageSize) else {
            throw ExperimentError("\(settings.data.imageSizeOrigin): data.image_size: DCGAN's shapes are 32 or 64 px, got \(data.imageSize)")
        }
        let shape = GANPair.Shape(imageSize: data.imageSize, channels: data.channels, latent: settings.latent,
                                  generatorWidth: settings.generatorWidth, discriminatorWidth: settings.discriminatorWidth,
                                  attributes: settings.conditional ? data.attributes : [])
        pair = try GANPair(shape, generator: setup.generator)
        step = GANStep(pair, diversity: settings.diversityWeight > 0
            ? (Float(settings.diversityWeight), try DiversitySensitiveLoss(bound: Float(settings.diversityBound))) : nil)
        random = setup.generator
        let evaluation = Generator(seed: SeedMixer.mix(seed, 0x6A4))
        // Conditional: one row per condition, `columns` samples each; else `eval.samples` in rows of 8.
        let columns = 8
        gridColumns = columns
        gridConditions = shape.conditional ? try Self.gridConditions(settings, data: data) : []
        fixedLabels = shape.conditional ? gridConditions.flatMap { Array(repeating: $0, count: columns) }
            : Array(repeating: [], count: settings.gridSamples)
        let count = fixedLabels.count
        fixedNoise = Tensor(zeros: [count, shape.latent])
        evaluation.fillNormal(fixedNoise)
        quality = settings.featureCheckpoint.isEmpty ? nil
            : try GANQuality(checkpoint: settings.featureCheckpoint, data: data, conditional: shape.conditional,
                             seed: SeedMixer.mix(seed, 0xF1D))
        let sampleCount = quality?.sampleCount ?? 0
        qualityNoise = Tensor(zeros: [sampleCount, shape.latent])
        evaluation.fillNormal(qualityNoise)
        // The held-out images' conditions: as many of each as they have.
        let heldOut = data.test.attributes
        qualityLabels = (0..<sampleCount).map { shape.conditional ? heldOut[$0] : [] }
    }

    public func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double] {
        throw ExperimentError("a GAN steps its own optimizers: trainStep(_:optimizers:)")
    }

    public func trainStep(_ indices: ArraySlice<Int>, optimizers: TrainingOptimizers) throws -> [String: Double] {
        self.optimizers = optimizers
        let n = indices.count
        data.train.gather(indices, into: realBatch)
        let realLabels = indices.map { data.train.attributes[$0] }
        // Conditions for G drawn as the training images have them: attributes are not
        // independent (no stone means no stone count), and G should learn the combinations
        // that exist, as often as they exist. With the diversity term, the second half asks
        // for the first half's conditions again (an even count: one more image when n is odd).
        let condition = { (i: Int) in self.pair.shape.conditional ? self.data.train.attributes[self.random.int(below: self.trainCount)] : realLabels[i] }
        func drawNoise(_ count: Int) {
            noise.resize([count, pair.shape.latent])
            random.fillNormal(noise)
        }
        // The draws keep their order (noise, then conditions, without the term), so runs
        // without it are as before.
        let fakeLabels: [[Int]]
        if step.diversity != nil {
            let first = (0..<(n + 1) / 2).map(condition)
            fakeLabels = first + first
            drawNoise(fakeLabels.count)
        } else {
            drawNoise(n)
            fakeLabels = (0..<n).map(condition)
        }
        var metrics = try step.run(real: realBatch, realLabels: realLabels, noise: noise, fakeLabels: fakeLabels,
                                   zeroGrad: optimizers.zeroGrad, step: optimizers.step)
        metrics["loss"] = metrics["loss_d"]! + metrics["loss_g"]!
        return metrics
    }

    /// On held-out images: D's mean probability for them (`d_real`) and for G's images from the
    /// fixed noise (`d_fake`), and both losses there; the fixed noise's sample grid for the report.
    public func evaluate(split: String) throws -> [String: Double] {
        guard split == "test" else { throw ExperimentError("a GAN evaluates on test, not '\(split)'") }
        pair.generator.eval()
        pair.discriminator.eval()
        defer { pair.generator.train(); pair.discriminator.train() }
        var realSum = 0.0, lossReal = 0.0
        let batch = Tensor(zeros: [0])
        let count = data.test.count
        for start in stride(from: 0, to: count, by: 256) {
            let indices = Array(start..<min(start + 256, count))
            data.test.gather(indices[...], into: batch)
            let logits = try pair.discriminate(batch, labels: indices.map { data.test.attributes[$0] })
            realSum += GANStep.meanProbability(logits) * Double(indices.count)
            lossReal += Double(try step.loss(logits, real: true)) * Double(indices.count)
        }
        let fake = try pair.generate(fixedNoise, labels: fixedLabels)
        let samples = fake.copy()
        let logits = try pair.discriminate(samples, labels: fixedLabels)
        let dFake = GANStep.meanProbability(logits)
        let lossFake = Double(try step.loss(logits, real: false))
        let lossG = Double(try step.loss(logits, real: true))
        let captions = pair.shape.conditional
            ? fixedLabels.enumerated().map { $0.offset % gridColumns == 0 ? GANCheckpoint.caption($0.element, in: pair.shape) : "" } : []
        let sheet = try SampleGrid.render(samples, columns: gridColumns, captions: captions)
        grids.append((optimizers?["generator"].stepCount ?? 0, try PNG.encode(sheet)))
        var metrics = ["d_real": realSum / Double(max(count, 1)), "d_fake": dFake,
                       "loss_d": lossReal / Double(max(count, 1)) + lossFake, "loss_g": lossG]
        if let quality {
            let side = pair.shape.imageSize, plane = pair.shape.channels * side * side
            let generated = Tensor(zeros: [qualityLabels.count, pair.shape.channels, side, side])
            for start in stride(from: 0, to: qualityLabels.count, by: 256) {
                let rows = start..<min(start + 256, qualityLabels.count)
                let z = Tensor(zeros: [rows.count, pair.shape.latent])
                z.data.update(from: qualityNoise.data + start * pair.shape.latent, count: rows.count * pair.shape.latent)
                let images = try pair.generate(z, labels: Array(qualityLabels[rows]))
                (generated.data + start * plane).update(from: images.data, count: rows.count * plane)
            }
            metrics.merge(try quality.metrics(generated, conditions: qualityLabels)) { $1 }
        }
        return metrics
    }

    /// The latest grids (fixed noise: the same noise at every step shown).
    public func reportFigures() throws -> [ReportFigure] {
        grids.suffix(6).map { grid in
            ReportFigure(title: "Samples at step \(grid.step)", file: "samples-step-\(grid.step).png",
                         caption: pair.shape.conditional ? "one row per condition (listed below), the same noise at every evaluation"
                             : "the same noise at every evaluation", png: grid.png)
        }
    }

    /// The grid's rows: `eval.grid`'s conditions, else every value of a single attribute, else
    /// the 8 commonest combinations among the training images.
    static func gridConditions(_ settings: GANSettings, data: GANData) throws -> [[Int]] {
        if !settings.grid.isEmpty {
            return try settings.grid.map { request in
                do { return try AttributeVocabulary.indices(request, in: data.attributes) } catch let error as AttributeError {
                    throw ExperimentError("\(settings.gridOrigin): eval.grid: \(error)")
                }
            }
        }
        if data.attributes.count == 1 { return data.attributes[0].values.indices.map { [$0] } }
        var counts: [[Int]: Int] = [:], order: [[Int]] = []
        for condition in data.train.attributes {
            if counts[condition] == nil { order.append(condition) }
            counts[condition, default: 0] += 1
        }
        return Array(order.enumerated().sorted { (counts[$0.element]!, -$0.offset) > (counts[$1.element]!, -$1.offset) }
            .prefix(8).map(\.element))
    }

    /// A warning when D has won outright: it rated the fixed samples as fake (D(G(z)) < 0.02)
    /// at three evaluations running, so G's gradient has all but vanished.
    public func reportTables(history: MetricsHistory) -> [ReportTable] {
        var tables: [ReportTable] = []
        if pair.shape.conditional {
            tables.append(ReportTable(title: "Sample grid rows", header: ["row"] + pair.shape.attributes.map(\.name),
                                      rows: gridConditions.enumerated().map { row, condition in
                                          ["\(row + 1)"] + zip(pair.shape.attributes, condition).map { $0.values[$1] }
                                      }))
        }
        tables += quality?.reportTables(history: history) ?? []
        let wins = Self.discriminatorWins(history)
        guard wins >= Self.winsBeforeWarning else { return tables }
        return tables + [ReportTable(title: "Warning: the discriminator wins outright",
                                     header: ["evaluations in a row", "D(G(z)) at the last", "what to try"],
                                     rows: [["\(wins)", String(format: "%.4f", history.final("test/d_fake") ?? .nan),
                                             "lower optimizers.discriminator.lr, or widen the generator (model.generator_width)"]])]
    }

    /// The discriminator has won outright: the log and events say so after each evaluation
    /// (the report shows it as a table).
    public func warnings(history: MetricsHistory) -> [String] {
        let wins = Self.discriminatorWins(history)
        guard wins >= Self.winsBeforeWarning else { return [] }
        return ["the discriminator wins outright: D(G(z)) below 0.02 at the last \(wins) evaluations; the generator's "
            + "gradient has all but vanished (lower optimizers.discriminator.lr, or widen the generator)"]
    }

    public var lossNetworks: [String: String] { ["loss_d": "discriminator", "loss_g": "generator"] }

    static let winsBeforeWarning = 3

    /// The evaluations, counted back from the last, in which D rated the fixed samples as fake
    /// (D(G(z)) < 0.02): read from the metrics history, so a resumed run counts the ones
    /// before its restart.
    static func discriminatorWins(_ history: MetricsHistory) -> Int {
        history.series("test/d_fake").reversed().prefix { $0.1 < 0.02 }.count
    }
}
