import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct MSELossTests {
    @Test func handWorked() throws {
        // differences [0, 2, −2]: (0 + 4 + 4)/3; gradient 2·d/3.
        let loss = MSELoss()
        let x = try Tensor(shape: [3], values: [1, 2, 3])
        let y = try Tensor(shape: [3], values: [1, 0, 5])
        #expect(abs(try loss.forward(x, y) - 8.0 / 3) < 1e-6)
        expectClose(try loss.backward(), [0, 4.0 / 3, -4.0 / 3])
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        try expectLossGradientMatches(MSELoss(), input: randomTensor([2, 3, 2], seed: 1),
                                      target: randomTensor([2, 3, 2], seed: 2))
    }

    @Test func errors() throws {
        let loss = MSELoss()
        #expect(throws: EngineError.shapeMismatch("MSELoss", "target must have the input's shape [4], got [4, 1]")) {
            try loss.forward(Tensor(zeros: [4]), Tensor(zeros: [4, 1]))
        }
        #expect(throws: EngineError.invalidState("MSELoss", "backward called before forward")) {
            try loss.backward()
        }
    }
}
