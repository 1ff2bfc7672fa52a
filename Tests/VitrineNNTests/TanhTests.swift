import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct TanhTests {
    @Test func forwardAndBackwardByHand() throws {
        let layer = Tanh()
        let x = try Tensor(shape: [4], values: [0.5, -1, 0, 20])
        expectClose(try layer.forward(x), [0.46211716, -0.76159416, 0, 1])
        // tanh'(x) = 1 − tanh²(x).
        let dy = try Tensor(shape: [4], values: [1, 2, 3, 4])
        expectClose(try layer.backward(dy), [1 - 0.46211716 * 0.46211716, 2 * (1 - 0.76159416 * 0.76159416), 3, 0])
    }

    @Test(arguments: [[3, 4], [2, 2, 3, 1]])
    func gradients(shape: [Int]) throws {
        try expectGradientsMatch(Tanh(), input: randomTensor(shape, seed: 42, scale: 1.5))
    }

    @Test func errors() throws {
        let layer = Tanh()
        layer.path = "act"
        #expect(throws: EngineError.invalidState("act", "backward called before forward")) {
            try layer.backward(Tensor(zeros: [2]))
        }
        _ = try layer.forward(Tensor(zeros: [3]))
        #expect(throws: EngineError.shapeMismatch("act", "gradOutput must have shape [3], got [4]")) {
            try layer.backward(Tensor(zeros: [4]))
        }
    }
}
