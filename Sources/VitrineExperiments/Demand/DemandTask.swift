import Foundation
import VitrineEngine
import VitrineForecast
import VitrineNN
import VitrineRetail

/// Demand forecasting with the neural model (`model.name: mlp`), trained by the standard
/// ``Trainer``: examples are the launched product-days of the fitting period, in shuffled
/// batches. Splits: `validation` (the loss on the days before the holdout, realised lags) and
/// `holdout` (a recursive forecast of the final days, scored by ``DemandEvaluation``).
public final class DemandTask: TrainingTask {
    public let model: Module
    private let network: DemandMLP
    private let predictor: MLPPredictor
    /// The model card every checkpoint carries (`/documents/demand`), so `TrainedDemandModel`
    /// loads the network without this config.
    public let checkpointDocuments: [String: String]
    let data: DemandData
    private let poisson = PoissonNLLLoss()
    private let squared = MSELoss()
    private let targetBatch = Tensor(zeros: [0])
    private lazy var evaluation: Result<DemandEvaluation, Error> = Result { try DemandEvaluation(data) }

    public var trainCount: Int { data.fitRows.count }
    public let evaluationSplits = ["validation", "holdout"]
    public var metricNames: [String] { ["validation/loss"] + DemandEvaluation.metricNames.map { "holdout/" + $0 } }

    /// Loads (or simulates) the data, builds the MLP and fits its input scaling; gbdt configs
    /// are refused (``TreeDemandRun`` trains those).
    public init(_ setup: TaskSetup) throws {
        let settings = try DemandSettings(setup.config)
        switch settings.model.kind {
        case .mlp:
            break
        case .gbdt:
            throw ExperimentError("\(setup.config.source): model.name \(settings.model.kind.rawValue) is trained by boosting, not the SGD trainer; "
                + "run it with `vitrine run` (Experiment.run takes the tree path)")
        }
        data = try DemandData(settings, log: setup.log)
        network = try DemandMLP(columns: data.inputColumns, embeddingDim: settings.model.embeddingDim,
                                hidden: settings.model.hidden, generator: setup.generator)
        network.nameModules()
        let targets = try data.targets(rows: data.fitRows)
        try network.fitScaling(table: data.history, rows: data.fitRows,
                               targetMean: targets.reduce(0, +) / Float(max(targets.count, 1)), logLink: data.target.logLink)
        model = network
        predictor = MLPPredictor(target: data.target, network: network)
        checkpointDocuments = [DemandModelCard.document: try DemandModelCard(settings: settings, columns: data.inputColumns).encoded()]
    }

    /// The batch's loss on the model's scale: Poisson NLL of the log-rate, or squared error.
    private func loss(rows: [Int]) throws -> Float {
        let output = try network.forward(table: data.history, rows: rows)
        targetBatch.resize([rows.count, 1])
        let values = try data.history.column(data.target.column), base = values.startIndex
        for (i, row) in rows.enumerated() { targetBatch.data[i] = values[base + row] }
        return data.target.logLink ? try poisson.forward(output, targetBatch) : try squared.forward(output, targetBatch)
    }

    public func trainStep(_ indices: ArraySlice<Int>) throws -> [String: Double] {
        let value = try loss(rows: indices.map { data.fitRows[$0] })
        try network.backward(data.target.logLink ? try poisson.backward() : try squared.backward())
        return ["loss": Double(value)]
    }

    public func evaluate(split: String) throws -> [String: Double] {
        model.eval()
        defer { model.train() }
        switch split {
        case "validation":
            var total = 0.0
            let rows = data.validationRows
            for first in stride(from: 0, to: rows.count, by: 8192) {
                let chunk = Array(rows[first..<min(first + 8192, rows.count)])
                total += Double(try loss(rows: chunk)) * Double(chunk.count)
            }
            return ["loss": total / Double(max(rows.count, 1))]
        case "holdout":
            let predicted = try RecursiveForecast.run(builder: data.builder, days: data.holdoutDays, target: data.target,
                                                        ceiling: data.forecastCeiling, predict: predictor.predict)
            return try evaluation.get().metrics(predicted: predicted)
        default:
            throw ExperimentError("demand has splits validation and holdout, not '\(split)'")
        }
    }

    /// The holdout table: model, seasonal-naive and noise floor side by side.
    public func reportTables(history: MetricsHistory) -> [ReportTable] {
        DemandEvaluation.reportTable(prefix: "holdout/", holdoutDays: data.holdoutDays.count, final: DemandEvaluation.lastValues(history)).map { [$0] } ?? []
    }
}
