import Foundation
import Testing
import VitrineRetail
@testable import VitrineForecast

/// A predictor written out by hand: 1 + 10 × the day's discount depth units a day.
private final class DepthPredictor: DemandPredictor {
    let target = DemandTarget.quantity
    func predict(_ table: FeatureTable) throws -> [Float] { try table.column("discount_depth").map { 1 + 10 * $0 } }
}

@Suite struct PlanForecasterTests {
    func model() throws -> TrainedDemandModel {
        let builder = try RetailFeatureBuilder(dataset: TinyRetailer.dataset)
        let card = DemandModelCard(kind: .gbdt, targets: [.quantity], columns: builder.columns.filter { $0.role == .feature },
                                   data: .init(directory: "unused", simProducts: 40, simDays: 90, seed: 5, products: 40, holdoutDays: 10))
        return TrainedDemandModel(card: card, predictors: [DepthPredictor()], path: "hand-written")
    }

    @Test func revenueAndProfitAreDerivedFromUnitsAtTheOfferPrice() throws {
        let dataset = TinyRetailer.dataset
        let category = dataset.catalog.products[0].category
        // One 25%-off campaign on the first product's category on days 81...82, nothing else in the span.
        let history = dataset.campaigns.filter { $0.endDay < 80 }
        let campaign = Campaign(id: 99, name: "test", startDay: 81, endDay: 82)
        let promotion = Promotion(id: 999, campaignID: 99, kind: .percentOff, percentBasisPoints: 2500,
                                  filter: ProductFilter(categories: [category]))
        let kept = dataset.promotions.filter { promotion in history.contains { $0.id == promotion.campaignID } }
        let products = dataset.catalog.products.indices.filter { dataset.catalog.products[$0].launchDay <= 80 }
        let forecaster = try PlanForecaster(model: try model(), dataset: dataset, products: products, days: 80..<84)
        let forecast = try forecaster.forecast(campaigns: history + [campaign], promotions: kept + [promotion])
        #expect(forecast.modelled == [.quantity])
        // Forecasts are capped at each product's largest daily sale before the span.
        let ceiling = ForecastCeiling.perProduct(dataset: dataset, products: products, before: 80, target: .quantity)
        #expect(ceiling.contains { $0 >= 3.5 } && ceiling.contains { $0 < 3.5 })
        for (position, index) in products.enumerated() {
            let product = dataset.catalog.products[index]
            let list = Float(product.listCents) / 100, cost = Float(product.supplierCostCents) / 100
            for (offset, day) in (80..<84).enumerated() {
                let cell = position * 4 + offset
                let covered = product.category == category && (81...82).contains(day)
                // 25% off: 1 + 2.5 units at 75% of list (cents rounded as the pricing engine rounds).
                let price = covered ? Float(product.listCents - Money.percentage(of: product.listCents, basisPoints: 2500)) / 100 : list
                let units = min(covered ? 3.5 : 1, ceiling[position])
                #expect(abs(forecast.units[cell] - units) < 1e-5)
                #expect(abs(forecast.revenue[cell] - units * price) < 1e-3)
                #expect(abs(forecast.profit[cell] - units * (price - cost)) < 1e-3)
            }
        }
        #expect(abs(forecast.total(.quantity) - Double(forecast.units.reduce(0, +))) < 1e-3)
    }

    @Test func badSpansProductsAndCardsAreErrorsThatSayWhatToDo() throws {
        let model = try model()
        #expect(throws: ForecastError.self) { _ = try PlanForecaster(model: model, dataset: TinyRetailer.dataset, products: [], days: 80..<84) }
        #expect(throws: ForecastError.self) { _ = try PlanForecaster(model: model, dataset: TinyRetailer.dataset, products: [0], days: 80..<91) }
        #expect(throws: ForecastError.self) { _ = try PlanForecaster(model: model, dataset: TinyRetailer.dataset, products: [40], days: 80..<84) }
        do {
            _ = try DemandModelCard.decode("{\"kind\": \"forest\"}", name: "x.h5")
            Issue.record("a damaged card was accepted")
        } catch {
            #expect("\(error)".hasPrefix("x.h5: /documents/demand is not a demand model card"))
        }
        let card = model.card
        #expect(try DemandModelCard.decode(try card.encoded(), name: "round trip") == card)
    }
}

@Suite struct ReplacingPlanTests {
    /// Swapping the plan into a built feature builder gives the tables a builder made from
    /// scratch on the edited dataset gives, bit for bit.
    @Test func aReplacedPlanBuildsTheSameTablesAsAFreshBuilder() throws {
        var edited = TinyRetailer.dataset
        edited.campaigns.append(Campaign(id: 77, name: "late", startDay: 70, endDay: 85))
        edited.promotions.append(Promotion(id: 777, campaignID: 77, kind: .percentOff, percentBasisPoints: 3000))
        let base = try RetailFeatureBuilder(dataset: TinyRetailer.dataset)
        let swapped = base.replacingPlan(campaigns: edited.campaigns, promotions: edited.promotions)
        let fresh = try RetailFeatureBuilder(dataset: edited)
        let a = try swapped.table(days: 60..<90), b = try fresh.table(days: 60..<90)
        #expect(a.values == b.values)
        #expect(try a.column("discount_depth") != base.table(days: 60..<90).column("discount_depth"))
    }
}
