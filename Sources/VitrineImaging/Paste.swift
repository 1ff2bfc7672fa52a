extension Image {
    /// Copies `image` into this one with its top-left pixel at (`x`, `y`), clipped to the
    /// bounds. Both must have the same channel count (convert first with ``rgb(background:)``
    /// or ``gray(background:)``); samples are replaced, not blended.
    public mutating func paste(_ image: Image, x: Int, y: Int) throws {
        guard image.channels == channels else {
            throw ImagingError.invalidArgument(
                "paste", "cannot paste a \(image.channels)-channel image into a \(channels)-channel one; convert it first")
        }
        let limit = 1 << 40
        let (x, y) = (min(max(x, -limit), limit), min(max(y, -limit), limit))
        let columns = (x..<(x + image.width)).clamped(to: 0..<width)
        let rows = (y..<(y + image.height)).clamped(to: 0..<height)
        guard !columns.isEmpty else { return }
        for c in 0..<channels {
            for row in rows {
                let to = (c * height + row) * width + columns.lowerBound
                let from = (c * image.height + row - y) * image.width + columns.lowerBound - x
                pixels.replaceSubrange(to..<(to + columns.count), with: image.pixels[from..<(from + columns.count)])
            }
        }
    }
}
