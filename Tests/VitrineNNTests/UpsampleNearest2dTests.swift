import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct UpsampleNearest2dTests {
    @Test func handWorkedNonSquareScale() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], values: [1, 2, 3, 4])
        let up = try UpsampleNearest2d(scaleFactor: Size2(2, 3))
        let y = try up.forward(x)
        #expect(y.shape == [1, 1, 4, 6])
        expectClose(y, [
            1, 1, 1, 2, 2, 2,
            1, 1, 1, 2, 2, 2,
            3, 3, 3, 4, 4, 4,
            3, 3, 3, 4, 4, 4,
        ])
        // Each input gathers the gradients of its 2×3 block.
        let g = try Tensor(shape: [1, 1, 4, 6], values: (0..<24).map(Float.init))
        // Block sums: rows 0–1 × cols 0–2 = (0+1+2) + (6+7+8) = 24, cols 3–5 = (3+4+5) + (9+10+11) = 42;
        // rows 2–3: (12+13+14) + (18+19+20) = 96, then (15+16+17) + (21+22+23) = 114.
        expectClose(try up.backward(g), [24, 42, 96, 114])
    }

    @Test func matchesNaiveIndexing() throws {
        let x = randomTensor([2, 3, 3, 2], seed: 8)
        let up = try UpsampleNearest2d(scaleFactor: Size2(3, 2))
        let y = try up.forward(x)
        #expect(y.shape == [2, 3, 9, 4])
        var expected: [Float] = []
        for p in 0..<6 {
            for oh in 0..<9 { for ow in 0..<4 { expected.append(x[p * 6 + (oh / 3) * 2 + ow / 2]) } }
        }
        #expect(y.array == expected)
    }

    @Test(arguments: [Size2(1), Size2(2), Size2(2, 1), Size2(1, 3)])
    func gradientMatchesFiniteDifferences(_ scale: Size2) throws {
        try expectGradientsMatch(try UpsampleNearest2d(scaleFactor: scale), input: randomTensor([2, 2, 3, 2], seed: 9))
    }

    @Test func errors() throws {
        #expect(throws: EngineError.invalidArgument("UpsampleNearest2d", "scale factor must be positive, got (2, 0)")) {
            try UpsampleNearest2d(scaleFactor: Size2(2, 0))
        }
        let model = Sequential(try UpsampleNearest2d(scaleFactor: 2))
        model.nameModules()
        #expect(throws: EngineError.shapeMismatch("0", "input must have 4 dimensions, got shape [3, 4]")) {
            try model.forward(Tensor(zeros: [3, 4]))
        }
        #expect(throws: EngineError.invalidState("0", "backward called before forward")) {
            try model.backward(Tensor(zeros: [1, 1, 2, 2]))
        }
        _ = try model.forward(Tensor(zeros: [1, 1, 2, 2]))
        #expect(throws: EngineError.shapeMismatch("0", "gradOutput must have shape [1, 1, 4, 4], got [1, 1, 2, 2]")) {
            try model.backward(Tensor(zeros: [1, 1, 2, 2]))
        }
    }
}
