import Foundation
import Testing
@testable import VitrineImaging

/// JPEG decoding against Pillow's decodes of the same files (scripts/make_jpeg_fixtures.py).
@Suite struct JPEGTests {
    func decode(_ name: String, limits: PNGLimits = .files) throws -> Image {
        try JPEG.read(data: try Data(contentsOf: Fixtures.url(name)), name: name, limits: limits)
    }

    /// The image's samples back as the 0...255 bytes Pillow reports, summed.
    func byteSum(_ image: Image) -> Int { image.pixels.reduce(0) { $0 + Int(($1 * 255).rounded()) } }

    @Test(arguments: ["rgb_20x12.jpg", "rgb_20x12_progressive.jpg"])
    func colourJPEGsDecodeToRGBAsPillowDecodesThem(_ name: String) throws {
        let image = try decode(name)
        #expect((image.channels, image.height, image.width) == (3, 12, 20))
        #expect(byteSum(image) == 85_385)
        // Pillow's first pixel is (1, 1, 1) and the second (8, 3, 7): planar here.
        #expect(Int((image.pixels[0] * 255).rounded()) == 1 && Int((image.pixels[1] * 255).rounded()) == 8)
        #expect(Int((image.pixels[12 * 20 + 1] * 255).rounded()) == 3)
    }

    @Test func grayJPEGsDecodeToOneChannel() throws {
        let image = try decode("gray_20x12.jpg")
        #expect((image.channels, image.height, image.width) == (1, 12, 20))
        #expect(byteSum(image) == 28_694)
    }

    @Test func cmykIsRefusedByName() throws {
        let error = #expect(throws: ImagingError.self) { try decode("cmyk_8x8.jpg") }
        #expect(error?.description.contains("CMYK") == true)
    }

    @Test func aTooLargeImageIsRefusedBeforeDecoding() throws {
        let error = #expect(throws: ImagingError.self) { try decode("rgb_20x12.jpg", limits: PNGLimits(maxPixels: 100)) }
        guard case let .tooLarge(_, width, height, limit)? = error else { Issue.record("expected tooLarge, got \(String(describing: error))"); return }
        #expect((width, height, limit) == (20, 12, 100))
    }

    @Test func truncatedAndGarbageBytesAreErrorsNotCrashes() throws {
        let bytes = try Data(contentsOf: Fixtures.url("rgb_20x12.jpg"))
        var refused = 0
        for cut in stride(from: 0, to: bytes.count - 2, by: 7) {
            // libjpeg fills a truncated scan with grey and warns; only a cut header is an error.
            do { _ = try JPEG.read(data: bytes.prefix(cut), name: "cut", limits: .files) } catch is ImagingError { refused += 1 }
        }
        #expect(refused > 0)
        #expect(throws: ImagingError.self) { try JPEG.read(data: Data([0xFF, 0xD8, 0xFF, 0x00, 0x12, 0x34]), name: "garbage") }
        #expect(JPEG.looksLikeJPEG(bytes) && !JPEG.looksLikeJPEG(Data([0x89, 0x50])))
    }
}
