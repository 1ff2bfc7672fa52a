/// A spike in a slow mover's demand: the ground truth behind the "spike days" of the metrics.
public struct DemandSpike: Equatable, Sendable {
    public var productIndex: Int
    public var startDay: Int
    public var endDay: Int
    public var multiplier: Double
}

/// Daily ground-truth expected units per product: `values[product * days + day]`, products in
/// catalog order.
public struct ExpectedDemand: Equatable, Sendable {
    public var products: Int
    public var days: Int
    public var values: [Float]

    /// `values` holds products × days values, product-major.
    public init(products: Int, days: Int, values: [Float]) {
        self.products = products
        self.days = days
        self.values = values
    }

    /// Expected units of catalog product `product` on `day`.
    public subscript(product: Int, day: Int) -> Float { values[product * days + day] }
}

/// A retail history: catalog, customers, promotions and campaigns, orders and their lines, and
/// (for simulated data) the ground truth. Produced by ``RetailSimulator`` or loaded with
/// ``RetailDataset/load(_:)``.
public struct RetailDataset: Sendable {
    public var start: CivilDate
    public var dayCount: Int
    public var seed: UInt64?
    public var catalog: Catalog
    public var segmentNames: [String]
    /// Customer id → segment index.
    public var customerSegments: [Int: Int]
    public var campaigns: [Campaign]
    public var promotions: [Promotion]
    public var orders: OrderTable
    public var lines: OrderLineTable
    /// Simulated data only.
    public var expectedDemand: ExpectedDemand?
    public var truth: [ProductTruth]?
    public var spikes: [DemandSpike]

    /// Assembles a dataset; ``RetailSimulator/run(progress:)`` and ``load(_:)`` are the usual sources.
    public init(start: CivilDate, dayCount: Int, seed: UInt64?, catalog: Catalog, segmentNames: [String],
                customerSegments: [Int: Int], campaigns: [Campaign], promotions: [Promotion], orders: OrderTable,
                lines: OrderLineTable, expectedDemand: ExpectedDemand?, truth: [ProductTruth]?, spikes: [DemandSpike]) {
        self.start = start
        self.dayCount = dayCount
        self.seed = seed
        self.catalog = catalog
        self.segmentNames = segmentNames
        self.customerSegments = customerSegments
        self.campaigns = campaigns
        self.promotions = promotions
        self.orders = orders
        self.lines = lines
        self.expectedDemand = expectedDemand
        self.truth = truth
        self.spikes = spikes
    }

    public var calendar: RetailCalendar { RetailCalendar(start: start, dayCount: dayCount) }

    public var promotionCalendar: PromotionCalendar {
        PromotionCalendar(catalog: catalog, promotions: promotions, campaigns: campaigns, dayCount: dayCount)
    }

    /// Realised daily units, revenue (paid) and profit (paid − supplier cost) per catalog product,
    /// each `[product * dayCount + day]`.
    public func dailySales() -> (quantity: [Float], revenue: [Float], profit: [Float]) {
        var quantity = [Float](repeating: 0, count: catalog.count * dayCount)
        var revenue = quantity, profit = quantity
        for line in 0..<lines.count {
            let product = lines.productIndices[line]
            let cell = product * dayCount + orders.days[lines.orderIndices[line]]
            let paid = lines.paidCents(line)
            let cost = catalog.products[product].supplierCostCents * lines.quantities[line]
            quantity[cell] += Float(lines.quantities[line])
            revenue[cell] += Float(paid) / 100
            profit[cell] += Float(paid - cost) / 100
        }
        return (quantity, revenue, profit)
    }
}
