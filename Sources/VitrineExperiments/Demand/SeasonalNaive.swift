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
