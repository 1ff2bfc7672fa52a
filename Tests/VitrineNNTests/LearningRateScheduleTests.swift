import Foundation
import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct LearningRateScheduleTests {
    private func expectRates(
        _ schedule: any LearningRateSchedule, _ expected: [Int: Double],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (step, rate) in expected.sorted(by: { $0.key < $1.key }) {
            let got = Double(schedule.learningRate(at: step))
            #expect(abs(got - rate) <= 1e-6 * max(1, abs(rate)), "step \(step): \(got) vs \(rate)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func stepSchedule() throws {
        let s = try StepSchedule(base: 0.1, stepSize: 3, gamma: 0.5)
        expectRates(s, [-2: 0.1, 0: 0.1, 2: 0.1, 3: 0.05, 5: 0.05, 6: 0.025, 9: 0.0125, 30: 0.1 / 1024])
    }

    /// (1 + cos(π·2/10))/2 = (1 + 0.80901699)/2 = 0.90450850.
    @Test func cosineSchedule() throws {
        let s = try CosineSchedule(base: 1, totalSteps: 10)
        expectRates(s, [0: 1, 2: 0.9045085, 5: 0.5, 8: 1 - 0.9045085, 10: 0, 15: 0, -1: 1])
        let withFloor = try CosineSchedule(base: 0.1, totalSteps: 10, minimum: 0.01)
        expectRates(withFloor, [0: 0.1, 2: 0.01 + 0.09 * 0.9045085, 5: 0.055, 10: 0.01, 11: 0.01, 1000: 0.01])
    }

    /// lr(s) = then(s)·(s+1)/W below W, then(s) after.
    @Test func warmupSchedule() throws {
        let s = try WarmupSchedule(warmupSteps: 4, then: ConstantSchedule(0.8))
        expectRates(s, [0: 0.2, 1: 0.4, 2: 0.6, 3: 0.8, 4: 0.8, 100: 0.8])
        let none = try WarmupSchedule(warmupSteps: 0, then: ConstantSchedule(0.3))
        expectRates(none, [0: 0.3, 5: 0.3])
    }

    /// The wrapped schedule runs on the global step: a cosine over 10 steps behind a warmup
    /// of 4 is already decaying during the warmup.
    @Test func schedulesCompose() throws {
        let cosine = try CosineSchedule(base: 1, totalSteps: 10)
        let s = try WarmupSchedule(warmupSteps: 4, then: cosine)
        let c2 = (1 + cos(Double.pi * 0.2)) / 2, c3 = (1 + cos(Double.pi * 0.3)) / 2
        expectRates(s, [0: 0.25, 2: c2 * 0.75, 3: c3, 4: Double(cosine.learningRate(at: 4)), 10: 0])
        let stepped = try WarmupSchedule(warmupSteps: 2, then: StepSchedule(base: 1, stepSize: 1, gamma: 0.5))
        expectRates(stepped, [0: 0.5, 1: 0.5, 2: 0.25, 3: 0.125])
        let nested = try WarmupSchedule(warmupSteps: 2, then: WarmupSchedule(warmupSteps: 4, then: ConstantSchedule(1)))
        expectRates(nested, [0: 0.125, 1: 0.5, 2: 0.75, 4: 1])
    }

    @Test func optimizerFollowsSchedule() throws {
        let p = try makeParameter([0])
        let sgd = try SGD(parameters: [("p", p)], learningRate: 1)
        let schedule = try StepSchedule(base: 1, stepSize: 2, gamma: 0.1)
        for _ in 0..<4 {
            sgd.applySchedule(schedule)
            setGradient(p, [-1])
            sgd.step()
        }
        // Steps of 1, 1, 0.1, 0.1 along the negative gradient.
        #expect(abs(p.value[0] - 2.2) < 1e-6)
        sgd.applySchedule(schedule)
        #expect(abs(sgd.learningRate - 0.01) < 1e-9)
    }

    @Test func invalidArguments() throws {
        expectInvalidArgument("StepSchedule", containing: "step size") { _ = try StepSchedule(base: 0.1, stepSize: 0, gamma: 0.1) }
        expectInvalidArgument("StepSchedule", containing: "gamma") { _ = try StepSchedule(base: 0.1, stepSize: 3, gamma: 0) }
        expectInvalidArgument("StepSchedule", containing: "base") { _ = try StepSchedule(base: -0.1, stepSize: 3, gamma: 0.1) }
        expectInvalidArgument("CosineSchedule", containing: "total steps") { _ = try CosineSchedule(base: 1, totalSteps: 0) }
        expectInvalidArgument("CosineSchedule", containing: "must not exceed") {
            _ = try CosineSchedule(base: 0.1, totalSteps: 10, minimum: 0.2)
        }
        expectInvalidArgument("CosineSchedule", containing: "minimum") {
            _ = try CosineSchedule(base: 0.1, totalSteps: 10, minimum: -0.2)
        }
        expectInvalidArgument("WarmupSchedule", containing: "warmup steps") {
            _ = try WarmupSchedule(warmupSteps: -1, then: ConstantSchedule(1))
        }
        expectInvalidArgument("ConstantSchedule", containing: "learning rate") { _ = try ConstantSchedule(.infinity) }
    }
}
