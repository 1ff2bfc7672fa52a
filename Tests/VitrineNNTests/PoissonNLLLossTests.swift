import Foundation
import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct PoissonNLLLossTests {
    @Test func handWorked() throws {
        // x = [0, log 2, −1], y = [1, 3, 0]: exp(x) − y·x = [1, 2 − 3·log 2, e⁻¹]
        //   = [1, −0.0794415, 0.3678794], mean 0.4294793; gradient (exp(x) − y)/3 = [0, −1/3, e⁻¹/3].
        let loss = PoissonNLLLoss()
        let x = try Tensor(shape: [3], values: [0, Float(log(2.0)), -1])
        let y = try Tensor(shape: [3], values: [1, 3, 0])
        #expect(abs(try loss.forward(x, y) - 0.4294793) < 1e-6)
        expectClose(try loss.backward(), [0, -1.0 / 3, 0.1226265])
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let y = Tensor(zeros: [3, 4])
        Generator(seed: 2).fillUniform(y, low: 0, high: 5)
        try expectLossGradientMatches(PoissonNLLLoss(), input: randomTensor([3, 4], seed: 1), target: y)
    }

    @Test func errors() throws {
        let loss = PoissonNLLLoss()
        #expect(throws: EngineError.shapeMismatch("PoissonNLLLoss", "target must have the input's shape [3], got [3, 1]")) {
            try loss.forward(Tensor(zeros: [3]), Tensor(zeros: [3, 1]))
        }
        #expect(throws: EngineError.invalidState("PoissonNLLLoss", "backward called before forward")) {
            try loss.backward()
        }
    }
}
