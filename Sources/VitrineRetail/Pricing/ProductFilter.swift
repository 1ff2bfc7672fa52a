/// Which products a promotion covers.
///
/// Each non-empty criterion must match (brand AND category AND product id); within a criterion
/// any listed value matches. An empty filter covers every product, which is how site-wide sales
/// are written.
public struct ProductFilter: Equatable, Sendable {
    /// Brand codes (indices into the catalog's brand names).
    public var brands: [Int]
    /// Category codes.
    public var categories: [Int]
    /// Product ids, kept sorted so that matching is a binary search and files list them in order.
    public private(set) var productIDs: [Int]

    /// Empty lists match anything.
    public init(brands: [Int] = [], categories: [Int] = [], productIDs: [Int] = []) {
        self.brands = brands
        self.categories = categories
        self.productIDs = productIDs.sorted()
    }

    /// The filter that covers every product.
    public static let everything = ProductFilter()

    /// Whether a product with these attributes is covered.
    public func matches(productID: Int, brand: Int, category: Int) -> Bool {
        if !brands.isEmpty && !brands.contains(brand) { return false }
        if !categories.isEmpty && !categories.contains(category) { return false }
        if !productIDs.isEmpty && !containsProduct(productID) { return false }
        return true
    }

    private func containsProduct(_ id: Int) -> Bool {
        var low = 0, high = productIDs.count
        while low < high {
            let mid = (low + high) / 2
            if productIDs[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < productIDs.count && productIDs[low] == id
    }
}
