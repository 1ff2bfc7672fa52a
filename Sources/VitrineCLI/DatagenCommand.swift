import ArgumentParser

/// `vitrine datagen ...`: built-in procedural datasets.
struct DatagenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datagen",
        abstract: "Generate built-in datasets: product catalogs, photoshoot scenes, retail order histories.",
        subcommands: [
            DatagenCatalogCommand.self,
            DatagenPhotoshootsCommand.self,
            DatagenContactSheetCommand.self,
            DatagenRetailCommand.self,
        ])
}
