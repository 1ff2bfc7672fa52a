import Foundation

/// A canvas plus the pose that maps a product's own units (about -1...1) to pixels, and the
/// render style. Product art draws through it so photos and line drawings share one design.
struct Drawing {
    var canvas: Canvas
    var pose: Affine
    /// Flat colours without sheen or shading, for line drawings: edges then come only from
    /// the design, not from the light.
    let flat: Bool

    init(canvas: Canvas, pose: Affine, flat: Bool = false) {
        self.canvas = canvas
        self.pose = pose
        self.flat = flat
    }

    mutating func fill(_ path: Path, _ paint: Paint, opacity: Float = 1) {
        canvas.fill(path, flat ? Self.flattened(paint) : paint, transform: pose, opacity: opacity)
    }

    mutating func fill(_ path: Path, _ colour: RGB, opacity: Float = 1) {
        canvas.fill(path, .solid(colour), transform: pose, opacity: opacity)
    }

    /// A polyline drawn with a round pen.
    mutating func stroke(_ points: [Point], width: Float, _ colour: RGB, closed: Bool = false) {
        fill(.stroke(points, width: width, closed: closed), colour)
    }

    /// `path` in polished metal: a diagonal sheen across its bounds, optionally engraved.
    mutating func metal(_ path: Path, _ metal: Metal, engraving: Int = 0, sheenAngle: Float = 0.6) {
        guard let bounds = path.bounds else { return }
        let centre = (bounds.min + bounds.max) / 2
        let half = max(bounds.max.x - bounds.min.x, bounds.max.y - bounds.min.y) / 2
        let direction = Point(cos(sheenAngle), sin(sheenAngle)) * half
        let sheen = Paint.linear(start: centre - direction, end: centre + direction, stops: [
            GradientStop(0, metal.shadow), GradientStop(0.35, metal.body), GradientStop(0.5, metal.highlight),
            GradientStop(0.65, metal.body), GradientStop(1, metal.shadow.mixed(with: metal.body, 0.4)),
        ])
        fill(path, sheen)
        if engraving > 0 {
            let kinds: [Pattern.Kind] = [.stripes, .zebra, .print]
            let pattern = Pattern(kind: kinds[(engraving - 1) % 3], period: 0.09, angle: 1.2, duty: 0.35)
            fill(path, .pattern(pattern, foreground: metal.shadow, background: metal.body), opacity: flat ? 1 : 0.55)
        }
    }

    /// A cut stone in a metal setting, centred on `centre`, `size` across.
    mutating func stone(_ cut: StoneCut, _ colour: StoneColour, at centre: Point, size: Float, metal: Metal,
                        rotation: Float = 0) {
        let place = Affine.rotation(rotation).translated(centre.x, centre.y)
        let outline = Self.stoneOutline(cut, size: size)
        self.metal(outline.transformed(by: Affine.scale(1.22).then(place)), metal)
        let c = colour.rgb
        let body = outline.transformed(by: place)
        let h = size / 2
        fill(body, .linear(start: centre - Point(h, h), end: centre + Point(h, h), stops: [
            GradientStop(0, c.shade(0.35)), GradientStop(0.5, c), GradientStop(1, c.shade(-0.45)),
        ]))
        if colour != .pearl {
            fill(outline.transformed(by: Affine.scale(0.55).then(place)), c.shade(flat ? -0.3 : 0.2))
        }
        if !flat {
            fill(.circle(centre.x - size * 0.17, centre.y - size * 0.17, size * 0.09, segments: 8), .white, opacity: 0.85)
        }
    }

    /// The outline of a stone of `cut`, `size` tall, centred on the origin.
    static func stoneOutline(_ cut: StoneCut, size s: Float) -> Path {
        let h = s / 2
        switch cut {
        case .round:
            return .circle(0, 0, h, segments: 14)
        case .princess:
            return .rect(-h * 0.85, -h * 0.85, s * 0.85, s * 0.85)
        case .emerald:
            let w = h * 0.7, c = h * 0.25
            return .polygon([Point(-w + c, -h), Point(w - c, -h), Point(w, -h + c), Point(w, h - c),
                             Point(w - c, h), Point(-w + c, h), Point(-w, h - c), Point(-w, -h + c)])
        case .oval:
            return .ellipse(0, 0, h * 0.72, h, segments: 14)
        case .marquise:
            var b = PathBuilder(0, -h, curveSegments: 6)
            b.quad(h * 0.9, 0, 0, h)
            b.quad(-h * 0.9, 0, 0, -h)
            return b.path
        case .pear:
            var b = PathBuilder(0, -h, curveSegments: 6)
            b.cubic(h * 0.4, -h * 0.2, h * 0.85, h * 0.3, 0, h)
            b.cubic(-h * 0.85, h * 0.3, -h * 0.4, -h * 0.2, 0, -h)
            return b.path
        }
    }

    /// Sheen and shading become their middle colour.
    static func flattened(_ paint: Paint) -> Paint {
        switch paint {
        case .solid, .pattern: return paint
        case let .linear(_, _, stops): return .solid(Paint.sample(stops, at: 0.4))
        case let .shaded(inner, _, _, _, _): return flattened(inner)
        }
    }
}
