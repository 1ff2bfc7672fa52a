import Testing
@testable import VitrineTrees

/// One tree of two leaves on x = 1…5, y = [1, 2, 6, 7, 9], worked by hand.
///
/// Squared error: base score = mean = 5, gradients g = f − y = [4, 3, −1, −2, −4], hessians 1.
/// Gains G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ) with G = 0, λ = 0, for "x ≤ t":
///   t = 1: 16/1 + 16/4 = 20;  t = 2: 49/2 + 49/3 = 40.83;  t = 3: 36/3 + 36/2 = 30;  t = 4: 16/4 + 16/1 = 20.
/// Best: x ≤ 2, edge halfway to 3 → threshold 2.5; leaves −G/H = −7/2 and +7/3, so the
/// predictions are the two sides' means, 1.5 and 22/3.
@Suite("Hand-worked single split")
struct SingleSplitTests {
    let features = try! FeatureMatrix(columns: [[1, 2, 3, 4, 5]])
    let target: [Float] = [1, 2, 6, 7, 9]

    func oneSplit(lambda: Double) throws -> GradientBoostedTrees {
        let parameters = BoostingParameters(maxIterations: 1, learningRate: 1, maxLeafNodes: 2, minSamplesLeaf: 1,
                                            minSumHessian: 0, l2Regularization: lambda)
        return try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
    }

    @Test func splitThresholdGainAndLeafValues() throws {
        let model = try oneSplit(lambda: 0)
        #expect(model.baseScore == 5)
        let tree = try #require(model.trees.first)
        #expect(tree.nodes == 3)
        #expect(tree.feature[0] == 0)
        #expect(tree.threshold[0] == 2.5)
        #expect(tree.thresholdBin[0] == 1)
        #expect(abs(tree.gain[0] - (49.0 / 2 + 49.0 / 3)) < 1e-9)
        #expect(abs(tree.value[Int(tree.left[0])] - -3.5) < 1e-9)
        #expect(abs(tree.value[Int(tree.right[0])] - 7.0 / 3) < 1e-9)
        #expect(tree.count[Int(tree.left[0])] == 2 && tree.count[Int(tree.right[0])] == 3)
        let predictions = try model.predict(features)
        let expected: [Float] = [1.5, 1.5, 22.0 / 3, 22.0 / 3, 22.0 / 3]
        for (p, e) in zip(predictions, expected) { #expect(abs(p - e) < 1e-5) }
    }

    /// With λ = 1 the gains become 16/2 + 16/5, 49/3 + 49/4, 36/4 + 36/3, 16/5 + 16/2: still
    /// x ≤ 2, and the leaves shrink to −7/3 and +7/4.
    @Test func l2RegularizationShrinksLeaves() throws {
        let tree = try #require(try oneSplit(lambda: 1).trees.first)
        #expect(tree.threshold[0] == 2.5)
        #expect(abs(tree.gain[0] - (49.0 / 3 + 49.0 / 4)) < 1e-9)
        #expect(abs(tree.value[Int(tree.left[0])] - -7.0 / 3) < 1e-9)
        #expect(abs(tree.value[Int(tree.right[0])] - 7.0 / 4) < 1e-9)
    }

    /// min_samples_leaf = 3 rules out every split but x ≤ 3 (3 rows | 2 rows) and x ≤ 2 (2 | 3):
    /// both have a side of 2 rows, so no split is allowed and the tree is the root alone.
    @Test func minSamplesLeafForbidsSmallLeaves() throws {
        let parameters = BoostingParameters(maxIterations: 1, learningRate: 1, maxLeafNodes: 2, minSamplesLeaf: 3,
                                            minSumHessian: 0)
        let model = try GradientBoostedTrees.fit(features: features, target: target, parameters: parameters)
        #expect(model.trees.first?.nodes == 1)
        #expect(try model.predict(features).allSatisfy { $0 == 5 })
    }
}
