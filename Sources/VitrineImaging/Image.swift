import VitrineEngine

/// A picture as Float32 samples in channel-major (CHW) order, values nominally in 0...1.
///
/// `channels` says what the planes mean: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA; alpha is
/// straight (not premultiplied). The layout is the one the engine's `[C, H, W]` image tensors
/// use, so ``tensor`` and ``init(tensor:)`` are plain copies. A value type: operations return
/// new images and leave their input alone.
public struct Image: Equatable, Sendable {
    /// 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.
    public let channels: Int
    public let height: Int
    public let width: Int
    /// `channels × height × width` samples, plane after plane, rows top to bottom. Writable for
    /// fast fills and generators; keep its count unchanged (operations index it by the shape).
    public var pixels: [Float]

    /// The channel counts an image can have, and what each means.
    public static let channelMeanings = [1: "gray", 2: "gray+alpha", 3: "RGB", 4: "RGBA"]

    /// An image with every sample set to `fill`.
    public init(channels: Int, height: Int, width: Int, fill: Float = 0) throws {
        try Self.validate(channels: channels, height: height, width: width, operation: "Image")
        self.channels = channels
        self.height = height
        self.width = width
        self.pixels = [Float](repeating: fill, count: channels * height * width)
    }

    /// An image filled with `color`, taking the components that `channels` calls for.
    public init(channels: Int, height: Int, width: Int, color: Color) throws {
        try self.init(channels: channels, height: height, width: width)
        let (components, plane) = (color.components(channels: channels), planeSize)
        pixels.withUnsafeMutableBufferPointer { p in
            for c in 0..<channels { p[(c * plane)..<((c + 1) * plane)].update(repeating: components[c]) }
        }
    }

    /// An image holding `pixels` (CHW order); their count must be `channels × height × width`.
    public init(channels: Int, height: Int, width: Int, pixels: [Float]) throws {
        try Self.validate(channels: channels, height: height, width: width, operation: "Image")
        guard pixels.count == channels * height * width else {
            throw ImagingError.invalidArgument(
                "Image", "\(channels)×\(height)×\(width) needs \(channels * height * width) samples, got \(pixels.count)")
        }
        self.channels = channels
        self.height = height
        self.width = width
        self.pixels = pixels
    }

    /// A copy of a `[C, H, W]` tensor with C in 1...4.
    public init(tensor: Tensor) throws {
        guard tensor.rank == 3 else {
            throw ImagingError.invalidArgument("Image(tensor:)", "expected a [C, H, W] tensor, got shape \(tensor.shape)")
        }
        try self.init(channels: tensor.shape[0], height: tensor.shape[1], width: tensor.shape[2], pixels: tensor.array)
    }

    /// A new `[C, H, W]` tensor holding a copy of the pixels.
    public var tensor: Tensor {
        let result = Tensor(zeros: [channels, height, width])
        pixels.withUnsafeBufferPointer { source in
            if let base = source.baseAddress, !source.isEmpty { result.data.update(from: base, count: source.count) }
        }
        return result
    }

    /// Samples in one channel plane.
    public var planeSize: Int { height * width }

    /// Whether the last channel is alpha (2 or 4 channels).
    public var hasAlpha: Bool { channels == 2 || channels == 4 }

    /// The sample at channel `c`, row `y`, column `x` (no bounds checks beyond the array's).
    public subscript(c: Int, y: Int, x: Int) -> Float {
        get { pixels[(c * height + y) * width + x] }
        set { pixels[(c * height + y) * width + x] = newValue }
    }

    static func validate(channels: Int, height: Int, width: Int, operation: String) throws {
        guard (1...4).contains(channels) else {
            throw ImagingError.invalidArgument(
                operation, "channels must be 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA), got \(channels)")
        }
        guard height >= 0, width >= 0 else {
            throw ImagingError.invalidArgument(operation, "height and width must not be negative, got \(height)×\(width)")
        }
        guard PNG.withinLimit(width: width, height: height) else {
            throw ImagingError.invalidArgument(operation, "\(height)×\(width) exceeds the limit of \(PNG.maximumPixels) pixels")
        }
    }
}
