import Foundation
import Testing
import VitrineConfig
@testable import VitrineExperiments

/// A run's saved config (config.yaml, a checkpoint's /meta config) is YAML a user could run
/// again: each section written once, so it passes the strict file loader (duplicate keys are
/// errors there); and configs saved before sections were grouped still load.
@Suite struct SavedConfigTests {
    @Test func everyTasksSavedConfigWritesEachSectionOnceAndRoundTrips() throws {
        let scratch = try Scratch()
        for file in ["embedding_quick.yaml", "demand_gbdt.yaml", "shapes.yaml"] {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let config = try Experiment.loadConfig(root.appendingPathComponent("experiments/" + file).path)
            let topLevel = config.yaml.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map { $0.split(separator: ":")[0] }
            #expect(Set(topLevel).count == topLevel.count, "\(file): \(topLevel)")
            let saved = scratch.root + "/" + file
            try config.yaml.write(toFile: saved, atomically: true, encoding: .utf8)
            let again = try Experiment.loadConfig(saved)
            #expect(again.flattened == config.flattened, "\(file)")
        }
    }

    /// What Vitrine saved before: `metrics:` twice (the common keys, then the task's).
    @Test func configsSavedWithARepeatedSectionStillLoadButFilesMayNotRepeatOne() throws {
        let old = """
            task: embedding
            metrics:
              best: val/recall@1
              mode: auto
            data:
              manifest: data/catalog-quick/manifest.csv
            metrics:
              recall_at: [1, 5]
            """
        let loaded = try Experiment.loadConfig(yaml: old, name: "old.h5 (/meta config)")
        #expect(loaded.string("metrics.best") == "val/recall@1" && loaded.ints("metrics.recall_at") == [1, 5])
        let scratch = try Scratch()
        try old.write(toFile: scratch.root + "/old.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try Experiment.loadConfig(scratch.root + "/old.yaml")
            Issue.record("a file repeating a section must be refused")
        } catch let error as ConfigErrors {
            #expect(error.description.contains("old.yaml:7: metrics: duplicate key"), "\(error)")
        }
    }
}
