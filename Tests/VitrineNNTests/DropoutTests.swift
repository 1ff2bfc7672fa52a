import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct DropoutTests {
    @Test func maskFollowsTheGeneratorInElementOrder() throws {
        let layer = try Dropout(p: 0.3, generator: Generator(seed: 5))
        let x = randomTensor([3, 4, 5], seed: 60)
        let y = try layer.forward(x)
        // The same stream drawn here by the documented rule: keep iff uniform() >= p.
        let draws = Generator(seed: 5)
        let p: Float = 0.3, scale = 1 / (1 - p)
        var expected: [Float] = []
        for i in 0..<x.count { expected.append(draws.uniform() >= Double(p) ? x[i] * scale : 0) }
        expectClose(y, expected)
        #expect(expected.contains(0) && expected.contains { $0 != 0 })
        // The layer's generator advanced by exactly one draw per element.
        #expect(layer.generator.state == draws.state)

        let dy = randomTensor([3, 4, 5], seed: 61)
        let dx = try layer.backward(dy)
        for i in 0..<x.count {
            #expect(dx[i] == (expected[i] == 0 ? 0 : dy[i] * scale), "element \(i)")
        }
    }

    @Test(arguments: [Float(0.1), 0.5, 0.8])
    func maskStatisticsAndScaling(p: Float) throws {
        let layer = try Dropout(p: p, generator: Generator(seed: 7))
        let count = 20_000
        let y = try layer.forward(Tensor(shape: [count], repeating: 1))
        let kept = y.array.filter { $0 != 0 }
        // Every survivor is scaled by exactly 1/(1 − p).
        #expect(kept.allSatisfy { $0 == 1 / (1 - p) })
        // Binomial(20000, 1 − p): the kept fraction is within 4 standard deviations (< 0.015).
        let fraction = Double(kept.count) / Double(count)
        #expect(abs(fraction - Double(1 - p)) < 0.015, "kept \(fraction) with p = \(p)")
        // So the expected activation is preserved.
        #expect(abs(Kernels.sum(y) / Double(count) - 1) < 0.08)
    }

    @Test func evalAndZeroPAreIdentityWithoutDrawing() throws {
        let x = randomTensor([2, 5], seed: 62), dy = randomTensor([2, 5], seed: 63)
        for (p, training) in [(Float(0.5), false), (0, true)] {
            let generator = Generator(seed: 9)
            let layer = try Dropout(p: p, generator: generator)
            layer.train(training)
            #expect(try layer.forward(x).array == x.array)
            #expect(try layer.backward(dy).array == dy.array)
            #expect(generator.state == Generator(seed: 9).state)
        }
    }

    @Test(arguments: [Float(0.2), 0.5])
    func gradients(p: Float) throws {
        let generator = Generator(seed: 11)
        let layer = try Dropout(p: p, generator: generator)
        let checker = GradientCheck(beforeForward: { generator.seed(11) })
        let x = randomTensor([4, 6], seed: 64)
        let results = try expectGradientsMatch(layer, input: x, checker: checker)
        #expect(results.map(\.name) == ["input"])
        layer.eval()
        try expectGradientsMatch(layer, input: x, checker: checker)
    }

    @Test func errors() throws {
        for p: Float in [-0.1, 1, 1.5, .nan] {
            #expect(throws: EngineError.invalidArgument("Dropout", "p must be in [0, 1), got \(p)")) {
                try Dropout(p: p, generator: Generator(seed: 0))
            }
        }
        let layer = try Dropout(generator: Generator(seed: 0))
        #expect(layer.p == 0.5)
        layer.path = "drop"
        #expect(throws: EngineError.invalidState("drop", "backward called before forward")) {
            try layer.backward(Tensor(zeros: [2]))
        }
        _ = try layer.forward(Tensor(zeros: [2, 2]))
        #expect(throws: EngineError.shapeMismatch("drop", "gradOutput must have shape [2, 2], got [4]")) {
            try layer.backward(Tensor(zeros: [4]))
        }
        #expect(layer.namedParameters().isEmpty && layer.namedBuffers().isEmpty)
    }
}
