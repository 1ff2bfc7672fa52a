import Testing
import VitrineEngine
@testable import VitrineData

private func image(_ shape: [Int], seed: UInt64, low: Float = 0, high: Float = 1) -> Tensor {
    let t = Tensor(zeros: shape)
    Generator(seed: seed).fillUniform(t, low: low, high: high)
    return t
}

@Suite struct ImageAugmentationTests {
    @Test func fullCropAtTheSameSizeIsTheIdentity() throws {
        let input = image([3, 4, 6], seed: 1)
        let aug = try ImageAugmentation(size: Size2(4, 6), scale: 1...1, ratio: 1.5...1.5, flipProbability: 0)
        #expect(aug.cropBox(height: 4, width: 6, Generator(seed: 9)) == (0, 0, 4, 6))
        #expect(try aug.apply(input, Generator(seed: 9)).array == input.array)
    }

    @Test func flipMirrorsLeftAndRight() throws {
        let input = image([2, 3, 5], seed: 2)
        let aug = try ImageAugmentation(size: Size2(3, 5), scale: 1...1, ratio: (5.0 / 3)...(5.0 / 3), flipProbability: 1)
        let out = try aug.apply(input, Generator(seed: 1))
        for c in 0..<2 { for y in 0..<3 { for x in 0..<5 {
            #expect(out[[c, y, x]] == input[[c, y, 4 - x]])
        } } }
    }

    @Test func bilinearResizeMatchesPyTorchHandWorked() throws {
        // F.interpolate([[0, 1]], size=4, mode="bilinear", align_corners=False) = [0, 0.25, 0.75, 1].
        let up = try ImageAugmentation(size: Size2(1, 4), scale: 1...1, ratio: 2...2, flipProbability: 0)
        #expect(try up.apply(Tensor(shape: [1, 1, 2], values: [0, 1]), Generator(seed: 0)).array == [0, 0.25, 0.75, 1])
        // Downsampling by 2 without antialiasing samples between pixel pairs: [0.5, 2.5].
        let down = try ImageAugmentation(size: Size2(1, 2), scale: 1...1, ratio: 4...4, flipProbability: 0)
        #expect(try down.apply(Tensor(shape: [1, 1, 4], values: [0, 1, 2, 3]), Generator(seed: 0)).array == [0.5, 2.5])
        // 2 × 2 → 3 × 3: the centre is the mean of all four.
        let grid = try ImageAugmentation(size: Size2(3, 3), scale: 1...1, ratio: 1...1, flipProbability: 0)
        let out = try grid.apply(Tensor(shape: [1, 2, 2], values: [0, 1, 2, 3]), Generator(seed: 0))
        let expected: [Float] = [0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3]
        for (a, e) in zip(out.array, expected) { #expect(abs(a - e) < 1e-6, "\(out.array)") }
    }

    @Test func randomCropsStayInsideAndFallBack() throws {
        let aug = try ImageAugmentation(size: 8)
        let g = Generator(seed: 4)
        var sizes = Set<Int>()
        for _ in 0..<200 {
            let box = aug.cropBox(height: 30, width: 50, g)
            #expect(box.top >= 0 && box.left >= 0 && box.height > 0 && box.width > 0)
            #expect(box.top + box.height <= 30 && box.left + box.width <= 50)
            sizes.insert(box.height * box.width)
        }
        #expect(sizes.count > 50)
        // No crop with ratio 4...5 fits a square at full scale: torchvision's centred fallback.
        let wide = try ImageAugmentation(size: 8, scale: 1...1, ratio: 4...5)
        #expect(wide.cropBox(height: 20, width: 20, Generator(seed: 0)) == (7, 0, 5, 20))
    }

    @Test func brightnessScalesAndContrastBlendsWithTheMean() throws {
        let input = image([3, 6, 6], seed: 5, low: 0.2, high: 0.6)
        let bright = try ImageAugmentation(size: 6, scale: 1...1, ratio: 1...1, flipProbability: 0, brightness: 0.5)
        let out = try bright.apply(input, Generator(seed: 3))
        let factor = out[0] / input[0]
        #expect(factor >= 0.5 && factor <= 1.5 && abs(factor - 1) > 1e-3)
        for i in 0..<input.count { #expect(abs(out[i] - input[i] * factor) < 1e-5) }

        // A grey image (equal channels): contrast keeps the mean and scales deviations by one factor.
        let grey = Tensor(zeros: [3, 4, 4])
        let plane = image([1, 4, 4], seed: 6, low: 0.3, high: 0.7)
        for c in 0..<3 { for i in 0..<16 { grey.data[c * 16 + i] = plane.data[i] } }
        let contrasty = try ImageAugmentation(size: 4, scale: 1...1, ratio: 1...1, flipProbability: 0, contrast: 0.4)
        let c = try contrasty.apply(grey, Generator(seed: 8))
        let mean = grey.array.reduce(0, +) / Float(grey.count)
        let k = (c[0] - mean) / (grey[0] - mean)
        #expect(k >= 0.6 && k <= 1.4 && abs(k - 1) > 1e-3)
        for i in 0..<grey.count { #expect(abs((c[i] - mean) - k * (grey[i] - mean)) < 1e-5) }
    }

    @Test func normalizesPerChannel() throws {
        let aug = try ImageAugmentation(size: 2, scale: 1...1, ratio: 1...1, flipProbability: 0,
                                        mean: [0.5, 0.25, 0], std: [0.5, 0.25, 0.5])
        let out = try aug.apply(Tensor(shape: [3, 2, 2], repeating: 0.5), Generator(seed: 0))
        #expect(out.array == [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1])
    }

    @Test func sameGeneratorSameResult() throws {
        let aug = try ImageAugmentation(size: 5, brightness: 0.3, contrast: 0.3,
                                        mean: ImageAugmentation.imageNetMean, std: ImageAugmentation.imageNetStd)
        let input = image([3, 12, 9], seed: 7)
        let a = try aug.apply(input, Generator(seed: 11))
        #expect(a.shape == [3, 5, 5])
        #expect(try aug.apply(input, Generator(seed: 11)).array == a.array)
        #expect(try aug.apply(input, Generator(seed: 12)).array != a.array)
    }

    @Test func invalidSettingsAndInputs() throws {
        #expect(throws: EngineError.invalidArgument("ImageAugmentation", "output size must be positive, got (0, 4)")) {
            try ImageAugmentation(size: Size2(0, 4))
        }
        #expect(throws: EngineError.invalidArgument("ImageAugmentation", "scale must lie in (0, 1], got 0.0...1.0")) {
            try ImageAugmentation(size: 4, scale: 0...1)
        }
        #expect(throws: EngineError.invalidArgument(
            "ImageAugmentation", "mean and std must both be given, with one value per channel; got [0.5] and []")) {
            try ImageAugmentation(size: 4, mean: [0.5])
        }
        let aug = try ImageAugmentation(size: 4, mean: [0.5], std: [0.5])
        #expect(throws: EngineError.shapeMismatch("ImageAugmentation", "1 normalization channels for an image [3, 4, 4]")) {
            try aug.apply(Tensor(zeros: [3, 4, 4]), Generator(seed: 0))
        }
        #expect(throws: EngineError.shapeMismatch("ImageAugmentation", "expected an image [C, H, W], got [4, 4]")) {
            try aug.apply(Tensor(zeros: [4, 4]), Generator(seed: 0))
        }
    }

    @Test func benchmarkPiecesRun() throws {
        let decode = try LoaderBenchmark.syntheticPNGDecode(size: 8)
        let a = try decode(0), b = try decode(1)
        #expect(a.shape == [3, 8, 8])
        #expect(a.array.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(a.array != b.array)
        #expect(try decode(0).array == a.array)
        let result = try LoaderBenchmark.measure(imageSize: 12, outputSize: 8, batchSize: 3, batches: 2, workers: 2, prefetch: 2)
        #expect(result.images == 6 && result.batches == 2)
        #expect(result.imagesPerSecond > 0)
    }
}
