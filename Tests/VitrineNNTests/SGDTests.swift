import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct SGDTests {
    /// Runs `steps` SGD steps on two parameters ([2, 3] and [3]) with fixed gradients and
    /// compares every step with PyTorch's rule written out in Double.
    private func checkTrajectory(
        lr: Float, momentum: Float = 0, dampening: Float = 0, nesterov: Bool = false,
        weightDecay: Float = 0, steps: Int = 5, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let w = try makeParameter([0.5, -1.2, 2, 0, -0.3, 0.9], shape: [2, 3])
        let b = try makeParameter([0.1, -0.4, 1.5])
        let sgd = try SGD(parameters: [("fc.weight", w), ("fc.bias", b)], learningRate: lr,
                          momentum: momentum, dampening: dampening, nesterov: nesterov,
                          weightDecay: weightDecay)
        let gw = gradientSequence(steps: steps, count: 6, seed: 11)
        let gb = gradientSequence(steps: steps, count: 3, seed: 12)
        var pw = w.value.array.map(Double.init), pb = b.value.array.map(Double.init)
        var bw: [Double]?, bb: [Double]?
        for t in 0..<steps {
            setGradient(w, gw[t]); setGradient(b, gb[t])
            sgd.step()
            referenceSGDStep(p: &pw, buf: &bw, grad: gw[t], lr: lr, momentum: momentum,
                             dampening: dampening, nesterov: nesterov, weightDecay: weightDecay)
            referenceSGDStep(p: &pb, buf: &bb, grad: gb[t], lr: lr, momentum: momentum,
                             dampening: dampening, nesterov: nesterov, weightDecay: weightDecay)
            expectValues(w.value, pw, "weight step \(t + 1)", sourceLocation: sourceLocation)
            expectValues(b.value, pb, "bias step \(t + 1)", sourceLocation: sourceLocation)
        }
        #expect(sgd.stepCount == steps, sourceLocation: sourceLocation)
    }

    @Test func plainTrajectory() throws { try checkTrajectory(lr: 0.1) }

    @Test func weightDecayTrajectory() throws { try checkTrajectory(lr: 0.05, weightDecay: 0.1) }

    @Test func momentumWithDampeningAndDecayTrajectory() throws {
        try checkTrajectory(lr: 0.05, momentum: 0.9, dampening: 0.3, weightDecay: 0.01)
    }

    @Test func nesterovTrajectory() throws {
        try checkTrajectory(lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.02)
    }

    /// Constant gradient 1 from p = 1, lr 0.1, momentum 0.9, worked by hand:
    /// buffers 1, 1.9, 2.71 → p = 0.9, 0.71, 0.439 (heavy ball);
    /// Nesterov steps d = 1 + 0.9·buf = 1.9, 2.71, 3.439 → p = 0.81, 0.539, 0.1951.
    @Test func momentumByHand() throws {
        let p = try makeParameter([1]), q = try makeParameter([1])
        let heavy = try SGD(parameters: [("p", p)], learningRate: 0.1, momentum: 0.9)
        let nesterov = try SGD(parameters: [("q", q)], learningRate: 0.1, momentum: 0.9, nesterov: true)
        let expectedHeavy: [Float] = [0.9, 0.71, 0.439], expectedNesterov: [Float] = [0.81, 0.539, 0.1951]
        for t in 0..<3 {
            setGradient(p, [1]); setGradient(q, [1])
            heavy.step(); nesterov.step()
            #expect(abs(p.value[0] - expectedHeavy[t]) < 1e-6, "step \(t + 1): \(p.value[0])")
            #expect(abs(q.value[0] - expectedNesterov[t]) < 1e-6, "step \(t + 1): \(q.value[0])")
        }
        #expect(abs(heavy.stateTensors()[0].1[0] - 2.71) < 1e-6, "momentum buffer after 3 steps")
    }

    /// A tensor above Parallel's threshold takes the chunked path; it must follow the same rule.
    @Test func largeTensorMatchesReference() throws {
        let n = 40_000
        let p = Parameter(randomTensor([n], seed: 3))
        let sgd = try SGD(parameters: [("p", p)], learningRate: 0.01, momentum: 0.9, weightDecay: 1e-3)
        var ref = p.value.array.map(Double.init)
        var buf: [Double]?
        for t in 0..<3 {
            let grad = randomTensor([n], seed: 100 + UInt64(t)).array
            setGradient(p, grad)
            sgd.step()
            referenceSGDStep(p: &ref, buf: &buf, grad: grad, lr: 0.01, momentum: 0.9,
                             dampening: 0, nesterov: false, weightDecay: 1e-3)
        }
        expectValues(p.value, ref)
    }

    @Test func zeroGradClearsEveryGradient() throws {
        let a = try makeParameter([1, 2]), b = try makeParameter([3])
        let sgd = try SGD(parameters: [("a", a), ("b", b)], learningRate: 0.1)
        setGradient(a, [5, 6]); setGradient(b, [7])
        sgd.zeroGrad()
        #expect(a.grad.array == [0, 0] && b.grad.array == [0])
    }

    @Test func stateNamesFollowPyTorch() throws {
        let g = Generator(seed: 1)
        let model = Sequential(try Linear(2, 3, generator: g), try Linear(3, 1, generator: g))
        let withMomentum = try SGD(parameters: model.namedParameters(), learningRate: 0.1, momentum: 0.9)
        #expect(withMomentum.stateTensors().map(\.0) == [
            "0.weight/momentum_buffer", "0.bias/momentum_buffer",
            "1.weight/momentum_buffer", "1.bias/momentum_buffer",
        ])
        #expect(withMomentum.stateTensors().map(\.1.shape) == [[3, 2], [3], [1, 3], [1]])
        let plain = try SGD(parameters: model.namedParameters(), learningRate: 0.1)
        #expect(plain.stateTensors().isEmpty)
    }

    @Test func stateRoundTripContinuesTrajectory() throws {
        try expectRoundTripContinues { try SGD(parameters: $0, learningRate: 0.05, momentum: 0.9, nesterov: true) }
    }

    @Test func loadStateMismatches() throws {
        try expectLoadStateMismatchesReported(owner: "SGD", slot: "momentum_buffer") {
            try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9)
        }
    }

    @Test func invalidHyperparameters() throws {
        let p = [("p", try makeParameter([1]))]
        expectInvalidArgument("SGD", containing: "learning rate") { _ = try SGD(parameters: p, learningRate: -0.1) }
        expectInvalidArgument("SGD", containing: "learning rate") { _ = try SGD(parameters: p, learningRate: .nan) }
        expectInvalidArgument("SGD", containing: "momentum") {
            _ = try SGD(parameters: p, learningRate: 0.1, momentum: -0.5)
        }
        expectInvalidArgument("SGD", containing: "weight decay") {
            _ = try SGD(parameters: p, learningRate: 0.1, weightDecay: -1)
        }
        expectInvalidArgument("SGD", containing: "dampening") {
            _ = try SGD(parameters: p, learningRate: 0.1, momentum: 0.9, dampening: 1.5)
        }
        expectInvalidArgument("SGD", containing: "Nesterov") {
            _ = try SGD(parameters: p, learningRate: 0.1, nesterov: true)
        }
        expectInvalidArgument("SGD", containing: "Nesterov") {
            _ = try SGD(parameters: p, learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true)
        }
        expectInvalidArgument("SGD", containing: "empty parameter list") {
            _ = try SGD(parameters: [], learningRate: 0.1)
        }
        expectInvalidArgument("SGD", containing: "'p' appears twice") {
            _ = try SGD(parameters: p + [("p", try makeParameter([2]))], learningRate: 0.1)
        }
        expectInvalidArgument("SGD", containing: "same object") {
            _ = try SGD(parameters: p + [("q", p[0].1)], learningRate: 0.1)
        }
        // The boundary values are accepted.
        _ = try SGD(parameters: p, learningRate: 0, momentum: 0.9, dampening: 1)
    }
}

/// Runs an optimizer for 2 steps, saves its state, restores it into a fresh optimizer over a
/// copy of the parameters, and checks that both then take bit-identical steps 3–5. A fresh
/// optimizer without the loaded state must diverge, so the check can fail.
func expectRoundTripContinues(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ make: ([(String, Parameter)]) throws -> any Optimizer
) throws {
    let w = try makeParameter([0.5, -1.2, 2, 0.7], shape: [2, 2]), b = try makeParameter([0.1, -0.4])
    let original = try make([("fc.weight", w), ("fc.bias", b)])
    let gw = gradientSequence(steps: 5, count: 4, seed: 21), gb = gradientSequence(steps: 5, count: 2, seed: 22)
    for t in 0..<2 {
        setGradient(w, gw[t]); setGradient(b, gb[t])
        original.step()
    }
    var saved: [String: Tensor] = [:]
    for (name, tensor) in original.stateTensors() { saved[name] = tensor.copy() }
    let w2 = Parameter(w.value.copy()), b2 = Parameter(b.value.copy())
    let restored = try make([("fc.weight", w2), ("fc.bias", b2)])
    try restored.loadState(saved, stepCount: original.stepCount)
    #expect(restored.stepCount == 2, sourceLocation: sourceLocation)
    let w3 = Parameter(w.value.copy()), b3 = Parameter(b.value.copy())
    let fresh = try make([("fc.weight", w3), ("fc.bias", b3)])
    for t in 2..<5 {
        for (p, g) in [(w, gw[t]), (w2, gw[t]), (w3, gw[t]), (b, gb[t]), (b2, gb[t]), (b3, gb[t])] {
            setGradient(p, g)
        }
        original.step(); restored.step(); fresh.step()
        #expect(w2.value.array == w.value.array, "weight after step \(t + 1)", sourceLocation: sourceLocation)
        #expect(b2.value.array == b.value.array, "bias after step \(t + 1)", sourceLocation: sourceLocation)
    }
    #expect(w3.value.array != w.value.array, "a fresh optimizer should not continue the trajectory",
            sourceLocation: sourceLocation)
}

/// Missing names, wrong shapes, unknown names and a negative step count are each reported,
/// and a failed load changes nothing.
func expectLoadStateMismatchesReported(
    owner: String, slot: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ make: ([(String, Parameter)]) throws -> any Optimizer
) throws {
    let w = try makeParameter([1, 2, 3, 4, 5, 6], shape: [2, 3]), b = try makeParameter([1, 2])
    let optimizer = try make([("fc.weight", w), ("fc.bias", b)])
    var good: [String: Tensor] = [:]
    for (name, tensor) in optimizer.stateTensors() { good[name] = Tensor(shape: tensor.shape, repeating: 7) }
    let location = "\(owner).loadState"

    var missing = good
    missing["fc.bias/\(slot)"] = nil
    #expect(throws: EngineError.invalidArgument(location, "missing state tensor 'fc.bias/\(slot)'"),
            sourceLocation: sourceLocation) { try optimizer.loadState(missing, stepCount: 3) }
    // The weight's slot came first and was valid, yet nothing may have been copied.
    #expect(optimizer.stateTensors().allSatisfy { $0.1.array.allSatisfy { $0 == 0 } },
            sourceLocation: sourceLocation)
    #expect(optimizer.stepCount == 0, sourceLocation: sourceLocation)

    var wrongShape = good
    wrongShape["fc.weight/\(slot)"] = Tensor(zeros: [3, 2])
    #expect(throws: EngineError.shapeMismatch(
        location, "state tensor 'fc.weight/\(slot)' must have shape [2, 3], got [3, 2]"),
            sourceLocation: sourceLocation) { try optimizer.loadState(wrongShape, stepCount: 3) }

    var extra = good
    extra["fc.other/\(slot)"] = Tensor(zeros: [1])
    #expect(throws: EngineError.invalidArgument(location, "unexpected state tensor 'fc.other/\(slot)'"),
            sourceLocation: sourceLocation) { try optimizer.loadState(extra, stepCount: 3) }

    #expect(throws: EngineError.invalidArgument(location, "step count must be >= 0, got -1"),
            sourceLocation: sourceLocation) { try optimizer.loadState(good, stepCount: -1) }

    try optimizer.loadState(good, stepCount: 3)
    #expect(optimizer.stepCount == 3, sourceLocation: sourceLocation)
    #expect(optimizer.stateTensors().allSatisfy { $0.1.array.allSatisfy { $0 == 7 } },
            sourceLocation: sourceLocation)
}
