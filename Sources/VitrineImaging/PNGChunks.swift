import Foundation

/// The few facts about a PNG stream that are checked before libpng sees it.
enum PNGChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Chunks that would make libpng convert samples between gamma encodings.
    static let colorSpaceChunks: Set<String> = ["gAMA", "sRGB", "iCCP", "cHRM"]

    /// Throws unless `data` starts with the PNG signature.
    static func checkSignature(_ data: Data, name: String) throws {
        guard !data.isEmpty else { throw ImagingError.notPNG(file: name, detail: "the file is empty") }
        let head = Array(data.prefix(signature.count))
        guard head == Array(signature.prefix(head.count)) else {
            let shown = head.map { String(format: "%02X", $0) }.joined(separator: " ")
            throw ImagingError.notPNG(
                file: name, detail: "it starts with \(shown), not the PNG signature 89 50 4E 47 0D 0A 1A 0A")
        }
        guard head.count == signature.count else {
            throw ImagingError.truncated(file: name, detail: "only \(data.count) bytes, shorter than the PNG signature")
        }
    }

    /// The IHDR fields checked before decoding.
    struct Header {
        let width: Int
        let height: Int
        /// Bit depth × samples per pixel; nil for a colour type or bit depth PNG does not define.
        let bitsPerPixel: Int?
    }

    /// The IHDR chunk's fields, when the stream starts with one.
    static func header(_ data: Data) -> Header? {
        let bytes = Array(data.prefix(26))
        guard bytes.count == 26, bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
        let samples = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][Int(bytes[25])]
        let depth = [1, 2, 4, 8, 16].contains(Int(bytes[24])) ? Int(bytes[24]) : nil
        return Header(width: Int(bigEndian32(bytes, 16)), height: Int(bigEndian32(bytes, 20)),
                      bitsPerPixel: samples.flatMap { samples in depth.map { samples * $0 } })
    }

    /// What one pass over the chunk headers finds: the colour-space chunks to drop and how many
    /// bytes of image data (IDAT) the stream holds. Stops at the first chunk whose length runs
    /// past the end: libpng reports that damage itself.
    struct Layout {
        var colorSpaceChunks: [Range<Int>] = []
        var imageDataBytes = 0
        /// How many IHDR chunks the stream holds (PNG allows exactly one, first).
        var headerChunks = 0
        /// The type of the first chunk (PNG requires IHDR).
        var firstChunk: String?
    }

    static func layout(_ bytes: UnsafeRawBufferPointer) -> Layout {
        var layout = Layout()
        var offset = signature.count
        while offset + 12 <= bytes.count {
            let length = Int(bigEndian32(bytes, offset))
            let end = offset + 12 + length
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            if type == "IDAT" { layout.imageDataBytes += min(length, bytes.count - offset - 8) }
            if type == "IHDR" { layout.headerChunks += 1 }
            if layout.firstChunk == nil { layout.firstChunk = type }
            guard end <= bytes.count else { break }
            if colorSpaceChunks.contains(type) { layout.colorSpaceChunks.append(offset..<end) }
            offset = end
            // Bytes after IEND are not part of the image (libpng never reads them).
            if type == "IEND" { break }
        }
        return layout
    }

    /// `data` without the given chunk ranges (unchanged when there are none).
    static func removing(_ ranges: [Range<Int>], from data: Data) -> Data {
        if ranges.isEmpty { return data }
        var result = Data(capacity: data.count)
        var kept = data.startIndex
        for range in ranges {
            result.append(data[kept..<(data.startIndex + range.lowerBound)])
            kept = data.startIndex + range.upperBound
        }
        result.append(data[kept...])
        return result
    }

    /// `data` without its colour-space chunks.
    static func droppingColorSpaceChunks(_ data: Data) -> Data {
        removing(data.withUnsafeBytes { layout($0).colorSpaceChunks }, from: data)
    }

    /// zlib's deflate cannot shrink data by more than about 1032 : 1, so image data much smaller
    /// than the pixels need divided by that is certainly truncated: such a file is refused
    /// before its pixel buffers are allocated (a forged 100-byte file cannot claim gigabytes).
    static let maximumDeflateRatio = 1032

    static func bigEndian32(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        (UInt32(bytes[at]) << 24) | (UInt32(bytes[at + 1]) << 16) | (UInt32(bytes[at + 2]) << 8) | UInt32(bytes[at + 3])
    }

    static func bigEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        bytes.withUnsafeBytes { bigEndian32($0, at) }
    }
}
