import Foundation
import Testing
@testable import VitrineTrees

/// The same data and hyperparameters through scikit-learn's HistGradientBoostingRegressor,
/// an independent implementation of the same algorithm: held-out RMSE must agree within a
/// few percent. The data travel as CSV through a temporary file.
@Suite("scikit-learn cross-check",
       .enabled(if: sklearnAvailable, "python3 with scikit-learn is not installed (pip install scikit-learn)"))
struct SklearnCrossCheckTests {
    static let script = """
    import sys, numpy as np
    from sklearn.ensemble import HistGradientBoostingRegressor
    data = np.loadtxt(sys.argv[1], delimiter=",")
    train_rows, loss = int(sys.argv[2]), sys.argv[3]
    X, y = data[:, :-1], data[:, -1]
    model = HistGradientBoostingRegressor(loss=loss, max_iter=60, learning_rate=0.1, max_leaf_nodes=15,
        min_samples_leaf=10, l2_regularization=0.5, max_bins=255, early_stopping=False, random_state=0)
    model.fit(X[:train_rows], y[:train_rows])
    p = model.predict(X[train_rows:])
    print(float(np.sqrt(np.mean((p - y[train_rows:]) ** 2))))
    """

    func sklearnRMSE(train: FeatureMatrix, trainTarget: [Float], test: FeatureMatrix, testTarget: [Float],
                     loss: String) throws -> Double {
        var lines = [String]()
        for (matrix, target) in [(train, trainTarget), (test, testTarget)] {
            for row in 0..<matrix.rows {
                let values = (0..<matrix.features).map { matrix[row, $0].isNaN ? "nan" : "\(matrix[row, $0])" }
                lines.append((values + ["\(target[row])"]).joined(separator: ","))
            }
        }
        let path = temporaryPath("data.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let output = try runPython(SklearnCrossCheckTests.script, [path, "\(train.rows)", loss])
        return try #require(Double(output.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test(arguments: [("squared_error", BoostingObjective.squaredError), ("poisson", .poisson)])
    func heldOutErrorMatchesScikitLearn(loss: String, objective: BoostingObjective) throws {
        let (train, trainTarget, test, testTarget) = objective == .poisson
            ? try split(poissonTable(rows: 3000, seed: 21))
            : try split(sineTable(rows: 3000, seed: 21, extraFeatures: 2, missingFraction: 0.1))
        let parameters = BoostingParameters(objective: objective, maxIterations: 60, learningRate: 0.1, maxLeafNodes: 15,
                                            minSamplesLeaf: 10, l2Regularization: 0.5, maxBins: 255)
        let model = try GradientBoostedTrees.fit(features: train, target: trainTarget, parameters: parameters)
        let ours = rootMeanSquaredError(try model.predict(test), testTarget)
        let theirs = try sklearnRMSE(train: train, trainTarget: trainTarget, test: test, testTarget: testTarget, loss: loss)
        #expect(abs(ours - theirs) / theirs < 0.03, "ours \(ours), scikit-learn \(theirs)")
    }

    /// The first 2000 rows for training, the rest held out.
    func split(_ table: (FeatureMatrix, [Float])) throws -> (FeatureMatrix, [Float], FeatureMatrix, [Float]) {
        let (matrix, target) = table
        func rows(_ range: Range<Int>) throws -> FeatureMatrix {
            try FeatureMatrix(columns: (0..<matrix.features).map { f in range.map { matrix[$0, f] } })
        }
        return (try rows(0..<2000), Array(target[0..<2000]), try rows(2000..<matrix.rows), Array(target[2000...]))
    }
}
