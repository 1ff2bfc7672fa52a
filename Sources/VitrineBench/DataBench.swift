import Foundation
import VitrineData
import VitrineEngine
import VitrineImaging
import VitrineModels
import VitrineNN
import VitrineSynth

/// The data pipeline against what training consumes: catalog generation (render + PNG encode +
/// write), the background loader (PNG decode, random resized crop, flip, colour jitter,
/// normalization on worker threads), and a ResNet-18 training step at the same image size, all
/// in one run. Writes data.json.
enum DataBench {
    static func run(quick: Bool) throws {
        var report = machineReport(quick: quick)
        let size = 64, batchSize = 64
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-data-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }

        // Generation: the `vitrine datagen catalog` path, files included.
        let products = quick ? 40 : 600, perProduct = 5
        let catalog = try Catalog(CatalogOptions(products: products, imagesPerProduct: perProduct, size: size, seed: 1))
        let summary = try catalog.write(to: root)
        let generated = Double(catalog.jobs.count) / summary.seconds
        print("generator: \(catalog.jobs.count) catalog photos of \(size) px in \(format(summary.seconds, 2)) s = "
              + "\(format(generated, 0)) images/s (15,000 would take \(format(15_000 / generated, 0)) s)")
        report["generator"] = ["images": catalog.jobs.count, "size": size, "seconds": summary.seconds,
                               "images_per_second": generated, "seconds_for_15000": 15_000 / generated]

        // Loading: decode and augment on two background workers, as training would.
        let manifest = try Manifest(path: root + "/manifest.csv")
        let augmentation = try ImageAugmentation(size: Size2(size), scale: 0.5...1, brightness: 0.2, contrast: 0.2,
                                                 mean: ImageAugmentation.imageNetMean, std: ImageAugmentation.imageNetStd)
        let loader = try DataLoader(
            count: manifest.count, sampling: .shuffled(batchSize: batchSize, dropLast: true), seed: 1, workers: 2, prefetch: 4,
            decode: { row in try ManifestImages.decode(manifest, row: row, channels: 3, size: size).tensor },
            augment: augmentation.apply)
        var loaded = 0
        let loadStart = now()
        let epoch = try loader.epoch(0)
        while let batch = try epoch.next() { loaded += batch.rows.count }
        let loadRate = Double(loaded) / (now() - loadStart)
        print("loader: \(loaded) images (PNG decode + crop/flip/jitter/normalize, 2 workers) = \(format(loadRate, 0)) images/s")

        // Consumption: one ResNet-18 training step (forward, backward, Adam) at the same size.
        let model = try ResNet(.resnet18(), head: .embedding(dimension: 128), generator: Generator(seed: 1))
        model.nameModules()
        let loss = try NormalizedSoftmaxLoss(numClasses: 32, embeddingDim: 128, generator: Generator(seed: 2))
        let optimizer = try Adam(parameters: model.namedParameters() + loss.namedParameters().map { ("loss." + $0.0, $0.1) })
        let images = randomTensor([batchSize, 3, size, size], seed: 3)
        let labels = (0..<batchSize).map { $0 % 32 }
        let stepTime = try bestTime(repetitions: quick ? 1 : 3) {
            optimizer.zeroGrad()
            _ = try loss.forward(try model.forward(images), labels)
            _ = try model.backward(try loss.backward())
            optimizer.step()
        }
        let trainRate = Double(batchSize) / stepTime
        print("training: ResNet-18 (width 64) at \(size) px, batch \(batchSize): \(format(trainRate, 0)) images/s "
              + "(step \(format(stepTime * 1e3)) ms)")
        print("loader / training: \(format(loadRate / trainRate, 1))× — "
              + (loadRate > trainRate ? "the step does not wait for data" : "training would wait for data"))
        report["loader"] = ["images": loaded, "batch_size": batchSize, "workers": 2, "size": size,
                            "augmentation": "random resized crop (scale 0.5-1), flip, brightness/contrast 0.2, ImageNet normalization",
                            "images_per_second": loadRate]
        report["training_consumption"] = ["model": "resnet18 width 64, torchvision stem, normalized softmax, adam",
                                          "size": size, "batch_size": batchSize, "step_ms": stepTime * 1e3,
                                          "images_per_second": trainRate]
        report["loader_over_training"] = loadRate / trainRate
        try writeReport(report, name: "data")
    }
}
