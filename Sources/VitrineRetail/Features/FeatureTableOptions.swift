/// How categorical attributes appear in a feature table.
public enum CategoricalView: String, CaseIterable, Sendable {
    /// One column of integer codes per attribute (for entity embeddings and trees).
    case codes
    /// One 0/1 column per value.
    case oneHot = "one_hot"
    case both
}

/// Which products and which views a feature table holds.
///
/// The full table is large (10,000 products × 1095 days × ~60 columns of Float32 ≈ 2.6 GB),
/// so by default it covers a deterministic sample of 2,000 products; nil covers the catalog.
public struct FeatureTableOptions: Equatable, Sendable {
    public var products: Int? = 2000
    /// Explicit catalog indices (overrides `products`).
    public var productIndices: [Int]?
    /// Seeds the product sample.
    public var sampleSeed: UInt64 = 0
    public var categorical: CategoricalView = .codes
    /// Days of orders behind the shopping-cart statistics.
    public var cartWindow = 30
    /// Windows of the price, promotion and sales lags.
    public var lagWindows = [7, 30, 365]

    public init() {}
}
