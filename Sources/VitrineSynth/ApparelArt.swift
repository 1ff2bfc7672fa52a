import Foundation

/// T-shirts, sweaters, jackets, shorts (flat lay, front) and sneakers (side view), drawn in
/// product units (about -1...1, y down).
enum ApparelArt {
    static func draw(_ d: ProductDesign, on g: inout Drawing) {
        switch d.category {
        case .tshirt, .sweater, .jacket: top(d, &g)
        case .shorts: shorts(d, &g)
        default: sneaker(d, &g)
        }
    }

    /// The fabric: base colour with the design's pattern, lit from the top left.
    static func fabric(_ d: ProductDesign, shade: Float = 0) -> Paint {
        let base = d.base.rgb.shade(shade), fg = d.patternColour.rgb.shade(shade)
        let inner: Paint = d.pattern.kind == .plain ? .solid(base) : .pattern(d.pattern, foreground: fg, background: base)
        return .shaded(inner, start: Point(-1, -1), end: Point(1, 1), from: 1.1, to: 0.82)
    }

    /// Trim colour: the accent, unless it would vanish against the fabric.
    static func trimColour(_ d: ProductDesign) -> RGB {
        abs(d.accent.rgb.luma - d.base.rgb.luma) > 0.12 ? d.accent.rgb : d.accent.rgb.shade(d.base.rgb.luma > 0.5 ? -0.5 : 0.6)
    }

    /// The brand's mark, `size` across, centred on `c`.
    static func logo(_ kind: Int, at c: Point, size s: Float) -> Path {
        let h = s / 2
        switch kind % 5 {
        case 0:
            var b = PathBuilder(c.x - h, c.y - h * 0.1, curveSegments: 6)
            b.quad(c.x - h * 0.2, c.y + h * 0.9, c.x + h, c.y - h * 0.6)
            b.quad(c.x - h * 0.1, c.y + h * 0.35, c.x - h, c.y - h * 0.1)
            return b.path
        case 1:
            return (0..<3).map { k -> Path in
                let x = c.x - h + Float(k) * h * 0.75
                return .polygon([Point(x, c.y + h), Point(x + h * 0.35, c.y + h), Point(x + h * 0.95, c.y - h),
                                 Point(x + h * 0.6, c.y - h)])
            }.reduce(Path(), +)
        case 2:
            return .star(c.x, c.y, points: 5, outer: h, inner: h * 0.45)
        case 3:
            return .annulus(c.x, c.y, outer: (h, h), inner: (h * 0.55, h * 0.55), segments: 16)
        default:
            return .stroke([Point(c.x - h, c.y - h * 0.3), Point(c.x, c.y + h * 0.5), Point(c.x + h, c.y - h * 0.3)],
                           width: h * 0.45)
        }
    }

    // MARK: Tops

    static func top(_ d: ProductDesign, _ g: inout Drawing) {
        let w: Float = 0.5 + 0.1 * d.fit
        let long = d.category != .tshirt
        let neckHalf: Float = 0.2
        let neckTop: Float = -0.86, shoulderY: Float = -0.76
        let vNeck = d.variant == 2 && d.category != .jacket
        let neckDepth: Float = vNeck ? -0.45 : (d.category == .sweater && d.variant == 1 ? -0.8 : -0.64)
        if d.category == .jacket && d.variant == 2 {
            // A hood lying behind the neck.
            g.fill(.ellipse(0, -0.88, 0.36, 0.2), fabric(d, shade: -0.25))
        }
        var b = PathBuilder(-neckHalf, neckTop)
        b.line(-w - 0.06, shoulderY)
        if long {
            let cuff: Float = [0.8, 0.9, 0.7][d.band % 3]
            b.line(-w - 0.42, cuff)
            b.line(-w - 0.2, cuff + 0.08)
            b.line(-w, -0.3)
        } else {
            let sleeve: Float = [0, 0.12, 0.22][d.band % 3]
            b.line(-w - 0.4, -0.38 + sleeve)
            b.line(-w - 0.2, -0.24 + sleeve)
            b.line(-w, -0.42)
        }
        b.line(-w - 0.02, 0.95)
        b.line(w + 0.02, 0.95)
        if long {
            let cuff: Float = [0.8, 0.9, 0.7][d.band % 3]
            b.line(w, -0.3)
            b.line(w + 0.2, cuff + 0.08)
            b.line(w + 0.42, cuff)
        } else {
            let sleeve: Float = [0, 0.12, 0.22][d.band % 3]
            b.line(w, -0.42)
            b.line(w + 0.2, -0.24 + sleeve)
            b.line(w + 0.4, -0.38 + sleeve)
        }
        b.line(w + 0.06, shoulderY)
        b.line(neckHalf, neckTop)
        if vNeck {
            b.line(0, neckDepth)
        } else {
            b.quad(0, neckDepth + 0.12, -neckHalf, neckTop)
        }
        let outline = b.path
        g.fill(outline, fabric(d))
        // The back of the neck seen through the opening.
        var neck = PathBuilder(-neckHalf, neckTop)
        neck.quad(0, neckTop - 0.06, neckHalf, neckTop)
        if vNeck { neck.line(0, neckDepth) } else { neck.quad(0, neckDepth + 0.12, -neckHalf, neckTop) }
        g.fill(neck.path, d.base.rgb.shade(-0.45))
        let trim = trimColour(d)
        let rib = Paint.pattern(Pattern(kind: .stripes, period: 0.05, angle: 0, duty: 0.5),
                                foreground: d.base.rgb.shade(-0.2), background: d.base.rgb)
        let neckLine: [Point] = vNeck ? [Point(-neckHalf, neckTop), Point(0, neckDepth), Point(neckHalf, neckTop)]
            : (0...8).map { k in
                let t = Float(k) / 8, u = 1 - t
                return u * u * Point(-neckHalf, neckTop) + 2 * u * t * Point(0, neckDepth + 0.12) + t * t * Point(neckHalf, neckTop)
            }
        if d.category == .sweater && d.variant == 1 {
            // Turtleneck.
            g.fill(.roundedRect(-neckHalf - 0.02, neckTop - 0.14, 2 * neckHalf + 0.04, 0.26, radius: 0.05), rib)
        } else {
            g.stroke(neckLine, width: 0.07, d.trims.contains(.collar) ? trim : d.base.rgb.shade(-0.15))
        }
        if long {
            let cuff: Float = [0.8, 0.9, 0.7][d.band % 3]
            for s: Float in [-1, 1] {
                let a = Point(s * (w + 0.42), cuff), c = Point(s * (w + 0.2), cuff + 0.08)
                let inward = Point(0, -0.14)
                g.fill(.polygon([a, c, c + inward, a + inward]), d.trims.contains(.cuffs) ? .solid(trim) : rib)
            }
            g.fill(.rect(-w - 0.02, 0.83, 2 * w + 0.04, 0.12), d.trims.contains(.hem) ? .solid(trim) : rib)
        } else {
            if d.trims.contains(.cuffs) {
                let sleeve: Float = [0, 0.12, 0.22][d.band % 3]
                for s: Float in [-1, 1] {
                    g.stroke([Point(s * (w + 0.4), -0.38 + sleeve), Point(s * (w + 0.2), -0.24 + sleeve)], width: 0.07, trim)
                }
            }
            if d.trims.contains(.hem) { g.fill(.rect(-w - 0.02, 0.87, 2 * w + 0.04, 0.08), trim) }
        }
        if d.trims.contains(.sideStripe) {
            for s: Float in [-1, 1] { g.fill(.rect(s * w - (s > 0 ? 0.1 : 0), -0.3, 0.1, 1.2), trim) }
        }
        if d.category == .jacket {
            // Open front: zip or buttons, lapels and pocket flaps.
            g.stroke([Point(0, neckDepth + 0.06), Point(0, 0.95)], width: 0.05, d.base.rgb.shade(-0.4))
            if d.variant == 1 {
                for k in 0..<5 { g.fill(.circle(0.07, -0.45 + 0.3 * Float(k), 0.035, segments: 8), trim) }
            } else {
                g.stroke([Point(0, neckDepth + 0.06), Point(0, 0.95)], width: 0.025, trim)
            }
            for s: Float in [-1, 1] {
                g.fill(.polygon([Point(s * neckHalf, neckTop), Point(s * 0.02, neckDepth + 0.1), Point(s * 0.3, -0.35),
                                 Point(s * (neckHalf + 0.14), neckTop + 0.02)]), d.base.rgb.shade(-0.2))
                g.stroke([Point(s * 0.16, 0.35), Point(s * 0.4, 0.35)], width: 0.04, d.base.rgb.shade(-0.35))
            }
        }
        if d.trims.contains(.pocket) && d.category != .jacket {
            g.fill(.roundedRect(0.12, -0.45, 0.22, 0.24, radius: 0.03), d.base.rgb.shade(-0.12))
            g.stroke([Point(0.12, -0.45), Point(0.34, -0.45)], width: 0.03, trim)
        }
        if d.trims.contains(.logo) {
            let at = d.category == .jacket ? Point(-0.25, -0.4) : Point(d.trims.contains(.pocket) ? -0.22 : 0, -0.3)
            g.fill(logo(d.dial, at: at, size: d.category == .tshirt ? 0.32 : 0.2), trim)
        }
    }

    // MARK: Shorts

    static func shorts(_ d: ProductDesign, _ g: inout Drawing) {
        let w: Float = 0.68 + 0.08 * d.fit
        let hem: Float = [0.55, 0.75, 0.4][d.band % 3]
        var b = PathBuilder(-w, -0.62)
        b.line(w, -0.62)
        b.line(w + 0.16, hem)
        b.line(0.08, hem + 0.06)
        b.line(0, -0.05)
        b.line(-0.08, hem + 0.06)
        b.line(-w - 0.16, hem)
        g.fill(b.path, fabric(d))
        let trim = trimColour(d)
        g.fill(.rect(-w, -0.8, 2 * w, 0.2), d.trims.contains(.collar) ? Paint.solid(trim) : fabric(d, shade: -0.15))
        // Drawstring, fly and pockets.
        g.stroke([Point(-0.05, -0.66), Point(-0.1, -0.35)], width: 0.035, RGB(hex: 0xF0F0F0))
        g.stroke([Point(0.05, -0.66), Point(0.1, -0.35)], width: 0.035, RGB(hex: 0xF0F0F0))
        g.stroke([Point(0.04, -0.6), Point(0.04, -0.15)], width: 0.025, d.base.rgb.shade(-0.3))
        for s: Float in [-1, 1] {
            g.stroke([Point(s * (w - 0.22), -0.6), Point(s * (w + 0.02), -0.25)], width: 0.03, d.base.rgb.shade(-0.35))
        }
        if d.trims.contains(.hem) || d.trims.contains(.cuffs) {
            g.stroke([Point(-w - 0.15, hem - 0.04), Point(-0.08, hem + 0.02)], width: 0.07, trim)
            g.stroke([Point(w + 0.15, hem - 0.04), Point(0.08, hem + 0.02)], width: 0.07, trim)
        }
        if d.trims.contains(.sideStripe) {
            for s: Float in [-1, 1] {
                g.stroke([Point(s * (w + 0.01), -0.58), Point(s * (w + 0.13), hem - 0.05)], width: 0.07, trim)
            }
        }
        if d.trims.contains(.logo) { g.fill(logo(d.dial, at: Point(-w * 0.55, hem - 0.2), size: 0.2), trim) }
        if d.trims.contains(.pocket) { g.fill(.roundedRect(w * 0.35, 0.05, 0.24, 0.22, radius: 0.04), d.base.rgb.shade(-0.15)) }
    }

    // MARK: Sneakers

    static func sneaker(_ d: ProductDesign, _ g: inout Drawing) {
        let soleTop: Float = 0.3, soleBottom: Float = [0.52, 0.6, 0.48][d.band % 3]
        let collarY: Float = d.variant == 1 ? -0.78 : -0.3
        let trim = trimColour(d)
        var upper = PathBuilder(-0.95, soleTop + 0.04)
        upper.line(-0.97, collarY + 0.25)
        upper.quad(-0.97, collarY, -0.75, collarY)
        upper.quad(-0.55, collarY + 0.12, -0.36, collarY + 0.02)
        upper.line(-0.3, collarY - 0.12)
        upper.line(-0.16, collarY - 0.1)
        upper.quad(0.2, -0.2, 0.6, -0.05)
        upper.quad(1.0, 0.02, 0.99, soleTop + 0.04)
        g.fill(upper.path, fabric(d))
        // Toe cap overlay in the pattern colour for some models.
        if d.variant != 0 {
            var toe = PathBuilder(0.55, soleTop + 0.04)
            toe.quad(0.5, -0.02, 0.66, -0.03)
            toe.quad(1.0, 0.04, 0.99, soleTop + 0.04)
            g.fill(toe.path, d.patternColour.rgb)
        }
        // Heel counter.
        var heel = PathBuilder(-0.96, soleTop + 0.02)
        heel.line(-0.97, collarY + 0.32)
        heel.quad(-0.68, collarY + 0.36, -0.6, soleTop + 0.02)
        g.fill(heel.path, d.trims.contains(.collar) ? trim : d.base.rgb.shade(-0.18))
        if d.variant == 1 { g.fill(.circle(-0.62, collarY + 0.45, 0.11, segments: 14), trim) }
        // The opening of the shoe.
        g.fill(.ellipse(-0.6, collarY + 0.06, 0.2, 0.05), RGB(hex: 0x1A1A1A))
        // Eyestay and laces.
        let eyestayTop = Point(-0.22, collarY - 0.02), eyestayEnd = Point(0.42, -0.1)
        g.stroke([eyestayTop, eyestayEnd], width: 0.14, d.base.rgb.shade(-0.3))
        let along = eyestayEnd - eyestayTop
        let across = Point(-along.y, along.x) / (along * along).sum().squareRoot()
        for k in 0..<5 {
            let p = eyestayTop + along * (Float(k) + 0.5) / 5
            g.stroke([p - across * 0.09, p + across * 0.09], width: 0.045,
                     d.trims.contains(.cuffs) ? trim : RGB(hex: 0xF4F4F4))
        }
        g.fill(logo(d.dial, at: Point(0.1, 0.1), size: 0.4), trim)
        // Sole: midsole and outsole.
        var sole = PathBuilder(-0.97, soleTop)
        sole.line(0.85, soleTop)
        sole.quad(1.04, soleTop, 1.02, (soleTop + soleBottom) / 2)
        sole.quad(1.0, soleBottom, 0.85, soleBottom)
        sole.line(-0.9, soleBottom)
        sole.quad(-1.0, soleBottom, -0.99, (soleTop + soleBottom) / 2)
        g.fill(sole.path, .shaded(.solid(RGB(hex: 0xF2F2F0)), start: Point(0, soleTop), end: Point(0, soleBottom), from: 1, to: 0.8))
        g.fill(.rect(-0.97, soleBottom - 0.07, 1.95, 0.07), d.band % 3 == 2 ? RGB(hex: 0x8A5A2A) : RGB(hex: 0x2A2A2A))
        if d.trims.contains(.hem) || d.trims.contains(.sideStripe) {
            g.fill(.rect(-0.9, soleTop + 0.07, 1.8, 0.05), trim)
        }
    }
}
