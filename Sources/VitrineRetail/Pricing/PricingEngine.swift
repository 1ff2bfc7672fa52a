/// Applies the day's active promotions to a cart. A pure function of the cart and the
/// promotions: no dates, no state.
///
/// Stacking rules, in the order the engine applies them:
/// 1. **BOGO first.** Each buy-one-get-one promotion (in id order) pools the covered units not
///    yet claimed by an earlier BOGO, sorts them by unit price, highest first (ties: earlier
///    line first), and pairs them in that order; the second unit of each pair, the cheaper or
///    equal one, is free. Paired units, paid and free, are claimed by that promotion and get
///    no other product-level promotion. An unpaired leftover unit stays unclaimed.
/// 2. **At most one other product-level promotion per line**, the best for the customer: among
///    the percent-off and dollar-off promotions covering the line, the largest discount on its
///    unclaimed units (ties: the lowest promotion id). Percent-off is rounded half up to the
///    cent on the line amount; dollar-off never takes a unit below zero.
/// 3. **One cart-level promotion, after product-level ones**, measured on the subtotal after
///    product-level discounts: among cart promotions whose threshold the subtotal reaches
///    (subtotal ≥ threshold), the largest percentage (ties: the lowest id). Its discount is the
///    percentage of the subtotal rounded half up, split across lines in proportion to their
///    subtotals by largest remainder (whole cents; leftover cents to the largest fractional
///    shares, ties to the earlier line), so line shares add up exactly and no line goes below
///    zero. Cart-level promotions ignore product filters.
public enum PricingEngine {
    /// Prices `lines` under `promotions` (those active at the time of purchase).
    public static func price(_ lines: [CartLine], promotions: [Promotion]) throws -> PricedCart {
        try validate(lines, promotions)
        var priced = lines.map(PricedLine.init)
        let byID = promotions.sorted { $0.id < $1.id }
        for promotion in byID where promotion.kind == .buyOneGetOne {
            applyBuyOneGetOne(promotion, to: &priced)
        }
        applyProductDiscounts(byID.filter { $0.kind == .percentOff || $0.kind == .dollarOff }, to: &priced)
        let cartPromotion = applyCartDiscount(byID.filter { $0.kind == .cartPercentOff }, to: &priced)
        return PricedCart(lines: priced, cartPromotionID: cartPromotion)
    }

    private static func validate(_ lines: [CartLine], _ promotions: [Promotion]) throws {
        for (index, line) in lines.enumerated() {
            if line.quantity <= 0 { throw PricingError(message: "line \(index + 1): quantity must be positive, got \(line.quantity)") }
            if line.unitListCents < 0 { throw PricingError(message: "line \(index + 1): unit price must not be negative, got \(Money.format(line.unitListCents))") }
        }
        for promotion in promotions {
            if !(0...10_000).contains(promotion.percentBasisPoints) {
                throw PricingError(message: "promotion \(promotion.id): percentage must be within 0...100, got \(Money.format(promotion.percentBasisPoints))")
            }
            if promotion.amountCents < 0 || promotion.minimumCartCents < 0 {
                throw PricingError(message: "promotion \(promotion.id): amounts and thresholds must not be negative")
            }
        }
    }

    private static func covers(_ promotion: Promotion, _ line: CartLine) -> Bool {
        promotion.filter.matches(productID: line.productID, brand: line.brand, category: line.category)
    }

    private static func applyBuyOneGetOne(_ promotion: Promotion, to priced: inout [PricedLine]) {
        let covered = priced.indices.filter { covers(promotion, priced[$0].line) && priced[$0].bogoUnits < priced[$0].line.quantity }
        // Highest unit price first; the stable sort keeps earlier lines first among equals.
        let order = covered.enumerated().sorted { a, b in
            let pa = priced[a.element].line.unitListCents, pb = priced[b.element].line.unitListCents
            return pa != pb ? pa > pb : a.offset < b.offset
        }.map(\.element)
        var waiting: Int?  // the line holding an unpaired (paid) unit
        func claim(_ index: Int, units: Int, free: Int) {
            priced[index].bogoUnits += units
            priced[index].bogoDiscountCents += free * priced[index].line.unitListCents
            if priced[index].promotionIDs.last != promotion.id { priced[index].promotionIDs.append(promotion.id) }
        }
        for index in order {
            var units = priced[index].line.quantity - priced[index].bogoUnits
            if let paid = waiting {
                claim(paid, units: 1, free: 0)
                claim(index, units: 1, free: 1)
                units -= 1
                waiting = nil
            }
            let pairs = units / 2
            if pairs > 0 { claim(index, units: 2 * pairs, free: pairs) }
            if units % 2 == 1 { waiting = index }
        }
    }

    private static func applyProductDiscounts(_ promotions: [Promotion], to priced: inout [PricedLine]) {
        for index in priced.indices {
            let line = priced[index].line
            let units = line.quantity - priced[index].bogoUnits
            if units == 0 { continue }
            var best: (id: Int, discount: Cents)?
            for promotion in promotions where covers(promotion, line) {
                let discount = promotion.kind == .percentOff
                    ? Money.percentage(of: units * line.unitListCents, basisPoints: promotion.percentBasisPoints)
                    : units * min(promotion.amountCents, line.unitListCents)
                if discount > (best?.discount ?? 0) { best = (promotion.id, discount) }
            }
            if let best {
                priced[index].productDiscountCents = best.discount
                priced[index].promotionIDs.append(best.id)
            }
        }
    }

    private static func applyCartDiscount(_ promotions: [Promotion], to priced: inout [PricedLine]) -> Int? {
        let subtotal = priced.reduce(0) { $0 + $1.subtotalCents }
        var best: Promotion?
        for promotion in promotions where subtotal >= promotion.minimumCartCents && promotion.percentBasisPoints > 0 {
            if promotion.percentBasisPoints > (best?.percentBasisPoints ?? 0) { best = promotion }
        }
        guard let best, subtotal > 0 else { return nil }
        let discount = Money.percentage(of: subtotal, basisPoints: best.percentBasisPoints)
        let shares = allocateProportionally(discount, weights: priced.map(\.subtotalCents))
        for index in priced.indices where shares[index] > 0 {
            priced[index].cartDiscountCents = shares[index]
            priced[index].promotionIDs.append(best.id)
        }
        return best.id
    }

    /// Splits `total` cents across `weights` (non-negative, not all zero) in proportion, by the
    /// largest-remainder method: whole-cent floors first, then the leftover cents one each to
    /// the largest fractional parts, ties to the earlier index. Shares sum to `total` exactly.
    public static func allocateProportionally(_ total: Cents, weights: [Cents]) -> [Cents] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        var shares = weights.map { total * $0 / sum }
        let remainders = weights.map { total * $0 % sum }
        var leftover = total - shares.reduce(0, +)
        let order = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in order where leftover > 0 {
            shares[index] += 1
            leftover -= 1
        }
        return shares
    }
}
