import ArgumentParser
import Foundation
import VitrineCheckpoint

/// The `vitrine` command: a thin layer over the library modules.
@main
struct Vitrine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vitrine",
        abstract: "Vitrine: a research harness for retail machine learning.",
        version: "vitrine \(VitrineCheckpoint.Vitrine.version)",
        subcommands: [
            RunCommand.self,
            ResumeCommand.self,
            EvalCommand.self,
            CompareCommand.self,
            InspectCommand.self,
            SchemaCommand.self,
            CheckReferenceCommand.self,
            IndexCommand.self,
            SearchCommand.self,
            MatchCommand.self,
            ServeCommand.self,
            ExportCommand.self,
            RerankEvalCommand.self,
            GenerateCommand.self,
            WhatIfCommand.self,
            OptimizeCommand.self,
            DatagenCommand.self,
            ImportCommand.self,
        ])

    /// Line-buffers standard output first: a run logging to a file (`vitrine run ... > log`)
    /// shows each progress line as it happens, not a block of them at exit.
    static func main() {
        setvbuf(stdout, nil, _IOLBF, 0)
        let commands = configuration.subcommands.compactMap { $0.configuration.commandName }
        if let hint = CommandLineHints.hint(for: Array(CommandLine.arguments.dropFirst()), commands: commands) {
            FileHandle.standardError.write("error: \(hint)\n".data(using: .utf8)!)
            Foundation.exit(64)
        }
        main(nil)
    }
}
