/// What `vitrine datagen photoshoots` makes.
public struct PhotoshootOptions: Sendable, Equatable {
    public var images: Int
    /// Side of the square images in pixels.
    public var size: Int
    public var seed: UInt64

    /// Options with the CLI's defaults.
    public init(images: Int = 300, size: Int = 64, seed: UInt64 = 0) {
        self.images = images
        self.size = size
        self.seed = seed
    }

    /// Throws a ``SynthError`` naming the first option out of range.
    public func validate() throws {
        try SynthOptionCheck.positive("--images", images)
        try SynthOptionCheck.size(size)
    }
}
