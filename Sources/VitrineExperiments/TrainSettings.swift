import VitrineConfig

/// `train.*`, decoded once: how long and how a run trains, evaluates, logs and checkpoints.
/// Every task has it; the SGD trainer and boosted trees read it alike.
public struct TrainSettings: Equatable, Sendable {
    /// Epochs, used when ``steps`` is 0.
    public var epochs: Int
    /// Optimizer steps; 0 means ``epochs`` epochs.
    public var steps: Int
    public var batchSize: Int
    /// The seed of the weights, the data order and dropout (`train.seed`).
    public var seed: UInt64
    /// Run once per seed and report mean ± std; empty means ``seed`` only.
    public var seeds: [Int]
    /// Evaluate every N steps; 0 means at the end of each epoch.
    public var evalEvery: Int
    /// Write last.h5 (and step-N.h5) every N steps; 0 means at the end of each epoch.
    public var checkpointEvery: Int
    /// How many periodic step-N.h5 to keep.
    public var keep: Int
    /// Log training metrics every N steps.
    public var logEvery: Int
    /// The global L2 norm gradients are clipped to; 0 means no clipping.
    public var clipGradNorm: Float
    /// OpenBLAS and kernel threads; 0 means one per core.
    public var threads: Int

    /// Decodes `train.*` of a validated config.
    public init(_ config: ResolvedConfig) throws {
        epochs = config.int("train.epochs")
        steps = config.int("train.steps")
        batchSize = config.int("train.batch_size")
        seed = UInt64(config.int("train.seed"))
        seeds = config.ints("train.seeds")
        evalEvery = config.int("train.eval_every")
        checkpointEvery = config.int("train.checkpoint_every")
        keep = config.int("train.keep")
        logEvery = config.int("train.log_every")
        clipGradNorm = config.float("train.clip_grad_norm")
        threads = config.int("train.threads")
    }
}
