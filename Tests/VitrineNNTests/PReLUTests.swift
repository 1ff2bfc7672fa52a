import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct PReLUTests {
    private let x: [Float] = [-1, 2, -3, 4, 5, -6,   7, -8, -10, 0, -1, 1]

    @Test func perChannelByHand() throws {
        let layer = try PReLU(numParameters: 3)
        #expect(layer.weight.value.array == [0.25, 0.25, 0.25])
        layer.weight.value[0] = 0.1; layer.weight.value[1] = 0.2; layer.weight.value[2] = 0.3
        // [N = 2, C = 3, L = 2]: channel c of sample n is elements (n·3 + c)·2 ..< +2.
        let y = try layer.forward(try Tensor(shape: [2, 3, 2], values: x))
        expectClose(y, [-0.1, 2, -0.6, 4, 5, -1.8,   7, -0.8, -2, 0, -0.3, 1])
        let dx = try layer.backward(Tensor(shape: [2, 3, 2], repeating: 1))
        // At x = 0 the slope branch applies, as in PyTorch (x > 0 ? dy : a·dy).
        expectClose(dx, [0.1, 1, 0.2, 1, 1, 0.3,   1, 0.1, 0.2, 0.2, 0.3, 1])
        // da_c = Σ x over the channel's non-positive elements.
        expectClose(layer.weight.grad, [-1 - 8, -3 - 10, -6 - 1])
        _ = try layer.backward(Tensor(shape: [2, 3, 2], repeating: 1))
        expectClose(layer.weight.grad, [-18, -26, -14])
    }

    @Test func sharedSlopeByHand() throws {
        let layer = try PReLU(initialValue: 0.5)
        let y = try layer.forward(try Tensor(shape: [12], values: x))
        expectClose(y, [-0.5, 2, -1.5, 4, 5, -3,   7, -4, -5, 0, -0.5, 1])
        _ = try layer.backward(Tensor(shape: [12], repeating: 2))
        expectClose(layer.weight.grad, [2 * -29])
        #expect(layer.namedParameters().map(\.0) == ["weight"])
        #expect(layer.weight.shape == [1])
    }

    @Test(arguments: [(1, [5]), (1, [2, 3]), (1, [2, 3, 2, 2]), (3, [4, 3]), (3, [2, 3, 2, 2]), (2, [3, 2, 5])])
    func gradients(numParameters: Int, shape: [Int]) throws {
        let layer = try PReLU(numParameters: numParameters)
        Generator(seed: 50).fillUniform(layer.weight.value, low: -0.5, high: 0.8)
        let results = try expectGradientsMatch(layer, input: randomTensor(shape, seed: 51))
        #expect(results.map(\.name) == ["input", "weight"])
    }

    @Test func errors() throws {
        #expect(throws: EngineError.invalidArgument("PReLU", "numParameters must be positive, got 0")) {
            try PReLU(numParameters: 0)
        }
        #expect(throws: EngineError.invalidArgument("PReLU", "initialValue must be finite, got nan")) {
            try PReLU(initialValue: .nan)
        }
        let layer = try PReLU(numParameters: 3)
        layer.path = "act"
        #expect(throws: EngineError.shapeMismatch(
            "act", "input must have 3 channels in dim 1 (one per slope), got shape [2, 4, 5]")) {
            try layer.forward(Tensor(zeros: [2, 4, 5]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "act", "input must have 3 channels in dim 1 (one per slope), got shape [3]")) {
            try layer.forward(Tensor(zeros: [3]))
        }
        #expect(throws: EngineError.invalidState("act", "backward called before forward")) {
            try layer.backward(Tensor(zeros: [2, 3]))
        }
        _ = try layer.forward(Tensor(zeros: [2, 3]))
        #expect(throws: EngineError.shapeMismatch("act", "gradOutput must have shape [2, 3], got [3, 2]")) {
            try layer.backward(Tensor(zeros: [3, 2]))
        }
    }
}
