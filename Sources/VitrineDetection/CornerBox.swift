import VitrineData

/// An axis-aligned box by its corners in pixels: (`x1`, `y1`) top-left, (`x2`, `y2`)
/// bottom-right, on a continuous plane where pixel (i, j) covers [i, i + 1) × [j, j + 1).
///
/// This is the form NMS, IoU and clipping work in, because every one of them needs the far
/// edges. Width is `x2 − x1` with no "+1": the original MTCNN and VOC code count pixels
/// inclusively, but torchvision, pycocotools and the photoshoot annotations do not, and
/// mixing the two conventions shifts IoU by a pixel's worth on small faces.
public struct CornerBox: Equatable, Hashable, Sendable {
    public var x1: Double
    public var y1: Double
    public var x2: Double
    public var y2: Double

    public init(x1: Double, y1: Double, x2: Double, y2: Double) {
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
    }

    /// The box COCO writes as `[x, y, width, height]`.
    public init(_ coco: BoundingBox) {
        self.init(x1: coco.x, y1: coco.y, x2: coco.x + coco.width, y2: coco.y + coco.height)
    }

    /// The box with the given centre and size.
    public init(_ center: CenterBox) {
        self.init(x1: center.cx - center.width / 2, y1: center.cy - center.height / 2,
                  x2: center.cx + center.width / 2, y2: center.cy + center.height / 2)
    }

    public var width: Double { x2 - x1 }
    public var height: Double { y2 - y1 }

    /// Width × height; zero (not negative) for a degenerate or inverted box, so that an
    /// inverted box can never make an intersection-over-union larger.
    public var area: Double { max(0, width) * max(0, height) }

    /// True when the box covers no area (inverted, flat, or with a NaN coordinate).
    public var isEmpty: Bool { !(x2 > x1 && y2 > y1) }

    /// The same box in centre form.
    public var center: CenterBox { CenterBox(self) }

    /// The same box in COCO's `[x, y, width, height]` form.
    public var coco: BoundingBox { BoundingBox(x: x1, y: y1, width: width, height: height) }

    /// The overlap of the two boxes, or nil when they do not overlap with positive area
    /// (touching edges do not count).
    public func intersection(_ other: CornerBox) -> CornerBox? {
        let box = CornerBox(x1: max(x1, other.x1), y1: max(y1, other.y1), x2: min(x2, other.x2), y2: min(y2, other.y2))
        return box.isEmpty ? nil : box
    }

    /// The area the two boxes share (0 when they are apart).
    public func intersectionArea(_ other: CornerBox) -> Double {
        intersection(other)?.area ?? 0
    }

    /// The box limited to an image `width` × `height` pixels, i.e. to [0, width] × [0, height].
    /// A box wholly outside comes back empty (zero width or height on the nearest edge), so
    /// callers can drop it with ``isEmpty``.
    public func clipped(width: Double, height: Double) -> CornerBox {
        func clamp(_ v: Double, _ limit: Double) -> Double { min(max(v, 0), limit) }
        return CornerBox(x1: clamp(x1, width), y1: clamp(y1, height), x2: clamp(x2, width), y2: clamp(y2, height))
    }

    /// The box moved by (`dx`, `dy`) and then scaled about the origin by `scale`: how a box found
    /// on a resized or cropped image goes back to the original's pixels.
    public func offsetBy(dx: Double, dy: Double, scale: Double = 1) -> CornerBox {
        CornerBox(x1: (x1 + dx) * scale, y1: (y1 + dy) * scale, x2: (x2 + dx) * scale, y2: (y2 + dy) * scale)
    }

    /// The smallest square with the same centre that contains the box: MTCNN squares each
    /// candidate before cropping it for the next stage, because R-Net and O-Net take square inputs.
    public var squared: CornerBox {
        let c = center
        let side = max(c.width, c.height)
        return CornerBox(CenterBox(cx: c.cx, cy: c.cy, width: side, height: side))
    }
}
