import Foundation
import Testing
import VitrineCheckpoint
import VitrineInference
@testable import VitrineExperiments

/// Serving builds an embedding network from a checkpoint's saved config without the
/// experiments module: the spec it reads there must be the one the run used.
@Suite struct EmbeddingSpecTests {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theSavedConfigGivesTheSpecTheRunUsed() throws {
        for file in ["embedding_quick.yaml", "embedding_catalog.yaml", "embedding_fmnist.yaml"] {
            let config = try Experiment.loadConfig(root.appendingPathComponent("experiments/" + file).path)
            let saved = try EmbeddingNetworkSpec(savedConfig: config.yaml, source: file)
            #expect(saved == (try EmbeddingSettings(config)).network, "\(file)")
        }
    }

    @Test func checkpointsOfOtherTasksAndOlderViewsAreHandled() throws {
        let classification = try Experiment.loadConfig(root.appendingPathComponent("experiments/shapes.yaml").path)
        #expect(throws: CheckpointError.self) { _ = try EmbeddingNetworkSpec(savedConfig: classification.yaml, source: "shapes") }
        // Saved before the evaluation view existed: the whole image, no flip.
        let config = try Experiment.loadConfig(root.appendingPathComponent("experiments/embedding_catalog.yaml").path)
        let older = config.yaml.split(separator: "\n").filter { !$0.contains("center_crop") && !$0.contains("flip_average") }
            .joined(separator: "\n")
        let spec = try EmbeddingNetworkSpec(savedConfig: older, source: "older")
        #expect(spec.centerCrop == 1 && !spec.flipAverage && spec.architecture == .resnet18)
    }
}
