import VitrineEngine
import VitrineImaging

/// Generated images laid out as a sheet: a batch `[N, C, H, W]` in the generator's tanh range
/// [−1, 1], one tile each, in rows of `columns` (a row per condition when the caller orders
/// the batch that way).
public enum SampleGrid {
    /// Tile `i` of `images` as an image in [0, 1].
    public static func image(_ images: Tensor, at index: Int) throws -> Image {
        let shape = images.shape
        let plane = shape[1] * shape[2] * shape[3]
        let pixels = (0..<plane).map { min(max((images.data[index * plane + $0] + 1) / 2, 0), 1) }
        return try Image(channels: shape[1], height: shape[2], width: shape[3], pixels: pixels)
    }

    /// The sheet; `captions` (one per image, or none) are printed under the tiles, `scale`
    /// enlarges small images by pixel repetition so a 32 px sample stays legible.
    public static func render(_ images: Tensor, columns: Int, captions: [String] = [], scale: Int = 2) throws -> Image {
        guard images.rank == 4, images.shape[0] > 0 else {
            throw ImagingError.invalidArgument("SampleGrid", "expected a batch [N, C, H, W] of at least one image, got \(images.shape)")
        }
        let (height, width) = (images.shape[2] * scale, images.shape[3] * scale)
        let grid = try ImageGrid(columns: columns, tileHeight: height, tileWidth: width, spacing: 2,
                                 captionLines: captions.isEmpty ? 0 : 1, borderWidth: 0)
        let tiles = try (0..<images.shape[0]).map { index -> GridTile in
            let tile = try image(images, at: index)
            return GridTile(try enlarged(tile.channels == 1 ? tile.rgb() : tile, by: scale),
                            caption: index < captions.count ? captions[index] : "")
        }
        return try grid.render(tiles)
    }

    static func enlarged(_ image: Image, by scale: Int) throws -> Image {
        guard scale > 1 else { return image }
        var out = try Image(channels: image.channels, height: image.height * scale, width: image.width * scale)
        for c in 0..<image.channels {
            for y in 0..<out.height {
                for x in 0..<out.width { out[c, y, x] = image[c, y / scale, x / scale] }
            }
        }
        return out
    }
}
