import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct L2NormalizeTests {
    @Test func forwardByHand() throws {
        let layer = try L2Normalize()
        let x = try Tensor(shape: [3, 2], values: [3, 4, 0, 0, 1e-13, 0])
        // A zero vector stays zero and a vector shorter than eps is divided by eps.
        expectClose(try layer.forward(x), [0.6, 0.8, 0, 0, 0.1, 0])

        let columns = try L2Normalize(dim: 0)
        let y = try columns.forward(try Tensor(shape: [2, 3], values: [3, 0, 1, 4, 0, 1]))
        expectClose(y, [0.6, 0, 0.70710678, 0.8, 0, 0.70710678])
    }

    /// F.normalize written independently over an explicit multi-index.
    @Test(arguments: [(1, [2, 3, 2, 2]), (-1, [2, 3, 4]), (0, [3, 2]), (2, [2, 2, 3, 2])])
    func forwardMatchesNaive(dim: Int, shape: [Int]) throws {
        let x = randomTensor(shape, seed: 90)
        let y = try L2Normalize(dim: dim).forward(x)
        let d = dim < 0 ? dim + shape.count : dim
        var expected = [Float](repeating: 0, count: x.count)
        var index = [Int](repeating: 0, count: shape.count)
        for flat in 0..<x.count {
            var rest = flat
            for k in stride(from: shape.count - 1, through: 0, by: -1) {
                index[k] = rest % shape[k]; rest /= shape[k]
            }
            var squares = 0.0
            var other = index
            for k in 0..<shape[d] { other[d] = k; squares += Double(x[other] * x[other]) }
            expected[flat] = Float(Double(x[flat]) / max(squares.squareRoot(), 1e-12))
        }
        expectClose(y, expected)
    }

    @Test(arguments: [(1, [3, 4]), (-1, [2, 3, 4]), (0, [3, 2]), (1, [2, 3, 2, 2]), (2, [2, 2, 3, 1])])
    func gradients(dim: Int, shape: [Int]) throws {
        try expectGradientsMatch(try L2Normalize(dim: dim), input: randomTensor(shape, seed: 91))
    }

    @Test func gradientsBelowEps() throws {
        // Every norm (about √3 · 0.5) is far below eps = 10: the layer is x / 10.
        let layer = try L2Normalize(dim: 1, eps: 10)
        let x = randomTensor([2, 3], seed: 92, scale: 0.5)
        try expectGradientsMatch(layer, input: x)
        _ = try layer.forward(x)
        expectClose(try layer.backward(Tensor(shape: [2, 3], repeating: 1)), Array(repeating: 0.1, count: 6))
    }

    @Test func errors() throws {
        for eps: Float in [0, -1e-12, .nan, .infinity] {
            #expect(throws: EngineError.invalidArgument("L2Normalize", "eps must be positive and finite, got \(eps)")) {
                try L2Normalize(eps: eps)
            }
        }
        let layer = try L2Normalize(dim: 2)
        layer.path = "head.norm"
        #expect(throws: EngineError.shapeMismatch("head.norm", "dim 2 is out of range for input of shape [3, 4]")) {
            try layer.forward(Tensor(zeros: [3, 4]))
        }
        let negative = try L2Normalize(dim: -3)
        negative.path = "n"
        #expect(throws: EngineError.shapeMismatch("n", "dim -3 is out of range for input of shape [3, 4]")) {
            try negative.forward(Tensor(zeros: [3, 4]))
        }
        #expect(throws: EngineError.invalidState("head.norm", "backward called before forward")) {
            try layer.backward(Tensor(zeros: [3, 4]))
        }
        _ = try layer.forward(Tensor(zeros: [2, 2, 2]))
        #expect(throws: EngineError.shapeMismatch("head.norm", "gradOutput must have shape [2, 2, 2], got [2, 4]")) {
            try layer.backward(Tensor(zeros: [2, 4]))
        }
    }
}
