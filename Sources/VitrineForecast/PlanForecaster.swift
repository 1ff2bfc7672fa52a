import VitrineRetail

/// Forecasts a set of products over a span of days under any promotion plan: the history of
/// `dataset` up to the span (its realised sales feed the first lags), the plan's campaigns and
/// promotions for prices and promotion features, and the model recursively day by day.
///
/// Everything that does not depend on the plan (realised sales, the forecast ceilings) is
/// computed once, so many plans can be compared quickly.
public final class PlanForecaster {
    public let model: TrainedDemandModel
    public let dataset: RetailDataset
    public let products: [Int]
    public let days: Range<Int>
    private let ceilings: [DemandTarget: [Float]]
    private let driver: any DemandPredictor
    /// The feature builder of `dataset`'s own plan; each forecast swaps in its plan.
    private let base: RetailFeatureBuilder

    /// `products` are catalog indices; `days` must start after the dataset's first day and end
    /// within it.
    public init(model: TrainedDemandModel, dataset: RetailDataset, products: [Int], days: Range<Int>) throws {
        guard !products.isEmpty else { throw ForecastError("a forecast needs at least one product") }
        guard days.lowerBound > 0, days.upperBound <= dataset.dayCount, !days.isEmpty else {
            throw ForecastError("forecast days \(days.lowerBound)..<\(days.upperBound) must lie within 1..<\(dataset.dayCount) (the dataset's days, after its first)")
        }
        if let bad = products.first(where: { !(0..<dataset.catalog.count).contains($0) }) {
            throw ForecastError("product index \(bad) is outside the catalog's 0..<\(dataset.catalog.count)")
        }
        guard let driver = model.predictor(.quantity) ?? model.predictors.first else {
            throw ForecastError("\(model.path): the model has no predictors")
        }
        self.model = model
        self.dataset = dataset
        self.products = products
        self.days = days
        self.driver = driver
        let sales = dataset.dailySales()
        var ceilings: [DemandTarget: [Float]] = [:]
        for predictor in model.predictors {
            ceilings[predictor.target] = ForecastCeiling.perProduct(dataset: dataset, products: products, before: days.lowerBound,
                                                                    target: predictor.target, sales: sales)
        }
        self.ceilings = ceilings
        base = try RetailFeatureBuilder(dataset: dataset, options: model.card.data.featureOptions(productIndices: products))
        for column in model.card.features where base.columns.first(where: { $0.name == column }) == nil {
            throw ForecastError("\(model.path): the model reads the feature '\(column)', which this version's feature table does not have; retrain it")
        }
    }

    /// The forecast under `campaigns` and `promotions` (the whole plan: campaigns before the
    /// span shape the price lags, those within it the span's prices).
    public func forecast(campaigns: [Campaign], promotions: [Promotion]) throws -> DemandForecast {
        let builder = base.replacingPlan(campaigns: campaigns, promotions: promotions)
        let planned = builder.dataset
        let others = model.predictors.filter { $0 !== driver }
        let outputs = ([driver] + others).map { predictor in
            RecursiveForecast.Output(target: predictor.target, ceiling: ceilings[predictor.target], predict: predictor.predict)
        }
        let values = try RecursiveForecast.run(builder: builder, days: days, outputs: outputs)
        var byTarget: [DemandTarget: [Float]] = [:]
        for (output, series) in zip(outputs, values) { byTarget[output.target] = series }
        let units = try byTarget[.quantity] ?? unitsFrom(driver.target, byTarget[driver.target]!, plan: planned.promotionCalendar)
        let plan = planned.promotionCalendar
        return DemandForecast(products: products, days: days, units: units,
                              revenue: byTarget[.revenue] ?? derived(units, plan: plan, margin: false),
                              profit: byTarget[.profit] ?? derived(units, plan: plan, margin: true),
                              modelled: outputs.map(\.target))
    }

    /// Units × the offer price (or × the unit margin), per product and day.
    private func derived(_ units: [Float], plan: PromotionCalendar, margin: Bool) -> [Float] {
        var out = units
        for (position, product) in products.enumerated() {
            let cost = margin ? Float(dataset.catalog.products[product].supplierCostCents) / 100 : 0
            for day in days {
                let cell = position * days.count + (day - days.lowerBound)
                out[cell] = units[cell] * (Float(plan.offer(product: product, day: day).effectiveCents) / 100 - cost)
            }
        }
        return out
    }

    /// Units implied by a revenue or profit forecast at the offer price (0 where the margin is not positive).
    private func unitsFrom(_ target: DemandTarget, _ values: [Float], plan: PromotionCalendar) throws -> [Float] {
        var out = values
        for (position, product) in products.enumerated() {
            let cost = Float(dataset.catalog.products[product].supplierCostCents) / 100
            for day in days {
                let cell = position * days.count + (day - days.lowerBound)
                let price = Float(plan.offer(product: product, day: day).effectiveCents) / 100
                out[cell] = target.units(from: values[cell], price: price, cost: cost)
            }
        }
        return out
    }
}
