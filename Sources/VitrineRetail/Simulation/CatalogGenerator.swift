import Foundation
import VitrineEngine

/// What the simulator knows about a product and a model must infer: how much it sells at list
/// price, how price-sensitive it is, whether it is a slow mover.
public struct ProductTruth: Equatable, Sendable {
    /// Expected units a day at list price on an average day (before calendar effects and the
    /// calibration to the target order count).
    public var baseRate: Double
    /// Multiplies every segment's price elasticity.
    public var elasticityScale: Double
    /// Slow movers sell rarely, with rare spikes.
    public var slowMover: Bool
}

/// Draws an apparel catalog: categories with their price levels and seasons, brands with price
/// tiers, and products whose popularity depends on their attributes (so a model can forecast a
/// new product from its attributes alone).
enum CatalogGenerator {
    /// Category name, base list price in dollars, size range, yearly peak day and seasonal swing.
    static let categoryTable: [(name: String, price: Double, size: Int, peakDay: Double, swing: Double)] = [
        ("dresses", 60, 0, 170, 0.30), ("tops", 30, 0, 160, 0.15), ("t-shirts", 20, 1, 190, 0.35),
        ("jeans", 55, 3, 250, 0.10), ("trousers", 50, 3, 270, 0.10), ("skirts", 40, 0, 160, 0.25),
        ("jackets", 90, 1, 290, 0.30), ("coats", 140, 1, 335, 0.55), ("knitwear", 60, 1, 320, 0.45),
        ("shoes", 80, 2, 100, 0.10), ("bags", 70, 4, 340, 0.15), ("accessories", 25, 4, 345, 0.25),
    ]
    static let sizeRanges = ["XS-XL", "S-XXL", "36-46", "24-34", "one size"]
    static let colours = ["black", "white", "grey", "navy", "blue", "red", "green", "beige", "brown", "pink", "yellow", "purple"]
    static let colourAppeal: [Double] = [1.5, 1.2, 1.0, 1.1, 1.0, 0.8, 0.6, 0.9, 0.8, 0.7, 0.5, 0.5]
    static let materials = ["cotton", "denim", "wool", "polyester", "linen", "leather", "silk", "viscose"]
    static let materialAppeal: [Double] = [1.3, 1.0, 0.9, 0.8, 0.8, 0.9, 0.7, 0.9]
    static let brandSyllables = ["Ar", "Bel", "Cor", "Dav", "El", "Fio", "Gal", "Hal", "Is", "Jun", "Kor", "Lun", "Mar", "Nor", "Ol", "Par"]
    static let brandEndings = ["a", "ino", "ette", "ton", "ora", "is", "ane", "o"]

    static func vocabulary(brandCount: Int) -> CatalogVocabulary {
        let brands = (0..<brandCount).map { index in
            brandSyllables[index % brandSyllables.count] + brandEndings[(index / brandSyllables.count + index) % brandEndings.count]
                + (index >= brandSyllables.count * brandEndings.count ? " \(index)" : "")
        }
        return CatalogVocabulary(categories: categoryTable.map(\.name), brands: brands, colours: colours,
                                 materials: materials, sizeRanges: sizeRanges)
    }

    /// Products 1...count (ids are 1-based so that a zero in a file is visibly wrong).
    static func generate(count: Int, brandCount: Int, slowMoverShare: Double, newProductShare: Double, days: Int, seed: UInt64)
        -> (Catalog, [ProductTruth])
    {
        let random = Generator(seed: seed)
        let brandTier = (0..<brandCount).map { _ in exp(0.45 * random.normal()) }
        let brandAppeal = (0..<brandCount).map { _ in exp(0.5 * random.normal()) }
        let categoryAppeal = categoryTable.map { _ in exp(0.3 * random.normal()) }
        var products: [Product] = []
        var truths: [ProductTruth] = []
        products.reserveCapacity(count)
        for index in 0..<count {
            let category = random.int(below: categoryTable.count)
            let brand = random.int(below: brandCount)
            let colour = random.int(below: colours.count)
            let material = category == 3 ? 1 : random.int(below: materials.count)
            let price = categoryTable[category].price * brandTier[brand] * exp(0.25 * random.normal())
            // Prices end in .99, as shelves do.
            let listCents = max(499, Int(price.rounded()) * 100 - 1)
            let markup = 1.6 + random.uniform() * 1.1
            let costCents = Int((Double(listCents) / markup).rounded())
            let slow = random.uniform() < slowMoverShare
            let launch = random.uniform() < newProductShare && days > 1 ? 1 + random.int(below: days - 1) : 0
            let appeal = categoryAppeal[category] * brandAppeal[brand] * colourAppeal[colour] * materialAppeal[material]
            let rate = appeal * exp(0.8 * random.normal()) * (slow ? 0.08 : 1) * pow(categoryTable[category].price / price, 0.5)
            products.append(Product(id: index + 1, category: category, brand: brand, colour: colour, material: material,
                                    sizeRange: categoryTable[category].size, listCents: listCents, supplierCostCents: costCents, launchDay: launch))
            truths.append(ProductTruth(baseRate: rate, elasticityScale: exp(0.2 * random.normal()), slowMover: slow))
        }
        return (Catalog(products: products, vocabulary: vocabulary(brandCount: brandCount)), truths)
    }
}
