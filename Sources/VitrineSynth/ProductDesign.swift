import Foundation
import VitrineEngine

/// Contrast details on garments and shoes.
public struct Trims: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    /// Trims from their bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let collar = Trims(rawValue: 1)
    public static let cuffs = Trims(rawValue: 2)
    public static let hem = Trims(rawValue: 4)
    public static let pocket = Trims(rawValue: 8)
    public static let logo = Trims(rawValue: 16)
    public static let sideStripe = Trims(rawValue: 32)

    static let named: [(Trims, String)] = [(.collar, "collar"), (.cuffs, "cuffs"), (.hem, "hem"),
                                          (.pocket, "pocket"), (.logo, "logo"), (.sideStripe, "side_stripe")]

    /// "collar+logo", or "none".
    public var label: String {
        let names = Self.named.filter { contains($0.0) }.map(\.1)
        return names.isEmpty ? "none" : names.joined(separator: "+")
    }
}

/// Everything that makes one product look the way it does, and its price. Renders of the
/// same design (photos, sketch) differ only in pose, light and setting.
public struct ProductDesign: Sendable {
    public var id: String
    public var category: ProductCategory
    public var brand: String
    public var tier: BrandTier
    /// Fabric colour; for watches the dial; for leather straps the strap.
    public var base: NamedColour
    /// Trim, logo and second-hand colour.
    public var accent: NamedColour
    public var pattern: Pattern
    public var patternColour: NamedColour
    public var trims: Trims
    public var metal: Metal?
    public var stoneCount: Int
    public var stone: StoneColour?
    public var cut: StoneCut?
    /// Silhouette within the category: neckline, case shape, pendant shape, earring type, high-top.
    public var variant: Int
    /// Ring band shape, watch strap, chain type; garments: sleeve or leg length.
    public var band: Int
    /// Engraving on metal: 0 none, 1 lines, 2 waves, 3 dots.
    public var engraving: Int
    /// Watch dial layout; garments and shoes: the logo mark.
    public var dial: Int
    /// Width of the garment or shoe, thickness of a hoop; for watches the time the hands show.
    public var fit: Float
    public var price: Double

    /// A new design of `category` in `brand`'s style.
    static func sample(id: String, category: ProductCategory, brand: Brand, random g: Generator) -> ProductDesign {
        let base = g.pick(brand.palette)
        var patternColour = g.pick(brand.accents + brand.palette.filter { $0 != base })
        if patternColour == base { patternColour = brand.accents[0] }
        var design = ProductDesign(
            id: id, category: category, brand: brand.name, tier: brand.tier, base: base,
            accent: g.pick(brand.accents), pattern: .plain, patternColour: patternColour, trims: [],
            metal: nil, stoneCount: 0, stone: nil, cut: nil, variant: 0, band: 0, engraving: 0,
            dial: brand.logo, fit: g.float(0, 1), price: 0)
        switch category.domain {
        case .jewelry:
            design.metal = g.pick(brand.metals)
            design.engraving = g.pick([(0, 2.0), (1, 1.0), (2, 1.0), (3, 1.0)])
            let maxStones: [ProductCategory: Int] = [.ring: 8, .earrings: 5, .pendant: 6, .watch: 12]
            let hasStones = g.chance(category == .watch ? 0.35 : 0.8)
            design.stoneCount = hasStones ? g.int(in: 1...(maxStones[category] ?? 4)) : 0
            if category == .watch && hasStones { design.stoneCount = 4 * g.int(in: 1...3) }
            if design.stoneCount > 0 {
                design.stone = g.pick(brand.stones)
                design.cut = design.stone == .pearl ? .round : g.pick(brand.cuts + [.round])
            }
            design.variant = shape(category, roundness: brand.roundness, random: g)
            design.band = g.int(below: category == .pendant ? 3 : 4)
            design.dial = g.int(below: 4)
        case .apparel:
            let kinds = category == .sneakers ? brand.patterns.map { ($0.0, $0.0 == .plain ? 3.0 : $0.1) } : brand.patterns
            let kind = g.pick(kinds)
            let angle: Float = kind == .stripes ? g.pick([0, .pi / 2, .pi / 4]) : g.float(-0.3, 0.3)
            design.pattern = Pattern(kind: kind, period: g.float(0.12, 0.3), angle: angle,
                                     duty: g.float(0.3, 0.6), phase: g.float(0, 1))
            var trims: Trims = []
            for (trim, _) in Trims.named where g.chance(0.4) { trims.insert(trim) }
            design.trims = trims
            design.variant = shape(category, roundness: brand.roundness, random: g)
            design.band = g.int(below: 3)
        }
        design.price = price(of: design, tier: brand.tier, random: g)
        return design
    }

    /// A silhouette variant, rounded ones (hoops, discs, round cases, crew necks, low-tops)
    /// favoured by brands with a high roundness and angular ones by the others.
    static func shape(_ category: ProductCategory, roundness: Float, random g: Generator) -> Int {
        let rounded: [ProductCategory: [Bool]] = [
            .ring: [true, false, true, false], .earrings: [false, true, false, true],
            .pendant: [true, true, true, false, false], .watch: [true, true, false, false],
            .tshirt: [true, true, false], .sweater: [true, true, false], .jacket: [true, false, true],
            .shorts: [true, false, false], .sneakers: [true, false, false],
        ]
        let kinds = rounded[category] ?? [true]
        return g.pick(kinds.enumerated().map { ($0.offset, Double(0.25 + ($0.element ? roundness : 1 - roundness))) })
    }

    /// A competitor's take on this design: the same kind of product under `brand`, with one to
    /// three details changed and the competitor's price.
    func imitation(id: String, by brand: Brand, random g: Generator) -> ProductDesign {
        var copy = self
        copy.id = id
        copy.brand = brand.name
        copy.tier = brand.tier
        copy.dial = category.domain == .apparel ? brand.logo : dial
        let changes = g.int(in: 1...3)
        for _ in 0..<changes {
            switch category.domain {
            case .apparel:
                switch g.int(below: 4) {
                case 0: copy.pattern.period *= g.float(0.75, 1.3); copy.pattern.phase = g.float(0, 1)
                case 1: copy.trims.formSymmetricDifference(Trims.named[g.int(below: Trims.named.count)].0)
                case 2: copy.accent = g.pick(brand.accents)
                default: copy.band = (band + 1 + g.int(below: 2)) % 3
                }
            case .jewelry:
                switch g.int(below: 4) {
                case 0: if copy.stoneCount > 0 { copy.stoneCount = max(1, copy.stoneCount + g.pick([-1, 1])) }
                case 1: if copy.stone != nil { copy.cut = g.pick(StoneCut.allCases) }
                case 2: copy.engraving = (engraving + 1 + g.int(below: 3)) % 4
                default: copy.metal = g.pick(brand.metals)
                }
            }
        }
        copy.price = Self.price(of: copy, tier: brand.tier, random: g)
        return copy
    }

    /// A plausible shelf price: category base, metal, stones, details and the brand's tier.
    static func price(of d: ProductDesign, tier: BrandTier, random g: Generator) -> Double {
        var amount: Double
        switch d.category {
        case .ring, .earrings, .pendant, .watch:
            let metalValue = d.metal?.value ?? 1
            let base: [ProductCategory: Double] = [.ring: 55, .earrings: 45, .pendant: 50, .watch: 140]
            amount = (base[d.category] ?? 50) * (d.category == .watch ? pow(metalValue, 0.6) : metalValue)
            let pieces = d.category == .earrings ? 2.0 : 1.0
            let stoneUnit = d.category == .watch ? 40.0 : 120.0
            amount += Double(d.stoneCount) * pieces * stoneUnit * (d.stone?.value ?? 0) / (d.stoneCount > 3 ? 2 : 1)
            if d.engraving > 0 { amount *= 1.1 }
            if d.category == .watch && d.dial == 1 { amount += 90 }
        case .tshirt, .sweater, .jacket, .shorts, .sneakers:
            let base: [ProductCategory: Double] = [.tshirt: 18, .sweater: 55, .jacket: 120, .shorts: 28, .sneakers: 80]
            amount = base[d.category] ?? 30
            if d.pattern.kind != .plain { amount *= 1.12 }
            amount *= 1 + 0.05 * Double(Trims.named.filter { d.trims.contains($0.0) }.count)
        }
        amount *= tier.priceFactor * Double(g.float(0.88, 1.14))
        // Shelf prices end in .99 below 100, in 5s minus a cent above.
        return amount < 100 ? floor(amount) + 0.99 : (amount / 5).rounded() * 5 - 0.01
    }

    /// The manifest's colour column: fabric (apparel), dial (watches), stone (other jewelry).
    public var colourLabel: String {
        switch category {
        case .watch: return base.name
        case .ring, .earrings, .pendant: return stone?.rawValue ?? "none"
        default: return base.name
        }
    }
}
