/// How ``Image/padded(top:bottom:left:right:mode:)`` fills the new border.
public enum PadMode: Equatable, Sendable {
    /// A constant colour (mapped onto the image's channels by ``Color/components(channels:)``).
    case constant(Color)
    /// The nearest edge pixel repeated (numpy's and PyTorch's "edge"/"replicate").
    case edge
}

extension Image {
    /// This image with `top`, `bottom`, `left` and `right` pixels added around it.
    public func padded(top: Int, bottom: Int, left: Int, right: Int, mode: PadMode = .constant(.black)) throws -> Image {
        guard top >= 0, bottom >= 0, left >= 0, right >= 0 else {
            throw ImagingError.invalidArgument(
                "pad", "padding must not be negative, got top \(top), bottom \(bottom), left \(left), right \(right)")
        }
        if case .edge = mode, height == 0 || width == 0 {
            throw ImagingError.invalidArgument("pad", "edge padding needs a non-empty image, got \(height)×\(width)")
        }
        let (newHeight, newWidth) = (height + top + bottom, width + left + right)
        var result = Image(unchecked: channels, height: newHeight, width: newWidth)
        let fill: [Float]? = { if case .constant(let color) = mode { return color.components(channels: channels) }; return nil }()
        for c in 0..<channels {
            for y in 0..<newHeight {
                let sourceY = min(max(y - top, 0), height - 1)
                let insideY = y >= top && y < top + height
                for x in 0..<newWidth {
                    let insideX = x >= left && x < left + width
                    let at = (c * newHeight + y) * newWidth + x
                    if let fill, !(insideX && insideY) {
                        result.pixels[at] = fill[c]
                    } else {
                        result.pixels[at] = self[c, sourceY, min(max(x - left, 0), width - 1)]
                    }
                }
            }
        }
        return result
    }
}
