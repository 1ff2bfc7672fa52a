import Foundation
import VitrineEngine

/// A float RGBA raster, channel-planar (CHW) like the engine's image tensors, values in 0...1.
/// Shapes are composited "over" with their anti-aliased coverage; alpha records how much of
/// each pixel the drawing covers (a transparent canvas can be composited onto another).
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    /// R, G, B planes, each `height * width`, row-major.
    public var pixels: [Float]
    /// Coverage of everything drawn so far.
    public var alpha: [Float]

    /// A canvas filled with `background` (alpha 1), or transparent black when nil.
    public init(width: Int, height: Int, background: RGB? = nil) {
        self.width = width
        self.height = height
        let plane = width * height
        pixels = [Float](repeating: 0, count: 3 * plane)
        alpha = [Float](repeating: background == nil ? 0 : 1, count: plane)
        if let c = background {
            for i in 0..<plane {
                pixels[i] = c.r
                pixels[plane + i] = c.g
                pixels[2 * plane + i] = c.b
            }
        }
    }

    /// The colour at (x, y).
    public func colour(x: Int, y: Int) -> RGB {
        let plane = width * height, i = y * width + x
        return RGB(pixels[i], pixels[plane + i], pixels[2 * plane + i])
    }

    /// Fills `path` posed by `transform` (shape units to pixels) with `paint`.
    public mutating func fill(_ path: Path, _ paint: Paint, transform: Affine = .identity, opacity: Float = 1) {
        let toLocal = transform.inverse
        let footprint = 1 / max(transform.linearScale, 1e-6)
        let plane = width * height
        let w = width
        pixels.withUnsafeMutableBufferPointer { px in
            alpha.withUnsafeMutableBufferPointer { al in
                Rasterizer.coverage(of: path.transformed(by: transform), width: width, height: height) { y, x0, cov in
                    for k in cov.indices {
                        let a = min(cov[k], 1) * opacity
                        if a <= 0 { continue }
                        let x = x0 + k
                        let local = toLocal.apply(Point(Float(x) + 0.5, Float(y) + 0.5))
                        let c = paint.colour(at: local, footprint: footprint)
                        let i = y * w + x
                        px[i] += (c.r - px[i]) * a
                        px[plane + i] += (c.g - px[plane + i]) * a
                        px[2 * plane + i] += (c.b - px[2 * plane + i]) * a
                        al[i] += (1 - al[i]) * a
                    }
                }
            }
        }
    }

    /// Fills `path` with one colour.
    public mutating func fill(_ path: Path, _ colour: RGB, transform: Affine = .identity, opacity: Float = 1) {
        fill(path, .solid(colour), transform: transform, opacity: opacity)
    }

    /// Composites `colour` through a coverage mask (soft shadows, glows).
    public mutating func composite(_ mask: Mask, colour: RGB, opacity: Float = 1) {
        let plane = width * height
        for i in 0..<plane {
            let a = min(mask.values[i], 1) * opacity
            if a <= 0 { continue }
            pixels[i] += (colour.r - pixels[i]) * a
            pixels[plane + i] += (colour.g - pixels[plane + i]) * a
            pixels[2 * plane + i] += (colour.b - pixels[2 * plane + i]) * a
            alpha[i] += (1 - alpha[i]) * a
        }
    }

    /// Composites another canvas of the same size over this one by its alpha.
    public mutating func composite(_ top: Canvas) {
        let plane = width * height
        for i in 0..<plane {
            let a = top.alpha[i]
            if a <= 0 { continue }
            for c in 0..<3 { pixels[c * plane + i] += (top.pixels[c * plane + i] - pixels[c * plane + i]) * a }
            alpha[i] += (1 - alpha[i]) * a
        }
    }

    /// Multiplies every pixel by a brightness running linearly across the image from `from`
    /// at `start` to `to` at `end`, and by a colour tint: the light of one photo.
    public mutating func light(start: Point, end: Point, from: Float, to: Float, tint: RGB = .white) {
        let plane = width * height
        let tints = [tint.r, tint.g, tint.b]
        for y in 0..<height {
            for x in 0..<width {
                let t = Paint.parameter(Point(Float(x) + 0.5, Float(y) + 0.5), start, end)
                let k = from + (to - from) * t
                let i = y * width + x
                for c in 0..<3 { pixels[c * plane + i] = min(1, max(0, pixels[c * plane + i] * k * tints[c])) }
            }
        }
    }

    /// Adds seeded sensor noise of standard deviation `sigma`: triangular (the difference of
    /// two uniforms), four 16-bit uniforms per random word, cheap enough for every pixel.
    public mutating func addNoise(sigma: Float, random: Generator) {
        let scale = sigma * Float(6).squareRoot() / 65536
        var i = 0
        while i < pixels.count {
            let word = random.next()
            for k in 0..<2 where i + k < pixels.count {
                let a = Float((word >> (32 * UInt64(k))) & 0xFFFF), b = Float((word >> (32 * UInt64(k) + 16)) & 0xFFFF)
                pixels[i + k] = min(1, max(0, pixels[i + k] + (a - b) * scale))
            }
            i += 2
        }
    }
}
