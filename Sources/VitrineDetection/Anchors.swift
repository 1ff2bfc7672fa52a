/// The width and height of one anchor box in input pixels.
public struct AnchorShape: Equatable, Hashable, Sendable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// IoU of two boxes of these sizes placed on the same centre: how YOLOv3 picks the anchor
    /// responsible for a ground-truth box, by shape alone, before knowing which cell it is in.
    public func centeredIoU(_ other: AnchorShape) -> Double {
        let shared = max(0, min(width, other.width)) * max(0, min(height, other.height))
        let union = max(0, width) * max(0, height) + max(0, other.width) * max(0, other.height) - shared
        return union > 0 ? shared / union : 0
    }
}

/// The anchors of one feature map: a cell every `stride` input pixels, and at each cell one
/// box per shape, centred on the cell.
///
/// Faster R-CNN builds its shapes from sizes × aspect ratios (``init(stride:sizes:aspectRatios:)``);
/// YOLOv3 lists them per scale, learned by k-means on the training boxes (``yoloV3``,
/// ``yoloV3Tiny``).
public struct AnchorLevel: Equatable, Sendable {
    /// Input pixels per feature-map cell.
    public var stride: Double
    public var shapes: [AnchorShape]

    public init(stride: Double, shapes: [AnchorShape]) {
        self.stride = stride
        self.shapes = shapes
    }

    /// Every aspect ratio (height / width) × every size, ratio-major as torchvision orders them;
    /// a shape of size s and ratio r has area s² (width s/√r, height s·√r), so changing the
    /// ratio changes the shape and not how much of the image the anchor covers.
    public init(stride: Double, sizes: [Double], aspectRatios: [Double]) {
        var shapes: [AnchorShape] = []
        for ratio in aspectRatios {
            let h = ratio.squareRoot()
            for size in sizes { shapes.append(AnchorShape(width: size / h, height: size * h)) }
        }
        self.init(stride: stride, shapes: shapes)
    }

    /// The anchors over a feature map of `rows × columns` cells, cell by cell in row-major
    /// order and shape by shape within a cell: anchor `(row · columns + column) · shapes.count
    /// + shape` (see ``index(row:column:shape:columns:)``). Centres sit at
    /// `((column + cellOffset) · stride, (row + cellOffset) · stride)`: 0.5 puts them at the
    /// cells' centres as YOLO does; torchvision's Faster R-CNN uses 0 (the cells' corners).
    public func anchors(rows: Int, columns: Int, cellOffset: Double = 0.5) -> [CornerBox] {
        var out: [CornerBox] = []
        out.reserveCapacity(max(0, rows * columns * shapes.count))
        for row in 0..<max(0, rows) {
            for column in 0..<max(0, columns) {
                let cx = (Double(column) + cellOffset) * stride, cy = (Double(row) + cellOffset) * stride
                for s in shapes { out.append(CornerBox(CenterBox(cx: cx, cy: cy, width: s.width, height: s.height))) }
            }
        }
        return out
    }

    /// Where the anchor of `shape` at a cell stands in ``anchors(rows:columns:cellOffset:)``.
    public func index(row: Int, column: Int, shape: Int, columns: Int) -> Int {
        (row * columns + column) * shapes.count + shape
    }

    /// The feature-map size for an input of `height × width` pixels: ⌈side / stride⌉, what a
    /// stack of stride-2 convolutions with "same" padding produces.
    public func gridSize(height: Int, width: Int) -> (rows: Int, columns: Int) {
        (Int((Double(height) / stride).rounded(.up)), Int((Double(width) / stride).rounded(.up)))
    }

    private static func shapes(_ pairs: [(Double, Double)]) -> [AnchorShape] {
        pairs.map { AnchorShape(width: $0.0, height: $0.1) }
    }

    /// YOLOv3's nine COCO anchors, three per scale at strides 8, 16 and 32 (darknet's yolov3.cfg).
    public static let yoloV3: [AnchorLevel] = [
        AnchorLevel(stride: 8, shapes: shapes([(10, 13), (16, 30), (33, 23)])),
        AnchorLevel(stride: 16, shapes: shapes([(30, 61), (62, 45), (59, 119)])),
        AnchorLevel(stride: 32, shapes: shapes([(116, 90), (156, 198), (373, 326)])),
    ]

    /// YOLOv3-tiny's six COCO anchors at its two scales, strides 16 and 32 (as ultralytics
    /// assigns them; darknet's yolov3-tiny.cfg masks anchors 1, 2, 3 for stride 16 by a slip).
    public static let yoloV3Tiny: [AnchorLevel] = [
        AnchorLevel(stride: 16, shapes: shapes([(10, 14), (23, 27), (37, 58)])),
        AnchorLevel(stride: 32, shapes: shapes([(81, 82), (135, 169), (344, 319)])),
    ]
}
