extension Image {
    /// Paints `color` over every pixel in the rows `ys` and columns `xs` (clipped to the image)
    /// for which `covers(x, y)` holds. Colour composites "source over": with alpha `a` each colour
    /// sample becomes `a · colour + (1 − a) · sample` and an alpha plane becomes
    /// `a + (1 − a) · alpha`, so an opaque colour simply replaces what was there.
    mutating func paint(_ color: Color, ys: Range<Int>, xs: Range<Int>, where covers: (Int, Int) -> Bool = { _, _ in true }) {
        let rows = ys.clamped(to: 0..<height), columns = xs.clamped(to: 0..<width)
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let components = color.components(channels: channels)
        let a = min(1, max(0, color.alpha))
        let hasAlpha = self.hasAlpha, colorChannels = hasAlpha ? channels - 1 : channels
        let (plane, width) = (planeSize, self.width)
        pixels.withUnsafeMutableBufferPointer { p in
            for y in rows {
                for x in columns where covers(x, y) {
                    let at = y * width + x
                    for c in 0..<colorChannels { p[c * plane + at] = a * components[c] + (1 - a) * p[c * plane + at] }
                    if hasAlpha { p[colorChannels * plane + at] = a + (1 - a) * p[colorChannels * plane + at] }
                }
            }
        }
    }

    /// Fills the rectangle with top-left pixel (`x`, `y`) and the given size; the parts outside
    /// the image are skipped, so boxes may hang off the edges.
    public mutating func fillRectangle(x: Int, y: Int, width: Int, height: Int, color: Color) {
        paint(color, ys: span(y, height), xs: span(x, width))
    }

    /// Outlines the rectangle with a line `lineWidth` pixels wide drawn inside its bounds (so a
    /// box drawn at an image's own bounds stays fully visible). Clipped like ``fillRectangle``.
    public mutating func strokeRectangle(x: Int, y: Int, width: Int, height: Int, color: Color, lineWidth: Int = 1) {
        let line = max(1, lineWidth)
        let (rows, columns) = (span(y, height), span(x, width))
        paint(color, ys: rows, xs: columns) { px, py in
            px - columns.lowerBound < line || columns.upperBound - px <= line
                || py - rows.lowerBound < line || rows.upperBound - py <= line
        }
    }

    /// `start ..< start + length` with both limited to ±2^40, far outside any image, so absurd
    /// coordinates (e.g. from a damaged annotation file) cannot overflow; negative lengths are empty.
    private func span(_ start: Int, _ length: Int) -> Range<Int> {
        let limit = 1 << 40
        let first = min(max(start, -limit), limit)
        return first..<(first + min(max(0, length), limit))
    }

    /// A frame `lineWidth` pixels wide just inside the image's edge, e.g. green for a retrieval
    /// hit and red for a miss.
    public mutating func drawBorder(color: Color, lineWidth: Int = 2) {
        strokeRectangle(x: 0, y: 0, width: width, height: height, color: color, lineWidth: lineWidth)
    }
}
