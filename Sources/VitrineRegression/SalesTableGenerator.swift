import Foundation
import VitrineData
import VitrineEngine

/// A seeded sales table, products × weeks, in which the style of each product's main photo has
/// a known (planted) effect on sales: the data for checking that the sales regression recovers
/// what was put in.
///
/// Per product: a category, a photo style, a base price around its category's and a product
/// effect `u ~ N(0, productEffectSD²)` (the product's unobserved appeal, shared by all its weeks).
/// Per week: a common seasonal shift. Per product-week: a promotion flag, with a discount of
/// 10–30 % when on, and units sold
///
///     log units = α + category + week + elasticity · log price + lift · promo + log(1 + style effect) + u + ε,
///     ε ~ N(0, noiseSD²),
///
/// rounded to whole units (at least 1). The style is fixed per product, like `u`, so the
/// residuals of a product's weeks are correlated and classical standard errors of the style
/// effects are far too small: the reason for clustering by product. Every random draw comes from
/// a stream keyed by (seed, product) or (seed, product, week), so a product's rows do not change
/// when the table gets more products or weeks.
public struct SalesTableSpecification: Equatable {
    /// A photo style, the share of products shown in it and its planted effect on units sold
    /// (0.09: +9 % against the reference style). The names are VitrineSynth's `PhotoStyle` raw
    /// values, the labels the photo-style task gives.
    public struct PlantedStyle: Equatable {
        public var name: String
        public var share: Double
        public var percentageEffect: Double

        public init(name: String, share: Double, percentageEffect: Double) {
            self.name = name
            self.share = share
            self.percentageEffect = percentageEffect
        }
    }

    /// A category and the median base price of its products.
    public struct Category: Equatable {
        public var name: String
        public var medianPrice: Double
        /// Its planted shift of log units, against the first category.
        public var logShift: Double

        public init(name: String, medianPrice: Double, logShift: Double) {
            self.name = name
            self.medianPrice = medianPrice
            self.logShift = logShift
        }
    }

    public var products: Int
    public var weeks: Int
    public var seed: UInt64
    /// The first style is the reference (its effect is 0 by definition).
    public var styles: [PlantedStyle] = [
        PlantedStyle(name: "product_only", share: 0.35, percentageEffect: 0),
        PlantedStyle(name: "on_model", share: 0.35, percentageEffect: 0.09),
        PlantedStyle(name: "worn", share: 0.30, percentageEffect: 0.05),
    ]
    public var categories: [Category] = [
        Category(name: "bags", medianPrice: 60, logShift: 0),
        Category(name: "dresses", medianPrice: 45, logShift: 0.25),
        Category(name: "shoes", medianPrice: 70, logShift: 0.1),
        Category(name: "tops", medianPrice: 25, logShift: 0.4),
    ]
    /// d log units / d log price.
    public var priceElasticity = -1.5
    /// The shift of log units in a promoted week beyond its lower price (the promotion's visibility).
    public var promotionLift = 0.15
    public var promotionShare = 0.2
    public var productEffectSD = 0.35
    public var noiseSD = 0.25
    /// Typical units in a week at the median price, before the effects.
    public var typicalUnits = 80.0

    public init(products: Int, weeks: Int, seed: UInt64) {
        self.products = products
        self.weeks = weeks
        self.seed = seed
    }

    /// The planted coefficient of a style's dummy, `log(1 + effect)`.
    public func plantedCoefficient(style: String) -> Double? {
        styles.first { $0.name == style }.map { log1p($0.percentageEffect) }
    }

    /// The regression the table is made for: `np.log(units_sold) ~ C(style) + C(category) +
    /// C(week) + np.log(price) + promo`, the styles declared with the reference first (so a style
    /// that never occurs is an error, not a silently missing dummy), category and week fixed
    /// effects. Cluster its standard errors by `product_id`.
    public var regressionFormula: RegressionFormula {
        RegressionFormula(response: "units_sold", .log, terms: [
            .intercept,
            .categorical("style", levels: styles.map(\.name)),
            .fixedEffects("category"),
            .fixedEffects("week"),
            .log("price"),
            .numeric("promo"),
        ])
    }

    /// The table's columns.
    public static let columnNames = ["product_id", "week", "category", "style", "price", "promo", "units_sold"]

    /// Generates the table. `productStyles`, when given, fixes each product's style (for
    /// example the true styles of generated photoshoots, product `i` being photo `i`) instead of
    /// drawing them from the shares.
    public func generate(productStyles: [String]? = nil) throws -> RegressionTable {
        let source = "generated sales (seed \(seed))"
        guard products > 0, weeks > 0 else {
            throw RegressionError.badTable(source, "a sales table needs at least one product and one week, got \(products) × \(weeks)")
        }
        guard !styles.isEmpty, !categories.isEmpty, styles.allSatisfy({ $0.share >= 0 }), styles.contains(where: { $0.share > 0 }) else {
            throw RegressionError.badTable(source, "the styles need non-negative shares, at least one positive, and at least one category")
        }
        if let given = productStyles {
            guard given.count == products else {
                throw RegressionError.badTable(source, "\(given.count) product styles given for \(products) products")
            }
            if let unknown = given.first(where: { name in !styles.contains { $0.name == name } }) {
                throw RegressionError.badTable(source, "the product style '\(unknown)' is not one of \(styles.map(\.name).joined(separator: ", "))")
            }
        }
        let digits = String(products).count
        let medianLogPrice = log(categories.map(\.medianPrice).sorted()[categories.count / 2])
        let intercept = log(typicalUnits) - priceElasticity * medianLogPrice
        let weekShifts = (1...weeks).map { week -> Double in
            let g = Generator(seed: SeedMixer.mix(seed, 2, UInt64(week)))
            return 0.15 * sin(2 * Double.pi * Double(week) / 52) + 0.05 * g.normal()
        }
        var cells = [[String]](repeating: [], count: Self.columnNames.count)
        for product in 0..<products {
            let g = Generator(seed: SeedMixer.mix(seed, 1, UInt64(product)))
            let category = categories[g.int(below: categories.count)]
            let drawnStyle = draw(styles, by: g.uniform())
            let style = productStyles.map { name in styles.first { $0.name == name[product] }! } ?? drawnStyle
            let basePrice = category.medianPrice * exp(0.25 * g.normal())
            let productEffect = productEffectSD * g.normal()
            let id = "P" + String(repeating: "0", count: digits - String(product + 1).count) + String(product + 1)
            for week in 1...weeks {
                let w = Generator(seed: SeedMixer.mix(seed, 3, UInt64(product), UInt64(week)))
                let promoted = w.uniform() < promotionShare
                let discount = promoted ? 0.1 + 0.2 * w.uniform() : 0
                // Prices in cents, as a shop sets them; the regression reads the rounded price.
                let price = max(0.01, (basePrice * (1 - discount) * exp(0.03 * w.normal()) * 100).rounded() / 100)
                let logUnits = intercept + category.logShift + weekShifts[week - 1] + priceElasticity * log(price)
                    + (promoted ? promotionLift : 0) + log1p(style.percentageEffect) + productEffect + noiseSD * w.normal()
                let units = max(1, exp(logUnits).rounded())
                let row = [id, String(week), category.name, style.name, String(format: "%.2f", price), promoted ? "1" : "0",
                           String(Int(units))]
                for (c, value) in row.enumerated() { cells[c].append(value) }
            }
        }
        return try RegressionTable(source: source, columns: zip(Self.columnNames, cells).map { (name: $0.0, cells: $0.1) })
    }

    /// The style whose cumulative share first exceeds `u` (shares need not sum to 1).
    private func draw(_ styles: [PlantedStyle], by u: Double) -> PlantedStyle {
        let total = styles.reduce(0) { $0 + $1.share }
        var cumulative = 0.0
        for style in styles {
            cumulative += style.share / total
            if u < cumulative { return style }
        }
        return styles.last { $0.share > 0 }!
    }
}
