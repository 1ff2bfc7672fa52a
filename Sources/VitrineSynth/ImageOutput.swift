import CZlib
import Foundation

/// The one place generated canvases become files.
///
/// Stopgap until VitrineImaging lands: a minimal 8-bit RGB PNG encoder over zlib.
enum ImageOutput {
    /// Writes the canvas's RGB as an 8-bit PNG.
    static func writePNG(_ canvas: Canvas, to url: URL) throws {
        let (w, h) = (canvas.width, canvas.height)
        let plane = w * h
        var raw = [UInt8](repeating: 0, count: h * (1 + 3 * w))
        for y in 0..<h {
            let rowStart = y * (1 + 3 * w)
            for x in 0..<w {
                for c in 0..<3 {
                    let v = canvas.pixels[c * plane + y * w + x]
                    raw[rowStart + 1 + 3 * x + c] = UInt8(min(255, max(0, (v * 255).rounded())))
                }
            }
        }
        var compressedLength = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
        let status = compress2(&compressed, &compressedLength, raw, uLong(raw.count), 6)
        guard status == Z_OK else { throw SynthError.writeFailed(url.path, "zlib error \(status)") }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func chunk(_ type: String, _ data: [UInt8]) {
            png += bigEndian(UInt32(data.count))
            let body = Array(type.utf8) + data
            png += body
            png += bigEndian(UInt32(crc32(0, body, uInt(body.count))))
        }
        chunk("IHDR", bigEndian(UInt32(w)) + bigEndian(UInt32(h)) + [8, 2, 0, 0, 0])
        chunk("IDAT", Array(compressed[0..<Int(compressedLength)]))
        chunk("IEND", [])
        do {
            try Data(png).write(to: url)
        } catch {
            throw SynthError.writeFailed(url.path, "\(error.localizedDescription)")
        }
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}
