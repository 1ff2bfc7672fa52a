import Foundation
import VitrineTestSupport
import Testing
@testable import VitrineImaging

/// scripts/make_png_fixtures.py, found from this file's location in the repository.
private let fixtureScript = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts/make_png_fixtures.py").path

/// Runs `python3` with `arguments`; nil when it cannot start.
private func python(_ arguments: [String]) -> ProcessResult? {
    try? runProcess("/usr/bin/env", ["python3"] + arguments)
}

private let pythonAvailable = python(["-c", "import zlib, struct, json"])?.status == 0

/// Checks in both directions against an implementation that shares no code with libpng:
/// the fixture script regenerates the committed files, and its hand-written decoder reads what
/// our writer produced.
@Suite(.enabled(if: pythonAvailable && FileManager.default.fileExists(atPath: fixtureScript),
                "python3 or the scripts folder is not available"))
struct PNGInteropTests {
    @Test func scriptRegeneratesTheCommittedFixtures() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try #require(python([fixtureScript, directory.path]))
        #expect(run.status == 0, "\(run.err)")
        // Same recorded samples; each fresh file decodes like the committed one (zlib versions may
        // compress differently, so bytes are not compared).
        #expect(try Data(contentsOf: directory.appendingPathComponent("expected.json"))
            == Data(contentsOf: Fixtures.url("expected.json")), "stale fixtures: rerun scripts/make_png_fixtures.py")
        for name in Fixtures.names {
            let fresh = try PNG.read(directory.appendingPathComponent(name))
            #expect(fresh == (try PNG.read(Fixtures.url(name))), "\(name)")
        }
    }

    private struct Decoded: Decodable {
        let width: Int
        let height: Int
        let bit_depth: Int
        let channels: Int
        let samples: [Int]
    }

    @Test func independentDecoderReadsOurFiles() throws {
        let formats = [(1, 8), (2, 8), (3, 8), (4, 8), (1, 16), (2, 16), (3, 16), (4, 16)]
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var images: [Image] = [], paths: [String] = []
        for (channels, bitDepth) in formats {
            var image = try Image(channels: channels, height: 6, width: 9)
            for i in 0..<image.pixels.count { image.pixels[i] = Float((i * 7919 + channels) % 1000) / 999 }
            if image.hasAlpha {  // opaque alpha: 16-bit colour is exact only there (libpng premultiplies)
                for i in ((channels - 1) * image.planeSize)..<image.pixels.count { image.pixels[i] = 1 }
            }
            let url = directory.appendingPathComponent("ours_\(channels)_\(bitDepth).png")
            try PNG.write(image, to: url, bitDepth: bitDepth)
            images.append(image)
            paths.append(url.path)
        }
        // One interpreter for all files: starting python3 dominates the cost.
        let run = try #require(python([fixtureScript, "--decode"] + paths))
        #expect(run.status == 0, "\(run.err)")
        let lines = run.out.split(separator: "\n")
        try #require(lines.count == formats.count, "\(run.err)")
        for ((channels, bitDepth), (image, line)) in zip(formats, zip(images, lines)) {
            let decoded = try JSONDecoder().decode(Decoded.self, from: Data(line.utf8))
            #expect(decoded.width == 9 && decoded.height == 6 && decoded.channels == channels && decoded.bit_depth == bitDepth)
            // The file holds round(x · levels): no gamma conversion on the way out.
            let levels = Float(bitDepth == 8 ? 255 : 65535)
            #expect(decoded.samples == image.pixels.map { Int(($0 * levels).rounded()) }, "\(channels) channels, \(bitDepth) bits")
        }
    }
}
