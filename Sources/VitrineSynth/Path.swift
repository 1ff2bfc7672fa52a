import Foundation

/// How overlapping contours of one path combine.
public enum FillRule: Sendable {
    /// Covered where the winding number is non-zero: contours of the same orientation unite
    /// (strokes built from pieces), a reversed contour cuts a hole.
    case nonZero
    /// Covered where an odd number of contours overlap: any inner contour is a hole.
    case evenOdd
}

/// A filled shape: closed polygonal contours in the shape's own units. Curves are flattened
/// when the path is built; at the image sizes rendered here a few segments per curve suffice.
public struct Path: Sendable {
    public var contours: [[Point]]
    public var rule: FillRule

    /// A path from contours (each implicitly closed).
    public init(_ contours: [[Point]] = [], rule: FillRule = .nonZero) {
        self.contours = contours
        self.rule = rule
    }

    /// The union of several paths' contours (kept as separate contours).
    public static func + (lhs: Path, rhs: Path) -> Path {
        Path(lhs.contours + rhs.contours, rule: lhs.rule)
    }

    /// A closed polygon through `points`.
    public static func polygon(_ points: [Point]) -> Path { Path([points]) }

    /// An axis-aligned rectangle.
    public static func rect(_ x: Float, _ y: Float, _ w: Float, _ h: Float) -> Path {
        polygon([Point(x, y), Point(x + w, y), Point(x + w, y + h), Point(x, y + h)])
    }

    /// An ellipse centred on (cx, cy).
    public static func ellipse(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, segments: Int = 28) -> Path {
        polygon(arc(cx, cy, rx, ry, from: 0, to: 2 * .pi, segments: segments, closed: true))
    }

    /// A circle.
    public static func circle(_ cx: Float, _ cy: Float, _ r: Float, segments: Int = 24) -> Path {
        ellipse(cx, cy, r, r, segments: segments)
    }

    /// The ring between two concentric ellipses (a band, a hoop, a bezel).
    public static func annulus(_ cx: Float, _ cy: Float, outer: (Float, Float), inner: (Float, Float),
                               segments: Int = 32) -> Path {
        let o = arc(cx, cy, outer.0, outer.1, from: 0, to: 2 * .pi, segments: segments, closed: true)
        let i = arc(cx, cy, inner.0, inner.1, from: 0, to: 2 * .pi, segments: segments, closed: true)
        return Path([o, i.reversed()])
    }

    /// A rectangle with corners rounded by `radius`.
    public static func roundedRect(_ x: Float, _ y: Float, _ w: Float, _ h: Float, radius: Float) -> Path {
        let r = max(0, min(radius, min(w, h) / 2))
        if r == 0 { return rect(x, y, w, h) }
        var points: [Point] = []
        let corners: [(Float, Float, Float)] = [(x + w - r, y + r, -.pi / 2), (x + w - r, y + h - r, 0),
                                                (x + r, y + h - r, .pi / 2), (x + r, y + r, .pi)]
        for (cx, cy, start) in corners {
            points += arc(cx, cy, r, r, from: start, to: start + .pi / 2, segments: 5, closed: false)
        }
        return polygon(points)
    }

    /// A regular polygon or star: `points` tips at `outer`, valleys at `inner` (inner == outer
    /// for a plain polygon, then `points` is the vertex count).
    public static func star(_ cx: Float, _ cy: Float, points: Int, outer: Float, inner: Float,
                            rotation: Float = -.pi / 2) -> Path {
        let plain = inner == outer
        let n = plain ? points : 2 * points
        return polygon((0..<n).map { k in
            let angle = rotation + 2 * .pi * Float(k) / Float(n)
            let r = plain || k % 2 == 0 ? outer : inner
            return Point(cx + r * cos(angle), cy + r * sin(angle))
        })
    }

    /// Points along an elliptical arc; `closed` leaves out the end point that repeats the start.
    public static func arc(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, from start: Float, to end: Float,
                           segments: Int, closed: Bool) -> [Point] {
        let count = closed ? segments : segments + 1
        return (0..<count).map { k in
            let t = start + (end - start) * Float(k) / Float(segments)
            return Point(cx + rx * cos(t), cy + ry * sin(t))
        }
    }

    /// The outline of a polyline drawn with a pen of `width`: a quad per segment and a round
    /// cap at every joint, all of one orientation so the non-zero rule unites them.
    public static func stroke(_ points: [Point], width: Float, closed: Bool = false, roundJoins: Bool = true) -> Path {
        guard points.count >= 2 else {
            return points.first.map { circle($0.x, $0.y, width / 2, segments: 10) } ?? Path()
        }
        let h = width / 2
        var contours: [[Point]] = []
        let pairs = closed ? points.count : points.count - 1
        for k in 0..<pairs {
            let p = points[k], q = points[(k + 1) % points.count]
            let d = q - p
            let length = (d * d).sum().squareRoot()
            guard length > 1e-6 else { continue }
            let n = Point(-d.y, d.x) / length * h
            contours.append([p + n, q + n, q - n, p - n])
        }
        if roundJoins && h > 0 {
            for p in points {
                // Same orientation as the quads above (checked by the union test).
                contours.append(arc(p.x, p.y, h, h, from: 0, to: -2 * .pi, segments: 10, closed: true))
            }
        }
        return Path(contours, rule: .nonZero).oriented()
    }

    /// Every contour turned to the same (positive-area) orientation, so pieces unite under the
    /// non-zero rule whatever order their points were given in.
    func oriented() -> Path {
        Path(contours.map { Self.signedArea($0) < 0 ? $0.reversed() : $0 }, rule: rule)
    }

    /// The shoelace area (positive for clockwise on screen, where y points down).
    static func signedArea(_ points: [Point]) -> Float {
        var sum: Float = 0
        for k in points.indices {
            let p = points[k], q = points[(k + 1) % points.count]
            sum += p.x * q.y - q.x * p.y
        }
        return sum / 2
    }

    /// The path with every point mapped by `transform`.
    public func transformed(by transform: Affine) -> Path {
        Path(contours.map { $0.map(transform.apply) }, rule: rule)
    }

    /// The smallest axis-aligned box holding every point: (min, max); nil for an empty path.
    public var bounds: (min: Point, max: Point)? {
        var lo = Point(.infinity, .infinity), hi = Point(-.infinity, -.infinity)
        for contour in contours {
            for p in contour {
                lo = pointwiseMin(lo, p)
                hi = pointwiseMax(hi, p)
            }
        }
        return lo.x <= hi.x ? (lo, hi) : nil
    }
}

/// Builds one contour from lines and Bézier curves (flattened into short segments), for
/// outlines such as garments and shoes.
public struct PathBuilder {
    public private(set) var points: [Point]
    private let curveSegments: Int

    /// A contour starting at `start`; each curve becomes `curveSegments` segments.
    public init(_ start: Point, curveSegments: Int = 8) {
        points = [start]
        self.curveSegments = curveSegments
    }

    /// A contour starting at (x, y).
    public init(_ x: Float, _ y: Float, curveSegments: Int = 8) {
        self.init(Point(x, y), curveSegments: curveSegments)
    }

    /// A straight segment to (x, y).
    public mutating func line(_ x: Float, _ y: Float) { points.append(Point(x, y)) }

    /// A quadratic Bézier through control point (cx, cy) to (x, y).
    public mutating func quad(_ cx: Float, _ cy: Float, _ x: Float, _ y: Float) {
        let p0 = points[points.count - 1], c = Point(cx, cy), p1 = Point(x, y)
        for k in 1...curveSegments {
            let t = Float(k) / Float(curveSegments), u = 1 - t
            points.append(u * u * p0 + 2 * u * t * c + t * t * p1)
        }
    }

    /// A cubic Bézier through control points c1 and c2 to (x, y).
    public mutating func cubic(_ c1x: Float, _ c1y: Float, _ c2x: Float, _ c2y: Float, _ x: Float, _ y: Float) {
        let p0 = points[points.count - 1], c1 = Point(c1x, c1y), c2 = Point(c2x, c2y), p1 = Point(x, y)
        for k in 1...curveSegments {
            let t = Float(k) / Float(curveSegments), u = 1 - t
            points.append(u * u * u * p0 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * p1)
        }
    }

    /// The finished closed contour as a path.
    public var path: Path { Path([points]) }
}
