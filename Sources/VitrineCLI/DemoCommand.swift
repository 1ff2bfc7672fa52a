import ArgumentParser
import Foundation
import VitrineEngine
import VitrineExperiments

/// `vitrine demo`: trains a small convnet on generated shapes (the main job until the
/// experiment harness lands) and prints its loss falling and its accuracy rising.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a small convnet on generated shapes and print loss and accuracy per epoch.")

    @Option(help: "Training epochs.") var epochs = 4
    @Option(help: "Training images.") var trainImages = 4096
    @Option(help: "Random seed.") var seed: UInt64 = 1

    func run() throws {
        try BLAS.load()
        var demo = ClassificationDemo()
        demo.epochs = epochs
        demo.trainCount = trainImages
        demo.seed = seed
        print("demo: SmallConvNet on \(demo.trainCount) generated 3×\(demo.imageSize)×\(demo.imageSize) shapes "
            + "(5 classes), batch \(demo.batchSize), Adam lr \(demo.learningRate); "
            + "OpenBLAS \(BLAS.coreName) kernels, \(BLAS.threads) threads")
        try demo.run { r in
            print(String(format: "epoch %d  loss %.4f  train acc %.3f  test acc %.3f  (%.1fs, %.0f img/s)",
                         r.epoch, r.meanLoss, r.trainAccuracy, r.testAccuracy, r.seconds, r.imagesPerSecond))
        }
    }
}
