import Foundation
import Testing
@testable import VitrineExperiments

@Suite struct ReadmeTests {
    /// The README's config reference is generated from the schema; this keeps them equal.
    @Test func configReferenceMatchesTheSchema() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for task in ExperimentSchema.tasks {
            let open = "<!-- schema:\(task) -->\n", close = "<!-- /schema -->"
            let start = try #require(readme.range(of: open), "README lacks the \(task) config reference")
            let end = try #require(readme.range(of: close, range: start.upperBound..<readme.endIndex))
            let table = String(readme[start.upperBound..<end.lowerBound])
            #expect(table == ExperimentSchema.schema(for: task)!.markdownTable,
                    "regenerate it with: vitrine schema --task \(task)")
        }
    }
}
