import VitrineData

/// COCO's bounding-box evaluation, step for step as pycocotools' `COCOeval` (2.0) does it,
/// so that its numbers are the numbers papers report:
///
/// 1. Per image and category, detections are sorted by score (stable: equal scores keep file
///    order) and cut to the largest detection limit; IoU is computed from the boxes as written.
///    A crowd region's "IoU" is intersection over the detection's own area.
/// 2. Per area range, ground truths outside the range or crowds are ignored. At each IoU
///    threshold, detections in score order take the unmatched ground truth they overlap most
///    (IoU ≥ threshold), preferring a counted object to an ignored one; crowds may be matched
///    any number of times. A detection matched to an ignored object, or unmatched and itself
///    outside the area range, is ignored rather than counted false.
/// 3. Per category, area range and limit, the images' first `limit` detections are pooled and
///    sorted by score; precision is made monotone from the right and read at each recall
///    threshold (the first point reaching it, 0 past the last recall reached).
/// 4. AP averages precision over IoU thresholds, recall points and the categories that have
///    ground truth in the range; AR averages the final recall likewise.
///
/// One departure: pycocotools marks a match by storing the object's id, so an object with id 0
/// can never count as found; here a match is a match whatever the id.
public struct COCOEvaluation {
    public let parameters: COCOEvaluationParameters
    /// The ground truth's images and categories, sorted: the axes of the results.
    public let imageIDs: [Int]
    public let categoryIDs: [Int]
    /// Precision at each (IoU threshold, recall threshold, category, area range, detection
    /// limit), flattened in that order; −1 where the category has no counted ground truth.
    public let precision: [Double]
    /// The final recall at each (IoU threshold, category, area range, detection limit); −1 as above.
    public let recall: [Double]

    /// Scores `results` against `groundTruth`. Results of a category the ground truth does not
    /// list are left out, as pycocotools does; results on an image it does not list throw
    /// (pycocotools refuses the file), since they usually mean the wrong results or image ids.
    public init(groundTruth: COCOGroundTruth, results: [DetectionResult], parameters: COCOEvaluationParameters = .coco) throws {
        self.parameters = parameters
        imageIDs = Set(groundTruth.images.map(\.id)).sorted()
        categoryIDs = Set(groundTruth.categories.map(\.id)).sorted()
        let knownImages = Set(imageIDs), knownCategories = Set(categoryIDs)
        if let stray = results.firstIndex(where: { !knownImages.contains($0.imageID) }) {
            let count = results.filter { !knownImages.contains($0.imageID) }.count
            throw DetectionError("\(count) result(s) are on images the ground truth does not list, the first "
                                 + "(result \(stray)) on image \(results[stray].imageID): check that both files use the same image ids")
        }
        var truthsByCell: [Cell: [COCOGroundTruth.Object]] = [:]
        for object in groundTruth.objects { truthsByCell[Cell(image: object.imageID, category: object.categoryID), default: []].append(object) }
        var resultsByCell: [Cell: [DetectionResult]] = [:]
        for result in results where knownCategories.contains(result.categoryID) {
            resultsByCell[Cell(image: result.imageID, category: result.categoryID), default: []].append(result)
        }

        let (T, R, K, A, M) = (parameters.iouThresholds.count, parameters.recallThresholds.count, categoryIDs.count,
                               parameters.areaRanges.count, parameters.maxDetections.count)
        var precision = [Double](repeating: -1, count: T * R * K * A * M)
        var recall = [Double](repeating: -1, count: T * K * A * M)
        for (k, category) in categoryIDs.enumerated() {
            // evaluations[a] lists the images, in id order, that have truths or results here.
            var evaluations = [[ImageEvaluation]](repeating: [], count: A)
            for image in imageIDs {
                let cell = Cell(image: image, category: category)
                let truths = truthsByCell[cell] ?? [], detections = resultsByCell[cell] ?? []
                if truths.isEmpty && detections.isEmpty { continue }
                let matcher = ImageMatcher(truths: truths, results: detections, maxDetections: parameters.maxDetections.last!)
                for (a, range) in parameters.areaRanges.enumerated() {
                    evaluations[a].append(matcher.evaluate(range: range, iouThresholds: parameters.iouThresholds))
                }
            }
            for a in 0..<A where !evaluations[a].isEmpty {
                for (m, limit) in parameters.maxDetections.enumerated() {
                    let curves = Self.accumulate(evaluations[a], limit: limit, parameters: parameters)
                    for (t, curve) in curves.enumerated() {
                        recall[Self.recallIndex(t, k, a, m, parameters: parameters, categories: K)] = curve.recall
                        for r in 0..<R {
                            precision[Self.precisionIndex(t, r, k, a, m, parameters: parameters, categories: K)] = curve.precision[r]
                        }
                    }
                }
            }
        }
        self.precision = precision
        self.recall = recall
    }

    // MARK: Summaries

    /// Mean precision over the IoU thresholds (or the one equal to `iouThreshold`), all recall
    /// points and every category with ground truth in `area` (or just `categoryID`), at the
    /// detection limit `maxDetections`; nil when nothing qualifies (pycocotools prints −1).
    public func averagePrecision(iouThreshold: Double? = nil, area: String = "all", maxDetections: Int = 100,
                                 categoryID: Int? = nil) -> Double? {
        mean(iouThreshold, area, maxDetections, categoryID) { t, k, a, m in
            parameters.recallThresholds.indices.map { precision[precisionIndex(t, $0, k, a, m)] }
        }
    }

    /// Mean final recall over the IoU thresholds (or the one given) and categories, as
    /// ``averagePrecision(iouThreshold:area:maxDetections:categoryID:)``.
    public func averageRecall(iouThreshold: Double? = nil, area: String = "all", maxDetections: Int = 100,
                              categoryID: Int? = nil) -> Double? {
        mean(iouThreshold, area, maxDetections, categoryID) { t, k, a, m in
            [recall[Self.recallIndex(t, k, a, m, parameters: parameters, categories: categoryIDs.count)]]
        }
    }

    /// Interpolated precision at each recall threshold for one category: the precision-recall
    /// curve a report plots. Nil when the category has no ground truth in `area` (or the
    /// threshold, area or limit is not among the parameters').
    public func precisionCurve(categoryID: Int, iouThreshold: Double = 0.5, area: String = "all",
                               maxDetections: Int = 100) -> [Double]? {
        guard let t = iouIndices(iouThreshold).first, let k = categoryIDs.firstIndex(of: categoryID),
              let a = parameters.areaRanges.firstIndex(where: { $0.name == area }),
              let m = parameters.maxDetections.firstIndex(of: maxDetections) else { return nil }
        let curve = parameters.recallThresholds.indices.map { precision[precisionIndex(t, $0, k, a, m)] }
        return curve.first == -1 ? nil : curve
    }

    /// pycocotools' twelve numbers (`COCOeval.stats`).
    public var summary: COCOSummary {
        let limits = parameters.maxDetections
        let (first, second, third) = (limits[0], limits.count > 1 ? limits[1] : -1, limits.count > 2 ? limits[2] : -1)
        func ap(_ iou: Double? = nil, _ area: String = "all") -> Double { averagePrecision(iouThreshold: iou, area: area, maxDetections: third) ?? -1 }
        func ar(_ limit: Int, _ area: String = "all") -> Double { averageRecall(area: area, maxDetections: limit) ?? -1 }
        return COCOSummary(ap: ap(), ap50: ap(0.5), ap75: ap(0.75), apSmall: ap(nil, "small"), apMedium: ap(nil, "medium"),
                           apLarge: ap(nil, "large"), ar1: ar(first), ar10: ar(second), ar100: ar(third),
                           arSmall: ar(third, "small"), arMedium: ar(third, "medium"), arLarge: ar(third, "large"))
    }

    private func precisionIndex(_ t: Int, _ r: Int, _ k: Int, _ a: Int, _ m: Int) -> Int {
        Self.precisionIndex(t, r, k, a, m, parameters: parameters, categories: categoryIDs.count)
    }

    /// Where (t, r, k, a, m) sits in ``precision``: pycocotools' `[T, R, K, A, M]` array, row-major.
    private static func precisionIndex(_ t: Int, _ r: Int, _ k: Int, _ a: Int, _ m: Int,
                                       parameters: COCOEvaluationParameters, categories: Int) -> Int {
        (((t * parameters.recallThresholds.count + r) * categories + k) * parameters.areaRanges.count + a)
            * parameters.maxDetections.count + m
    }

    /// Where (t, k, a, m) sits in ``recall``: pycocotools' `[T, K, A, M]` array, row-major.
    private static func recallIndex(_ t: Int, _ k: Int, _ a: Int, _ m: Int, parameters: COCOEvaluationParameters, categories: Int) -> Int {
        ((t * categories + k) * parameters.areaRanges.count + a) * parameters.maxDetections.count + m
    }

    /// pycocotools selects a threshold with `iouThr == p.iouThrs`; a tolerance far below any
    /// threshold spacing finds the same one without depending on how 0.75 was spelled.
    private func iouIndices(_ threshold: Double?) -> [Int] {
        guard let threshold else { return Array(parameters.iouThresholds.indices) }
        return parameters.iouThresholds.indices.filter { abs(parameters.iouThresholds[$0] - threshold) < 1e-12 }
    }

    /// The mean of the values `values(t, k, a, m)` gives that are not −1.
    private func mean(_ iouThreshold: Double?, _ area: String, _ maxDetections: Int, _ categoryID: Int?,
                      _ values: (Int, Int, Int, Int) -> [Double]) -> Double? {
        let categories = categoryID.map { id in categoryIDs.indices.filter { categoryIDs[$0] == id } } ?? Array(categoryIDs.indices)
        guard let a = parameters.areaRanges.firstIndex(where: { $0.name == area }),
              let m = parameters.maxDetections.firstIndex(of: maxDetections) else { return nil }
        var (sum, count) = (0.0, 0)
        for t in iouIndices(iouThreshold) {
            for k in categories {
                for v in values(t, k, a, m) where v > -1 {
                    sum += v
                    count += 1
                }
            }
        }
        return count > 0 ? sum / Double(count) : nil
    }

    // MARK: Accumulation

    /// One IoU threshold's outcome for a category, area range and limit.
    private struct Curve {
        var precision: [Double]
        var recall: Double
    }

    /// Pools the images' first `limit` detections and reads precision at the recall thresholds
    /// (pycocotools' `accumulate`); empty when no object is counted (the −1s stay).
    private static func accumulate(_ images: [ImageEvaluation], limit: Int, parameters: COCOEvaluationParameters) -> [Curve] {
        let counted = images.reduce(0) { $0 + $1.countedTruths }
        guard counted > 0 else { return [] }
        var scores: [Double] = []
        var pooled: [(image: Int, detection: Int)] = []
        for (i, image) in images.enumerated() {
            for d in 0..<min(limit, image.scores.count) {
                scores.append(image.scores[d])
                pooled.append((i, d))
            }
        }
        let order = indicesByDescendingScore(scores)
        return parameters.iouThresholds.indices.map { t in
            // Ignored detections stay in the sequence and repeat the previous point, as numpy's
            // cumulative sums over them do; the recall lookup below then lands where pycocotools' does.
            var (tp, fp) = (0.0, 0.0)
            var recalls: [Double] = [], precisions: [Double] = []
            recalls.reserveCapacity(order.count)
            precisions.reserveCapacity(order.count)
            for n in order {
                let (i, d) = pooled[n]
                if !images[i].ignored[t][d] {
                    if images[i].matched[t][d] { tp += 1 } else { fp += 1 }
                }
                recalls.append(tp / Double(counted))
                precisions.append(tp / (fp + tp + Double.ulpOfOne))  // np.spacing(1)
            }
            for n in stride(from: precisions.count - 1, to: 0, by: -1) where precisions[n] > precisions[n - 1] {
                precisions[n - 1] = precisions[n]
            }
            // searchsorted(side: "left"): the first point whose recall reaches the threshold.
            var point = 0
            let curve = parameters.recallThresholds.map { threshold -> Double in
                while point < recalls.count && recalls[point] < threshold { point += 1 }
                return point < recalls.count ? precisions[point] : 0
            }
            return Curve(precision: curve, recall: recalls.last ?? 0)
        }
    }
}

extension COCOEvaluation {
    /// pycocotools' `bbIou` (maskApi.c) operation for operation, so that an IoU sitting exactly on
    /// a threshold falls on the same side: far edges as x + w, areas as w · h, and for a crowd
    /// the detection's area as the denominator (a detection inside a crowd scores 1).
    static func crowdAwareIoU(_ d: BoundingBox, _ g: BoundingBox, crowd: Bool) -> Double {
        let w = min(d.width + d.x, g.width + g.x) - max(d.x, g.x)
        if w <= 0 { return 0 }
        let h = min(d.height + d.y, g.height + g.y) - max(d.y, g.y)
        if h <= 0 { return 0 }
        let i = w * h
        let u = crowd ? d.width * d.height : d.width * d.height + g.width * g.height - i
        return i / u
    }
}

/// An image and category: the unit ground truths and detections are matched within.
private struct Cell: Hashable {
    let image: Int
    let category: Int
}

/// The matches in one image and category for one area range.
private struct ImageEvaluation {
    /// Detection scores, best first, cut to the largest detection limit.
    var scores: [Double]
    /// [IoU threshold][detection]: matched to some ground truth, and left out of the counts.
    var matched: [[Bool]]
    var ignored: [[Bool]]
    /// Ground truths that count (in the area range and not crowds).
    var countedTruths: Int
}

/// One image and category's truths and detections, with their IoUs computed once for every
/// area range (pycocotools' `computeIoU` and `evaluateImg`).
private struct ImageMatcher {
    let truths: [COCOGroundTruth.Object]
    let detections: [DetectionResult]
    /// iou[d][g], detections in score order.
    let iou: [[Double]]

    init(truths: [COCOGroundTruth.Object], results: [DetectionResult], maxDetections: Int) {
        self.truths = truths
        detections = indicesByDescendingScore(results.map(\.score)).prefix(maxDetections).map { results[$0] }
        iou = detections.map { d in truths.map { COCOEvaluation.crowdAwareIoU(d.bbox, $0.bbox, crowd: $0.isCrowd) } }
    }

    func evaluate(range: AreaRange, iouThresholds: [Double]) -> ImageEvaluation {
        let ignoredTruth = truths.map { $0.isCrowd || !range.contains($0.area) }
        // Counted truths first, ignored ones after, each in file order (a stable sort).
        let order = truths.indices.filter { !ignoredTruth[$0] } + truths.indices.filter { ignoredTruth[$0] }
        let D = detections.count
        var matched = [[Bool]](repeating: [Bool](repeating: false, count: D), count: iouThresholds.count)
        var ignored = matched
        for (t, threshold) in iouThresholds.enumerated() {
            var taken = [Bool](repeating: false, count: truths.count)
            for d in 0..<D {
                var best = min(threshold, 1 - 1e-10)
                var match: Int?
                for g in order {
                    if taken[g] && !truths[g].isCrowd { continue }
                    // Once a counted truth is matched, ignored ones (all after it) cannot replace it.
                    if let m = match, !ignoredTruth[m], ignoredTruth[g] { break }
                    if iou[d][g] < best { continue }
                    best = iou[d][g]
                    match = g
                }
                guard let m = match else { continue }
                matched[t][d] = true
                ignored[t][d] = ignoredTruth[m]
                taken[m] = true
            }
            // An unmatched detection of the wrong size is not this range's false positive.
            for d in 0..<D where !matched[t][d] && !range.contains(detections[d].bbox.width * detections[d].bbox.height) {
                ignored[t][d] = true
            }
        }
        return ImageEvaluation(scores: detections.map(\.score), matched: matched, ignored: ignored,
                               countedTruths: ignoredTruth.filter { !$0 }.count)
    }
}
