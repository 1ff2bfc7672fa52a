import Foundation
import Testing
import VitrineEngine
@testable import VitrineNN

/// Holds a loss as a child so its path is a dotted name, as in a model.
private final class Criterion: Module {
    let criterion: CrossEntropyLoss
    init(_ loss: CrossEntropyLoss) { criterion = loss; super.init() }
}

@Suite struct CrossEntropyLossTests {
    // Logits [[1, 2, 3], [2, 0, 0]], targets [2, 1], worked by hand:
    //   row 0: log Σ e^z = 3 + log(1 + e⁻¹ + e⁻²) = 3.4076060; −log p[2] = 0.4076060
    //   row 1: log Σ e^z = log(e² + 2) = 2.2395447;          −log p[1] = 2.2395447
    //   mean = 1.3235754
    // With ε = 0.1, mean_c(−log p[c]) = log Σ e^z − mean(z): row 0 1.4076060, row 1 1.5728780;
    //   row 0: 0.9·0.4076060 + 0.1·1.4076060 = 0.5076060
    //   row 1: 0.9·2.2395447 + 0.1·1.5728780 = 2.1728780;  mean = 1.3402420
    private let logits = try! Tensor(shape: [2, 3], values: [1, 2, 3, 2, 0, 0])

    @Test func handWorkedWithoutSmoothing() throws {
        let loss = CrossEntropyLoss()
        #expect(loss.labelSmoothing == 0)
        #expect(abs(try loss.forward(logits, [2, 1]) - 1.3235754) < 1e-6)
        // (softmax − onehot) / N; softmax rows [0.0900306, 0.2447285, 0.6652410],
        // [0.7869860, 0.1065070, 0.1065070].
        expectClose(try loss.backward(), [0.0450153, 0.1223642, -0.1673795, 0.3934930, -0.4467465, 0.0532535])
    }

    @Test func handWorkedWithSmoothing() throws {
        let loss = try CrossEntropyLoss(labelSmoothing: 0.1)
        #expect(abs(try loss.forward(logits, [2, 1]) - 1.3402420) < 1e-6)
        // (softmax − 0.9·onehot − 0.1/3) / N
        expectClose(try loss.backward(), [0.0283486, 0.1056976, -0.1340462, 0.3768264, -0.4134132, 0.0365868])
    }

    @Test func largeLogitsStayFinite() throws {
        let loss = CrossEntropyLoss()
        let x = try Tensor(shape: [2, 3], values: [1000, 0, -1000, 500, 500, -500])
        // Row 0 is certain of class 0 and told class 1: −log p = 1000. Row 1: log 2.
        let value = try loss.forward(x, [1, 0])
        #expect(abs(value - (1000 + Float(log(2.0))) / 2) < 1e-3)
        let g = try loss.backward()
        #expect(Kernels.allFinite(g))
        expectClose(g, [0.5, -0.5, 0, -0.25, 0.25, 0])
    }

    @Test(arguments: [Float(0), 0.1, 0.5, 1])
    func gradientMatchesFiniteDifferences(_ smoothing: Float) throws {
        let loss = try CrossEntropyLoss(labelSmoothing: smoothing)
        try expectLossGradientMatches(loss, input: randomTensor([5, 4], seed: 3, scale: 2),
                                      target: [0, 3, 1, 1, 2])
    }

    @Test func invalidSmoothing() {
        #expect(throws: EngineError.invalidArgument("CrossEntropyLoss", "label smoothing must be in [0, 1], got 1.5")) {
            try CrossEntropyLoss(labelSmoothing: 1.5)
        }
        #expect(throws: EngineError.invalidArgument("CrossEntropyLoss", "label smoothing must be in [0, 1], got -0.1")) {
            try CrossEntropyLoss(labelSmoothing: -0.1)
        }
    }

    @Test func shapeAndIndexErrorsNameThePath() throws {
        let holder = Criterion(CrossEntropyLoss())
        holder.nameModules()
        let loss = holder.criterion
        #expect(throws: EngineError.shapeMismatch(
            "criterion", "target has 3 class indices but input [2, 3] has 2 rows")) {
            try loss.forward(logits, [0, 1, 2])
        }
        #expect(throws: EngineError.invalidArgument(
            "criterion", "target[1] = 3 is not a class index in 0..<3 (input [2, 3])")) {
            try loss.forward(logits, [0, 3])
        }
        #expect(throws: EngineError.invalidArgument(
            "criterion", "target[0] = -100 is not a class index in 0..<3 (input [2, 3])")) {
            try loss.forward(logits, [-100, 0])
        }
        #expect(throws: EngineError.shapeMismatch("criterion", "input must have 2 dimensions, got shape [6]")) {
            try loss.forward(Tensor(zeros: [6]), [0])
        }
        #expect(throws: EngineError.shapeMismatch("criterion", "input must be [N, C] with N, C > 0, got [0, 3]")) {
            try loss.forward(Tensor(zeros: [0, 3]), [])
        }
        #expect(throws: EngineError.invalidState("CrossEntropyLoss", "backward called before forward")) {
            try CrossEntropyLoss().backward()
        }
    }
}
