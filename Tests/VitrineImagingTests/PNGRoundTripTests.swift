import Foundation
import Testing
import VitrineEngine
@testable import VitrineImaging

@Suite struct PNGRoundTripTests {
    /// Every 8-bit level appears in each channel, in a different order per channel.
    private func allLevels(channels: Int, height: Int = 16, width: Int = 16) throws -> Image {
        var image = try Image(channels: channels, height: height, width: width)
        for c in 0..<channels {
            for i in 0..<(height * width) { image.pixels[c * height * width + i] = Float((i * (2 * c + 1) + 7 * c) % 256) / 255 }
        }
        return image
    }

    @Test(arguments: [1, 2, 3, 4])
    func eightBitRoundTripsExactly(channels: Int) throws {
        let image = try allLevels(channels: channels)
        let decoded = try PNG.read(data: try PNG.encode(image), name: "memory.png")
        #expect(decoded.channels == channels)
        #expect(decoded.height == 16 && decoded.width == 16)
        #expect(decoded.pixels == image.pixels)
    }
}

extension PNGRoundTripTests {
    /// Samples on a fine grid that is not aligned with 8-bit levels, plus both extremes.
    private func sixteenBitPattern(channels: Int) throws -> Image {
        var image = try Image(channels: channels, height: 32, width: 32)
        let count = image.pixels.count
        for i in 0..<count { image.pixels[i] = Float((i * 2_654_435_761) % 65536) / 65535 }
        image.pixels[0] = 0
        image.pixels[count - 1] = 1
        return image
    }

    @Test(arguments: [1, 3])
    func sixteenBitRoundTripsWithinOneLevel(channels: Int) throws {
        let image = try sixteenBitPattern(channels: channels)
        let decoded = try PNG.read(data: try PNG.encode(image, bitDepth: 16), name: "memory.png")
        #expect(decoded.channels == channels)
        #expect(maxDifference(decoded.pixels, image.pixels) <= 1 / 65535)
        // Not merely 8-bit precision: values between 8-bit levels survive.
        #expect(maxDifference(decoded.pixels, image.pixels) < 0.5 / 255 / 16)
    }

    /// With alpha, libpng's 16-bit path premultiplies: colour under alpha `A / 65535` keeps
    /// about `A` levels and is rounded three times (our premultiply, libpng's divide on write,
    /// its multiply on read), so the error is at most 1.5 / A; alpha itself is exact.
    @Test(arguments: [2, 4])
    func sixteenBitAlphaRoundTripsWithinTheDocumentedBound(channels: Int) throws {
        let image = try sixteenBitPattern(channels: channels)
        let decoded = try PNG.read(data: try PNG.encode(image, bitDepth: 16), name: "memory.png")
        let plane = image.planeSize, alpha = channels - 1
        var worstScaled: Float = 0
        for i in 0..<plane {
            let a = image.pixels[alpha * plane + i]
            #expect(abs(decoded.pixels[alpha * plane + i] - a) <= 0.5 / 65535)
            let levels = (a * 65535).rounded()
            guard levels > 0 else { continue }
            for c in 0..<alpha {
                let error = abs(decoded.pixels[c * plane + i] - image.pixels[c * plane + i])
                worstScaled = max(worstScaled, error * levels)
                if levels == 65535 { #expect(error <= 1 / 65535) }
            }
        }
        #expect(worstScaled <= 1.5, "worst error × alpha levels = \(worstScaled)")
    }

    @Test func writesAtomicallyAndReadsBackFromDisk() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("picture.png")
        let first = try Image(channels: 3, height: 4, width: 5, color: .red)
        try PNG.write(first, to: url)
        let second = try Image(channels: 1, height: 2, width: 3, fill: 0.5)
        try PNG.write(second, to: url, bitDepth: 16)
        let read = try PNG.read(url)
        #expect(read.channels == 1 && read.height == 2 && read.width == 3)
        #expect(maxDifference(read.pixels, second.pixels) <= 0.5 / 65535)
        // Only the destination remains: no temporary files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["picture.png"])
    }

    @Test func writingClampsAndRoundsToNearest() throws {
        let image = try Image(channels: 1, height: 1, width: 6, pixels: [-0.5, 1.7, .nan, 0.5 / 255 + 1e-4, 0.5 / 255 - 1e-4, 200.4 / 255])
        let decoded = try PNG.read(data: try PNG.encode(image), name: "memory.png")
        #expect(decoded.pixels == [0, 1, 0, 1 / 255, 0, 200 / 255])
    }

    @Test func rejectsBadWriteRequests() throws {
        let image = try Image(channels: 3, height: 2, width: 2)
        #expect(throws: ImagingError.self) { try PNG.encode(image, bitDepth: 4) }
        #expect(throws: ImagingError.self) { try PNG.encode(try Image(channels: 3, height: 0, width: 2)) }
        let missing = URL(fileURLWithPath: "/nonexistent-dir-\(UUID().uuidString)/out.png")
        do {
            try PNG.write(image, to: missing)
            Issue.record("writing into a missing directory succeeded")
        } catch let error as ImagingError {
            guard case .io = error else { Issue.record("expected .io, got \(error)"); return }
            #expect(error.description.contains(missing.path))
        }
    }
}
