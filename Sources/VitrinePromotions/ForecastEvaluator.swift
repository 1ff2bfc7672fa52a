import VitrineForecast
import VitrineRetail

/// A plan's figures as the demand model forecasts them over a scenario's products and horizon.
public final class ForecastEvaluator: PlanEvaluator {
    public let name = "forecast"
    public let forecaster: PlanForecaster
    /// Plans forecast so far (what a speed figure counts).
    public private(set) var evaluations = 0

    public init(model: TrainedDemandModel, dataset: RetailDataset, scenario: Scenario) throws {
        forecaster = try PlanForecaster(model: model, dataset: dataset, products: scenario.products, days: scenario.days)
    }

    public func figures(_ plan: PromotionPlan) throws -> PlanFigures {
        let flat = plan.flattened
        let forecast = try forecaster.forecast(campaigns: flat.campaigns, promotions: flat.promotions)
        evaluations += 1
        let dataset = forecaster.dataset
        let calendar = PromotionCalendar(catalog: dataset.catalog, promotions: flat.promotions, campaigns: flat.campaigns, dayCount: dataset.dayCount)
        var discount = 0.0
        let days = forecast.days
        for (position, product) in forecast.products.enumerated() {
            let list = dataset.catalog.products[product].listCents
            for day in days {
                let given = list - calendar.offer(product: product, day: day).effectiveCents
                if given > 0 { discount += Double(forecast.units[position * days.count + day - days.lowerBound]) * Double(given) / 100 }
            }
        }
        return PlanFigures(units: forecast.total(.quantity), revenue: forecast.total(.revenue), profit: forecast.total(.profit), discount: discount)
    }
}
