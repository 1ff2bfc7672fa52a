import Foundation
import Testing
@testable import VitrineImaging

/// Files written by hand (scripts/make_png_fixtures.py, zlib + struct, no libpng) decode to
/// the samples the script recorded: every colour type and bit depth, palettes, tRNS, filters,
/// interlacing.
@Suite struct PNGFixtureTests {
    @Test func fixturesCoverEveryColourTypeAndDepth() {
        let names = Set(Fixtures.names)
        for required in ["gray_1", "gray_2", "gray_4", "gray_8", "gray_16", "gray_alpha_8", "gray_alpha_16",
                         "rgb_8", "rgb_16", "rgba_8", "rgba_16", "palette_1", "palette_2", "palette_4", "palette_8",
                         "palette_8_trns", "gray_8_trns", "rgb_8_trns", "rgb_8_interlaced"] {
            #expect(names.contains(required + ".png"), "missing fixture \(required).png")
        }
    }

    @Test(arguments: Fixtures.names)
    func decodesToTheRecordedSamples(name: String) throws {
        let expected = try #require(Fixtures.expected[name])
        let image = try PNG.read(Fixtures.url(name))
        #expect(image.channels == expected.channels, "\(name)")
        #expect(image.height == expected.height && image.width == expected.width, "\(name)")
        let want = expected.samples.map { Float($0) / Float(expected.maxval) }
        guard image.pixels.count == want.count else {
            Issue.record("\(name): \(image.pixels.count) samples, expected \(want.count)")
            return
        }
        if expected.maxval == 65535 && image.hasAlpha {
            // libpng's 16-bit path premultiplies; where alpha is 1 the colour is exact.
            let plane = image.planeSize, alpha = image.channels - 1
            for i in 0..<plane where want[alpha * plane + i] == 1 {
                for c in 0..<alpha {
                    #expect(abs(image.pixels[c * plane + i] - want[c * plane + i]) <= 0.5 / 65535, "\(name) \(c) \(i)")
                }
            }
            #expect(maxDifference(image.pixels, want) <= 0.01, "\(name)")
        } else {
            #expect(maxDifference(image.pixels, want) <= 1e-6, "\(name)")
        }
    }
}
