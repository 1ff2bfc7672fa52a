import Foundation
import VitrineEngine
import VitrineModels
import VitrineNN

/// Evaluation-mode ResNet-18 forward at 64 px, batch 64 (the comparison with PyTorch's
/// 220 images/s on this machine class), as trained and with batch norm folded into the
/// convolutions, alternated so that the machine's load hits both alike.
enum InferenceBench {
    static func run(quick: Bool) throws {
        var report = machineReport(quick: quick)
        let (batch, side, rounds) = quick ? (4, 32, 2) : (64, 64, 5)
        var configuration = try ResNetConfiguration.named("resnet18", width: 64, smallStem: false)
        configuration.inChannels = 3
        let unfolded = try ResNet(configuration, head: .embedding(dimension: 128), generator: Generator(seed: 1))
        let folded = try ResNet(configuration, head: .embedding(dimension: 128), generator: Generator(seed: 1))
        for network in [unfolded, folded] {
            // Trained-looking statistics, so folding is not the identity.
            let generator = Generator(seed: 2)
            for case let (_, norm as BatchNormBase) in network.namedModules() {
                generator.fillUniform(norm.runningMean.value, low: -0.2, high: 0.2)
                generator.fillUniform(norm.runningVar.value, low: 0.5, high: 2)
            }
            _ = network.eval()
        }
        let folds = BatchNormFolding.foldAll(in: folded)
        let x = randomTensor([batch, 3, side, side], seed: 3)
        let reference = try unfolded.forward(x).copy()
        let check = try folded.forward(x)
        var difference: Float = 0
        for i in 0..<check.count { difference = max(difference, abs(check.data[i] - reference.data[i])) }
        var best = (unfolded: Double.infinity, folded: Double.infinity)
        for _ in 0..<rounds {
            best.unfolded = min(best.unfolded, try bestTime(warmUp: 0, repetitions: 1) { _ = try unfolded.forward(x) })
            best.folded = min(best.folded, try bestTime(warmUp: 0, repetitions: 1) { _ = try folded.forward(x) })
        }
        let rate = (unfolded: Double(batch) / best.unfolded, folded: Double(batch) / best.folded)
        print("ResNet-18 \(side) px, batch \(batch), eval: "
            + "as trained \(format(best.unfolded * 1e3)) ms (\(format(rate.unfolded)) images/s), "
            + "\(folds) batch norms folded \(format(best.folded * 1e3)) ms (\(format(rate.folded)) images/s), "
            + "largest output difference \(difference)")
        report["resnet18"] = ["side": side, "batch": batch, "folded_batch_norms": folds,
                              "unfolded_ms": best.unfolded * 1e3, "folded_ms": best.folded * 1e3,
                              "unfolded_images_per_s": rate.unfolded, "folded_images_per_s": rate.folded,
                              "largest_output_difference": Double(difference)]
        try writeReport(report, name: "inference")
    }
}
