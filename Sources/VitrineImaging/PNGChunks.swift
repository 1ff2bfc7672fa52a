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

    /// Width and height from the IHDR chunk, when the stream is long enough to hold one.
    static func headerSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = Array(data.prefix(24))
        guard bytes.count == 24, bytes[12..<16] == [0x49, 0x48, 0x44, 0x52] else { return nil }
        return (Int(bigEndian32(bytes, 16)), Int(bigEndian32(bytes, 20)))
    }

    /// `data` without its colour-space chunks (unchanged when it has none). Stops looking at
    /// the first chunk whose length runs past the end and keeps the rest as it is: libpng
    /// reports the damage itself.
    static func droppingColorSpaceChunks(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var kept: [Range<Int>] = []
        var offset = signature.count, keptFrom = 0
        while offset + 12 <= bytes.count {
            let length = Int(bigEndian32(bytes, offset))
            let end = offset + 12 + length
            guard length <= bytes.count, end <= bytes.count else { break }
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            if colorSpaceChunks.contains(type) {
                kept.append(keptFrom..<offset)
                keptFrom = end
            }
            if type == "IDAT" || type == "IEND" { break }
            offset = end
        }
        if kept.isEmpty { return data }
        kept.append(keptFrom..<bytes.count)
        var result = Data(capacity: bytes.count)
        for range in kept { result.append(contentsOf: bytes[range]) }
        return result
    }

    static func bigEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (UInt32(bytes[at]) << 24) | (UInt32(bytes[at + 1]) << 16) | (UInt32(bytes[at + 2]) << 8) | UInt32(bytes[at + 3])
    }
}
