import Foundation
import VitrineEngine

/// Small things that get in front of a product in real photos: a fingertip, a price tag, a leaf.
enum Occluder {
    static func draw(on canvas: inout Canvas, random g: Generator) {
        let s = Float(canvas.width)
        // Enter from one of the four edges, reaching a little way in.
        let edge = g.int(below: 4)
        let along = g.float(0.15, 0.85) * s
        let depth = g.float(0.12, 0.28) * s
        let positions = [Point(along, depth / 2), Point(s - depth / 2, along), Point(along, s - depth / 2), Point(depth / 2, along)]
        let inward: [Float] = [.pi / 2, .pi, -.pi / 2, 0]
        let pose = Affine.rotation(inward[edge] + g.float(-0.4, 0.4)).translated(positions[edge].x, positions[edge].y)
        switch g.int(below: 3) {
        case 0:
            // A fingertip pointing into the frame (capsule along +x ending at the origin).
            let skin = SkinTone.random(g)
            let r = depth * 0.3
            canvas.fill(.roundedRect(-depth * 1.6, -r, depth * 1.6 + r, 2 * r, radius: r),
                        .shaded(.solid(skin), start: Point(0, -r), end: Point(0, r), from: 1.08, to: 0.8), transform: pose)
            canvas.fill(.roundedRect(-r * 0.2, -r * 0.6, r * 1.0, r * 1.2, radius: r * 0.4), skin.shade(0.25), transform: pose, opacity: 0.6)
        case 1:
            // A price tag on a string.
            let tag = g.pick([RGB(hex: 0xF6F3EA), RGB(hex: 0xC8A878), RGB(hex: 0xFFFFFF)])
            let w = depth * 0.9, h = depth * 0.55
            canvas.fill(.stroke([Point(-depth, 0), Point(-w / 2, 0)], width: max(0.8, s / 90)), RGB(hex: 0x404040), transform: pose)
            canvas.fill(.polygon([Point(-w / 2, 0), Point(-w / 4, -h / 2), Point(w / 2, -h / 2), Point(w / 2, h / 2), Point(-w / 4, h / 2)]),
                        tag, transform: pose)
            canvas.fill(.circle(-w / 4, 0, h * 0.12, segments: 8), RGB(hex: 0x505050), transform: pose)
            canvas.fill(.rect(-w / 8, h * 0.1, w * 0.5, h * 0.1), RGB(hex: 0x303030), transform: pose)
        default:
            // A leaf.
            let green = g.pick([RGB(hex: 0x3C7A3A), RGB(hex: 0x5E8C2E), RGB(hex: 0x2E5E3A)])
            var b = PathBuilder(-depth, 0)
            b.quad(-depth * 0.3, -depth * 0.45, depth * 0.3, 0)
            b.quad(-depth * 0.3, depth * 0.45, -depth, 0)
            canvas.fill(b.path, .shaded(.solid(green), start: Point(0, -depth * 0.3), end: Point(0, depth * 0.3), from: 1.15, to: 0.8),
                        transform: pose)
            canvas.fill(.stroke([Point(-depth, 0), Point(depth * 0.2, 0)], width: max(0.6, s / 110)), green.shade(0.3), transform: pose)
        }
    }
}
