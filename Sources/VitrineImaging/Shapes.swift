extension Image {
    /// Fills the pixels whose centres lie within `radius` of (`centerX`, `centerY`), in pixel
    /// units where pixel (x, y) has its centre at (x + 0.5, y + 0.5).
    public mutating func fillCircle(centerX: Double, centerY: Double, radius: Double, color: Color) {
        paintRing(centerX: centerX, centerY: centerY, inner: -1, outer: radius, color: color)
    }

    /// Outlines a circle: the pixels whose centres lie within `lineWidth / 2` of its circumference.
    public mutating func strokeCircle(centerX: Double, centerY: Double, radius: Double, color: Color, lineWidth: Double = 1) {
        let half = max(0.5, lineWidth / 2)
        paintRing(centerX: centerX, centerY: centerY, inner: radius - half, outer: radius + half, color: color)
    }

    /// A dot marking a keypoint or landmark at pixel (`x`, `y`); `radius` 0 sets that pixel only.
    public mutating func drawPoint(x: Int, y: Int, radius: Double = 1.5, color: Color) {
        fillCircle(centerX: Double(x) + 0.5, centerY: Double(y) + 0.5, radius: max(0.5, radius), color: color)
    }

    /// A segment between two points (pixel-centre coordinates as for circles): the pixels whose
    /// centres lie within `lineWidth / 2` (at least half a pixel, so thin lines stay connected).
    public mutating func drawLine(fromX x0: Double, fromY y0: Double, toX x1: Double, toY y1: Double,
                                  color: Color, lineWidth: Double = 1) {
        guard [x0, y0, x1, y1, lineWidth].allSatisfy(\.isFinite) else { return }
        let half = max(0.5, lineWidth / 2)
        let (dx, dy) = (x1 - x0, y1 - y0)
        let lengthSquared = dx * dx + dy * dy
        let ys = boundedRange(min(y0, y1) - half, max(y0, y1) + half, limit: height)
        let xs = boundedRange(min(x0, x1) - half, max(x0, x1) + half, limit: width)
        paint(color, ys: ys, xs: xs) { x, y in
            let (px, py) = (Double(x) + 0.5 - x0, Double(y) + 0.5 - y0)
            let t = lengthSquared > 0 ? min(1, max(0, (px * dx + py * dy) / lengthSquared)) : 0
            let (ex, ey) = (px - t * dx, py - t * dy)
            return ex * ex + ey * ey <= half * half
        }
    }

    private mutating func paintRing(centerX: Double, centerY: Double, inner: Double, outer: Double, color: Color) {
        guard [centerX, centerY, inner, outer].allSatisfy(\.isFinite), outer > 0 else { return }
        let ys = boundedRange(centerY - outer, centerY + outer, limit: height)
        let xs = boundedRange(centerX - outer, centerX + outer, limit: width)
        let (innerSquared, outerSquared) = (inner > 0 ? inner * inner : -1, outer * outer)
        paint(color, ys: ys, xs: xs) { x, y in
            let (dx, dy) = (Double(x) + 0.5 - centerX, Double(y) + 0.5 - centerY)
            let d = dx * dx + dy * dy
            return d <= outerSquared && d >= innerSquared
        }
    }

    /// The pixel indices whose centres may lie in [low, high], clipped to 0..<limit (safe for
    /// coordinates far outside the image).
    private func boundedRange(_ low: Double, _ high: Double, limit: Int) -> Range<Int> {
        let first = max(0, min(Double(limit), (low - 0.5).rounded(.down)))
        let last = max(0, min(Double(limit), (high + 0.5).rounded(.up)))
        return Int(first)..<max(Int(first), Int(last))
    }
}
