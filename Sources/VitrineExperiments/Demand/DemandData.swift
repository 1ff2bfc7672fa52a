import Foundation
import VitrineForecast
import VitrineRetail

/// The data of a demand experiment: a retail dataset (simulated into `data.directory` first
/// when it is missing and `data.generate` is on), its feature builder over the sampled
/// products, and the split of days: fitting days, then `data.validation_days` for early
/// stopping and validation loss, then the final `data.holdout_days`, forecast recursively.
///
/// Rows of products not yet launched are left out of fitting and evaluation (they sell nothing
/// by construction); products launched during the holdout are forecast from their attributes
/// and calendar alone, as their sales lags are empty.
final class DemandData {
    let builder: RetailFeatureBuilder
    let target: DemandTarget
    let fitDays: Range<Int>
    let validationDays: Range<Int>
    let holdoutDays: Range<Int>
    /// The model inputs (role `.feature`), in table order.
    let inputColumns: [FeatureColumn]
    /// Every day before the holdout, with realised sales lags.
    let history: FeatureTable
    /// Rows of ``history`` used for fitting and for validation (launched products only).
    let fitRows: [Int]
    let validationRows: [Int]
    /// The most a holdout forecast may predict per product (position order): the product's
    /// largest daily target before the holdout, or its category's for products launched less
    /// than 28 days before it. Only pre-holdout data; it keeps a recursive forecast from feeding
    /// a runaway prediction back into its own lags.
    let forecastCeiling: [Float]

    /// The data `settings` describe (`data.*`, and `model.target` for the target); `log` hears
    /// when an incomplete dataset is simulated again.
    init(_ settings: DemandSettings, log: (RunEvent) -> Void) throws {
        let data = settings.data
        target = settings.model.target
        let dataset = try Self.loadOrSimulate(data, log: log)
        let days = dataset.dayCount
        let holdout = data.holdoutDays, validation = data.validationDays
        guard holdout + validation + 14 <= days else {
            throw ExperimentError("\(data.configFile): data.holdout_days (\(holdout)) + data.validation_days (\(validation)) "
                + "leave fewer than 14 training days of the \(days) days in \(data.directory); lower them or simulate more days (data.sim_days)")
        }
        holdoutDays = (days - holdout)..<days
        validationDays = (holdoutDays.lowerBound - validation)..<holdoutDays.lowerBound
        fitDays = 0..<validationDays.lowerBound
        var options = FeatureTableOptions()
        options.products = data.products
        options.sampleSeed = data.seed
        options.categorical = .codes
        builder = try RetailFeatureBuilder(dataset: dataset, options: options)
        history = try builder.table(days: 0..<holdoutDays.lowerBound)
        inputColumns = history.featureColumns
        let launched = Array(try history.column("launched")), dayColumn = Array(try history.column("day"))
        var fit: [Int] = [], valid: [Int] = []
        for row in 0..<history.rowCount where launched[row] > 0 {
            if Int(dayColumn[row]) < fitDays.upperBound { fit.append(row) } else { valid.append(row) }
        }
        fitRows = fit
        validationRows = valid
        forecastCeiling = ForecastCeiling.perProduct(dataset: dataset, products: builder.products, before: holdoutDays.lowerBound, target: target)
        guard !fitRows.isEmpty, !validationRows.isEmpty else {
            throw ExperimentError("\(data.configFile): no launched products in the fitting or validation days; raise data.products")
        }
    }

    /// Loads `data.directory`, simulating it first when it is missing and `data.generate` is on.
    /// An incomplete folder (a generation killed half-way, a truncated or changed file, an
    /// older format without checksums) is simulated again when `data.generate` is on and the
    /// folder was generated with this config's size and seed (or its settings are unknown
    /// because `dataset.json` was never written), so nothing is lost; otherwise it is refused
    /// with the loader's message, never scored as a shorter history.
    static func loadOrSimulate(_ data: DemandDataSettings, log: (RunEvent) -> Void) throws -> RetailDataset {
        let directory = data.directory, simulation = data.simulation
        switch RetailDataset.folderState(directory) {
        case .complete:
            return try RetailDataset.load(directory)
        case .empty:
            guard data.generate else {
                throw ExperimentError("\(data.configFile): data.directory: no retail dataset in \(directory); "
                    + "create one with `vitrine datagen retail --out \(directory)` or set data.generate: true")
            }
        case let .incomplete(error, generatedWith):
            guard data.generate else {
                throw ExperimentError("\(data.configFile): data.directory: \(error)")
            }
            let ours = RetailGeneration(products: simulation.products, days: simulation.days, seed: simulation.seed)
            if let generatedWith, generatedWith != ours {
                throw ExperimentError("\(data.configFile): data.directory: \(error) (not regenerated: it was generated with "
                    + "\(generatedWith.products) products, \(generatedWith.days) days, seed \(generatedWith.seed.map(String.init) ?? "unknown"), "
                    + "not this config's data.sim_products, data.sim_days and data.seed)")
            }
            log(.message("data.directory \(directory) is incomplete (\(error.file)); simulating it again"))
        }
        try simulation.validate()
        let dataset = try RetailSimulator(simulation).run()
        try RetailDatasetWriter.write(dataset, to: directory)
        return dataset
    }

    /// The input columns of `rows` of `table` (all rows when nil), column-major.
    func inputs(_ table: FeatureTable, rows: [Int]? = nil) throws -> [Float] {
        try FeatureInputs.columnMajor(table, names: inputColumns.map(\.name), rows: rows)
    }

    /// The target (the run's first when nil) at `rows` of ``history``.
    func targets(rows: [Int], target: DemandTarget? = nil) throws -> [Float] {
        let values = try history.column((target ?? self.target).column), base = values.startIndex
        return rows.map { values[base + $0] }
    }
}
