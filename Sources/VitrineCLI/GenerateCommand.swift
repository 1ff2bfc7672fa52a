import ArgumentParser
import Foundation
import VitrineEngine
import VitrineGenerative
import VitrineImaging

/// `vitrine generate`: new designs from a GAN checkpoint (through VitrineGenerative, without
/// the experiments module).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Sample new images from a GAN checkpoint into a grid (and single files).")

    @Option(help: "A GAN run's checkpoint (checkpoints/<run>/last.h5).") var checkpoint: String
    @Option(help: "The condition, e.g. \"category=Dress\" (conditional generators; default: every class, a row each).")
    var attributes = ""
    @Option(help: "How many images (per class when every class is drawn).") var count = 8
    @Option(help: "Seed of the noise: the same seed draws the same images.") var seed: UInt64 = 1
    @Option(help: "The grid (PNG).") var out: String
    @Option(help: "Also write each image here as NNN.png.") var outDir: String?

    func validate() throws {
        try OptionRange.check("count", count, 1...1024)
    }

    func run() throws {
        try reportingErrors {
            let pair = try GANCheckpoint.load(checkpoint)
            let shape = pair.shape
            let chosen = try GANCheckpoint.classIndex(attributes, in: shape)
            let labels: [Int]
            if let chosen { labels = Array(repeating: chosen, count: count) }
            else if shape.conditional { labels = shape.classes.indices.flatMap { Array(repeating: $0, count: count) } }
            else { labels = Array(repeating: 0, count: count) }
            let noise = Tensor(zeros: [labels.count, shape.latent])
            Generator(seed: seed).fillNormal(noise)
            let images = try pair.generate(noise, labels: labels).copy()
            let captions = shape.conditional ? labels.enumerated().map { $0.offset % count == 0 ? shape.classes[$0.element] : "" } : []
            let grid = try SampleGrid.render(images, columns: min(count, 16), captions: chosen == nil ? captions : [])
            try PNG.write(grid, to: URL(fileURLWithPath: out))
            if let outDir {
                try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
                for index in 0..<labels.count {
                    try PNG.write(try SampleGrid.image(images, at: index), to: URL(fileURLWithPath: outDir + String(format: "/%03d.png", index)))
                }
            }
            print("generated \(labels.count) images (\(shape.imageSize) px\(chosen.map { ", \(GANPair.attribute)=\(shape.classes[$0])" } ?? "")) → \(out)")
        }
    }
}
