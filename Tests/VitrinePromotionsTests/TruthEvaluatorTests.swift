import Testing
import VitrineRetail
@testable import VitrinePromotions

@Suite struct TruthEvaluatorTests {
    let dataset = SmallRetailer.dataset

    @Test func theSimulatorUnderItsOwnPlanReproducesTheDataset() throws {
        let simulator = try RetailSimulator(SmallRetailer.config)
        let again = simulator.run(plan: (dataset.campaigns, dataset.promotions), orderDays: nil)
        #expect(again.expectedDemand == dataset.expectedDemand)
        #expect(again.orders.count == dataset.orders.count)
    }

    @Test func anotherPlanChangesDemandOnlyFromWhereItDiffers() throws {
        let simulator = try RetailSimulator(SmallRetailer.config)
        let (history, _) = PromotionPlan.split(dataset, at: 140, end: 200)
        let plan = PromotionPlan(history: history, horizon: [
            PlannedCampaign(campaign: Campaign(id: 500, name: "deep", startDay: 150, endDay: 159),
                            promotions: [Promotion(id: 5000, campaignID: 500, kind: .percentOff, percentBasisPoints: 4000)]),
        ])
        let other = simulator.run(plan: plan.flattened, orderDays: 140..<200)
        let before = try #require(dataset.expectedDemand), after = try #require(other.expectedDemand)
        for product in 0..<dataset.catalog.count {
            for day in 0..<140 { #expect(before[product, day] == after[product, day]) }
        }
        // 40 % off everything lifts the store's demand on the campaign's days (a few products
        // lose to substitution, or had a deeper offer in the original plan).
        for day in 150...159 {
            let total = { (demand: ExpectedDemand) in (0..<dataset.catalog.count).reduce(0.0) { $0 + Double(demand[$1, day]) } }
            #expect(total(after) > 1.2 * total(before))
        }
        // Orders are composed on the horizon only.
        #expect(other.orders.days.allSatisfy { (140..<200).contains($0) })
    }

    @Test func trueFiguresAreExpectedUnitsAtTheOfferPrice() throws {
        let products = Array(0..<20), days = 150..<170
        let truth = try TruthEvaluator(config: SmallRetailer.config, dataset: dataset, products: products, days: days)
        let (history, _) = PromotionPlan.split(dataset, at: 150, end: 170)
        // 20 % off every product for the span, no cart promotion: revenue is units × 80 % of list.
        let plan = PromotionPlan(history: history, horizon: [
            PlannedCampaign(campaign: Campaign(id: 500, name: "twenty", startDay: 150, endDay: 169),
                            promotions: [Promotion(id: 5000, campaignID: 500, kind: .percentOff, percentBasisPoints: 2000)]),
        ])
        let figures = try truth.figures(plan)
        let simulated = try RetailSimulator(SmallRetailer.config).run(plan: plan.flattened, orderDays: days)
        var units = 0.0, revenue = 0.0, profit = 0.0, discount = 0.0
        for product in products {
            let item = dataset.catalog.products[product]
            let price = Double(item.listCents - Money.percentage(of: item.listCents, basisPoints: 2000)) / 100
            for day in days {
                let expected = Double(simulated.expectedDemand![product, day])
                units += expected
                revenue += expected * price
                profit += expected * (price - Double(item.supplierCostCents) / 100)
                discount += expected * (Double(item.listCents) / 100 - price)
            }
        }
        #expect(units > 0)
        #expect(abs(figures.units - units) < 1e-6 * units)
        #expect(abs(figures.revenue - revenue) < 1e-6 * revenue)
        #expect(abs(figures.profit - profit) < 1e-6 * abs(profit))
        #expect(abs(figures.discount - discount) < 1e-6 * discount)
    }

    @Test func aDatasetFromAnotherSimulationHasNoTruth() {
        var other = SmallRetailer.config
        other.seed = 12
        #expect(throws: TruthUnavailable.self) { _ = try TruthEvaluator(config: other, dataset: dataset, products: [0], days: 150..<160) }
    }
}
