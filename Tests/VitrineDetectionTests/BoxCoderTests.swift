import Foundation
import Testing
import VitrineEngine
@testable import VitrineDetection

/// Faster R-CNN deltas and YOLO offsets: worked values, and decode(encode(box)) == box.
@Suite struct BoxCoderTests {
    @Test func deltasOfAWorkedBox() {
        // Anchor centre (5, 5), 10 × 10; box centre (11, 7), 20 × 10.
        let anchor = CornerBox(x1: 0, y1: 0, x2: 10, y2: 10), box = CornerBox(x1: 1, y1: 2, x2: 21, y2: 12)
        let plain = BoxDeltaCoder().encode(box, anchor: anchor)
        #expect(abs(plain.dx - 0.6) < 1e-12 && abs(plain.dy - 0.2) < 1e-12)
        #expect(abs(plain.dw - log(2.0)) < 1e-12 && plain.dh == 0)
        let weighted = BoxDeltaCoder(weights: BoxDeltas(dx: 10, dy: 10, dw: 5, dh: 5)).encode(box, anchor: anchor)
        #expect(abs(weighted.dx - 6) < 1e-12 && abs(weighted.dy - 2) < 1e-12 && abs(weighted.dw - 5 * log(2.0)) < 1e-12)
    }

    @Test func decodingClampsHugeScales() {
        let anchor = CornerBox(x1: 0, y1: 0, x2: 10, y2: 10)
        let box = BoxDeltaCoder().decode(BoxDeltas(dx: 0, dy: 0, dw: 100, dh: 0), anchor: anchor)
        #expect(abs(box.width - 625) < 1e-9 && box.height == 10)
    }

    @Test func deltaRoundTripsOnRandomBoxes() {
        // Sides 5 ... 200: size ratios stay below decoding's clamp of 1000/16.
        let g = Generator(seed: 15)
        for weights in [BoxDeltas(dx: 1, dy: 1, dw: 1, dh: 1), BoxDeltas(dx: 10, dy: 10, dw: 5, dh: 5)] {
            let coder = BoxDeltaCoder(weights: weights)
            for _ in 0..<200 {
                let anchor = randomBox(g, minimumSide: 5), box = randomBox(g, minimumSide: 5)
                let back = coder.decode(coder.encode(box, anchor: anchor), anchor: anchor)
                #expect(maxCornerDifference(back, box) < 1e-9, "\(box) → \(back)")
            }
        }
    }

    @Test func yoloDecodesZeroOffsetsToTheAnchorAtTheCellCentre() {
        let box = YOLOBoxCoder(stride: 32).decode(YOLOOffsets(tx: 0, ty: 0, tw: 0, th: 0), row: 1, column: 2,
                                                 anchor: AnchorShape(width: 10, height: 13))
        #expect(box == CornerBox(CenterBox(cx: 80, cy: 48, width: 10, height: 13)))
    }

    @Test func yoloRoundTripsInTheCentresCell() {
        let g = Generator(seed: 16)
        let coder = YOLOBoxCoder(stride: 16)
        for _ in 0..<200 {
            let box = randomBox(g), anchor = AnchorShape(width: 5 + 100 * g.uniform(), height: 5 + 100 * g.uniform())
            let cell = coder.cell(of: box)
            let offsets = coder.encode(box, row: cell.row, column: cell.column, anchor: anchor)
            let back = coder.decode(offsets, row: cell.row, column: cell.column, anchor: anchor)
            #expect(maxCornerDifference(back, box) < 1e-6, "\(box) → \(back)")
        }
    }

    @Test func yoloEncodingOutsideTheCellStaysFinite() {
        let coder = YOLOBoxCoder(stride: 16)
        let box = CornerBox(x1: 0, y1: 0, x2: 32, y2: 32)  // centre (16, 16): on the corner of cell (1, 1)
        let offsets = coder.encode(box, row: 0, column: 0, anchor: AnchorShape(width: 32, height: 32))
        #expect(offsets.tx.isFinite && offsets.ty.isFinite && offsets.tx > 10)
        #expect(YOLOBoxCoder.sigmoid(-800) == 0 && YOLOBoxCoder.sigmoid(800) == 1 && YOLOBoxCoder.sigmoid(0) == 0.5)
    }
}

/// A box anywhere in 0...500 with sides `minimumSide` ... 200.
func randomBox(_ g: Generator, minimumSide: Double = 1) -> CornerBox {
    let x = 500 * g.uniform(), y = 500 * g.uniform()
    let range = 200 - minimumSide
    return CornerBox(x1: x, y1: y, x2: x + minimumSide + range * g.uniform(), y2: y + minimumSide + range * g.uniform())
}

func maxCornerDifference(_ a: CornerBox, _ b: CornerBox) -> Double {
    max(abs(a.x1 - b.x1), abs(a.y1 - b.y1), abs(a.x2 - b.x2), abs(a.y2 - b.y2))
}
