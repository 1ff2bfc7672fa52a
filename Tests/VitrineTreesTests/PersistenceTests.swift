import Foundation
import Testing
@testable import VitrineTrees

@Suite("Model files")
struct PersistenceTests {
    /// A Tweedie model with missing values, saved and loaded: the same model, and predictions
    /// equal bit for bit.
    @Test func saveAndLoadGiveIdenticalPredictions() throws {
        let (features, target) = try poissonTable(rows: 500, seed: 1)
        var values = features.values
        for i in stride(from: 0, to: values.count, by: 7) { values[i] = .nan }
        let withMissing = try FeatureMatrix(rows: features.rows, features: features.features, columnMajor: values)
        let parameters = BoostingParameters(objective: .tweedie(power: 1.3), maxIterations: 20, learningRate: 0.17,
                                            maxLeafNodes: 10, minSamplesLeaf: 5, l2Regularization: 0.3)
        let model = try GradientBoostedTrees.fit(features: withMissing, target: target, parameters: parameters)
        let path = temporaryPath("model.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try GradientBoostedTrees.load(from: path)
        #expect(loaded == model)
        let before = try model.predictRaw(withMissing), after = try loaded.predictRaw(withMissing)
        #expect(before.map(\.bitPattern) == after.map(\.bitPattern))
        #expect(try model.predict(withMissing).map(\.bitPattern) == loaded.predict(withMissing).map(\.bitPattern))
    }

    /// A split that sends only missing values right has threshold +∞, which JSON cannot hold
    /// as a number; it is written as "inf" and read back.
    @Test func infiniteThresholdsRoundTrip() throws {
        let x: [Float] = (0..<40).map { $0 % 2 == 0 ? .nan : Float($0 % 5) }
        let y: [Float] = x.map { $0.isNaN ? 10 : 0 }
        let model = try GradientBoostedTrees.fit(
            features: try FeatureMatrix(columns: [x]), target: y,
            parameters: BoostingParameters(maxIterations: 1, learningRate: 1, maxLeafNodes: 2, minSamplesLeaf: 1))
        #expect(model.trees[0].threshold[0] == .infinity)
        let data = try model.serialized()
        #expect(String(decoding: data, as: UTF8.self).contains("\"inf\""))
        #expect(try GradientBoostedTrees(serialized: data) == model)
    }

    @Test func corruptFilesAreTypedErrors() throws {
        let model = try GradientBoostedTrees.fit(
            features: try FeatureMatrix(columns: [[1, 2, 3, 4]]), target: [1, 2, 3, 4],
            parameters: BoostingParameters(maxIterations: 2, minSamplesLeaf: 1))
        let good = String(decoding: try model.serialized(), as: UTF8.self)

        func loadError(_ text: String) -> TreesError? {
            do { _ = try GradientBoostedTrees(serialized: Data(text.utf8), name: "m.json"); return nil } catch {
                return error as? TreesError
            }
        }
        guard case .invalidModelFile("m.json", _)? = loadError("{\"format\": 3}") else {
            Issue.record("truncated JSON was accepted"); return
        }
        guard case .invalidModelFile(_, let why)? = loadError(good.replacingOccurrences(of: "\"version\":1", with: "\"version\":9")) else {
            Issue.record("an unknown version was accepted"); return
        }
        #expect(why.contains("version 9"))
        // A child index pointing back at the root would make traversal loop forever.
        guard case .invalidModelFile(let where_, _)? = loadError(good.replacingOccurrences(of: "\"left\":[1,", with: "\"left\":[0,")) else {
            Issue.record("a cyclic tree was accepted"); return
        }
        #expect(where_.contains("tree 0"))
        #expect(throws: TreesError.self) { try GradientBoostedTrees.load(from: "/nonexistent/model.json") }
    }
}
