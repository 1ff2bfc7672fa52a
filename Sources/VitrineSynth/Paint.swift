import Foundation

/// One stop of a colour gradient.
public struct GradientStop: Equatable, Sendable {
    public var offset: Float
    public var colour: RGB

    /// `colour` at `offset` (0...1) along the gradient.
    public init(_ offset: Float, _ colour: RGB) {
        self.offset = offset
        self.colour = colour
    }
}

/// What fills a shape, evaluated per pixel in the shape's own units.
public indirect enum Paint: Sendable {
    /// One colour.
    case solid(RGB)
    /// A linear gradient from `start` (offset 0) to `end` (offset 1): metal sheen, backdrops.
    case linear(start: Point, end: Point, stops: [GradientStop])
    /// A two-colour pattern (`foreground` over `background`).
    case pattern(Pattern, foreground: RGB, background: RGB)
    /// Another paint multiplied by a brightness that runs linearly from `from` at `start` to
    /// `to` at `end`: folds and curvature lit from one side.
    case shaded(Paint, start: Point, end: Point, from: Float, to: Float)

    /// The colour at local point `p`; `footprint` is one pixel's size in local units.
    @inline(__always)
    public func colour(at p: Point, footprint: Float) -> RGB {
        switch self {
        case let .solid(c):
            return c
        case let .linear(start, end, stops):
            return Self.sample(stops, at: Self.parameter(p, start, end))
        case let .pattern(pattern, foreground, background):
            return background.mixed(with: foreground, pattern.foreground(at: p, footprint: footprint))
        case let .shaded(inner, start, end, from, to):
            let t = Self.parameter(p, start, end)
            return inner.colour(at: p, footprint: footprint).scaled(from + (to - from) * t)
        }
    }

    /// Where `p` projects on the segment start→end, clamped to 0...1.
    @inline(__always)
    static func parameter(_ p: Point, _ start: Point, _ end: Point) -> Float {
        let d = end - start
        let length2 = (d * d).sum()
        guard length2 > 0 else { return 0 }
        return min(1, max(0, ((p - start) * d).sum() / length2))
    }

    @inline(__always)
    static func sample(_ stops: [GradientStop], at t: Float) -> RGB {
        guard let first = stops.first else { return .black }
        if t <= first.offset { return first.colour }
        for k in 1..<max(stops.count, 1) where t <= stops[k].offset {
            let a = stops[k - 1], b = stops[k]
            let span = b.offset - a.offset
            return a.colour.mixed(with: b.colour, span > 0 ? (t - a.offset) / span : 1)
        }
        return stops[stops.count - 1].colour
    }
}
