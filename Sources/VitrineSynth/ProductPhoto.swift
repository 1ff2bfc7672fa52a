import Foundation
import VitrineEngine

/// One product photo: the design posed (rotation, scale, position, mirror), on a backdrop,
/// with a soft shadow, one light (direction, strength, colour), sometimes something in front
/// of it, and sensor noise. A line drawing of the design comes from the same art.
enum ProductPhoto {
    static func render(_ design: ProductDesign, size: Int, random g: Generator) -> Canvas {
        var canvas = Backdrop.make(width: size, height: size, random: g)
        let jewelry = design.category.domain == .jewelry
        let pose = pose(size: size, turn: jewelry ? 0.7 : (design.category == .sneakers ? 0.3 : 0.22),
                        scale: jewelry ? 0.45 : 0.4, framing: 0.72...1.05, drift: 0.09, random: g)
        var product = Canvas(width: size, height: size)
        ProductArt.draw(design, on: &product, pose: pose)
        if design.category.domain == .apparel && design.category != .sneakers {
            addFolds(to: &product, pose: pose, random: g)
        }
        let lightAngle = g.float(0, 2 * .pi)
        place(product, on: &canvas, lightAngle: lightAngle, shadowLength: g.float(0.015, 0.05), shadowOpacity: g.float(0.25, 0.5))
        if g.chance(0.35) { Occluder.draw(on: &canvas, random: g) }
        let strength = g.float(0.85, 1.12), fall = g.float(0.05, 0.3), warmth = g.float(-0.06, 0.06)
        light(&canvas, angle: lightAngle, strength: strength, fall: fall, tint: RGB(1 + warmth, 1, 1 - warmth))
        canvas.addNoise(sigma: g.float(0.003, 0.015), random: g)
        return canvas
    }

    /// A catalog packshot: the product alone on a white sweep, near upright and centred, as a
    /// jeweller's or a brand's own catalog shows it. A series of them varies only what a
    /// studio varies between takes (a small turn, the framing, the light's side and strength)
    /// and never the backdrop or what stands in front: what differs between two packshots of
    /// different products is the design. What a generative model of the catalog learns from.
    static func packshot(_ design: ProductDesign, size: Int, random g: Generator) -> Canvas {
        var canvas = Canvas(width: size, height: size, background: RGB(hex: 0xF7F7F5).shade(g.float(-0.03, 0.01)))
        let jewelry = design.category.domain == .jewelry
        let pose = pose(size: size, turn: jewelry ? 0.3 : 0.08, scale: jewelry ? 0.45 : 0.4,
                        framing: 0.88...1.0, drift: 0.03, random: g)
        var product = Canvas(width: size, height: size)
        ProductArt.draw(design, on: &product, pose: pose)
        // Key light from above, to the left or right: the shadow falls below.
        let lightAngle = -Float.pi / 2 + g.float(-0.6, 0.6)
        place(product, on: &canvas, lightAngle: lightAngle, shadowLength: g.float(0.015, 0.03), shadowOpacity: g.float(0.15, 0.3))
        let strength = g.float(0.95, 1.05), fall = g.float(0.02, 0.1)
        light(&canvas, angle: lightAngle, strength: strength, fall: fall, tint: .white)
        canvas.addNoise(sigma: 0.003, random: g)
        return canvas
    }

    /// Where the design stands in the frame: mirrored or not, `scale` of the side per unit of
    /// art times a framing factor drawn from `framing`, turned by up to ±`turn` radians, its
    /// centre moved by up to ±`drift` of the side.
    static func pose(size: Int, turn: Float, scale: Float, framing: ClosedRange<Float>, drift: Float,
                     random g: Generator) -> Affine {
        let s = Float(size)
        let mirror: Float = g.chance(0.5) ? -1 : 1
        let framed = s * scale * g.float(framing.lowerBound, framing.upperBound)
        // The draws in this order (mirror, framing, offset, turn) keep every photo as it was rendered before packshots.
        let offset = Point(g.float(-drift, drift), g.float(-drift, drift)) * s
        return Affine.scale(mirror, 1).scaled(framed).rotated(g.float(-turn, turn))
            .translated(s / 2 + offset.x, s / 2 + offset.y)
    }

    /// The product over `canvas` with a soft shadow thrown away from the light at `lightAngle`,
    /// `shadowLength` of the side long.
    static func place(_ product: Canvas, on canvas: inout Canvas, lightAngle: Float, shadowLength: Float, shadowOpacity: Float) {
        let size = canvas.width
        var shadow = Mask(width: size, height: canvas.height)
        let shift = Point(-cos(lightAngle), -sin(lightAngle)) * Float(size) * shadowLength
        shadow.values = shifted(product.alpha, width: size, by: shift)
        shadow.blur(radius: max(1, size / 32))
        canvas.composite(shadow, colour: .black, opacity: shadowOpacity)
        canvas.composite(product)
    }

    /// One light across the frame from the side at `angle`: `strength` on average, falling by
    /// `fall` from the lit side to the other.
    static func light(_ canvas: inout Canvas, angle: Float, strength: Float, fall: Float, tint: RGB) {
        let s = Float(canvas.width)
        let dir = Point(cos(angle), sin(angle)) * s / 2
        canvas.light(start: Point(s / 2, s / 2) + dir, end: Point(s / 2, s / 2) - dir,
                     from: strength + fall / 2, to: strength - fall / 2, tint: tint)
    }

    /// Creases that differ from photo to photo: a few soft dark streaks across the garment.
    static func addFolds(to product: inout Canvas, pose: Affine, random g: Generator) {
        var creases = Mask(width: product.width, height: product.height)
        for _ in 0..<g.int(in: 1...3) {
            let a = Point(g.float(-0.8, 0.8), g.float(-0.8, 0.8))
            let b = a + Point(g.float(-0.5, 0.5), g.float(0.3, 0.9))
            creases.fill(.stroke([a, b], width: g.float(0.04, 0.1)), transform: pose)
        }
        creases.blur(radius: max(1, product.width / 48))
        let depth = g.float(0.12, 0.3)
        let plane = product.width * product.height
        for i in 0..<plane where creases.values[i] > 0 {
            let k = 1 - depth * creases.values[i]
            for c in 0..<3 { product.pixels[c * plane + i] *= k }
        }
    }

    /// A line drawing: the design's edges in dark grey on white, upright and centred.
    static func sketch(_ design: ProductDesign, size: Int) -> Canvas {
        let s = Float(size)
        var product = Canvas(width: size, height: size)
        ProductArt.draw(design, on: &product, pose: Affine.scale(s * 0.38).translated(s / 2, s / 2), flat: true)
        var onWhite = Canvas(width: size, height: size, background: .white)
        onWhite.composite(product)
        let plane = size * size
        var luma = [Float](repeating: 0, count: plane)
        for i in 0..<plane {
            luma[i] = 0.299 * onWhite.pixels[i] + 0.587 * onWhite.pixels[plane + i] + 0.114 * onWhite.pixels[2 * plane + i]
        }
        var out = Canvas(width: size, height: size, background: .white)
        for y in 0..<size {
            for x in 0..<size {
                let i = y * size + x
                var edge: Float = 0
                for (dx, dy) in [(1, 0), (0, 1), (1, 1)] where x + dx < size && y + dy < size {
                    let j = (y + dy) * size + x + dx
                    edge = max(edge, abs(luma[i] - luma[j]) * 1.6, abs(product.alpha[i] - product.alpha[j]))
                }
                let ink = min(1, max(0, (edge - 0.06) * 3))
                for c in 0..<3 { out.pixels[c * plane + i] = 1 - 0.85 * ink }
            }
        }
        return out
    }

    /// `values` moved by `offset` pixels (nearest pixel), zero where nothing moves in.
    static func shifted(_ values: [Float], width: Int, by offset: Point) -> [Float] {
        let height = values.count / width
        let (dx, dy) = (Int(offset.x.rounded()), Int(offset.y.rounded()))
        var out = [Float](repeating: 0, count: values.count)
        for y in 0..<height {
            let sy = y - dy
            guard sy >= 0 && sy < height else { continue }
            for x in 0..<width {
                let sx = x - dx
                if sx >= 0 && sx < width { out[y * width + x] = values[sy * width + sx] }
            }
        }
        return out
    }
}
