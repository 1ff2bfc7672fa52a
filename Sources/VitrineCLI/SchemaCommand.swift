import ArgumentParser
import VitrineExperiments

/// `vitrine schema [--task T]`: the config reference as Markdown (the README embeds it).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print every config key with its type, default, range and description.")

    @Option(help: "The task whose keys to list.") var task = "classification"

    func run() throws {
        guard let schema = ExperimentSchema.schema(for: task) else {
            throw ValidationError("unknown task '\(task)'; expected one of \(ExperimentSchema.tasks.joined(separator: ", "))")
        }
        print(schema.markdownTable, terminator: "")
    }
}
