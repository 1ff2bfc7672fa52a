extension Image {
    /// The `height × width` window whose top-left pixel is (`top`, `left`); it must lie inside
    /// the image (use ``padded(top:bottom:left:right:mode:)`` first to crop beyond the edges).
    public func cropped(top: Int, left: Int, height newHeight: Int, width newWidth: Int) throws -> Image {
        guard top >= 0, left >= 0, newHeight > 0, newWidth > 0, newHeight <= height - top, newWidth <= width - left else {
            throw ImagingError.invalidArgument(
                "crop", "window \(newHeight)×\(newWidth) at (top \(top), left \(left)) must lie inside the \(height)×\(width) image")
        }
        var result = Image(unchecked: channels, height: newHeight, width: newWidth)
        for c in 0..<channels {
            for y in 0..<newHeight {
                let from = (c * height + top + y) * width + left, to = (c * newHeight + y) * newWidth
                result.pixels.replaceSubrange(to..<(to + newWidth), with: pixels[from..<(from + newWidth)])
            }
        }
        return result
    }

    /// The central `height × width` window (offsets rounded down, as torchvision's CenterCrop
    /// rounds them); the window must fit inside the image.
    public func centerCropped(height newHeight: Int, width newWidth: Int) throws -> Image {
        try cropped(top: (height - newHeight) / 2, left: (width - newWidth) / 2, height: newHeight, width: newWidth)
    }
}
