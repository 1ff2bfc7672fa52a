/// A group of customers sharing a price sensitivity.
public struct CustomerSegment: Equatable, Sendable {
    public var name: String
    /// Fraction of demand at list price coming from the segment.
    public var share: Double
    /// Demand ∝ (effective price / list price)^(−elasticity).
    public var elasticity: Double

    public init(name: String, share: Double, elasticity: Double) {
        self.name = name
        self.share = share
        self.elasticity = elasticity
    }
}

/// Everything the retail simulator draws from. Defaults match the reference scale: 3 years,
/// 10,000 products, about 500,000 orders and 60 campaigns.
public struct RetailSimulatorConfig: Equatable, Sendable {
    public var products = 10_000
    public var days = 1095
    public var seed: UInt64 = 1
    public var start = CivilDate(year: 2023, month: 1, day: 1)
    /// nil: 500,000 scaled by products/10,000 and days/1095.
    public var targetOrders: Int?
    /// nil: 60 scaled by days/1095 (at least one).
    public var campaigns: Int?
    public var brands = 40
    /// nil: 60,000 scaled by products/10,000 (at least 100).
    public var customers: Int?
    public var slowMoverShare = 0.35
    /// Share of products launched during the history (at a uniformly drawn day) rather than on sale from the start.
    public var newProductShare = 0.1
    public var segments = [
        CustomerSegment(name: "bargain", share: 0.3, elasticity: 3.0),
        CustomerSegment(name: "regular", share: 0.5, elasticity: 1.6),
        CustomerSegment(name: "loyal", share: 0.2, elasticity: 0.6),
    ]
    /// How fast the reference price follows the paid price (fraction of the gap closed a day).
    public var referenceAdaptation = 0.15
    /// Demand × exp(gain × (reference − price)/reference) below the reference price …
    public var referenceGain = 1.0
    /// … and × exp(lossAversion × (reference − price)/reference) above it: the post-promotion dip.
    public var referenceLossAversion = 2.0
    /// How much of a promoted sibling's discount a product loses to it (0: no substitution).
    public var substitution = 1.5
    /// A slow mover's chance a day of starting a demand spike.
    public var spikeProbability = 0.004
    /// Items per order are 1 + Poisson(this).
    public var extraItemsPerOrder = 1.25

    public init() {}

    var scale: Double { Double(products) / 10_000 * Double(days) / 1095 }
    public var resolvedTargetOrders: Int { targetOrders ?? max(1, Int((500_000 * scale).rounded())) }
    public var resolvedCampaigns: Int { campaigns ?? max(1, Int((60 * Double(days) / 1095).rounded())) }
    public var resolvedCustomers: Int { customers ?? max(100, Int(60_000 * Double(products) / 10_000)) }

    /// Checks the values a user can set.
    public func validate() throws {
        func bad(_ field: String, _ expected: String) -> RetailDataError { RetailDataError(file: "simulator config", row: 0, field: field, message: expected) }
        if products < 1 { throw bad("products", "at least 1, got \(products)") }
        if days < 1 { throw bad("days", "at least 1, got \(days)") }
        if brands < 1 { throw bad("brands", "at least 1, got \(brands)") }
        if segments.isEmpty || segments.contains(where: { $0.share <= 0 }) { throw bad("segments", "at least one segment, each with a positive share") }
        if let targetOrders, targetOrders < 1 { throw bad("target_orders", "at least 1, got \(targetOrders)") }
    }
}
