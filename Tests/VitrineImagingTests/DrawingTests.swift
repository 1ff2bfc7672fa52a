import Foundation
import Testing
@testable import VitrineImaging

@Suite struct DrawingTests {
    /// The set of (x, y) pixels of channel 0 that differ from `background`.
    private func marked(_ image: Image, background: Float = 0) -> Set<[Int]> {
        var result: Set<[Int]> = []
        for y in 0..<image.height { for x in 0..<image.width where image[0, y, x] != background { result.insert([x, y]) } }
        return result
    }

    private func blank(_ height: Int, _ width: Int, channels: Int = 1) throws -> Image {
        try Image(channels: channels, height: height, width: width)
    }

    @Test func filledRectangleIsClippedToTheImage() throws {
        var image = try blank(5, 6)
        image.fillRectangle(x: 4, y: -1, width: 5, height: 3, color: .white)
        #expect(marked(image) == [[4, 0], [5, 0], [4, 1], [5, 1]])
        image.fillRectangle(x: Int.max - 1, y: Int.min, width: Int.max, height: Int.max, color: .white)  // no crash
        image.fillRectangle(x: 0, y: 0, width: -3, height: 2, color: .white)
        #expect(marked(image).count == 4)
    }

    @Test func outlinedRectangleHasTheLineWidthInside() throws {
        var image = try blank(7, 7)
        image.strokeRectangle(x: 1, y: 1, width: 5, height: 5, color: .white, lineWidth: 2)
        var expected: Set<[Int]> = []
        for y in 1...5 { for x in 1...5 where !(3...3).contains(x) || !(3...3).contains(y) { expected.insert([x, y]) } }
        #expect(marked(image) == expected)  // a 5×5 frame 2 pixels wide leaves only the centre
        var thin = try blank(6, 6)
        thin.drawBorder(color: .white, lineWidth: 1)
        #expect(marked(thin).count == 20 && !marked(thin).contains([1, 1]))
    }

    @Test func colourAndAlphaCompositing() throws {
        var image = try Image(channels: 4, height: 1, width: 2, color: Color(red: 0, green: 0, blue: 1, alpha: 0.5))
        image.fillRectangle(x: 1, y: 0, width: 1, height: 1, color: Color(red: 1, green: 0, blue: 0, alpha: 0.5))
        // Source over: colour 0.5 · red + 0.5 · blue, alpha 0.5 + 0.5 · 0.5.
        #expect(image.pixels == [0, 0.5, 0, 0, 1, 0.5, 0.5, 0.75])
        var gray = try blank(1, 1)
        gray.fillRectangle(x: 0, y: 0, width: 1, height: 1, color: .red)
        #expect(abs(gray.pixels[0] - 0.299) < 1e-6)
    }

    @Test func circlesAndPoints() throws {
        var image = try blank(9, 9)
        image.fillCircle(centerX: 4.5, centerY: 4.5, radius: 2, color: .white)
        // Independent check: pixel centres within distance 2 of (4.5, 4.5).
        var expected: Set<[Int]> = []
        for y in 0..<9 { for x in 0..<9 where pow(Double(x) - 4, 2) + pow(Double(y) - 4, 2) <= 4 { expected.insert([x, y]) } }
        #expect(marked(image) == expected && expected.count == 13)
        var ring = try blank(9, 9)
        ring.strokeCircle(centerX: 4.5, centerY: 4.5, radius: 3, color: .white)
        #expect(!marked(ring).contains([4, 4]) && marked(ring).contains([7, 4]) && marked(ring).contains([4, 1]))
        var point = try blank(5, 5)
        point.drawPoint(x: 2, y: 3, radius: 0, color: .white)
        #expect(marked(point) == [[2, 3]])
        point.fillCircle(centerX: .nan, centerY: 1, radius: 1e300, color: .white)  // ignored, no crash
        #expect(marked(point) == [[2, 3]])
    }

    @Test func linesAreConnectedAndThick() throws {
        var image = try blank(8, 8)
        image.drawLine(fromX: 0.5, fromY: 0.5, toX: 7.5, toY: 7.5, color: .white)
        #expect(Set((0..<8).map { [$0, $0] }).isSubset(of: marked(image)))
        #expect(marked(image).allSatisfy { abs($0[0] - $0[1]) <= 1 })
        var horizontal = try blank(5, 10)
        horizontal.drawLine(fromX: 1.5, fromY: 2.5, toX: 8.5, toY: 2.5, color: .white, lineWidth: 3)
        // Round caps: every pixel centre within 1.5 of the segment, worked out directly.
        var expected: Set<[Int]> = []
        for y in 0..<5 {
            for x in 0..<10 {
                let cx = Double(x) + 0.5, cy = Double(y) + 0.5
                let nearestX = min(8.5, max(1.5, cx))
                if pow(cx - nearestX, 2) + pow(cy - 2.5, 2) <= 2.25 { expected.insert([x, y]) }
            }
        }
        #expect(marked(horizontal) == expected && expected.count == 30)
    }

    @Test func textDrawsTheGlyphPixels() throws {
        var image = try blank(9, 14)
        image.drawText("I-", x: 1, y: 1, color: .white)
        // "I" is columns 0x00 0x41 0x7F 0x41 0x00: top and bottom serifs and a full middle column.
        var expected: Set<[Int]> = []
        for row in 0..<7 { expected.insert([1 + 2, 1 + row]) }
        for column in [1, 3] { expected.insert([1 + column, 1]); expected.insert([1 + column, 7]) }
        // "-" starts 6 pixels further: a bar of 5 on row 3.
        for column in 0..<5 { expected.insert([7 + column, 4]) }
        #expect(marked(image) == expected)
        var scaled = try blank(16, 12)
        scaled.drawText(".", x: 0, y: 0, color: .white, scale: 2)
        // "." is columns 0x00 0x60 0x60: rows 5 and 6 of columns 1 and 2, doubled.
        #expect(marked(scaled) == Set([2, 3, 4, 5].flatMap { x in [10, 11, 12, 13].map { [x, $0] } }))
        #expect(Image.textSize("ab\ncde", scale: 2) == (width: 34, height: 30))
    }

    @Test func fontCoversPrintableASCIIWithDistinctGlyphs() {
        #expect(BitmapFont.columns.count == 95 * 5)
        var seen: Set<[UInt8]> = []
        for index in 0..<95 {
            let glyph = Array(BitmapFont.columns[(index * 5)..<(index * 5 + 5)])
            #expect(glyph.allSatisfy { $0 < 0x80 }, "glyph \(index) uses an eighth row")
            #expect(seen.insert(glyph).inserted, "glyph \(index + 32) duplicates another")
        }
        #expect(BitmapFont.glyphIndex("é") == BitmapFont.glyphIndex("?"))
    }

    @Test func gridPlacesTilesBordersAndCaptions() throws {
        let grid = try ImageGrid(columns: 2, tileHeight: 12, tileWidth: 20, spacing: 2, captionLines: 1, borderWidth: 1,
                                 background: .white, captionColor: .black)
        let red = try Image(channels: 3, height: 6, width: 10, color: .red)
        let gray = try Image(channels: 1, height: 4, width: 4, fill: 0.5)
        let sheet = try grid.render([GridTile(red, caption: "hit", border: .green), GridTile(gray), GridTile(red, caption: "x")])
        // 2 columns, 2 rows; each row is 12 + caption band (8 + 2) + spacing.
        #expect(sheet.channels == 3 && sheet.width == 2 + 2 * 22 && sheet.height == 2 + 2 * (12 + 10 + 2))
        let first = grid.origin(ofTile: 0), second = grid.origin(ofTile: 1), third = grid.origin(ofTile: 2)
        #expect(first == (2, 2) && second == (24, 2) && third == (2, 26))
        // Tile 0: green frame on its slot edge, the red picture (scaled 6×10 → 9×15... fitted in 10×18) inside.
        #expect(sheet[1, 2, 2] == 0.8 && sheet[0, 2, 2] == 0)
        #expect(sheet[0, 2 + 6, 2 + 10] == 1 && sheet[1, 2 + 6, 2 + 10] == 0)
        // Tile 1: gray becomes RGB gray, scaled to the 10×10 that fits, centred horizontally.
        #expect(sheet[0, 2 + 6, 24 + 10] == 0.5 && sheet[2, 2 + 6, 24 + 10] == 0.5)
        #expect(sheet[0, 2 + 6, 24 + 2] == 1)  // left margin of the centred picture stays background
        // Captions: dark pixels in the band under tile 0, none under tile 1 (no caption).
        let band = (2 + 12)..<(2 + 12 + 10)
        let darkUnderFirst = band.contains { y in (2..<22).contains { x in sheet[0, y, x] == 0 } }
        let darkUnderSecond = band.contains { y in (24..<44).contains { x in sheet[0, y, x] == 0 } }
        #expect(darkUnderFirst && !darkUnderSecond)
        #expect(throws: ImagingError.self) { try grid.render([]) }
        #expect(throws: ImagingError.self) { try ImageGrid(columns: 0, tileHeight: 1, tileWidth: 1) }
    }

    @Test func captionsWrapAndTruncate() throws {
        let grid = try ImageGrid(columns: 1, tileHeight: 10, tileWidth: 29, captionLines: 2)  // 5 characters a line
        #expect(grid.wrap("gold ring") == ["gold", "ring"])
        #expect(grid.wrap("abcdefgh") == ["abcde", "fgh"])
        #expect(grid.wrap("one two three") == ["one", "two.."])
        #expect(grid.wrap("") == [])
    }

    @Test func pasteClipsAndChecksChannels() throws {
        var canvas = try blank(3, 3)
        let patch = try Image(channels: 1, height: 2, width: 2, pixels: [1, 2, 3, 4])
        try canvas.paste(patch, x: 2, y: -1)
        #expect(canvas.pixels == [0, 0, 3, 0, 0, 0, 0, 0, 0])
        #expect(throws: ImagingError.self) { try canvas.paste(try Image(channels: 3, height: 1, width: 1), x: 0, y: 0) }
    }
}
