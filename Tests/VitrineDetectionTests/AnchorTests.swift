import Foundation
import Testing
@testable import VitrineDetection

/// Anchor grids and the labels assigned from their overlaps with ground truth.
@Suite struct AnchorTests {
    @Test func sizesAndAspectRatiosKeepTheArea() {
        let level = AnchorLevel(stride: 16, sizes: [32, 64], aspectRatios: [0.5, 1, 2])
        #expect(level.shapes.count == 6)
        // Ratio-major: (0.5, 32), (0.5, 64), (1, 32), ...; height / width is the ratio.
        let first = level.shapes[0]
        #expect(abs(first.width * first.height - 32 * 32) < 1e-9)
        #expect(abs(first.height / first.width - 0.5) < 1e-12)
        #expect(level.shapes[2] == AnchorShape(width: 32, height: 32))
        #expect(level.shapes[3] == AnchorShape(width: 64, height: 64))
    }

    @Test func anchorsCoverTheGridCellByCell() {
        let level = AnchorLevel(stride: 16, sizes: [32], aspectRatios: [0.5, 1, 2])
        let anchors = level.anchors(rows: 2, columns: 3)
        #expect(anchors.count == 2 * 3 * 3)
        // Row 1, column 2, square shape: centre (2.5 · 16, 1.5 · 16) = (40, 24).
        let i = level.index(row: 1, column: 2, shape: 1, columns: 3)
        #expect(i == 16)
        #expect(anchors[i] == CornerBox(x1: 24, y1: 8, x2: 56, y2: 40))
        // torchvision's convention puts the centres on the cells' corners.
        #expect(level.anchors(rows: 2, columns: 3, cellOffset: 0)[i] == CornerBox(x1: 16, y1: 0, x2: 48, y2: 32))
        #expect(level.gridSize(height: 100, width: 64) == (7, 4))
    }

    @Test func yoloPresetsHaveThreeShapesPerScale() {
        #expect(AnchorLevel.yoloV3.map(\.stride) == [8, 16, 32])
        #expect(AnchorLevel.yoloV3Tiny.map(\.stride) == [16, 32])
        #expect(AnchorLevel.yoloV3.allSatisfy { $0.shapes.count == 3 })
        #expect(AnchorLevel.yoloV3Tiny[1].shapes[2] == AnchorShape(width: 344, height: 319))
    }

    @Test func matcherLabelsByThresholdsAndRescuesEachBoxsBestAnchor() throws {
        let anchors = [
            CornerBox(x1: 0, y1: 0, x2: 10, y2: 10),        // IoU 1 with truth 0
            CornerBox(x1: 5, y1: 0, x2: 15, y2: 10),        // IoU 1/3 with truth 0: in the ignore band
            CornerBox(x1: 100, y1: 100, x2: 110, y2: 110),  // IoU 0.16 with truth 1, but its best anchor
            CornerBox(x1: 0, y1: 0, x2: 10, y2: 9),         // IoU 0.9 with truth 0
            CornerBox(x1: 200, y1: 200, x2: 210, y2: 210),  // touches nothing
        ]
        let truths = [CornerBox(x1: 0, y1: 0, x2: 10, y2: 10), CornerBox(x1: 100, y1: 100, x2: 104, y2: 104)]
        let matcher = try AnchorMatcher()
        #expect(matcher.assign(anchors: anchors, truths: truths)
                == [.positive(truth: 0), .ignored, .positive(truth: 1), .positive(truth: 0), .negative])
        let strict = try AnchorMatcher(matchBestAnchorPerTruth: false)
        #expect(strict.assign(anchors: anchors, truths: truths)
                == [.positive(truth: 0), .ignored, .negative, .positive(truth: 0), .negative])
        #expect(matcher.assign(anchors: anchors, truths: []) == Array(repeating: .negative, count: 5))
        #expect(AnchorLabel.positive(truth: 3).truth == 3 && AnchorLabel.ignored.truth == nil)
    }

    @Test func anAnchorBestForTwoBoxesGoesToTheOneItOverlapsMost() throws {
        let anchors = [CornerBox(x1: 0, y1: 0, x2: 10, y2: 10), CornerBox(x1: 500, y1: 0, x2: 510, y2: 10)]
        // Both truths' best anchor is anchor 0: IoU 0.5 and 0.25.
        let truths = [CornerBox(x1: 0, y1: 0, x2: 10, y2: 5), CornerBox(x1: 0, y1: 0, x2: 5, y2: 5)]
        let labels = try AnchorMatcher(positiveThreshold: 0.9, negativeThreshold: 0.1).assign(anchors: anchors, truths: truths)
        #expect(labels == [.positive(truth: 0), .negative])
    }

    @Test func thresholdsInTheWrongOrderAreRefused() {
        #expect(throws: DetectionError.self) { try AnchorMatcher(positiveThreshold: 0.3, negativeThreshold: 0.7) }
    }

    @Test func yoloAssignmentPicksTheBestShapeOverAllScalesAndTheCentresCell() {
        let assignment = YOLOTargetAssignment(levels: AnchorLevel.yoloV3Tiny)
        // 20 × 28 centred at (100, 60): centred IoU 540/641 with (23, 27), the best of the six.
        let box = CornerBox(CenterBox(cx: 100, cy: 60, width: 20, height: 28))
        let targets = assignment.assign(truths: [box], height: 416, width: 416)
        #expect(targets.count == 1)
        let t = targets[0]
        #expect(t.level == 0 && t.shape == 1 && t.row == 3 && t.column == 6)
        #expect(abs(YOLOBoxCoder.sigmoid(t.offsets.tx) - 0.25) < 1e-12 && abs(YOLOBoxCoder.sigmoid(t.offsets.ty) - 0.75) < 1e-12)
        #expect(abs(t.offsets.tw - log(20.0 / 23)) < 1e-12 && abs(t.offsets.th - log(28.0 / 27)) < 1e-12)
        // A large box goes to the coarse scale.
        let large = assignment.assign(truths: [CornerBox(x1: 0, y1: 0, x2: 300, y2: 300)], height: 416, width: 416)
        #expect(large.map(\.level) == [1] && large.map(\.shape) == [2])
    }

    @Test func twoBoxesWantingOneSlotLeaveTheLaterAndEmptyBoxesNone() {
        let assignment = YOLOTargetAssignment(levels: AnchorLevel.yoloV3Tiny)
        let a = CornerBox(CenterBox(cx: 100, cy: 60, width: 20, height: 28))
        let b = CornerBox(CenterBox(cx: 101, cy: 61, width: 21, height: 27))
        let empty = CornerBox(x1: 5, y1: 5, x2: 5, y2: 9)
        #expect(assignment.assign(truths: [a, b, empty], height: 416, width: 416).map(\.truth) == [1])
    }

    @Test func predictionsOverlappingATruthEnoughAreIgnored() {
        let truths = [CornerBox(x1: 0, y1: 0, x2: 10, y2: 10)]
        let predictions = [CornerBox(x1: 1, y1: 0, x2: 11, y2: 10), CornerBox(x1: 5, y1: 0, x2: 15, y2: 10)]
        #expect(YOLOTargetAssignment.ignoredPredictions(predictions, truths: truths) == [true, false])
        #expect(YOLOTargetAssignment.ignoredPredictions(predictions, truths: []) == [false, false])
    }
}
