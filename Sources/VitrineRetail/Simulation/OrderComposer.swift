import VitrineEngine

/// Turns one day's realised demand into priced orders: draws each segment's units from its
/// expected rates (Poisson, so realised totals scatter around the truth), shuffles them into
/// carts of 1 + Poisson(extra) items, and prices every cart with the day's promotions.
struct OrderComposer {
    let config: RetailSimulatorConfig
    let catalog: Catalog
    let surface: DemandSurface
    let plan: PromotionCalendar
    /// First customer id and customer count of each segment.
    let customerRanges: [(first: Int, count: Int)]

    func orders(day: Int, random: Generator) -> (OrderTable, OrderLineTable) {
        var orders = OrderTable(), lines = OrderLineTable()
        let promotions = plan.activePromotions(on: day)
        let products = surface.products, days = surface.days
        for segment in 0..<surface.segments {
            // An item is a unit, or a pair of units of a product on BOGO.
            var items: [(product: Int, quantity: Int)] = []
            for product in 0..<products {
                let cell = product * days + day
                let rate = Double(surface.rates[(segment * products + product) * days + day])
                if rate <= 0 { continue }
                let pairs = surface.buyOneGetOne[cell]
                let count = random.poisson(pairs ? rate / 2 : rate)
                for _ in 0..<count { items.append((product, pairs ? 2 : 1)) }
            }
            random.shuffle(&items)
            var next = 0
            while next < items.count {
                let size = min(1 + random.poisson(config.extraItemsPerOrder), items.count - next)
                var cart: [(product: Int, quantity: Int)] = []
                for item in items[next..<(next + size)] {
                    if let existing = cart.firstIndex(where: { $0.product == item.product }) {
                        cart[existing].quantity += item.quantity
                    } else {
                        cart.append(item)
                    }
                }
                next += size
                let range = customerRanges[segment]
                let customer = range.first + random.int(below: max(range.count, 1))
                append(cart: cart, day: day, segment: segment, customer: customer, promotions: promotions,
                       orders: &orders, lines: &lines)
            }
        }
        return (orders, lines)
    }

    private func append(cart: [(product: Int, quantity: Int)], day: Int, segment: Int, customer: Int,
                        promotions: [Promotion], orders: inout OrderTable, lines: inout OrderLineTable) {
        let cartLines = cart.map { catalog.products[$0.product].cartLine(quantity: $0.quantity) }
        // Simulated carts are valid by construction (positive quantities, non-negative prices).
        guard let priced = try? PricingEngine.price(cartLines, promotions: promotions) else { return }
        let order = orders.count
        orders.orderIDs.append(0)
        orders.days.append(day)
        orders.customerIDs.append(customer)
        orders.segments.append(segment)
        orders.listCents.append(priced.listCents)
        orders.productDiscountCents.append(priced.listCents - priced.subtotalCents)
        orders.cartDiscountCents.append(priced.cartDiscountCents)
        orders.cartPromotionIDs.append(priced.cartPromotionID ?? 0)
        for (line, item) in zip(priced.lines, cart) { lines.append(order: order, product: item.product, line) }
    }
}
