import Foundation
import VitrineEngine
import VitrineImaging

/// Decodes a manifest's images into one `[N, C, size, size]` tensor: PNGs through libpng on both
/// cores, converted to the channel count (RGB composited on white, or gray) and resized to the
/// side length, so catalogs of any image size feed one network.
public enum ManifestImages {
    /// Images of `rows` (indices into `manifest`), in that order. A missing or damaged file is
    /// an error naming it and its manifest line.
    public static func load(_ manifest: Manifest, rows: [Int], channels: Int = 3, size: Int) throws -> Tensor {
        guard channels == 1 || channels == 3 else {
            throw EngineError.invalidArgument("ManifestImages", "channels must be 1 or 3, got \(channels)")
        }
        guard size > 0 else { throw EngineError.invalidArgument("ManifestImages", "size must be positive, got \(size)") }
        let plane = channels * size * size
        let result = Tensor(zeros: [rows.count, channels, size, size])
        let out = result.data
        try Parallel.forEachThrowing(rows.count, cost: 1 << 16) { i in
            do {
                let image = try decode(manifest, row: rows[i], channels: channels, size: size)
                image.pixels.withUnsafeBufferPointer { (out + i * plane).update(from: $0.baseAddress!, count: plane) }
            } catch {
                throw DataError(manifest.file, "line \(manifest.rows[rows[i]].line): \(error)")
            }
        }
        return result
    }

    /// One image, converted and resized as ``load(_:rows:channels:size:)`` does.
    public static func decode(_ manifest: Manifest, row: Int, channels: Int, size: Int) throws -> Image {
        try conform(PNG.read(URL(fileURLWithPath: manifest.absolutePath(of: row))), channels: channels, size: size)
    }

    /// `image` with `channels` channels (1 or 3) and `size × size` pixels.
    public static func conform(_ image: Image, channels: Int, size: Int) throws -> Image {
        var image = channels == 3 ? image.rgb() : image.gray()
        if image.height != size || image.width != size { image = try image.resized(height: size, width: size) }
        return image
    }
}
