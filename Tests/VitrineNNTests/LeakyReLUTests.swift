import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct LeakyReLUTests {
    @Test func forwardAndBackwardByHand() throws {
        let layer = try LeakyReLU(negativeSlope: 0.1)
        let x = try Tensor(shape: [5], values: [-2, -0.5, 0, 0.5, 3])
        expectClose(try layer.forward(x), [-0.2, -0.05, 0, 0.5, 3])
        let dy = try Tensor(shape: [5], values: [1, 2, 3, 4, 5])
        expectClose(try layer.backward(dy), [0.1, 0.2, 0.3, 4, 5])
        #expect(try LeakyReLU().negativeSlope == 0.01)
    }

    @Test(arguments: [Float(0.01), 0.2, 0, -0.5, 1.5])
    func gradients(slope: Float) throws {
        try expectGradientsMatch(try LeakyReLU(negativeSlope: slope), input: randomTensor([3, 2, 4], seed: 41))
    }

    @Test func errors() throws {
        #expect(throws: EngineError.invalidArgument("LeakyReLU", "negativeSlope must be finite, got nan")) {
            try LeakyReLU(negativeSlope: .nan)
        }
        #expect(throws: EngineError.invalidArgument("LeakyReLU", "negativeSlope must be finite, got -inf")) {
            try LeakyReLU(negativeSlope: -.infinity)
        }
        let layer = try LeakyReLU()
        layer.path = "act"
        #expect(throws: EngineError.invalidState("act", "backward called before forward")) {
            try layer.backward(Tensor(zeros: [2]))
        }
        _ = try layer.forward(Tensor(zeros: [4]))
        #expect(throws: EngineError.shapeMismatch("act", "gradOutput must have shape [4], got [2, 2]")) {
            try layer.backward(Tensor(zeros: [2, 2]))
        }
    }
}
