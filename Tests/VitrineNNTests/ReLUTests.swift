import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct ReLUTests {
    @Test func forwardAndBackwardByHand() throws {
        let relu = ReLU()
        let x = try Tensor(shape: [1, 5], values: [-2, -0.5, 0, 0.5, 3])
        expectClose(try relu.forward(x), [0, 0, 0, 0.5, 3])
        // The gradient at exactly 0 is 0, as PyTorch's.
        let dy = try Tensor(shape: [1, 5], values: [1, 2, 3, 4, 5])
        expectClose(try relu.backward(dy), [0, 0, 0, 4, 5])
    }

    @Test(arguments: [[3, 4], [2, 3, 2, 2], [7]])
    func gradients(shape: [Int]) throws {
        let results = try expectGradientsMatch(ReLU(), input: randomTensor(shape, seed: 40))
        #expect(results.map(\.name) == ["input"])
    }

    @Test func errors() throws {
        let relu = ReLU()
        relu.path = "act"
        #expect(throws: EngineError.invalidState("act", "backward called before forward")) {
            try relu.backward(Tensor(zeros: [2]))
        }
        _ = try relu.forward(Tensor(zeros: [2, 3]))
        #expect(throws: EngineError.shapeMismatch("act", "gradOutput must have shape [2, 3], got [3, 2]")) {
            try relu.backward(Tensor(zeros: [3, 2]))
        }
    }
}
