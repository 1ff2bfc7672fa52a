/// One line of a cart as the pricing engine sees it: a product, its attributes that promotion
/// filters look at, its list price and a quantity.
public struct CartLine: Equatable, Sendable {
    public var productID: Int
    public var brand: Int
    public var category: Int
    public var unitListCents: Cents
    public var quantity: Int

    /// A line of `quantity` units at `unitListCents` each.
    public init(productID: Int, brand: Int, category: Int, unitListCents: Cents, quantity: Int) {
        self.productID = productID
        self.brand = brand
        self.category = category
        self.unitListCents = unitListCents
        self.quantity = quantity
    }

    /// Quantity × unit list price.
    public var listCents: Cents { unitListCents * quantity }
}

/// A cart line after pricing: what each promotion took off and what the customer paid.
public struct PricedLine: Equatable, Sendable {
    public var line: CartLine
    /// The value of the units a BOGO promotion made free.
    public var bogoDiscountCents: Cents = 0
    /// The percent-off or dollar-off discount on the units BOGO did not claim.
    public var productDiscountCents: Cents = 0
    /// This line's share of the cart-level discount.
    public var cartDiscountCents: Cents = 0
    /// Units paired by a BOGO promotion (paid and free alike).
    public var bogoUnits: Int = 0
    /// Ids of the promotions applied, in the order they were applied (BOGO, product, cart).
    public var promotionIDs: [Int] = []

    /// The line before any promotion.
    public init(line: CartLine) { self.line = line }

    /// List amount minus product-level discounts: what the cart threshold is measured on.
    public var subtotalCents: Cents { line.listCents - bogoDiscountCents - productDiscountCents }
    /// What the customer paid for the line.
    public var paidCents: Cents { subtotalCents - cartDiscountCents }
}

/// A priced cart.
public struct PricedCart: Equatable, Sendable {
    public var lines: [PricedLine]
    /// The cart-level promotion applied, if any.
    public var cartPromotionID: Int?

    public var listCents: Cents { lines.reduce(0) { $0 + $1.line.listCents } }
    public var subtotalCents: Cents { lines.reduce(0) { $0 + $1.subtotalCents } }
    public var cartDiscountCents: Cents { lines.reduce(0) { $0 + $1.cartDiscountCents } }
    public var paidCents: Cents { lines.reduce(0) { $0 + $1.paidCents } }
}

/// A cart the engine refuses to price, naming the line and what was expected.
public struct PricingError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { "pricing: \(message)" }
}
