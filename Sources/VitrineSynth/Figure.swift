import Foundation
import VitrineEngine

/// People and body parts for photoshoots, drawn in pixels. Each drawing returns the boxes it
/// covers (before clipping to the image) so annotations match the pixels.
struct Figure {
    let skin: RGB
    let hair: RGB
    let hairStyle: Int

    init(random g: Generator) {
        skin = SkinTone.random(g)
        hair = g.pick(SkinTone.hair)
        hairStyle = g.int(below: 3)
    }

    /// A head of face half-width `r` centred on `c`, turned by `yaw` (-1...1) and tilted by
    /// `roll` radians. Returns the face box and the five landmarks, unclipped.
    func head(on canvas: inout Canvas, centre c: Point, radius r: Float, yaw: Float, roll: Float) -> (Box, [Point]) {
        let pose = Affine.rotation(roll).translated(c.x, c.y)
        let shift = yaw * 0.32 * r
        if hairStyle == 1 {
            // Long hair falls behind the shoulders.
            canvas.fill(.roundedRect(-1.25 * r, -1.1 * r, 2.5 * r, 3.2 * r, radius: r), hair, transform: pose)
        }
        canvas.fill(.rect(-0.42 * r, 0.6 * r, 0.84 * r, 1.2 * r), skin.shade(-0.12), transform: pose)
        for side: Float in [-1, 1] {
            canvas.fill(.ellipse(side * 0.98 * r - shift * 0.6, 0.1 * r, 0.18 * r, 0.28 * r, segments: 10), skin.shade(-0.08),
                        transform: pose)
        }
        let face = Path.ellipse(shift * 0.25, 0, r * (1 - 0.12 * abs(yaw)), 1.28 * r, segments: 28)
        canvas.fill(face, .shaded(.solid(skin), start: Point(-r, -r), end: Point(r, r), from: 1.08, to: 0.88), transform: pose)
        // Hair on top: a cap, or a cap with a bun.
        var cap = PathBuilder(-1.02 * r, -0.1 * r)
        cap.cubic(-1.1 * r, -1.7 * r, 1.1 * r, -1.7 * r, 1.02 * r, -0.1 * r)
        cap.quad(0.3 * r + shift, -0.75 * r, -1.02 * r, -0.1 * r)
        canvas.fill(cap.path, hair, transform: pose)
        if hairStyle == 2 { canvas.fill(.circle(0, -1.45 * r, 0.42 * r, segments: 14), hair, transform: pose) }
        // Features.
        let eyeY = -0.08 * r, eyeX = 0.38 * r, noseY = 0.35 * r, mouthY = 0.68 * r, mouthX = 0.3 * r
        let eyes = [Point(-eyeX + shift, eyeY), Point(eyeX + shift, eyeY)]
        for e in eyes {
            canvas.fill(.ellipse(e.x, e.y, 0.17 * r, 0.09 * r, segments: 12), RGB(hex: 0xF6F6F2), transform: pose)
            canvas.fill(.circle(e.x + shift * 0.15, e.y, 0.075 * r, segments: 10), RGB(hex: 0x2A1E16), transform: pose)
            canvas.fill(.stroke([e + Point(-0.17 * r, -0.22 * r), e + Point(0.17 * r, -0.25 * r)], width: 0.07 * r),
                        hair.shade(-0.2), transform: pose)
        }
        let nose = Point(shift * 1.35, noseY)
        canvas.fill(.stroke([Point(shift * 0.9, -0.02 * r), nose, nose + Point(-0.1 * r, 0.02 * r)], width: 0.08 * r),
                    skin.shade(-0.3), transform: pose)
        let mouth = [Point(-mouthX + shift, mouthY), Point(mouthX + shift, mouthY)]
        var lips = PathBuilder(mouth[0], curveSegments: 6)
        lips.quad(shift, mouthY + 0.16 * r, mouth[1].x, mouth[1].y)
        lips.quad(shift, mouthY - 0.06 * r, mouth[0].x, mouth[0].y)
        canvas.fill(lips.path, RGB(hex: 0xB0505A).mixed(with: skin, 0.35), transform: pose)
        let landmarks = (eyes + [nose] + mouth).map(pose.apply)
        let box = Box(face.transformed(by: pose))!
        return (box, landmarks)
    }

    /// A torso wearing `top` below a head at `headCentre`, arms at the sides and legs in
    /// trousers reaching down `legLength` pixels. Returns the covered box.
    func body(on canvas: inout Canvas, top: ProductDesign, headCentre c: Point, radius r: Float, trousers: RGB,
              legLength: Float) -> Box {
        let k = 2.1 * r
        let neckTop = c.y + 1.15 * r
        let pose = Affine.scale(k).translated(c.x, neckTop + 0.86 * k)
        var covered = Box(x: c.x - 1.4 * k, y: c.y - 1.7 * r, width: 2.8 * k, height: 0)
        // Legs first, then arms, then the garment over their tops.
        let hip = neckTop + 1.75 * k
        for side: Float in [-1, 1] {
            let leg = Path.stroke([Point(c.x + side * 0.28 * k, hip), Point(c.x + side * 0.32 * k, hip + legLength)],
                                  width: 0.5 * k)
            canvas.fill(leg, .shaded(.solid(trousers), start: Point(c.x - k, 0), end: Point(c.x + k, 0), from: 1.1, to: 0.8))
            covered = covered.union(Box(leg)!)
            let arm = Path.stroke([Point(c.x + side * 0.6 * k, neckTop + 0.25 * k), Point(c.x + side * 0.82 * k, neckTop + 1.55 * k)],
                                  width: 0.24 * k)
            canvas.fill(arm, top.category == .tshirt ? skin : top.base.rgb.shade(-0.1))
            canvas.fill(.circle(c.x + side * 0.82 * k, neckTop + 1.62 * k, 0.15 * k, segments: 10), skin)
            covered = covered.union(Box(arm)!)
        }
        ProductArt.draw(top, on: &canvas, pose: pose)
        return covered.union(Box(x: c.x - 1.0 * k, y: neckTop, width: 2 * k, height: 1.85 * k))
    }
}
