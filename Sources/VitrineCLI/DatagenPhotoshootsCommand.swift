import ArgumentParser
import VitrineSynth

/// `vitrine datagen photoshoots --out DIR ...`.
struct DatagenPhotoshootsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "photoshoots",
        abstract: "Render photoshoot scenes with face/person boxes, landmarks and style labels.")

    @Option(help: "Output folder (created if needed).") var out: String
    @Option(help: "Images.") var images: Int = 300
    @Option(help: "Image side in pixels.") var size: Int = 64
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(name: .customLong("bench-json"), help: "Also write the throughput as JSON here (e.g. reports/bench/datagen-photoshoots.json).")
    var benchJSON: String?

    func validate() throws {
        try OptionRange.check("images", images, OptionRange.count)
        try OptionRange.check("size", size, 16...1024)
    }

    func run() throws {
        try reportingErrors {
            let shoot = try Photoshoot(PhotoshootOptions(images: images, size: size, seed: seed))
            print("photoshoots: \(images) images of \(size)x\(size) -> \(out)")
            let summary = try shoot.write(to: out, progress: DatagenProgress.printer())
            DatagenProgress.finish(summary)
            try benchJSON.map {
                try summary.writeBenchmark(name: "datagen-photoshoots", options: ["size": Double(size), "images": Double(images)], to: $0)
            }
        }
    }
}
