import ArgumentParser
import Foundation
import VitrineExperiments

/// `vitrine compare RUN... [--html FILE]`.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Compare runs: config keys that differ, final and best metrics.")

    @Argument(help: "Run names or report directories.") var runs: [String]
    @Option(help: "Also write an HTML page with overlaid metric curves.") var html: String?

    func validate() throws {
        if runs.count < 2 { throw ValidationError("compare needs at least two runs") }
    }

    func run() throws {
        try reportingErrors {
            let comparison = try RunComparison(directories: try runs.map { try RunPaths.locateReports($0) })
            print(comparison.markdown)
            if let html {
                try comparison.html.write(toFile: html, atomically: true, encoding: .utf8)
                print("html: \(html)")
            }
        }
    }
}
