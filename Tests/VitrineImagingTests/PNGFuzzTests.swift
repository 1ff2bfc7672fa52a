import Foundation
import Testing
import VitrineEngine
@testable import VitrineImaging

/// Hundreds of damaged PNGs, made from valid ones with a seeded generator: each decode either
/// succeeds with a consistent image or throws an ``ImagingError`` that names the file. A crash
/// (libpng abort, overflow, out-of-bounds access) fails the whole test run.
@Suite struct PNGFuzzTests {
    /// Where each chunk starts (its length field), walking from the signature.
    private func chunkOffsets(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = [], offset = 8
        while offset + 12 <= bytes.count {
            offsets.append(offset)
            offset += 12 + Int(PNGChunks.bigEndian32(bytes, offset))
        }
        return offsets
    }

    private func mutate(_ original: [UInt8], _ g: Generator) -> (String, [UInt8]) {
        var bytes = original
        let chunks = chunkOffsets(bytes)
        switch g.int(below: 6) {
        case 0:
            for _ in 0...g.int(below: 8) { bytes[g.int(below: bytes.count)] ^= UInt8(1 + g.int(below: 255)) }
            return ("flip bytes", bytes)
        case 1:
            return ("truncate", Array(bytes.prefix(g.int(below: bytes.count))))
        case 2:
            let at = chunks[g.int(below: chunks.count)]
            let values: [UInt32] = [0, 1, 13, 0x7FFF_FFFF, 0xFFFF_FFFF, UInt32(g.int(below: 1 << 20))]
            putBigEndian32(values[g.int(below: values.count)], into: &bytes, at: at)
            return ("chunk length", bytes)
        case 3:
            let at = chunks[g.int(below: chunks.count)]
            let crc = at + 8 + Int(PNGChunks.bigEndian32(bytes, at))
            if crc + 4 <= bytes.count { bytes[crc + g.int(below: 4)] ^= UInt8(1 + g.int(below: 255)) }
            return ("chunk CRC", bytes)
        case 4:
            // Damage a chunk's contents but fix its CRC, so libpng has to find the problem deeper:
            // invalid header fields, a broken zlib stream, bad filter bytes, palette indices.
            let at = chunks[g.int(below: chunks.count)]
            let length = Int(PNGChunks.bigEndian32(bytes, at))
            guard length > 0 else { return ("empty chunk", bytes) }
            for _ in 0...g.int(below: 3) { bytes[at + 8 + g.int(below: length)] ^= UInt8(1 + g.int(below: 255)) }
            fixCRC(&bytes, chunkAt: at)
            return ("chunk data, valid CRC", bytes)
        default:
            // Drop or duplicate a whole chunk (no IHDR, two PLTEs, missing IDAT...).
            let index = g.int(below: chunks.count)
            let start = chunks[index], end = index + 1 < chunks.count ? chunks[index + 1] : bytes.count
            if g.int(below: 2) == 0 { bytes.removeSubrange(start..<end) } else { bytes.insert(contentsOf: bytes[start..<end], at: start) }
            return ("drop or duplicate chunk", bytes)
        }
    }

    @Test func mutatedFilesNeverCrashTheDecoder() throws {
        var seeds = try ["rgb_8.png", "palette_4_trns.png", "gray_16.png", "rgba_16.png", "gray_1.png", "rgb_8_interlaced.png"]
            .map { [UInt8](try Data(contentsOf: Fixtures.url($0))) }
        let photo = try Image(channels: 4, height: 12, width: 10, fill: 0.25)
        seeds.append([UInt8](try PNG.encode(photo)))
        seeds.append([UInt8](try PNG.encode(photo, bitDepth: 16)))

        let g = Generator(seed: 0x5EED)
        var outcomes: [String: Int] = [:]
        let rounds = 150
        for (s, seed) in seeds.enumerated() {
            for round in 0..<rounds {
                let (kind, bytes) = mutate(seed, g)
                let name = "fuzz/\(s)-\(round).png"
                do {
                    let image = try PNG.read(data: Data(bytes), name: name)
                    #expect(image.pixels.count == image.channels * image.height * image.width)
                    #expect(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(name) (\(kind)): samples outside 0...1")
                    outcomes["decoded", default: 0] += 1
                } catch let error as ImagingError {
                    #expect(error.description.contains(name), "\(kind): \(error)")
                    outcomes[Self.kind(of: error), default: 0] += 1
                } catch {
                    Issue.record("\(name) (\(kind)): not an ImagingError: \(error)")
                }
            }
        }
        print("PNG fuzz outcomes: \(outcomes.sorted { $0.key < $1.key })")
        // The mutations reached several kinds of failure, and some damage is harmless.
        #expect(outcomes["decoded", default: 0] > 0)
        #expect(outcomes["truncated", default: 0] > 0)
        #expect(outcomes["corrupt", default: 0] > 0)
        #expect(outcomes["notPNG", default: 0] > 0)
        #expect(outcomes.filter { ["decoded", "truncated", "corrupt", "notPNG", "tooLarge", "unsupported"].contains($0.key) }
            .values.reduce(0, +) == seeds.count * rounds)
    }

    private static func kind(of error: ImagingError) -> String {
        switch error {
        case .notPNG: return "notPNG"
        case .truncated: return "truncated"
        case .corrupt: return "corrupt"
        case .unsupported: return "unsupported"
        case .tooLarge: return "tooLarge"
        case .io: return "io"
        case .invalidJPEG: return "invalidJPEG"
        case .invalidArgument: return "invalidArgument"
        }
    }
}
