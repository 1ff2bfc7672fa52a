import Testing
import VitrineEngine
@testable import VitrineNN

/// Gives a batch norm non-trivial affine parameters and running statistics, so gradient checks
/// would notice a γ that was dropped or a running variance that was ignored.
func randomizeBatchNorm(_ bn: BatchNormBase, seed: UInt64) {
    let g = Generator(seed: seed)
    if let w = bn.weight { g.fillUniform(w.value, low: 0.5, high: 2) }
    if let b = bn.bias { g.fillNormal(b.value) }
    g.fillNormal(bn.runningMean.value, std: 0.5)
    g.fillUniform(bn.runningVar.value, low: 0.5, high: 2)
}

@Suite struct BatchNorm2dTests {
    /// Channel 0 holds 1, 2, 3, 4 and channel 1 holds 0, 4, −4, 8 over N = 2, H = 1, W = 2.
    private func handInput() throws -> Tensor {
        try Tensor(shape: [2, 2, 1, 2], values: [1, 2, 0, 4, 3, 4, -4, 8])
    }

    private func handLayer() throws -> BatchNorm2d {
        let bn = try BatchNorm2d(2)
        bn.weight!.value[0] = 2; bn.weight!.value[1] = 0.5
        bn.bias!.value[0] = 0.5; bn.bias!.value[1] = -1
        return bn
    }

    @Test func trainingForwardAndRunningStatisticsByHand() throws {
        let bn = try handLayer()
        let y = try bn.forward(try handInput())
        // Channel 0: mean 2.5, biased variance 1.25 → y = 2(x − 2.5)/√1.25001 + 0.5.
        // Channel 1: mean 2, biased variance 20 → y = 0.5(x − 2)/√20.00001 − 1.
        expectClose(y, [-2.1832708, -0.3944236, -1.2236067, -0.7763933,
                        1.3944236, 3.1832708, -1.6708202, -0.3291798])
        // Running statistics use the unbiased variances 5/3 and 80/3, momentum 0.1.
        expectClose(bn.runningMean.value, [0.25, 0.2])
        expectClose(bn.runningVar.value, [1.0666667, 3.5666667])
        #expect(bn.numBatchesTracked.value.shape == [])
        #expect(bn.numBatchesTracked.value.scalar == 1)

        _ = try bn.forward(try handInput())
        expectClose(bn.runningMean.value, [0.475, 0.38])
        #expect(bn.numBatchesTracked.value.scalar == 2)
    }

    @Test func evalForwardUsesRunningStatisticsByHand() throws {
        let bn = try handLayer()
        _ = try bn.forward(try handInput())
        bn.eval()
        let y = try bn.forward(try handInput())
        // y = γ(x − running_mean)/√(running_var + eps) + β with the statistics after one step.
        expectClose(y, [1.9523619, 3.8888445, -1.0529503, 0.0060550,
                        5.8253271, 7.7618097, -2.1119555, 1.0650603])
        // Evaluation leaves the buffers alone.
        expectClose(bn.runningMean.value, [0.25, 0.2])
        expectClose(bn.runningVar.value, [1.0666667, 3.5666667])
        #expect(bn.numBatchesTracked.value.scalar == 1)

        // In evaluation the layer is an affine map: dx = dy · γ/√(running_var + eps).
        let dx = try bn.backward(Tensor(shape: [2, 2, 1, 2], repeating: 1))
        let s0: Float = 2 / (1.0666667 + 1e-5).squareRoot(), s1: Float = 0.5 / (3.5666667 + 1e-5).squareRoot()
        expectClose(dx, [s0, s0, s1, s1, s0, s0, s1, s1])
    }

    @Test func momentumExtremes() throws {
        let frozen = try BatchNorm2d(2, momentum: 0)
        _ = try frozen.forward(try handInput())
        expectClose(frozen.runningMean.value, [0, 0])
        expectClose(frozen.runningVar.value, [1, 1])
        #expect(frozen.numBatchesTracked.value.scalar == 1)

        let replaced = try BatchNorm2d(2, momentum: 1)
        _ = try replaced.forward(try handInput())
        expectClose(replaced.runningMean.value, [2.5, 2])
        expectClose(replaced.runningVar.value, [5.0 / 3, 80.0 / 3])
    }

    @Test(arguments: [
        ([2, 3, 2, 3], true), ([3, 2, 1, 1], true), ([1, 2, 3, 2], false), ([4, 1, 2, 2], true),
    ])
    func gradientsInTraining(shape: [Int], affine: Bool) throws {
        let bn = try BatchNorm2d(shape[1], affine: affine)
        randomizeBatchNorm(bn, seed: 3)
        let results = try expectGradientsMatch(bn, input: randomTensor(shape, seed: 4, scale: 2))
        #expect(results.map(\.name) == (affine ? ["input", "weight", "bias"] : ["input"]))
    }

    @Test(arguments: [([2, 3, 2, 3], true), ([1, 2, 1, 1], true), ([2, 2, 2, 1], false)])
    func gradientsInEval(shape: [Int], affine: Bool) throws {
        let bn = try BatchNorm2d(shape[1], affine: affine)
        randomizeBatchNorm(bn, seed: 5)
        bn.eval()
        let results = try expectGradientsMatch(bn, input: randomTensor(shape, seed: 6, scale: 2))
        #expect(results.map(\.name) == (affine ? ["input", "weight", "bias"] : ["input"]))
    }

    @Test func backwardFollowsTheModeOfItsForward() throws {
        let x = randomTensor([2, 2, 2, 2], seed: 8), dy = randomTensor([2, 2, 2, 2], seed: 9)
        let reference = try BatchNorm2d(2)
        _ = try reference.forward(x)
        let expected = try reference.backward(dy).copy()

        let switched = try BatchNorm2d(2)
        _ = try switched.forward(x)
        switched.eval()
        expectClose(try switched.backward(dy), expected.array)
    }

    @Test func gradientsAccumulate() throws {
        let bn = try BatchNorm2d(2)
        let x = randomTensor([2, 2, 2, 2], seed: 10), dy = randomTensor([2, 2, 2, 2], seed: 11)
        _ = try bn.forward(x)
        _ = try bn.backward(dy)
        let once = bn.weight!.grad.array + bn.bias!.grad.array
        _ = try bn.backward(dy)
        expectClose(bn.weight!.grad, once[0..<2].map { 2 * $0 })
        expectClose(bn.bias!.grad, once[2..<4].map { 2 * $0 })
        #expect(once.contains { abs($0) > 1e-3 })
    }

    @Test func namesFollowPyTorch() throws {
        let bn = try BatchNorm2d(3)
        #expect(bn.namedParameters().map(\.0) == ["weight", "bias"])
        #expect(bn.namedBuffers().map(\.0) == ["running_mean", "running_var", "num_batches_tracked"])
        let state = bn.stateDict()
        #expect(state.map(\.0) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        #expect(state.map(\.1.shape) == [[3], [3], [3], [3], []])
        #expect(state.map(\.1.array) == [[1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1], [0]])

        let plain = try BatchNorm2d(3, affine: false)
        #expect(plain.namedParameters().isEmpty)
        #expect(plain.stateDict().map(\.0) == ["running_mean", "running_var", "num_batches_tracked"])

        let model = Sequential(try BatchNorm2d(2), ReLU())
        #expect(model.stateDict().map(\.0) == [
            "0.weight", "0.bias", "0.running_mean", "0.running_var", "0.num_batches_tracked",
        ])
    }

    @Test func shapeErrorsNameThePathAndShapes() throws {
        let bn = try BatchNorm2d(3)
        bn.path = "stem.bn1"
        #expect(throws: EngineError.shapeMismatch(
            "stem.bn1", "input must have 3 channels (dim 1), got shape [2, 4, 2, 2]")) {
            try bn.forward(Tensor(zeros: [2, 4, 2, 2]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "stem.bn1", "input must be [N, C, H, W], got shape [2, 3, 4]")) {
            try bn.forward(Tensor(zeros: [2, 3, 4]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "stem.bn1", "expected more than 1 value per channel when training, got input shape [1, 3, 1, 1]")) {
            try bn.forward(Tensor(zeros: [1, 3, 1, 1]))
        }
        // The running statistics were not touched by the rejected calls.
        #expect(bn.numBatchesTracked.value.scalar == 0)
        bn.eval()
        _ = try bn.forward(Tensor(zeros: [1, 3, 1, 1]))

        #expect(throws: EngineError.shapeMismatch(
            "stem.bn1", "gradOutput must have shape [1, 3, 1, 1], got [1, 3, 1, 2]")) {
            try bn.backward(Tensor(zeros: [1, 3, 1, 2]))
        }
        let fresh = try BatchNorm2d(3)
        fresh.path = "stem.bn2"
        #expect(throws: EngineError.invalidState("stem.bn2", "backward called before forward")) {
            try fresh.backward(Tensor(zeros: [2, 3, 1, 1]))
        }
    }

    @Test func invalidArguments() {
        #expect(throws: EngineError.invalidArgument("BatchNorm2d", "numFeatures must be positive, got 0")) {
            try BatchNorm2d(0)
        }
        #expect(throws: EngineError.invalidArgument("BatchNorm2d", "eps must be positive and finite, got 0.0")) {
            try BatchNorm2d(2, eps: 0)
        }
        #expect(throws: EngineError.invalidArgument("BatchNorm2d", "eps must be positive and finite, got -1e-05")) {
            try BatchNorm2d(2, eps: -1e-5)
        }
        #expect(throws: EngineError.invalidArgument("BatchNorm2d", "eps must be positive and finite, got nan")) {
            try BatchNorm2d(2, eps: .nan)
        }
        #expect(throws: EngineError.invalidArgument("BatchNorm2d", "momentum must be in [0, 1], got -0.1")) {
            try BatchNorm2d(2, momentum: -0.1)
        }
        #expect(throws: EngineError.invalidArgument("BatchNorm2d", "momentum must be in [0, 1], got 1.5")) {
            try BatchNorm2d(2, momentum: 1.5)
        }
        #expect(throws: EngineError.invalidArgument("BatchNorm2d", "momentum must be in [0, 1], got nan")) {
            try BatchNorm2d(2, momentum: .nan)
        }
    }
}
