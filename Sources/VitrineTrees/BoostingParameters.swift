/// Hyperparameters of gradient-boosted tree training, named and defaulted like scikit-learn's
/// `HistGradientBoostingRegressor` (its names in brackets) where it has the same knob.
public struct BoostingParameters: Codable, Equatable, Sendable {
    /// The loss to minimise [`loss`].
    public var objective: BoostingObjective
    /// Most trees to grow [`max_iter`]; fewer when early stopping ends training.
    public var maxIterations: Int
    /// Shrinkage applied to every leaf value [`learning_rate`].
    public var learningRate: Double
    /// Most leaves per tree; trees grow best-first (leaf-wise) up to it [`max_leaf_nodes`].
    public var maxLeafNodes: Int
    /// Deepest a leaf may be (the root has depth 0); nil for no limit [`max_depth`].
    public var maxDepth: Int?
    /// Fewest training rows in a leaf [`min_samples_leaf`].
    public var minSamplesLeaf: Int
    /// Smallest sum of hessians in a leaf (LightGBM's `min_sum_hessian_in_leaf`).
    public var minSumHessian: Double
    /// L2 penalty λ on leaf values: a leaf's value is −G/(H+λ) [`l2_regularization`].
    public var l2Regularization: Double
    /// Smallest gain a split needs, beyond zero (LightGBM's `min_gain_to_split`).
    public var minGainToSplit: Double
    /// Most value bins per feature, at most 255; missing values get a bin of their own [`max_bins`].
    public var maxBins: Int
    /// Rows sampled to find bin edges (all rows when fewer) [`subsample` of the binner].
    public var binSampleSize: Int
    /// Fraction of rows each tree is grown on, drawn anew per tree (LightGBM's `bagging_fraction`).
    public var rowSubsample: Double
    /// Fraction of features each tree may split on, drawn anew per tree (LightGBM's `feature_fraction`).
    public var featureSubsample: Double
    /// Stop when the validation loss has not improved for this many trees, keeping the best
    /// iteration [`n_iter_no_change`]; used only when a validation set is given.
    public var earlyStoppingPatience: Int
    /// Seed of the bin sample and the row and feature subsamples.
    public var seed: UInt64

    /// Parameters with scikit-learn's defaults unless given; ``validate()`` checks them.
    public init(objective: BoostingObjective = .squaredError, maxIterations: Int = 100, learningRate: Double = 0.1,
                maxLeafNodes: Int = 31, maxDepth: Int? = nil, minSamplesLeaf: Int = 20, minSumHessian: Double = 1e-3,
                l2Regularization: Double = 0, minGainToSplit: Double = 0, maxBins: Int = 255,
                binSampleSize: Int = 200_000, rowSubsample: Double = 1, featureSubsample: Double = 1,
                earlyStoppingPatience: Int = 10, seed: UInt64 = 0) {
        self.objective = objective
        self.maxIterations = maxIterations
        self.learningRate = learningRate
        self.maxLeafNodes = maxLeafNodes
        self.maxDepth = maxDepth
        self.minSamplesLeaf = minSamplesLeaf
        self.minSumHessian = minSumHessian
        self.l2Regularization = l2Regularization
        self.minGainToSplit = minGainToSplit
        self.maxBins = maxBins
        self.binSampleSize = binSampleSize
        self.rowSubsample = rowSubsample
        self.featureSubsample = featureSubsample
        self.earlyStoppingPatience = earlyStoppingPatience
        self.seed = seed
    }

    /// Throws on the first hyperparameter outside its valid range.
    public func validate() throws {
        try objective.validate()
        func check(_ ok: Bool, _ name: String, _ value: Any, _ range: String) throws {
            if !ok { throw TreesError.invalidParameter(name, "\(value)", range) }
        }
        try check(maxIterations >= 1, "maxIterations", maxIterations, "≥ 1")
        try check(learningRate > 0 && learningRate.isFinite, "learningRate", learningRate, "a finite number > 0")
        try check(maxLeafNodes >= 2, "maxLeafNodes", maxLeafNodes, "≥ 2")
        try check(maxDepth.map { $0 >= 1 } ?? true, "maxDepth", maxDepth.map(String.init) ?? "nil", "≥ 1, or nil for no limit")
        try check(minSamplesLeaf >= 1, "minSamplesLeaf", minSamplesLeaf, "≥ 1")
        try check(minSumHessian >= 0 && minSumHessian.isFinite, "minSumHessian", minSumHessian, "a finite number ≥ 0")
        try check(l2Regularization >= 0 && l2Regularization.isFinite, "l2Regularization", l2Regularization,
                  "a finite number ≥ 0")
        try check(minGainToSplit >= 0 && minGainToSplit.isFinite, "minGainToSplit", minGainToSplit, "a finite number ≥ 0")
        try check(maxBins >= 2 && maxBins <= 255, "maxBins", maxBins, "2 … 255")
        try check(binSampleSize >= 1, "binSampleSize", binSampleSize, "≥ 1")
        try check(rowSubsample > 0 && rowSubsample <= 1, "rowSubsample", rowSubsample, "in (0, 1]")
        try check(featureSubsample > 0 && featureSubsample <= 1, "featureSubsample", featureSubsample, "in (0, 1]")
        try check(earlyStoppingPatience >= 1, "earlyStoppingPatience", earlyStoppingPatience, "≥ 1")
    }
}
