/// An optimization as markdown: the chosen mix against the current plan and no promotion
/// (forecast and true), then every candidate's standalone contribution and whether it is
/// chosen, and the campaigns switched off with why.
public enum MixReport {
    public static func markdown(_ result: CampaignMixOptimizer.Result, scenario: Scenario, dates: (Int) -> String) -> String {
        let money = WhatIfReport.money
        let hasTruth = result.chosen.truth != nil
        var lines = ["Optimizing \(result.objective.rawValue) over \(result.candidates.count) campaigns of \(scenario.file) "
            + "(\(scenario.products.count) products, \(dates(scenario.days.lowerBound)) to \(dates(scenario.days.upperBound - 1))) by "
            + "\(result.solver): \(result.forecasts) forecasts in " + String(format: "%.1f s", result.seconds) + ".", ""]
        let c = scenario.constraints
        lines.append("Constraints: " + [c.maxConcurrent.map { "at most \($0) campaigns a day" }, c.discountBudget.map { "discount budget $\(money($0))" },
                                        c.exclusive ? "no two campaigns on the same product on the same day" : nil]
            .compactMap { $0 }.joined(separator: "; ").nonEmpty(or: "none") + ".")
        lines.append("")
        lines.append(hasTruth ? "| plan | campaigns | profit | true profit | revenue | true revenue | units | true units |" : "| plan | campaigns | profit | revenue | units |")
        lines.append("|" + String(repeating: " --- |", count: hasTruth ? 8 : 5))
        func row(_ label: String, _ count: Int, _ forecast: PlanFigures?, _ truth: PlanFigures?) -> String {
            let pairs = [(forecast?.profit, truth?.profit), (forecast?.revenue, truth?.revenue), (forecast?.units, truth?.units)]
            let shown = { (value: Double?) in value.map(money) ?? "—" }
            return "| \(label) | \(count) | " + pairs.map { hasTruth ? "\(shown($0.0)) | \(shown($0.1))" : shown($0.0) }.joined(separator: " | ") + " |"
        }
        lines.append(row("no promotion", 0, result.baseline.forecast, result.baseline.truth))
        lines.append(row("current plan", scenario.current.count, result.current.forecast, result.current.truth))
        lines.append(row("chosen mix", result.candidates.filter(\.chosen).count, result.chosen.forecast, result.chosen.truth))
        if let optimum = result.trueOptimum {
            lines.append(row("best mix on the simulator's figures", optimum.chosen.count, nil, optimum.totals))
        }
        if let regret = result.regret, let chosen = result.chosen.truth, let current = result.current.truth {
            let name = result.objective.rawValue
            lines.append("")
            lines.append("True \(name): chosen mix \(money(chosen.value(result.objective))) against the current plan's \(money(current.value(result.objective)))"
                + String(format: " (%+.2f %%)", 100 * (chosen.value(result.objective) - current.value(result.objective)) / max(abs(current.value(result.objective)), 1e-9))
                + "; regret against the best true mix known " + String(format: "%.2f %%", 100 * regret) + ".")
        }
        lines.append("")
        lines.append("Each campaign on its own (its plan with no other campaign, less no promotion):")
        lines.append("")
        lines.append(hasTruth ? "| id | campaign | dates | chosen | \(result.objective.rawValue) | true \(result.objective.rawValue) | discount $ |"
                              : "| id | campaign | dates | chosen | \(result.objective.rawValue) | discount $ |")
        lines.append("|" + String(repeating: " --- |", count: hasTruth ? 7 : 6))
        for candidate in result.candidates.sorted(by: { $0.forecast.value(result.objective) > $1.forecast.value(result.objective) }) {
            let campaign = candidate.campaign.campaign
            lines.append("| \(campaign.id) | \(campaign.name) | \(dates(campaign.startDay)) – \(dates(campaign.endDay)) | \(candidate.chosen ? "yes" : "no") | "
                + money(candidate.forecast.value(result.objective))
                + (hasTruth ? " | " + (candidate.truth.map { money($0.value(result.objective)) } ?? "—") : "")
                + " | \(money(candidate.forecast.discount)) |")
        }
        let truths = result.candidates.compactMap { $0.truth?.value(result.objective) }
        if truths.count == result.candidates.count {
            lines.append("")
            lines.append(WhatIfReport.agreement(forecast: result.candidates.map { $0.forecast.value(result.objective) }, truth: truths,
                                                what: "standalone \(result.objective.rawValue)"))
        }
        lines.append("")
        let off = result.switchedOff
        if off.isEmpty {
            lines.append("The chosen mix keeps every campaign of the current plan.")
        } else {
            lines.append("Switch off:")
            for candidate in off {
                let value = candidate.forecast.value(result.objective)
                let why = value <= 0 ? "it loses \(money(-value)) of forecast \(result.objective.rawValue) on its own"
                    : "it adds \(money(value)) on its own, but a constraint leaves room for better campaigns"
                lines.append("- \(candidate.campaign.id) \(candidate.campaign.name): \(why)"
                    + (candidate.truth.map { "; the simulator says \(money($0.value(result.objective)))" } ?? "") + ".")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func nonEmpty(or fallback: String) -> String { isEmpty ? fallback : self }
}
