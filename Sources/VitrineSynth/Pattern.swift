import Foundation

/// A two-colour surface pattern, evaluated in the shape's own units so it follows the shape's
/// pose. Edges are anti-aliased analytically from the pixel footprint.
public struct Pattern: Equatable, Sendable {
    /// The pattern families of the catalog.
    public enum Kind: String, CaseIterable, Sendable {
        case plain, stripes, zebra, rhombus, checks, print
    }

    public var kind: Kind
    /// Repeat length in shape units.
    public var period: Float
    /// Direction of the repeat (radians).
    public var angle: Float {
        didSet { direction = Point(cos(angle), sin(angle)) }
    }
    /// (cos, sin) of the angle, kept so per-pixel evaluation needs no trigonometry.
    private var direction: Point
    /// Fraction of each repeat in the foreground colour (stripe width, dot size).
    public var duty: Float
    /// Shifts the pattern; two designs with the same kind and period still differ.
    public var phase: Float

    /// A pattern of `kind` repeating every `period` units along `angle`.
    public init(kind: Kind, period: Float = 1, angle: Float = 0, duty: Float = 0.5, phase: Float = 0) {
        self.kind = kind
        self.period = period
        self.angle = angle
        direction = Point(cos(angle), sin(angle))
        self.duty = duty
        self.phase = phase
    }

    public static let plain = Pattern(kind: .plain)

    /// How much of the foreground colour covers local point `p` (0...1); `footprint` is one
    /// pixel's size in local units.
    @inline(__always)
    public func foreground(at p: Point, footprint: Float) -> Float {
        if kind == .plain { return 0 }
        let (c, s) = (direction.x, direction.y)
        let u = (c * p.x + s * p.y) / period + phase
        let v = (-s * p.x + c * p.y) / period
        let aa = max(footprint / period, 1e-4)
        switch kind {
        case .plain:
            return 0
        case .stripes:
            return Self.band(u, duty: duty, aa: aa)
        case .zebra:
            // Stripes bent by two incommensurate waves: organic, but still a period to learn.
            let bent = u + 0.35 * sin(v * 2.1 + phase * 5) + 0.18 * sin(v * 4.7 + u * 1.3)
            return Self.band(bent, duty: duty * (0.8 + 0.4 * (0.5 + 0.5 * sin(v * 1.7 + phase))), aa: aa * 1.3)
        case .rhombus:
            // Argyle: a checkerboard of diamonds with thin lines over it.
            let du = u + v, dv = u - v
            let parity: Float = (Int(floor(du)) + Int(floor(dv))) & 1 == 0 ? 1 : 0
            let edge = min(Self.distanceToInteger(du), Self.distanceToInteger(dv))
            let diamonds = 0.5 + (parity - 0.5) * min(1, 2 * edge / aa)
            let offset = min(Self.distanceToInteger(du + 0.5), Self.distanceToInteger(dv + 0.5))
            let line = Self.smooth((0.05 - offset) / aa)
            return diamonds * (1 - line) + 0.5 * line
        case .checks:
            // Gingham: where two bands cross the colour is full, a single band half.
            let a = Self.band(u, duty: duty, aa: aa), b = Self.band(v + phase, duty: duty, aa: aa)
            return 0.5 * a + 0.5 * b
        case .print:
            // Polka dots on a staggered grid.
            let row = floor(v)
            let shifted = u + (Int(row) & 1 == 0 ? 0 : 0.5)
            let dx = shifted - floor(shifted) - 0.5, dy = v - row - 0.5
            let distance = (dx * dx + dy * dy).squareRoot()
            return Self.smooth((duty * 0.5 - distance) / aa)
        }
    }

    /// Coverage of the interval [0, duty) of each unit repeat at `u`, with edges smoothed over `aa`.
    @inline(__always)
    static func band(_ u: Float, duty: Float, aa: Float) -> Float {
        let f = u - floor(u)
        let signed = f < duty ? min(f, duty - f) : -min(f - duty, 1 - f)
        return smooth(signed / aa)
    }

    @inline(__always)
    static func distanceToInteger(_ x: Float) -> Float { abs(x - (x).rounded()) }

    /// Signed distance in pixels to coverage.
    @inline(__always)
    static func smooth(_ d: Float) -> Float { min(1, max(0, 0.5 + d)) }
}
