import VitrineRetail

/// A fitted model of one target: one prediction per row of a feature table, on the target's
/// own scale (units, dollars of revenue, dollars of profit).
public protocol DemandPredictor: AnyObject {
    var target: DemandTarget { get }
    func predict(_ table: FeatureTable) throws -> [Float]
}
