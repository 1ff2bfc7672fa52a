import Foundation

/// Forecast errors over a set of cells: WAPE = Σ|p − y| / Σ|y|, RMSE = √mean((p − y)²), and
/// bias = Σ(p − y) / Σ|y| (positive: over-forecast).
///
/// WAPE and bias are undefined (NaN) when the cells hold no actual sales (Σ|y| = 0), and RMSE
/// when there are no cells: a forecast of nothing sold, or data cut short before the scored
/// days, must not read as a perfect score of 0. Metric logs write NaN as null and reports show
/// it as undefined. ``isDefined`` says whether WAPE and bias have a value.
public struct ForecastErrors: Equatable, Sendable {
    public var count: Int
    public var actualTotal: Double
    public var wape: Double
    public var rmse: Double
    public var bias: Double

    /// Errors of `predicted` against `actual` over the cells where `include` holds.
    public init(predicted: some Collection<Float>, actual: some Collection<Float>, include: (Int) -> Bool = { _ in true }) {
        var n = 0, absolute = 0.0, squared = 0.0, signed = 0.0, total = 0.0
        for (index, (p, y)) in zip(predicted, actual).enumerated() where include(index) {
            let error = Double(p) - Double(y)
            n += 1; absolute += abs(error); squared += error * error; signed += error; total += abs(Double(y))
        }
        count = n
        actualTotal = total
        wape = total > 0 ? absolute / total : .nan
        rmse = n > 0 ? (squared / Double(n)).squareRoot() : .nan
        bias = total > 0 ? signed / total : .nan
    }

    /// Whether the cells held any actual sales, so that WAPE and bias have a value.
    public var isDefined: Bool { actualTotal > 0 }
}

/// A forecast's errors over a feature table: per product-day overall and split into promotion
/// days, regular days and slow movers' spike days (simulated data), plus the WAPE of
/// product-week and category-day totals, where Poisson noise no longer dominates.
///
/// Rows of products not yet launched are left out. The same report on the table's
/// `expected_quantity` column is the noise floor; on `sales_lag_365`, the seasonal-naive baseline.
public struct DemandReport: Equatable, Sendable {
    public var overall: ForecastErrors
    public var promotionDays: ForecastErrors
    public var regularDays: ForecastErrors
    /// nil when the table has no `spike` truth column.
    public var spikeDays: ForecastErrors?
    /// Over consecutive 7-day blocks from the table's first day (a trailing partial week is left out).
    /// NaN (undefined) like every WAPE over cells without sales.
    public var productWeekWAPE: Double
    public var categoryDayWAPE: Double

    /// Scores `predicted` (one value per table row) against the table's column `target`.
    public init(predicted: [Float], table: FeatureTable, target: String = "quantity") throws {
        guard predicted.count == table.rowCount else {
            throw RetailDataError(file: "feature table", row: 0, field: "predicted",
                                  message: "expected \(table.rowCount) predictions (one per row), got \(predicted.count)")
        }
        let actual = Array(try table.column(target))
        let promoted = Array(try table.column("promo_any")), launched = Array(try table.column("launched"))
        let spikes = table.columnIndex("spike").map { Array(table.column(at: $0)) }
        let live = { (row: Int) in launched[row] > 0 }
        overall = ForecastErrors(predicted: predicted, actual: actual, include: live)
        promotionDays = ForecastErrors(predicted: predicted, actual: actual) { live($0) && promoted[$0] > 0 }
        regularDays = ForecastErrors(predicted: predicted, actual: actual) { live($0) && promoted[$0] == 0 && (spikes?[$0] ?? 0) == 0 }
        spikeDays = spikes.map { spike in ForecastErrors(predicted: predicted, actual: actual) { live($0) && spike[$0] > 0 } }

        let days = table.days.count, weeks = days / 7
        var weekPredicted: [Float] = [], weekActual: [Float] = []
        for position in table.products.indices {
            for week in 0..<weeks {
                var p: Float = 0, y: Float = 0
                for offset in 0..<7 {
                    let row = position * days + week * 7 + offset
                    if live(row) { p += predicted[row]; y += actual[row] }
                }
                weekPredicted.append(p); weekActual.append(y)
            }
        }
        productWeekWAPE = ForecastErrors(predicted: weekPredicted, actual: weekActual).wape
        let categories = table.productCategories
        let categoryCount = (categories.max() ?? -1) + 1
        var categoryPredicted = [Float](repeating: 0, count: categoryCount * days), categoryActual = categoryPredicted
        for (position, category) in categories.enumerated() {
            for day in 0..<days where live(position * days + day) {
                categoryPredicted[category * days + day] += predicted[position * days + day]
                categoryActual[category * days + day] += actual[position * days + day]
            }
        }
        categoryDayWAPE = ForecastErrors(predicted: categoryPredicted, actual: categoryActual).wape
    }
}
