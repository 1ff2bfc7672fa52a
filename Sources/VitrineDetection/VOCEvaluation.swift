/// PASCAL VOC's average precision: per category, detections pooled over all images in score
/// order, each a true positive when its best-overlapping ground truth of its image (IoU above
/// the threshold, 0.5) has not been claimed by a higher-scoring detection (VOC's `voc_eval.py`).
///
/// It differs from COCO's matching in ways that move the numbers: a detection whose best box
/// is already taken is a false positive (COCO would try the next-best box); "difficult" objects
/// (here: COCO crowds) are neither found nor missed and detections on them are not counted;
/// and IoU is over continuous coordinates, without the devkit's "+1" pixel counting.
public struct VOCEvaluation {
    /// How precision is summarised over recall.
    public enum Interpolation: String, Equatable, Sendable {
        /// VOC2007: the mean of the best precision at recall ≥ 0, 0.1, …, 1.
        case elevenPoint
        /// VOC2010 and later: the area under the monotone (right-to-left maximum) precision curve.
        case allPoints
    }

    /// One category's curve and AP.
    public struct CategoryResult: Equatable, Sendable {
        public var categoryID: Int
        /// Recall and precision after each detection, in score order.
        public var recall: [Double]
        public var precision: [Double]
        public var averagePrecision: Double
        /// Ground truths that count (not difficult).
        public var truthCount: Int
    }

    public let iouThreshold: Double
    public let interpolation: Interpolation
    /// Categories with at least one counted ground truth, by id (the others have no AP).
    public let categories: [CategoryResult]

    /// The mean of the categories' APs (mAP); nil when no category has ground truth.
    public var meanAveragePrecision: Double? {
        categories.isEmpty ? nil : categories.map(\.averagePrecision).reduce(0, +) / Double(categories.count)
    }

    public init(groundTruth: COCOGroundTruth, results: [DetectionResult], iouThreshold: Double = 0.5,
                interpolation: Interpolation = .allPoints) {
        self.iouThreshold = iouThreshold
        self.interpolation = interpolation
        var categories: [CategoryResult] = []
        for category in Set(groundTruth.categories.map(\.id)).sorted() {
            let truths = groundTruth.objects.filter { $0.categoryID == category }
            let counted = truths.filter { !$0.isCrowd }.count
            guard counted > 0 else { continue }
            var truthsByImage: [Int: [Int]] = [:]
            for (g, truth) in truths.enumerated() { truthsByImage[truth.imageID, default: []].append(g) }
            let detections = results.filter { $0.categoryID == category }
            var claimed = [Bool](repeating: false, count: truths.count)
            var (tp, fp) = (0.0, 0.0)
            var recall: [Double] = [], precision: [Double] = []
            for d in indicesByDescendingScore(detections.map(\.score)) {
                let box = CornerBox(detections[d].bbox)
                var best: (g: Int, iou: Double)?
                for g in truthsByImage[detections[d].imageID] ?? [] {
                    let iou = box.iou(CornerBox(truths[g].bbox))
                    if iou > (best?.iou ?? -1) { best = (g, iou) }
                }
                if let best, best.iou > iouThreshold {
                    // On a difficult object: no count either way, but still a point on the curve
                    // (repeating the last), as the devkit's cumulative sums have it.
                    if truths[best.g].isCrowd {
                    } else if claimed[best.g] {
                        fp += 1
                    } else {
                        tp += 1
                        claimed[best.g] = true
                    }
                } else {
                    fp += 1
                }
                recall.append(tp / Double(counted))
                precision.append(tp / max(tp + fp, Double.ulpOfOne))  // np.finfo(float64).eps
            }
            categories.append(CategoryResult(categoryID: category, recall: recall, precision: precision,
                                             averagePrecision: Self.averagePrecision(recall: recall, precision: precision,
                                                                                     interpolation: interpolation),
                                             truthCount: counted))
        }
        self.categories = categories
    }

    /// VOC's `voc_ap`: AP from a curve's recall (non-decreasing) and precision points.
    public static func averagePrecision(recall: [Double], precision: [Double], interpolation: Interpolation) -> Double {
        precondition(recall.count == precision.count, "\(recall.count) recall and \(precision.count) precision points")
        switch interpolation {
        case .elevenPoint:
            // np.arange(0., 1.1, 0.1): i · 0.1, so the thresholds are the devkit's to the bit.
            return (0...10).reduce(0.0) { sum, i in
                let threshold = Double(i) * 0.1
                let best = zip(recall, precision).filter { $0.0 >= threshold }.map(\.1).max() ?? 0
                return sum + best / 11
            }
        case .allPoints:
            let r: [Double] = [0] + recall + [1]
            var p: [Double] = [0] + precision + [0]
            for i in stride(from: p.count - 1, to: 0, by: -1) { p[i - 1] = max(p[i - 1], p[i]) }
            var area = 0.0
            for i in 0..<(r.count - 1) where r[i + 1] != r[i] { area += (r[i + 1] - r[i]) * p[i + 1] }
            return area
        }
    }
}
