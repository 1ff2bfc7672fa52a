import Foundation
import VitrineEngine

/// One product photo: the design posed (rotation, scale, position, mirror), on a backdrop,
/// with a soft shadow, one light (direction, strength, colour), sometimes something in front
/// of it, and sensor noise. A line drawing of the design comes from the same art.
enum ProductPhoto {
    static func render(_ design: ProductDesign, size: Int, random g: Generator) -> Canvas {
        let s = Float(size)
        var canvas = Backdrop.make(width: size, height: size, random: g)
        let jewelry = design.category.domain == .jewelry
        let turn: Float = jewelry ? 0.7 : (design.category == .sneakers ? 0.3 : 0.22)
        let mirror: Float = g.chance(0.5) ? -1 : 1
        let scale = s * (jewelry ? 0.45 : 0.4) * g.float(0.72, 1.05)
        let offset = Point(g.float(-0.09, 0.09), g.float(-0.09, 0.09)) * s
        let pose = Affine.scale(mirror, 1).scaled(scale).rotated(g.float(-turn, turn))
            .translated(s / 2 + offset.x, s / 2 + offset.y)
        var product = Canvas(width: size, height: size)
        ProductArt.draw(design, on: &product, pose: pose)
        if design.category.domain == .apparel && design.category != .sneakers {
            addFolds(to: &product, pose: pose, random: g)
        }
        // Soft shadow thrown away from the light.
        let lightAngle = g.float(0, 2 * .pi)
        var shadow = Mask(width: size, height: size)
        let shift = Point(-cos(lightAngle), -sin(lightAngle)) * s * g.float(0.015, 0.05)
        shadow.values = shifted(product.alpha, width: size, by: shift)
        shadow.blur(radius: max(1, size / 32))
        canvas.composite(shadow, colour: .black, opacity: g.float(0.25, 0.5))
        canvas.composite(product)
        if g.chance(0.35) { Occluder.draw(on: &canvas, random: g) }
        let strength = g.float(0.85, 1.12)
        let fall = g.float(0.05, 0.3)
        let dir = Point(cos(lightAngle), sin(lightAngle)) * s / 2
        let warmth = g.float(-0.06, 0.06)
        canvas.light(start: Point(s / 2, s / 2) + dir, end: Point(s / 2, s / 2) - dir,
                     from: strength + fall / 2, to: strength - fall / 2,
                     tint: RGB(1 + warmth, 1, 1 - warmth))
        canvas.addNoise(sigma: g.float(0.003, 0.015), random: g)
        return canvas
    }

    /// A catalog packshot: the product alone on a white sweep, near upright and centred, as a
    /// jeweller's or a brand's own catalog shows it. A series of them varies only what a
    /// studio varies between takes (a small turn, the framing, the light's side and strength)
    /// and never the backdrop or what stands in front: what differs between two packshots of
    /// different products is the design. What a generative model of the catalog learns from.
    static func packshot(_ design: ProductDesign, size: Int, random g: Generator) -> Canvas {
        let s = Float(size)
        var canvas = Canvas(width: size, height: size, background: RGB(hex: 0xF7F7F5).shade(g.float(-0.03, 0.01)))
        let jewelry = design.category.domain == .jewelry
        let turn: Float = jewelry ? 0.3 : 0.08
        let mirror: Float = g.chance(0.5) ? -1 : 1
        let scale = s * (jewelry ? 0.45 : 0.4) * g.float(0.88, 1.0)
        let offset = Point(g.float(-0.03, 0.03), g.float(-0.03, 0.03)) * s
        let pose = Affine.scale(mirror, 1).scaled(scale).rotated(g.float(-turn, turn))
            .translated(s / 2 + offset.x, s / 2 + offset.y)
        var product = Canvas(width: size, height: size)
        ProductArt.draw(design, on: &product, pose: pose)
        // Key light from above, to the left or right: the shadow falls below.
        let lightAngle = -Float.pi / 2 + g.float(-0.6, 0.6)
        var shadow = Mask(width: size, height: size)
        let shift = Point(-cos(lightAngle), -sin(lightAngle)) * s * g.float(0.015, 0.03)
        shadow.values = shifted(product.alpha, width: size, by: shift)
        shadow.blur(radius: max(1, size / 32))
        canvas.composite(shadow, colour: .black, opacity: g.float(0.15, 0.3))
        canvas.composite(product)
        let strength = g.float(0.95, 1.05), fall = g.float(0.02, 0.1)
        let dir = Point(cos(lightAngle), sin(lightAngle)) * s / 2
        canvas.light(start: Point(s / 2, s / 2) + dir, end: Point(s / 2, s / 2) - dir,
                     from: strength + fall / 2, to: strength - fall / 2)
        canvas.addNoise(sigma: 0.003, random: g)
        return canvas
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
