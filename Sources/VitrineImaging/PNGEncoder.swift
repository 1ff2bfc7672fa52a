import CPNG
import Foundation
import VitrineEngine

/// Encoding through `png_image_write_to_memory`.
enum PNGEncoder {
    static func encode(_ image: Image, bitDepth: Int, name: String) throws -> Data {
        guard bitDepth == 8 || bitDepth == 16 else {
            throw ImagingError.unsupported(file: name, detail: "cannot write bit depth \(bitDepth); choose 8 or 16")
        }
        guard image.width > 0, image.height > 0 else {
            throw ImagingError.unsupported(file: name, detail: "a PNG needs at least 1×1 pixels, got \(image.width)×\(image.height)")
        }
        guard PNG.withinLimit(width: image.width, height: image.height) else {
            throw ImagingError.tooLarge(file: name, width: image.width, height: image.height, limit: PNG.maximumPixels)
        }
        var control = png_image()
        control.version = UInt32(PNG_IMAGE_VERSION)
        control.width = UInt32(image.width)
        control.height = UInt32(image.height)
        control.format = (image.channels >= 3 ? PNG_FORMAT_FLAG_COLOR : 0) | (image.hasAlpha ? PNG_FORMAT_FLAG_ALPHA : 0)
            | (bitDepth == 16 ? PNG_FORMAT_FLAG_LINEAR : 0)
        if bitDepth == 16 {
            let samples: [UInt16] = interleave(image, levels: 65535, premultiply: image.hasAlpha)
            return try write(&control, samples, rowBytes: image.width * image.channels * 2, name: name)
        }
        let samples: [UInt8] = interleave(image, levels: 255, premultiply: false)
        return try write(&control, samples, rowBytes: image.width * image.channels, name: name)
    }

    /// Planes to interleaved integer samples: clamped to 0...1 (NaN to 0), rounded to nearest.
    /// libpng's 16-bit formats take premultiplied colour, so alpha images are premultiplied by
    /// the quantized alpha, which libpng divides out again on the way to the file.
    private static func interleave<Sample: FixedWidthInteger>(_ image: Image, levels: Float, premultiply: Bool) -> [Sample] {
        let (channels, width, height, plane) = (image.channels, image.width, image.height, image.planeSize)
        var samples = [Sample](repeating: 0, count: channels * plane)
        // Adding 0.5 and truncating rounds to nearest for these non-negative values, without a
        // libm call; NaN fails both comparisons and becomes 0.
        func quantize(_ value: Float, _ levels: Float) -> Float {
            value > 0 ? Float(UInt32((value < 1 ? value : 1) * levels + 0.5)) : 0
        }
        image.pixels.withUnsafeBufferPointer { source in
            samples.withUnsafeMutableBufferPointer { target in
                let (source, target) = (source, target)
                Parallel.forEach(height, cost: width * channels) { y in
                    for x in 0..<width {
                        let at = y * width + x, pixel = at * channels
                        let alpha = premultiply ? quantize(source[(channels - 1) * plane + at], levels) : levels
                        for c in 0..<channels {
                            let isColor = !premultiply || c < channels - 1
                            let level = isColor ? quantize(source[c * plane + at], alpha) : alpha
                            target[pixel + c] = Sample(truncatingIfNeeded: UInt32(level))
                        }
                    }
                }
            }
        }
        return samples
    }

    private static func write<Sample>(_ control: inout png_image, _ samples: [Sample], rowBytes: Int,
                                      name: String) throws -> Data {
        // Room for the worst case (stored blocks, every IDAT's header), so one compression pass
        // is enough; libpng reports a larger need if the estimate is ever short, and we retry.
        let raw = Int(control.height) * (rowBytes + 1)
        let deflated = raw + (raw + 7) / 8 + (raw + 63) / 64 + 11
        var capacity = deflated + 12 * (deflated / 8192 + 1) + 1024
        for _ in 0..<2 {
            var output = Data(count: capacity)
            var size = capacity
            let ok = output.withUnsafeMutableBytes { out in
                samples.withUnsafeBytes { input in
                    png_image_write_to_memory(&control, out.baseAddress, &size, 0, input.baseAddress, 0, nil)
                }
            }
            if ok != 0 {
                output.count = size
                return output
            }
            guard size > capacity else { break }
            capacity = size
            png_image_free(&control)
        }
        let message = withUnsafeBytes(of: &control.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        throw ImagingError.unsupported(file: name, detail: "libpng could not encode it: \(message)")
    }
}
