import VitrineImaging

extension Image {
    /// Outlines `box` in `color`, the line drawn inside the box's pixels so that a box at the
    /// image's edge stays visible. The box covers pixel columns ⌊x1⌋ ..< ⌈x2⌉ (and rows likewise):
    /// every pixel it touches, so a box a fraction of a pixel wide still shows. With a `label`,
    /// the text is written in white or black (whichever reads better on `color`) on a band of
    /// `color` above the box, or inside its top when there is no room above. Boxes with a
    /// non-finite coordinate are skipped; parts outside the image are clipped.
    public mutating func drawBox(_ box: CornerBox, color: Color, lineWidth: Int = 2, label: String? = nil) {
        guard [box.x1, box.y1, box.x2, box.y2].allSatisfy(\.isFinite) else { return }
        // Limited far outside any image so that the conversion to Int cannot trap.
        func pixel(_ v: Double, _ rounding: FloatingPointRoundingRule) -> Int {
            Int(min(max(v.rounded(rounding), -1e12), 1e12))
        }
        let (left, top) = (pixel(box.x1, .down), pixel(box.y1, .down))
        let (right, bottom) = (max(left + 1, pixel(box.x2, .up)), max(top + 1, pixel(box.y2, .up)))
        strokeRectangle(x: left, y: top, width: right - left, height: bottom - top, color: color, lineWidth: lineWidth)
        guard let label, !label.isEmpty else { return }
        let text = Image.textSize(label)
        let band = text.height + 2
        let bandTop = top - band >= 0 ? top - band : top
        fillRectangle(x: left, y: bandTop, width: text.width + 2, height: band, color: color)
        drawText(label, x: left + 1, y: bandTop + 1, color: color.luma > 0.5 ? .black : .white)
    }

    /// Outlines each detection in the colour `color` gives it (e.g. by category, or green for a
    /// true positive and red for a false one), labelled by `label` when it returns text.
    public mutating func drawDetections(_ detections: [Detection], lineWidth: Int = 2,
                                        color: (Detection) -> Color, label: (Detection) -> String? = { _ in nil }) {
        for detection in detections {
            drawBox(detection.box, color: color(detection), lineWidth: lineWidth, label: label(detection))
        }
    }
}
