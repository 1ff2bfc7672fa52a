import Foundation
import Testing
@testable import VitrineExperiments

@Suite struct ReadmeTests {
    /// The config reference (docs/config-reference.md) is generated from the schema; this keeps
    /// them equal.
    @Test func configReferenceMatchesTheSchema() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("docs/config-reference.md"), encoding: .utf8)
        for task in ExperimentSchema.tasks {
            let open = "<!-- schema:\(task) -->\n", close = "<!-- /schema -->"
            let start = try #require(readme.range(of: open), "docs/config-reference.md lacks the \(task) config reference")
            let end = try #require(readme.range(of: close, range: start.upperBound..<readme.endIndex))
            let table = String(readme[start.upperBound..<end.lowerBound])
            #expect(table == ExperimentSchema.schema(for: task)!.markdownTable,
                    "regenerate it with: vitrine schema --update-reference docs/config-reference.md")
        }
    }

    @Test func updatingReplacesExistingTablesAndAddsMissingOnes() {
        let classification = ExperimentSchema.schema(for: "classification")!.markdownTable
        let stale = "intro\n<!-- schema:classification -->\n| old |\n<!-- /schema -->\noutro\n"
        let updated = ExperimentSchema.updatingReference(in: stale)
        #expect(updated.hasPrefix("intro\n<!-- schema:classification -->\n" + classification + "<!-- /schema -->"))
        #expect(!updated.contains("| old |"))
        for task in ExperimentSchema.tasks {
            #expect(updated.contains("<!-- schema:\(task) -->\n" + ExperimentSchema.schema(for: task)!.markdownTable))
        }
        #expect(updated.contains("outro"))
        #expect(ExperimentSchema.updatingReference(in: updated) == updated)
    }
}
