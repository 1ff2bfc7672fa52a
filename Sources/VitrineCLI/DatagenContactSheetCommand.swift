import ArgumentParser
import VitrineSynth

/// `vitrine datagen contact-sheet`: the PNG grids under docs/.
struct DatagenContactSheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact-sheet",
        abstract: "Write docs/contact-sheet-catalog.png and docs/contact-sheet-photoshoots.png.")

    @Option(help: "Folder for the two sheets.") var out: String = "docs"
    @Option(help: "Image side in pixels.") var size: Int = 64
    @Option(help: "Random seed.") var seed: UInt64 = 0

    func validate() throws {
        try OptionRange.check("size", size, 16...1024)
    }

    func run() throws {
        try reportingErrors {
            let catalog = try Catalog(CatalogOptions(products: 300, imagesPerProduct: 4, size: size, seed: seed,
                                                     competitors: 300, sketches: true))
            try ContactSheet.write(ContactSheet.catalog(catalog), to: out + "/contact-sheet-catalog.png")
            print("wrote \(out)/contact-sheet-catalog.png")
            let shoot = try Photoshoot(PhotoshootOptions(images: 36, size: size, seed: seed))
            try ContactSheet.write(ContactSheet.photoshoots(shoot), to: out + "/contact-sheet-photoshoots.png")
            print("wrote \(out)/contact-sheet-photoshoots.png")
        }
    }
}
