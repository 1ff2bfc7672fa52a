import CPNG
import Foundation
import VitrineEngine

/// Decoding through `png_image_begin_read_from_memory` / `png_image_finish_read`.
enum PNGDecoder {
    static func decode(_ data: Data, name: String, limits: PNGLimits = .files) throws -> Image {
        try PNGChunks.checkSignature(data, name: name)
        let layout = data.withUnsafeBytes { PNGChunks.layout($0) }
        // libpng stops reading at the image data's end and would not see a second header after
        // it, and the colour-space chunks dropped below could hide one put before the header:
        // a file that declares its size twice, or not first, is damaged, whatever its pixels.
        if let first = layout.firstChunk, first != "IHDR" {
            throw ImagingError.corrupt(file: name, message: "its first chunk is \(first), not IHDR")
        }
        guard layout.headerChunks <= 1 else {
            throw ImagingError.corrupt(file: name, message: "it holds \(layout.headerChunks) IHDR chunks; a PNG has one, first")
        }
        if let header = PNGChunks.header(data) {
            guard limits.allows(width: header.width, height: header.height) else {
                throw ImagingError.tooLarge(file: name, width: header.width, height: header.height, limit: limits.maxPixels)
            }
            if let bits = header.bitsPerPixel {
                let needed = header.height * (1 + (header.width * bits + 7) / 8)
                if layout.imageDataBytes * PNGChunks.maximumDeflateRatio + 1024 < needed {
                    throw ImagingError.truncated(
                        file: name, detail: "\(layout.imageDataBytes) bytes of image data cannot hold "
                            + "\(header.width)×\(header.height) pixels (\(needed) bytes before compression)")
                }
            }
        }
        let stream = PNGChunks.removing(layout.colorSpaceChunks, from: data)
        return try stream.withUnsafeBytes { bytes -> Image in
            var control = png_image()
            control.version = UInt32(PNG_IMAGE_VERSION)
            // libpng reads from `bytes` until finish_read, so both calls stay inside this closure.
            guard png_image_begin_read_from_memory(&control, bytes.baseAddress, bytes.count) != 0 else {
                throw error(from: &control, name: name)
            }
            defer { png_image_free(&control) }
            let (width, height) = (Int(control.width), Int(control.height))
            guard limits.allows(width: width, height: height) else {
                throw ImagingError.tooLarge(file: name, width: width, height: height, limit: limits.maxPixels)
            }
            let native = control.format
            let color = native & PNG_FORMAT_FLAG_COLOR != 0
            let alpha = native & PNG_FORMAT_FLAG_ALPHA != 0
            let sixteenBit = native & PNG_FORMAT_FLAG_LINEAR != 0
            // Dropping the colour-map flag makes libpng expand palette files to RGB(A).
            control.format = native & (PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA | PNG_FORMAT_FLAG_LINEAR)
            let channels = (color ? 3 : 1) + (alpha ? 1 : 0)
            var image = try Image(channels: channels, height: height, width: width)
            if sixteenBit {
                var samples = [UInt16](repeating: 0, count: channels * width * height)
                try finish(&control, into: &samples, name: name)
                deinterleave(samples, into: &image, scale: 65535, unpremultiply: alpha)
            } else {
                var samples = [UInt8](repeating: 0, count: channels * width * height)
                try finish(&control, into: &samples, name: name)
                deinterleave(samples, into: &image, scale: 255, unpremultiply: false)
            }
            return image
        }
    }

    private static func finish<Sample>(_ control: inout png_image, into samples: inout [Sample], name: String) throws {
        let ok = samples.withUnsafeMutableBytes { buffer in
            png_image_finish_read(&control, nil, buffer.baseAddress, 0, nil)
        }
        guard ok != 0 else { throw error(from: &control, name: name) }
    }

    /// Interleaved samples to planes. libpng hands 16-bit alpha images over premultiplied
    /// (its linear formats use associated alpha); dividing by alpha restores straight alpha.
    private static func deinterleave<Sample: BinaryInteger>(
        _ samples: [Sample], into image: inout Image, scale: Float, unpremultiply: Bool
    ) {
        let (channels, width, height, plane) = (image.channels, image.width, image.height, image.planeSize)
        let colorChannels = unpremultiply ? channels - 1 : channels
        samples.withUnsafeBufferPointer { source in
            image.pixels.withUnsafeMutableBufferPointer { target in
                let (source, target) = (source, target)
                Parallel.forEach(height, cost: width * channels) { y in
                    for x in 0..<width {
                        let pixel = (y * width + x) * channels
                        let at = y * width + x
                        for c in 0..<channels { target[c * plane + at] = Float(source[pixel + c]) / scale }
                        guard unpremultiply else { continue }
                        let a = Float(source[pixel + channels - 1])
                        for c in 0..<colorChannels {
                            target[c * plane + at] = a > 0 ? min(1, Float(source[pixel + c]) / a) : 0
                        }
                    }
                }
            }
        }
    }

    /// Sorts libpng's message into the error kinds callers act on.
    static func error(from control: inout png_image, name: String) -> ImagingError {
        let message = withUnsafeBytes(of: &control.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let lowered = message.lowercased()
        if ["beyond end of data", "not enough image data", "read error", "unexpected end", "truncated"]
            .contains(where: lowered.contains) {
            return .truncated(file: name, detail: "libpng: \(message)")
        }
        if lowered.contains("user limit") {
            return .unsupported(file: name, detail: "libpng: \(message) (libpng accepts at most 1,000,000 pixels a side)")
        }
        if lowered.contains("not a png") {
            return .notPNG(file: name, detail: "libpng: \(message)")
        }
        return .corrupt(file: name, message: message.isEmpty ? "unknown error" : message)
    }
}
