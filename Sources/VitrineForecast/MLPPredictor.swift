import Foundation
import VitrineRetail

/// The neural demand model in evaluation mode: exp of its output for log-link targets.
public final class MLPPredictor: DemandPredictor {
    public let target: DemandTarget
    public let network: DemandMLP

    public init(target: DemandTarget, network: DemandMLP) {
        self.target = target
        self.network = network
    }

    public func predict(_ table: FeatureTable) throws -> [Float] {
        let output = try network.forward(table: table, rows: nil)
        return (0..<table.rowCount).map { target.logLink ? exp(min(output.data[$0], 30)) : output.data[$0] }
    }
}
