import Foundation
import VitrineCheckpoint
import VitrineConfig
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

        event("start run \(paths.name): gbdt on \(data.fitRows.count) fitting rows, \(data.validationRows.count) validation rows, \(data.inputColumns.count) features")
        let features = try FeatureMatrix(rows: data.fitRows.count, features: data.inputColumns.count,
                                         columnMajor: data.inputs(data.history, rows: data.fitRows))
        let validation = ValidationSet(
            features: try FeatureMatrix(rows: data.validationRows.count, features: data.inputColumns.count,
                                        columnMajor: data.inputs(data.history, rows: data.validationRows)),
            target: try data.targets(rows: data.validationRows))
        let fitStarted = Date()
        let trees = try GradientBoostedTrees.fit(
            features: features, target: try data.targets(rows: data.fitRows), validation: validation,
            parameters: settings.trees.parameters(target: data.target, seed: train.seed)) { progress in
                var values = ["train/loss": progress.trainingLoss, "leaves": Double(progress.leaves)]
                if let loss = progress.validationLoss { values["validation/loss"] = loss }
                try? log(step: progress.iteration, values)
            }
        let fitSeconds = Date().timeIntervalSince(fitStarted)
        event(String(format: "fitted %d trees (best iteration %d) in %.1f s", trees.trees.count, trees.history.bestIteration, fitSeconds))

        var metrics = try holdoutMetrics(trees, data: data)
        metrics["validation/loss"] = trees.history.validationLoss.isEmpty ? nil
            : trees.history.validationLoss[min(max(trees.history.bestIteration - 1, 0), trees.history.validationLoss.count - 1)]
        metrics["fit_seconds"] = fitSeconds
        try log(step: trees.trees.count, metrics)
        event("holdout: " + metrics.keys.sorted().filter { $0.hasSuffix("overall/wape") }.map { "\($0)=\(metrics[$0]!)" }.joined(separator: " "))

        let json = String(decoding: try trees.serialized(), as: UTF8.self)
        let columnNames = String(decoding: try JSONSerialization.data(withJSONObject: data.inputColumns.map(\.name)), as: UTF8.self)
        let meta = CheckpointMeta(step: trees.trees.count, epoch: 0, position: 0, generatorState: [], configYAML: config.yaml,
                                  metrics: metrics, bestMetric: metrics["validation/loss"])
        for path in [paths.last, paths.best] {
            try Checkpoint.save(to: path, model: Module(), optimizer: nil, meta: meta,
                                documents: ["trees": json, "features": columnNames])
        }
        let wall = Date().timeIntervalSince(started)
        event("completed: \(trees.trees.count) trees")
        let history = try MetricsHistory(contentsOf: paths.metrics)
        try RunReport(
            runName: paths.name, status: "completed \(trees.trees.count) trees", configYAML: config.yaml, history: history,
            checkpoints: [("last (= best: boosting keeps the best iteration)", paths.last)],
            notes: ["model: gradient-boosted trees, \(trees.trees.count) trees, objective \(trees.objective), \(data.inputColumns.count) features",
                    "fitting rows \(data.fitRows.count), validation rows \(data.validationRows.count), products \(data.builder.products.count)",
                    String(format: "tree fitting %.1f s; wall time %.1f s", fitSeconds, wall)],
            tables: DemandEvaluation.reportTable(prefix: "holdout/", holdoutDays: data.holdoutDays.count, final: DemandEvaluation.lastValues(history)).map { [$0] } ?? []
        ).write(to: paths.reports)
        context.say(String(format: "gbdt: %d trees in %.1f s; holdout WAPE product-day %.4f, product-week %.4f, category-day %.4f",
                     trees.trees.count, fitSeconds, metrics["holdout/product_day/overall/wape"] ?? .nan,
                     metrics["holdout/product_week/overall/wape"] ?? .nan, metrics["holdout/category_day/overall/wape"] ?? .nan))
        return Trainer.Outcome(paths: paths, status: .completed, finalMetrics: metrics)
    }

    /// The recursive holdout forecast of `trees`, scored, under `holdout/`.
    static func holdoutMetrics(_ trees: GradientBoostedTrees, data: DemandData) throws -> [String: Double] {
        let predicted = try RecursiveForecast.run(builder: data.builder, days: data.holdoutDays, target: data.target,
                                                    ceiling: data.forecastCeiling) { table in
            try trees.predict(try FeatureMatrix(rows: table.rowCount, features: data.inputColumns.count, columnMajor: data.inputs(table)))
        }
        var out: [String: Double] = [:]
        for (name, value) in try DemandEvaluation(data).metrics(predicted: predicted) { out["holdout/" + name] = value }
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
        return try holdoutMetrics(trees, data: data)
    }
}
