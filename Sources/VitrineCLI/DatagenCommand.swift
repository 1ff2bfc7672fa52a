import ArgumentParser

/// `vitrine datagen ...`: built-in procedural datasets.
struct DatagenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datagen",
        abstract: "Generate built-in datasets: product catalogs and photoshoot scenes.",
        subcommands: [
            DatagenCatalogCommand.self,
            DatagenPhotoshootsCommand.self,
            DatagenContactSheetCommand.self,
        ])
}
