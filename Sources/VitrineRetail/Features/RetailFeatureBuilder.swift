import Foundation
import VitrineEngine

/// Builds the demand feature table of a dataset, per (product, day):
///
/// - catalog attributes: category, brand, colour, material, size range (codes and/or one-hot),
///   whether the product is on sale yet and days since its launch (capped at 365);
/// - calendar: weekday, month, day of month and year, weekend, holiday, Black Friday, payday,
///   day index (trend);
/// - prices and promotions: list price, supplier cost, markup, effective price, discount depth,
///   promotion-type flags, cart promotion active and its best percentage, margin at the
///   effective price, the category's mean discount that day (substitution), days since the
///   product's last promotion (reference-price recovery);
/// - shopping carts: the mean subtotal of carts holding the product over the trailing window
///   (falling back to its category's, then all carts'), and the cart-level discount such a cart
///   would get that day;
/// - lags, for each window w (7, 30, 365): mean effective price, discount and promotion share
///   over [d − w, d), mean units over [d − w, d), and units on day d − w;
/// - targets: quantity, revenue (paid), profit (paid − supplier cost); truth: expected units and
///   spike days when the dataset is simulated.
///
/// Nothing reads day d's sales or later: sales lags come from a ``SalesHistory`` that holds
/// realised days and then forecasts recorded one day at a time, and cart statistics use only
/// observed orders before d. Prices and promotions are the plan, known in advance.
public final class RetailFeatureBuilder {
    public let dataset: RetailDataset
    public let options: FeatureTableOptions
    /// Catalog indices of the table's products.
    public let products: [Int]
    /// The table's columns, in order.
    public private(set) var columns: [FeatureColumn] = []

    private let calendar: RetailCalendar
    private let plan: PromotionCalendar
    private let days: Int
    // Per product position and day ([position * days + day]) unless noted.
    private var effective: [Float] = [], discount: [Float] = [], kind: [UInt8] = []
    private var daysSincePromotion: [Float] = []
    private var pricePrefix: [Double] = [], discountPrefix: [Double] = [], promotedPrefix: [Double] = []  // [position * (days + 1) + d]
    private var categoryDiscount: [Float] = []  // [category * days + day]
    private var cartMaximum: [Float] = []  // per day
    private let carts: CartStatistics
    private var quantity: [Float] = [], revenue: [Float] = [], profit: [Float] = []
    private var expected: [Float]?, spike: [Bool] = []
    private static let kinds: [PromotionKind?] = [nil, .percentOff, .dollarOff, .buyOneGetOne]

    /// Chooses the products, precomputes their offers, sales and cart statistics, and fixes the columns.
    public init(dataset: RetailDataset, options: FeatureTableOptions = FeatureTableOptions()) throws {
        self.dataset = dataset
        self.options = options
        calendar = dataset.calendar
        plan = dataset.promotionCalendar
        days = dataset.dayCount
        products = try Self.chooseProducts(dataset.catalog.count, options)
        if options.cartWindow < 1 || options.lagWindows.contains(where: { $0 < 1 }) {
            throw RetailDataError(file: "feature options", row: 0, field: "windows", message: "cart and lag windows must be at least one day")
        }
        carts = CartStatistics(dataset: dataset, products: products, window: options.cartWindow)
        var schema = FeatureRowSink.collectingSchema()
        computeOffers()
        computeSales()
        fill(&schema, position: 0, day: 0, history: nil)
        columns = schema.schema ?? []
    }

    private init(base: RetailFeatureBuilder, dataset: RetailDataset) {
        self.dataset = dataset
        options = base.options
        calendar = base.calendar
        plan = dataset.promotionCalendar
        days = base.days
        products = base.products
        carts = base.carts
        columns = base.columns
        (quantity, revenue, profit, expected, spike) = (base.quantity, base.revenue, base.profit, base.expected, base.spike)
        computeOffers()
    }

    /// The same products, sales, carts and truth under another promotion plan (only prices and
    /// promotion features change): what comparing plans needs, without reading the orders again.
    public func replacingPlan(campaigns: [Campaign], promotions: [Promotion]) -> RetailFeatureBuilder {
        var planned = dataset
        planned.campaigns = campaigns
        planned.promotions = promotions
        return RetailFeatureBuilder(base: self, dataset: planned)
    }

    /// The catalog indices a table with `options` covers, for a catalog of `catalogCount` products.
    public static func sampledProducts(catalogCount: Int, options: FeatureTableOptions) throws -> [Int] {
        try chooseProducts(catalogCount, options)
    }

    private static func chooseProducts(_ count: Int, _ options: FeatureTableOptions) throws -> [Int] {
        guard count > 0 else {
            throw RetailDataError(file: RetailDatasetFiles.catalog, row: 0, field: "", message: "the catalog has no products")
        }
        if let explicit = options.productIndices {
            guard !explicit.isEmpty, explicit.allSatisfy({ (0..<count).contains($0) }), Set(explicit).count == explicit.count else {
                throw RetailDataError(file: "feature options", row: 0, field: "product_indices",
                                      message: "expected distinct catalog indices within 0..<\(count)")
            }
            return explicit
        }
        guard let wanted = options.products, wanted < count else { return Array(0..<count) }
        guard wanted > 0 else { throw RetailDataError(file: "feature options", row: 0, field: "products", message: "expected at least 1") }
        var all = Array(0..<count)
        Generator(seed: options.sampleSeed).shuffle(&all)
        return all.prefix(wanted).sorted()
    }

    /// A history holding realised sales for days 0..<knownDays; record forecasts from there on.
    public func salesHistory(knownDays: Int) -> SalesHistory {
        SalesHistory(products: products, dayCount: days, realised: quantity, knownDays: min(max(knownDays, 0), days))
    }

    /// The table for `days` with lags from realised sales (for training and evaluation).
    public func table(days range: Range<Int>) throws -> FeatureTable {
        try table(days: range, history: salesHistory(knownDays: days))
    }

    /// The table for `days` with sales lags from `history`; every day before the range's last
    /// day must be known. A recursive forecast calls this for one day at a time, predicts, and
    /// records the predictions in `history` before moving on.
    public func table(days range: Range<Int>, history: SalesHistory) throws -> FeatureTable {
        guard range.lowerBound >= 0, range.upperBound <= days, !range.isEmpty else {
            throw RetailDataError(file: "feature table", row: 0, field: "days", message: "expected a non-empty range within 0..<\(days), got \(range)")
        }
        guard history.products == products else {
            throw RetailDataError(file: "feature table", row: 0, field: "history", message: "the history was made for other products")
        }
        guard range.upperBound - 1 <= history.knownDays else {
            throw RetailDataError(file: "feature table", row: 0, field: "days",
                                  message: "day \(range.upperBound - 1) needs sales up to day \(range.upperBound - 2), but the history knows days 0..<\(history.knownDays); record forecasts first")
        }
        let rows = products.count * range.count
        var values = [Float](repeating: 0, count: rows * columns.count)
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            Parallel.forEach(products.count, cost: range.count * columns.count * 4) { position in
                for day in range {
                    var sink = FeatureRowSink.writing(to: base + position * range.count + (day - range.lowerBound), stride: rows)
                    fill(&sink, position: position, day: day, history: history)
                }
            }
        }
        return FeatureTable(columns: columns, products: products,
                            productCategories: products.map { dataset.catalog.products[$0].category }, days: range, values: values)
    }

    /// Per product and day series of the plan: offers, their prefix sums, the category's mean
    /// discount and the cart promotions.
    private func computeOffers() {
        let catalog = dataset.catalog
        let cells = products.count * days
        effective = [Float](repeating: 0, count: cells)
        discount = effective
        daysSincePromotion = effective
        kind = [UInt8](repeating: 0, count: cells)
        pricePrefix = [Double](repeating: 0, count: products.count * (days + 1))
        discountPrefix = pricePrefix
        promotedPrefix = pricePrefix
        for (position, product) in products.enumerated() {
            var since = 365, sums = (0.0, 0.0, 0.0)
            for day in 0..<days {
                let offer = plan.offer(product: product, day: day), cell = position * days + day
                effective[cell] = Float(offer.effectiveCents) / 100
                discount[cell] = Float(offer.discountFraction)
                kind[cell] = UInt8(Self.kinds.firstIndex(of: offer.kind) ?? 0)
                since = offer.kind != nil ? 0 : min(since + 1, 365)
                daysSincePromotion[cell] = Float(since)
                sums.0 += Double(effective[cell]); sums.1 += Double(discount[cell]); sums.2 += offer.kind != nil ? 1 : 0
                let p = position * (days + 1) + day + 1
                pricePrefix[p] = sums.0; discountPrefix[p] = sums.1; promotedPrefix[p] = sums.2
            }
        }
        // The category's mean discount over the whole catalog, not just the sample.
        let categories = catalog.vocabulary.categories.count
        var sums = [Double](repeating: 0, count: categories * days), counts = [Double](repeating: 0, count: categories)
        for product in catalog.products { counts[product.category] += 1 }
        // Day by day in parallel: each day sums its own cells, in catalog order.
        let plan = plan
        sums.withUnsafeMutableBufferPointer { out in
            let out = out
            Parallel.forEach(days, cost: catalog.count * 20) { day in
                for (index, product) in catalog.products.enumerated() {
                    out[product.category * days + day] += plan.offer(product: index, day: day).discountFraction
                }
            }
        }
        categoryDiscount = sums.indices.map { Float(counts[$0 / days] > 0 ? sums[$0] / counts[$0 / days] : 0) }
        cartMaximum = (0..<days).map { Float(plan.maximumCartDiscount(on: $0)) }
    }

    /// Per product and day series of what happened: sales and the simulator's truth.
    private func computeSales() {
        let cells = products.count * days
        let sales = dataset.dailySales()
        quantity = [Float](repeating: 0, count: cells)
        revenue = quantity
        profit = quantity
        for (position, product) in products.enumerated() {
            for day in 0..<days {
                quantity[position * days + day] = sales.quantity[product * days + day]
                revenue[position * days + day] = sales.revenue[product * days + day]
                profit[position * days + day] = sales.profit[product * days + day]
            }
        }
        if let truth = dataset.expectedDemand {
            expected = products.flatMap { product in (0..<days).map { truth[product, $0] } }
        }
        spike = [Bool](repeating: false, count: cells)
        var positionOf: [Int: Int] = [:]
        for (position, product) in products.enumerated() { positionOf[product] = position }
        for entry in dataset.spikes {
            guard let position = positionOf[entry.productIndex] else { continue }
            for day in max(0, entry.startDay)...min(max(entry.endDay, entry.startDay), days - 1) { spike[position * days + day] = true }
        }
    }

    private func windowMean(_ prefix: [Double], _ position: Int, _ day: Int, _ window: Int) -> Float {
        let from = max(0, day - window)
        guard day > from else { return 0 }
        let base = position * (days + 1)
        return Float((prefix[base + day] - prefix[base + from]) / Double(day - from))
    }

    /// Writes one row; the order of `put` calls is the column order.
    private func fill(_ sink: inout FeatureRowSink, position: Int, day: Int, history: SalesHistory?) {
        let product = dataset.catalog.products[products[position]]
        let names = dataset.catalog.vocabulary, view = options.categorical
        let cell = position * days + day, date = calendar[day]
        sink.put("product_index", Float(products[position]), .key)
        sink.put("day", Float(day), .key)

        sink.categorical("category", product.category, names.categories, view)
        sink.categorical("brand", product.brand, names.brands, view)
        sink.categorical("colour", product.colour, names.colours, view)
        sink.categorical("material", product.material, names.materials, view)
        sink.categorical("size_range", product.sizeRange, names.sizeRanges, view)

        sink.categorical("weekday", date.weekday, ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], view)
        sink.categorical("month", date.date.month - 1, (1...12).map { "m\($0)" }, view)
        sink.put("day_of_month", Float(date.date.day))
        sink.put("day_of_year", Float(date.date.dayOfYear))
        sink.flag("is_weekend", date.weekday >= 5)
        sink.flag("is_holiday", date.isHoliday)
        sink.flag("is_black_friday", date.isBlackFriday)
        sink.flag("is_payday", date.isPayday)
        sink.put("trend_day", Float(day))
        sink.flag("launched", day >= product.launchDay)
        sink.put("days_since_launch", Float(min(max(day - product.launchDay, 0), 365)))

        let list = Float(product.listCents) / 100, cost = Float(product.supplierCostCents) / 100
        let price = effective[cell], offerKind = Self.kinds[Int(kind[cell])]
        sink.put("list_price", list)
        sink.put("supplier_cost", cost)
        sink.put("markup", cost > 0 ? list / cost : 0)
        sink.put("effective_price", price)
        sink.put("discount_depth", discount[cell])
        sink.flag("promo_any", offerKind != nil)
        sink.flag("promo_percent_off", offerKind == .percentOff)
        sink.flag("promo_dollar_off", offerKind == .dollarOff)
        sink.flag("promo_bogo", offerKind == .buyOneGetOne)
        sink.flag("cart_promo_active", cartMaximum[day] > 0)
        sink.put("cart_promo_max_discount", cartMaximum[day])
        sink.put("effective_margin", price > 0 ? (price - cost) / price : 0)
        sink.put("category_discount_mean", categoryDiscount[product.category * days + day])
        sink.put("days_since_promo", daysSincePromotion[cell])

        let cart = carts.meanSubtotal(position: position, category: product.category, day: day,
                                      observedDays: history?.observedDays ?? days)
        sink.put("cart_mean_total", cart)
        sink.put("cart_likely_discount", Float(plan.cartDiscount(on: day, subtotalCents: Int(cart * 100))))

        for window in options.lagWindows {
            sink.put("price_mean_\(window)", windowMean(pricePrefix, position, day, window))
            sink.put("discount_mean_\(window)", windowMean(discountPrefix, position, day, window))
            sink.put("promo_share_\(window)", windowMean(promotedPrefix, position, day, window))
            sink.put("sales_mean_\(window)", history?.trailingMean(position: position, day: day, window: window) ?? 0)
            sink.put("sales_lag_\(window)", history?.value(position: position, day: day - window) ?? 0)
        }
        sink.put("history_days", Float(min(day, options.lagWindows.max() ?? 0)))

        sink.put("quantity", quantity[cell], .target)
        sink.put("revenue", revenue[cell], .target)
        sink.put("profit", profit[cell], .target)
        if let expected { sink.put("expected_quantity", expected[cell], .truth) }
        if dataset.truth != nil { sink.put("spike", spike[cell] ? 1 : 0, .truth, .flag) }
    }
}
