import Testing
import VitrineEngine
import VitrineNN
@testable import VitrineModels

@Suite struct BaselineEmbeddingTests {
    @Test func colourHistogramCountsEachPixelInItsCell() throws {
        // Two 2×2 RGB images. bins = 2: a channel value below 0.5 is level 0, else level 1;
        // cell = (r·2 + g)·2 + b.
        let r: [Float] = [0.9, 0.9, 0.1, 0.1], g: [Float] = [0.1, 0.1, 0.1, 0.8], b: [Float] = [0.7, 0.7, 0.2, 0.2]
        let black = [Float](repeating: 0, count: 12)
        let input = try Tensor(shape: [2, 3, 2, 2], values: r + g + b + black)
        let histogram = try ColourHistogramEmbedding(bins: 2).forward(input)
        #expect(histogram.shape == [2, 8])
        // Image 0: two pixels (1,0,1) → cell 5, one (0,0,0) → cell 0, one (0,1,0) → cell 2.
        #expect(Array(histogram.array[0..<8]) == [0.25, 0, 0.25, 0, 0, 0.5, 0, 0])
        // Image 1: all black → cell 0.
        #expect(Array(histogram.array[8..<16]) == [1, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test func grayHistogramsAndValueOneLandInTheLastBin() throws {
        let input = try Tensor(shape: [1, 1, 1, 4], values: [0, 0.3, 0.99, 1])
        let histogram = try ColourHistogramEmbedding(bins: 4).forward(input)
        #expect(histogram.array == [0.25, 0.25, 0, 0.5])
    }

    @Test func rawPixelsAreTheFlattenedImage() throws {
        let input = try Tensor(shape: [2, 1, 2, 2], values: [1, 2, 3, 4, 5, 6, 7, 8])
        let embedding = try RawPixelEmbedding().forward(input)
        #expect(embedding.shape == [2, 4])
        #expect(embedding.array == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func baselinesRefuseTrainingAndBadInput() throws {
        let baseline = try ColourHistogramEmbedding()
        _ = try baseline.forward(Tensor(zeros: [1, 3, 2, 2]))
        #expect(throws: EngineError.self) { _ = try baseline.backward(Tensor(zeros: [1, 512])) }
        #expect(throws: EngineError.self) { _ = try baseline.forward(Tensor(zeros: [1, 2, 2, 2])) }
        #expect(throws: EngineError.self) { _ = try ColourHistogramEmbedding(bins: 1) }
        #expect(throws: EngineError.self) { _ = try RawPixelEmbedding().forward(Tensor(zeros: [4, 4])) }
    }
}
