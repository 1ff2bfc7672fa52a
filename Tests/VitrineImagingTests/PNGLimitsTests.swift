import Foundation
import Testing
@testable import VitrineImaging

/// A reader's pixel cap (``PNGLimits``): a query PNG declaring more pixels than the cap is
/// refused from its header, before gigabytes of samples are allocated (a valid 1 MB PNG of
/// 16384 × 16384 took 7.2 GB and 20 s as a search query), with the size and the limit.
@Suite struct PNGLimitsTests {
    private func tooLarge(_ body: () throws -> Image) -> (width: Int, height: Int, limit: Int)? {
        do {
            _ = try body()
        } catch let ImagingError.tooLarge(_, width, height, limit) {
            return (width, height, limit)
        } catch {
            Issue.record("expected .tooLarge, got \(error)")
        }
        return nil
    }

    @Test func aValidImageOverTheCapIsRefusedAndUnderItDecodes() throws {
        let image = try Image(channels: 1, height: 1000, width: 1100, fill: 0.5)
        let data = try PNG.encode(image)
        let refused = try #require(tooLarge { try PNG.read(data: data, name: "big.png", limits: PNGLimits(maxPixels: 1_000_000)) })
        #expect(refused.width == 1100 && refused.height == 1000 && refused.limit == 1_000_000)
        let error = ImagingError.tooLarge(file: "big.png", width: 1100, height: 1000, limit: 1_000_000)
        #expect(error.description.contains("1100×1000") && error.description.contains("1000000"))
        let decoded = try PNG.read(data: data, name: "big.png", limits: PNGLimits(maxPixels: 1_100_000))
        #expect(decoded.width == 1100 && decoded.height == 1000)
    }

    @Test func aHeaderDeclaring16384SquaredIsRefusedAsAQuery() throws {
        // 16384 × 16384 is exactly the hard cap, so without a query cap it reached the
        // decoder; with one it stops at the header.
        var bytes = [UInt8](try PNG.encode(try Image(channels: 3, height: 8, width: 8, fill: 0.25)))
        putBigEndian32(16384, into: &bytes, at: 16)
        putBigEndian32(16384, into: &bytes, at: 20)
        fixCRC(&bytes, chunkAt: 8)
        let refused = try #require(tooLarge { try PNG.read(data: Data(bytes), name: "query.png", limits: .queries) })
        #expect(refused.width == 16384 && refused.height == 16384 && refused.limit == 4096 * 4096)
        // The same bytes under the hard cap only: not refused for size (the data is short).
        do {
            _ = try PNG.read(data: Data(bytes), name: "query.png")
            Issue.record("16384² from 8×8 data decoded")
        } catch let error as ImagingError {
            if case .tooLarge = error { Issue.record("refused for size under the hard cap") }
        }
    }

    @Test func limitsAreClampedToTheHardCap() {
        #expect(PNGLimits(maxPixels: .max).maxPixels == PNG.maximumPixels)
        #expect(PNGLimits(maxPixels: -5).maxPixels == 1)
        #expect(PNGLimits.queries.allows(width: 4096, height: 4096))
        #expect(!PNGLimits.queries.allows(width: 4097, height: 4096))
        #expect(!PNGLimits.files.allows(width: .max, height: 2))
        #expect(!PNGLimits.files.allows(width: -1, height: -1))
    }

    @Test func aFileLargerThanTheLimitCanNeedIsNotRead() throws {
        let directory = try temporaryDirectory()
        let url = directory.appendingPathComponent("padded.png")
        let limits = PNGLimits(maxPixels: 4)
        var bytes = [UInt8](try PNG.encode(try Image(channels: 1, height: 2, width: 2, fill: 0)))
        bytes += [UInt8](repeating: 0, count: limits.maxFileBytes)
        try Data(bytes).write(to: url)
        do {
            _ = try PNG.read(url, limits: limits)
            Issue.record("an oversized file was read")
        } catch let ImagingError.unsupported(file, detail) {
            #expect(file == url.path && detail.contains("\(bytes.count) bytes"))
        }
        // Under the file limit the same image decodes.
        #expect(try PNG.read(url).width == 2)
    }
}
