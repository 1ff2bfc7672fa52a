import Testing
import VitrineImaging
@testable import VitrineDetection

/// Boxes drawn on an RGB image: which pixels change and to what.
@Suite struct BoxDrawingTests {
    func canvas() throws -> Image { try Image(channels: 3, height: 20, width: 30, fill: 0) }

    @Test func outlineCoversEveryPixelTheBoxTouches() throws {
        var image = try canvas()
        // x 2.5...8.2 covers columns 2 ... 8, y 3...7 rows 3 ... 6.
        image.drawBox(CornerBox(x1: 2.5, y1: 3, x2: 8.2, y2: 7), color: .red, lineWidth: 1)
        var red: [[Int]] = [], expected: [[Int]] = []
        for y in 0..<20 {
            for x in 0..<30 {
                if image[0, y, x] == 1 { red.append([x, y]) }
                let onEdge = (x == 2 || x == 8) && (3...6).contains(y) || (y == 3 || y == 6) && (2...8).contains(x)
                if onEdge { expected.append([x, y]) }
            }
        }
        #expect(red == expected)
        #expect(image[1, 3, 2] == 0 && image[0, 4, 4] == 0)  // pure red; the inside untouched
    }

    @Test func boxesOffTheImageAndNonFiniteBoxesAreSafe() throws {
        var image = try canvas()
        image.drawBox(CornerBox(x1: -10, y1: -10, x2: 1e300, y2: 5), color: .green)
        image.drawBox(CornerBox(x1: .nan, y1: 0, x2: 5, y2: 5), color: .blue)
        image.drawBox(CornerBox(x1: 100, y1: 100, x2: 120, y2: 120), color: .blue)
        #expect(image[1, 3, 10] == Color.green.green)  // the bottom edge, rows 3 and 4
        #expect(image[2, 10, 10] == 0)  // nothing blue anywhere
        #expect(!image.pixels.contains { $0.isNaN })
    }

    @Test func labelsSitOnABandAboveTheBoxOrInsideAtTheTop() throws {
        var image = try canvas()
        image.drawBox(CornerBox(x1: 2, y1: 12, x2: 20, y2: 19), color: .white, lineWidth: 1, label: "a")
        // A band of white above the box, with black text on it (white's luma is high).
        let band = (0..<12).flatMap { y in (2..<9).map { image[0, y, $0] } }
        #expect(band.contains(1) && band.contains(0))
        var top = try canvas()
        top.drawBox(CornerBox(x1: 2, y1: 0, x2: 20, y2: 19), color: .red, lineWidth: 1, label: "a")
        #expect(top[0, 1, 2] == 1)  // no room above: the band is inside the box
    }

    @Test func detectionsTakeTheirColoursFromTheCaller() throws {
        var image = try canvas()
        let detections = [Detection(box: CornerBox(x1: 0, y1: 0, x2: 5, y2: 5), score: 0.9, categoryID: 1),
                          Detection(box: CornerBox(x1: 10, y1: 10, x2: 15, y2: 15), score: 0.8, categoryID: 2)]
        image.drawDetections(detections, lineWidth: 1, color: { $0.categoryID == 1 ? .red : .blue })
        #expect(image[0, 0, 0] == 1 && image[2, 0, 0] == 0)
        #expect(image[2, 10, 10] == Color.blue.blue && image[0, 10, 10] == 0)
    }
}
