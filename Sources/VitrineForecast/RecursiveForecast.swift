import VitrineRetail

/// Forecasts a span of days one day at a time, as the reference system does: each day's rows
/// are built with sales lags that hold realised sales up to the span and the model's own
/// predictions (converted to units) for the span's earlier days; the day's predictions are then
/// recorded so the next day's lags read them.
public enum RecursiveForecast {
    /// One target's predictor in a recursive forecast: `predict` maps one day's table to one
    /// value per row; predictions above `ceiling` (one value per product, when given) are
    /// lowered to it.
    public struct Output {
        public var target: DemandTarget
        public var ceiling: [Float]?
        public var predict: (FeatureTable) throws -> [Float]

        public init(target: DemandTarget, ceiling: [Float]? = nil, predict: @escaping (FeatureTable) throws -> [Float]) {
            self.target = target
            self.ceiling = ceiling
            self.predict = predict
        }
    }

    /// Predictions of `target` for every product on every day of `days`, in the row order of
    /// `builder.table(days: days)` (product position × day count + day offset). Rows of
    /// products not yet launched are set to 0.
    public static func run(builder: RetailFeatureBuilder, days: Range<Int>, target: DemandTarget, ceiling: [Float]? = nil,
                           predict: @escaping (FeatureTable) throws -> [Float]) throws -> [Float] {
        try run(builder: builder, days: days, outputs: [Output(target: target, ceiling: ceiling, predict: predict)])[0]
    }

    /// Predictions of several targets over the same recursion, one array per output in the
    /// order given. The first output drives the recursion: its predictions, turned into units,
    /// are what later days' sales lags read; the others are predicted on the same daily tables.
    public static func run(builder: RetailFeatureBuilder, days: Range<Int>, outputs: [Output]) throws -> [[Float]] {
        guard let driver = outputs.first else { throw ForecastError("a recursive forecast needs at least one output") }
        let history = builder.salesHistory(knownDays: days.lowerBound)
        let products = builder.products.count
        var out = [[Float]](repeating: [Float](repeating: 0, count: products * days.count), count: outputs.count)
        for day in days {
            let table = try builder.table(days: day..<(day + 1), history: history)
            let launched = try table.column("launched"), base = launched.startIndex
            var driverPrediction: [Float] = []
            for (k, output) in outputs.enumerated() {
                var predicted = try output.predict(table)
                guard predicted.count == products else {
                    throw ForecastError("the \(output.target.rawValue) model returned \(predicted.count) predictions for \(products) products on day \(day)")
                }
                for position in 0..<products where launched[base + position] == 0 { predicted[position] = 0 }
                if let ceiling = output.ceiling {
                    for position in 0..<products { predicted[position] = min(predicted[position], ceiling[position]) }
                }
                for position in 0..<products { out[k][position * days.count + (day - days.lowerBound)] = predicted[position] }
                if k == 0 { driverPrediction = predicted }
            }
            try history.record(day: day, quantities: try driver.target.units(from: driverPrediction, table: table))
        }
        return out
    }
}
