/// The promotion a single product gets on a day, as a shopper buying it alone would see it.
public struct ProductOffer: Equatable, Sendable {
    /// nil: no product-level promotion covers the product that day.
    public var kind: PromotionKind?
    public var promotionID: Int
    /// List price minus the discount on one unit; BOGO counts half price (its units sell in pairs).
    public var effectiveCents: Cents
    /// 1 − effective / list.
    public var discountFraction: Double

    /// The offer of a product no promotion covers: list price, no discount.
    public static func none(listCents: Cents) -> ProductOffer {
        ProductOffer(kind: nil, promotionID: 0, effectiveCents: listCents, discountFraction: 0)
    }
}

/// Which promotions run on which day, and what each product is offered: the promotion plan
/// both the simulator (to set demand) and the feature table (to describe prices) read, so the
/// two always agree.
///
/// A product's offer follows the pricing engine's stacking rules for a lone unit or pair: a
/// covering BOGO takes precedence; otherwise the percent-off or dollar-off promotion with the
/// largest discount on one unit (ties: the lowest id).
public struct PromotionCalendar: Sendable {
    public let promotions: [Promotion]
    public let campaigns: [Campaign]
    public let dayCount: Int
    /// Indices into `promotions` active on each day.
    public let activeByDay: [[Int]]
    /// For each promotion, whether it covers each catalog product (by index).
    private let coverage: [[Bool]]
    private let listCents: [Cents]

    /// Indexes which promotions run each day (through their campaigns) and which products each covers.
    public init(catalog: Catalog, promotions: [Promotion], campaigns: [Campaign], dayCount: Int) {
        let sorted = promotions.sorted { $0.id < $1.id }
        self.promotions = sorted
        self.campaigns = campaigns
        self.dayCount = dayCount
        var campaignByID: [Int: Campaign] = [:]
        for campaign in campaigns { campaignByID[campaign.id] = campaign }
        var active = [[Int]](repeating: [], count: dayCount)
        for (index, promotion) in sorted.enumerated() {
            guard let campaign = campaignByID[promotion.campaignID] else { continue }
            for day in stride(from: max(0, campaign.startDay), through: min(campaign.endDay, dayCount - 1), by: 1) {
                active[day].append(index)
            }
        }
        activeByDay = active
        coverage = sorted.map { promotion in
            catalog.products.map { promotion.filter.matches(productID: $0.id, brand: $0.brand, category: $0.category) }
        }
        listCents = catalog.products.map(\.listCents)
    }

    /// The promotions active on `day`.
    public func activePromotions(on day: Int) -> [Promotion] {
        day >= 0 && day < dayCount ? activeByDay[day].map { promotions[$0] } : []
    }

    /// The offer catalog product `product` (an index) gets on `day`.
    public func offer(product: Int, day: Int) -> ProductOffer {
        let list = listCents[product]
        guard day >= 0 && day < dayCount else { return .none(listCents: list) }
        var best: (promotion: Promotion, discount: Cents)?
        for index in activeByDay[day] where coverage[index][product] {
            let promotion = promotions[index]
            let discount: Cents
            switch promotion.kind {
            case .buyOneGetOne:
                return ProductOffer(kind: .buyOneGetOne, promotionID: promotion.id, effectiveCents: list - list / 2,
                                    discountFraction: list > 0 ? Double(list / 2) / Double(list) : 0)
            case .percentOff: discount = Money.percentage(of: list, basisPoints: promotion.percentBasisPoints)
            case .dollarOff: discount = min(promotion.amountCents, list)
            case .cartPercentOff: continue
            }
            if discount > (best?.discount ?? 0) { best = (promotion, discount) }
        }
        guard let best else { return .none(listCents: list) }
        return ProductOffer(kind: best.promotion.kind, promotionID: best.promotion.id, effectiveCents: list - best.discount,
                            discountFraction: list > 0 ? Double(best.discount) / Double(list) : 0)
    }

    /// The largest cart-level percentage (as a fraction) any cart can get on `day`; 0 if none.
    public func maximumCartDiscount(on day: Int) -> Double {
        cartDiscount(on: day, subtotalCents: .max)
    }

    /// The cart-level percentage (as a fraction) a cart with this subtotal gets on `day`.
    public func cartDiscount(on day: Int, subtotalCents: Cents) -> Double {
        guard day >= 0 && day < dayCount else { return 0 }
        var best = 0
        for index in activeByDay[day] {
            let promotion = promotions[index]
            if promotion.kind == .cartPercentOff && subtotalCents >= promotion.minimumCartCents {
                best = max(best, promotion.percentBasisPoints)
            }
        }
        return Double(best) / 10_000
    }
}
