import CVitrineJPEG
import Foundation

/// JPEG decoding through libjpeg-turbo (Debian's libjpeg62-turbo), for the photos phones send.
/// Colour images decode to RGB, grayscale ones to one channel, samples scaled to [0, 1] as
/// PNGs are. Images whose header declares more than `limits.maxPixels` pixels are refused
/// before any pixel memory is allocated; CMYK and YCCK files are refused by name.
public enum JPEG {
    /// Every JPEG starts with a start-of-image marker followed by another marker.
    static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]

    /// Whether `data` starts as a JPEG does.
    public static func looksLikeJPEG(_ data: Data) -> Bool { data.starts(with: signature) }

    /// Decodes JPEG bytes; `name` is the file (or other source) that errors mention.
    public static func read(data: Data, name: String, limits: PNGLimits = .files) throws -> Image {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = data.withUnsafeBytes { bytes in
            vitrine_jpeg_decode(bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count, limits.maxPixels,
                                &pixels, &width, &height, &channels, &message, message.count)
        }
        defer { free(pixels) }
        let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch status {
        case VITRINE_JPEG_OK:
            break
        case VITRINE_JPEG_TOO_LARGE:
            throw ImagingError.tooLarge(file: name, width: Int(width), height: Int(height), limit: limits.maxPixels)
        case VITRINE_JPEG_UNSUPPORTED:
            throw ImagingError.invalidJPEG(file: name, detail: "\(detail) is not supported; save it as RGB")
        case VITRINE_JPEG_NO_MEMORY:
            throw ImagingError.invalidJPEG(file: name, detail: "no memory for \(width)×\(height) pixels")
        default:
            throw ImagingError.invalidJPEG(file: name, detail: "libjpeg: \(detail)")
        }
        guard let pixels else { throw ImagingError.invalidJPEG(file: name, detail: "the decoder returned no pixels") }
        // Interleaved HWC bytes to planar CHW floats.
        let (c, h, w) = (Int(channels), Int(height), Int(width))
        var planar = [Float](repeating: 0, count: c * h * w)
        for y in 0..<h {
            for x in 0..<w {
                for channel in 0..<c {
                    planar[(channel * h + y) * w + x] = Float(pixels[(y * w + x) * c + channel]) / 255
                }
            }
        }
        return try Image(channels: c, height: h, width: w, pixels: planar)
    }
}
