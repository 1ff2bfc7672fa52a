import Testing
import VitrineEngine
@testable import VitrineNN

/// End-to-end sanity: each optimizer fits a linear regression y = X·w + b on generated data.
@Suite struct OptimizerTrainingTests {
    private static let trueWeight: [Float] = [1.5, -2, 0.5], trueBias: Float = 0.3

    /// Mean squared error of `prediction` [N, 1] against `target` [N]; writes d(loss)/d(prediction).
    private func mse(_ prediction: Tensor, _ target: [Float], gradient: Tensor) -> Double {
        let n = target.count
        gradient.resize([n, 1])
        var loss = 0.0
        for i in 0..<n {
            let diff = prediction[i] - target[i]
            loss += Double(diff) * Double(diff)
            gradient[i] = 2 * diff / Float(n)
        }
        return loss / Double(n)
    }

    /// Trains for `steps` full-batch steps and returns (initial loss, final loss).
    private func fit(
        steps: Int, schedule: (any LearningRateSchedule)? = nil,
        _ make: ([(String, Parameter)]) throws -> any Optimizer
    ) throws -> (Double, Double) {
        let generator = Generator(seed: 5)
        let model = try Linear(3, 1, generator: generator)
        let n = 64
        let x = Tensor(zeros: [n, 3])
        generator.fillNormal(x)
        let target = (0..<n).map { i in
            (0..<3).reduce(Self.trueBias) { $0 + x[[i, $1]] * Self.trueWeight[$1] }
        }
        let optimizer = try make(model.namedParameters())
        let gradient = Tensor(zeros: [n, 1])
        var first = 0.0, last = 0.0
        for step in 0..<steps {
            if let schedule { optimizer.applySchedule(schedule) }
            optimizer.zeroGrad()
            let loss = mse(try model.forward(x), target, gradient: gradient)
            if step == 0 { first = loss }
            _ = try model.backward(gradient)
            optimizer.step()
        }
        last = mse(try model.forward(x), target, gradient: gradient)
        return (first, last)
    }

    private func expectFits(_ result: (Double, Double), sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.0 > 1, "initial loss \(result.0)", sourceLocation: sourceLocation)
        #expect(result.1 * 100 < result.0, "loss \(result.0) → \(result.1)", sourceLocation: sourceLocation)
    }

    @Test func sgd() throws {
        expectFits(try fit(steps: 150) { try SGD(parameters: $0, learningRate: 0.1) })
    }

    @Test func sgdNesterov() throws {
        expectFits(try fit(steps: 100) {
            try SGD(parameters: $0, learningRate: 0.05, momentum: 0.9, nesterov: true)
        })
    }

    @Test func adam() throws {
        expectFits(try fit(steps: 300) { try Adam(parameters: $0, learningRate: 0.05) })
    }

    @Test func adamWWithWarmupAndCosine() throws {
        let schedule = try WarmupSchedule(warmupSteps: 20, then: CosineSchedule(base: 0.1, totalSteps: 300))
        expectFits(try fit(steps: 300, schedule: schedule) {
            try AdamW(parameters: $0, learningRate: 0.1, weightDecay: 0.01)
        })
    }
}
