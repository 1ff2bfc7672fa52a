import VitrineEngine

/// Studio backgrounds: paper sweeps, coloured card, dark velvet, fabric and wood. Drawn from
/// their own random stream so they never depend on the product.
enum Backdrop {
    static let tones: [RGB] = [0xF4F4F2, 0xE6E6E6, 0xEFE8DA, 0xDCE6EE, 0xF2DEDE, 0x2A2D33, 0x1C1C1C,
                               0xC9D6C3, 0xB8B0A6, 0x9AA4B0].map { RGB(hex: $0) }

    static func make(width: Int, height: Int, random g: Generator) -> Canvas {
        let base = g.pick(tones)
        var canvas = Canvas(width: width, height: height, background: base)
        let full = Path.rect(0, 0, Float(width), Float(height))
        let (w, h) = (Float(width), Float(height))
        switch g.pick([(0, 2.0), (1, 2.0), (2, 1.0), (3, 0.5), (4, 1.5)]) {
        case 0:
            break
        case 1:
            canvas.fill(full, .linear(start: Point(0, 0), end: Point(0, h), stops: [
                GradientStop(0, base.shade(g.float(-0.15, 0.1))), GradientStop(1, base.shade(g.float(-0.25, 0.05))),
            ]))
        case 2:
            // Fabric: a faint weave.
            let kind: Pattern.Kind = g.chance(0.5) ? .checks : .stripes
            canvas.fill(full, .pattern(Pattern(kind: kind, period: w * g.float(0.04, 0.12), angle: g.float(0, 3.14), duty: 0.5),
                                       foreground: base.shade(-0.12), background: base))
        case 3:
            // Wood: bent bands of brown.
            let wood = g.pick([0xA0764A, 0x7A5230, 0xC49A6C].map { RGB(hex: $0) })
            canvas.fill(full, .pattern(Pattern(kind: .zebra, period: w * g.float(0.08, 0.2), angle: g.float(-0.2, 0.2) + 1.57,
                                               duty: 0.45, phase: g.float(0, 1)),
                                       foreground: wood.shade(-0.1), background: wood))
        default:
            // A table edge: two tones split by a horizon.
            let y = h * g.float(0.55, 0.8)
            canvas.fill(.rect(0, y, w, h - y), base.shade(g.float(-0.25, -0.08)))
        }
        return canvas
    }
}
