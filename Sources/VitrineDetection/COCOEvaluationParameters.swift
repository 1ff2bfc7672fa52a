/// A named band of object areas in pixels², both ends included (pycocotools compares
/// `area < lower or area > upper` to leave an object out, so an area of exactly 32² is both
/// small and medium).
public struct AreaRange: Equatable, Sendable {
    public var name: String
    public var lower: Double
    public var upper: Double

    public init(name: String, lower: Double, upper: Double) {
        self.name = name
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ area: Double) -> Bool { !(area < lower || area > upper) }

    /// COCO's four ranges: all, small (< 32²), medium (32² to 96²), large (> 96²).
    public static let coco: [AreaRange] = [
        AreaRange(name: "all", lower: 0, upper: 1e5 * 1e5),
        AreaRange(name: "small", lower: 0, upper: 32 * 32),
        AreaRange(name: "medium", lower: 32 * 32, upper: 96 * 96),
        AreaRange(name: "large", lower: 96 * 96, upper: 1e5 * 1e5),
    ]
}

/// What COCO evaluation sweeps: IoU thresholds, the recall points precision is read at, the
/// per-image detection limits and the area ranges. ``coco`` is pycocotools' `Params('bbox')`.
/// Constants once made, so the checks in ``init(iouThresholds:recallThresholds:maxDetections:areaRanges:)``
/// hold for every value evaluation sees.
public struct COCOEvaluationParameters: Equatable, Sendable {
    public let iouThresholds: [Double]
    public let recallThresholds: [Double]
    /// Sorted ascending (as pycocotools sorts them); the largest also caps the detections kept
    /// per image and category before matching.
    public let maxDetections: [Int]
    public let areaRanges: [AreaRange]

    /// Throws for an empty sweep or a limit below 1.
    public init(iouThresholds: [Double], recallThresholds: [Double], maxDetections: [Int], areaRanges: [AreaRange]) throws {
        guard !iouThresholds.isEmpty, !recallThresholds.isEmpty, !maxDetections.isEmpty, !areaRanges.isEmpty else {
            throw DetectionError("COCO evaluation needs at least one IoU threshold, recall threshold, detection limit and area range")
        }
        guard maxDetections.allSatisfy({ $0 >= 1 }) else {
            throw DetectionError("detection limits must be at least 1, found \(maxDetections)")
        }
        self.iouThresholds = iouThresholds
        self.recallThresholds = recallThresholds
        self.maxDetections = maxDetections.sorted()
        self.areaRanges = areaRanges
    }

    /// IoU 0.50:0.05:0.95, recall 0:0.01:1 (101 points), 1, 10 and 100 detections per image,
    /// COCO's area ranges.
    public static let coco = try! COCOEvaluationParameters(
        iouThresholds: linspace(0.5, 0.95, count: 10), recallThresholds: linspace(0, 1, count: 101),
        maxDetections: [1, 10, 100], areaRanges: AreaRange.coco)

    /// numpy's `linspace(start, stop, count)` to the bit: `i · step + start` with the last point
    /// set to `stop`. The thresholds are compared with recalls and IoUs exactly, so 0.35 computed
    /// another way (0.5 − 0.15, say) could flip a match that pycocotools makes.
    public static func linspace(_ start: Double, _ stop: Double, count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (stop - start) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? stop : Double($0) * step + start }
    }
}
