import Foundation
import Testing
import VitrineEngine
import VitrineModels
import VitrineNN
@testable import VitrineInference

/// The evaluation view (`eval.center_crop`, `eval.flip_average`) against hand-worked values, and
/// its reach: the task's evaluation, `vitrine eval` overrides and checkpoints loaded for serving.
@Suite struct EmbeddingViewTests {
    @Test func centerBoxIsTorchvisionsCenterCrop() {
        // torchvision: Resize(64 / 0.875) then CenterCrop(56) keeps rows and columns 4..<60.
        #expect(EmbeddingView.centerBox(height: 64, width: 64, fraction: 0.875) == (4, 4, 56, 56))
        let box = EmbeddingView.centerBox(height: 8, width: 6, fraction: 0.5)
        #expect(box.height == 4 && box.width == 3 && box.top == 2 && box.left == 2, "(6 − 3) / 2 = 1.5 rounds to 2")
        #expect(EmbeddingView.centerBox(height: 32, width: 32, fraction: 1) == (0, 0, 32, 32))
    }

    /// A 4×4 image cropped to its central 2×2 [[a, b], [c, d]] and resized back to 4×4 with
    /// half-pixel centres: output column x samples source column (x + 0.5) / 2 − 0.5, i.e.
    /// −0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    @Test func centerCropResizesTheCentreBackBilinearly() throws {
        let pixels: [Float] = (0..<16).map { Float($0) }
        let (a, b, c, d): (Float, Float, Float, Float) = (5, 6, 9, 10)
        let view = try EmbeddingView(network: RawPixelEmbedding(), centerCrop: 0.5, flipAverage: false)
        let out = try view.forward(try Tensor(shape: [1, 1, 4, 4], values: pixels)).array
        func lerp(_ p: Float, _ q: Float, _ t: Float) -> Float { p + (q - p) * t }
        let top = [a, lerp(a, b, 0.25), lerp(a, b, 0.75), b]
        let bottom = [c, lerp(c, d, 0.25), lerp(c, d, 0.75), d]
        let rowWeights: [Float] = [0, 0.25, 0.75, 1]
        for y in 0..<4 {
            for x in 0..<4 {
                #expect(abs(out[y * 4 + x] - lerp(top[x], bottom[x], rowWeights[y])) < 1e-5, "pixel (\(y), \(x))")
            }
        }
    }

    /// Flip averaging sums the unit embeddings of the image and of its mirror image:
    /// [1, 2, 2] / 3 + [2, 2, 1] / 3. Raw pixels reuse one output buffer, so this also checks
    /// that the first embedding survives the second forward.
    @Test func flipAveragingSumsTheUnitEmbeddingsOfBothViews() throws {
        let view = try EmbeddingView(network: RawPixelEmbedding(), centerCrop: 1, flipAverage: true)
        let image = try Tensor(shape: [2, 1, 1, 3], values: [1, 2, 2, 0, 3, 4])
        let out = try view.forward(image)
        #expect(out.shape == [2, 3])
        let expected: [Float] = [1, 4.0 / 3, 1, 0.8, 1.2, 0.8]
        for (got, want) in zip(out.array, expected) { #expect(abs(got - want) < 1e-6) }
    }

    @Test func theViewKeepsTheNetworksParameterPathsAndHasNoBackward() throws {
        let network = try ResNet(try ResNetConfiguration.named("resnet_small", width: 4, smallStem: false),
                                 head: .embedding(dimension: 8), generator: Generator(seed: 1))
        network.nameModules()
        let view = try #require(try EmbeddingView.wrapping(network, centerCrop: 0.875, flipAverage: true) as? EmbeddingView)
        #expect(view.namedParameters().map(\.0) == network.namedParameters().map(\.0))
        #expect(view.namedBuffers().map(\.0) == network.namedBuffers().map(\.0))
        _ = view.eval()
        #expect(!network.training && network.namedModules().allSatisfy { !$0.1.training })
        // Each later switch reaches the network too (evaluation runs again and again).
        _ = view.train()
        #expect(network.training && network.namedModules().allSatisfy { $0.1.training })
        _ = view.eval()
        #expect(!network.training && network.namedModules().allSatisfy { !$0.1.training })
        let out = try view.forward(Tensor(shape: [2, 3, 32, 32], repeating: 0.5))
        #expect(out.shape == [2, 8])
        #expect(throws: EngineError.self) { _ = try view.backward(out) }
        #expect(try EmbeddingView.wrapping(network, centerCrop: 1, flipAverage: false) === network, "no view when it changes nothing")
        #expect(throws: EngineError.self) { _ = try EmbeddingView(network: network, centerCrop: 0, flipAverage: false) }
    }
}
