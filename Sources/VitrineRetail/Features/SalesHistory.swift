/// Daily units per product that feature lags read: realised sales for observed days, then the
/// forecasts recorded day by day, so a recursive forecast's early predictions feed later lags.
///
/// Days `0..<knownDays` are known; features for day d need every day before d known
/// (d ≤ knownDays). ``record(day:quantities:)`` appends day `knownDays`.
public final class SalesHistory {
    /// Catalog indices, in the order of quantities passed to ``record(day:quantities:)``.
    public let products: [Int]
    public let dayCount: Int
    /// Days with real orders (fixed at creation); cart statistics read only these.
    public let observedDays: Int
    public private(set) var knownDays: Int
    /// `[position * dayCount + day]`.
    public private(set) var quantity: [Float]
    /// `prefix[position * (dayCount + 1) + d]` = sum of days 0..<d.
    private var prefix: [Double]

    init(products: [Int], dayCount: Int, realised: [Float], knownDays: Int) {
        self.products = products
        self.dayCount = dayCount
        self.knownDays = knownDays
        observedDays = knownDays
        quantity = realised
        for position in products.indices {
            for day in knownDays..<dayCount { quantity[position * dayCount + day] = 0 }
        }
        prefix = [Double](repeating: 0, count: products.count * (dayCount + 1))
        for position in products.indices {
            var sum = 0.0
            for day in 0..<dayCount {
                sum += Double(quantity[position * dayCount + day])
                prefix[position * (dayCount + 1) + day + 1] = sum
            }
        }
    }

    /// Records the (predicted) units of every product on `day`, which must be `knownDays`.
    public func record(day: Int, quantities: [Float]) throws {
        guard day == knownDays, day < dayCount else {
            throw RetailDataError(file: "sales history", row: 0, field: "day",
                                  message: "expected day \(knownDays) next (days are recorded in order, within 0..<\(dayCount)), got \(day)")
        }
        guard quantities.count == products.count else {
            throw RetailDataError(file: "sales history", row: 0, field: "quantities",
                                  message: "expected \(products.count) values (one per product), got \(quantities.count)")
        }
        for position in products.indices {
            quantity[position * dayCount + day] = quantities[position]
            prefix[position * (dayCount + 1) + day + 1] = prefix[position * (dayCount + 1) + day] + Double(quantities[position])
        }
        knownDays += 1
    }

    /// Mean units over days [day − window, day) clipped at day 0; 0 when the window is empty.
    func trailingMean(position: Int, day: Int, window: Int) -> Float {
        let from = max(0, day - window)
        guard day > from else { return 0 }
        let base = position * (dayCount + 1)
        return Float((prefix[base + day] - prefix[base + from]) / Double(day - from))
    }

    /// Units on `day`; 0 before the history starts.
    func value(position: Int, day: Int) -> Float { day >= 0 ? quantity[position * dayCount + day] : 0 }
}
