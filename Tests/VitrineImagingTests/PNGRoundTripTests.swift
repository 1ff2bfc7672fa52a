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
