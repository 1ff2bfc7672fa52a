import Foundation
import VitrineEngine

/// One photoshoot image and its labels: the style, the product shown, and the face and person
/// boxes (clipped to the image) with face landmarks.
public struct PhotoshootScene: Sendable {
    public let canvas: Canvas
    public let style: PhotoStyle
    public let product: ProductDesign
    public let faces: [SceneFace]
    public let persons: [Box]

    /// Renders a scene of `style` at `size` pixels.
    static func render(style: PhotoStyle, size: Int, brands: [Brand], id: String, random g: Generator) -> PhotoshootScene {
        let s = Float(size)
        var canvas = Backdrop.make(width: size, height: size, random: g)
        var faces: [SceneFace] = []
        var persons: [Box] = []
        let product: ProductDesign
        func design(_ categories: [ProductCategory]) -> ProductDesign {
            let category = g.pick(categories)
            let brand = g.pick(brands.filter { $0.domain == category.domain })
            return ProductDesign.sample(id: id, category: category, brand: brand, random: g)
        }
        switch style {
        case .productOnly:
            product = design(ProductCategory.allCases)
            let photo = ProductPhoto.render(product, size: size, random: g)
            canvas = photo
        case .worn:
            let figure = Figure(random: g)
            switch g.int(below: 3) {
            case 0:
                product = design([.sneakers])
                persons.append(feet(product, figure: figure, on: &canvas, size: s, random: g))
            case 1:
                product = design([.watch])
                persons.append(wrist(product, figure: figure, on: &canvas, size: s, random: g))
            default:
                product = design([.tshirt, .sweater, .jacket])
                persons.append(torso(product, figure: figure, on: &canvas, size: s, random: g))
            }
        case .onModel:
            product = design([.tshirt, .sweater, .jacket])
            let people = g.pick([(1, 3.0), (2, 1.5), (3, 0.6)])
            let slot = s / Float(people)
            let trousers = g.pick([0x2B3A55, 0x1E1E1E, 0xC8B48C, 0x5A5A60].map { RGB(hex: $0) })
            for p in 0..<people {
                let figure = Figure(random: g)
                // The first person wears the product; others wear something of the same kind.
                let top = p == 0 ? product : design([.tshirt, .sweater, .jacket])
                let r = min(slot * g.float(0.13, 0.22), s * 0.16)
                let centre = Point(slot * (Float(p) + 0.5) + g.float(-0.12, 0.12) * slot,
                                   g.float(1.7, people == 1 ? 3.6 : 2.6) * r)
                let body = figure.body(on: &canvas, top: top, headCentre: centre, radius: r, trousers: trousers, legLength: s)
                let (faceBox, landmarks) = figure.head(on: &canvas, centre: centre, radius: r,
                                                       yaw: g.float(-0.8, 0.8), roll: g.float(-0.25, 0.25))
                var visibility = [Int](repeating: 2, count: 5)
                if g.chance(0.2) {
                    // Something in front of part of the face: sunglasses or a raised hand.
                    let hidden = occludeFace(on: &canvas, landmarks: landmarks, radius: r, skin: figure.skin, random: g)
                    for k in hidden { visibility[k] = 1 }
                }
                guard let face = faceBox.clipped(to: size), let person = body.union(faceBox).clipped(to: size) else { continue }
                let points = landmarks.enumerated().map { k, q -> (x: Float, y: Float, visibility: Int) in
                    face.contains(q) && q.x >= 0 && q.y >= 0 && q.x <= s && q.y <= s ? (q.x, q.y, visibility[k]) : (0, 0, 0)
                }
                faces.append(SceneFace(box: face, landmarks: points))
                persons.append(person)
            }
        }
        canvas.light(start: Point(0, 0), end: Point(s, s), from: g.float(0.95, 1.1), to: g.float(0.85, 1.0))
        canvas.addNoise(sigma: g.float(0.003, 0.015), random: g)
        return PhotoshootScene(canvas: canvas, style: style, product: product, faces: faces,
                               persons: persons.compactMap { $0.clipped(to: size) })
    }

    /// Draws sunglasses over the eyes or a hand over the mouth; returns the landmarks it hides.
    private static func occludeFace(on canvas: inout Canvas, landmarks: [Point], radius r: Float, skin: RGB,
                                    random g: Generator) -> [Int] {
        if g.chance(0.5) {
            let frame = RGB(hex: 0x151515)
            for e in landmarks[0...1] { canvas.fill(.ellipse(e.x, e.y, 0.3 * r, 0.22 * r, segments: 14), frame) }
            canvas.fill(.stroke([landmarks[0], landmarks[1]], width: 0.08 * r), frame)
            return [0, 1]
        }
        let mouth = (landmarks[3] + landmarks[4]) / 2
        canvas.fill(.roundedRect(mouth.x - 0.6 * r, mouth.y - 0.3 * r, 1.2 * r, 1.3 * r, radius: 0.35 * r),
                    .shaded(.solid(skin.shade(0.05)), start: mouth, end: mouth + Point(0, r), from: 1.05, to: 0.85))
        return [3, 4]
    }

    /// Two feet in shoes seen from the side, trouser legs coming down from the top edge.
    private static func feet(_ shoe: ProductDesign, figure: Figure, on canvas: inout Canvas, size s: Float,
                             random g: Generator) -> Box {
        let k = s * g.float(0.2, 0.28)
        let facing: Float = g.chance(0.5) ? 1 : -1
        let trousers = g.pick([0x2B3A55, 0x1E1E1E, 0xC8B48C, 0x6A6A70, 0x3A4A3A].map { RGB(hex: $0) })
        let groundY = s * g.float(0.72, 0.9)
        var covered: Box?
        for (n, x) in [s * g.float(0.28, 0.38), s * g.float(0.62, 0.72)].enumerated() {
            let ankle = Point(x, groundY - 0.85 * k)
            let leg = Path.stroke([Point(x + g.float(-0.1, 0.1) * k, -0.1 * s), ankle], width: 0.5 * k)
            canvas.fill(leg, .shaded(.solid(trousers), start: Point(x - 0.3 * k, 0), end: Point(x + 0.3 * k, 0), from: 1.1, to: 0.8))
            canvas.fill(.stroke([ankle, ankle + Point(0, 0.3 * k)], width: 0.3 * k), figure.skin)
            let pose = Affine.scale(facing, 1).scaled(k).translated(ankle.x + facing * 0.45 * k, ankle.y + 0.6 * k + Float(n) * 0.02 * k)
            ProductArt.draw(shoe, on: &canvas, pose: pose)
            let shoeBox = Box(Path.rect(-1, -0.9, 2, 1.5).transformed(by: pose))!
            let box = Box(leg)!.union(shoeBox)
            covered = covered.map { $0.union(box) } ?? box
        }
        return covered!
    }

    /// A forearm across the frame with a watch on the wrist and a hand beyond it.
    private static func wrist(_ watch: ProductDesign, figure: Figure, on canvas: inout Canvas, size s: Float,
                              random g: Generator) -> Box {
        let angle = g.float(-0.5, 0.5) + (g.chance(0.5) ? .pi : 0)
        let dir = Point(cos(angle), sin(angle))
        let width = s * g.float(0.2, 0.28)
        let centre = Point(s / 2, s / 2) + Point(g.float(-0.1, 0.1), g.float(-0.1, 0.1)) * s
        let start = centre - dir * s, wristPoint = centre + dir * 0.05 * s, hand = centre + dir * 0.32 * s
        let arm = Path.stroke([start, wristPoint, hand], width: width)
        canvas.fill(arm, .shaded(.solid(figure.skin), start: centre - Point(-dir.y, dir.x) * width / 2,
                                 end: centre + Point(-dir.y, dir.x) * width / 2, from: 1.1, to: 0.8))
        let palm = Path.ellipse(0, 0, 0.2 * s, width * 0.62).transformed(by: .rotation(angle)).transformed(by: .translation(hand.x, hand.y))
        canvas.fill(palm, figure.skin.shade(-0.04))
        // The watch, its strap cut to the width of the wrist.
        var product = Canvas(width: canvas.width, height: canvas.height)
        let pose = Affine.rotation(.pi / 2).scaled(width * 0.75).rotated(angle).translated(wristPoint.x, wristPoint.y)
        ProductArt.draw(watch, on: &product, pose: pose)
        var mask = Mask(width: canvas.width, height: canvas.height)
        mask.fill(.stroke([wristPoint - dir * width, wristPoint + dir * width], width: width * 1.02))
        for i in product.alpha.indices { product.alpha[i] *= mask.values[i] }
        canvas.composite(product)
        return Box(arm)!.union(Box(palm)!)
    }

    /// A torso in the garment, cropped at the neck so the head is out of frame.
    private static func torso(_ top: ProductDesign, figure: Figure, on canvas: inout Canvas, size s: Float,
                              random g: Generator) -> Box {
        let r = s * g.float(0.2, 0.26)
        // The head centre is above the image: only the neck shows.
        let centre = Point(s / 2 + g.float(-0.08, 0.08) * s, -1.4 * r)
        let body = figure.body(on: &canvas, top: top, headCentre: centre, radius: r,
                               trousers: RGB(hex: 0x2B3A55), legLength: s)
        // The neck, filling the garment's neck opening.
        let k = 2.1 * r, neckTop = centre.y + 1.15 * r
        canvas.fill(.rect(centre.x - 0.19 * k, -1, 0.38 * k, neckTop + 1) + .ellipse(centre.x, neckTop, 0.19 * k, 0.17 * k),
                    figure.skin.shade(-0.1))
        return body.union(Box(x: centre.x - 0.42 * r, y: 0, width: 0.84 * r, height: 1))
    }
}
