import Foundation
import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct BCEWithLogitsLossTests {
    @Test func handWorked() throws {
        // x = 0, y = 1: −log σ(0) = log 2 = 0.6931472.
        // x = log 3 (σ = 3/4), y = 0.5: −0.5·log(3/4) − 0.5·log(1/4) = 0.8369882.
        // mean = 0.7650677; gradient (σ − y)/2 = [−0.25, 0.125].
        let loss = BCEWithLogitsLoss()
        let x = try Tensor(shape: [2, 1], values: [0, Float(log(3.0))])
        let y = try Tensor(shape: [2, 1], values: [1, 0.5])
        #expect(abs(try loss.forward(x, y) - 0.7650677) < 1e-6)
        expectClose(try loss.backward(), [-0.25, 0.125])
    }

    @Test func extremeLogitsAreFiniteAndRight() throws {
        // Right answers at ±100 cost e⁻¹⁰⁰ ≈ 0; wrong ones cost 100 each. The naive
        // −y·log σ(x) form would give log(0) = −∞ here.
        let loss = BCEWithLogitsLoss()
        let x = try Tensor(shape: [4], values: [100, -100, 100, -100])
        let y = try Tensor(shape: [4], values: [1, 0, 0, 1])
        let value = try loss.forward(x, y)
        #expect(value.isFinite)
        #expect(abs(value - 50) < 1e-5)
        let g = try loss.backward()
        #expect(Kernels.allFinite(g))
        expectClose(g, [0, 0, 0.25, -0.25], tolerance: 1e-7)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let x = randomTensor([3, 5], seed: 4, scale: 3)
        let y = Tensor(zeros: [3, 5])
        Generator(seed: 5).fillUniform(y, low: 0, high: 1)
        try expectLossGradientMatches(BCEWithLogitsLoss(), input: x, target: y)
    }

    @Test func errors() throws {
        let loss = BCEWithLogitsLoss()
        #expect(throws: EngineError.shapeMismatch(
            "BCEWithLogitsLoss", "target must have the input's shape [3, 2], got [2, 3]")) {
            try loss.forward(Tensor(zeros: [3, 2]), Tensor(zeros: [2, 3]))
        }
        #expect(throws: EngineError.shapeMismatch(
            "BCEWithLogitsLoss", "input is empty (shape [0, 2]); the mean is undefined")) {
            try loss.forward(Tensor(zeros: [0, 2]), Tensor(zeros: [0, 2]))
        }
        #expect(throws: EngineError.invalidState("BCEWithLogitsLoss", "backward called before forward")) {
            try loss.backward()
        }
    }
}
