/// What `vitrine datagen catalog` makes.
public struct CatalogOptions: Sendable, Equatable {
    /// Own products.
    public var products: Int
    /// Photos of each product (own and competitor).
    public var imagesPerProduct: Int
    /// Photos of each own product in the `train` split; 0 means `imagesPerProduct`. Rendering
    /// is free where real photo shoots are not: more poses, lights and settings per training
    /// product teach invariance without touching the held-out products, whose photo count
    /// (and so the retrieval protocol) stays `imagesPerProduct`. Photo k of a product is the
    /// same whatever the counts, so a larger count only adds photos.
    public var trainImagesPerProduct: Int
    /// Side of the square images in pixels.
    public var size: Int
    public var seed: UInt64
    /// Competitor products: most imitate an own product, the rest are their own designs.
    public var competitors: Int
    /// Also a line drawing of every product.
    public var sketches: Bool
    /// Catalog packshots (the product on white, near upright) of each own product, beside its
    /// photos in settings; 0 renders none.
    public var packshots: Int

    /// Options with the CLI's defaults.
    public init(products: Int = 200, imagesPerProduct: Int = 5, size: Int = 64, seed: UInt64 = 0,
                competitors: Int = 0, sketches: Bool = false, trainImagesPerProduct: Int = 0, packshots: Int = 0) {
        self.packshots = packshots
        self.products = products
        self.imagesPerProduct = imagesPerProduct
        self.trainImagesPerProduct = trainImagesPerProduct
        self.size = size
        self.seed = seed
        self.competitors = competitors
        self.sketches = sketches
    }

    /// The options as one line (`key=value ...`), written beside a rendered catalog as
    /// ``Catalog/optionsFile`` so that a folder rendered with other options is recognised.
    public var record: String {
        "products=\(products) images_per_product=\(imagesPerProduct) train_images_per_product=\(trainImagesPerProduct) "
            + "size=\(size) seed=\(seed) competitors=\(competitors) sketches=\(sketches)"
            // Only when asked for, so catalogs rendered before packshots existed still match.
            + (packshots > 0 ? " packshots=\(packshots)" : "")
    }

    /// Photos of a product from `source` in `split`.
    public func photoCount(own: Bool, split: String) -> Int {
        own && split == "train" && trainImagesPerProduct > 0 ? trainImagesPerProduct : imagesPerProduct
    }

    /// Throws a ``SynthError`` naming the first option out of range.
    public func validate() throws {
        try SynthOptionCheck.positive("--products", products)
        try SynthOptionCheck.positive("--images-per-product", imagesPerProduct)
        try SynthOptionCheck.size(size)
        guard trainImagesPerProduct >= 0 else {
            throw SynthError.invalidArgument("--train-images-per-product", "\(trainImagesPerProduct)", "0 (same as --images-per-product) or more")
        }
        guard packshots >= 0 else {
            throw SynthError.invalidArgument("--packshots", "\(packshots)", "0 (none) or more")
        }
        guard competitors >= 0 else {
            throw SynthError.invalidArgument("--competitors", "\(competitors)", "0 or more")
        }
    }
}

/// Range checks shared by the generators' options.
enum SynthOptionCheck {
    static let sizes = 16...1024

    static func positive(_ option: String, _ value: Int) throws {
        guard value > 0 else { throw SynthError.invalidArgument(option, "\(value)", "a positive count") }
    }

    static func size(_ value: Int) throws {
        guard sizes.contains(value) else {
            throw SynthError.invalidArgument("--size", "\(value)", "an image side in pixels, \(sizes.lowerBound) to \(sizes.upperBound)")
        }
    }
}
