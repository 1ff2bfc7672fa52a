import Foundation
import VitrineImaging

/// The one place generated canvases become files.
enum ImageOutput {
    /// The canvas's RGB as an image for VitrineImaging.
    static func image(_ canvas: Canvas) throws -> Image {
        try Image(channels: 3, height: canvas.height, width: canvas.width, pixels: canvas.pixels)
    }

    /// Writes the canvas's RGB as an 8-bit PNG. Encoded through VitrineImaging but written
    /// without its per-file fsync: a generated dataset is recreated from its seed, and syncing
    /// thousands of small files would dominate the run.
    static func writePNG(_ canvas: Canvas, to url: URL) throws {
        let data: Data
        do {
            data = try PNG.encode(image(canvas))
        } catch {
            throw SynthError.writeFailed(url.path, "\(error)")
        }
        do {
            try data.write(to: url)
        } catch {
            throw SynthError.writeFailed(url.path, error.localizedDescription)
        }
    }
}
