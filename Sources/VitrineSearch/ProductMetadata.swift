/// What an index knows about each embedded image besides its vector.
///
/// `productID` identifies the product (several images may share one; retrieval metrics count
/// a neighbour with the same product as a hit). `attributes` are the visual properties that
/// cross-brand and cross-category matches should share (`colour`, `metal`, `stone`,
/// `pattern`, …); `price` is in the catalog's currency, nil when unknown.
public struct ProductMetadata: Codable, Equatable, Sendable {
    public var productID: String
    public var category: String
    public var brand: String
    public var attributes: [String: String]
    public var price: Double?
    public var path: String

    public init(productID: String, category: String, brand: String, attributes: [String: String] = [:],
                price: Double? = nil, path: String = "") {
        self.productID = productID
        self.category = category
        self.brand = brand
        self.attributes = attributes
        self.price = price
        self.path = path
    }

    enum CodingKeys: String, CodingKey {
        case productID = "product_id", category, brand, attributes, price, path
    }

    /// Whether `other` has every attribute this item has, with the same value (an item
    /// without attributes is matched by anything).
    public func attributesShared(by other: ProductMetadata) -> Bool {
        attributes.allSatisfy { other.attributes[$0.key] == $0.value }
    }
}
