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
/// calls a true positive. NaN sorts last (it compares false with everything, which would break
/// the sort's ordering).
func indicesByDescendingScore(_ scores: [Double]) -> [Int] {
    let keys = scores.map { $0.isNaN ? -Double.infinity : $0 }
    return keys.indices.sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
}
