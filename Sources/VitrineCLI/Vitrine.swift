import ArgumentParser

/// The `vitrine` command: a thin layer over the library modules.
@main
struct Vitrine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vitrine",
        abstract: "Vitrine: a research harness for retail machine learning.",
        subcommands: [
            RunCommand.self,
            ResumeCommand.self,
            EvalCommand.self,
            CompareCommand.self,
            InspectCommand.self,
            SchemaCommand.self,
            CheckReferenceCommand.self,
            DatagenCommand.self,
        ])
}
