import VitrineRetail

/// The most a recursive forecast may predict per product: the product's largest daily target
/// before the forecast, or its category's for products live fewer than 28 of those days. Only
/// data before the forecast; it keeps a recursive forecast from feeding a runaway prediction
/// back into its own lags.
public enum ForecastCeiling {
    /// One ceiling per product of `products` (catalog indices, in that order) for `target`,
    /// from the realised sales of days `0..<day`; `sales` is `dataset.dailySales()` when the
    /// caller already has it.
    public static func perProduct(dataset: RetailDataset, products: [Int], before day: Int, target: DemandTarget,
                                  sales: (quantity: [Float], revenue: [Float], profit: [Float])? = nil) -> [Float] {
        let sales = sales ?? dataset.dailySales()
        let values: [Float]
        switch target {
        case .quantity: values = sales.quantity
        case .revenue: values = sales.revenue
        case .profit: values = sales.profit
        }
        let days = dataset.dayCount, end = min(max(day, 0), days)
        var productMax = [Float](repeating: 0, count: products.count), liveDays = [Int](repeating: 0, count: products.count)
        var categoryMax: [Int: Float] = [:]
        for (position, product) in products.enumerated() {
            let item = dataset.catalog.products[product]
            for day in max(item.launchDay, 0)..<max(end, max(item.launchDay, 0)) {
                liveDays[position] += 1
                productMax[position] = max(productMax[position], values[product * days + day])
            }
            categoryMax[item.category] = max(categoryMax[item.category] ?? 0, productMax[position])
        }
        return products.indices.map { position in
            let category = dataset.catalog.products[products[position]].category
            return liveDays[position] >= 28 ? productMax[position] : (categoryMax[category] ?? productMax[position])
        }
    }
}
