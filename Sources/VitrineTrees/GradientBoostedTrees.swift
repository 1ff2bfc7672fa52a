import VitrineEngine

/// A trained gradient-boosted tree model: a base score plus the sum of its trees' leaf
/// values gives a raw score, and the objective's link turns that into a prediction.
///
/// Train with ``fit(features:target:weights:validation:parameters:progress:)``, predict with
/// ``predict(_:)``, save with ``save(to:)`` and reload with ``load(from:)``.
public struct GradientBoostedTrees: Codable, Equatable, Sendable {
    /// The loss the model was trained on; it fixes the link used at prediction.
    public let objective: BoostingObjective
    /// The raw score before any tree: the optimal constant for the training target.
    public let baseScore: Double
    /// Bin edges learnt from the training features (trees store both bins and values).
    public let bins: FeatureBins
    /// The trees, in the order they were grown (the best iteration's, after early stopping).
    public let trees: [RegressionTree]
    /// The hyperparameters it was trained with.
    public let parameters: BoostingParameters
    /// Loss per tree during training.
    public let history: TrainingHistory

    /// Number of features a prediction's input must have.
    public var featureCount: Int { bins.features }

    /// Raw scores (before the link) of every row of `features`. Rows are split across the
    /// cores; each row adds its trees' values in tree order, so results never depend on timing.
    public func predictRaw(_ features: FeatureMatrix) throws -> [Double] {
        guard features.features == featureCount else {
            throw TreesError.shapeMismatch(
                "feature matrix", "the model was trained on \(featureCount) features, got \(features.features)")
        }
        var raw = [Double](repeating: baseScore, count: features.rows)
        let packed = PackedTrees(trees)
        features.values.withUnsafeBufferPointer { values in
            raw.withUnsafeMutableBufferPointer { out in
                packed.add(values: values, rows: features.rows, into: out)
            }
        }
        return raw
    }

    /// Predictions for every row of `features`: the raw score through the objective's link
    /// (`exp` for Poisson and Tweedie). NaN features are missing values.
    public func predict(_ features: FeatureMatrix) throws -> [Float] {
        try predictRaw(features).map { Float(objective.response(raw: $0)) }
    }

    /// Total split gain and number of splits per feature over all trees.
    public var featureImportance: FeatureImportance {
        var importance = FeatureImportance(gain: [Double](repeating: 0, count: featureCount),
                                           splits: [Int](repeating: 0, count: featureCount))
        for tree in trees {
            for node in 0..<tree.nodes where tree.feature[node] >= 0 {
                let feature = Int(tree.feature[node])
                importance.gain[feature] += tree.gain[node]
                importance.splits[feature] += 1
            }
        }
        return importance
    }
}

/// How much each feature contributed to a model's splits.
public struct FeatureImportance: Equatable, Sendable {
    /// Sum of the split gains G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) of the feature's splits.
    public var gain: [Double]
    /// Number of splits on the feature.
    public var splits: [Int]
}

/// Per-tree losses of a training run (the objective's loss, weighted mean over rows).
public struct TrainingHistory: Codable, Equatable, Sendable {
    /// Training loss after each tree (index 0: after the first tree).
    public var trainingLoss: [Double]
    /// Validation loss after each tree; empty without a validation set.
    public var validationLoss: [Double]
    /// Number of trees kept: the one with the lowest validation loss, or all without one.
    public var bestIteration: Int
    /// Training loss of the base score alone, before any tree.
    public var initialTrainingLoss: Double
    /// Validation loss of the base score alone; nil without a validation set.
    public var initialValidationLoss: Double?
}
