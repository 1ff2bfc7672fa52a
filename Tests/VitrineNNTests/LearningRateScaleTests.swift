import Testing
import VitrineEngine
@testable import VitrineNN

/// A learning-rate scale must make a parameter follow exactly the trajectory it would have
/// with `lr · scale` (a PyTorch parameter group), while the other parameters keep `lr`.
@Suite struct LearningRateScaleTests {
    enum Kind: CaseIterable { case sgd, adam, adamW }

    static let lr: Float = 0.01, scale: Float = 25, weightDecay: Float = 0.1, steps = 4

    func check(_ kind: Kind) throws {
        let proxies = try makeParameter([0.5, -1.2, 2, 0.3])
        let rest = try makeParameter([0.1, -0.4, 0.7])
        let named = [("loss.weight", proxies), ("fc.weight", rest)]
        let scales = ["loss.weight": Self.scale]
        let optimizer: any Optimizer
        switch kind {
        case .sgd:
            optimizer = try SGD(parameters: named, learningRate: Self.lr, momentum: 0.9,
                                weightDecay: Self.weightDecay, learningRateScales: scales)
        case .adam:
            optimizer = try Adam(parameters: named, learningRate: Self.lr, weightDecay: Self.weightDecay,
                                 learningRateScales: scales)
        case .adamW:
            optimizer = try AdamW(parameters: named, learningRate: Self.lr, weightDecay: Self.weightDecay,
                                  learningRateScales: scales)
        }
        var expected = [proxies, rest].map { $0.value.array.map(Double.init) }
        var buffers: [[Double]?] = [nil, nil]
        var moments = expected.map { [Double](repeating: 0, count: $0.count) }
        var squares = moments
        let gradients = [gradientSequence(steps: Self.steps, count: 4, seed: 5),
                         gradientSequence(steps: Self.steps, count: 3, seed: 6)]
        for t in 0..<Self.steps {
            setGradient(proxies, gradients[0][t])
            setGradient(rest, gradients[1][t])
            optimizer.step()
            for i in 0..<2 {
                let lr = i == 0 ? Self.lr * Self.scale : Self.lr
                switch kind {
                case .sgd:
                    referenceSGDStep(p: &expected[i], buf: &buffers[i], grad: gradients[i][t], lr: lr, momentum: 0.9,
                                     dampening: 0, nesterov: false, weightDecay: Self.weightDecay)
                case .adam, .adamW:
                    referenceAdamStep(p: &expected[i], m: &moments[i], v: &squares[i], grad: gradients[i][t],
                                      t: t + 1, lr: lr, beta1: 0.9, beta2: 0.999, eps: 1e-8,
                                      weightDecay: Self.weightDecay, decoupled: kind == .adamW)
                }
            }
            expectValues(proxies.value, expected[0], "\(kind) scaled parameter, step \(t + 1)")
            expectValues(rest.value, expected[1], "\(kind) unscaled parameter, step \(t + 1)")
        }
    }

    @Test(arguments: Kind.allCases) func scaledParameterFollowsItsOwnLearningRate(_ kind: Kind) throws {
        try check(kind)
    }

    @Test func scalesMustNameAParameterAndBeNonNegative() throws {
        let named = [("fc.weight", try makeParameter([1, 2]))]
        expectInvalidArgument("SGD", containing: "'loss.weight', which is not among the parameters") {
            _ = try SGD(parameters: named, learningRate: 0.1, learningRateScales: ["loss.weight": 2])
        }
        expectInvalidArgument("AdamW", containing: "learning-rate scale of 'fc.weight'") {
            _ = try AdamW(parameters: named, learningRate: 0.1, learningRateScales: ["fc.weight": -1])
        }
        expectInvalidArgument("Adam", containing: "learning-rate scale of 'fc.weight'") {
            _ = try Adam(parameters: named, learningRate: 0.1, learningRateScales: ["fc.weight": .infinity])
        }
    }
}
