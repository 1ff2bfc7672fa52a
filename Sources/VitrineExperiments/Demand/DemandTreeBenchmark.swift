import Foundation
import VitrineRetail
import VitrineTrees

/// Tree-model training time on a demand feature table: Poisson trees on units over every
/// launched product-day, a fixed number of trees (no early stopping, so runs compare), recorded
/// under "trees" in `reports/bench/demand.json`.
public enum DemandTreeBenchmark {
    /// Fits `trees` trees on `table`, records the figures at `path`, and returns a summary line.
    public static func run(table: FeatureTable, trees: Int = 100, path: String = "reports/bench/demand.json") throws -> String {
        let inputs = table.featureColumns
        let launched = try table.column("launched"), quantity = try table.column("quantity")
        let rows = (0..<table.rowCount).filter { launched[launched.startIndex + $0] > 0 }
        var values = [Float](repeating: 0, count: rows.count * inputs.count)
        for (j, column) in inputs.enumerated() {
            let source = try table.column(column.name), base = source.startIndex
            for (i, row) in rows.enumerated() { values[j * rows.count + i] = source[base + row] }
        }
        let features = try FeatureMatrix(rows: rows.count, features: inputs.count, columnMajor: values)
        let target = rows.map { quantity[quantity.startIndex + $0] }
        let parameters = BoostingParameters(objective: .poisson, maxIterations: trees, learningRate: 0.1, maxLeafNodes: 31,
                                            minSamplesLeaf: 100, l2Regularization: 1)
        let started = Date(), startedCPU = SimulatorBenchmark.processCPUSeconds()
        let model = try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
        let seconds = Date().timeIntervalSince(started), cpu = SimulatorBenchmark.processCPUSeconds() - startedCPU
        func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        try SimulatorBenchmark.store([
            "products": table.products.count, "rows": rows.count, "features": inputs.count, "trees": model.trees.count,
            "objective": "\(model.objective)", "max_leaf_nodes": 31, "seconds": rounded(seconds), "cpu_seconds": rounded(cpu),
            "seconds_per_tree": rounded(seconds / Double(max(model.trees.count, 1))),
            "workers": ProcessInfo.processInfo.activeProcessorCount,
        ], under: "trees", in: path)
        return String(format: "trees: %d Poisson trees on %d rows × %d features in %.1f s (%.1f CPU s)",
                      model.trees.count, rows.count, inputs.count, seconds, cpu)
    }
}
