import Testing
@testable import VitrineDetection

/// Greedy NMS on four boxes worked by hand: A (0.9), B = A shifted by 1 (IoU 90/110 with A,
/// overlap 0.9 of the smaller), C far away, D inside A (IoU 0.36, overlap 1 of the smaller).
@Suite struct NonMaximumSuppressionTests {
    let boxes = [
        Detection(box: CornerBox(x1: 0, y1: 0, x2: 10, y2: 10), score: 0.9),
        Detection(box: CornerBox(x1: 1, y1: 0, x2: 11, y2: 10), score: 0.8),
        Detection(box: CornerBox(x1: 20, y1: 20, x2: 30, y2: 30), score: 0.7),
        Detection(box: CornerBox(x1: 2, y1: 2, x2: 8, y2: 8), score: 0.6),
    ]

    @Test func unionOverlapKeepsTheBoxInside() {
        #expect(NonMaximumSuppression(overlapThreshold: 0.5).keptIndices(boxes) == [0, 2, 3])
    }

    @Test func minimumOverlapRemovesTheBoxInside() {
        // MTCNN's "Min": D lies wholly inside A, so its overlap is 1 however small it is.
        #expect(NonMaximumSuppression(overlapThreshold: 0.5, measure: .minimum).keptIndices(boxes) == [0, 2])
    }

    @Test func categoriesAreSuppressedSeparatelyUnlessAskedOtherwise() {
        var mixed = boxes
        mixed[1].categoryID = 2
        #expect(NonMaximumSuppression(overlapThreshold: 0.5).keptIndices(mixed) == [0, 1, 2, 3])
        #expect(NonMaximumSuppression(overlapThreshold: 0.5, perCategory: false).keptIndices(mixed) == [0, 2, 3])
    }

    @Test func scoreThresholdAndLimitApply() {
        #expect(NonMaximumSuppression(overlapThreshold: 0.5, scoreThreshold: 0.65).keptIndices(boxes) == [0, 2])
        // The threshold is strict, as in MTCNN and torchvision: a score equal to it is dropped.
        #expect(NonMaximumSuppression(overlapThreshold: 0.5, scoreThreshold: 0.6).keptIndices(boxes) == [0, 2])
        #expect(NonMaximumSuppression(overlapThreshold: 0.5, maxDetections: 2).keptIndices(boxes) == [0, 2])
        #expect(NonMaximumSuppression(overlapThreshold: 0.5, maxDetections: 0).keptIndices(boxes) == [])
    }

    @Test func anOverlapEqualToTheThresholdIsKept() {
        // IoU exactly 1/3: suppression needs more than the threshold.
        let pair = [Detection(box: CornerBox(x1: 0, y1: 0, x2: 10, y2: 10), score: 0.9),
                    Detection(box: CornerBox(x1: 5, y1: 0, x2: 15, y2: 10), score: 0.8)]
        #expect(NonMaximumSuppression(overlapThreshold: 1.0 / 3).keptIndices(pair) == [0, 1])
        #expect(NonMaximumSuppression(overlapThreshold: 0.33).keptIndices(pair) == [0])
    }

    @Test func outputIsBestFirstAndTiesKeepTheEarlierBox() {
        let a = CornerBox(x1: 0, y1: 0, x2: 10, y2: 10)
        let tied = [Detection(box: CornerBox(x1: 50, y1: 50, x2: 60, y2: 60), score: 0.2),
                    Detection(box: a, score: 0.5), Detection(box: a, score: 0.5), Detection(box: a, score: .nan)]
        let nms = NonMaximumSuppression(overlapThreshold: 0.5)
        #expect(nms.keptIndices(tied) == [1, 0])
        #expect(nms(tied).map(\.score) == [0.5, 0.2])
    }
}
