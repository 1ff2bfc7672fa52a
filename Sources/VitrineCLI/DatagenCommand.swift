import ArgumentParser

/// `vitrine datagen <kind>`: synthetic datasets.
struct DatagenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datagen", abstract: "Generate synthetic datasets.",
        subcommands: [
            DatagenRetailCommand.self,
        ])
}
