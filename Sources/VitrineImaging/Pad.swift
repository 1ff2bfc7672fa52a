import VitrineEngine

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
        // Each padding is bounded first, so the sums below cannot overflow.
        guard [top, bottom, left, right].allSatisfy({ $0 <= PNG.maximumPixels }),
              PNG.withinLimit(width: width + left + right, height: height + top + bottom) else {
            throw ImagingError.invalidArgument(
                "pad", "padding \(top), \(bottom), \(left), \(right) around \(height)×\(width) exceeds \(PNG.maximumPixels) pixels")
        }
        let (newHeight, newWidth) = (height + top + bottom, width + left + right)
        var result = Image(unchecked: channels, height: newHeight, width: newWidth)
        let fill: [Float]? = { if case .constant(let color) = mode { return color.components(channels: channels) }; return nil }()
        let (height, width) = (self.height, self.width)
        if result.pixels.isEmpty { return result }
        pixels.withUnsafeBufferPointer { source in
            result.pixels.withUnsafeMutableBufferPointer { target in
                let (source, target) = (source, target)
                Parallel.forEach(channels * newHeight, cost: newWidth) { row in
                    let (c, y) = row.quotientAndRemainder(dividingBy: newHeight)
                    let out = target.baseAddress! + row * newWidth
                    let inside = y >= top && y < top + height && width > 0
                    if let fill, !inside {
                        out.update(repeating: fill[c], count: newWidth)
                        return
                    }
                    let input = source.baseAddress! + (c * height + min(max(y - top, 0), height - 1)) * width
                    out.update(repeating: fill?[c] ?? input[0], count: left)
                    (out + left).update(from: input, count: width)
                    (out + left + width).update(repeating: fill?[c] ?? input[width - 1], count: right)
                }
            }
        }
        return result
    }
}
