/// Greedy non-maximum suppression: take the highest-scoring box, drop every remaining box that
/// overlaps it by more than ``overlapThreshold``, repeat with the next box still standing.
///
/// The defaults follow torchvision's `batched_nms`: IoU, categories suppressed separately
/// (a face box never removes the person box around it), strictly-greater comparisons for
/// both thresholds. MTCNN sets ``measure`` to ``OverlapMeasure/minimum`` for its last stage.
public struct NonMaximumSuppression: Equatable, Sendable {
    /// A box is suppressed when its overlap with a kept box is greater than this.
    public var overlapThreshold: Double
    /// How overlap is measured: IoU ("Union") or intersection over the smaller area ("Min").
    public var measure: OverlapMeasure
    /// Only detections scoring above this take part; nil keeps every finite score.
    public var scoreThreshold: Double?
    /// At most this many detections survive (the highest scoring after suppression); nil for no limit.
    public var maxDetections: Int?
    /// Whether boxes of different categories are left alone (true) or compete with each other.
    public var perCategory: Bool

    public init(overlapThreshold: Double, measure: OverlapMeasure = .union, scoreThreshold: Double? = nil,
                maxDetections: Int? = nil, perCategory: Bool = true) {
        self.overlapThreshold = overlapThreshold
        self.measure = measure
        self.scoreThreshold = scoreThreshold
        self.maxDetections = maxDetections
        self.perCategory = perCategory
    }

    /// The indices into `detections` that survive, highest score first. NaN scores never survive:
    /// a NaN compares false with everything and would otherwise land anywhere in the order.
    public func keptIndices(_ detections: [Detection]) -> [Int] {
        let limit = maxDetections ?? Int.max
        guard limit > 0 else { return [] }
        let candidates = indicesByDescendingScore(detections.map(\.score)).filter { i in
            let score = detections[i].score
            return score.isFinite && scoreThreshold.map { score > $0 } ?? true
        }
        var suppressed = [Bool](repeating: false, count: candidates.count)
        var kept: [Int] = []
        for (n, i) in candidates.enumerated() where !suppressed[n] {
            kept.append(i)
            if kept.count == limit { break }
            let best = detections[i]
            for m in (n + 1)..<candidates.count where !suppressed[m] {
                let other = detections[candidates[m]]
                if perCategory && other.categoryID != best.categoryID { continue }
                if measure(best.box, other.box) > overlapThreshold { suppressed[m] = true }
            }
        }
        return kept
    }

    /// The detections that survive, highest score first.
    public func callAsFunction(_ detections: [Detection]) -> [Detection] {
        keptIndices(detections).map { detections[$0] }
    }
}
