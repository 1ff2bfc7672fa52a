import Foundation

/// Grids of generated images, so a reader sees what the data looks like.
public enum ContactSheet {
    /// Tiles laid out row by row with `gap` pixels of `background` between them; nil tiles
    /// stay empty.
    public static func grid(_ rows: [[Canvas?]], tile: Int, gap: Int = 2, background: RGB = RGB(hex: 0x404040)) -> Canvas {
        let columns = rows.map(\.count).max() ?? 0
        let width = columns * (tile + gap) + gap, height = rows.count * (tile + gap) + gap
        var sheet = Canvas(width: width, height: height, background: background)
        let plane = width * height
        for (r, row) in rows.enumerated() {
            for (c, tileCanvas) in row.enumerated() {
                guard let t = tileCanvas else { continue }
                let (x0, y0) = (gap + c * (tile + gap), gap + r * (tile + gap))
                let tilePlane = t.width * t.height
                for y in 0..<min(tile, t.height) {
                    for x in 0..<min(tile, t.width) {
                        for ch in 0..<3 {
                            sheet.pixels[ch * plane + (y0 + y) * width + x0 + x] = t.pixels[ch * tilePlane + y * t.width + x]
                        }
                    }
                }
            }
        }
        return sheet
    }

    /// One row per category: an own product's photos, its line drawing, then a competitor's
    /// imitation (photo and drawing) when the catalog has one, then a second product of the same
    /// brand and category (photo), to show how close a brand's products are.
    public static func catalog(_ catalog: Catalog, photos: Int = 3) -> Canvas {
        var rows: [[Canvas?]] = []
        let size = catalog.options.size
        func photo(_ product: Int, _ k: Int) -> Canvas {
            catalog.render(Catalog.ImageJob(product: product, kind: .photo, index: k, path: ""))
        }
        func sketch(_ product: Int) -> Canvas {
            catalog.render(Catalog.ImageJob(product: product, kind: .sketch, index: 0, path: ""))
        }
        for category in ProductCategory.allCases {
            let own = catalog.products.indices.filter {
                catalog.products[$0].source == .own && catalog.products[$0].design.category == category
            }
            guard let first = own.first(where: { i in
                catalog.products.contains { $0.analogueOf == catalog.products[i].design.id }
            }) ?? own.first else { continue }
            var row: [Canvas?] = (0..<min(photos, catalog.options.imagesPerProduct)).map { photo(first, $0) }
            row.append(sketch(first))
            let id = catalog.products[first].design.id
            if let imitation = catalog.products.indices.first(where: { catalog.products[$0].analogueOf == id }) {
                row += [photo(imitation, 0), sketch(imitation)]
            } else {
                row += [nil, nil]
            }
            let brand = catalog.products[first].design.brand
            if let sibling = own.first(where: { $0 != first && catalog.products[$0].design.brand == brand }) {
                row += [photo(sibling, 0), sketch(sibling)]
            }
            rows.append(row)
        }
        return grid(rows, tile: size)
    }

    /// Colours of the style strip along each photoshoot tile's top edge.
    public static let styleColours: [PhotoStyle: RGB] = [
        .onModel: RGB(hex: 0xE03030), .worn: RGB(hex: 0x3070E0), .productOnly: RGB(hex: 0xA0A0A0),
    ]

    /// The first `count` scenes with person boxes (green), face boxes (red), landmarks (yellow,
    /// hidden ones cyan) and a strip in the style's colour, `columns` to a row.
    public static func photoshoots(_ shoot: Photoshoot, count: Int = 36, columns: Int = 6) -> Canvas {
        let tiles: [Canvas?] = (0..<count).map { n in
            let scene = shoot.scene(n)
            var canvas = scene.canvas
            let line = max(0.6, Float(canvas.width) / 96)
            func outline(_ b: Box, _ colour: RGB) {
                let h = line / 2
                let corners = [Point(b.x + h, b.y + h), Point(b.x + b.width - h, b.y + h),
                               Point(b.x + b.width - h, b.y + b.height - h), Point(b.x + h, b.y + b.height - h)]
                canvas.fill(.stroke(corners, width: line, closed: true, roundJoins: false), colour)
            }
            for person in scene.persons { outline(person, RGB(hex: 0x30E030)) }
            for face in scene.faces {
                outline(face.box, RGB(hex: 0xFF3030))
                for p in face.landmarks where p.visibility > 0 {
                    canvas.fill(.circle(p.x, p.y, line * 0.9, segments: 8), p.visibility == 2 ? RGB(hex: 0xFFE020) : RGB(hex: 0x20E0E0))
                }
            }
            canvas.fill(.rect(0, 0, Float(canvas.width), line * 2.5), styleColours[scene.style] ?? .white)
            return canvas
        }
        let rows = stride(from: 0, to: tiles.count, by: columns).map { Array(tiles[$0..<min(tiles.count, $0 + columns)]) }
        return grid(rows, tile: shoot.options.size)
    }

    /// Writes a sheet as PNG.
    public static func write(_ sheet: Canvas, to path: String) throws {
        try SynthOutput.makeFolders(URL(fileURLWithPath: path).deletingLastPathComponent(), [])
        try ImageOutput.writePNG(sheet, to: URL(fileURLWithPath: path))
    }
}
