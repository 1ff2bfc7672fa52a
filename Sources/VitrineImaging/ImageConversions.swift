import VitrineEngine

extension Image {
    /// A 3-channel RGB copy: gray is replicated, and alpha is removed by compositing over
    /// `background` (`out = a · colour + (1 − a) · background`), as PIL's alpha_composite
    /// followed by `convert("RGB")` would do.
    public func rgb(background: Color = .white) -> Image {
        let source = channels >= 3 ? [0, 1, 2] : [0, 0, 0]
        return opaque(from: source, background: background.components(channels: 3))
    }

    /// A 1-channel gray copy: RGB becomes ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B, PIL's
    /// `convert("L")` weights), and alpha is composited over `background` first.
    public func gray(background: Color = .white) -> Image {
        if channels <= 2 { return opaque(from: [0], background: [background.luma]) }
        let composited = opaque(from: [0, 1, 2], background: background.components(channels: 3))
        var result = composited.emptyCopy(channels: 1)
        let plane = planeSize
        composited.pixels.withUnsafeBufferPointer { rgb in
            result.pixels.withUnsafeMutableBufferPointer { out in
                let (rgb, out) = (rgb, out)
                Parallel.forEachChunk(plane, cost: 4) { range in
                    for i in range { out[i] = 0.299 * rgb[i] + 0.587 * rgb[plane + i] + 0.114 * rgb[2 * plane + i] }
                }
            }
        }
        return result
    }

    /// The planes `source` (indices into this image's channels) composited over `background`.
    private func opaque(from source: [Int], background: [Float]) -> Image {
        var result = emptyCopy(channels: source.count)
        let plane = planeSize
        let alphaPlane = hasAlpha ? channels - 1 : nil
        pixels.withUnsafeBufferPointer { input in
            result.pixels.withUnsafeMutableBufferPointer { out in
                let (input, out) = (input, out)
                Parallel.forEach(source.count, cost: plane) { c in
                    let from = source[c] * plane, to = c * plane
                    guard let alphaPlane else {
                        for i in 0..<plane { out[to + i] = input[from + i] }
                        return
                    }
                    let back = background[c], a0 = alphaPlane * plane
                    for i in 0..<plane {
                        let a = input[a0 + i]
                        out[to + i] = a * input[from + i] + (1 - a) * back
                    }
                }
            }
        }
        return result
    }

    /// A zero-filled image of this size with `channels` channels (1...4, so it cannot fail).
    func emptyCopy(channels: Int) -> Image {
        Image(unchecked: channels, height: height, width: width)
    }

    /// For sizes already validated: channels in 1...4, non-negative dimensions.
    init(unchecked channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
        self.pixels = [Float](repeating: 0, count: channels * height * width)
    }
}
