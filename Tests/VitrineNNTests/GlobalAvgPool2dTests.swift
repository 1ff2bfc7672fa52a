import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct GlobalAvgPool2dTests {
    @Test func handWorkedMeans() throws {
        // Two channels of 2×3: means 3.5 and −1.
        let x = try Tensor(shape: [1, 2, 2, 3], values: [1, 2, 3, 4, 5, 6, -3, 0, 1, -2, -1, -1])
        let pool = GlobalAvgPool2d()
        let y = try pool.forward(x)
        #expect(y.shape == [1, 2, 1, 1])
        expectClose(y, [3.5, -1])
        let dx = try pool.backward(try Tensor(shape: [1, 2, 1, 1], values: [6, -12]))
        expectClose(dx, [1, 1, 1, 1, 1, 1, -2, -2, -2, -2, -2, -2])
    }

    @Test func matchesNaiveMeanAndGradient() throws {
        let x = randomTensor([3, 4, 5, 2], seed: 5)
        let pool = GlobalAvgPool2d()
        let y = try pool.forward(x)
        var expected: [Float] = []
        for p in 0..<12 {
            expected.append((0..<10).map { x[p * 10 + $0] }.reduce(0, +) / 10)
        }
        expectClose(y, expected)
        try expectGradientsMatch(GlobalAvgPool2d(), input: randomTensor([2, 3, 3, 4], seed: 6))
    }

    @Test func errors() throws {
        let model = Sequential(GlobalAvgPool2d())
        model.nameModules()
        #expect(throws: EngineError.shapeMismatch("0", "input must have 4 dimensions, got shape [2, 3, 4]")) {
            try model.forward(Tensor(zeros: [2, 3, 4]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "0", "input height and width must be positive, got shape [2, 3, 0, 4]")) {
            try model.forward(Tensor(zeros: [2, 3, 0, 4]))
        }
        #expect(throws: EngineError.invalidState("GlobalAvgPool2d", "backward called before forward")) {
            try GlobalAvgPool2d().backward(Tensor(zeros: [1, 1, 1, 1]))
        }
        _ = try model.forward(Tensor(zeros: [2, 3, 2, 2]))
        #expect(throws: EngineError.shapeMismatch("0", "gradOutput must have shape [2, 3, 1, 1], got [2, 3]")) {
            try model.backward(Tensor(zeros: [2, 3]))
        }
    }
}
