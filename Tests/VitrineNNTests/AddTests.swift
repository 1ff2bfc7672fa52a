import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct AddTests {
    @Test func forwardAndBackwardByHand() throws {
        let add = Add()
        let a = try Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        let b = try Tensor(shape: [2, 2], values: [10, -20, 0.5, 0])
        #expect(try add.forward(a, b).array == [11, -18, 3.5, 4])
        let g = try Tensor(shape: [2, 2], values: [1, -2, 3, -4])
        let (ga, gb) = try add.backward(g)
        #expect(ga.array == g.array && gb.array == g.array)
        // Two tensors, not one: changing one leaves the other (and g) alone.
        ga[0] = 100
        #expect(gb[0] == 1 && g[0] == 1)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let add = Add()
        let a = randomTensor([2, 3, 2], seed: 100), b = randomTensor([2, 3, 2], seed: 101)
        let projection = randomTensor([2, 3, 2], seed: 102)
        _ = try add.forward(a, b)
        let (ga, gb) = try add.backward(projection)
        let objective = { Kernels.dot(try add.forward(a, b), projection) }
        for (name, value, analytic) in [("a", a, ga.copy()), ("b", b, gb.copy())] {
            let result = try GradientCheck().compare(name: name, value: value, analytic: analytic, objective: objective)
            #expect(result.passed, "\(result)")
            #expect(result.checked == 12)
        }
    }

    @Test func errors() throws {
        let add = Add()
        add.path = "layer1.0.add"
        #expect(throws: EngineError.invalidState("layer1.0.add", "backward called before forward")) {
            try add.backward(Tensor(zeros: [2]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "layer1.0.add", "operands must have the same shape, got [2, 3] and [3]")) {
            try add.forward(Tensor(zeros: [2, 3]), Tensor(zeros: [3]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "layer1.0.add", "operands must have the same shape, got [2, 3] and [3, 2]")) {
            try add.forward(Tensor(zeros: [2, 3]), Tensor(zeros: [3, 2]))
        }
        _ = try add.forward(Tensor(zeros: [2, 3]), Tensor(zeros: [2, 3]))
        #expect(throws: EngineError.shapeMismatch("layer1.0.add", "gradOutput must have shape [2, 3], got [6]")) {
            try add.backward(Tensor(zeros: [6]))
        }
    }
}
