/// What an anchor is trained towards.
public enum AnchorLabel: Equatable, Hashable, Sendable {
    /// Regresses to ground-truth box `truth` (an index into the boxes given) and scores as an object.
    case positive(truth: Int)
    /// Scores as background.
    case negative
    /// Takes no part in the loss: it overlaps an object too much to be background and too little
    /// to be that object, and either label would teach the classifier something false.
    case ignored

    /// The matched box's index, for a positive anchor.
    public var truth: Int? {
        if case let .positive(truth) = self { return truth }
        return nil
    }
}

/// Labels anchors from their IoU with the ground-truth boxes, as Faster R-CNN's region
/// proposal network does: an anchor whose best IoU is at least ``positiveThreshold`` is
/// positive for that box, below ``negativeThreshold`` negative, in between ignored.
///
/// With ``matchBestAnchorPerTruth`` (the default), each box's best anchor is positive too,
/// whatever its IoU: a small or oddly shaped box may reach 0.7 with no anchor at all and would
/// otherwise never be learned. Every anchor that ties for a box's best IoU counts (as
/// torchvision's `allow_low_quality_matches`), but only when that IoU is above zero: a box
/// touching no anchor has no best anchor. An anchor that is the best for several boxes goes
/// to the one it overlaps most (the lower index on a tie).
public struct AnchorMatcher: Equatable, Sendable {
    public var positiveThreshold: Double
    public var negativeThreshold: Double
    public var matchBestAnchorPerTruth: Bool

    /// Faster R-CNN's RPN defaults: positive ≥ 0.7, negative < 0.3.
    public init(positiveThreshold: Double = 0.7, negativeThreshold: Double = 0.3, matchBestAnchorPerTruth: Bool = true) throws {
        guard negativeThreshold <= positiveThreshold else {
            throw DetectionError("the negative IoU threshold \(negativeThreshold) is above the positive one \(positiveThreshold): "
                                 + "the band between them (ignored anchors) cannot be negative")
        }
        self.positiveThreshold = positiveThreshold
        self.negativeThreshold = negativeThreshold
        self.matchBestAnchorPerTruth = matchBestAnchorPerTruth
    }

    /// One label per anchor. Without ground-truth boxes every anchor is negative.
    public func assign(anchors: [CornerBox], truths: [CornerBox]) -> [AnchorLabel] {
        guard !truths.isEmpty else { return Array(repeating: .negative, count: anchors.count) }
        let iou = OverlapMatrix(anchors, truths)
        var labels: [AnchorLabel] = []
        labels.reserveCapacity(anchors.count)
        for a in anchors.indices {
            var best = 0
            for t in truths.indices where iou[a, t] > iou[a, best] { best = t }
            let overlap = iou[a, best]
            labels.append(overlap >= positiveThreshold ? .positive(truth: best) : overlap < negativeThreshold ? .negative : .ignored)
        }
        guard matchBestAnchorPerTruth else { return labels }
        // For each anchor that is some box's best: the box it overlaps most among those.
        var forced: [Int: (truth: Int, overlap: Double)] = [:]
        for t in truths.indices {
            let best = anchors.indices.map { iou[$0, t] }.max() ?? 0
            guard best > 0 else { continue }
            for a in anchors.indices where iou[a, t] == best {
                if let held = forced[a], held.overlap >= best { continue }
                forced[a] = (t, best)
            }
        }
        for (a, match) in forced { labels[a] = .positive(truth: match.truth) }
        return labels
    }
}
