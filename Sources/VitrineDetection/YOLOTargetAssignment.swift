/// One ground-truth box placed where a YOLO head must predict it.
public struct YOLOTarget: Equatable, Sendable {
    /// Index of the box among those assigned.
    public var truth: Int
    /// Output scale (index into the anchor levels), anchor shape within it, and cell.
    public var level: Int
    public var shape: Int
    public var row: Int
    public var column: Int
    /// The regression target: the raw outputs that decode exactly to the box.
    public var offsets: YOLOOffsets

    public init(truth: Int, level: Int, shape: Int, row: Int, column: Int, offsets: YOLOOffsets) {
        self.truth = truth
        self.level = level
        self.shape = shape
        self.row = row
        self.column = column
        self.offsets = offsets
    }
}

/// YOLOv3's assignment: each ground-truth box goes to the one anchor shape, over all scales,
/// whose centred IoU with it is highest, at the cell of that scale holding the box's centre.
/// Every other prediction is a negative for objectness unless its decoded box overlaps some
/// ground truth by more than the ignore threshold (``ignoredPredictions(_:truths:ignoreThreshold:)``):
/// such a prediction is a fair detection that merely was not chosen, and calling it background
/// would fight the box that was.
public struct YOLOTargetAssignment: Equatable, Sendable {
    public var levels: [AnchorLevel]

    public init(levels: [AnchorLevel]) {
        self.levels = levels
    }

    /// Targets for `truths` on an input of `height × width` pixels. Two boxes wanting the same
    /// anchor at the same cell cannot both be learned there; as in darknet, the later box wins.
    /// Boxes with no area are skipped.
    public func assign(truths: [CornerBox], height: Int, width: Int) -> [YOLOTarget] {
        var slots: [[Int]: YOLOTarget] = [:]
        var order: [[Int]] = []
        for (t, box) in truths.enumerated() where !box.isEmpty {
            let shape = AnchorShape(width: box.width, height: box.height)
            var best: (level: Int, shape: Int, iou: Double) = (0, 0, -1)
            for (l, level) in levels.enumerated() {
                for (s, anchor) in level.shapes.enumerated() {
                    let iou = shape.centeredIoU(anchor)
                    if iou > best.iou { best = (l, s, iou) }
                }
            }
            guard best.iou >= 0 else { continue }  // no levels at all
            let level = levels[best.level]
            let coder = YOLOBoxCoder(stride: level.stride)
            let grid = level.gridSize(height: height, width: width)
            guard grid.rows > 0, grid.columns > 0 else { continue }
            let cell = coder.cell(of: box)
            let (row, column) = (min(max(cell.row, 0), grid.rows - 1), min(max(cell.column, 0), grid.columns - 1))
            let key = [best.level, best.shape, row, column]
            if slots[key] == nil { order.append(key) }
            slots[key] = YOLOTarget(truth: t, level: best.level, shape: best.shape, row: row, column: column,
                                    offsets: coder.encode(box, row: row, column: column, anchor: level.shapes[best.shape]))
        }
        return order.compactMap { slots[$0] }
    }

    /// For each predicted box, whether its best IoU with any ground truth exceeds
    /// `ignoreThreshold` (YOLOv3 uses 0.5): those predictions are left out of the objectness loss.
    public static func ignoredPredictions(_ predictions: [CornerBox], truths: [CornerBox], ignoreThreshold: Double = 0.5) -> [Bool] {
        let iou = OverlapMatrix(predictions, truths)
        return predictions.indices.map { p in truths.indices.contains { iou[p, $0] > ignoreThreshold } }
    }
}
