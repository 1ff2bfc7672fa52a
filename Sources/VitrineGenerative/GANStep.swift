import Foundation
import VitrineEngine
import VitrineNN

/// One DCGAN training step, as pytorch/examples `dcgan/main.py` takes it: D on a real batch and
/// on G's batch (its input gradient not computed), then G through a frozen D with the
/// non-saturating loss. `zeroGrad` and `step` are told which network ("discriminator",
/// "generator"): the caller owns the optimizers (the run core, a benchmark).
public final class GANStep {
    public let pair: GANPair
    private let loss = BCEWithLogitsLoss()
    private let ones = Tensor(zeros: [0]), zeros = Tensor(zeros: [0])

    /// The diversity-sensitive term added to G's loss with its weight λ (nil: plain DCGAN).
    /// With it, generated image `p` and `p + N/2` must be asked for the same condition: the
    /// term pushes two draws of one condition apart (``DiversitySensitiveLoss``).
    public let diversity: (weight: Float, loss: DiversitySensitiveLoss)?

    public init(_ pair: GANPair, diversity: (weight: Float, loss: DiversitySensitiveLoss)? = nil) {
        self.pair = pair
        self.diversity = diversity.flatMap { $0.weight > 0 ? $0 : nil }
    }

    private func targets(_ tensor: Tensor, _ count: Int, _ value: Float) -> Tensor {
        tensor.resize([count])
        tensor.fill(value)
        return tensor
    }

    /// The BCE of D's `logits` against "real" (1) or "generated" (0) for every row: the
    /// losses the step minimizes, for an evaluation to report on other batches.
    public func loss(_ logits: Tensor, real: Bool) throws -> Float {
        try loss.forward(logits, real ? targets(ones, logits.count, 1) : targets(zeros, logits.count, 0))
    }

    /// The mean of σ(logit): the probability D gives the batch of being real.
    public static func meanProbability(_ logits: Tensor) -> Double {
        (0..<logits.count).reduce(0.0) { $0 + 1 / (1 + exp(-Double(logits.data[$1]))) } / Double(max(logits.count, 1))
    }

    /// Takes the step; returns `loss_d`, `loss_g`, `d_real`, `d_fake` (D(G(z)) before D's
    /// update), `d_fake_after` (after it, in G's step) and, with the diversity term,
    /// `diversity` (the mean bounded image-to-noise distance ratio of the pairs).
    public func run(real: Tensor, realLabels: [[Int]], noise: Tensor, fakeLabels: [[Int]],
                    zeroGrad: (String) -> Void, step: (String) throws -> Void) throws -> [String: Double] {
        let n = realLabels.count
        if diversity != nil {
            let half = fakeLabels.count / 2
            guard fakeLabels.count % 2 == 0, (0..<half).allSatisfy({ fakeLabels[$0] == fakeLabels[$0 + half] }) else {
                throw EngineError.invalidArgument("GANStep", "with the diversity term, generated image p and p + N/2 must be asked "
                    + "for the same condition (N = \(fakeLabels.count) must be even)")
            }
        }
        // (1) Update D: maximize log D(x) + log(1 − D(G(z))). Its input gradient is not needed.
        zeroGrad("discriminator")
        pair.discriminatorComputesInputGradient = false
        let realLogits = try pair.discriminate(real, labels: realLabels)
        let dReal = Self.meanProbability(realLogits)
        let lossReal = try loss.forward(realLogits, targets(ones, n, 1))
        try pair.discriminatorBackward(try loss.backward())
        let fake = try pair.generate(noise, labels: fakeLabels)
        let fakeLogits = try pair.discriminate(fake, labels: fakeLabels)
        let dFake = Self.meanProbability(fakeLogits)
        let lossFake = try loss.forward(fakeLogits, targets(zeros, fakeLabels.count, 0))
        try pair.discriminatorBackward(try loss.backward())
        try step("discriminator")

        // (2) Update G: maximize log D(G(z)), D frozen: its parameters' gradients are neither
        // computed nor accumulated; the gradient flows through it to G.
        zeroGrad("generator")
        pair.discriminator.requiresGrad(false)
        pair.discriminatorComputesInputGradient = true
        defer { pair.discriminator.requiresGrad(true) }
        let logits = try pair.discriminate(fake, labels: fakeLabels)
        let dFakeAfter = Self.meanProbability(logits)
        let lossG = try loss.forward(logits, targets(ones, fakeLabels.count, 1))
        let gradFake = try pair.discriminatorBackward(try loss.backward())
        var metrics = ["loss_d": Double(lossReal + lossFake), "loss_g": Double(lossG), "d_real": dReal, "d_fake": dFake,
                       "d_fake_after": dFakeAfter]
        if let diversity {
            // G minimizes adversarial + λ·diversity; the two gradients meet at G's output.
            metrics["diversity"] = -Double(try diversity.loss.forward(fake, noise))
            Kernels.axpy(diversity.weight, try diversity.loss.backward(), gradFake)
        }
        try pair.generatorBackward(gradFake)
        try step("generator")
        return metrics
    }
}
