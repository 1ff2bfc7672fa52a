import Foundation
import VitrineEngine

/// PNG files through libpng's simplified API (`png_image_*`), which reports errors by return
/// value instead of `longjmp`, so malformed files become ``ImagingError``s, never crashes.
///
/// Reading accepts every PNG colour type at every bit depth: gray, gray + alpha, RGB and RGBA
/// at 8 or 16 bits, gray at 1, 2 and 4 bits (scaled to 0...1), palette files (expanded to RGB,
/// or RGBA when they have transparency) and gray/RGB files with a tRNS colour key (which gain an
/// alpha channel). Samples come back as the file stores them divided by 255 or 65535: the
/// colour-space chunks (gAMA, sRGB, iCCP, cHRM) are ignored, as PIL and torchvision ignore
/// them, so a model sees the same numbers as in Python.
///
/// Writing produces 8- or 16-bit gray, gray + alpha, RGB or RGBA. Samples are clamped to 0...1
/// (NaN becomes 0) and rounded to the nearest level, so an 8-bit image read and written again
/// is unchanged, and a 16-bit one within 0.5 / 65535. At 16 bits libpng passes alpha images
/// through premultiplied form, so a colour sample under alpha `a` round-trips within
/// `1.5 / (a · 65535)` (exact at a = 1), and colour under alpha 0 is lost (it reads back as 0).
public enum PNG {
    /// Images with more pixels than this (2^28, e.g. 16384 × 16384) are refused before any
    /// pixel memory is allocated, so a forged header cannot exhaust memory.
    public static let maximumPixels = 1 << 28

    /// Whether `width × height` is at most ``maximumPixels``, without overflowing on forged sizes.
    static func withinLimit(width: Int, height: Int) -> Bool {
        PNGLimits.files.allows(width: width, height: height)
    }

    /// Reads the PNG file at `url`, refusing images of more than `limits.maxPixels` pixels
    /// (``ImagingError/tooLarge(file:width:height:limit:)``) before decoding them and files
    /// larger than such an image can need before reading them.
    public static func read(_ url: URL, limits: PNGLimits = .files) throws -> Image {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
        if let size, size > limits.maxFileBytes {
            throw ImagingError.unsupported(
                file: url.path, detail: "the file is \(size) bytes, more than any PNG of at most \(limits.maxPixels) pixels "
                    + "needs (\(limits.maxFileBytes) bytes); downscale or re-encode it")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImagingError.io(file: url.path, detail: "cannot read the file: \(error.localizedDescription)")
        }
        return try PNGDecoder.decode(data, name: url.path, limits: limits)
    }

    /// Decodes PNG bytes; `name` is the file (or other source) that errors mention.
    public static func read(data: Data, name: String, limits: PNGLimits = .files) throws -> Image {
        try PNGDecoder.decode(data, name: name, limits: limits)
    }

    /// Writes `image` to `url` as an 8- or 16-bit PNG of its own colour type. The write is
    /// atomic: a temporary file in the same directory is synced and renamed over `url`, so a
    /// crash leaves either the old file or the complete new one.
    public static func write(_ image: Image, to url: URL, bitDepth: Int = 8) throws {
        let data = try PNGEncoder.encode(image, bitDepth: bitDepth, name: url.path)
        do { try AtomicFile.write(data, to: url) } catch let error as AtomicFileError {
            throw ImagingError.io(file: error.path, detail: "cannot write the file (\(error.step): \(error.reason))")
        }
    }

    /// The PNG bytes of `image` at 8 or 16 bits per sample.
    public static func encode(_ image: Image, bitDepth: Int = 8) throws -> Data {
        try PNGEncoder.encode(image, bitDepth: bitDepth, name: "<\(image.channels)×\(image.height)×\(image.width) image>")
    }
}
