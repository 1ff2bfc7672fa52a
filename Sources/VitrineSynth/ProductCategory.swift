/// What a product is. Jewelry and apparel (with footwear) are the two domains; a brand makes
/// products of one domain.
public enum ProductCategory: String, CaseIterable, Sendable {
    case ring, earrings, pendant, watch
    case tshirt, sweater, jacket, shorts, sneakers

    /// Jewelry or apparel (footwear included).
    public enum Domain: String, Sendable { case jewelry, apparel }

    public var domain: Domain {
        switch self {
        case .ring, .earrings, .pendant, .watch: return .jewelry
        case .tshirt, .sweater, .jacket, .shorts, .sneakers: return .apparel
        }
    }

    /// The categories of a domain, in a fixed order.
    public static func categories(of domain: Domain) -> [ProductCategory] {
        allCases.filter { $0.domain == domain }
    }
}

/// A named colour of the catalog palette (apparel fabrics, dials, straps).
public struct NamedColour: Equatable, Sendable {
    public let name: String
    public let rgb: RGB

    /// A colour named `name` with value 0xRRGGBB.
    public init(_ name: String, _ hex: UInt32) {
        self.name = name
        rgb = RGB(hex: hex)
    }

    /// Fabric and leather colours brands draw their palettes from.
    public static let fabrics: [NamedColour] = [
        NamedColour("navy", 0x1F2A48), NamedColour("black", 0x202020), NamedColour("white", 0xF0F0EA),
        NamedColour("grey", 0x8C8C8C), NamedColour("red", 0xB3202A), NamedColour("burgundy", 0x6D1A2A),
        NamedColour("forest", 0x2E5339), NamedColour("olive", 0x6B6B3A), NamedColour("mustard", 0xD4A017),
        NamedColour("beige", 0xD8C3A0), NamedColour("sky", 0x7FB2E0), NamedColour("pink", 0xE8A0B4),
        NamedColour("teal", 0x1F7A7A), NamedColour("orange", 0xE0662A), NamedColour("brown", 0x6B4226),
        NamedColour("cream", 0xEFE6D0),
    ]
}

/// Precious metals with the three tones that make them read as metal: body, highlight, shadow.
public enum Metal: String, CaseIterable, Sendable {
    case yellowGold = "yellow_gold", whiteGold = "white_gold", roseGold = "rose_gold", silver

    public var body: RGB {
        switch self {
        case .yellowGold: return RGB(hex: 0xD4AA3A)
        case .whiteGold: return RGB(hex: 0xDCDAD0)
        case .roseGold: return RGB(hex: 0xDB9C80)
        case .silver: return RGB(hex: 0xB8BCC4)
        }
    }

    public var highlight: RGB { body.mixed(with: .white, 0.75) }
    public var shadow: RGB { body.mixed(with: .black, 0.5) }

    /// Price multiplier over silver.
    var value: Double {
        switch self {
        case .silver: return 1
        case .whiteGold: return 4.5
        case .yellowGold: return 4
        case .roseGold: return 3.8
        }
    }
}

/// Gem stones: colour and value.
public enum StoneColour: String, CaseIterable, Sendable {
    case diamond, ruby, sapphire, emerald, amethyst, citrine, onyx, pearl

    public var rgb: RGB {
        switch self {
        case .diamond: return RGB(hex: 0xE4EEF8)
        case .ruby: return RGB(hex: 0xC01030)
        case .sapphire: return RGB(hex: 0x2040C0)
        case .emerald: return RGB(hex: 0x10A050)
        case .amethyst: return RGB(hex: 0x8A40C0)
        case .citrine: return RGB(hex: 0xF0B020)
        case .onyx: return RGB(hex: 0x181818)
        case .pearl: return RGB(hex: 0xF2ECDC)
        }
    }

    /// Price of one stone relative to a small diamond.
    var value: Double {
        switch self {
        case .diamond: return 1
        case .ruby, .sapphire, .emerald: return 0.8
        case .amethyst, .citrine: return 0.25
        case .onyx: return 0.15
        case .pearl: return 0.35
        }
    }
}

/// The outline a stone is cut to.
public enum StoneCut: String, CaseIterable, Sendable {
    case round, princess, emerald, oval, marquise, pear
}
