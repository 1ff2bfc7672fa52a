/// How large an image a PNG reader accepts, checked from the header before any pixel memory
/// is allocated. A reader of untrusted files (a search query, an upload to a serving process)
/// sets a lower cap than ``PNG/maximumPixels``: libpng's simplified API cannot decode
/// downscaled, so a 1 MB PNG declaring 16384 × 16384 pixels would otherwise cost gigabytes
/// (8 bytes of samples and floats per channel and pixel) and many seconds before it could be
/// resized to the model's input.
public struct PNGLimits: Equatable, Sendable {
    /// The most pixels (width × height) an image may have; within 1...``PNG/maximumPixels``.
    public let maxPixels: Int

    /// `maxPixels` is clamped into 1...``PNG/maximumPixels``: no setting lifts the hard cap.
    public init(maxPixels: Int) {
        self.maxPixels = min(max(maxPixels, 1), PNG.maximumPixels)
    }

    /// Files the program made or a user chose to train on: only the hard cap.
    public static let files = PNGLimits(maxPixels: PNG.maximumPixels)

    /// Query images (search, serving): 16 megapixels, e.g. 4096 × 4096, far above any model
    /// input and a few hundred MB to decode at worst.
    public static let queries = PNGLimits(maxPixels: 1 << 24)

    /// Whether `width × height` is at most ``maxPixels``, without overflowing on forged sizes.
    public func allows(width: Int, height: Int) -> Bool {
        guard width >= 0, height >= 0 else { return false }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        return !overflow && pixels <= maxPixels
    }

    /// The most bytes a PNG within the limit can take: 16-bit RGBA stored uncompressed is
    /// 8 bytes a pixel, plus one filter byte a row, deflate's stored-block overhead and room
    /// for ancillary chunks. A larger file is refused before it is read into memory.
    public var maxFileBytes: Int { maxPixels * 9 + (4 << 20) }
}
