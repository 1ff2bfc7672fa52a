/// Draws any product design: the one entry point photos, sketches and photoshoots use.
enum ProductArt {
    /// Draws `design` onto `canvas`, posed by `pose` (product units to pixels).
    static func draw(_ design: ProductDesign, on canvas: inout Canvas, pose: Affine, flat: Bool = false) {
        var drawing = Drawing(canvas: canvas, pose: pose, flat: flat)
        switch design.category.domain {
        case .jewelry: JewelryArt.draw(design, on: &drawing)
        case .apparel: ApparelArt.draw(design, on: &drawing)
        }
        canvas = drawing.canvas
    }
}
