import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct SmoothL1LossTests {
    @Test func handWorkedBothSidesOfBeta() throws {
        let x = try Tensor(shape: [4], values: [0.5, -2, 3, 1])
        let y = try Tensor(shape: [4], values: [0, 0, 0, 1])
        // beta 1, d = [0.5, −2, 3, 0]: [0.5·0.25, 2 − 0.5, 3 − 0.5, 0] = [0.125, 1.5, 2.5, 0], mean 1.03125;
        // gradient [0.5, −1, 1, 0] / 4.
        let one = SmoothL1Loss()
        #expect(one.beta == 1)
        #expect(abs(try one.forward(x, y) - 1.03125) < 1e-6)
        expectClose(try one.backward(), [0.125, -0.25, 0.25, 0])
        // beta 2.5: |d| 0.5 and 2 inside (0.5·d²/2.5 = 0.05, 0.8), 3 outside (3 − 1.25 = 1.75); mean 0.65;
        // gradient [0.5/2.5, −2/2.5, 1, 0] / 4.
        let wide = try SmoothL1Loss(beta: 2.5)
        #expect(abs(try wide.forward(x, y) - 0.65) < 1e-6)
        expectClose(try wide.backward(), [0.05, -0.2, 0.25, 0])
    }

    @Test func betaZeroIsL1() throws {
        let x = try Tensor(shape: [4], values: [0.5, -2, 3, 1])
        let y = try Tensor(shape: [4], values: [0, 0, 0, 1])
        let l1 = try SmoothL1Loss(beta: 0)
        // mean |d| = 5.5/4; gradient sign(d)/4 with sign(0) = 0.
        #expect(abs(try l1.forward(x, y) - 1.375) < 1e-6)
        expectClose(try l1.backward(), [0.25, -0.25, 0.25, 0])
    }

    @Test(arguments: [Float(1), 0.3, 0])
    func gradientMatchesFiniteDifferences(_ beta: Float) throws {
        try expectLossGradientMatches(try SmoothL1Loss(beta: beta), input: randomTensor([4, 5], seed: 7),
                                      target: randomTensor([4, 5], seed: 8))
    }

    @Test func errors() throws {
        #expect(throws: EngineError.invalidArgument("SmoothL1Loss", "beta must be finite and non-negative, got -1.0")) {
            try SmoothL1Loss(beta: -1)
        }
        #expect(throws: EngineError.self) { try SmoothL1Loss(beta: .nan) }
        let loss = SmoothL1Loss()
        #expect(throws: EngineError.shapeMismatch("SmoothL1Loss", "target must have the input's shape [2, 2], got [4]")) {
            try loss.forward(Tensor(zeros: [2, 2]), Tensor(zeros: [4]))
        }
        #expect(throws: EngineError.invalidState("SmoothL1Loss", "backward called before forward")) {
            try loss.backward()
        }
    }
}
