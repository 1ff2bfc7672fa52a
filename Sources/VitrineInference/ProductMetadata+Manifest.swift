import VitrineData
import VitrineSearch

extension ProductMetadata {
    /// The attributes a visual match should share with its query, when the catalog has them.
    public static let visualAttributes = ["colour", "metal", "stone", "pattern"]

    /// A manifest row's product, category, brand, price and non-empty visual attributes.
    public init(manifestRow row: ManifestRow) {
        var attributes: [String: String] = [:]
        for key in Self.visualAttributes {
            if let value = row[key], !value.isEmpty { attributes[key] = value }
        }
        self.init(productID: row.productID, category: row.category, brand: row.brand, attributes: attributes,
                  price: row["price"].flatMap { Double($0) }, path: row.path)
    }
}
