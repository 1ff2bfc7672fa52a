import Foundation
import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct NormalizedSoftmaxLossTests {
    /// Two classes with proxies W = [(2, 0), (0, 3)] (unit directions e₁, e₂), temperature 0.5
    /// (s = 2), inputs x₀ = (3, 4) of class 0 and x₁ = (0, −1) of class 1:
    ///   u₀ = (0.6, 0.8): logits (1.2, 1.6), loss₀ = log(1 + e^0.4) = 0.9130153
    ///   u₁ = (0, −1):    logits (0, −2),    loss₁ = 2 + log(1 + e^−2) = 2.1269280
    ///   mean = 1.5199716.
    /// Gradients, with G = (softmax − onehot)/2 = [(−0.2993439, 0.2993439), (0.4403985, −0.4403985)]:
    ///   ∂u₀ = s·G₀·V = (−0.5986877, 0.5986877); u₀·∂u₀ = 0.1197375;
    ///   ∂x₀ = (∂u₀ − u₀·0.1197375)/5 = (−0.1341060, 0.1005795)
    ///   ∂u₁ = (0.8807971, −0.8807971); u₁·∂u₁ = 0.8807971; ∂x₁ = (0.8807971, 0)
    ///   ∂v₀ = s·Σᵢ Gᵢ₀·uᵢ = (−0.3592126, −1.3597472); radial part removed, /‖W₀‖ = 2: (0, −0.6798736)
    ///   ∂v₁ = (0.3592126, 1.3597472) − e₂·1.3597472 → (0.3592126, 0)/3 = (0.1197375, 0)
    @Test func handWorkedTwoByTwo() throws {
        let loss = try NormalizedSoftmaxLoss(numClasses: 2, embeddingDim: 2, temperature: 0.5,
                                             generator: Generator(seed: 1))
        #expect(loss.scale == 2)
        loss.weight.value.assign(try Tensor(shape: [2, 2], values: [2, 0, 0, 3]))
        let x = try Tensor(shape: [2, 2], values: [3, 4, 0, -1])
        #expect(abs(try loss.forward(x, [0, 1]) - 1.5199716) < 1e-6)
        loss.zeroGrad()
        let g = try loss.backward()
        expectClose(g, [-0.1341060, 0.1005795, 0.8807971, 0])
        expectClose(loss.weight.grad, [0, -0.6798736, 0.1197375, 0])
        // Backward accumulates into the weight's gradient, as every parameter gradient does.
        _ = try loss.forward(x, [0, 1])
        _ = try loss.backward()
        expectClose(loss.weight.grad, [0, -1.3597472, 0.2394751, 0])
    }

    @Test(arguments: [Float(0.05), 0.5, 1])
    func gradientOfInputAndWeight(temperature: Float) throws {
        let loss = try NormalizedSoftmaxLoss(numClasses: 5, embeddingDim: 4, temperature: temperature,
                                             generator: Generator(seed: 2))
        let x = randomTensor([6, 4], seed: 3)
        let labels = [0, 4, 2, 2, 1, 0]
        // A small step: at temperature 0.05 the logits move by 20 per unit of cosine.
        let checker = GradientCheck(step: 1e-3 * temperature * 10, tolerance: 5e-3, maxPoints: 24)
        try expectLossGradientMatches(loss, input: x, target: labels, checker: checker)
        loss.zeroGrad()
        _ = try loss.forward(x, labels)
        _ = try loss.backward()
        let analytic = loss.weight.grad.copy()
        let result = try checker.compare(name: "weight", value: loss.weight.value, analytic: analytic) {
            Double(try loss.forward(x, labels))
        }
        #expect(result.passed, "\(result)")
        #expect(result.checked > 0)
    }

    @Test func scaleOfInputAndWeightDoesNotMatter() throws {
        let loss = try NormalizedSoftmaxLoss(numClasses: 3, embeddingDim: 4, generator: Generator(seed: 4))
        let x = randomTensor([5, 4], seed: 5)
        let labels = [0, 1, 2, 1, 0]
        let reference = try loss.forward(x, labels)
        let scaled = x.copy()
        Kernels.scale(scaled, by: 7)
        Kernels.scale(loss.weight.value, by: 0.25)
        #expect(abs(try loss.forward(scaled, labels) - reference) < 1e-5)
    }

    @Test func errors() throws {
        #expect(throws: EngineError.invalidArgument(
            "NormalizedSoftmaxLoss", "temperature must be positive and finite, got 0.0")) {
            try NormalizedSoftmaxLoss(numClasses: 2, embeddingDim: 2, temperature: 0, generator: Generator(seed: 1))
        }
        #expect(throws: EngineError.invalidArgument(
            "NormalizedSoftmaxLoss", "numClasses and embeddingDim must be positive, got 0 and 2")) {
            try NormalizedSoftmaxLoss(numClasses: 0, embeddingDim: 2, generator: Generator(seed: 1))
        }
        let loss = try NormalizedSoftmaxLoss(numClasses: 3, embeddingDim: 2, generator: Generator(seed: 1))
        #expect(throws: EngineError.invalidState("NormalizedSoftmaxLoss", "backward called before forward")) {
            try loss.backward()
        }
        let x = randomTensor([2, 2], seed: 1)
        #expect(throws: EngineError.invalidArgument(
            "NormalizedSoftmaxLoss", "target[1] = 3 is not a class index in 0..<3")) {
            try loss.forward(x, [0, 3])
        }
        #expect(throws: EngineError.shapeMismatch(
            "NormalizedSoftmaxLoss", "target has 1 class indices but input [2, 2] has 2 rows")) {
            try loss.forward(x, [0])
        }
        #expect(throws: EngineError.shapeMismatch(
            "NormalizedSoftmaxLoss", "input must be [N, 2] with N > 0, got [2, 3]")) {
            try loss.forward(randomTensor([2, 3], seed: 1), [0, 1])
        }
    }
}
