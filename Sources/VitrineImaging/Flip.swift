extension Image {
    /// Mirrored left–right.
    public func flippedHorizontally() -> Image {
        var result = self
        for row in 0..<(channels * height) {
            result.pixels[(row * width)..<((row + 1) * width)].reverse()
        }
        return result
    }

    /// Mirrored top–bottom.
    public func flippedVertically() -> Image {
        var result = self
        for c in 0..<channels {
            for y in 0..<height {
                let from = (c * height + height - 1 - y) * width, to = (c * height + y) * width
                result.pixels.replaceSubrange(to..<(to + width), with: pixels[from..<(from + width)])
            }
        }
        return result
    }
}
