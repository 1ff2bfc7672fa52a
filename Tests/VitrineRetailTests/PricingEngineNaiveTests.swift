import Testing
import VitrineEngine
@testable import VitrineRetail

/// Random carts priced by the engine and by a deliberately plain unit-by-unit implementation of
/// the same rules written here: every unit is expanded, BOGO pairs are formed on the expanded
/// list, and cart shares are computed with fractions.
@Suite struct PricingEngineNaiveTests {
    private struct Unit { var line: Int; var price: Int; var claimedBy: Int? = nil; var free = false }

    private func naivePrice(_ lines: [CartLine], _ promotions: [Promotion]) -> (paid: [Int], cart: Int) {
        var units: [Unit] = []
        for (index, line) in lines.enumerated() {
            for _ in 0..<line.quantity { units.append(Unit(line: index, price: line.unitListCents)) }
        }
        func covers(_ p: Promotion, _ line: CartLine) -> Bool {
            (p.filter.brands.isEmpty || p.filter.brands.contains(line.brand))
                && (p.filter.categories.isEmpty || p.filter.categories.contains(line.category))
                && (p.filter.productIDs.isEmpty || p.filter.productIDs.contains(line.productID))
        }
        let sorted = promotions.sorted { $0.id < $1.id }
        for promotion in sorted where promotion.kind == .buyOneGetOne {
            // Free units, most expensive first; units of the same price keep line order.
            let open = units.indices.filter { units[$0].claimedBy == nil && covers(promotion, lines[units[$0].line]) }
                .sorted { units[$0].price != units[$1].price ? units[$0].price > units[$1].price : $0 < $1 }
            for pair in stride(from: 0, to: open.count - 1, by: 2) {
                units[open[pair]].claimedBy = promotion.id
                units[open[pair + 1]].claimedBy = promotion.id
                units[open[pair + 1]].free = true
            }
        }
        var lineTotals = lines.indices.map { index in units.filter { $0.line == index && !$0.free }.reduce(0) { $0 + $1.price } }
        for (index, line) in lines.enumerated() {
            let open = units.filter { $0.line == index && $0.claimedBy == nil }.count
            var best = 0
            for promotion in sorted where covers(promotion, line) {
                switch promotion.kind {
                case .percentOff:
                    // Half up: floor(x + 1/2) on the exact rational amount.
                    best = max(best, (2 * open * line.unitListCents * promotion.percentBasisPoints + 10_000) / 20_000)
                case .dollarOff: best = max(best, open * min(promotion.amountCents, line.unitListCents))
                default: break
                }
            }
            lineTotals[index] -= best
        }
        let subtotal = lineTotals.reduce(0, +)
        let rate = sorted.filter { $0.kind == .cartPercentOff && subtotal >= $0.minimumCartCents }.map(\.percentBasisPoints).max() ?? 0
        let discount = (2 * subtotal * rate + 10_000) / 20_000
        guard discount > 0 else { return (lineTotals, 0) }
        // Exact shares as fractions (numerator over subtotal); floors, then leftovers by remainder.
        var shares = lineTotals.map { discount * $0 / subtotal }
        let order = lineTotals.indices.sorted {
            let (a, b) = (discount * lineTotals[$0] % subtotal, discount * lineTotals[$1] % subtotal)
            return a != b ? a > b : $0 < $1
        }
        for index in order.prefix(discount - shares.reduce(0, +)) { shares[index] += 1 }
        return (zip(lineTotals, shares).map { $0 - $1 }, discount)
    }

    @Test func randomCartsAgreeWithTheNaiveRules() throws {
        let random = Generator(seed: 2024)
        for trial in 0..<400 {
            let lines = (0..<(1 + random.int(below: 5))).map { index in
                CartLine(productID: index + 1, brand: random.int(below: 3), category: random.int(below: 3),
                         unitListCents: [0, 499, 1000, 1999, 2500, 4000, 12_345][random.int(below: 7)],
                         quantity: 1 + random.int(below: 4))
            }
            var promotions: [Promotion] = []
            for id in 1...(1 + random.int(below: 5)) {
                let filter = [ProductFilter.everything, ProductFilter(brands: [random.int(below: 3)]),
                              ProductFilter(categories: [random.int(below: 3)]), ProductFilter(productIDs: [1, 3])][random.int(below: 4)]
                let kind = PromotionKind.allCases[random.int(below: 4)]
                promotions.append(Promotion(id: id, campaignID: 1, kind: kind, percentBasisPoints: 250 * random.int(below: 41),
                                            amountCents: 100 * random.int(below: 30), minimumCartCents: 1000 * random.int(below: 15),
                                            filter: filter))
            }
            let priced = try PricingEngine.price(lines, promotions: promotions)
            let naive = naivePrice(lines, promotions)
            #expect(priced.lines.map(\.paidCents) == naive.paid, "trial \(trial)")
            #expect(priced.cartDiscountCents == naive.cart, "trial \(trial)")
            #expect(priced.lines.allSatisfy { $0.paidCents >= 0 })
        }
    }
}
