import VitrineRetail

/// A forecast of units, revenue and profit per product and day: `[position * days.count + offset]`,
/// positions indexing ``products`` (catalog indices). Targets the model was not fitted on are
/// derived from the forecast units at the plan's offer price (revenue = units × effective
/// price, profit = units × (effective price − supplier cost)), which leaves out cart-level
/// discounts; ``modelled`` says which targets came from a model.
public struct DemandForecast: Sendable {
    public let products: [Int]
    public let days: Range<Int>
    public var units: [Float]
    public var revenue: [Float]
    public var profit: [Float]
    public let modelled: [DemandTarget]

    public init(products: [Int], days: Range<Int>, units: [Float], revenue: [Float], profit: [Float], modelled: [DemandTarget]) {
        self.products = products
        self.days = days
        self.units = units
        self.revenue = revenue
        self.profit = profit
        self.modelled = modelled
    }

    /// The values of `target`.
    public func values(_ target: DemandTarget) -> [Float] {
        switch target {
        case .quantity: return units
        case .revenue: return revenue
        case .profit: return profit
        }
    }

    /// The sum of `target` over every product and day.
    public func total(_ target: DemandTarget) -> Double { values(target).reduce(0.0) { $0 + Double($1) } }
}
