extension Image {
    /// Draws `text` in the built-in 5 × 7 font with its top-left corner at (`x`, `y`), each
    /// font pixel a `scale × scale` block; "\n" starts a new line. Clipped to the image.
    public mutating func drawText(_ text: String, x: Int, y: Int, color: Color, scale: Int = 1) {
        // Limits far beyond any image keep the pen arithmetic from overflowing.
        let scale = min(max(1, scale), 1 << 10), limit = 1 << 40
        var (penX, penY) = (min(max(x, -limit), limit), min(max(y, -limit), limit))
        let lineStart = penX
        for character in text {
            if character == "\n" {
                (penX, penY) = (lineStart, penY + BitmapFont.lineHeight * scale)
                continue
            }
            let (left, top) = (penX, penY)
            let xs = left..<(left + BitmapFont.glyphWidth * scale), ys = top..<(top + BitmapFont.glyphHeight * scale)
            paint(color, ys: ys, xs: xs) { px, py in
                BitmapFont.isSet(character, column: (px - left) / scale, row: (py - top) / scale)
            }
            penX += BitmapFont.advance * scale
        }
    }

    /// The width and height in pixels that ``drawText(_:x:y:color:scale:)`` covers for `text`.
    public static func textSize(_ text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let scale = max(1, scale)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let longest = lines.map(\.count).max() ?? 0
        let width = longest == 0 ? 0 : (longest * BitmapFont.advance - 1) * scale
        return (width, (lines.count * BitmapFont.lineHeight - 1) * scale)
    }
}
