import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct FlattenTests {
    @Test(arguments: [
        (1, [2, 3, 2, 2], [2, 12]), (2, [2, 3, 2, 2], [2, 3, 4]), (0, [2, 3, 2, 2], [24]),
        (-1, [2, 3, 2, 2], [2, 3, 2, 2]), (-3, [2, 3, 2, 2], [2, 12]), (1, [4, 5], [4, 5]), (0, [7], [7]),
    ])
    func shapesAndValues(startDim: Int, shape: [Int], expected: [Int]) throws {
        let layer = try Flatten(startDim: startDim)
        let x = randomTensor(shape, seed: 70)
        let y = try layer.forward(x)
        #expect(y.shape == expected)
        #expect(y.array == x.array)
        let dy = randomTensor(expected, seed: 71)
        let dx = try layer.backward(dy)
        #expect(dx.shape == shape)
        #expect(dx.array == dy.array)
    }

    @Test func outputIsOwnedNotAView() throws {
        let layer = try Flatten()
        let x = try Tensor(shape: [1, 2, 1], values: [1, 2])
        let y = try layer.forward(x)
        x[0] = 5
        #expect(y.array == [1, 2])
    }

    @Test func gradients() throws {
        try expectGradientsMatch(try Flatten(), input: randomTensor([2, 3, 2], seed: 72))
    }

    @Test func errors() throws {
        let layer = try Flatten(startDim: 2)
        layer.path = "head.flatten"
        #expect(throws: EngineError.shapeMismatch(
            "head.flatten", "startDim 2 is out of range for input of shape [4, 5]")) {
            try layer.forward(Tensor(zeros: [4, 5]))
        }
        let negative = try Flatten(startDim: -3)
        negative.path = "f"
        #expect(throws: EngineError.shapeMismatch("f", "startDim -3 is out of range for input of shape [4, 5]")) {
            try negative.forward(Tensor(zeros: [4, 5]))
        }
        #expect(throws: EngineError.invalidState("head.flatten", "backward called before forward")) {
            try layer.backward(Tensor(zeros: [4]))
        }
        _ = try layer.forward(Tensor(zeros: [2, 3, 4, 5]))
        #expect(throws: EngineError.shapeMismatch("head.flatten", "gradOutput must have shape [2, 3, 20], got [2, 60]")) {
            try layer.backward(Tensor(zeros: [2, 60]))
        }
    }
}
