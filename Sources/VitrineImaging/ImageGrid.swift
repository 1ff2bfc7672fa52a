/// One cell of an ``ImageGrid``: a picture, the caption under it, and an optional coloured
/// frame (e.g. green for a correct retrieval, red for a wrong one).
public struct GridTile: Equatable, Sendable {
    public var image: Image
    public var caption: String
    public var border: Color?

    public init(_ image: Image, caption: String = "", border: Color? = nil) {
        self.image = image
        self.caption = caption
        self.border = border
    }
}

/// A contact sheet: tiles in rows of `columns`, each picture scaled to fit its slot (aspect
/// ratio kept, centred, alpha composited over the background) with its caption underneath in
/// the built-in font. Used for retrieval examples, detection overlays and dataset previews.
public struct ImageGrid: Equatable, Sendable {
    public let columns: Int
    public let tileHeight: Int
    public let tileWidth: Int
    /// Pixels between cells and around the sheet.
    public let spacing: Int
    /// Caption lines under each tile; longer captions wrap at spaces and end in "..".
    public let captionLines: Int
    public let captionScale: Int
    public let borderWidth: Int
    public let background: Color
    public let captionColor: Color

    public init(columns: Int, tileHeight: Int, tileWidth: Int, spacing: Int = 4, captionLines: Int = 1,
                captionScale: Int = 1, borderWidth: Int = 2, background: Color = .white,
                captionColor: Color = .black) throws {
        guard columns > 0, tileHeight > 0, tileWidth > 0 else {
            throw ImagingError.invalidArgument(
                "ImageGrid", "columns and tile size must be positive, got \(columns) columns of \(tileHeight)×\(tileWidth)")
        }
        let limit = 1 << 16  // far beyond any sheet; keeps the layout arithmetic from overflowing
        guard [columns, tileHeight, tileWidth, spacing, captionLines, captionScale, borderWidth].allSatisfy({ $0 <= limit }) else {
            throw ImagingError.invalidArgument("ImageGrid", "layout numbers must be at most \(limit)")
        }
        guard spacing >= 0, captionLines >= 0, captionScale > 0, borderWidth >= 0 else {
            throw ImagingError.invalidArgument(
                "ImageGrid", "spacing, caption lines and border width must not be negative and the caption scale must be "
                    + "positive, got \(spacing), \(captionLines), \(borderWidth), \(captionScale)")
        }
        self.columns = columns
        self.tileHeight = tileHeight
        self.tileWidth = tileWidth
        self.spacing = spacing
        self.captionLines = captionLines
        self.captionScale = captionScale
        self.borderWidth = borderWidth
        self.background = background
        self.captionColor = captionColor
    }

    /// Height of the caption band under each tile.
    var captionHeight: Int { captionLines == 0 ? 0 : captionLines * BitmapFont.lineHeight * captionScale + 2 }

    /// The top-left pixel of tile `index`'s picture slot.
    public func origin(ofTile index: Int) -> (x: Int, y: Int) {
        let (row, column) = index.quotientAndRemainder(dividingBy: columns)
        return (spacing + column * (tileWidth + spacing), spacing + row * (tileHeight + captionHeight + spacing))
    }

    /// The sheet, as an RGB image.
    public func render(_ tiles: [GridTile]) throws -> Image {
        guard !tiles.isEmpty else { throw ImagingError.invalidArgument("ImageGrid", "no tiles to lay out") }
        let rows = (tiles.count + columns - 1) / columns, used = min(columns, tiles.count)
        let width = spacing + used * (tileWidth + spacing)
        let height = spacing + rows * (tileHeight + captionHeight + spacing)
        guard PNG.withinLimit(width: width, height: height) else {
            throw ImagingError.invalidArgument(
                "ImageGrid", "a \(height)×\(width) sheet exceeds \(PNG.maximumPixels) pixels; use fewer or smaller tiles")
        }
        var sheet = try Image(channels: 3, height: height, width: width, color: background)
        for (index, tile) in tiles.enumerated() {
            let (x, y) = origin(ofTile: index)
            try place(tile.image, x: x, y: y, on: &sheet)
            if let border = tile.border {
                sheet.strokeRectangle(x: x, y: y, width: tileWidth, height: tileHeight, color: border, lineWidth: borderWidth)
            }
            for (line, text) in wrap(tile.caption).enumerated() {
                let textWidth = Image.textSize(text, scale: captionScale).width
                sheet.drawText(text, x: x + max(0, (tileWidth - textWidth) / 2),
                               y: y + tileHeight + 2 + line * BitmapFont.lineHeight * captionScale,
                               color: captionColor, scale: captionScale)
            }
        }
        return sheet
    }

    /// Scales `image` to fit the slot inside the border, keeping its aspect ratio, and centres it.
    private func place(_ image: Image, x: Int, y: Int, on sheet: inout Image) throws {
        guard image.width > 0, image.height > 0 else { return }
        let inset = borderWidth
        let (slotHeight, slotWidth) = (max(1, tileHeight - 2 * inset), max(1, tileWidth - 2 * inset))
        let scale = min(Double(slotHeight) / Double(image.height), Double(slotWidth) / Double(image.width))
        let fittedHeight = max(1, min(slotHeight, Int((Double(image.height) * scale).rounded())))
        let fittedWidth = max(1, min(slotWidth, Int((Double(image.width) * scale).rounded())))
        var picture = image.rgb(background: background)
        if fittedHeight != image.height || fittedWidth != image.width {
            picture = try picture.resized(height: fittedHeight, width: fittedWidth)
        }
        try sheet.paste(picture, x: x + inset + (slotWidth - fittedWidth) / 2, y: y + inset + (slotHeight - fittedHeight) / 2)
    }

    /// The caption broken at spaces into at most `captionLines` lines that fit the tile width;
    /// words longer than a line are cut, and text that does not fit ends in "..".
    func wrap(_ caption: String) -> [String] {
        let perLine = max(1, (tileWidth + 1) / (BitmapFont.advance * captionScale))
        guard captionLines > 0, !caption.isEmpty else { return [] }
        var lines: [String] = [], current = ""
        var words = caption.split(separator: " ").map(String.init)
        while !words.isEmpty {
            let word = words.removeFirst()
            if word.count > perLine {
                words.insert(String(word.dropFirst(perLine)), at: 0)
                words.insert(String(word.prefix(perLine)), at: 0)
                continue
            }
            let candidate = current.isEmpty ? word : current + " " + word
            if candidate.count <= perLine {
                current = candidate
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > captionLines else { return lines }
        var kept = Array(lines.prefix(captionLines))
        kept[captionLines - 1] = String(kept[captionLines - 1].prefix(max(0, perLine - 2))) + ".."
        return kept
    }
}
