import VitrineForecast
import VitrineConfig
import VitrineTrees

/// A demand experiment's `trees.*`, decoded once: how gradient-boosted trees are grown.
struct TreeSettings: Equatable, Sendable {
    var maxIterations: Int
    var learningRate: Double
    var maxLeafNodes: Int
    var minSamplesLeaf: Int
    var l2Regularization: Double
    var maxBins: Int
    var rowSubsample: Double
    var featureSubsample: Double
    /// Stop when validation loss has not improved for this many trees.
    var patience: Int
    /// The Tweedie variance power of a revenue target.
    var tweediePower: Double

    /// Decodes `trees.*` of a validated demand config.
    init(_ config: ResolvedConfig) throws {
        maxIterations = config.int("trees.max_iterations")
        learningRate = config.double("trees.learning_rate")
        maxLeafNodes = config.int("trees.max_leaf_nodes")
        minSamplesLeaf = config.int("trees.min_samples_leaf")
        l2Regularization = config.double("trees.l2_regularization")
        maxBins = config.int("trees.max_bins")
        rowSubsample = config.double("trees.row_subsample")
        featureSubsample = config.double("trees.feature_subsample")
        patience = config.int("trees.patience")
        tweediePower = config.double("trees.tweedie_power")
    }

    /// The boosting parameters for `target`, the trees' random draws seeded by `seed`.
    func parameters(target: DemandTarget, seed: UInt64) -> BoostingParameters {
        BoostingParameters(
            objective: target.treeObjective(tweediePower: tweediePower),
            maxIterations: maxIterations, learningRate: learningRate, maxLeafNodes: maxLeafNodes,
            minSamplesLeaf: minSamplesLeaf, l2Regularization: l2Regularization, maxBins: maxBins,
            rowSubsample: rowSubsample, featureSubsample: featureSubsample, earlyStoppingPatience: patience, seed: seed)
    }
}
