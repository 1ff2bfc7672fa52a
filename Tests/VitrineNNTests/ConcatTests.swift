import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct ConcatTests {
    @Test func forwardAndBackwardByHand() throws {
        let cat = try Concat()
        let a = try Tensor(shape: [2, 1, 2], values: [1, 2, 3, 4])
        let b = try Tensor(shape: [2, 2, 2], values: [5, 6, 7, 8, 9, 10, 11, 12])
        let y = try cat.forward([a, b])
        #expect(y.shape == [2, 3, 2])
        #expect(y.array == [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12])
        let grads = try cat.backward(try Tensor(shape: [2, 3, 2], values: (1...12).map(Float.init)))
        #expect(grads.map(\.shape) == [[2, 1, 2], [2, 2, 2]])
        #expect(grads[0].array == [1, 2, 7, 8])
        #expect(grads[1].array == [3, 4, 5, 6, 9, 10, 11, 12])
    }

    @Test func otherDims() throws {
        let first = try Concat(dim: 0)
        let y0 = try first.forward([try Tensor(shape: [1, 2], values: [1, 2]),
                                    try Tensor(shape: [2, 2], values: [3, 4, 5, 6])])
        #expect(y0.shape == [3, 2] && y0.array == [1, 2, 3, 4, 5, 6])

        let last = try Concat(dim: -1)
        let a = try Tensor(shape: [2, 1], values: [1, 2]), b = try Tensor(shape: [2, 2], values: [3, 4, 5, 6])
        let c = try Tensor(shape: [2, 3], values: [7, 8, 9, 10, 11, 12])
        let y1 = try last.forward([a, b, c])
        #expect(y1.shape == [2, 6] && y1.array == [1, 3, 4, 7, 8, 9, 2, 5, 6, 10, 11, 12])
        let back = try last.backward(y1)
        #expect(back.map(\.array) == [a.array, b.array, c.array])

        let single = try Concat()
        #expect(try single.forward([b]).array == b.array)
        #expect(try single.backward(b).map(\.array) == [b.array])
    }

    @Test(arguments: [1, 2, -1, 0])
    func gradientsMatchFiniteDifferences(dim: Int) throws {
        let cat = try Concat(dim: dim)
        let shapes: [[Int]] = dim == 0 ? [[1, 2, 2], [2, 2, 2]]
            : dim == 1 ? [[2, 1, 2], [2, 3, 2], [2, 2, 2]] : [[2, 2, 3], [2, 2, 1]]
        let inputs = shapes.enumerated().map { randomTensor($0.element, seed: 110 + UInt64($0.offset)) }
        let output = try cat.forward(inputs)
        let projection = randomTensor(output.shape, seed: 120)
        let grads = try cat.backward(projection).map { $0.copy() }
        for (i, input) in inputs.enumerated() {
            let result = try GradientCheck().compare(name: "input \(i)", value: input, analytic: grads[i]) {
                Kernels.dot(try cat.forward(inputs), projection)
            }
            #expect(result.passed, "\(result)")
            #expect(result.checked == input.count)
        }
    }

    @Test func errors() throws {
        let cat = try Concat()
        cat.path = "neck.cat"
        #expect(throws: EngineError.invalidState("neck.cat", "backward called before forward")) {
            try cat.backward(Tensor(zeros: [2]))
        }
        #expect(throws: EngineError.shapeMismatch("neck.cat", "needs at least one input, got none")) {
            try cat.forward([])
        }
        #expect(throws: EngineError.shapeMismatch(
            "neck.cat", "input 1 has shape [3, 2, 4], incompatible with input 0 of shape [2, 2, 4] "
                + "for concatenation along dim 1")) {
            try cat.forward([Tensor(zeros: [2, 2, 4]), Tensor(zeros: [3, 2, 4])])
        }
        #expect(throws: EngineError.shapeMismatch(
            "neck.cat", "input 2 has shape [2, 2], incompatible with input 0 of shape [2, 2, 4] "
                + "for concatenation along dim 1")) {
            try cat.forward([Tensor(zeros: [2, 2, 4]), Tensor(zeros: [2, 1, 4]), Tensor(zeros: [2, 2])])
        }
        let far = try Concat(dim: 3)
        far.path = "c"
        #expect(throws: EngineError.shapeMismatch("c", "dim 3 is out of range for input 0 of shape [2, 2, 4]")) {
            try far.forward([Tensor(zeros: [2, 2, 4])])
        }
        _ = try cat.forward([Tensor(zeros: [2, 2, 4]), Tensor(zeros: [2, 1, 4])])
        #expect(throws: EngineError.shapeMismatch("neck.cat", "gradOutput must have shape [2, 3, 4], got [2, 4, 4]")) {
            try cat.backward(Tensor(zeros: [2, 4, 4]))
        }
    }
}
