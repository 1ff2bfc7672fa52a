import Foundation
import Testing
import VitrineEngine
@testable import VitrineTrees

@Suite("Training")
struct TrainingTests {
    /// Newton steps shrunk by a learning rate ≤ 1 never raise the training loss of squared
    /// error, and for Poisson with a small rate they do not either.
    @Test(arguments: [BoostingObjective.squaredError, .poisson])
    func trainingLossFallsEveryTree(objective: BoostingObjective) throws {
        let (features, target) = objective == .squaredError
            ? try sineTable(rows: 600, seed: 1) : try poissonTable(rows: 600, seed: 1)
        let parameters = BoostingParameters(objective: objective, maxIterations: 30, learningRate: 0.3, maxLeafNodes: 8,
                                            minSamplesLeaf: 5)
        let model = try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
        let losses = [model.history.initialTrainingLoss] + model.history.trainingLoss
        #expect(losses.count == 31)
        for i in 1..<losses.count { #expect(losses[i] <= losses[i - 1], "tree \(i): \(losses[i - 1]) → \(losses[i])") }
        #expect(losses.last! < losses.first! * 0.8)
    }

    /// y = sin(x1) + x2² (noise σ = 0.1, target σ ≈ 0.8): held-out RMSE far below the
    /// constant predictor's and close to the noise.
    @Test func fitsASmoothSurfaceFarBetterThanAConstant() throws {
        let (train, trainTarget) = try sineTable(rows: 1500, seed: 2, extraFeatures: 2)
        let (test, testTarget) = try sineTable(rows: 1000, seed: 3, extraFeatures: 2)
        let parameters = BoostingParameters(maxIterations: 80, learningRate: 0.2, maxLeafNodes: 15, minSamplesLeaf: 10)
        let model = try GradientBoostedTrees.fit(features: train, target: trainTarget, parameters: parameters)
        let mean = trainTarget.reduce(0, +) / Float(trainTarget.count)
        let constantError = rootMeanSquaredError([Float](repeating: mean, count: testTarget.count), testTarget)
        let modelError = rootMeanSquaredError(try model.predict(test), testTarget)
        #expect(constantError > 0.6)
        #expect(modelError < 0.2 * constantError, "model RMSE \(modelError), constant \(constantError)")
        // The two real features carry the gain; the noise columns next to nothing.
        let gain = model.featureImportance.gain
        #expect(min(gain[0], gain[1]) > 10 * max(gain[2], gain[3]))
        #expect(model.featureImportance.splits.reduce(0, +) == model.trees.reduce(0) { $0 + $1.leaves - 1 })
    }

    /// x missing for a third of the rows, whose target (5) differs from both present sides
    /// (0 below 0.5, 1 above): one tree of 3 leaves learns all three values, and a row whose x
    /// is NaN at prediction gets the missing rows' value.
    @Test func missingValuesGoToTheirBestSide() throws {
        let generator = Generator(seed: 4)
        var x = [Float](), y = [Float]()
        for _ in 0..<300 {
            let value = Float(generator.uniform())
            if generator.uniform() < 1.0 / 3 { x.append(.nan); y.append(5) } else { x.append(value); y.append(value < 0.5 ? 0 : 1) }
        }
        let parameters = BoostingParameters(maxIterations: 1, learningRate: 1, maxLeafNodes: 3, minSamplesLeaf: 5)
        let model = try GradientBoostedTrees.fit(features: try FeatureMatrix(columns: [x]), target: y, parameters: parameters)
        let predictions = try model.predict(try FeatureMatrix(columns: [[.nan, 0.2, 0.9]]))
        #expect(abs(predictions[0] - 5) < 1e-4)
        #expect(abs(predictions[1] - 0) < 1e-4)
        #expect(abs(predictions[2] - 1) < 1e-4)
        // Training rows and the same rows given again agree exactly.
        let again = try model.predict(try FeatureMatrix(columns: [x]))
        for (p, target) in zip(again, y) { #expect(abs(p - target) < 1e-4) }
    }

    /// A feature with no missing values in training sends NaN to the child that had more rows.
    @Test func unseenMissingValuesFollowTheMajority() throws {
        let x = (0..<100).map { Float($0) / 100 }
        let y = x.map { $0 < 0.7 ? Float(1) : 3 }
        let parameters = BoostingParameters(maxIterations: 1, learningRate: 1, maxLeafNodes: 2, minSamplesLeaf: 5)
        let model = try GradientBoostedTrees.fit(features: try FeatureMatrix(columns: [x]), target: y, parameters: parameters)
        let tree = try #require(model.trees.first)
        #expect(tree.missingLeft[0])
        #expect(abs(try model.predict(try FeatureMatrix(columns: [[.nan]]))[0] - 1) < 1e-4)
    }

    /// Same seed, same model bit for bit, with row and feature subsampling on, and whatever
    /// the worker count; another seed gives another model.
    @Test func deterministicForASeed() throws {
        let (features, target) = try sineTable(rows: 800, seed: 5, extraFeatures: 4, missingFraction: 0.1)
        var parameters = BoostingParameters(maxIterations: 12, maxLeafNodes: 12, minSamplesLeaf: 5, rowSubsample: 0.7,
                                            featureSubsample: 0.5, seed: 42)
        let first = try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
        let second = try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
        #expect(first == second)
        let workers = Parallel.workers
        Parallel.workers = 1
        let serial = try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
        Parallel.workers = workers
        #expect(serial == first)
        parameters.seed = 43
        let other = try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
        #expect(other.trees != first.trees)
    }

    /// With validation rows the model keeps the trees up to the lowest validation loss and
    /// stops `patience` trees after it.
    @Test func earlyStoppingKeepsTheBestIteration() throws {
        // A weak signal under heavy noise: the first trees help, later ones fit the noise.
        let (train, trainTarget) = try sineTable(rows: 300, seed: 6, noise: 1.5)
        let (valid, validTarget) = try sineTable(rows: 300, seed: 7, noise: 1.5)
        let parameters = BoostingParameters(maxIterations: 200, learningRate: 0.3, maxLeafNodes: 31, minSamplesLeaf: 2,
                                            earlyStoppingPatience: 5)
        let model = try GradientBoostedTrees.fit(features: train, target: trainTarget,
                                                 validation: ValidationSet(features: valid, target: validTarget),
                                                 parameters: parameters)
        let history = model.history
        #expect(history.validationLoss.count < 200)
        #expect(history.validationLoss.count == history.bestIteration + 5)
        #expect(model.trees.count == history.bestIteration)
        #expect(history.bestIteration > 0)
        let best = history.bestIteration == 0 ? history.initialValidationLoss! : history.validationLoss[history.bestIteration - 1]
        #expect(history.validationLoss.dropFirst(history.bestIteration).allSatisfy { $0 >= best })
        // The kept model's validation loss is the best one recorded.
        let raw = try model.predictRaw(valid)
        let loss = zip(raw, validTarget).map { 0.5 * ($0 - Double($1)) * ($0 - Double($1)) }.reduce(0, +) / 300
        #expect(abs(loss - best) < 1e-9)
    }

    /// Depth and leaf limits hold in every tree.
    @Test func treesRespectTheirLimits() throws {
        let (features, target) = try sineTable(rows: 500, seed: 9)
        let parameters = BoostingParameters(maxIterations: 5, maxLeafNodes: 20, maxDepth: 3, minSamplesLeaf: 7)
        let model = try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
        for tree in model.trees {
            #expect(tree.leaves <= 8)
            var depth = [Int](repeating: 0, count: tree.nodes)
            for node in 0..<tree.nodes where tree.feature[node] >= 0 {
                depth[Int(tree.left[node])] = depth[node] + 1
                depth[Int(tree.right[node])] = depth[node] + 1
            }
            #expect(depth.max()! <= 3)
            for node in 0..<tree.nodes where tree.feature[node] < 0 { #expect(tree.count[node] >= 7) }
        }
    }

    /// The scores training kept for its rows (routed by bin codes, leaf by leaf) are the ones
    /// prediction computes from raw values, missing values and subsampled rows included.
    @Test func trainingScoresEqualPredictions() throws {
        let (features, target) = try sineTable(rows: 500, seed: 10, extraFeatures: 1, missingFraction: 0.2)
        let parameters = BoostingParameters(maxIterations: 15, maxLeafNodes: 10, minSamplesLeaf: 5, rowSubsample: 0.6,
                                            featureSubsample: 0.7, seed: 3)
        let model = try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
        let raw = try model.predictRaw(features)
        let loss = zip(raw, target).map { 0.5 * ($0 - Double($1)) * ($0 - Double($1)) }.reduce(0, +) / Double(raw.count)
        let trained = try #require(model.history.trainingLoss.last)
        #expect(abs(loss - trained) <= 1e-12 * trained, "prediction loss \(loss), training loss \(trained)")
    }

    /// A row of weight 2 counts as that row twice: the same trees as with the row duplicated.
    @Test func weightsActLikeRepeatedRows() throws {
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8]
        let y: [Float] = [1, 3, 2, 5, 4, 8, 7, 9]
        let weights: [Float] = [1, 2, 1, 1, 3, 1, 1, 2]
        var repeatedX = [Float](), repeatedY = [Float]()
        for (index, weight) in weights.enumerated() {
            for _ in 0..<Int(weight) { repeatedX.append(x[index]); repeatedY.append(y[index]) }
        }
        let parameters = BoostingParameters(maxIterations: 5, learningRate: 0.5, maxLeafNodes: 3, minSamplesLeaf: 1,
                                            minSumHessian: 0)
        let weighted = try GradientBoostedTrees.fit(features: try FeatureMatrix(columns: [x]), target: y,
                                                    weights: weights, parameters: parameters)
        let repeated = try GradientBoostedTrees.fit(features: try FeatureMatrix(columns: [repeatedX]), target: repeatedY,
                                                    parameters: parameters)
        #expect(abs(weighted.baseScore - repeated.baseScore) < 1e-12)
        let grid = try FeatureMatrix(columns: [(0..<20).map { Float($0) / 2 }])
        for (a, b) in zip(try weighted.predict(grid), try repeated.predict(grid)) { #expect(abs(a - b) < 1e-5) }
        #expect(weighted.featureImportance.splits == repeated.featureImportance.splits)
    }

    /// Degenerate but valid tables train: one row predicts its own target; a feature that is
    /// missing everywhere is never split on, while the other feature still is.
    @Test func degenerateTablesTrain() throws {
        let single = try GradientBoostedTrees.fit(features: try FeatureMatrix(columns: [[3]]), target: [7],
                                                  parameters: BoostingParameters(maxIterations: 3, minSamplesLeaf: 1))
        #expect(try single.predict(try FeatureMatrix(columns: [[100]])) == [7])
        let x = (0..<60).map { Float($0) }
        let model = try GradientBoostedTrees.fit(
            features: try FeatureMatrix(columns: [[Float](repeating: .nan, count: 60), x]), target: x.map { $0 < 30 ? 0 : 1 },
            parameters: BoostingParameters(maxIterations: 3, minSamplesLeaf: 5, maxBins: 2))
        #expect(model.bins.valueBins(0) == 1 && model.bins.valueBins(1) == 2)
        #expect(model.featureImportance.splits[0] == 0)
        #expect(model.featureImportance.splits[1] == 3)
    }
}
