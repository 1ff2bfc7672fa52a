import Foundation

/// A what-if as markdown: the three plans' totals with the uplift of the scenario over the
/// baseline and over the current plan, then one row per campaign of the scenario (its
/// contribution), forecast and true side by side.
public enum WhatIfReport {
    public static func markdown(_ result: WhatIf, scenario: Scenario, dates: (Int) -> String) -> String {
        let hasTruth = result.scenario.truth != nil
        var lines: [String] = []
        lines.append("Scenario \(scenario.file): \(scenario.products.count) products (\(scenario.scopeName)), "
            + "\(dates(scenario.days.lowerBound)) to \(dates(scenario.days.upperBound - 1)) (\(scenario.days.count) days); "
            + "\(scenario.planned.count) campaigns planned, \(scenario.current.count) in the current plan.")
        lines.append("")
        let header = hasTruth ? "| plan | profit | true profit | revenue | true revenue | units | true units |"
            : "| plan | profit | revenue | units |"
        lines.append(header)
        lines.append("|" + String(repeating: " --- |", count: hasTruth ? 7 : 4))
        func row(_ label: String, _ forecast: PlanFigures, _ truth: PlanFigures?) -> String {
            let cells = [(forecast.profit, truth?.profit), (forecast.revenue, truth?.revenue), (forecast.units, truth?.units)]
            return "| \(label) | " + cells.map { pair in
                hasTruth ? "\(money(pair.0)) | \(pair.1.map(money) ?? "—")" : money(pair.0)
            }.joined(separator: " | ") + " |"
        }
        lines.append(row("no promotion (baseline)", result.baseline.forecast, result.baseline.truth))
        lines.append(row("current plan", result.current.forecast, result.current.truth))
        lines.append(row("scenario", result.scenario.forecast, result.scenario.truth))
        lines.append(row("uplift over baseline", result.scenario.forecast - result.baseline.forecast,
                         result.scenario.truth.flatMap { s in result.baseline.truth.map { s - $0 } }))
        lines.append(row("uplift over current plan", result.scenario.forecast - result.current.forecast,
                         result.scenario.truth.flatMap { s in result.current.truth.map { s - $0 } }))
        lines.append("")
        lines.append("Each campaign's contribution (the scenario's figures less the scenario without it):")
        lines.append("")
        lines.append(hasTruth ? "| id | campaign | dates | profit | true profit | revenue | true revenue | units | true units | discount $ |"
                              : "| id | campaign | dates | profit | revenue | units | discount $ |")
        lines.append("|" + String(repeating: " --- |", count: hasTruth ? 10 : 7))
        for campaign in result.campaigns.sorted(by: { $0.forecast.profit < $1.forecast.profit }) {
            let cells = [(campaign.forecast.profit, campaign.truth?.profit), (campaign.forecast.revenue, campaign.truth?.revenue),
                         (campaign.forecast.units, campaign.truth?.units)]
            lines.append("| \(campaign.id) | \(campaign.name) | \(dates(campaign.startDay)) – \(dates(campaign.endDay)) | "
                + cells.map { hasTruth ? "\(money($0.0)) | \($0.1.map(money) ?? "—")" : money($0.0) }.joined(separator: " | ")
                + " | \(money(campaign.forecast.discount)) |")
        }
        let harmful = result.campaigns.filter { $0.forecast.profit < 0 }
        if hasTruth, !result.campaigns.isEmpty {
            lines.append("")
            lines.append(agreement(result))
        }
        lines.append("")
        lines.append(harmful.isEmpty ? "No campaign lowers forecast profit."
            : "Forecast to lower profit (switch off): " + harmful.map { "\($0.id) \($0.name)" }.joined(separator: ", ") + ".")
        return lines.joined(separator: "\n") + "\n"
    }

    /// How the forecast contributions agree with the true ones: Spearman's rank correlation of
    /// the profit contributions, and precision and recall of the campaigns flagged as harmful
    /// (forecast profit contribution < 0) against those truly harmful.
    public static func agreement(_ result: WhatIf) -> String {
        let forecast = result.campaigns.map(\.forecast.profit), truth = result.campaigns.compactMap(\.truth?.profit)
        return agreement(forecast: forecast, truth: truth, what: "profit contributions")
    }

    /// The agreement line for any paired forecast and true figures per campaign.
    public static func agreement(forecast: [Double], truth: [Double], what: String) -> String {
        guard truth.count == forecast.count, !forecast.isEmpty else { return "" }
        let rho = RankCorrelation.spearman(forecast, truth)
        let harmful = HarmfulCampaigns(forecast: forecast, truth: truth)
        func ratio(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "undefined" }
        return "Forecast against truth over \(forecast.count) campaigns: Spearman rank correlation of \(what) "
            + ratio(rho) + "; harmful campaigns (true < 0): \(harmful.harmful), flagged by the forecast (< 0): "
            + "\(harmful.flagged), of which truly harmful \(harmful.truePositives) (precision \(ratio(harmful.precision)), recall \(ratio(harmful.recall)))."
    }

    /// A figure rounded to whole units, with thousands separators and a sign when negative.
    static func money(_ value: Double) -> String {
        let rounded = Int(value.rounded())
        let digits = String(abs(rounded))
        var grouped = ""
        for (i, character) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped += "," }
            grouped.append(character)
        }
        return (rounded < 0 ? "−" : "") + grouped
    }
}
