import Foundation

/// The answer to a scenario: the forecast (and, where the retailer is simulated, the true)
/// figures of three plans over the scenario's products and horizon — no promotion (baseline),
/// the current plan, and the scenario's plan — and each of the scenario's campaigns'
/// contribution to it: the plan's figures less those of the plan without the campaign.
public struct WhatIf: Sendable {
    /// One campaign's contribution (plan − plan without it), forecast and true.
    public struct Contribution: Sendable {
        public var id: Int
        public var name: String
        public var startDay: Int
        public var endDay: Int
        public var forecast: PlanFigures
        public var truth: PlanFigures?
    }

    /// One plan's figures.
    public struct Totals: Sendable {
        public var forecast: PlanFigures
        public var truth: PlanFigures?
    }

    public var baseline: Totals
    public var current: Totals
    public var scenario: Totals
    public var campaigns: [Contribution]
    /// Plans evaluated, and the seconds spent forecasting and simulating.
    public var forecastSeconds: Double
    public var truthSeconds: Double

    /// Evaluates `scenario` with `forecast` and, when given, `truth`; `progress` hears a line per plan.
    public static func run(_ scenario: Scenario, forecast: any PlanEvaluator, truth: (any PlanEvaluator)?,
                           progress: (String) -> Void = { _ in }) throws -> WhatIf {
        var forecastSeconds = 0.0, truthSeconds = 0.0
        func totals(_ plan: PromotionPlan, _ label: String) throws -> Totals {
            var started = Date()
            let predicted = try forecast.figures(plan)
            forecastSeconds += Date().timeIntervalSince(started)
            started = Date()
            let actual = try truth?.figures(plan)
            truthSeconds += Date().timeIntervalSince(started)
            progress(label)
            return Totals(forecast: predicted, truth: actual)
        }
        let baseline = try totals(scenario.baselinePlan, "baseline (no promotion)")
        let current = try totals(scenario.currentPlan, "current plan")
        let planned = scenario.planned == scenario.current ? current : try totals(scenario.scenarioPlan, "scenario plan")
        var campaigns: [Contribution] = []
        for campaign in scenario.planned {
            let without = try totals(scenario.plan(scenario.planned.filter { $0.id != campaign.id }), "without \(campaign.id) \(campaign.name)")
            campaigns.append(Contribution(id: campaign.id, name: campaign.name, startDay: campaign.campaign.startDay,
                                          endDay: campaign.campaign.endDay, forecast: planned.forecast - without.forecast,
                                          truth: planned.truth.flatMap { total in without.truth.map { total - $0 } }))
        }
        return WhatIf(baseline: baseline, current: current, scenario: planned, campaigns: campaigns,
                      forecastSeconds: forecastSeconds, truthSeconds: truthSeconds)
    }
}
