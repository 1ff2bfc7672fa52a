import Foundation
import Testing
@testable import VitrineImaging

/// CRC-32 (the PNG/zlib polynomial), so tests can forge chunks that pass libpng's CRC check.
func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
    }
    return ~crc
}

/// Rewrites the CRC of the chunk starting at `offset` to match its (possibly edited) contents.
func fixCRC(_ bytes: inout [UInt8], chunkAt offset: Int) {
    let length = Int(PNGChunks.bigEndian32(bytes, offset))
    let end = offset + 8 + length
    guard end + 4 <= bytes.count else { return }
    let crc = crc32(bytes[(offset + 4)..<end])
    for k in 0..<4 { bytes[end + k] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * k)) }
}

func putBigEndian32(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
    for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * k)) }
}

@Suite struct PNGErrorTests {
    private let valid: [UInt8] = {
        let image = try! Image(channels: 3, height: 8, width: 8, color: .blue)
        return [UInt8](try! PNG.encode(image))
    }()

    private func decodeError(_ bytes: [UInt8], name: String = "photos/broken.png") -> ImagingError? {
        do {
            _ = try PNG.read(data: Data(bytes), name: name)
            return nil
        } catch let error as ImagingError {
            #expect(error.description.contains(name), "error does not name the file: \(error)")
            return error
        } catch {
            Issue.record("not an ImagingError: \(error)")
            return nil
        }
    }

    @Test func emptyFileIsNotAPNG() {
        guard case .notPNG(_, let detail)? = decodeError([]) else { Issue.record("expected .notPNG"); return }
        #expect(detail.contains("empty"))
    }

    @Test func textFileIsNotAPNG() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("notes.png")
        try Data("product_id,category\n1,ring\n".utf8).write(to: url)
        do {
            _ = try PNG.read(url)
            Issue.record("a text file decoded")
        } catch let error as ImagingError {
            guard case .notPNG = error else { Issue.record("expected .notPNG, got \(error)"); return }
            #expect(error.description.contains(url.path))
            #expect(error.description.contains("70 72 6F 64"))  // "prod"
        }
    }

    @Test func missingFileIsAnIOError() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/image.png")
        #expect {
            _ = try PNG.read(url)
        } throws: { error in
            guard let error = error as? ImagingError, case .io = error else { return false }
            return error.description.contains(url.path)
        }
    }

    @Test func truncatedFilesAreTruncated() throws {
        guard case .truncated? = decodeError(Array(valid.prefix(5))) else { Issue.record("signature prefix"); return }
        // Cut inside the image data: libpng runs out of input.
        for length in [valid.count / 2, valid.count - 20] {
            guard case .truncated? = decodeError(Array(valid.prefix(length))) else {
                Issue.record("cut at \(length) of \(valid.count): \(String(describing: decodeError(Array(valid.prefix(length)))))")
                continue
            }
        }
        // Only IEND missing: every pixel is there, and libpng (like PIL) accepts the file.
        #expect(try PNG.read(data: Data(valid.prefix(valid.count - 12)), name: "a") == PNG.read(data: Data(valid), name: "b"))
    }

    @Test func badCRCIsCorruptWithLibpngsMessage() {
        var bytes = valid
        bytes[29] ^= 0xFF  // last byte of IHDR's CRC
        guard case .corrupt(_, let message)? = decodeError(bytes) else { Issue.record("expected .corrupt"); return }
        #expect(message.lowercased().contains("crc"), "\(message)")
    }

    /// A second IHDR after the image data: libpng stops before it, but the file is damaged.
    @Test func aSecondHeaderIsCorrupt() {
        var bytes = valid
        let header = Array(bytes[8..<33])  // IHDR: length, type, 13 bytes, CRC
        bytes.insert(contentsOf: header, at: bytes.count - 12)  // before IEND
        guard case .corrupt(_, let message)? = decodeError(bytes) else { Issue.record("expected .corrupt"); return }
        #expect(message.contains("2 IHDR chunks"), "\(message)")
        // After IEND nothing is the image's: a second header there is ignored, as libpng does.
        var trailing = valid
        trailing.append(contentsOf: header)
        #expect(decodeError(trailing) == nil)
        // A chunk before the header (one the decoder would otherwise drop: sRGB).
        var moved = valid
        let srgb: [UInt8] = [0, 0, 0, 1, 0x73, 0x52, 0x47, 0x42, 0]
        moved.insert(contentsOf: srgb + [0, 0, 0, 0], at: 8)
        fixCRC(&moved, chunkAt: 8)
        guard case .corrupt(_, let first)? = decodeError(moved) else { Issue.record("expected .corrupt"); return }
        #expect(first.contains("first chunk is sRGB, not IHDR"), "\(first)")
    }

    @Test func absurdDimensionsAreRefusedBeforeAllocating() {
        for (width, height) in [(UInt32(1) << 15, UInt32(1) << 14), (0x7FFF_FFFF, 0x7FFF_FFFF), (0xFFFF_FFFF, 0xFFFF_FFFF)] {
            var bytes = valid
            putBigEndian32(width, into: &bytes, at: 16)
            putBigEndian32(height, into: &bytes, at: 20)
            fixCRC(&bytes, chunkAt: 8)
            guard case .tooLarge(_, let w, let h, let limit)? = decodeError(bytes) else {
                Issue.record("\(width)×\(height) not refused as too large"); continue
            }
            #expect(w == Int(width) && h == Int(height) && limit == PNG.maximumPixels)
        }
    }

    @Test func forgedLargeHeaderWithLittleDataIsRefusedAsTruncated() {
        // 16000 × 16000 is under the pixel limit, but 60 bytes of zlib data cannot hold 768 MB.
        var bytes = valid
        putBigEndian32(16000, into: &bytes, at: 16)
        putBigEndian32(16000, into: &bytes, at: 20)
        fixCRC(&bytes, chunkAt: 8)
        guard case .truncated(_, let detail)? = decodeError(bytes) else { Issue.record("expected .truncated"); return }
        #expect(detail.contains("16000×16000"), "\(detail)")
        // A plausible size with the same data goes on to libpng, which finds the rows missing.
        var modest = valid
        putBigEndian32(200, into: &modest, at: 20)
        fixCRC(&modest, chunkAt: 8)
        guard case .truncated(_, let message)? = decodeError(modest) else { Issue.record("expected .truncated"); return }
        #expect(message.contains("libpng"), "\(message)")
    }

    @Test func colourSpaceChunksAreDropped() throws {
        // Our writer adds an sRGB chunk (13 bytes) after IHDR; without it the pixels are the same.
        let plain = [UInt8](PNGChunks.droppingColorSpaceChunks(Data(valid)))
        #expect(plain.count == valid.count - 13)
        #expect(String(decoding: valid[37..<41], as: UTF8.self) == "sRGB")
        #expect(try PNG.read(data: Data(plain), name: "a") == PNG.read(data: Data(valid), name: "b"))
        let gama: [UInt8] = [0, 0, 0, 4] + Array("gAMA".utf8) + [0, 0, 0xB1, 0x8F] + [0, 0, 0, 0]
        var withGamma = Array(plain.prefix(33)) + gama + plain.dropFirst(33)
        fixCRC(&withGamma, chunkAt: 33)
        #expect([UInt8](PNGChunks.droppingColorSpaceChunks(Data(withGamma))) == plain)
    }
}
