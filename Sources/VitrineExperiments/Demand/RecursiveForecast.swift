import VitrineRetail

/// Forecasts a span of days one day at a time, as the reference system does: each day's rows
/// are built with sales lags that hold realised sales up to the span and the model's own
/// predictions (converted to units) for the span's earlier days; the day's predictions are then
/// recorded so the next day's lags read them.
enum RecursiveForecast {
    /// Predictions of `target` for every product on every day of `days`, in the row order of
    /// `builder.table(days: days)` (product position × day count + day offset). `predict` maps
    /// one day's table to one value per row; rows of products not yet launched are set to 0, and
    /// predictions above `ceiling` (one value per product, when given) are lowered to it.
    static func run(builder: RetailFeatureBuilder, days: Range<Int>, target: DemandTarget, ceiling: [Float]? = nil,
                    predict: (FeatureTable) throws -> [Float]) throws -> [Float] {
        let history = builder.salesHistory(knownDays: days.lowerBound)
        let products = builder.products.count
        var out = [Float](repeating: 0, count: products * days.count)
        for day in days {
            let table = try builder.table(days: day..<(day + 1), history: history)
            var predicted = try predict(table)
            guard predicted.count == products else {
                throw ExperimentError("the demand model returned \(predicted.count) predictions for \(products) products on day \(day)")
            }
            let launched = try table.column("launched"), base = launched.startIndex
            for position in 0..<products where launched[base + position] == 0 { predicted[position] = 0 }
            if let ceiling {
                for position in 0..<products { predicted[position] = min(predicted[position], ceiling[position]) }
            }
            for position in 0..<products { out[position * days.count + (day - days.lowerBound)] = predicted[position] }
            try history.record(day: day, quantities: try target.units(from: predicted, table: table))
        }
        return out
    }
}

/// The seasonal-naive baseline: every forecast day repeats the same weekday of the last
/// observed week (day d of the span gets the value of day `start − 7 + (d − start) mod 7`).
enum SeasonalNaive {
    /// Forecasts `horizon` days from `series` (`[position * seriesDays + day]`, observed days
    /// `0..<seriesDays`), in the row order position × horizon + day offset. Needs at least 7
    /// observed days.
    static func forecast(series: [Float], products: Int, seriesDays: Int, horizon: Int) throws -> [Float] {
        guard seriesDays >= 7, series.count == products * seriesDays else {
            throw ExperimentError("seasonal-naive needs at least 7 observed days per product (got \(seriesDays) days, \(series.count) values for \(products) products)")
        }
        var out = [Float](repeating: 0, count: products * horizon)
        for position in 0..<products {
            for offset in 0..<horizon {
                out[position * horizon + offset] = series[position * seriesDays + seriesDays - 7 + offset % 7]
            }
        }
        return out
    }
}
