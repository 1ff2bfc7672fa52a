import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct InitializerTests {
    private func moments(_ t: Tensor) -> (mean: Double, std: Double) {
        let values = t.array.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    /// Sample mean within 4 standard errors of 0 and sample std within 3% of `std`
    /// (the std's standard error is about 1/√(2n) ≈ 0.7% for n ≈ 10⁴).
    private func expectNormal(
        _ t: Tensor, mean: Double = 0, std: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let (m, s) = moments(t)
        #expect(abs(m - mean) < 4 * std / Double(t.count).squareRoot(), "mean \(m)", sourceLocation: sourceLocation)
        #expect(abs(s / std - 1) < 0.03, "std \(s) vs \(std)", sourceLocation: sourceLocation)
    }

    /// Every value within ±bound, the extremes near the bound, and std bound/√3.
    private func expectUniform(_ t: Tensor, bound: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let values = t.array.map(Double.init)
        #expect(values.allSatisfy { abs($0) <= bound }, "value outside ±\(bound)", sourceLocation: sourceLocation)
        #expect(values.max()! > 0.99 * bound && values.min()! < -0.99 * bound, sourceLocation: sourceLocation)
        expectNormal(t, std: bound / 3.0.squareRoot(), sourceLocation: sourceLocation)
    }

    @Test func fansFollowPyTorch() throws {
        #expect(try Init.fans([64, 3, 7, 7]) == (147, 3136))
        #expect(try Init.fans([10, 20]) == (20, 10))
        #expect(try Init.fans([4, 5, 6]) == (30, 24))
        #expect(try Init.fans([8, 2, 3, 3, 3]) == (54, 216))
        #expect(throws: EngineError.invalidArgument(
            "Init", "fan in and fan out need a tensor with at least 2 dimensions, got shape [5]")) {
            try Init.fans([5])
        }
        expectInvalidArgument("Init.kaimingNormal", containing: "at least 2 dimensions") {
            try Init.kaimingNormal(Tensor(zeros: [5]), generator: Generator(seed: 0))
        }
        expectInvalidArgument("Init.xavierUniform", containing: "at least 2 dimensions") {
            try Init.xavierUniform(Tensor(zeros: [5]), generator: Generator(seed: 0))
        }
    }

    @Test func gains() {
        #expect(Nonlinearity.linear.gain == 1 && Nonlinearity.sigmoid.gain == 1)
        #expect(abs(Nonlinearity.relu.gain - 1.4142135) < 1e-6)
        #expect(abs(Nonlinearity.tanh.gain - 5.0 / 3) < 1e-6)
        #expect(abs(Nonlinearity.leakyReLU(negativeSlope: 0.2).gain - 1.3867505) < 1e-6)  // √(2/1.04)
        #expect(Nonlinearity.leakyReLU(negativeSlope: 0).gain == Nonlinearity.relu.gain)
        #expect(Nonlinearity.selu.gain == 0.75)
    }

    /// Conv weight [64, 3, 7, 7]: fan_in 147, fan_out 3136.
    @Test func kaimingNormal() throws {
        let w = Tensor(zeros: [64, 3, 7, 7])
        try Init.kaimingNormal(w, generator: Generator(seed: 1))
        expectNormal(w, std: (2.0 / 147).squareRoot())
        try Init.kaimingNormal(w, mode: .fanOut, nonlinearity: .relu, generator: Generator(seed: 2))
        expectNormal(w, std: (2.0 / 3136).squareRoot())
        try Init.kaimingNormal(w, nonlinearity: .linear, generator: Generator(seed: 3))
        expectNormal(w, std: (1.0 / 147).squareRoot())
    }

    @Test func kaimingUniform() throws {
        let w = Tensor(zeros: [64, 3, 7, 7])
        try Init.kaimingUniform(w, generator: Generator(seed: 4))
        expectUniform(w, bound: (6.0 / 147).squareRoot())
        // leaky_relu(a = √5) is what nn.Linear / nn.Conv2d use: bound 1/√fan_in.
        try Init.kaimingUniform(w, nonlinearity: .leakyReLU(negativeSlope: Float(5.0.squareRoot())),
                                generator: Generator(seed: 5))
        expectUniform(w, bound: 1 / 147.0.squareRoot())
        try Init.kaimingUniform(w, mode: .fanOut, nonlinearity: .leakyReLU(negativeSlope: 0.2),
                                generator: Generator(seed: 6))
        expectUniform(w, bound: (2 / 1.04).squareRoot() * (3.0 / 3136).squareRoot())
    }

    @Test func xavier() throws {
        let w = Tensor(zeros: [128, 96])
        try Init.xavierUniform(w, generator: Generator(seed: 7))
        expectUniform(w, bound: (6.0 / 224).squareRoot())
        try Init.xavierUniform(w, gain: 5.0 / 3, generator: Generator(seed: 8))
        expectUniform(w, bound: 5.0 / 3 * (6.0 / 224).squareRoot())
        try Init.xavierNormal(w, generator: Generator(seed: 9))
        expectNormal(w, std: (2.0 / 224).squareRoot())
        try Init.xavierNormal(w, gain: 2, generator: Generator(seed: 10))
        expectNormal(w, std: 2 * (2.0 / 224).squareRoot())
        let conv = Tensor(zeros: [64, 3, 7, 7])
        try Init.xavierNormal(conv, generator: Generator(seed: 11))
        expectNormal(conv, std: (2.0 / (147 + 3136)).squareRoot())
    }

    /// DCGAN's N(0, 0.02), and a shifted normal (DCGAN's batch-norm weights, N(1, 0.02)).
    @Test func normalAndUniform() throws {
        let w = Tensor(zeros: [100, 100])
        try Init.normal(w, mean: 0, std: 0.02, generator: Generator(seed: 12))
        expectNormal(w, std: 0.02)
        try Init.normal(w, mean: 1, std: 0.02, generator: Generator(seed: 13))
        expectNormal(w, mean: 1, std: 0.02)
        try Init.uniform(w, low: -0.5, high: 0.5, generator: Generator(seed: 14))
        expectUniform(w, bound: 0.5)
        expectInvalidArgument("Init.normal", containing: "std") {
            try Init.normal(w, std: -1, generator: Generator(seed: 0))
        }
        expectInvalidArgument("Init.uniform", containing: "low <= high") {
            try Init.uniform(w, low: 1, high: 0, generator: Generator(seed: 0))
        }
        expectInvalidArgument("Init.xavierNormal", containing: "gain") {
            try Init.xavierNormal(w, gain: -1, generator: Generator(seed: 0))
        }
    }

    @Test func constants() {
        let t = Tensor(shape: [3, 2], repeating: 9)
        Init.zeros(t); #expect(t.array.allSatisfy { $0 == 0 })
        Init.ones(t); #expect(t.array.allSatisfy { $0 == 1 })
        Init.constant(t, -0.25); #expect(t.array.allSatisfy { $0 == -0.25 })
    }

    /// The same seed gives the same weights; another seed does not.
    @Test func deterministicFromGenerator() throws {
        let a = Tensor(zeros: [16, 8]), b = Tensor(zeros: [16, 8]), c = Tensor(zeros: [16, 8])
        try Init.kaimingNormal(a, generator: Generator(seed: 42))
        try Init.kaimingNormal(b, generator: Generator(seed: 42))
        try Init.kaimingNormal(c, generator: Generator(seed: 43))
        #expect(a.array == b.array && a.array != c.array)
    }

    /// A zero-element tensor is left alone, as PyTorch does, even with a fan of 0.
    @Test func emptyTensorIsNoOp() throws {
        let empty = Tensor(zeros: [0, 3])
        try Init.kaimingUniform(empty, generator: Generator(seed: 0))
        try Init.xavierNormal(empty, generator: Generator(seed: 0))
        #expect(empty.count == 0)
    }
}
