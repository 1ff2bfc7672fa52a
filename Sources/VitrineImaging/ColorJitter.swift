import VitrineEngine

/// torchvision's ColorJitter for images in 0...1: brightness, contrast, saturation and hue
/// changed by random amounts, in a random order, all drawn from the generator passed in.
///
/// Factors are drawn uniformly from `[max(0, 1 − x), 1 + x]` for brightness, contrast and
/// saturation, and the hue shift from `[−hue, hue]` (in turns, hue ≤ 0.5). As in torchvision the
/// order of the four adjustments is a random permutation drawn first, then the four amounts;
/// a zero strength skips both its draw and its adjustment. Alpha is left alone; on gray images
/// saturation and hue do nothing.
public struct ColorJitter: Equatable, Sendable {
    public let brightness: Float
    public let contrast: Float
    public let saturation: Float
    public let hue: Float

    public init(brightness: Float = 0, contrast: Float = 0, saturation: Float = 0, hue: Float = 0) throws {
        guard brightness >= 0, contrast >= 0, saturation >= 0 else {
            throw ImagingError.invalidArgument(
                "ColorJitter", "brightness, contrast and saturation must not be negative, got \(brightness), \(contrast), \(saturation)")
        }
        guard (0...0.5).contains(hue) else {
            throw ImagingError.invalidArgument("ColorJitter", "hue must lie in [0, 0.5] (turns of the colour wheel), got \(hue)")
        }
        self.brightness = brightness
        self.contrast = contrast
        self.saturation = saturation
        self.hue = hue
    }

    /// `image` with the adjustments drawn from `generator` applied.
    public func apply(_ image: Image, _ generator: Generator) -> Image {
        var order = [0, 1, 2, 3]
        generator.shuffle(&order)
        func factor(_ strength: Float) -> Float? {
            strength > 0 ? generator.uniform(max(0, 1 - strength), 1 + strength) : nil
        }
        let amounts = [factor(brightness), factor(contrast), factor(saturation), hue > 0 ? generator.uniform(-hue, hue) : nil]
        var result = image
        for step in order {
            guard let amount = amounts[step] else { continue }
            switch step {
            case 0: result = result.adjustingBrightness(amount)
            case 1: result = result.adjustingContrast(amount)
            case 2: result = result.adjustingSaturation(amount)
            default: result = result.adjustingHue(amount)
            }
        }
        return result
    }
}

extension Image {
    /// Colour samples multiplied by `factor`, clamped to 0...1 (torchvision's adjust_brightness).
    public func adjustingBrightness(_ factor: Float) -> Image {
        mappingColor { $0 * factor }
    }

    /// Colour blended with the mean luma of the whole image: `factor · x + (1 − factor) · mean`,
    /// clamped (torchvision's adjust_contrast). Alpha plays no part in the mean.
    public func adjustingContrast(_ factor: Float) -> Image {
        let (plane, color) = (planeSize, channels >= 3)
        let sum = pixels.withUnsafeBufferPointer { p in
            Parallel.sum(plane, cost: 4) { range in
                var partial = 0.0
                for i in range { partial += Double(color ? 0.299 * p[i] + 0.587 * p[plane + i] + 0.114 * p[2 * plane + i] : p[i]) }
                return partial
            }
        }
        let mean = plane == 0 ? 0 : Float(sum / Double(plane))
        return mappingColor { factor * $0 + (1 - factor) * mean }
    }

    /// Colour blended with each pixel's own luma: 0 gives gray, 1 the original, more
    /// over-saturates; clamped (torchvision's adjust_saturation). No effect on gray images.
    public func adjustingSaturation(_ factor: Float) -> Image {
        guard channels >= 3 else { return self }
        return mappingRGB { r, g, b in
            let luma = 0.299 * r + 0.587 * g + 0.114 * b
            func blend(_ x: Float) -> Float { min(1, max(0, factor * x + (1 - factor) * luma)) }
            return (blend(r), blend(g), blend(b))
        }
    }

    /// Hue rotated by `shift` turns through HSV (torchvision's adjust_hue): 1/3 takes red to
    /// green. No effect on gray images.
    public func adjustingHue(_ shift: Float) -> Image {
        guard channels >= 3 else { return self }
        return mappingRGB { r, g, b in
            let high = max(r, g, b), low = min(r, g, b), range = high - low
            guard range > 0 else { return (r, g, b) }  // gray pixels have no hue
            var h: Float
            if high == r { h = (g - b) / range } else if high == g { h = 2 + (b - r) / range } else { h = 4 + (r - g) / range }
            h = h / 6 + shift
            h -= h.rounded(.down)
            guard h.isFinite else { return (r, g, b) }  // a NaN shift or sample changes nothing
            let sector = h * 6, whole = min(5, Int(sector)), f = sector - Float(whole)
            let (v, s) = (high, range / high)
            let (p, q, t) = (v * (1 - s), v * (1 - s * f), v * (1 - s * (1 - f)))
            switch whole {
            case 0: return (v, t, p)
            case 1: return (q, v, p)
            case 2: return (p, v, t)
            case 3: return (p, q, v)
            case 4: return (t, p, v)
            default: return (v, p, q)
            }
        }
    }

    /// `transform` applied to every pixel's (R, G, B), in parallel over pixel ranges.
    private func mappingRGB(_ transform: (Float, Float, Float) -> (Float, Float, Float)) -> Image {
        var result = self
        let plane = planeSize
        result.pixels.withUnsafeMutableBufferPointer { p in
            let p = p
            Parallel.forEachChunk(plane, cost: 24) { range in
                for i in range { (p[i], p[plane + i], p[2 * plane + i]) = transform(p[i], p[plane + i], p[2 * plane + i]) }
            }
        }
        return result
    }

    /// `transform` applied to every colour sample (not alpha), clamped to 0...1.
    private func mappingColor(_ transform: (Float) -> Float) -> Image {
        var result = self
        let colorSamples = (hasAlpha ? channels - 1 : channels) * planeSize
        result.pixels.withUnsafeMutableBufferPointer { p in
            let p = p
            Parallel.forEachChunk(colorSamples, cost: 2) { range in
                for i in range { p[i] = min(1, max(0, transform(p[i]))) }
            }
        }
        return result
    }
}
