/// One product of the catalog. Categorical attributes are codes into the catalog's vocabularies.
public struct Product: Equatable, Sendable {
    public var id: Int
    public var category: Int
    public var brand: Int
    public var colour: Int
    public var material: Int
    public var sizeRange: Int
    public var listCents: Cents
    public var supplierCostCents: Cents
    /// The day (dataset day index) the product goes on sale; 0 or less: on sale from the start.
    /// Products launched late let a model show it can forecast from attributes alone.
    public var launchDay: Int

    public init(id: Int, category: Int, brand: Int, colour: Int, material: Int, sizeRange: Int,
                listCents: Cents, supplierCostCents: Cents, launchDay: Int = 0) {
        self.id = id
        self.category = category
        self.brand = brand
        self.colour = colour
        self.material = material
        self.sizeRange = sizeRange
        self.listCents = listCents
        self.supplierCostCents = supplierCostCents
        self.launchDay = launchDay
    }

    /// The line the pricing engine sees for `quantity` units at list price.
    public func cartLine(quantity: Int) -> CartLine {
        CartLine(productID: id, brand: brand, category: category, unitListCents: listCents, quantity: quantity)
    }
}

/// The names behind the categorical codes. A loaded dataset builds its vocabularies from the
/// values it finds, so codes are positions in these lists, not fixed constants.
public struct CatalogVocabulary: Equatable, Sendable {
    public var categories: [String]
    public var brands: [String]
    public var colours: [String]
    public var materials: [String]
    public var sizeRanges: [String]

    public init(categories: [String], brands: [String], colours: [String], materials: [String], sizeRanges: [String]) {
        self.categories = categories
        self.brands = brands
        self.colours = colours
        self.materials = materials
        self.sizeRanges = sizeRanges
    }
}

/// The products of a dataset with their vocabularies and an id → index map.
public struct Catalog: Sendable {
    public var products: [Product]
    public var vocabulary: CatalogVocabulary
    /// Product id → position in `products`.
    public let indexByID: [Int: Int]

    public init(products: [Product], vocabulary: CatalogVocabulary) {
        self.products = products
        self.vocabulary = vocabulary
        var map: [Int: Int] = [:]
        for (index, product) in products.enumerated() { map[product.id] = index }
        indexByID = map
    }

    public var count: Int { products.count }
}
