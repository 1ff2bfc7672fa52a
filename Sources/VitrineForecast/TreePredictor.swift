import VitrineRetail
import VitrineTrees

/// Gradient-boosted trees reading named columns of a feature table.
public final class TreePredictor: DemandPredictor {
    public let target: DemandTarget
    public let trees: GradientBoostedTrees
    /// The input columns, in the order the trees read them.
    public let features: [String]

    public init(target: DemandTarget, trees: GradientBoostedTrees, features: [String]) throws {
        guard trees.featureCount == features.count else {
            throw ForecastError("the \(target.rawValue) trees read \(trees.featureCount) features, the model card names \(features.count); the checkpoint is damaged")
        }
        self.target = target
        self.trees = trees
        self.features = features
    }

    public func predict(_ table: FeatureTable) throws -> [Float] {
        try trees.predict(try FeatureMatrix(rows: table.rowCount, features: features.count,
                                            columnMajor: FeatureInputs.columnMajor(table, names: features)))
    }
}
