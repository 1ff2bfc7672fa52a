import Foundation
import Testing
import VitrineEngine
@testable import VitrineImaging

@Suite struct ResizeTests {
    private func gray(_ rows: [[Float]]) throws -> Image {
        try Image(channels: 1, height: rows.count, width: rows[0].count, pixels: rows.flatMap { $0 })
    }

    private func random(channels: Int, height: Int, width: Int, seed: UInt64) throws -> Image {
        let g = Generator(seed: seed)
        return try Image(channels: channels, height: height, width: width,
                         pixels: (0..<(channels * height * width)).map { _ in Float(g.uniform()) })
    }

    /// PyTorch: F.interpolate(tensor([[0., 1.], [2., 3.]])[None, None], size=4, mode="bilinear",
    /// align_corners=False), worked by hand: source positions -0.25 (clamped to 0), 0.25, 0.75, 1.25.
    @Test func upsampling2x2To4x4MatchesPyTorch() throws {
        let out = try gray([[0, 1], [2, 3]]).resized(height: 4, width: 4)
        let expected: [Float] = [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3]
        #expect(maxDifference(out.pixels, expected) < 1e-6)
    }

    @Test func downsampling4x4To2x2AveragesBlocks() throws {
        let input = try gray([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]])
        let out = try input.resized(height: 2, width: 2)
        #expect(maxDifference(out.pixels, [2.5, 4.5, 10.5, 12.5]) < 1e-6)
        // Without antialiasing it is bilinear at positions 0.5 and 2.5: the same here...
        #expect(maxDifference(try input.resized(height: 2, width: 2, antialias: false).pixels, [2.5, 4.5, 10.5, 12.5]) < 1e-6)
        // ...but not for 4 → 1, where bilinear samples the middle and area takes the mean.
        let row = try gray([[0, 0, 0, 8]])
        #expect(try row.resized(height: 1, width: 1).pixels == [2])
        #expect(try row.resized(height: 1, width: 1, antialias: false).pixels == [0])
    }

    /// 1 × 4 → 1 × 3 without antialiasing: PyTorch samples positions 1/6, 3/2, 17/6.
    @Test func nonIntegerBilinearMatchesPyTorchPositions() throws {
        let out = try gray([[0, 1, 2, 3]]).resized(height: 1, width: 3, antialias: false)
        #expect(maxDifference(out.pixels, [1.0 / 6, 1.5, 17.0 / 6]) < 1e-6)
        // Area averaging over spans of 4/3 pixels: [0, 4/3), [4/3, 8/3), [8/3, 4).
        let area = try gray([[0, 1, 2, 3]]).resized(height: 1, width: 3)
        let expected: [Float] = [(0 + 1.0 / 3) * 0.75, (2.0 / 3 * 1 + 2.0 / 3 * 2) * 0.75, (1.0 / 3 * 2 + 3) * 0.75]
        #expect(maxDifference(area.pixels, expected) < 1e-6)
    }

    /// An independent two-dimensional implementation: for each output pixel, the overlap area
    /// of its footprint with every input pixel (shrinking), or the four bilinear neighbours
    /// (growing), computed directly without separable passes.
    private func naive(_ image: Image, height oh: Int, width ow: Int) -> [Float] {
        let (h, w) = (image.height, image.width)
        func weights(_ o: Int, _ n: Int, _ m: Int) -> [Int: Double] {
            let s = Double(n) / Double(m)
            if m < n {
                var result: [Int: Double] = [:]
                for i in 0..<n {
                    let overlap = min(Double(i + 1), Double(o + 1) * s) - max(Double(i), Double(o) * s)
                    if overlap > 0 { result[i] = overlap / s }
                }
                return result
            }
            let src = max(0, (Double(o) + 0.5) * s - 0.5)
            let i0 = Int(src.rounded(.down)), l = src - Double(i0)
            return i0 + 1 < n ? [i0: 1 - l, i0 + 1: l] : [n - 1: 1]
        }
        var out: [Float] = []
        for c in 0..<image.channels {
            for y in 0..<oh {
                for x in 0..<ow {
                    var sum = 0.0
                    for (iy, wy) in weights(y, h, oh) {
                        for (ix, wx) in weights(x, w, ow) { sum += wy * wx * Double(image[c, iy, ix]) }
                    }
                    out.append(Float(sum))
                }
            }
        }
        return out
    }

    @Test(arguments: [(5, 7, 3, 4), (5, 7, 9, 4), (6, 4, 2, 11), (3, 3, 3, 3), (7, 5, 1, 1), (2, 9, 5, 3)])
    func matchesTheNaiveTwoDimensionalFormula(shape: (Int, Int, Int, Int)) throws {
        let (h, w, oh, ow) = shape
        let image = try random(channels: 3, height: h, width: w, seed: UInt64(h * 100 + w))
        let out = try image.resized(height: oh, width: ow)
        #expect(out.channels == 3 && out.height == oh && out.width == ow)
        #expect(maxDifference(out.pixels, naive(image, height: oh, width: ow)) < 1e-5)
    }

    @Test func areaAveragingPreservesTheMean() throws {
        let image = try random(channels: 1, height: 30, width: 21, seed: 9)
        let out = try image.resized(height: 7, width: 4)
        let mean = { (p: [Float]) in p.reduce(0, +) / Float(p.count) }
        #expect(abs(mean(out.pixels) - mean(image.pixels)) < 1e-5)
    }

    @Test func tensorBatchResizesEachImage() throws {
        let a = try random(channels: 2, height: 6, width: 5, seed: 1), b = try random(channels: 2, height: 6, width: 5, seed: 2)
        let batch = try Tensor(shape: [2, 2, 6, 5], values: a.pixels + b.pixels)
        let out = try Image.resize(batch, height: 3, width: 8)
        #expect(out.shape == [2, 2, 3, 8])
        #expect(out.array == (try a.resized(height: 3, width: 8).pixels + b.resized(height: 3, width: 8).pixels))
        #expect(throws: ImagingError.self) { try Image.resize(batch, height: 0, width: 8) }
        #expect(throws: ImagingError.self) { try Image.resize(Tensor(zeros: [4]), height: 2, width: 2) }
    }

    @Test func largeImageUsesBothPathsConsistently() throws {
        // Large enough to run in parallel; must equal the serial naive formula.
        let image = try random(channels: 3, height: 64, width: 96, seed: 3)
        let out = try image.resized(height: 40, width: 150)
        #expect(maxDifference(out.pixels, naive(image, height: 40, width: 150)) < 1e-5)
    }
}

/// `Image.resizeAdaptiveAverage`, PyTorch's `F.interpolate(mode="area")` (adaptive average pooling).
@Suite struct AdaptiveAverageResizeTests {
    /// x = arange(20).reshape(1, 1, 4, 5) ** 1.5 and torch 2.13's F.interpolate(x, size, mode="area"),
    /// shrinking to 3 × 2 (windows of rows [0, 2), [1, 3), [2, 4); columns [0, 3), [2, 5)) and
    /// growing to 6 × 7 (each output averages the one or two inputs under it).
    @Test func matchesPyTorchArea() throws {
        let x = try Tensor(shape: [1, 1, 4, 5], values: (0..<20).map { Float(pow(Double($0), 1.5)) })
        let shrunk = try Image.resizeAdaptiveAverage(x, height: 3, width: 2)
        #expect(shrunk.shape == [1, 1, 3, 2])
        #expect(maxDifference(shrunk.array, [8.0376615524292, 14.028709411621094, 25.678733825683594,
                                             34.82870864868164, 50.31040573120117, 61.68400192260742]) < 2e-5)
        let grown = try Image.resizeAdaptiveAverage(x, height: 6, width: 7)
        let torch: [Float] = [
            0.0, 0.5, 1.9142135381698608, 2.8284270763397217, 4.012289524078369, 6.598075866699219, 8.0,
            5.590169906616211, 6.7193193435668945, 9.261405944824219, 10.67434310913086, 12.29306411743164, 15.705892562866211, 17.5,
            11.180339813232422, 12.938638687133789, 16.608598709106445, 18.520259857177734, 20.573837280273438, 24.813709259033203, 27.0,
            31.62277603149414, 34.052825927734375, 39.02604675292969, 41.569217681884766, 44.2206916809082, 49.627685546875, 52.383201599121094,
            44.8587646484375, 47.55010223388672, 53.036224365234375, 55.83100891113281, 58.725425720214844, 64.61048889160156, 67.60113525390625,
            58.094749450683594, 61.0473747253418, 67.04640197753906, 70.0927963256836, 73.23016357421875, 79.59330749511719, 82.81907653808594,
        ]
        #expect(maxDifference(grown.array, torch) < 2e-5)
    }

    /// For an exact factor it is the block mean, as the antialiased resize; for 5 → 3 it is not
    /// (PyTorch's windows overlap, exact area averaging weights the shared sample by halves).
    @Test func differsFromExactAreaOnlyForInexactFactors() throws {
        let x = try Tensor(shape: [1, 1, 5], values: [1, 2, 3, 4, 5])
        #expect(try Image.resizeAdaptiveAverage(x, height: 1, width: 3).array == [1.5, 3, 4.5])
        let block = try Tensor(shape: [1, 4, 4], values: (0..<16).map(Float.init))
        #expect(try Image.resizeAdaptiveAverage(block, height: 2, width: 2).array
            == (try Image.resize(block, height: 2, width: 2)).array)
        #expect(throws: ImagingError.self) { try Image.resizeAdaptiveAverage(x, height: 0, width: 3) }
    }
}
