import Testing
import VitrineRetail
@testable import VitrinePromotions

/// A plan evaluator worked by hand: profit = 100 + Σ per-campaign values of the horizon's
/// campaigns, − 30 when campaigns 1 and 2 both run; units = number of campaigns; discount =
/// 10 per campaign.
private final class HandEvaluator: PlanEvaluator {
    let name = "hand"
    let values: [Int: Double]
    init(_ values: [Int: Double]) { self.values = values }
    func figures(_ plan: PromotionPlan) throws -> PlanFigures {
        let ids = Set(plan.horizon.map(\.id))
        var profit = 100 + ids.reduce(0) { $0 + (values[$1] ?? 0) }
        if ids.contains(1) && ids.contains(2) { profit -= 30 }
        return PlanFigures(units: Double(ids.count), revenue: 2 * profit, profit: profit, discount: 10 * Double(ids.count))
    }
}

@Suite struct WhatIfTests {
    func campaign(_ id: Int, _ days: ClosedRange<Int>) -> PlannedCampaign {
        PlannedCampaign(campaign: Campaign(id: id, name: "c\(id)", startDay: days.lowerBound, endDay: days.upperBound),
                        promotions: [Promotion(id: 100 + id, campaignID: id, kind: .percentOff, percentBasisPoints: 1000)])
    }

    func scenario(constraints: ScenarioConstraints = ScenarioConstraints()) -> Scenario {
        let current = [campaign(1, 0...9), campaign(2, 5...14), campaign(3, 20...29)]
        var planned = current
        planned.remove(at: 2)
        planned.append(campaign(4, 30...39))
        return Scenario(file: "hand.yaml", scopeName: "sample", products: [0], days: 0..<40, history: [], current: current,
                        planned: planned, constraints: constraints, lines: [:])
    }

    @Test func contributionsAreThePlanLessThePlanWithoutEachCampaign() throws {
        let forecast = HandEvaluator([1: 50, 2: 40, 3: -20, 4: 10]), truth = HandEvaluator([1: 45, 2: 60, 3: -25, 4: -5])
        let result = try WhatIf.run(scenario(), forecast: forecast, truth: truth)
        // Baseline 100; current {1,2,3}: 100 + 70 − 30 = 140; scenario {1,2,4}: 100 + 100 − 30 = 170.
        #expect(result.baseline.forecast.profit == 100 && result.current.forecast.profit == 140 && result.scenario.forecast.profit == 170)
        // Campaign 1: 170 − (100 + 40 + 10) = 20 (its 50 less the 30 lost with 2); 2: 170 − 160 = 10; 4: 10.
        #expect(result.campaigns.map(\.id) == [1, 2, 4])
        #expect(result.campaigns.map(\.forecast.profit) == [20, 10, 10])
        // Truth: scenario 100 + 100 − 30 = 170; without 1: 155 → 15; without 2: 140 → 30; without 4: 175 → −5.
        #expect(result.campaigns.map { $0.truth!.profit } == [15, 30, -5])
        let text = WhatIfReport.markdown(result, scenario: scenario(), dates: { "d\($0)" })
        // True current plan: 100 + 45 + 60 − 25 − 30 = 150, so the true uplift over it is 20.
        #expect(text.contains("| uplift over current plan | 30 | 20 |"))
        #expect(text.contains("Spearman rank correlation of profit contributions 0.00; harmful campaigns (true < 0): 1, flagged by the forecast (< 0): 0"))
    }

    @Test func theOptimizerChoosesByStandaloneValueUnderTheConstraints() throws {
        // Standalone values over the baseline: 1: 50, 2: 40, 3: −20, 4: 10; at most one campaign a
        // day: 1 and 2 share days 5...9, so the best mix is {1, 4} (60).
        let constraints = ScenarioConstraints(maxConcurrent: 1)
        var scenario = scenario(constraints: constraints)
        scenario.planned = scenario.current + [campaign(4, 30...39)]
        let result = try CampaignMixOptimizer(scenario: scenario, dataset: SmallRetailer.dataset)
            .run(forecast: HandEvaluator([1: 50, 2: 40, 3: -20, 4: 10]), truth: HandEvaluator([1: 10, 2: 40, 3: -20, 4: 10]))
        #expect(result.problem.values == [50, 40, -20, 10])
        #expect(result.candidates.filter(\.chosen).map(\.campaign.id) == [1, 4])
        #expect(result.switchedOff.map(\.campaign.id) == [2, 3])
        #expect(result.chosen.forecast.profit == 160)
        // On the truth the best mix is {2, 4} (150) against the chosen mix's 120: regret 30 / 150.
        #expect(result.trueOptimum?.chosen == [2, 4])
        #expect(abs(result.regret! - 0.2) < 1e-12)
        let text = MixReport.markdown(result, scenario: scenario, dates: { "d\($0)" })
        #expect(text.contains("- 3 c3: it loses 20 of forecast profit on its own; the simulator says −20."))
        // Ranks: forecast (50, 40, −20, 10) → 4 3 1 2; truth (10, 40, −20, 10) → 2.5 4 1 2.5;
        // ρ = 3 / √(5 · 4.5) = 0.632.
        #expect(text.contains("Spearman rank correlation of standalone profit 0.63; harmful campaigns (true < 0): 1, flagged by the forecast (< 0): 1"))
    }
}
