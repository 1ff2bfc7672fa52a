/// A linear-ish RGB colour with components in 0...1 (the values written to PNG as they are).
public struct RGB: Equatable, Sendable {
    public var r: Float, g: Float, b: Float

    /// A colour from its components.
    public init(_ r: Float, _ g: Float, _ b: Float) { (self.r, self.g, self.b) = (r, g, b) }

    /// From 0xRRGGBB.
    public init(hex: UInt32) {
        self.init(Float((hex >> 16) & 0xFF) / 255, Float((hex >> 8) & 0xFF) / 255, Float(hex & 0xFF) / 255)
    }

    public static let white = RGB(1, 1, 1)
    public static let black = RGB(0, 0, 0)

    /// `self` moved towards `other` by `t`.
    @inline(__always)
    public func mixed(with other: RGB, _ t: Float) -> RGB {
        RGB(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t)
    }

    /// Every component multiplied by `k` (lighting), clamped to 0...1.
    @inline(__always)
    public func scaled(_ k: Float) -> RGB {
        RGB(min(1, max(0, r * k)), min(1, max(0, g * k)), min(1, max(0, b * k)))
    }

    /// Lighter (t > 0, towards white) or darker (t < 0, towards black).
    public func shade(_ t: Float) -> RGB { t >= 0 ? mixed(with: .white, t) : mixed(with: .black, -t) }

    /// Rec. 601 luma.
    public var luma: Float { 0.299 * r + 0.587 * g + 0.114 * b }
}
