/// A box a detector found in one image: where, how confident, and of which category (the
/// COCO category id, e.g. the photoshoots' 1 = face, 2 = person).
public struct Detection: Equatable, Sendable {
    public var box: CornerBox
    public var score: Double
    public var categoryID: Int

    public init(box: CornerBox, score: Double, categoryID: Int = 1) {
        self.box = box
        self.score = score
        self.categoryID = categoryID
    }
}

/// Indices of `scores` from the highest score to the lowest, equal scores in their original
/// order. Stability matters: pycocotools sorts with numpy's mergesort, and which of two
/// equally scored boxes comes first decides which one NMS keeps and which one COCO matching
/// calls a true positive.
func indicesByDescendingScore(_ scores: [Double]) -> [Int] {
    scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
}
