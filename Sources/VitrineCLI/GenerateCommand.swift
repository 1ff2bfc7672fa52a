import ArgumentParser
import Foundation
import VitrineData
import VitrineEngine
import VitrineGenerative
import VitrineImaging

/// `vitrine generate`: new designs from a GAN checkpoint (through VitrineGenerative, without
/// the experiments module).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Sample new images from a GAN checkpoint into a grid (and single files).")

    @Option(help: "A GAN run's checkpoint (checkpoints/<run>/last.h5).") var checkpoint: String
    @Option(help: ArgumentHelp(
        "A condition, every attribute named, e.g. \"category=ring,metal=yellow_gold,stone=ruby,stone_count=1\"; "
            + "repeat for one grid row each.",
        discussion: "A generator conditioned on one attribute draws a row per value when none is given."))
    var attributes: [String] = []
    @Option(help: "How many images per condition (rows of up to 16).") var count = 8
    @Option(help: "Seed of the noise: the same seed draws the same images.") var seed: UInt64 = 1
    @Option(help: "The grid (PNG).") var out: String
    @Option(help: "Also write each image here as NNN.png.") var outDir: String?

    func validate() throws {
        try OptionRange.check("count", count, 1...1024)
        try OptionRange.check("attributes", attributes.count, 0...64)
    }

    func run() throws {
        try reportingErrors {
            let pair = try GANCheckpoint.load(checkpoint)
            let shape = pair.shape
            // One row of `count` images per condition.
            let conditions: [[Int]]
            if !attributes.isEmpty {
                conditions = try attributes.map { try GANCheckpoint.attributeIndices($0, in: shape)! }
            } else if shape.attributes.count == 1 {
                conditions = shape.attributes[0].values.indices.map { [$0] }
            } else if shape.conditional {
                throw GenerationError("this generator is conditioned on " + shape.attributes.map(\.name).joined(separator: ", ")
                    + "; name a value of each with --attributes, e.g. --attributes \""
                    + shape.attributes.map { "\($0.name)=\($0.values[0])" }.joined(separator: ",") + "\"")
            } else {
                conditions = [[]]
            }
            let labels = conditions.flatMap { Array(repeating: $0, count: count) }
            let noise = Tensor(zeros: [labels.count, shape.latent])
            Generator(seed: seed).fillNormal(noise)
            let images = try pair.generate(noise, labels: labels).copy()
            let captions = shape.conditional ? labels.enumerated().map { $0.offset % count == 0 ? GANCheckpoint.caption($0.element, in: shape) : "" } : []
            let grid = try SampleGrid.render(images, columns: min(count, 16), captions: captions)
            try PNG.write(grid, to: URL(fileURLWithPath: out))
            if let outDir {
                try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
                for index in 0..<labels.count {
                    try PNG.write(try SampleGrid.image(images, at: index), to: URL(fileURLWithPath: outDir + String(format: "/%03d.png", index)))
                }
            }
            let described = attributes.isEmpty ? [] : conditions.map { AttributeVocabulary.describe($0, in: shape.attributes) }
            print("generated \(labels.count) images (\(shape.imageSize) px" + described.map { "; " + $0 }.joined() + ") → \(out)")
        }
    }
}
