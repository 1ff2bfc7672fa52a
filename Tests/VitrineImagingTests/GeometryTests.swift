import Foundation
import Testing
import VitrineEngine
@testable import VitrineImaging

@Suite struct GeometryTests {
    /// 2 channels, 3 × 4, sample value = 100 c + 10 y + x.
    private let image: Image = {
        var image = try! Image(channels: 2, height: 3, width: 4)
        for c in 0..<2 { for y in 0..<3 { for x in 0..<4 { image[c, y, x] = Float(100 * c + 10 * y + x) } } }
        return image
    }()

    @Test func cropTakesTheWindow() throws {
        let out = try image.cropped(top: 1, left: 2, height: 2, width: 2)
        #expect(out.pixels == [12, 13, 22, 23, 112, 113, 122, 123])
        #expect(try image.centerCropped(height: 1, width: 2).pixels == [11, 12, 111, 112])
        #expect(throws: ImagingError.self) { try image.cropped(top: 2, left: 0, height: 2, width: 1) }
        #expect(throws: ImagingError.self) { try image.cropped(top: -1, left: 0, height: 1, width: 1) }
        #expect(throws: ImagingError.self) { try image.cropped(top: 0, left: 0, height: 0, width: 1) }
        #expect(throws: ImagingError.self) { try image.cropped(top: 1, left: 1, height: Int.max, width: 1) }
        #expect(throws: ImagingError.self) { try image.resized(height: Int.max, width: 2) }
        #expect(throws: ImagingError.self) { try Image(channels: 3, height: Int.max, width: 2) }
    }

    @Test func padConstantAndEdge() throws {
        let constant = try image.padded(top: 1, bottom: 0, left: 0, right: 2, mode: .constant(Color(gray: 0.5, alpha: 0.25)))
        #expect(constant.height == 4 && constant.width == 6)
        #expect(Array(constant.pixels[0..<6]) == [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
        #expect(Array(constant.pixels[6..<12]) == [0, 1, 2, 3, 0.5, 0.5])
        #expect(Array(constant.pixels[24..<30]) == [0.25, 0.25, 0.25, 0.25, 0.25, 0.25])  // alpha plane
        let edge = try image.padded(top: 0, bottom: 2, left: 1, right: 1, mode: .edge)
        #expect(edge.height == 5 && edge.width == 6)
        #expect(Array(edge.pixels[0..<6]) == [0, 0, 1, 2, 3, 3])
        #expect(Array(edge.pixels[24..<30]) == [20, 20, 21, 22, 23, 23])  // last row repeated
        #expect(throws: ImagingError.self) { try image.padded(top: -1, bottom: 0, left: 0, right: 0) }
        #expect(throws: ImagingError.self) { try image.padded(top: Int.max, bottom: Int.max, left: 0, right: 0) }
        let empty = try Image(channels: 1, height: 2, width: 0)
        #expect(try empty.padded(top: 0, bottom: 0, left: 1, right: 1, mode: .constant(.white)).pixels == [1, 1, 1, 1])
        #expect(throws: ImagingError.self) { try empty.padded(top: 0, bottom: 0, left: 1, right: 1, mode: .edge) }
    }

    @Test func flips() throws {
        let h = image.flippedHorizontally()
        #expect(Array(h.pixels[0..<4]) == [3, 2, 1, 0])
        #expect(Array(h.pixels[12..<16]) == [103, 102, 101, 100])
        let v = image.flippedVertically()
        #expect(Array(v.pixels[0..<4]) == [20, 21, 22, 23])
        #expect(Array(v.pixels[20..<24]) == [100, 101, 102, 103])
        #expect(h.flippedHorizontally() == image && v.flippedVertically() == image)
    }

    @Test func rotateQuarterTurnsMovePixelsExactly() throws {
        var square = try Image(channels: 1, height: 3, width: 3)
        for i in 0..<9 { square.pixels[i] = Float(i) }
        // Counter-clockwise: the right column becomes the top row.
        #expect(try square.rotated(degrees: 90).pixels == [2, 5, 8, 1, 4, 7, 0, 3, 6])
        #expect(try square.rotated(degrees: -90).pixels == [6, 3, 0, 7, 4, 1, 8, 5, 2])
        #expect(try square.rotated(degrees: 180).pixels == Array((0..<9).reversed().map(Float.init)))
        #expect(try square.rotated(degrees: 360) == square)
        #expect(throws: ImagingError.self) { try square.rotated(degrees: .nan) }
    }

    @Test func rotateArbitraryAngleSamplesBilinearlyWithFill() throws {
        var image = try Image(channels: 1, height: 8, width: 8)
        for y in 0..<8 { for x in 0..<8 { image[0, y, x] = Float(x) } }  // a horizontal ramp
        let out = try image.rotated(degrees: 30, fill: .white)
        // Independent check at interior pixels: the ramp value is the source x coordinate.
        let (c, s) = (cos(Double.pi / 6), sin(Double.pi / 6))
        for y in 2..<6 {
            for x in 2..<6 {
                let dx = Double(x) + 0.5 - 4, dy = Double(y) + 0.5 - 4
                let sx = c * dx - s * dy + 4 - 0.5
                #expect(abs(Double(out[0, y, x]) - sx) < 1e-4, "(\(y), \(x))")
            }
        }
        // The corners come from outside the image: white fill.
        #expect(out[0, 0, 0] == 1 && out[0, 7, 7] == 1)
    }

    @Test func conversions() throws {
        let rgba = try Image(channels: 4, height: 1, width: 2, pixels: [1, 0.2, 0, 0.4, 0, 0.6, 0.5, 0.5])
        let rgb = rgba.rgb()  // over white
        #expect(maxDifference(rgb.pixels, [1, 0.6, 0.5, 0.7, 0.5, 0.8]) < 1e-6)
        let overBlack = rgba.rgb(background: .black)
        #expect(maxDifference(overBlack.pixels, [0.5, 0.1, 0, 0.2, 0, 0.3]) < 1e-6)
        let gray = rgba.gray(background: .black)
        #expect(maxDifference(gray.pixels, [0.299 * 0.5, 0.299 * 0.1 + 0.587 * 0.2 + 0.114 * 0.3]) < 1e-6)
        let ga = try Image(channels: 2, height: 1, width: 1, pixels: [0.2, 0.5])
        #expect(maxDifference(ga.rgb().pixels, [0.6, 0.6, 0.6]) < 1e-6)
        #expect(maxDifference(ga.gray().pixels, [0.6]) < 1e-6)
        #expect(try Image(channels: 1, height: 1, width: 1, fill: 0.3).rgb().pixels == [0.3, 0.3, 0.3])
    }

    @Test func tensorRoundTripAndValidation() throws {
        let t = image.tensor
        #expect(t.shape == [2, 3, 4])
        #expect(try Image(tensor: t) == image)
        #expect(throws: ImagingError.self) { try Image(tensor: Tensor(zeros: [5, 2, 2])) }
        #expect(throws: ImagingError.self) { try Image(tensor: Tensor(zeros: [2, 2])) }
        #expect(throws: ImagingError.self) { try Image(channels: 3, height: 2, width: 2, pixels: [1, 2]) }
        #expect(try Image(channels: 3, height: 1, width: 1, color: .red).pixels == [1, 0, 0])
    }
}

@Suite struct ColorTests {
    private func pixel(_ r: Float, _ g: Float, _ b: Float) throws -> Image {
        try Image(channels: 3, height: 1, width: 1, pixels: [r, g, b])
    }

    @Test func hueRotatesTheColourWheel() throws {
        #expect(maxDifference(try pixel(1, 0, 0).adjustingHue(1.0 / 3).pixels, [0, 1, 0]) < 1e-5)
        #expect(maxDifference(try pixel(1, 0, 0).adjustingHue(-1.0 / 3).pixels, [0, 0, 1]) < 1e-5)
        #expect(maxDifference(try pixel(0.8, 0.4, 0.2).adjustingHue(0.5).pixels, [0.2, 0.6, 0.8]) < 1e-5)
        // Hue shifts keep the value (max) and the gray pixels.
        #expect(try pixel(0.3, 0.3, 0.3).adjustingHue(0.2).pixels == [0.3, 0.3, 0.3])
    }

    @Test func largeImagesTakeTheParallelPathWithTheSameResults() throws {
        let g = Generator(seed: 5)
        let image = try Image(channels: 3, height: 120, width: 150, pixels: (0..<(3 * 120 * 150)).map { _ in Float(g.uniform()) })
        let saturated = image.adjustingSaturation(1.7), plane = image.planeSize
        var worst: Float = 0
        for i in stride(from: 0, to: plane, by: 97) {
            let luma = 0.299 * image.pixels[i] + 0.587 * image.pixels[plane + i] + 0.114 * image.pixels[2 * plane + i]
            for c in 0..<3 {
                let naive = min(1, max(0, 1.7 * image.pixels[c * plane + i] - 0.7 * luma))
                worst = max(worst, abs(saturated.pixels[c * plane + i] - naive))
            }
        }
        #expect(worst < 1e-6)
        // Three thirds of a turn come back to the start.
        let turned = image.adjustingHue(1.0 / 3).adjustingHue(1.0 / 3).adjustingHue(1.0 / 3)
        #expect(maxDifference(turned.pixels, image.pixels) < 1e-4)
        #expect(image.adjustingHue(.nan) == image)
    }

    @Test func brightnessContrastSaturation() throws {
        let image = try Image(channels: 4, height: 1, width: 2, pixels: [0.2, 0.8, 0.4, 0.6, 0.1, 0.9, 0.5, 0.5])
        let bright = image.adjustingBrightness(1.5)
        #expect(maxDifference(bright.pixels, [0.3, 1, 0.6, 0.9, 0.15, 1, 0.5, 0.5]) < 1e-6)  // alpha untouched
        let flat = image.adjustingContrast(0)
        let lumas = [0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.1, 0.299 * 0.8 + 0.587 * 0.6 + 0.114 * 0.9]
        let mean = Float((lumas[0] + lumas[1]) / 2)
        #expect(maxDifference(Array(flat.pixels[0..<6]), [Float](repeating: mean, count: 6)) < 1e-6)
        let grayed = image.adjustingSaturation(0)
        #expect(maxDifference(Array(grayed.pixels[0..<6]), [lumas[0], lumas[1], lumas[0], lumas[1], lumas[0], lumas[1]].map { Float($0) }) < 1e-6)
        #expect(image.adjustingSaturation(1) == image && image.adjustingContrast(1) == image)
    }

    @Test func jitterIsSeededAndBounded() throws {
        let g0 = Generator(seed: 1)
        let image = try Image(channels: 3, height: 4, width: 4, pixels: (0..<48).map { _ in Float(g0.uniform()) })
        let jitter = try ColorJitter(brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1)
        let a = jitter.apply(image, Generator(seed: 7)), b = jitter.apply(image, Generator(seed: 7))
        #expect(a == b)
        #expect(a != jitter.apply(image, Generator(seed: 8)))
        #expect(a != image && a.pixels.allSatisfy { (0...1).contains($0) })
        #expect(try ColorJitter().apply(image, Generator(seed: 7)) == image)
        // A lone brightness jitter applies exactly the factor drawn after the order permutation.
        let replay = Generator(seed: 3)
        var order = [0, 1, 2, 3]
        replay.shuffle(&order)
        let factor = replay.uniform(0.6, 1.4)
        #expect(try ColorJitter(brightness: 0.4).apply(image, Generator(seed: 3)) == image.adjustingBrightness(factor))
        #expect(throws: ImagingError.self) { try ColorJitter(hue: 0.6) }
        #expect(throws: ImagingError.self) { try ColorJitter(brightness: -1) }
    }

    @Test func normalizePerChannel() throws {
        let image = try Image(channels: 2, height: 1, width: 2, pixels: [0, 1, 0.5, 0.25])
        let t = try image.normalized(mean: [0.5, 0.25], std: [0.5, 0.25])
        #expect(t.shape == [2, 1, 2] && t.array == [-1, 1, 1, 0])
        let batch = try Tensor(shape: [2, 2, 1, 1], values: [1, 1, 0, 0])
        try Image.normalize(batch, mean: [1, 0], std: [2, 4])
        #expect(batch.array == [0, 0.25, -0.5, 0])
        #expect(throws: ImagingError.self) { try image.normalized(mean: [0], std: [1]) }
        #expect(throws: ImagingError.self) { try image.normalized(mean: [0, 0], std: [1, 0]) }
    }
}
