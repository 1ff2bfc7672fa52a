import ArgumentParser
import Foundation
import VitrineSynth

/// `vitrine datagen catalog --out DIR ...`.
struct DatagenCatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Render a product catalog: photos, competitor products, sketches and manifest.csv.")

    @Option(help: "Output folder (created if needed).") var out: String
    @Option(help: "Own products.") var products: Int = 200
    @Option(name: .customLong("images-per-product"), help: "Photos per product.") var imagesPerProduct: Int = 5
    @Option(name: .customLong("train-images-per-product"),
            help: "Photos per own product in the train split (0: same as --images-per-product).")
    var trainImagesPerProduct: Int = 0
    @Option(help: "Image side in pixels.") var size: Int = 64
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "Competitor products (most imitate an own product).") var competitors: Int = 0
    @Flag(help: "Also a line drawing of every product.") var sketches = false
    @Option(help: "Catalog packshots (the product on white, near upright) per own product.") var packshots: Int = 0
    @Option(name: .customLong("bench-json"), help: "Also write the throughput as JSON here (e.g. reports/bench/datagen-catalog.json).")
    var benchJSON: String?

    func validate() throws {
        try OptionRange.check("products", products, 1...1_000_000)
        try OptionRange.check("images-per-product", imagesPerProduct, 1...1000)
        try OptionRange.check("train-images-per-product", trainImagesPerProduct, 0...1000)
        try OptionRange.check("size", size, 16...1024)
        try OptionRange.check("competitors", competitors, 0...1_000_000)
        try OptionRange.check("packshots", packshots, 0...1000)
    }

    func run() throws {
        try reportingErrors {
            let options = CatalogOptions(products: products, imagesPerProduct: imagesPerProduct, size: size, seed: seed,
                                         competitors: competitors, sketches: sketches,
                                         trainImagesPerProduct: trainImagesPerProduct, packshots: packshots)
            let catalog = try Catalog(options)
            print("catalog: \(catalog.products.count) products, \(catalog.jobs.count) images of \(size)x\(size) -> \(out)")
            let summary = try catalog.write(to: out, progress: DatagenProgress.printer())
            DatagenProgress.finish(summary)
            try benchJSON.map {
                try summary.writeBenchmark(name: "datagen-catalog", options: [
                    "size": Double(size), "products": Double(products), "images_per_product": Double(imagesPerProduct),
                    "train_images_per_product": Double(trainImagesPerProduct),
                    "competitors": Double(competitors), "sketches": sketches ? 1 : 0], to: $0)
            }
        }
    }
}
