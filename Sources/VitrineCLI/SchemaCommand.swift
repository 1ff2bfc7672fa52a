import ArgumentParser
import Foundation
import VitrineExperiments

/// `vitrine schema [--task T] [--update-reference FILE]`: the config reference as Markdown.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print every config key with its type, default, range and description.")

    @Option(help: "The task whose keys to list.") var task = "classification"
    @Option(help: "Rewrite the reference tables of every task in this Markdown file (docs/config-reference.md) instead of printing.")
    var updateReference: String?

    func run() throws {
        if let path = updateReference {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try ExperimentSchema.updatingReference(in: text).write(toFile: path, atomically: true, encoding: .utf8)
            print("updated the config reference of \(ExperimentSchema.tasks.joined(separator: ", ")) in \(path)")
            return
        }
        guard let schema = ExperimentSchema.schema(for: task) else {
            throw ValidationError("unknown task '\(task)'; expected one of \(ExperimentSchema.tasks.joined(separator: ", "))")
        }
        print(schema.markdownTable, terminator: "")
    }
}
