import VitrineEngine

/// How expensive a brand is; scales every price.
public enum BrandTier: String, CaseIterable, Sendable {
    case budget, mid, premium, luxury

    var priceFactor: Double {
        switch self {
        case .budget: return 0.55
        case .mid: return 1
        case .premium: return 1.9
        case .luxury: return 3.6
        }
    }
}

/// A brand is a style family: its products share a palette, favourite patterns, metals,
/// stones and shapes, so telling two of its products apart needs the details.
public struct Brand: Sendable {
    public let name: String
    public let domain: ProductCategory.Domain
    public let tier: BrandTier
    /// Fabric, dial and strap colours the brand uses (small, so products share colours).
    public let palette: [NamedColour]
    /// Colours of trims, logos and prints.
    public let accents: [NamedColour]
    /// Pattern families with preference weights.
    public let patterns: [(Pattern.Kind, Double)]
    public let metals: [Metal]
    public let stones: [StoneColour]
    public let cuts: [StoneCut]
    /// Which of the logo marks the brand puts on garments and shoes.
    public let logo: Int
    /// A 0...1 shape preference: rounded, soft outlines versus angular ones.
    public let roundness: Float

    /// A brand with traits drawn from `random`.
    init(name: String, domain: ProductCategory.Domain, tier: BrandTier, random g: Generator) {
        self.name = name
        self.domain = domain
        self.tier = tier
        var colours = NamedColour.fabrics
        g.shuffle(&colours)
        palette = Array(colours[0..<3])
        accents = Array(colours[3..<5])
        var kinds = Pattern.Kind.allCases.filter { $0 != .plain }
        g.shuffle(&kinds)
        patterns = [(.plain, 1.0), (kinds[0], 1.4), (kinds[1], 0.9), (kinds[2], 0.3)]
        var metals = Metal.allCases
        g.shuffle(&metals)
        self.metals = Array(metals[0..<2])
        var stones = StoneColour.allCases
        g.shuffle(&stones)
        self.stones = Array(stones[0..<2])
        var cuts = StoneCut.allCases
        g.shuffle(&cuts)
        self.cuts = Array(cuts[0..<2])
        logo = g.int(below: 5)
        roundness = g.float(0, 1)
    }

    /// The own catalog's brands and the competitors', traits derived from `seed`.
    static func roster(seed: UInt64) -> (own: [Brand], competitors: [Brand]) {
        let g = Generator(seed: seed ^ 0xB2A4D)
        func make(_ entries: [(String, ProductCategory.Domain, BrandTier)]) -> [Brand] {
            entries.map { Brand(name: $0.0, domain: $0.1, tier: $0.2, random: g) }
        }
        let own = make([
            ("aurelia", .jewelry, .luxury), ("nordlys", .jewelry, .premium), ("castellan", .jewelry, .mid),
            ("miraflor", .jewelry, .budget),
            ("kestrel", .apparel, .premium), ("urbanfold", .apparel, .mid), ("tidewear", .apparel, .budget),
            ("monoline", .apparel, .luxury), ("sprintline", .apparel, .mid),
        ])
        let competitors = make([
            ("glintwood", .jewelry, .mid), ("lustra", .jewelry, .budget), ("orovia", .jewelry, .premium),
            ("basico", .apparel, .budget), ("stridex", .apparel, .mid), ("hemline", .apparel, .premium),
        ])
        return (own, competitors)
    }
}
