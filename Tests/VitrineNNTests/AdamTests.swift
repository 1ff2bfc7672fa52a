import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct AdamTests {
    /// Runs Adam (or AdamW) on two parameters with fixed gradients and compares each step
    /// with the textbook bias-corrected rule written out in Double.
    static func checkTrajectory(
        decoupled: Bool, lr: Float, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
        weightDecay: Float, steps: Int = 5, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let w = try makeParameter([0.5, -1.2, 2, 0, -0.3, 0.9], shape: [3, 2])
        let b = try makeParameter([0.1, -0.4])
        let named = [("layer.weight", w), ("layer.bias", b)]
        let optimizer: any Optimizer = decoupled
            ? try AdamW(parameters: named, learningRate: lr, beta1: beta1, beta2: beta2, eps: eps,
                        weightDecay: weightDecay)
            : try Adam(parameters: named, learningRate: lr, beta1: beta1, beta2: beta2, eps: eps,
                       weightDecay: weightDecay)
        let gw = gradientSequence(steps: steps, count: 6, seed: 31)
        let gb = gradientSequence(steps: steps, count: 2, seed: 32)
        var pw = w.value.array.map(Double.init), pb = b.value.array.map(Double.init)
        var mw = [Double](repeating: 0, count: 6), vw = mw, mb = [0.0, 0], vb = mb
        for t in 0..<steps {
            setGradient(w, gw[t]); setGradient(b, gb[t])
            optimizer.step()
            referenceAdamStep(p: &pw, m: &mw, v: &vw, grad: gw[t], t: t + 1, lr: lr, beta1: beta1,
                              beta2: beta2, eps: eps, weightDecay: weightDecay, decoupled: decoupled)
            referenceAdamStep(p: &pb, m: &mb, v: &vb, grad: gb[t], t: t + 1, lr: lr, beta1: beta1,
                              beta2: beta2, eps: eps, weightDecay: weightDecay, decoupled: decoupled)
            expectValues(w.value, pw, "weight step \(t + 1)", sourceLocation: sourceLocation)
            expectValues(b.value, pb, "bias step \(t + 1)", sourceLocation: sourceLocation)
        }
        let state = Dictionary(uniqueKeysWithValues: optimizer.stateTensors())
        expectValues(state["layer.weight/exp_avg"]!, mw, "exp_avg", sourceLocation: sourceLocation)
        expectValues(state["layer.weight/exp_avg_sq"]!, vw, "exp_avg_sq", sourceLocation: sourceLocation)
        #expect(optimizer.stepCount == steps, sourceLocation: sourceLocation)
    }

    @Test func trajectory() throws { try Self.checkTrajectory(decoupled: false, lr: 0.01, weightDecay: 0) }

    @Test func l2WeightDecayTrajectory() throws {
        try Self.checkTrajectory(decoupled: false, lr: 0.01, beta1: 0.8, beta2: 0.99, weightDecay: 0.1)
    }

    /// A large eps makes the eps term matter, so its placement (after the bias-corrected √v)
    /// is checked too.
    @Test func largeEpsTrajectory() throws {
        try Self.checkTrajectory(decoupled: false, lr: 0.02, eps: 0.5, weightDecay: 0)
    }

    /// Step 1 by hand: m = (1−β1)g and v = (1−β2)g², so the corrected m̂ = g and v̂ = g² and
    /// the update is lr·g/(|g| + eps) ≈ lr·sign(g) whatever the gradient's size. Without the
    /// correction it would be lr·0.1/√0.001 ≈ 3.16·lr. With a constant gradient every later
    /// step is the same size again (m̂ = g, v̂ = g² exactly).
    @Test func biasCorrectionByHand() throws {
        let p = try makeParameter([1, -1, 0.5, 2])
        let grad: [Float] = [1e-3, -5, 200, -0.02]
        let lr: Float = 1e-3
        let adam = try Adam(parameters: [("p", p)], learningRate: lr)
        for t in 1...5 {
            setGradient(p, grad)
            adam.step()
            for i in 0..<4 {
                let expected = [1, -1, 0.5, 2][i] - Float(t) * lr * (grad[i] > 0 ? 1 : -1)
                #expect(abs(p.value[i] - expected) < 2e-6, "step \(t) element \(i): \(p.value[i]) vs \(expected)")
            }
        }
    }

    /// A tensor above Parallel's threshold takes the chunked path; it must follow the same rule.
    @Test func largeTensorMatchesReference() throws {
        let n = 40_000
        let p = Parameter(randomTensor([n], seed: 4))
        let adam = try Adam(parameters: [("p", p)], learningRate: 0.01, weightDecay: 0.01)
        var ref = p.value.array.map(Double.init)
        var m = [Double](repeating: 0, count: n), v = m
        for t in 0..<3 {
            let grad = randomTensor([n], seed: 200 + UInt64(t)).array
            setGradient(p, grad)
            adam.step()
            referenceAdamStep(p: &ref, m: &m, v: &v, grad: grad, t: t + 1, lr: 0.01, beta1: 0.9,
                              beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decoupled: false)
        }
        expectValues(p.value, ref)
    }

    /// The state tensors stay the same objects from step to step: nothing is reallocated.
    @Test func stateIsAllocatedOnce() throws {
        let p = try makeParameter([1, 2, 3])
        let adam = try Adam(parameters: [("p", p)])
        let before = adam.stateTensors().map { ($0.1.data, ObjectIdentifier($0.1)) }
        for _ in 0..<3 { setGradient(p, [1, -1, 2]); adam.step() }
        let after = adam.stateTensors().map { ($0.1.data, ObjectIdentifier($0.1)) }
        #expect(before.map(\.0) == after.map(\.0) && before.map(\.1) == after.map(\.1))
    }

    @Test func stateNamesFollowPyTorch() throws {
        let g = Generator(seed: 1)
        let model = Sequential(try Linear(2, 3, generator: g))
        let adam = try Adam(parameters: model.namedParameters())
        #expect(adam.stateTensors().map(\.0) == [
            "0.weight/exp_avg", "0.weight/exp_avg_sq", "0.bias/exp_avg", "0.bias/exp_avg_sq",
        ])
    }

    @Test func stateRoundTripContinuesTrajectory() throws {
        try expectRoundTripContinues { try Adam(parameters: $0, learningRate: 0.01, weightDecay: 0.05) }
    }

    @Test func loadStateMismatches() throws {
        try expectLoadStateMismatchesReported(owner: "Adam", slot: "exp_avg_sq") { try Adam(parameters: $0) }
    }

    @Test func invalidHyperparameters() throws {
        let p = [("p", try makeParameter([1]))]
        expectInvalidArgument("Adam", containing: "learning rate") { _ = try Adam(parameters: p, learningRate: -1e-3) }
        expectInvalidArgument("Adam", containing: "beta1") { _ = try Adam(parameters: p, beta1: 1) }
        expectInvalidArgument("Adam", containing: "beta1") { _ = try Adam(parameters: p, beta1: -0.1) }
        expectInvalidArgument("Adam", containing: "beta2") { _ = try Adam(parameters: p, beta2: 1.5) }
        expectInvalidArgument("Adam", containing: "eps") { _ = try Adam(parameters: p, eps: -1e-8) }
        expectInvalidArgument("Adam", containing: "weight decay") { _ = try Adam(parameters: p, weightDecay: -0.1) }
        expectInvalidArgument("Adam", containing: "empty parameter list") { _ = try Adam(parameters: []) }
        _ = try Adam(parameters: p, learningRate: 0, beta1: 0, beta2: 0, eps: 0, weightDecay: 0)
    }
}
