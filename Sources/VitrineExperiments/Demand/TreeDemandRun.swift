import Foundation
import VitrineCheckpoint
import VitrineConfig
import VitrineForecast
import VitrineNN
import VitrineRetail
import VitrineTrees

/// A demand run with gradient-boosted trees (`model.name: gbdt`). Boosting does not fit the
/// SGD ``Trainer`` loop, so this path fits the trees with ``GradientBoostedTrees/fit`` (early
/// stopping on the validation days) and leaves the same artefacts as any run:
///
/// - `reports/<run>/`: config.yaml; metrics.jsonl with one record per tree (`train/loss`,
///   `validation/loss`, `leaves`; step = trees so far), then at step = trees kept the
///   `validation/loss` of the kept model and the `holdout/...` metrics; events.log; report.md
///   and report.html with the holdout table;
/// - `checkpoints/<run>/last.h5` and `best.h5` (the same model: boosting keeps the trees up to
///   the best validation iteration): `/documents/trees` holds the trees as vitrine-gbdt JSON,
///   `/documents/features` the input column names (JSON array, the order the trees read),
///   `/documents/demand` the model card (``DemandModelCard``) and `/documents/trees_<target>`
///   the trees of each target of `model.targets` (the first's are also `/documents/trees`),
///   `/model` is empty and `/meta` is as in every checkpoint, so `vitrine inspect` and
///   `vitrine eval` work.
public enum TreeDemandRun {
    /// Fits, forecasts the holdout, scores, and writes the run's artefacts, reporting through
    /// `context` (which applies `train.threads`).
    public static func run(config: ResolvedConfig, paths: RunPaths, uniquing: Bool = false, context: RunContext) throws -> Trainer.Outcome {
        let train = try TrainSettings(config), settings = try DemandSettings(config)
        _ = try context.applyThreads(train.threads)
        // The data are read (and checked) before the run's folder is claimed: a refused run
        // leaves nothing behind.
        let data = try DemandData(settings, log: context.log)
        let (recorder, config) = try RunRecorder.start(config, paths: paths, uniquing: uniquing)
        // The recorder holds the run's lock: keep it until the report is written.
        defer { withExtendedLifetime(recorder) {} }
        let paths = recorder.paths
        let started = Date()
        func log(step: Int, _ values: [String: Double]) throws {
            try recorder.log(MetricsRecord(step: step, epoch: 0, elapsed: Date().timeIntervalSince(started), values: values))
        }
        func event(_ text: String) { recorder.event(text) }

        event("start run \(paths.name): gbdt for \(settings.model.targets.map(\.rawValue).joined(separator: ", ")) on \(data.fitRows.count) fitting rows, \(data.validationRows.count) validation rows, \(data.inputColumns.count) features")
        let features = try FeatureMatrix(rows: data.fitRows.count, features: data.inputColumns.count,
                                         columnMajor: data.inputs(data.history, rows: data.fitRows))
        let validationFeatures = try FeatureMatrix(rows: data.validationRows.count, features: data.inputColumns.count,
                                                   columnMajor: data.inputs(data.history, rows: data.validationRows))
        let fitStarted = Date()
        var fitted: [(DemandTarget, GradientBoostedTrees)] = []
        for (k, target) in settings.model.targets.enumerated() {
            // The first target's records keep the usual names; the others' are prefixed with the target.
            let prefix = k == 0 ? "" : target.rawValue + "/"
            let trees = try GradientBoostedTrees.fit(
                features: features, target: try data.targets(rows: data.fitRows, target: target),
                validation: ValidationSet(features: validationFeatures, target: try data.targets(rows: data.validationRows, target: target)),
                parameters: settings.trees.parameters(target: target, seed: train.seed)) { progress in
                    var values = [prefix + "train/loss": progress.trainingLoss, prefix + "leaves": Double(progress.leaves)]
                    if let loss = progress.validationLoss { values[prefix + "validation/loss"] = loss }
                    try? log(step: progress.iteration, values)
                }
            event(String(format: "fitted %d %@ trees (best iteration %d)", trees.trees.count, target.rawValue, trees.history.bestIteration))
            fitted.append((target, trees))
        }
        let fitSeconds = Date().timeIntervalSince(fitStarted)
        let trees = fitted[0].1

        var metrics = try holdoutMetrics(fitted, data: data)
        metrics["validation/loss"] = trees.history.validationLoss.isEmpty ? nil
            : trees.history.validationLoss[min(max(trees.history.bestIteration - 1, 0), trees.history.validationLoss.count - 1)]
        metrics["fit_seconds"] = fitSeconds
        try log(step: trees.trees.count, metrics)
        event("holdout: " + metrics.keys.sorted().filter { $0.hasSuffix("overall/wape") }.map { "\($0)=\(metrics[$0]!)" }.joined(separator: " "))

        let columnNames = String(decoding: try JSONSerialization.data(withJSONObject: data.inputColumns.map(\.name)), as: UTF8.self)
        var documents = ["trees": String(decoding: try trees.serialized(), as: UTF8.self), "features": columnNames,
                         DemandModelCard.document: try DemandModelCard(settings: settings, columns: data.inputColumns).encoded()]
        for (target, model) in fitted {
            documents[DemandModelCard.treesDocument(target)] = String(decoding: try model.serialized(), as: UTF8.self)
        }
        let meta = CheckpointMeta(step: trees.trees.count, epoch: 0, position: 0, generatorState: [], configYAML: config.yaml,
                                  metrics: metrics, bestMetric: metrics["validation/loss"])
        for path in [paths.last, paths.best] {
            try Checkpoint.save(to: path, model: Module(), optimizer: nil, meta: meta, documents: documents)
        }
        let wall = Date().timeIntervalSince(started)
        event("completed: \(trees.trees.count) trees")
        let history = try MetricsHistory(contentsOf: paths.metrics)
        try RunReport(
            runName: paths.name, status: "completed \(trees.trees.count) trees", configYAML: config.yaml, history: history,
            checkpoints: [("last (= best: boosting keeps the best iteration)", paths.last)],
            notes: fitted.map { "model (\($0.0.rawValue)): gradient-boosted trees, \($0.1.trees.count) trees, objective \($0.1.objective), \(data.inputColumns.count) features" } + [
                    "fitting rows \(data.fitRows.count), validation rows \(data.validationRows.count), products \(data.builder.products.count)",
                    String(format: "tree fitting %.1f s; wall time %.1f s", fitSeconds, wall)],
            tables: fitted.enumerated().compactMap { k, entry in
                DemandEvaluation.reportTable(prefix: holdoutPrefix(k, entry.0), holdoutDays: data.holdoutDays.count, final: DemandEvaluation.lastValues(history))
            }
        ).write(to: paths.reports)
        context.say(String(format: "gbdt: %d trees in %.1f s; holdout WAPE product-day %.4f, product-week %.4f, category-day %.4f",
                     trees.trees.count, fitSeconds, metrics["holdout/product_day/overall/wape"] ?? .nan,
                     metrics["holdout/product_week/overall/wape"] ?? .nan, metrics["holdout/category_day/overall/wape"] ?? .nan))
        return Trainer.Outcome(paths: paths, status: .completed, finalMetrics: metrics)
    }

    /// Where target `k` of a run's targets reports its holdout metrics: `holdout/` for the
    /// first, `holdout_<target>/` for the others.
    static func holdoutPrefix(_ k: Int, _ target: DemandTarget) -> String { k == 0 ? "holdout/" : "holdout_\(target.rawValue)/" }

    /// One recursive holdout forecast driven by the first model (its predictions feed the
    /// sales lags), every target's predictions scored under its ``holdoutPrefix(_:_:)``.
    static func holdoutMetrics(_ fitted: [(DemandTarget, GradientBoostedTrees)], data: DemandData) throws -> [String: Double] {
        let names = data.inputColumns.map(\.name)
        let outputs = try fitted.map { target, trees in
            let predictor = try TreePredictor(target: target, trees: trees, features: names)
            return RecursiveForecast.Output(
                target: target,
                ceiling: ForecastCeiling.perProduct(dataset: data.builder.dataset, products: data.builder.products,
                                                    before: data.holdoutDays.lowerBound, target: target),
                predict: predictor.predict)
        }
        let predicted = try RecursiveForecast.run(builder: data.builder, days: data.holdoutDays, outputs: outputs)
        var out: [String: Double] = [:]
        for (k, (target, _)) in fitted.enumerated() {
            for (name, value) in try DemandEvaluation(data, target: target).metrics(predicted: predicted[k]) {
                out[holdoutPrefix(k, target) + name] = value
            }
        }
        return out
    }

    /// `vitrine eval` of a tree checkpoint: the holdout metrics of the stored trees (the only
    /// split a tree run evaluates after training); `log` hears when the data are simulated again.
    static func evaluate(checkpoint: String, config: ResolvedConfig, split: String?, log: (RunEvent) -> Void) throws -> [String: Double] {
        guard split == nil || split == "holdout" else {
            throw ExperimentError("a gbdt demand checkpoint is evaluated on the holdout split only, not '\(split!)'")
        }
        let json = try Checkpoint.document("trees", at: checkpoint)
        let trees = try GradientBoostedTrees(serialized: Data(json.utf8), name: checkpoint + " /documents/trees")
        let data = try DemandData(try DemandSettings(config), log: log)
        guard trees.featureCount == data.inputColumns.count else {
            throw ExperimentError("\(checkpoint): the trees read \(trees.featureCount) features, the feature table has \(data.inputColumns.count)")
        }
        return try holdoutMetrics([(data.target, trees)], data: data)
    }
}
