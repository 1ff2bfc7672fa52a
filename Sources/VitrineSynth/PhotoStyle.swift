/// How a product is shown, the label of the photo-style task.
public enum PhotoStyle: String, CaseIterable, Sendable {
    /// On a model whose face is visible.
    case onModel = "on_model"
    /// Worn on a body part, no face in the picture (feet in shoes, a wrist, a torso).
    case worn
    /// The product alone on a backdrop.
    case productOnly = "product_only"
}

/// A face in a scene: its box and five landmarks (image-left eye, image-right eye, nose tip,
/// image-left and image-right mouth corners) with COCO visibility (2 visible, 1 hidden behind
/// something, 0 outside the image).
public struct SceneFace: Sendable, Equatable {
    public var box: Box
    public var landmarks: [(x: Float, y: Float, visibility: Int)]

    /// Same box and the same landmarks.
    public static func == (a: SceneFace, b: SceneFace) -> Bool {
        a.box == b.box && a.landmarks.count == b.landmarks.count
            && zip(a.landmarks, b.landmarks).allSatisfy { $0.x == $1.x && $0.y == $1.y && $0.visibility == $1.visibility }
    }
}

/// An axis-aligned box in pixels: (x, y) top-left.
public struct Box: Sendable, Equatable {
    public var x: Float, y: Float, width: Float, height: Float

    /// The box with top-left (x, y).
    public init(x: Float, y: Float, width: Float, height: Float) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }

    /// The box around `path`'s points, or nil for an empty path.
    init?(_ path: Path) {
        guard let b = path.bounds else { return nil }
        self.init(x: b.min.x, y: b.min.y, width: b.max.x - b.min.x, height: b.max.y - b.min.y)
    }

    /// The smallest box holding both.
    func union(_ other: Box) -> Box {
        let x0 = min(x, other.x), y0 = min(y, other.y)
        return Box(x: x0, y: y0, width: max(x + width, other.x + other.width) - x0,
                   height: max(y + height, other.y + other.height) - y0)
    }

    /// The part inside a `size`-pixel square image, or nil when less than a pixel remains.
    func clipped(to size: Int) -> Box? {
        let s = Float(size)
        let x0 = max(0, x), y0 = max(0, y), x1 = min(s, x + width), y1 = min(s, y + height)
        guard x1 - x0 >= 1, y1 - y0 >= 1 else { return nil }
        return Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    func contains(_ p: Point) -> Bool { p.x >= x && p.x <= x + width && p.y >= y && p.y <= y + height }
}
