import Foundation

/// A 2-D point or vector in pixels or in a shape's own units.
public typealias Point = SIMD2<Float>

/// A 2-D affine map `p' = [a c; b d] p + (tx, ty)`: how a shape drawn in its own units is
/// posed in the image (rotation, scale, translation, shear).
public struct Affine: Equatable, Sendable {
    public var a: Float, b: Float, c: Float, d: Float, tx: Float, ty: Float

    /// The map with matrix [a c; b d] and offset (tx, ty).
    public init(a: Float, b: Float, c: Float, d: Float, tx: Float, ty: Float) {
        (self.a, self.b, self.c, self.d, self.tx, self.ty) = (a, b, c, d, tx, ty)
    }

    public static let identity = Affine(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)

    /// A shift by (x, y).
    public static func translation(_ x: Float, _ y: Float) -> Affine {
        Affine(a: 1, b: 0, c: 0, d: 1, tx: x, ty: y)
    }

    /// A scaling about the origin.
    public static func scale(_ sx: Float, _ sy: Float? = nil) -> Affine {
        Affine(a: sx, b: 0, c: 0, d: sy ?? sx, tx: 0, ty: 0)
    }

    /// A rotation about the origin by `radians` (clockwise on screen, where y points down).
    public static func rotation(_ radians: Float) -> Affine {
        let (s, co) = (sin(radians), cos(radians))
        return Affine(a: co, b: s, c: -s, d: co, tx: 0, ty: 0)
    }

    /// This map followed by `next`.
    public func then(_ next: Affine) -> Affine {
        Affine(a: next.a * a + next.c * b, b: next.b * a + next.d * b,
               c: next.a * c + next.c * d, d: next.b * c + next.d * d,
               tx: next.a * tx + next.c * ty + next.tx, ty: next.b * tx + next.d * ty + next.ty)
    }

    /// Shorthands for composing a pose step by step.
    public func translated(_ x: Float, _ y: Float) -> Affine { then(.translation(x, y)) }
    /// This map followed by a scaling.
    public func scaled(_ sx: Float, _ sy: Float? = nil) -> Affine { then(.scale(sx, sy)) }
    /// This map followed by a rotation.
    public func rotated(_ radians: Float) -> Affine { then(.rotation(radians)) }

    @inline(__always)
    /// The image of `p`.
    public func apply(_ p: Point) -> Point {
        Point(a * p.x + c * p.y + tx, b * p.x + d * p.y + ty)
    }

    /// The inverse map; a degenerate map (zero area) inverts to the identity, which only
    /// matters for shapes that cover no pixels anyway.
    public var inverse: Affine {
        let det = a * d - b * c
        guard abs(det) > 1e-12 else { return .identity }
        let ia = d / det, ib = -b / det, ic = -c / det, id = a / det
        return Affine(a: ia, b: ib, c: ic, d: id, tx: -(ia * tx + ic * ty), ty: -(ib * tx + id * ty))
    }

    /// The average linear scale factor: how many pixels one unit spans.
    public var linearScale: Float { abs(a * d - b * c).squareRoot() }
}
