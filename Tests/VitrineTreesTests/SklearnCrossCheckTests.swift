import Foundation
import VitrineTestSupport
import Testing
@testable import VitrineTrees

/// The same data and hyperparameters through scikit-learn's HistGradientBoostingRegressor,
/// an independent implementation of the same algorithm: held-out RMSE must agree within a
/// few percent. The data travel as CSV through a temporary file.
@Suite("scikit-learn cross-check",
       .enabled(if: sklearnAvailable, "python3 with scikit-learn is not installed (pip install scikit-learn)"))
struct SklearnCrossCheckTests {
    /// Arguments: pairs of (CSV path, loss); the last CSV column is the target, the first
    /// 2000 rows train. Prints one held-out RMSE per pair. One process for all cases, one
    /// OpenMP thread: importing scikit-learn is the slow part, and its threads would only
    /// fight the test runner's.
    static let script = """
    import sys, numpy as np
    from sklearn.ensemble import HistGradientBoostingRegressor
    for path, loss in zip(sys.argv[1::2], sys.argv[2::2]):
        data = np.loadtxt(path, delimiter=",")
        X, y = data[:, :-1], data[:, -1]
        model = HistGradientBoostingRegressor(loss=loss, max_iter=60, learning_rate=0.1, max_leaf_nodes=15,
            min_samples_leaf=10, l2_regularization=0.5, max_bins=255, early_stopping=False, random_state=0)
        model.fit(X[:2000], y[:2000])
        p = model.predict(X[2000:])
        print(float(np.sqrt(np.mean((p - y[2000:]) ** 2))))
    """

    static func csv(_ matrix: FeatureMatrix, _ target: [Float]) -> String {
        (0..<matrix.rows).map { row in
            let values = (0..<matrix.features).map { matrix[row, $0].isNaN ? "nan" : "\(matrix[row, $0])" }
            return (values + ["\(target[row])"]).joined(separator: ",")
        }.joined(separator: "\n")
    }

    @Test func heldOutErrorMatchesScikitLearn() throws {
        let cases: [(loss: String, objective: BoostingObjective, table: (FeatureMatrix, [Float]))] = [
            ("squared_error", .squaredError, try sineTable(rows: 3000, seed: 21, extraFeatures: 2, missingFraction: 0.1)),
            ("poisson", .poisson, try poissonTable(rows: 3000, seed: 21)),
        ]
        var arguments = [String](), ours = [Double]()
        for (loss, objective, (matrix, target)) in cases {
            let path = temporaryPath("\(loss).csv")
            try SklearnCrossCheckTests.csv(matrix, target).write(toFile: path, atomically: true, encoding: .utf8)
            arguments += [path, loss]

            let (train, trainTarget) = try rows(0..<2000, of: matrix, target)
            let (test, testTarget) = try rows(2000..<matrix.rows, of: matrix, target)
            let parameters = BoostingParameters(objective: objective, maxIterations: 60, learningRate: 0.1, maxLeafNodes: 15,
                                                minSamplesLeaf: 10, l2Regularization: 0.5, maxBins: 255)
            let model = try GradientBoostedTrees.fit(features: train, target: trainTarget, parameters: parameters)
            ours.append(rootMeanSquaredError(try model.predict(test), testTarget))
        }
        defer { for path in stride(from: 0, to: arguments.count, by: 2) { try? FileManager.default.removeItem(atPath: arguments[path]) } }
        let theirs = try runPython(SklearnCrossCheckTests.script, arguments, environment: ["OMP_NUM_THREADS": "1"])
            .split(separator: "\n").compactMap { Double($0) }
        try #require(theirs.count == cases.count, "scikit-learn printed \(theirs)")
        for (index, (loss, _, _)) in cases.enumerated() {
            #expect(abs(ours[index] - theirs[index]) / theirs[index] < 0.03,
                    "\(loss): ours \(ours[index]), scikit-learn \(theirs[index])")
        }
    }

    func rows(_ range: Range<Int>, of matrix: FeatureMatrix, _ target: [Float]) throws -> (FeatureMatrix, [Float]) {
        (try FeatureMatrix(columns: (0..<matrix.features).map { f in range.map { matrix[$0, f] } }), Array(target[range]))
    }
}
