import Foundation
import VitrineEngine
import VitrineGenerative
import VitrineNN

/// One DCGAN training step (D on a real and a generated batch, then G through a frozen D) at
/// the pytorch/examples `dcgan/main.py` shapes: 64 px, nz 100, ngf = ndf = 64, nc 3, batch 64,
/// Adam 2e-4 β1 0.5 — the step `task: gan` takes, through the same ``GANStep``.
/// `scripts/dcgan_peer_bench.py` times PyTorch's on the same machine, to be run right after.
enum GANBench {
    static func run(quick: Bool) throws {
        var report = machineReport(quick: quick)
        let batch = quick ? 8 : 64, size = quick ? 32 : 64, width = quick ? 16 : 64
        let shape = GANPair.Shape(imageSize: size, channels: 3, latent: 100, generatorWidth: width, discriminatorWidth: width, attributes: [])
        let pair = try GANPair(shape, generator: Generator(seed: 1))
        let optimizers: [String: any Optimizer] = [
            "generator": try Adam(parameters: pair.generator.namedParameters(), learningRate: 2e-4, beta1: 0.5),
            "discriminator": try Adam(parameters: pair.discriminator.namedParameters(), learningRate: 2e-4, beta1: 0.5),
        ]
        let step = GANStep(pair)
        let real = randomTensor([batch, 3, size, size], seed: 2)
        let noise = randomTensor([batch, 100], seed: 3)
        let labels = Array(repeating: [Int](), count: batch)
        let seconds = try bestTime(warmUp: 1, repetitions: quick ? 2 : 5) {
            _ = try step.run(real: real, realLabels: labels, noise: noise, fakeLabels: labels,
                             zeroGrad: { optimizers[$0]!.zeroGrad() }, step: { optimizers[$0]!.step() })
        }
        print("DCGAN \(size) px, batch \(batch), ngf = ndf = \(width): \(format(seconds * 1000, 0)) ms per D+G step "
              + "(\(format(Double(batch) / seconds, 1)) images/s); best of \(quick ? 2 : 5)")
        report["dcgan"] = ["image_size": size, "batch": batch, "width": width, "seconds_per_step": seconds,
                           "generator_parameters": pair.generator.parameterCount,
                           "discriminator_parameters": pair.discriminator.parameterCount]
        try writeReport(report, name: "gan")
    }
}
