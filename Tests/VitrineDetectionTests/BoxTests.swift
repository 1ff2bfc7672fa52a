import Testing
import VitrineData
@testable import VitrineDetection

/// Box forms, their conversions, and overlap measures on boxes small enough to work by hand.
@Suite struct BoxTests {
    @Test func cornerCentreAndCOCOFormsConvert() {
        let box = CornerBox(x1: 10, y1: 20, x2: 50, y2: 30)
        #expect(box.width == 40 && box.height == 10 && box.area == 400)
        #expect(box.center == CenterBox(cx: 30, cy: 25, width: 40, height: 10))
        #expect(box.center.corners == box)
        #expect(box.coco == BoundingBox(x: 10, y: 20, width: 40, height: 10))
        #expect(CornerBox(box.coco) == box)
    }

    @Test func invertedAndFlatBoxesAreEmptyWithZeroArea() {
        let inverted = CornerBox(x1: 5, y1: 5, x2: 1, y2: 9)
        #expect(inverted.isEmpty && inverted.area == 0)
        #expect(CornerBox(x1: 0, y1: 0, x2: 4, y2: 0).isEmpty)
        #expect(CornerBox(x1: .nan, y1: 0, x2: 4, y2: 4).isEmpty)
        #expect(!CornerBox(x1: 0, y1: 0, x2: 0.5, y2: 0.5).isEmpty)
    }

    @Test func clippingKeepsTheImagePartAndEmptiesBoxesOutside() {
        let hanging = CornerBox(x1: -5, y1: 10, x2: 30, y2: 70)
        #expect(hanging.clipped(width: 20, height: 50) == CornerBox(x1: 0, y1: 10, x2: 20, y2: 50))
        let outside = CornerBox(x1: 25, y1: 5, x2: 40, y2: 15).clipped(width: 20, height: 50)
        #expect(outside.isEmpty && outside.area == 0)
    }

    @Test func squaringGrowsTheShortSideAboutTheCentre() {
        #expect(CornerBox(x1: 10, y1: 0, x2: 20, y2: 30).squared == CornerBox(x1: 0, y1: 0, x2: 30, y2: 30))
    }

    @Test func offsettingMapsABoxBackFromAScaledCrop() {
        // Found at (2, 3)–(6, 7) in a crop taken at (10, 20) and shrunk by half: (24, 46)–(32, 54).
        let box = CornerBox(x1: 2, y1: 3, x2: 6, y2: 7).offsetBy(dx: 10, dy: 20, scale: 2)
        #expect(box == CornerBox(x1: 24, y1: 46, x2: 32, y2: 54))
    }

    @Test func iouOfWorkedPairs() {
        let a = CornerBox(x1: 0, y1: 0, x2: 10, y2: 10)
        // Shifted by 1: intersection 9 × 10 = 90, union 100 + 100 − 90 = 110.
        #expect(a.iou(CornerBox(x1: 1, y1: 0, x2: 11, y2: 10)) == 90.0 / 110)
        // Shifted by half: 50 / 150.
        #expect(a.iou(CornerBox(x1: 5, y1: 0, x2: 15, y2: 10)) == 1.0 / 3)
        // A quarter inside: 25 / 100, and the smaller box lies wholly inside.
        let inner = CornerBox(x1: 0, y1: 0, x2: 5, y2: 5)
        #expect(a.iou(inner) == 0.25)
        #expect(OverlapMeasure.minimum(a, inner) == 1)
        // Corner overlap: (5..10) × (5..10) = 25 of 100 + 100 − 25.
        #expect(a.iou(CornerBox(x1: 5, y1: 5, x2: 15, y2: 15)) == 25.0 / 175)
        // Touching edges and disjoint boxes share nothing; identical boxes share everything.
        #expect(a.iou(CornerBox(x1: 10, y1: 0, x2: 20, y2: 10)) == 0)
        #expect(a.iou(CornerBox(x1: 30, y1: 30, x2: 40, y2: 40)) == 0)
        #expect(a.iou(a) == 1)
        // An empty box overlaps nothing, by either measure, without dividing by zero.
        let flat = CornerBox(x1: 2, y1: 2, x2: 2, y2: 8)
        #expect(a.iou(flat) == 0 && OverlapMeasure.minimum(a, flat) == 0)
    }

    @Test func overlapMatrixHoldsEveryPairRowMajor() {
        let rows = [CornerBox(x1: 0, y1: 0, x2: 10, y2: 10), CornerBox(x1: 5, y1: 0, x2: 15, y2: 10)]
        let columns = [CornerBox(x1: 0, y1: 0, x2: 10, y2: 10), CornerBox(x1: 0, y1: 0, x2: 5, y2: 5),
                       CornerBox(x1: 50, y1: 50, x2: 60, y2: 60)]
        let iou = OverlapMatrix(rows, columns)
        #expect(iou.rowCount == 2 && iou.columnCount == 3)
        #expect(iou.row(0) == [1, 0.25, 0])
        #expect(iou.row(1) == [1.0 / 3, 0, 0])
        let minimum = OverlapMatrix(rows, columns, measure: .minimum)
        #expect(minimum[0, 1] == 1 && minimum[1, 0] == 0.5)
    }
}
