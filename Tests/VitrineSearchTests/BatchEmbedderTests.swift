import Testing
import VitrineEngine
import VitrineModels
import VitrineNN
@testable import VitrineSearch

@Suite struct BatchEmbedderTests {
    @Test func batchesGiveTheSameRowsAsOneForward() throws {
        let model = try ResNet(.resnetSmall(width: 4), head: .embedding(dimension: 5), generator: Generator(seed: 1))
        let images = Tensor(zeros: [7, 3, 8, 8])
        Generator(seed: 2).fillUniform(images, low: 0, high: 1)
        let plane = 3 * 8 * 8
        let embedded = try BatchEmbedder.embed(model: model, count: 7, imageShape: [3, 8, 8], batchSize: 3) { batch, range in
            batch.data.update(from: images.data + range.lowerBound * plane, count: range.count * plane)
        }
        #expect(embedded.shape == [7, 5])
        let whole = try model.forward(images).array
        for (a, b) in zip(embedded.array, whole) { #expect(abs(a - b) < 1e-5) }
        // The model was put in evaluation mode: running statistics did not move.
        #expect(model.bn1.runningMean.value.array.allSatisfy { $0 == 0 })
    }

    @Test func badArguments() throws {
        let model = try ResNet(.resnetSmall(width: 4), head: .classifier(classes: 2), generator: Generator(seed: 1))
        #expect(throws: SearchError.invalidArgument("batchSize", "must be at least 1, got 0")) {
            try BatchEmbedder.embed(model: model, count: 2, imageShape: [3, 8, 8], batchSize: 0) { _, _ in }
        }
        #expect(throws: SearchError.invalidArgument("imageShape", "must be [C, H, W] with positive sizes, got [8, 8]")) {
            try BatchEmbedder.embed(model: model, count: 2, imageShape: [8, 8]) { _, _ in }
        }
    }
}
