import Foundation
import VitrineRetail

/// The most profitable (or highest-revenue, or most units) mix of a scenario's campaigns under
/// its constraints.
///
/// Each campaign is forecast on its own (the plan with only it in the horizon): its uplift over
/// no promotion is its value, its forecast discount dollars its cost against the budget. The
/// mix problem (``MixProblem``, additive in the campaigns; overlapping campaigns conflict when
/// the scenario is exclusive) is solved exactly up to ``exactLimit`` candidates, by
/// ``HeuristicMixSolver`` beyond; the chosen mix is then forecast as a whole. With a truth
/// evaluator, every figure is also given as the simulator has it.
public struct CampaignMixOptimizer {
    public static let exactLimit = 20

    /// One candidate's standalone figures.
    public struct Candidate: Sendable {
        public var campaign: PlannedCampaign
        public var forecast: PlanFigures
        public var truth: PlanFigures?
        public var chosen: Bool
        public var inCurrentPlan: Bool
    }

    public struct Result: Sendable {
        public var objective: MixObjective
        public var candidates: [Candidate]
        public var problem: MixProblem
        public var solution: MixSolution
        public var solver: String
        /// The whole plans: no promotion, the current plan, the chosen mix.
        public var baseline: WhatIf.Totals
        public var current: WhatIf.Totals
        public var chosen: WhatIf.Totals
        public var seconds: Double
        public var forecasts: Int

        /// With truth: the best mix found on the simulator's own standalone figures (the same
        /// solver on the true values and costs), simulated as a whole plan.
        public var trueOptimum: (chosen: [Int], totals: PlanFigures)?

        /// The true objective the chosen mix gives up against the best true mix known (the
        /// true optimum's, the chosen mix's or the current plan's, whichever is highest), as a
        /// fraction of the best; nil without truth.
        public var regret: Double? {
            guard let chosen = chosen.truth, let current = current.truth, let optimum = trueOptimum else { return nil }
            let best = max(optimum.totals.value(objective), chosen.value(objective), current.value(objective))
            return relativeShortfall(of: chosen.value(objective), from: best)
        }

        /// Campaigns of the current plan the mix leaves out.
        public var switchedOff: [Candidate] { candidates.filter { $0.inCurrentPlan && !$0.chosen } }
    }

    public let scenario: Scenario
    public let dataset: RetailDataset
    public var objective: MixObjective = .profit

    public init(scenario: Scenario, dataset: RetailDataset, objective: MixObjective = .profit) {
        self.scenario = scenario
        self.dataset = dataset
        self.objective = objective
    }

    /// The problem the forecast poses, with each candidate's standalone forecast.
    public func problem(forecast: any PlanEvaluator, progress: (String) -> Void = { _ in }) throws
        -> (MixProblem, baseline: PlanFigures, standalone: [PlanFigures]) {
        let baseline = try forecast.figures(scenario.baselinePlan)
        var standalone: [PlanFigures] = []
        for (k, campaign) in scenario.planned.enumerated() {
            standalone.append(try forecast.figures(scenario.plan([campaign])))
            progress("candidate \(k + 1)/\(scenario.planned.count): \(campaign.id) \(campaign.name)")
        }
        let n = scenario.planned.count
        var conflicts = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        if scenario.constraints.exclusive {
            for (a, b) in CampaignCoverage(dataset: dataset, campaigns: scenario.planned).overlappingPairs() {
                conflicts[a][b] = true
                conflicts[b][a] = true
            }
        }
        let problem = MixProblem(values: standalone.map { $0.value(objective) - baseline.value(objective) },
                                 costs: standalone.map { max($0.discount - baseline.discount, 0) },
                                 spans: scenario.planned.map { $0.campaign.startDay...$0.campaign.endDay },
                                 conflicts: conflicts, maxConcurrent: scenario.constraints.maxConcurrent,
                                 budget: scenario.constraints.discountBudget)
        return (problem, baseline, standalone)
    }

    /// Optimizes with `forecast`; `truth`, when given, puts true figures beside every forecast.
    public func run(forecast: any PlanEvaluator, truth: (any PlanEvaluator)?, progress: (String) -> Void = { _ in }) throws -> Result {
        let started = Date()
        var forecasts = 0
        let (problem, baseline, standalone) = try self.problem(forecast: forecast, progress: progress)
        forecasts += 1 + standalone.count
        let solution = problem.count <= Self.exactLimit ? ExactMixSolver.solve(problem) : HeuristicMixSolver.solve(problem)
        let solver = problem.count <= Self.exactLimit ? "exact enumeration" : "greedy + local search"
        let chosenCampaigns = scenario.planned.indices.filter { solution.chosen[$0] }.map { scenario.planned[$0] }
        let chosenPlan = scenario.plan(chosenCampaigns)
        let chosenForecast = try forecast.figures(chosenPlan)
        let currentForecast = try forecast.figures(scenario.currentPlan)
        forecasts += 2
        let seconds = Date().timeIntervalSince(started)
        var candidates = scenario.planned.indices.map { k in
            Candidate(campaign: scenario.planned[k], forecast: standalone[k] - baseline, truth: nil, chosen: solution.chosen[k],
                      inCurrentPlan: scenario.current.contains { $0.id == scenario.planned[k].id })
        }
        var totals = (baseline: WhatIf.Totals(forecast: baseline, truth: nil), current: WhatIf.Totals(forecast: currentForecast, truth: nil),
                      chosen: WhatIf.Totals(forecast: chosenForecast, truth: nil))
        if let truth {
            let trueBaseline = try truth.figures(scenario.baselinePlan)
            totals.baseline.truth = trueBaseline
            totals.current.truth = try truth.figures(scenario.currentPlan)
            totals.chosen.truth = try truth.figures(chosenPlan)
            for k in candidates.indices {
                candidates[k].truth = try truth.figures(scenario.plan([scenario.planned[k]])) - trueBaseline
                progress("true figures \(k + 1)/\(candidates.count)")
            }
        }
        var trueOptimum: (chosen: [Int], totals: PlanFigures)?
        if let truth, totals.baseline.truth != nil {
            var trueProblem = problem
            trueProblem.values = candidates.map { $0.truth!.value(objective) }
            trueProblem.costs = candidates.map { max($0.truth!.discount, 0) }
            let best = problem.count <= Self.exactLimit ? ExactMixSolver.solve(trueProblem) : HeuristicMixSolver.solve(trueProblem, restarts: 64)
            let chosen = scenario.planned.indices.filter { best.chosen[$0] }
            let figures = try truth.figures(scenario.plan(chosen.map { scenario.planned[$0] }))
            trueOptimum = (chosen.map { scenario.planned[$0].id }, figures)
        }
        return Result(objective: objective, candidates: candidates, problem: problem, solution: solution, solver: solver,
                      baseline: totals.baseline, current: totals.current, chosen: totals.chosen, seconds: seconds, forecasts: forecasts,
                      trueOptimum: trueOptimum)
    }
}
