import VitrineRetail

/// A plan's true figures: the retail simulator run again on the same seed with the plan, over a
/// scenario's products and horizon. Units are the simulator's expected units (its ground
/// truth, free of Poisson noise); revenue is those units at the plan's offer price less the
/// share of the day's spending that cart-level promotions took in the simulated orders;
/// profit is revenue less the units' supplier cost.
public final class TruthEvaluator: PlanEvaluator {
    public let name = "truth"
    public let simulator: RetailSimulator
    public let products: [Int]
    public let days: Range<Int>
    private let calibration: Double
    public private(set) var evaluations = 0

    /// `config` must be the simulation that made `dataset` (the model card's); a dataset that
    /// was not simulated with it has no truth to compare with.
    public init(config: RetailSimulatorConfig, dataset: RetailDataset, products: [Int], days: Range<Int>) throws {
        guard dataset.expectedDemand != nil, dataset.seed == config.seed, dataset.catalog.count == config.products,
              dataset.dayCount == config.days else {
            throw TruthUnavailable("the dataset was not simulated with seed \(config.seed), \(config.products) products and \(config.days) days, "
                + "so the simulator cannot give true figures for it; compare forecasts only")
        }
        simulator = try RetailSimulator(config)
        self.products = products
        self.days = days
        calibration = simulator.generatedCalibration()
    }

    public func figures(_ plan: PromotionPlan) throws -> PlanFigures {
        let flat = plan.flattened
        let simulated = simulator.run(plan: flat, orderDays: days, calibration: calibration)
        evaluations += 1
        guard let expected = simulated.expectedDemand else { return PlanFigures() }
        // The share of each day's spending (after product discounts) that cart promotions took.
        var subtotal = [Double](repeating: 0, count: days.count), cartOff = subtotal
        for order in 0..<simulated.orders.count where days.contains(simulated.orders.days[order]) {
            let offset = simulated.orders.days[order] - days.lowerBound
            subtotal[offset] += Double(simulated.orders.listCents[order] - simulated.orders.productDiscountCents[order])
            cartOff[offset] += Double(simulated.orders.cartDiscountCents[order])
        }
        let calendar = simulated.promotionCalendar
        var out = PlanFigures()
        for product in products {
            let item = simulated.catalog.products[product]
            for day in days {
                let units = Double(expected[product, day])
                guard units > 0 else { continue }
                let offer = calendar.offer(product: product, day: day).effectiveCents
                let share = subtotal[day - days.lowerBound] > 0 ? cartOff[day - days.lowerBound] / subtotal[day - days.lowerBound] : 0
                let revenue = units * Double(offer) / 100 * (1 - share)
                out.units += units
                out.revenue += revenue
                out.profit += revenue - units * Double(item.supplierCostCents) / 100
                out.discount += units * Double(item.listCents - offer) / 100
            }
        }
        return out
    }
}

/// The dataset is not the simulation a model card names: there is no truth to compare with
/// (forecasts still work). Any other failure while setting up the truth is a real error.
public struct TruthUnavailable: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
