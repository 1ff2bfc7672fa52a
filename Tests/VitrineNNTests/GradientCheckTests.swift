import Testing
import VitrineEngine
@testable import VitrineNN

/// A Linear layer whose backward is wrong in one subtle way: the bias gradient is scaled.
private final class BrokenLinear: Module, Layer {
    let inner: Linear
    init(_ inner: Linear) { self.inner = inner; super.init() }
    func forward(_ input: Tensor) throws -> Tensor { try inner.forward(input) }
    func backward(_ gradOutput: Tensor) throws -> Tensor {
        let g = try inner.backward(gradOutput)
        let bias = inner.bias!.grad
        for i in 0..<bias.count { bias[i] *= 1.05 }
        return g
    }
}

/// A layer whose input gradient ignores one element.
private final class LeakyIdentity: Module, Layer {
    let out = Tensor(zeros: [0]), grad = Tensor(zeros: [0])
    func forward(_ input: Tensor) throws -> Tensor { out.assign(input); return out }
    func backward(_ gradOutput: Tensor) throws -> Tensor {
        grad.assign(gradOutput)
        grad[grad.count - 1] = 0
        return grad
    }
}

@Suite struct GradientCheckTests {
    @Test func linearPasses() throws {
        let g = Generator(seed: 1)
        let layer = try Linear(5, 3, generator: g)
        let x = Tensor(zeros: [4, 5]); g.fillNormal(x)
        let results = try GradientCheck().check(layer, input: x)
        #expect(results.map(\.name) == ["input", "weight", "bias"])
        for r in results { #expect(r.passed, "\(r)"); #expect(r.checked > 0) }
    }

    @Test func catchesWrongParameterGradient() throws {
        let g = Generator(seed: 2)
        let layer = BrokenLinear(try Linear(5, 3, generator: g))
        let x = Tensor(zeros: [4, 5]); g.fillNormal(x)
        let results = try GradientCheck().check(layer, input: x)
        let bias = try #require(results.first { $0.name == "inner.bias" })
        #expect(!bias.passed)
        #expect(results.first { $0.name == "inner.weight" }!.passed)
    }

    @Test func catchesWrongInputGradient() throws {
        let x = Tensor(zeros: [3, 4]); Generator(seed: 3).fillNormal(x)
        let results = try GradientCheck(maxPoints: 1000).check(LeakyIdentity(), input: x)
        #expect(!results[0].passed)
    }

    @Test func tooManyKinksFail() {
        let r = GradientCheck.Result(name: "x", maxError: 0, checked: 1, skipped: 5, tolerance: 1e-3, worst: nil)
        #expect(!r.passed)
    }
}
