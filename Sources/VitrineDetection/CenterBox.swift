/// A box by its centre (`cx`, `cy`) and size in pixels: the form YOLO predicts and anchor
/// box coders work in, since offsets of a centre and log-ratios of sizes are what a
/// regression head can learn independently of where the box is.
public struct CenterBox: Equatable, Hashable, Sendable {
    public var cx: Double
    public var cy: Double
    public var width: Double
    public var height: Double

    public init(cx: Double, cy: Double, width: Double, height: Double) {
        self.cx = cx
        self.cy = cy
        self.width = width
        self.height = height
    }

    /// The centre form of a corner box.
    public init(_ box: CornerBox) {
        self.init(cx: (box.x1 + box.x2) / 2, cy: (box.y1 + box.y2) / 2, width: box.width, height: box.height)
    }

    /// The same box by its corners.
    public var corners: CornerBox { CornerBox(self) }
}
