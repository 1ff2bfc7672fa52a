/// Orders, one entry per order in every array (columnar: half a million orders stay compact).
public struct OrderTable: Equatable, Sendable {
    public var orderIDs: [Int] = []
    public var days: [Int] = []
    public var customerIDs: [Int] = []
    public var segments: [Int] = []
    /// Total of the order's lines before any discount.
    public var listCents: [Cents] = []
    /// BOGO and percent/dollar-off discounts together.
    public var productDiscountCents: [Cents] = []
    public var cartDiscountCents: [Cents] = []
    /// The cart-level promotion applied (0: none).
    public var cartPromotionIDs: [Int] = []

    public init() {}

    public var count: Int { orderIDs.count }
    /// The subtotal the cart threshold was measured on.
    public func subtotalCents(_ order: Int) -> Cents { listCents[order] - productDiscountCents[order] }
    /// What the customer paid for the order.
    public func paidCents(_ order: Int) -> Cents { subtotalCents(order) - cartDiscountCents[order] }

    mutating func append(_ other: OrderTable) {
        orderIDs += other.orderIDs; days += other.days; customerIDs += other.customerIDs; segments += other.segments
        listCents += other.listCents; productDiscountCents += other.productDiscountCents
        cartDiscountCents += other.cartDiscountCents; cartPromotionIDs += other.cartPromotionIDs
    }
}

/// Order lines, grouped by order in order-table order, one entry per line in every array;
/// promotion ids are stored flat (`promotionIDs[promotionStart[i]..<promotionStart[i+1]]`).
public struct OrderLineTable: Equatable, Sendable {
    /// Index of the line's order in the ``OrderTable``.
    public var orderIndices: [Int] = []
    /// Index of the product in the catalog.
    public var productIndices: [Int] = []
    public var quantities: [Int] = []
    public var unitListCents: [Cents] = []
    public var bogoDiscountCents: [Cents] = []
    public var productDiscountCents: [Cents] = []
    public var cartDiscountCents: [Cents] = []
    public var promotionStart: [Int] = [0]
    public var promotionIDs: [Int] = []

    public init() {}

    public var count: Int { orderIndices.count }
    /// Quantity × unit list price.
    public func listCents(_ line: Int) -> Cents { unitListCents[line] * quantities[line] }
    /// What the customer paid for the line.
    public func paidCents(_ line: Int) -> Cents {
        listCents(line) - bogoDiscountCents[line] - productDiscountCents[line] - cartDiscountCents[line]
    }
    /// The promotion ids applied to the line, in the order applied.
    public func promotions(_ line: Int) -> ArraySlice<Int> { promotionIDs[promotionStart[line]..<promotionStart[line + 1]] }

    mutating func append(order: Int, product: Int, _ priced: PricedLine) {
        orderIndices.append(order)
        productIndices.append(product)
        quantities.append(priced.line.quantity)
        unitListCents.append(priced.line.unitListCents)
        bogoDiscountCents.append(priced.bogoDiscountCents)
        productDiscountCents.append(priced.productDiscountCents)
        cartDiscountCents.append(priced.cartDiscountCents)
        promotionIDs += priced.promotionIDs
        promotionStart.append(promotionIDs.count)
    }

    mutating func append(_ other: OrderLineTable, orderOffset: Int) {
        orderIndices += other.orderIndices.map { $0 + orderOffset }
        productIndices += other.productIndices; quantities += other.quantities; unitListCents += other.unitListCents
        bogoDiscountCents += other.bogoDiscountCents; productDiscountCents += other.productDiscountCents
        cartDiscountCents += other.cartDiscountCents
        let base = promotionIDs.count
        promotionStart += other.promotionStart.dropFirst().map { $0 + base }
        promotionIDs += other.promotionIDs
    }
}
