import Foundation
import VitrinePromotions

/// Promotion decisions: the mix heuristic certified against exact enumeration on 100 random
/// instances (8–20 campaigns), one what-if forecast (a scenario's products over its horizon,
/// one plan) and a whole optimization over the history pool's 60 campaigns. The forecast
/// figures need a trained demand model (`VITRINE_PROMO_MODEL`, default the run promo-gbdt of
/// experiments/demand_promotions.yaml) and its dataset; without them only the certification
/// runs. Writes promotions.json.
enum PromotionsBench {
    static func run(quick: Bool) throws {
        var report = machineReport(quick: quick)
        var start = now()
        let certification = MixCertification.run(instances: 100, sizes: 8...20, seed: 1)
        let certifySeconds = now() - start
        let exactWork = certification.cases.map(\.candidates).max() ?? 0
        print("mix heuristic vs exact on \(certification.cases.count) random instances (up to \(exactWork) campaigns): optimum on \(certification.matched), "
              + "worst gap \(format(100 * certification.worstGap, 3)) % (\(format(certifySeconds, 2)) s)")
        report["certification"] = ["instances": certification.cases.count, "matched": certification.matched,
                                   "worst_gap": certification.worstGap, "seconds": certifySeconds]

        let model = ProcessInfo.processInfo.environment["VITRINE_PROMO_MODEL"] ?? "promo-gbdt"
        let scenarioFile = "experiments/scenarios/holdout_pool.yaml"
        let setup: PromotionSetup
        do {
            setup = try PromotionSetup.load(model: model, scenario: scenarioFile, truth: false)
        } catch {
            print("no forecast figures: \(error)")
            try writeReport(report, name: "promotions")
            return
        }
        let scenario = setup.scenario
        let forecastTime = try bestTime(warmUp: 0, repetitions: quick ? 1 : 3) { _ = try setup.forecast.figures(scenario.currentPlan) }
        print("one what-if forecast: \(scenario.products.count) products × \(scenario.days.count) days, "
              + "\(scenario.current.count) campaigns: \(format(forecastTime, 2)) s")
        report["forecast"] = ["products": scenario.products.count, "days": scenario.days.count, "campaigns": scenario.current.count,
                              "best_seconds": forecastTime]
        guard !quick else { try writeReport(report, name: "promotions"); return }
        start = now()
        let result = try CampaignMixOptimizer(scenario: scenario, dataset: setup.dataset).run(forecast: setup.forecast, truth: nil)
        let optimizeSeconds = now() - start
        print("optimization over \(scenario.planned.count) campaigns (\(result.solver)): \(result.forecasts) forecasts, \(format(optimizeSeconds, 1)) s")
        report["optimize"] = ["campaigns": scenario.planned.count, "forecasts": result.forecasts, "seconds": optimizeSeconds,
                              "solver": result.solver]
        try writeReport(report, name: "promotions")
    }
}
