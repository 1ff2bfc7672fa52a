import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct AdamWTests {
    @Test func trajectory() throws {
        try AdamTests.checkTrajectory(decoupled: true, lr: 0.01, weightDecay: 0.1)
    }

    @Test func trajectoryWithOtherBetas() throws {
        try AdamTests.checkTrajectory(decoupled: true, lr: 0.05, beta1: 0.5, beta2: 0.9, weightDecay: 0.3)
    }

    /// With no L2 term Adam's update depends on the gradients alone, so AdamW must equal
    /// "shrink by (1 − lr·wd), then subtract Adam's update" at every step.
    @Test func differsFromAdamExactlyByDecoupledDecay() throws {
        let lr: Float = 0.01, wd: Float = 0.2
        let start: [Float] = [0.5, -1.2, 2, 0, -0.3]
        let a = try makeParameter(start), w = try makeParameter(start)
        let adam = try Adam(parameters: [("p", a)], learningRate: lr)
        let adamW = try AdamW(parameters: [("p", w)], learningRate: lr, weightDecay: wd)
        let grads = gradientSequence(steps: 4, count: 5, seed: 41)
        for t in 0..<4 {
            let adamBefore = a.value.array, adamWBefore = w.value.array
            setGradient(a, grads[t]); setGradient(w, grads[t])
            adam.step(); adamW.step()
            for i in 0..<5 {
                let adamUpdate = Double(adamBefore[i]) - Double(a.value[i])
                let expected = Double(adamWBefore[i]) * (1 - Double(lr * wd)) - adamUpdate
                #expect(abs(Double(w.value[i]) - expected) < 1e-6, "step \(t + 1) element \(i)")
            }
        }
        #expect(w.value.array != a.value.array, "the decay must have an effect")
        // Adam's L2 decay goes through the adaptive denominator, so it is not the same thing.
        let l2 = try makeParameter(start)
        let adamL2 = try Adam(parameters: [("p", l2)], learningRate: lr, weightDecay: wd)
        for t in 0..<4 { setGradient(l2, grads[t]); adamL2.step() }
        #expect(zip(l2.value.array, w.value.array).contains { abs($0 - $1) > 1e-5 })
    }

    @Test func defaultWeightDecayIsPyTorchs() throws {
        #expect(try AdamW(parameters: [("p", makeParameter([1]))]).weightDecay == 0.01)
    }

    @Test func stateRoundTripContinuesTrajectory() throws {
        try expectRoundTripContinues { try AdamW(parameters: $0, learningRate: 0.01, weightDecay: 0.1) }
    }

    @Test func loadStateMismatches() throws {
        try expectLoadStateMismatchesReported(owner: "AdamW", slot: "exp_avg") { try AdamW(parameters: $0) }
    }

    @Test func invalidHyperparameters() throws {
        let p = [("p", try makeParameter([1]))]
        expectInvalidArgument("AdamW", containing: "learning rate") { _ = try AdamW(parameters: p, learningRate: -1) }
        expectInvalidArgument("AdamW", containing: "beta2") { _ = try AdamW(parameters: p, beta2: 1) }
        expectInvalidArgument("AdamW", containing: "eps") { _ = try AdamW(parameters: p, eps: .infinity) }
        expectInvalidArgument("AdamW", containing: "weight decay") { _ = try AdamW(parameters: p, weightDecay: -0.01) }
    }
}
