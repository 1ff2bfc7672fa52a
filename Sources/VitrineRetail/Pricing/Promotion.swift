/// The four promotion types the reference system supports.
public enum PromotionKind: String, CaseIterable, Sendable {
    /// A percentage off each covered unit ("15% off Calvin Klein").
    case percentOff = "percent_off"
    /// A fixed amount off each covered unit ("$10 off dresses"), never below a zero price.
    case dollarOff = "dollar_off"
    /// Buy one, get one free: of each pair of covered units the cheaper (or equal) one is free.
    case buyOneGetOne = "bogo"
    /// A percentage off the whole cart once its subtotal reaches a threshold ("20% off over $200").
    case cartPercentOff = "cart_percent_off"

    /// Whether the promotion discounts individual units (as opposed to the whole cart).
    public var isProductLevel: Bool { self != .cartPercentOff }
}

/// One promotion: a trigger (the product filter, or the cart threshold) and an action.
///
/// Promotions carry no dates: the campaign that groups them says when they run, and whoever
/// prices a cart passes only the promotions active that day.
public struct Promotion: Equatable, Sendable {
    public var id: Int
    public var campaignID: Int
    public var kind: PromotionKind
    /// Percent-off and cart percent-off: the discount in basis points (1500 = 15%), 0...10000.
    public var percentBasisPoints: Int
    /// Dollar-off: the amount off each unit.
    public var amountCents: Cents
    /// Cart percent-off: the smallest qualifying subtotal (after product-level discounts).
    public var minimumCartCents: Cents
    /// The products covered; cart-level promotions ignore it (they apply to the whole cart).
    public var filter: ProductFilter

    /// Fields not used by `kind` stay zero.
    public init(id: Int, campaignID: Int, kind: PromotionKind, percentBasisPoints: Int = 0,
                amountCents: Cents = 0, minimumCartCents: Cents = 0, filter: ProductFilter = .everything) {
        self.id = id
        self.campaignID = campaignID
        self.kind = kind
        self.percentBasisPoints = percentBasisPoints
        self.amountCents = amountCents
        self.minimumCartCents = minimumCartCents
        self.filter = filter
    }

    /// The promotion's discount as a fraction of the list price a single covered unit would see
    /// (BOGO counts as half price: its units are bought in pairs). Cart-level promotions: their
    /// percentage, which applies only to qualifying carts.
    public func unitDiscountFraction(listCents: Cents) -> Double {
        switch kind {
        case .percentOff, .cartPercentOff: return Double(percentBasisPoints) / 10_000
        case .dollarOff: return listCents > 0 ? Double(min(amountCents, listCents)) / Double(listCents) : 0
        case .buyOneGetOne: return 0.5
        }
    }

    /// The value written in promotions.csv: a percentage for percent types, dollars for
    /// dollar-off, nothing for BOGO.
    public var displayValue: String {
        switch kind {
        case .percentOff, .cartPercentOff: return Money.format(percentBasisPoints)
        case .dollarOff: return Money.format(amountCents)
        case .buyOneGetOne: return ""
        }
    }
}
