import Foundation
import VitrineForecast
import VitrineRetail

/// Everything a what-if or an optimization reads, loaded once: the trained demand model, its
/// retail dataset, the scenario resolved against them, the forecast evaluator and (when the
/// dataset is the model's simulation) the simulator's truth.
public struct PromotionSetup {
    public let model: TrainedDemandModel
    public let dataset: RetailDataset
    public let scenario: Scenario
    public let forecast: ForecastEvaluator
    /// nil when the dataset is not the simulation the model card names, or when not asked for.
    public let truth: TruthEvaluator?
    /// Why there is no truth, when it was asked for and the dataset cannot give it.
    public let truthUnavailable: String?

    /// `model` is a checkpoint path or a run name (its `checkpoints/<run>/best.h5`); `data`
    /// overrides the dataset directory of the model card.
    public static func load(model: String, checkpointsDirectory: String = "checkpoints", data: String? = nil,
                            scenario file: String, truth wantTruth: Bool) throws -> PromotionSetup {
        let path = try checkpoint(model, in: checkpointsDirectory)
        let trained = try TrainedDemandModel.load(checkpoint: path)
        let directory = data ?? trained.card.data.directory
        guard RetailDataset.folderState(directory) == .complete else {
            let source = trained.card.data
            throw ForecastError("\(directory): no complete retail dataset (the model was trained on it); recreate it with "
                + "`vitrine datagen retail --out \(directory) --products \(source.simProducts) --days \(source.simDays) --seed \(source.seed)` or pass --data")
        }
        let dataset = try RetailDataset.load(directory)
        let sample = try RetailFeatureBuilder.sampledProducts(catalogCount: dataset.catalog.count, options: trained.card.data.featureOptions())
        let holdout = (dataset.dayCount - trained.card.data.holdoutDays)..<dataset.dayCount
        let scenario = try ScenarioFile(file: file, dataset: dataset, defaultHorizon: holdout, sample: sample).load()
        let forecast = try ForecastEvaluator(model: trained, dataset: dataset, scenario: scenario)
        var truth: TruthEvaluator?, unavailable: String?
        if wantTruth {
            do {
                truth = try TruthEvaluator(config: trained.card.data.simulation, dataset: dataset, products: scenario.products, days: scenario.days)
            } catch let error as TruthUnavailable {
                unavailable = error.description
            }
        }
        return PromotionSetup(model: trained, dataset: dataset, scenario: scenario, forecast: forecast, truth: truth,
                              truthUnavailable: unavailable)
    }

    /// The checkpoint a `--model` argument names.
    public static func checkpoint(_ model: String, in directory: String) throws -> String {
        if model.hasSuffix(".h5") {
            guard FileManager.default.fileExists(atPath: model) else { throw ForecastError("\(model): no such checkpoint") }
            return model
        }
        for name in ["best.h5", "last.h5"] {
            let path = "\(directory)/\(model)/\(name)"
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw ForecastError("no checkpoint for run '\(model)' in \(directory)/\(model)/ (best.h5 or last.h5); train one with "
            + "`vitrine run experiments/demand_promotions.yaml run.name=\(model)` or pass a .h5 path")
    }

    /// A day index as its date.
    public func date(_ day: Int) -> String { "\(CivilDate(daysSinceEpoch: dataset.start.daysSinceEpoch + day))" }
}
