import Foundation
import Testing
@testable import VitrineRegression

/// exp(γ) − 1 and Kennedy's exp(γ − ½ Var γ) − 1, by hand.
@Suite struct PercentageEffectTests {
    @Test func naiveAndKennedyByHand() {
        // γ = log 1.09, Var γ = 0.01: naive 9 %, Kennedy 1.09 · e^(−0.005) − 1 = 0.084563 6…
        let effect = PercentageEffect(name: "C(style)[T.on_model]", coefficient: log(1.09), variance: 0.01)
        #expect(abs(effect.naive - 0.09) < 1e-15)
        #expect(abs(effect.kennedy - (1.09 * exp(-0.005) - 1)) < 1e-15)
        #expect(abs(effect.kennedy - 0.0845636) < 1e-7)
        // No uncertainty, no correction; the correction always lowers the estimate.
        #expect(PercentageEffect(name: "d", coefficient: -0.2, variance: 0).kennedy == expm1(-0.2))
        #expect(PercentageEffect(name: "d", coefficient: -0.2, variance: 0.04).kennedy < expm1(-0.2))
    }

    @Test func takesTheVarianceOfTheChosenCovariance() throws {
        let design = try DesignMatrix(responseName: "log y", response: [0.1, 0.3, 0.15, 0.5, 0.2, 0.45],
                                      columnNames: ["Intercept", "d"], values: [1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1])
        let fit = try OLSFit.fit(design)
        for type in [CovarianceType.classical, .hc1] {
            let inference = try fit.inference(type)
            let effect = try inference.percentageEffect(of: "d")
            let se = try inference.coefficient("d").standardError
            // A dummy's coefficient is the difference of the two group means.
            #expect(abs(effect.coefficient - ((0.3 + 0.5 + 0.45) / 3 - (0.1 + 0.15 + 0.2) / 3)) < 1e-14)
            #expect(abs(effect.variance - se * se) < 1e-15)
            #expect(abs(effect.kennedy - expm1(effect.coefficient - 0.5 * se * se)) < 1e-15)
        }
        #expect(throws: RegressionError.self) { try fit.inference().percentageEffect(of: "C(style)[T.worn]") }
    }
}
