import Foundation
import VitrineEngine

/// Training and prediction speed of the tree model on a synthetic retail-like table with a
/// Poisson target. For the benchmark executable; tests never time anything.
public enum TreesBenchmark {
    /// A synthetic table: `features` columns (a third uniform, a third normal with 5 %
    /// missing, a third small integers like category codes and flags) and a Poisson count
    /// whose log-mean mixes a few of them non-linearly. Columns and target draws come from
    /// generators seeded per column and per block of rows, so the table depends only on `seed`.
    public static func syntheticPoissonTable(rows: Int, features: Int, seed: UInt64) throws -> (FeatureMatrix, [Float]) {
        var values = [Float](repeating: 0, count: rows * features)
        values.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEach(features, cost: rows * 4) { feature in
                let generator = Generator(seed: GradientBoostedTrees.derivedSeed(seed, stream: 10, index: feature))
                let base = feature * rows
                for row in 0..<rows {
                    switch feature % 3 {
                    case 0:
                        out[base + row] = Float(generator.uniform())
                    case 1:
                        let value = Float(generator.normal())
                        out[base + row] = generator.uniform() < 0.05 ? .nan : value
                    default:
                        out[base + row] = Float(generator.int(below: 2 + feature % 11))
                    }
                }
            }
        }
        let matrix = try FeatureMatrix(rows: rows, features: features, columnMajor: values)
        var target = [Float](repeating: 0, count: rows)
        let block = 1 << 16
        let blocks = (rows + block - 1) / block
        target.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEach(blocks, cost: block * 16) { index in
                let generator = Generator(seed: GradientBoostedTrees.derivedSeed(seed, stream: 11, index: index))
                for row in (index * block)..<min(rows, (index + 1) * block) {
                    func x(_ feature: Int) -> Double {
                        let value = Double(matrix[row, feature % features])
                        return value.isNaN ? 0 : value
                    }
                    let logMean = -0.3 + 0.8 * sin(6 * x(0)) + 0.4 * x(1) * x(3) + 0.15 * x(2) - 0.5 * x(4) * x(4)
                        + 0.3 * (x(5) > 1 ? 1 : 0)
                    out[row] = Float(poisson(mean: exp(min(logMean, 3)), generator))
                }
            }
        }
        return (matrix, target)
    }

    /// A Poisson draw by Knuth's product of uniforms (fine for the small means used here).
    static func poisson(mean: Double, _ generator: Generator) -> Int {
        let limit = exp(-mean)
        var count = 0
        var product = generator.uniform()
        while product > limit {
            count += 1
            product *= generator.uniform()
        }
        return count
    }

    /// Trains on the synthetic table (1,000,000 × 60 and 20 trees; 100,000 × 60 and 3 trees
    /// when `quick`), tells `log` the figures and writes them to `reports/bench/trees.json`.
    public static func run(quick: Bool = false, log: (String) -> Void = { print($0) }) throws {
        let rows = quick ? 100_000 : 1_000_000, featureCount = 60, treeCount = quick ? 3 : 20
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
        // Processor time of the whole process (all threads): on a shared machine the wall
        // clock also counts time other jobs held the cores, this does not.
        func cpu() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
        }

        var start = now()
        let (matrix, target) = try syntheticPoissonTable(rows: rows, features: featureCount, seed: 2026)
        let generateSeconds = now() - start
        log("table: \(rows) rows × \(featureCount) features, Poisson target (mean \(String(format: "%.3f", target.reduce(0, +) / Float(rows)))), generated in \(String(format: "%.2f", generateSeconds)) s, \(Parallel.workers) workers")

        let parameters = BoostingParameters(objective: .poisson, maxIterations: treeCount, learningRate: 0.1,
                                            maxLeafNodes: 31, minSamplesLeaf: 20, maxBins: 255, seed: 1)
        start = now()
        let bins = FeatureBins(fitting: matrix, maxBins: parameters.maxBins, sampleSize: parameters.binSampleSize, seed: 1)
        let edgeSeconds = now() - start
        _ = try bins.bin(matrix)
        let binningSeconds = now() - start

        var treeEnds = [Double](), treeCPUEnds = [Double]()
        start = now()
        let model = try GradientBoostedTrees.fit(features: matrix, target: target, parameters: parameters) { _ in
            treeEnds.append(now())
            treeCPUEnds.append(cpu())
        }
        let fitSeconds = now() - start
        // The first tree's interval also holds binning; the later ones are trees alone.
        let laterTrees = zip(treeEnds.dropFirst(), treeEnds).map { $0 - $1 }
        let secondsPerTree = laterTrees.isEmpty ? fitSeconds : laterTrees.reduce(0, +) / Double(laterTrees.count)
        let rowsPerSecond = Double(rows) / secondsPerTree
        let laterTreesCPU = zip(treeCPUEnds.dropFirst(), treeCPUEnds).map { $0 - $1 }
        let cpuSecondsPerTree = laterTreesCPU.isEmpty ? 0 : laterTreesCPU.reduce(0, +) / Double(laterTreesCPU.count)

        var predictSeconds = Double.infinity
        for _ in 0..<3 {
            start = now()
            _ = try model.predict(matrix)
            predictSeconds = min(predictSeconds, now() - start)
        }

        let initialLoss = model.history.initialTrainingLoss, finalLoss = model.history.trainingLoss.last ?? initialLoss
        log(String(format: "binning: %.2f s (edges from %d sampled rows %.2f s, then %d × %d codes %.2f s)",
                   binningSeconds, min(rows, parameters.binSampleSize), edgeSeconds, rows, featureCount,
                   binningSeconds - edgeSeconds))
        log(String(format: "fit: %d trees of ≤ %d leaves in %.2f s; %.3f s per tree, %.0f rows/s per tree (%.2f M row-trees/s)",
                   model.trees.count, parameters.maxLeafNodes, fitSeconds, secondsPerTree, rowsPerSecond, rowsPerSecond / 1e6))
        log(String(format: "processor time per tree: %.3f s over all threads (wall ≈ this / %d on idle cores)",
                   cpuSecondsPerTree, Parallel.workers))
        log(String(format: "training loss: %.4f (base score) → %.4f", initialLoss, finalLoss))
        log(String(format: "predict (best of 3): %d rows × %d trees in %.3f s, %.0f rows/s",
                   rows, model.trees.count, predictSeconds, Double(rows) / predictSeconds))

        let report: [String: Any] = [
            "rows": rows, "features": featureCount, "trees": model.trees.count, "max_leaf_nodes": parameters.maxLeafNodes,
            "objective": "\(parameters.objective)", "workers": Parallel.workers, "quick": quick,
            "generate_seconds": generateSeconds, "binning_seconds": binningSeconds, "bin_edges_seconds": edgeSeconds, "fit_seconds": fitSeconds,
            "seconds_per_tree": secondsPerTree, "cpu_seconds_per_tree": cpuSecondsPerTree, "rows_per_second_per_tree": rowsPerSecond,
            "predict_seconds": predictSeconds, "predict_rows_per_second": Double(rows) / predictSeconds,
            "initial_training_loss": initialLoss, "final_training_loss": finalLoss,
        ]
        let directory = URL(fileURLWithPath: "reports/bench", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("trees.json")
        try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys]).write(to: file)
        log("wrote \(file.path)")
    }
}
