import VitrineEngine

/// Rows held out to stop training when they stop improving.
public struct ValidationSet: Sendable {
    /// Validation features, with the training features' columns in the same order.
    public var features: FeatureMatrix
    /// Validation target, one value per row.
    public var target: [Float]
    /// Optional per-row weights of the validation loss.
    public var weights: [Float]?

    /// A validation set; lengths are checked when training starts.
    public init(features: FeatureMatrix, target: [Float], weights: [Float]? = nil) {
        self.features = features
        self.target = target
        self.weights = weights
    }
}

/// Where training is, passed to the progress callback after every tree.
public struct TrainingProgress: Sendable {
    /// Trees grown so far.
    public var iteration: Int
    /// Training loss after the newest tree.
    public var trainingLoss: Double
    /// Validation loss after the newest tree; nil without a validation set.
    public var validationLoss: Double?
    /// Leaves of the tree just grown.
    public var leaves: Int
}

extension GradientBoostedTrees {
    /// Trains a model on `features` (rows × features, NaN = missing) and `target`, with
    /// optional per-row `weights`.
    ///
    /// Each iteration computes the objective's gradients and hessians at the current raw
    /// scores, grows one tree on them (on a seeded row and feature subsample when asked) and
    /// adds its shrunk leaf values. With a `validation` set, training stops once its loss has
    /// not improved for `parameters.earlyStoppingPatience` trees, and the model keeps the
    /// trees up to the best one. The same inputs and seed give the same model, bit for bit.
    ///
    /// Throws ``TreesError`` on empty input, mismatched lengths, a target the objective
    /// cannot fit (NaN, or negative under a log link), bad weights or bad hyperparameters.
    public static func fit(features: FeatureMatrix, target: [Float], weights: [Float]? = nil,
                           validation: ValidationSet? = nil, parameters: BoostingParameters,
                           progress: ((TrainingProgress) -> Void)? = nil) throws -> GradientBoostedTrees {
        try parameters.validate()
        let objective = parameters.objective
        try checkData(features: features, target: target, weights: weights, objective: objective, name: "training")
        if let validation {
            try checkData(features: validation.features, target: validation.target, weights: validation.weights,
                          objective: objective, name: "validation")
            guard validation.features.features == features.features else {
                throw TreesError.shapeMismatch("validation features",
                                               "training has \(features.features) features, validation \(validation.features.features)")
            }
        }
        let baseScore = try objective.baseScore(target: target, weights: weights)
        let bins = FeatureBins(fitting: features, maxBins: parameters.maxBins, sampleSize: parameters.binSampleSize,
                               seed: derivedSeed(parameters.seed, stream: 1, index: 0))
        let trainingScores = try ScoredRows(features: features, target: target, weights: weights,
                                            bins: bins, baseScore: baseScore, objective: objective)
        let validationScores = try validation.map {
            try ScoredRows(features: $0.features, target: $0.target, weights: $0.weights,
                           bins: bins, baseScore: baseScore, objective: objective)
        }

        let rowCount = features.rows
        var gradients = [Float](repeating: 0, count: rowCount)
        var hessians = [Float](repeating: 0, count: rowCount)
        var trees = [RegressionTree]()
        var history = TrainingHistory(trainingLoss: [], validationLoss: [], bestIteration: 0,
                                      initialTrainingLoss: trainingScores.meanLoss(),
                                      initialValidationLoss: validationScores?.meanLoss())
        var bestValidationLoss = history.initialValidationLoss ?? .infinity

        for iteration in 0..<parameters.maxIterations {
            trainingScores.gradients(into: &gradients, hessians: &hessians)
            var rows = sampleRows(count: rowCount, fraction: parameters.rowSubsample,
                                  seed: derivedSeed(parameters.seed, stream: 2, index: iteration))
            let treeFeatures = sampleFeatures(count: features.features, fraction: parameters.featureSubsample,
                                              seed: derivedSeed(parameters.seed, stream: 3, index: iteration))
            let grown = trainingScores.codes.withUnsafeBufferPointer { codes in
                gradients.withUnsafeBufferPointer { g in
                    hessians.withUnsafeBufferPointer { h in
                        TreeGrower(parameters: parameters, bins: bins, codes: codes, tableRows: rowCount)
                            .grow(rows: &rows, gradients: g, hessians: h, features: treeFeatures)
                    }
                }
            }
            trainingScores.add(grown, rows: rows)
            trees.append(grown.tree)
            history.trainingLoss.append(trainingScores.meanLoss())

            var validationLoss: Double?
            if let validationScores {
                validationScores.add(grown.tree)
                let loss = validationScores.meanLoss()
                validationLoss = loss
                history.validationLoss.append(loss)
                if loss < bestValidationLoss {
                    bestValidationLoss = loss
                    history.bestIteration = iteration + 1
                }
            } else {
                history.bestIteration = iteration + 1
            }
            progress?(TrainingProgress(iteration: iteration + 1, trainingLoss: history.trainingLoss[iteration],
                                       validationLoss: validationLoss, leaves: grown.tree.leaves))
            if iteration + 1 - history.bestIteration >= parameters.earlyStoppingPatience { break }
        }
        return GradientBoostedTrees(objective: objective, baseScore: baseScore, bins: bins,
                                    trees: Array(trees.prefix(history.bestIteration)),
                                    parameters: parameters, history: history)
    }

    private static func checkData(features: FeatureMatrix, target: [Float], weights: [Float]?,
                                  objective: BoostingObjective, name: String) throws {
        guard features.rows > 0, features.features > 0 else {
            throw TreesError.empty("\(name) feature matrix (\(features.rows) rows × \(features.features) features)")
        }
        guard features.rows <= Int(Int32.max) else {
            throw TreesError.shapeMismatch("\(name) feature matrix", "at most \(Int32.max) rows, got \(features.rows)")
        }
        guard target.count == features.rows else {
            throw TreesError.shapeMismatch("\(name) target", "\(features.rows) feature rows but \(target.count) target values")
        }
        if let weights {
            guard weights.count == features.rows else {
                throw TreesError.shapeMismatch("\(name) weights", "\(features.rows) feature rows but \(weights.count) weights")
            }
            if let row = weights.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
                throw TreesError.invalidWeight(row: row, value: weights[row])
            }
        }
        try objective.validate(target: target)
    }

    /// A seed for item `index` of random stream `stream`, so each tree's samples depend only
    /// on the seed and the tree's number (SplitMix64 finalizer over the combined words).
    static func derivedSeed(_ seed: UInt64, stream: UInt64, index: Int) -> UInt64 {
        var z = seed &+ stream &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// All rows, or each row kept with probability `fraction` (ascending).
    static func sampleRows(count: Int, fraction: Double, seed: UInt64) -> [Int32] {
        if fraction >= 1 { return (0..<count).map { Int32($0) } }
        let generator = Generator(seed: seed)
        var rows = [Int32]()
        rows.reserveCapacity(Int(Double(count) * fraction * 1.1) + 16)
        for row in 0..<count where generator.uniform() < fraction { rows.append(Int32(row)) }
        return rows
    }

    /// All features, or a seeded subset of `fraction` of them (at least one, ascending).
    static func sampleFeatures(count: Int, fraction: Double, seed: UInt64) -> [Int] {
        var features = Array(0..<count)
        if fraction >= 1 { return features }
        Generator(seed: seed).shuffle(&features)
        let kept = max(1, Int((fraction * Double(count)).rounded()))
        return features.prefix(kept).sorted()
    }
}
