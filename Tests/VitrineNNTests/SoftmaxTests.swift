import Foundation
import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct SoftmaxTests {
    @Test func rowsByHand() throws {
        let layer = Softmax()
        // [N = 2, C = 3]: each row sums to 1; a shift of the row changes nothing.
        let y = try layer.forward(try Tensor(shape: [2, 3], values: [1, 2, 3, 1001, 1002, 1003]))
        let e = [exp(Float(-2)), exp(Float(-1)), 1]
        let s = e.reduce(0, +)
        expectClose(y, [e[0] / s, e[1] / s, e[2] / s, e[0] / s, e[1] / s, e[2] / s])
        // dx_c = y_c (dy_c − Σ y_k dy_k); with dy = one-hot on class 2 that is y_c (δ_c2 − y_2).
        let dx = try layer.backward(try Tensor(shape: [2, 3], values: [0, 0, 1, 0, 0, 1]))
        let y2 = e[2] / s
        expectClose(dx, [-e[0] / s * y2, -e[1] / s * y2, y2 * (1 - y2), -e[0] / s * y2, -e[1] / s * y2, y2 * (1 - y2)])
    }

    @Test func overChannelsOfAMap() throws {
        // [N = 1, C = 2, H = 1, W = 3]: softmax runs across C at every (h, w), as nn.Softmax(dim=1).
        let y = try Softmax().forward(try Tensor(shape: [1, 2, 1, 3], values: [0, 1, -50, 0, -1, 50]))
        let a = 1 / (1 + exp(Float(-2)))
        expectClose(y, [0.5, a, 0, 0.5, 1 - a, 1])
    }

    @Test(arguments: [[3, 4], [2, 2, 3, 2], [1, 5, 1, 1]])
    func gradients(shape: [Int]) throws {
        try expectGradientsMatch(Softmax(), input: randomTensor(shape, seed: 61, scale: 2))
    }

    @Test func errors() throws {
        let layer = Softmax()
        layer.path = "softmax4_1"
        #expect(throws: EngineError.shapeMismatch(
            "softmax4_1", "input must have at least 2 dimensions [N, C, …] with C > 0, got shape [4]")) {
            try layer.forward(Tensor(zeros: [4]))
        }
        #expect(throws: EngineError.invalidState("softmax4_1", "backward called before forward")) {
            try layer.backward(Tensor(zeros: [2, 2]))
        }
        _ = try layer.forward(Tensor(zeros: [2, 2]))
        #expect(throws: EngineError.shapeMismatch("softmax4_1", "gradOutput must have shape [2, 2], got [4]")) {
            try layer.backward(Tensor(zeros: [4]))
        }
    }
}
