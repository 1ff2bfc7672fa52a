import VitrineEngine

/// A binned table with its target and the running raw scores of the model being trained:
/// the state boosting updates after every tree, for the training rows and the validation rows.
final class ScoredRows {
    let rows: Int
    let codes: [UInt8]
    let target: [Float]
    let weights: [Float]?
    let objective: BoostingObjective
    private(set) var raw: [Double]

    init(features: FeatureMatrix, target: [Float], weights: [Float]?, bins: FeatureBins,
         baseScore: Double, objective: BoostingObjective) throws {
        rows = features.rows
        codes = try bins.bin(features).codes
        self.target = target
        self.weights = weights
        self.objective = objective
        raw = [Double](repeating: baseScore, count: features.rows)
    }

    /// Per-row gradients and hessians of the loss at the current raw scores, times the weights.
    func gradients(into gradients: inout [Float], hessians: inout [Float]) {
        let objective = objective, target = target, weights = weights
        raw.withUnsafeBufferPointer { raw in
            gradients.withUnsafeMutableBufferPointer { g in
                hessians.withUnsafeMutableBufferPointer { h in
                    let g = g, h = h
                    Parallel.forEachChunk(rows, cost: 16) { range in
                        for row in range {
                            let (gradient, hessian) = objective.gradientAndHessian(target: Double(target[row]), raw: raw[row])
                            let weight = Double(weights?[row] ?? 1)
                            g[row] = Float(gradient * weight)
                            h[row] = Float(hessian * weight)
                        }
                    }
                }
            }
        }
    }

    /// Adds a just-grown tree's leaf values: each leaf's rows straight from the grower's
    /// partition of `rows`, and rows left out of the subsample by walking the tree.
    func add(_ grown: TreeGrower.Result, rows sampled: [Int32]) {
        raw.withUnsafeMutableBufferPointer { raw in
            for (node, range) in grown.leafRows {
                let value = grown.tree.value[node]
                for i in range { raw[Int(sampled[i])] += value }
            }
        }
        if sampled.count == rows { return }
        var inSample = [Bool](repeating: false, count: rows)
        for row in sampled { inSample[Int(row)] = true }
        add(grown.tree, skipping: inSample)
    }

    /// Adds `tree`'s leaf values to every row (except those `skipping` marks).
    func add(_ tree: RegressionTree, skipping: [Bool]? = nil) {
        let packed = PackedTrees([tree])
        codes.withUnsafeBufferPointer { codes in
            raw.withUnsafeMutableBufferPointer { raw in
                packed.add(codes: codes, rows: rows, into: raw, skipping: skipping)
            }
        }
    }

    /// The objective's weighted mean loss at the current raw scores. Partial sums over fixed
    /// blocks of rows, added in block order, make it independent of the worker count.
    func meanLoss() -> Double {
        let objective = objective, target = target, weights = weights, rows = rows
        let block = 8192
        var partials = [Double](repeating: 0, count: (rows + block - 1) / block)
        raw.withUnsafeBufferPointer { raw in
            partials.withUnsafeMutableBufferPointer { out in
                let out = out
                Parallel.forEach(out.count, cost: block * 16) { index in
                    var sum = 0.0
                    for row in (index * block)..<min(rows, (index + 1) * block) {
                        sum += Double(weights?[row] ?? 1) * objective.loss(target: Double(target[row]), raw: raw[row])
                    }
                    out[index] = sum
                }
            }
        }
        let totalWeight = weights.map { w in w.reduce(0.0) { $0 + Double($1) } } ?? Double(rows)
        return totalWeight > 0 ? partials.reduce(0, +) / totalWeight : 0
    }
}
