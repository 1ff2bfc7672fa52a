/// The mean subtotal (after product-level discounts, the amount cart thresholds test) of the
/// carts holding a product over a trailing window, from observed orders only.
///
/// A product with no carts in the window falls back to its category's carts, then to all
/// carts, then to the mean of all observed carts, so new and slow products still get a typical
/// cart rather than zero.
struct CartStatistics {
    private let days: Int
    private let window: Int
    /// Prefix sums over days ([key * (days + 1) + d]) of cart subtotals in dollars and cart counts.
    private let productSums: [Double], productCounts: [Double]
    private let categorySums: [Double], categoryCounts: [Double]
    private let allSums: [Double], allCounts: [Double]

    init(dataset: RetailDataset, products: [Int], window: Int) {
        let days = dataset.dayCount
        self.days = days
        self.window = window
        var positionOf = [Int](repeating: -1, count: dataset.catalog.count)
        for (position, product) in products.enumerated() { positionOf[product] = position }
        let categories = dataset.catalog.vocabulary.categories.count
        var productDaily = [Double](repeating: 0, count: products.count * days), productN = productDaily
        var categoryDaily = [Double](repeating: 0, count: categories * days), categoryN = categoryDaily
        var allDaily = [Double](repeating: 0, count: days), allN = allDaily
        let orders = dataset.orders, lines = dataset.lines
        for order in 0..<orders.count {
            let day = orders.days[order]
            allDaily[day] += Double(orders.subtotalCents(order)) / 100
            allN[day] += 1
        }
        for line in 0..<lines.count {
            let order = lines.orderIndices[line], product = lines.productIndices[line], day = orders.days[order]
            let subtotal = Double(orders.subtotalCents(order)) / 100
            let category = dataset.catalog.products[product].category
            categoryDaily[category * days + day] += subtotal
            categoryN[category * days + day] += 1
            if positionOf[product] >= 0 {
                productDaily[positionOf[product] * days + day] += subtotal
                productN[positionOf[product] * days + day] += 1
            }
        }
        func prefix(_ daily: [Double], keys: Int) -> [Double] {
            var out = [Double](repeating: 0, count: keys * (days + 1))
            for key in 0..<keys {
                for day in 0..<days { out[key * (days + 1) + day + 1] = out[key * (days + 1) + day] + daily[key * days + day] }
            }
            return out
        }
        productSums = prefix(productDaily, keys: products.count); productCounts = prefix(productN, keys: products.count)
        categorySums = prefix(categoryDaily, keys: categories); categoryCounts = prefix(categoryN, keys: categories)
        allSums = prefix(allDaily, keys: 1); allCounts = prefix(allN, keys: 1)
    }

    /// Mean cart subtotal in dollars for the product at `position` before `day`, reading orders
    /// of days before `observedDays` only.
    func meanSubtotal(position: Int, category: Int, day: Int, observedDays: Int) -> Float {
        let end = min(day, observedDays), start = max(0, end - window)
        func mean(_ sums: [Double], _ counts: [Double], _ key: Int, from: Int) -> Double? {
            let base = key * (days + 1)
            let n = counts[base + end] - counts[base + from]
            return n > 0 ? (sums[base + end] - sums[base + from]) / n : nil
        }
        let value = mean(productSums, productCounts, position, from: start)
            ?? mean(categorySums, categoryCounts, category, from: start)
            ?? mean(allSums, allCounts, 0, from: start)
            ?? mean(allSums, allCounts, 0, from: 0)
            ?? 0
        return Float(value)
    }
}
