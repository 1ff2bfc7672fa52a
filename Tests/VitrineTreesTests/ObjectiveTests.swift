import Foundation
import Testing
@testable import VitrineTrees

@Suite("Objectives")
struct ObjectiveTests {
    static let objectives: [BoostingObjective] = [.squaredError, .poisson, .tweedie(power: 1.2), .tweedie(power: 1.5),
                                                  .tweedie(power: 1.8)]

    /// Gradient and hessian against central differences of the loss and of the gradient.
    @Test(arguments: objectives)
    func derivativesMatchFiniteDifferences(objective: BoostingObjective) {
        let step = 1e-5
        for y in [0.0, 0.5, 3.0, 12.0] {
            for f in [-1.5, -0.2, 0.0, 0.7, 2.1] {
                let (gradient, hessian) = objective.gradientAndHessian(target: y, raw: f)
                let numericGradient = (objective.loss(target: y, raw: f + step) - objective.loss(target: y, raw: f - step)) / (2 * step)
                let numericHessian = (objective.gradientAndHessian(target: y, raw: f + step).gradient
                    - objective.gradientAndHessian(target: y, raw: f - step).gradient) / (2 * step)
                #expect(abs(gradient - numericGradient) <= 1e-6 * max(1, abs(gradient)), "\(objective) y=\(y) f=\(f)")
                #expect(abs(hessian - numericHessian) <= 1e-6 * max(1, abs(hessian)), "\(objective) y=\(y) f=\(f)")
                #expect(hessian > 0)
            }
        }
    }

    /// The base score is the optimal constant: the weighted gradients sum to zero there.
    @Test(arguments: objectives)
    func baseScoreZeroesTheGradientSum(objective: BoostingObjective) throws {
        let target: [Float] = [0, 1, 4, 2, 0, 7, 3]
        let weights: [Float] = [1, 2, 0.5, 1, 3, 1, 1]
        let base = try objective.baseScore(target: target, weights: weights)
        var sum = 0.0, scale = 0.0
        for (y, w) in zip(target, weights) {
            let g = objective.gradientAndHessian(target: Double(y), raw: base).gradient
            sum += Double(w) * g
            scale += Double(w) * abs(g)
        }
        #expect(abs(sum) <= 1e-12 * max(scale, 1))
        // Weighted mean (0 + 2 + 2 + 2 + 0 + 7 + 3) / 9.5 through the link.
        let mean = 16 / 9.5
        #expect(abs(objective.response(raw: base) - mean) < 1e-12)
    }

    @Test func logLinksPredictTheExponential() {
        #expect(BoostingObjective.poisson.response(raw: 0.3) == exp(0.3))
        #expect(BoostingObjective.tweedie(power: 1.5).response(raw: -1) == exp(-1))
        #expect(BoostingObjective.squaredError.response(raw: -1) == -1)
    }
}
