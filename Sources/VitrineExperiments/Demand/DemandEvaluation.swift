import VitrineForecast
import VitrineRetail

/// Scores holdout forecasts: the model against realised sales, next to the seasonal-naive
/// baseline and (for quantity, where the simulator's expected units are known) the noise floor,
/// the score of the true expectation. Built once per run; the baselines do not change.
final class DemandEvaluation {
    /// The holdout days with realised lags: targets, truth, promotion and launch flags.
    let truth: FeatureTable
    let target: DemandTarget
    let seasonalNaive: DemandReport
    let noiseFloor: DemandReport?

    /// Scores forecasts of `target` (the run's first target when nil).
    init(_ data: DemandData, target: DemandTarget? = nil) throws {
        let target = target ?? data.target
        self.target = target
        truth = try data.builder.table(days: data.holdoutDays)
        let series = Array(try data.history.column(target.column))
        let naive = try SeasonalNaive.forecast(series: series, products: data.builder.products.count,
                                               seriesDays: data.history.days.count, horizon: data.holdoutDays.count)
        seasonalNaive = try DemandReport(predicted: naive, table: truth, target: target.column)
        if target == .quantity, truth.columnIndex("expected_quantity") != nil {
            noiseFloor = try DemandReport(predicted: Array(try truth.column("expected_quantity")), table: truth, target: "quantity")
        } else {
            noiseFloor = nil
        }
    }

    /// The model's metrics and the baselines' (under `seasonal_naive/` and `noise_floor/`).
    func metrics(predicted: [Float]) throws -> [String: Double] {
        var out = Self.metrics(try DemandReport(predicted: predicted, table: truth, target: target.column))
        for (name, value) in Self.metrics(seasonalNaive) { out["seasonal_naive/" + name] = value }
        if let noiseFloor { for (name, value) in Self.metrics(noiseFloor) { out["noise_floor/" + name] = value } }
        return out
    }

    /// Metric names of one report: `<level>/<split>/<wape|rmse|bias>`.
    static func metrics(_ report: DemandReport) -> [String: Double] {
        var out: [String: Double] = [:]
        var splits = [("overall", report.overall), ("promotion", report.promotionDays), ("regular", report.regularDays)]
        if let spikes = report.spikeDays { splits.append(("spike", spikes)) }
        for (split, errors) in splits {
            out["product_day/\(split)/wape"] = errors.wape
            out["product_day/\(split)/rmse"] = errors.rmse
            out["product_day/\(split)/bias"] = errors.bias
        }
        out["product_week/overall/wape"] = report.productWeekWAPE
        out["category_day/overall/wape"] = report.categoryDayWAPE
        return out
    }

    /// Every name ``metrics(predicted:)`` can report (spike days and the noise floor only
    /// where the data are simulated).
    static var metricNames: [String] {
        ["", "seasonal_naive/", "noise_floor/"].flatMap { prefix in reportNames.map { prefix + $0 } }
    }

    /// The names of one report's metrics (see ``metrics(_:)``), in table order.
    static let reportNames = ["product_week/overall/wape", "category_day/overall/wape"]
        + ["overall", "promotion", "regular", "spike"].flatMap { split in
            ["wape", "rmse", "bias"].map { "product_day/\(split)/\($0)" }
        }

    /// The last logged value of each metric in `history`, NaN included: an undefined WAPE (no
    /// sales in the scored cells) is logged as null and must show as undefined in the report,
    /// where ``MetricsHistory/final(_:)``, which skips non-finite values, would drop its row
    /// or show an earlier value.
    static func lastValues(_ history: MetricsHistory) -> (String) -> Double? {
        var last: [String: Double] = [:]
        for record in history.records { last.merge(record.values) { $1 } }
        return { last[$0] }
    }

    /// A metric value for the report: "undefined" for NaN (see ``ForecastErrors``), "—" when absent.
    static func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value.isNaN ? "undefined" : fmt(value)
    }

    /// The report's table: each level, split and measure with the model, seasonal-naive and
    /// noise floor side by side, read from final metric values under `prefix` (NaN: undefined).
    static func reportTable(prefix: String, holdoutDays: Int, final: (String) -> Double?) -> ReportTable? {
        let rows = reportNames.compactMap { name -> [String]? in
            guard let model = final(prefix + name) else { return nil }
            return [name, format(model), format(final(prefix + "seasonal_naive/" + name)), format(final(prefix + "noise_floor/" + name))]
        }
        guard !rows.isEmpty else { return nil }
        let undefined = rows.contains { $0.contains("undefined") }
        return ReportTable(title: "Holdout: the final \(holdoutDays) days, forecast recursively"
                               + (undefined ? " (undefined: no actual sales in those cells, so WAPE and bias have no value)" : ""),
                           header: ["level / days / measure", "model", "seasonal-naive", "noise floor"], rows: rows)
    }
}
