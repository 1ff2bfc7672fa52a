import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct SigmoidTests {
    @Test func forwardAndBackwardByHand() throws {
        let layer = Sigmoid()
        let x = try Tensor(shape: [5], values: [0, 2, -2, -100, 100])
        let y = try layer.forward(x)
        expectClose(y, [0.5, 0.88079708, 0.11920292, 0, 1])
        // Far in the tails the value stays finite and positive instead of becoming NaN or 0/0.
        #expect(y[3] > 0 && y[3] < 1e-30)
        // σ'(x) = σ(x)(1 − σ(x)).
        let dy = try Tensor(shape: [5], values: [1, 2, 3, 4, 5])
        expectClose(try layer.backward(dy), [0.25, 2 * 0.88079708 * 0.11920292, 3 * 0.88079708 * 0.11920292, 0, 0])
    }

    @Test(arguments: [[3, 4], [2, 2, 3, 1]])
    func gradients(shape: [Int]) throws {
        try expectGradientsMatch(Sigmoid(), input: randomTensor(shape, seed: 43, scale: 3))
    }

    @Test func errors() throws {
        let layer = Sigmoid()
        layer.path = "gate"
        #expect(throws: EngineError.invalidState("gate", "backward called before forward")) {
            try layer.backward(Tensor(zeros: [2]))
        }
        _ = try layer.forward(Tensor(zeros: [2, 1]))
        #expect(throws: EngineError.shapeMismatch("gate", "gradOutput must have shape [2, 1], got [2]")) {
            try layer.backward(Tensor(zeros: [2]))
        }
    }
}
