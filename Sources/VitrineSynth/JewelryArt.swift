import Foundation

/// Rings, earrings, pendants and watches, drawn in product units (about -1...1, y down).
enum JewelryArt {
    static func draw(_ d: ProductDesign, on g: inout Drawing) {
        switch d.category {
        case .ring: ring(d, &g)
        case .earrings: earrings(d, &g)
        case .pendant: pendant(d, &g)
        default: watch(d, &g)
        }
    }

    // MARK: Ring

    static func ring(_ d: ProductDesign, _ g: inout Drawing) {
        let metal = d.metal ?? .silver
        let (cx, cy): (Float, Float) = (0, 0.22)
        let (rx, ry): (Float, Float) = (0.72, 0.64)
        let thickness: [Float] = [0.1, 0.2, 0.14, 0.07]
        let t = thickness[d.band % 4]
        func band(_ dy: Float, _ t: Float) -> Path {
            .annulus(cx, cy + dy, outer: (rx, ry), inner: (rx - t, ry - t * 0.9), segments: 40)
        }
        // The inside of the band, seen through the ring, is in shadow.
        g.fill(band(0.03, t * 0.6), metal.shadow)
        switch d.band % 4 {
        case 2:
            g.metal(band(0, t), metal)
            g.fill(band(0, t), .pattern(Pattern(kind: .stripes, period: 0.07, angle: 0.8, duty: 0.4),
                                        foreground: metal.shadow, background: metal.body), opacity: 0.6)
        case 3:
            g.metal(band(-0.06, t), metal)
            g.metal(band(0.06, t), metal, engraving: d.engraving)
        default:
            g.metal(band(0, t), metal, engraving: d.engraving)
        }
        let top = Point(cx, cy - ry - 0.02)
        guard let stone = d.stone, let cut = d.cut, d.stoneCount > 0 else {
            if d.variant % 2 == 1 {
                // A signet: a flat plate on top of the band.
                g.metal(.roundedRect(-0.26, top.y - 0.16, 0.52, 0.3, radius: 0.08), metal, engraving: max(1, d.engraving))
            }
            return
        }
        switch d.stoneCount {
        case 1:
            g.metal(.polygon([Point(-0.14, top.y + 0.12), Point(0.14, top.y + 0.12), Point(0.06, top.y - 0.1),
                              Point(-0.06, top.y - 0.1)]), metal)
            g.stone(cut, stone, at: top - Point(0, 0.12), size: 0.38, metal: metal)
        case 2, 3:
            let side = d.stoneCount == 3
            if side {
                g.stone(cut, stone, at: top + Point(-0.3, 0.05), size: 0.2, metal: metal, rotation: -0.3)
                g.stone(cut, stone, at: top + Point(0.3, 0.05), size: 0.2, metal: metal, rotation: 0.3)
                g.stone(cut, stone, at: top - Point(0, 0.08), size: 0.32, metal: metal)
            } else {
                g.stone(cut, stone, at: top + Point(-0.13, -0.06), size: 0.26, metal: metal, rotation: -0.4)
                g.stone(cut, stone, at: top + Point(0.13, -0.06), size: 0.26, metal: metal, rotation: 0.4)
            }
        default:
            if d.variant % 2 == 0 {
                // Halo: small stones around a centre stone.
                let centre = top - Point(0, 0.1)
                g.metal(.circle(centre.x, centre.y, 0.27, segments: 20), metal)
                for k in 0..<d.stoneCount {
                    let angle = 2 * Float.pi * Float(k) / Float(d.stoneCount)
                    g.stone(.round, stone, at: centre + Point(cos(angle), sin(angle)) * 0.21, size: 0.1, metal: metal)
                }
                g.stone(cut, stone, at: centre, size: 0.26, metal: metal)
            } else {
                // A row of stones set along the top of the band.
                for k in 0..<d.stoneCount {
                    let angle = -Float.pi / 2 + (Float(k) - Float(d.stoneCount - 1) / 2) * 0.3
                    let p = Point(cx + (rx - t / 2) * cos(angle), cy + (ry - t / 2) * sin(angle))
                    g.stone(cut, stone, at: p, size: 0.17, metal: metal, rotation: angle + .pi / 2)
                }
            }
        }
    }

    // MARK: Earrings

    static func earrings(_ d: ProductDesign, _ g: inout Drawing) {
        let saved = g.pose
        for side: Float in [-1, 1] {
            g.pose = Affine.scale(0.62).translated(side * 0.52, 0.05).then(saved)
            earring(d, &g)
        }
        g.pose = saved
    }

    private static func earring(_ d: ProductDesign, _ g: inout Drawing) {
        let metal = d.metal ?? .silver
        switch d.variant % 4 {
        case 0:
            // Stud: a stone or a cluster; without stones a metal motif.
            if let stone = d.stone, let cut = d.cut, d.stoneCount > 0 {
                if d.stoneCount > 1 {
                    for k in 0..<d.stoneCount {
                        let angle = 2 * Float.pi * Float(k) / Float(d.stoneCount) - .pi / 2
                        g.stone(.round, stone, at: Point(cos(angle), sin(angle)) * 0.5, size: 0.42, metal: metal)
                    }
                }
                g.stone(cut, stone, at: Point(0, 0), size: d.stoneCount > 1 ? 0.55 : 1.0, metal: metal)
            } else {
                g.metal(.star(0, 0, points: 5, outer: 0.8, inner: 0.8 * (0.45 + 0.3 * d.fit)), metal, engraving: d.engraving)
            }
        case 1, 3:
            // Hoop (thin or thick), stones along its lower half.
            let t: Float = d.variant % 4 == 1 ? 0.14 : 0.28
            g.metal(.annulus(0, 0.1, outer: (0.8, 0.9), inner: (0.8 - t, 0.9 - t), segments: 36), metal,
                    engraving: d.engraving)
            if let stone = d.stone, d.stoneCount > 0 {
                for k in 0..<d.stoneCount {
                    let angle = Float.pi / 2 + (Float(k) - Float(d.stoneCount - 1) / 2) * 0.4
                    g.stone(.round, stone, at: Point((0.8 - t / 2) * cos(angle), 0.1 + (0.9 - t / 2) * sin(angle)),
                            size: t * 1.1, metal: metal)
                }
            }
        default:
            // Drop: a hook, a short chain and a hanging stone or metal drop.
            g.stroke(Path.arc(0, -0.85, 0.2, 0.2, from: .pi, to: 2 * .pi, segments: 8, closed: false),
                     width: 0.08, metal.body)
            g.stroke([Point(0.2, -0.85), Point(0.2, -0.7), Point(0, -0.45)], width: 0.06, metal.body)
            g.stroke([Point(0, -0.65), Point(0, -0.2)], width: 0.07, metal.shadow)
            if let stone = d.stone, let cut = d.cut, d.stoneCount > 0 {
                g.stone(cut == .round ? .pear : cut, stone, at: Point(0, 0.35), size: 1.0, metal: metal)
                for k in 1..<max(1, min(d.stoneCount, 4)) {
                    g.stone(.round, stone, at: Point(0, -0.25 - 0.2 * Float(k)), size: 0.18, metal: metal)
                }
            } else {
                g.metal(Drawing.stoneOutline(.pear, size: 1.1).transformed(by: .translation(0, 0.35)), metal,
                        engraving: d.engraving)
            }
        }
    }

    // MARK: Pendant

    static func pendant(_ d: ProductDesign, _ g: inout Drawing) {
        let metal = d.metal ?? .silver
        var chain = PathBuilder(-0.85, -1.1, curveSegments: 10)
        chain.quad(-0.55, -0.25, 0, -0.32)
        chain.quad(0.55, -0.25, 0.85, -1.1)
        switch d.band % 3 {
        case 0:
            g.stroke(chain.points, width: 0.035, metal.body)
        case 1:
            for p in chain.points { g.metal(.circle(p.x, p.y, 0.04, segments: 8), metal) }
        default:
            g.stroke(chain.points, width: 0.07, metal.shadow)
            g.stroke(chain.points, width: 0.035, metal.highlight)
        }
        g.metal(.annulus(0, -0.27, outer: (0.08, 0.1), inner: (0.04, 0.055), segments: 12), metal)
        let c = Point(0, 0.3)
        let shape: Path
        switch d.variant % 5 {
        case 0: shape = .circle(c.x, c.y, 0.42, segments: 30)
        case 1:
            var b = PathBuilder(0, 0.0 + 0.05, curveSegments: 8)
            b.cubic(0.25, -0.3, 0.65, 0.05, 0, 0.75)
            b.cubic(-0.65, 0.05, -0.25, -0.3, 0, 0.05)
            shape = b.path
        case 2: shape = Drawing.stoneOutline(.pear, size: 0.95).transformed(by: .translation(c.x, c.y + 0.05))
        case 3: shape = .roundedRect(-0.13, -0.18, 0.26, 0.9, radius: 0.1)
        default: shape = .star(c.x, c.y, points: 5, outer: 0.48, inner: 0.22)
        }
        g.metal(shape, metal, engraving: d.engraving)
        guard let stone = d.stone, let cut = d.cut, d.stoneCount > 0 else { return }
        if d.variant % 5 == 3 {
            for k in 0..<d.stoneCount {
                g.stone(.round, stone, at: Point(0, -0.05 + 0.62 * (Float(k) + 0.5) / Float(d.stoneCount)),
                        size: min(0.16, 0.6 / Float(d.stoneCount)), metal: metal)
            }
        } else if d.stoneCount == 1 {
            g.stone(cut, stone, at: c + Point(0, 0.05), size: 0.4, metal: metal)
        } else {
            for k in 0..<d.stoneCount {
                let angle = 2 * Float.pi * Float(k) / Float(d.stoneCount) - .pi / 2
                g.stone(.round, stone, at: c + Point(0, 0.05) + Point(cos(angle), sin(angle)) * 0.2, size: 0.13,
                        metal: metal)
            }
            g.stone(cut, stone, at: c + Point(0, 0.05), size: 0.2, metal: metal)
        }
    }

    // MARK: Watch

    static func watch(_ d: ProductDesign, _ g: inout Drawing) {
        let metal = d.metal ?? .silver
        // Leather straps lean brown whatever the brand's accent.
        let strapColour = d.band % 4 == 0 ? d.accent.rgb.mixed(with: RGB(hex: 0x6B4226), 0.6) : d.accent.rgb
        let strap = Path.polygon([Point(-0.27, -1.1), Point(0.27, -1.1), Point(0.3, 1.1), Point(-0.3, 1.1)])
        let shading = Paint.shaded(.solid(strapColour), start: Point(-0.3, 0), end: Point(0.3, 0), from: 0.75, to: 1.1)
        switch d.band % 4 {
        case 0:
            // Leather with stitching along both edges.
            g.fill(strap, shading)
            for y in stride(from: Float(-1.05), through: 1.05, by: 0.12) {
                for x: Float in [-0.22, 0.22] { g.fill(.rect(x - 0.012, y, 0.024, 0.06), strapColour.shade(0.45)) }
            }
        case 1:
            // Metal bracelet: links across the band.
            g.metal(strap, metal)
            g.fill(strap, .pattern(Pattern(kind: .stripes, period: 0.14, angle: .pi / 2, duty: 0.18),
                                   foreground: metal.shadow, background: metal.body), opacity: 0.7)
            g.fill(.rect(-0.1, -1.1, 0.2, 2.2), .pattern(Pattern(kind: .stripes, period: 0.14, angle: .pi / 2, duty: 0.8),
                                                          foreground: metal.highlight, background: metal.body), opacity: 0.5)
        case 2:
            // Milanese mesh.
            g.metal(strap, metal)
            g.fill(strap, .pattern(Pattern(kind: .checks, period: 0.05, angle: 0.785, duty: 0.5),
                                   foreground: metal.shadow, background: metal.highlight), opacity: 0.5)
        default:
            // Fabric strap with a centre stripe.
            g.fill(strap, shading)
            g.fill(.rect(-0.06, -1.1, 0.12, 2.2), d.patternColour.rgb)
        }
        let caseShape: Path
        let dialRadius: Float
        switch d.variant % 4 {
        case 0: caseShape = .circle(0, 0, 0.55, segments: 36); dialRadius = 0.45
        case 1: caseShape = .roundedRect(-0.52, -0.52, 1.04, 1.04, radius: 0.22); dialRadius = 0.43
        case 2: caseShape = .roundedRect(-0.4, -0.58, 0.8, 1.16, radius: 0.1); dialRadius = 0.33
        default: caseShape = .star(0, 0, points: 8, outer: 0.58, inner: 0.58, rotation: .pi / 8); dialRadius = 0.44
        }
        // Lugs and crown.
        for sy: Float in [-1, 1] {
            g.metal(.rect(-0.25, sy > 0 ? 0.4 : -0.62, 0.5, 0.22), metal)
        }
        g.metal(.roundedRect(0.5, -0.08, 0.14, 0.16, radius: 0.04), metal)
        g.metal(caseShape, metal, engraving: 0)
        let dialPath = caseShape.transformed(by: .scale(dialRadius / 0.55 * (d.variant % 4 == 2 ? 1.25 : 1.0)))
        let dial = d.base.rgb
        g.fill(dialPath, .linear(start: Point(-0.4, -0.4), end: Point(0.4, 0.4), stops: [
            GradientStop(0, dial.shade(0.15)), GradientStop(0.5, dial), GradientStop(1, dial.shade(-0.2)),
        ]))
        let ink = dial.luma > 0.5 ? RGB(hex: 0x202020) : RGB(hex: 0xF0F0F0)
        // Markers: full ticks, quarter bars only, or dots.
        let markerRadius = dialRadius * 0.86
        for k in 0..<12 {
            let angle = Float(k) * .pi / 6
            let dir = Point(sin(angle), -cos(angle))
            switch d.dial % 4 {
            case 2:
                if k % 3 == 0 { g.fill(.circle(dir.x * markerRadius, dir.y * markerRadius, 0.035, segments: 8), ink) }
            default:
                let long: Float = k % 3 == 0 ? 0.14 : 0.07
                if d.dial % 4 == 0 && k % 3 != 0 { continue }
                g.stroke([dir * markerRadius, dir * (markerRadius - long)], width: k % 3 == 0 ? 0.05 : 0.025, ink)
            }
        }
        if d.dial % 4 == 1 {
            for (x, y) in [(Float(-0.17), Float(0.0)), (0.17, 0.0), (0.0, 0.18)] {
                g.fill(.annulus(x, y, outer: (0.1, 0.1), inner: (0.075, 0.075), segments: 14), ink)
            }
        }
        if d.dial % 4 == 3 {
            g.fill(.rect(0.19, -0.06, 0.14, 0.12), ink)
            g.fill(.rect(0.2, -0.05, 0.12, 0.1), .white)
        }
        // Hands at the design's own time.
        let hour = d.fit * 2 * .pi, minute = (d.fit * 12).truncatingRemainder(dividingBy: 1) * 2 * .pi
        g.stroke([Point(0, 0), Point(sin(hour), -cos(hour)) * dialRadius * 0.5], width: 0.06, ink)
        g.stroke([Point(0, 0), Point(sin(minute), -cos(minute)) * dialRadius * 0.8], width: 0.04, ink)
        g.stroke([Point(0, 0), Point(sin(minute + 2), -cos(minute + 2)) * dialRadius * 0.85], width: 0.018,
                 d.patternColour.rgb)
        g.fill(.circle(0, 0, 0.04, segments: 8), ink)
        if let stone = d.stone, d.stoneCount > 0 {
            for k in 0..<d.stoneCount {
                let angle = 2 * Float.pi * Float(k) / Float(d.stoneCount)
                let r = (dialRadius + 0.55) / 2 * (d.variant % 4 == 2 ? 0.8 : 1)
                g.stone(.round, stone, at: Point(sin(angle), -cos(angle)) * r, size: 0.08, metal: metal)
            }
        }
    }
}
