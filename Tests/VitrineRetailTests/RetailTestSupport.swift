import Foundation
@testable import VitrineRetail

/// Small simulated datasets shared by the suites (each built once per test process).
enum RetailFixtures {
    static func config(products: Int, days: Int, orders: Int, seed: UInt64 = 7) -> RetailSimulatorConfig {
        var config = RetailSimulatorConfig()
        config.products = products
        config.days = days
        config.targetOrders = orders
        config.seed = seed
        return config
    }

    /// 200 products over 365 days, 20,000 orders: enough for the statistical checks.
    static let medium: RetailDataset = simulate(config(products: 200, days: 365, orders: 20_000))

    /// 60 products over 420 days (so 365-day lags exist), for the feature table.
    static let small: RetailDataset = simulate(config(products: 60, days: 420, orders: 6_000, seed: 3))

    static func simulate(_ config: RetailSimulatorConfig) -> RetailDataset {
        do { return try RetailSimulator(config).run() } catch { fatalError("fixture config is invalid: \(error)") }
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "vitrine-retail-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension RetailDataset {
    /// Every product's offer on every day, `[product * dayCount + day]` (computed once per call).
    func allOffers() -> [ProductOffer] {
        let plan = promotionCalendar
        return (0..<catalog.count).flatMap { product in (0..<dayCount).map { plan.offer(product: product, day: $0) } }
    }
}
