import VitrineCheckpoint
import VitrineEngine
import VitrineNN

/// What the ``Trainer`` needs from a task (classification, embedding, ...): a model, a
/// training set it can address by index, one training step, and evaluation.
public protocol TrainingTask: AnyObject {
    /// The model being trained; its state is what checkpoints hold.
    var model: Module { get }
    /// Training examples, addressed as `0..<trainCount`.
    var trainCount: Int { get }
    /// The splits ``evaluate(split:)`` accepts; the first is evaluated during training.
    var evaluationSplits: [String] { get }
    /// Forward and backward on the examples at `indices` (gradients accumulate into the
    /// model's parameters); returns metrics of the batch, at least `loss`. The runner zeroes
    /// the gradients before and steps the task's only optimizer after.
    func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double]
    /// The networks the task trains, by name: each is a checkpoint group `/<name>` loading
    /// as a PyTorch state dict. Default: the one model, named `model`.
    var modules: [(String, Module)] { get }
    /// The module groups a checkpoint is written with (the first layout) and may be read with
    /// (the first layout whose groups a file has all of): a task whose layout changed lists the
    /// older ones after its current one, so its older checkpoints still resume and evaluate.
    /// Default: ``modules`` alone.
    var checkpointLayouts: [[(String, Module)]] { get }
    /// The optimizers, each over named modules. Default: one optimizer `model` over the model,
    /// configured by `optimizer.*` and `schedule.*`; with several, each is configured by
    /// `optimizers.<name>.*`.
    var optimizerSpecs: [OptimizerSpec] { get }
    /// Whether the task runs its own updates in ``trainStep(_:optimizers:)`` (a GAN zeroes,
    /// steps and freezes each network by name) instead of the runner's zero-grad → step.
    var updatesItself: Bool { get }
    /// Documents saved in every checkpoint under `/documents/<name>`: what a model needs to be
    /// used without the experiment's config (a GAN's shapes and class names). Default: none.
    var checkpointDocuments: [String: String] { get }
    /// A training step that runs its own updates through `optimizers` (when ``updatesItself``).
    func trainStep(_ indices: ArraySlice<Int>, optimizers: TrainingOptimizers) throws -> [String: Double]
    /// Metrics on a whole split, in evaluation mode.
    func evaluate(split: String) throws -> [String: Double]
    /// Every metric an evaluation can report, as `<split>/<name>` (what `metrics.best` may
    /// name): checked at the start of a run, so a misspelt `metrics.best` is refused before
    /// hours of training that would never write best.h5.
    var metricNames: [String] { get }
    /// The batches of `epoch` as lists of example indices: a pure function of the seed and
    /// the epoch, so a resumed run needs only the position in the list. The first epoch's
    /// batch count sets the run's steps per epoch (P×K plans may vary a little). The default shuffles `0..<trainCount` and cuts it into
    /// batches of `batchSize`; metric-learning tasks plan P×K batches instead.
    func batches(epoch: Int, batchSize: Int, seed: UInt64) -> [[Int]]
    /// Whether the model is a fixed baseline with nothing to learn (raw pixels, a colour
    /// histogram), which is evaluated, not trained. Default: the model has no parameters.
    var isFixedBaseline: Bool { get }
    /// Learning-rate multipliers by parameter path, for parameters that should move faster or
    /// slower than the rest (a PyTorch parameter group with its own `lr`); default: none.
    var learningRateScales: [String: Float] { get }
    /// Task-specific tables for the run report, from the run's metrics (default: none).
    func reportTables(history: MetricsHistory) -> [ReportTable]
    /// What the run's metrics so far say is going wrong (a GAN's discriminator winning
    /// outright), read after every evaluation and written to the log and events (default: none).
    func warnings(history: MetricsHistory) -> [String]
    /// The network each of the training step's losses belongs to (`loss_d`: discriminator), so
    /// a non-finite loss names it (default: none).
    var lossNetworks: [String: String] { get }
    /// Pictures for the run report, made from the latest evaluation (default: none).
    func reportFigures() throws -> [ReportFigure]
}

extension TrainingTask {
    public var modules: [(String, Module)] { [("model", model)] }
    public var optimizerSpecs: [OptimizerSpec] { [OptimizerSpec("model", modules: ["model"])] }
    public var checkpointLayouts: [[(String, Module)]] { [modules] }
    public var updatesItself: Bool { false }
    public var checkpointDocuments: [String: String] { [:] }
    public func trainStep(_ indices: ArraySlice<Int>, optimizers: TrainingOptimizers) throws -> [String: Double] {
        try trainStep(indices)
    }
    public var isFixedBaseline: Bool { model.namedParameters().isEmpty }
    public var learningRateScales: [String: Float] { [:] }
    public func reportTables(history: MetricsHistory) -> [ReportTable] { [] }
    public func warnings(history: MetricsHistory) -> [String] { [] }
    public var lossNetworks: [String: String] { [:] }
    public func reportFigures() throws -> [ReportFigure] { [] }

    public func batches(epoch: Int, batchSize: Int, seed: UInt64) -> [[Int]] {
        var indices = Array(0..<trainCount)
        Generator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch) &+ 1).shuffle(&indices)
        return stride(from: 0, to: indices.count, by: max(batchSize, 1)).map {
            Array(indices[$0..<min($0 + batchSize, indices.count)])
        }
    }
}

/// Builds the task a config names (see ``TaskRegistry``).
public enum TaskFactory {
    public static func make(_ setup: TaskSetup) throws -> any TrainingTask {
        guard let definition = TaskRegistry.definition(setup.experiment.task) else {
            throw ExperimentError("task '\(setup.experiment.task)' is not available")
        }
        return try definition.make(setup)
    }
}

/// A failure of an experiment that is not a config error: missing data, a diverged loss, a
/// run that cannot be resumed. The message says what to do next.
public struct ExperimentError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension TrainingTask {
    /// The layout of ``checkpointLayouts`` that `file` was written with: the first whose groups
    /// it has all of, else the current one (whose load then names what is missing).
    func checkpointModules(for file: String) throws -> [(String, Module)] {
        let groups = try Checkpoint.moduleGroups(at: file)
        return checkpointLayouts.first { layout in layout.allSatisfy { groups.contains($0.0) } } ?? checkpointLayouts[0]
    }
}
