import Foundation
import Testing
import VitrineCheckpoint
import VitrineConfig
import VitrineForecast
import VitrineRetail
@testable import VitrineExperiments

/// The demand task on a tiny simulated retailer (50 products × 120 days, holdout 14 days).
@Suite(.serialized) struct DemandTaskTests {
    /// One simulated dataset for the whole suite (the first run simulates it, the rest load it).
    static let dataDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("vitrine-demand-tests-\(ProcessInfo.processInfo.processIdentifier)").path

    func config(_ scratch: Scratch, model: String, extra: String = "") throws -> String {
        let text = """
            task: demand
            run:
              reports_dir: \(scratch.root)/reports
              checkpoints_dir: \(scratch.root)/checkpoints
            data:
              directory: \(Self.dataDirectory)
              sim_products: 50
              sim_days: 120
              seed: 3
              products: 50
              holdout_days: 14
              validation_days: 14
            model:
              name: \(model)
              hidden: [8]
              embedding_dim: 2
            trees:
              max_iterations: 5
              min_samples_leaf: 20
            train:
              steps: 3
              batch_size: 256
              log_every: 1
              threads: 2
            metrics:
              best: validation/loss
            \(extra)
            """
        let path = scratch.root + "/demand.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func expectArtefacts(_ paths: RunPaths) throws -> MetricsHistory {
        for file in [paths.config, paths.metrics, paths.events, paths.reports + "/report.md", paths.reports + "/report.html", paths.last, paths.best] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) missing")
        }
        let report = try String(contentsOfFile: paths.reports + "/report.md", encoding: .utf8)
        #expect(report.contains("Holdout: the final 14 days"))
        #expect(report.contains("| product_week/overall/wape |"))
        let history = try MetricsHistory(contentsOf: paths.metrics)
        for name in ["holdout/product_day/overall/wape", "holdout/seasonal_naive/product_day/overall/wape",
                     "holdout/noise_floor/product_day/overall/wape", "holdout/category_day/overall/wape"] {
            let value = try #require(history.final(name), "\(name) not logged")
            #expect(value.isFinite && value >= 0)
        }
        return history
    }

    @Test func gbdtRunWritesArtefactsAndEvalReproducesTheHoldout() throws {
        let scratch = try Scratch()
        let outcome = try #require(try Experiment.run(file: try config(scratch, model: "gbdt"), overrides: ["run.name=trees"], context: .silent).first)
        let history = try expectArtefacts(outcome.paths)
        // One record per tree with both losses, before the final evaluation record.
        let perTree = history.records.filter { $0.values["train/loss"] != nil }
        #expect(perTree.count >= 1 && perTree.count <= 5)
        #expect(perTree.allSatisfy { $0.values["validation/loss"] != nil })
        let trees = try Checkpoint.document("trees", at: outcome.paths.best)
        #expect(trees.contains("vitrine-gbdt"))
        // eval reloads the trees from the checkpoint and forecasts again: the same figures (up to
        // the decimal round trip of the JSON documents).
        let values = try Experiment.evaluate(outcome.paths.reports, split: nil, context: .silent).metrics
        let logged = try #require(history.final("holdout/product_day/overall/wape"))
        #expect(abs((values["holdout/product_day/overall/wape"] ?? .nan) - logged) < 1e-9 * max(logged, 1))
    }

    @Test func multiTargetGbdtRunIsUsableThroughTheForecastLibrary() throws {
        let scratch = try Scratch()
        let outcome = try #require(try Experiment.run(file: try config(scratch, model: "gbdt"),
                                                      overrides: ["run.name=three", "model.targets=[quantity, revenue, profit]"], context: .silent).first)
        let history = try MetricsHistory(contentsOf: outcome.paths.metrics)
        for name in ["holdout/product_day/overall/wape", "holdout_revenue/product_day/overall/wape", "holdout_profit/product_week/overall/wape"] {
            #expect(history.final(name)?.isFinite == true, "\(name) not logged")
        }
        #expect(history.records.contains { $0.values["profit/train/loss"] != nil })
        // The library loads all three ensembles from the card, and forecasting the run's own
        // holdout under the dataset's own plan gives back the run's quantity figures.
        let model = try TrainedDemandModel.load(checkpoint: outcome.paths.best)
        #expect(model.card.kind == .gbdt)
        #expect(model.predictors.map(\.target) == [.quantity, .revenue, .profit])
        let data = try DemandData(try DemandSettings(try Experiment.loadConfig(try config(scratch, model: "gbdt"))), log: { _ in })
        let forecaster = try PlanForecaster(model: model, dataset: data.builder.dataset, products: data.builder.products, days: data.holdoutDays)
        let forecast = try forecaster.forecast(campaigns: data.builder.dataset.campaigns, promotions: data.builder.dataset.promotions)
        #expect(forecast.modelled == [.quantity, .revenue, .profit])
        let metrics = try DemandEvaluation(data).metrics(predicted: forecast.units)
        let logged = try #require(history.final("holdout/product_day/overall/wape"))
        #expect(abs((metrics["product_day/overall/wape"] ?? .nan) - logged) < 1e-6 * max(logged, 1))
        let profit = try DemandEvaluation(data, target: .profit).metrics(predicted: forecast.profit)
        let loggedProfit = try #require(history.final("holdout_profit/product_day/overall/wape"))
        #expect(abs((profit["product_day/overall/wape"] ?? .nan) - loggedProfit) < 1e-6 * max(abs(loggedProfit), 1))
    }

    @Test func mlpCheckpointLoadsThroughTheForecastLibraryAndPredictsAsTheRunDid() throws {
        let scratch = try Scratch()
        let outcome = try #require(try Experiment.run(file: try config(scratch, model: "mlp"), overrides: ["run.name=netcard"], context: .silent).first)
        let model = try TrainedDemandModel.load(checkpoint: outcome.paths.last)
        #expect(model.card.kind == .mlp && model.card.hidden == [8] && model.card.embeddingDim == 2)
        let data = try DemandData(try DemandSettings(try Experiment.loadConfig(try config(scratch, model: "mlp"))), log: { _ in })
        let forecaster = try PlanForecaster(model: model, dataset: data.builder.dataset, products: data.builder.products, days: data.holdoutDays)
        let forecast = try forecaster.forecast(campaigns: data.builder.dataset.campaigns, promotions: data.builder.dataset.promotions)
        // Revenue and profit are derived from units at the offer price when only units are modelled.
        #expect(forecast.modelled == [.quantity])
        let metrics = try DemandEvaluation(data).metrics(predicted: forecast.units)
        let logged = try #require(MetricsHistory(contentsOf: outcome.paths.metrics).final("holdout/product_day/overall/wape"))
        #expect(abs((metrics["product_day/overall/wape"] ?? .nan) - logged) < 1e-6 * max(logged, 1))
    }

    @Test func mlpRefusesSeveralTargetsNamingTheKey() throws {
        let scratch = try Scratch()
        do {
            _ = try DemandSettings(try Experiment.loadConfig(try config(scratch, model: "mlp"), overrides: ["model.targets=[quantity, profit]"]))
            Issue.record("an mlp with two targets was accepted")
        } catch {
            #expect("\(error)".contains("model.targets: an mlp fits one target per run"))
        }
    }

    @Test func mlpRunWritesArtefactsAndItsCheckpointCarriesTheScaling() throws {
        let scratch = try Scratch()
        let outcome = try #require(try Experiment.run(file: try config(scratch, model: "mlp"), overrides: ["run.name=net"], context: .silent).first)
        _ = try expectArtefacts(outcome.paths)
        let description = try Checkpoint.describe(outcome.paths.last)
        #expect(description.contains("numeric_mean"))
        #expect(description.contains("embeddings.0.weight"))
        let values = try Experiment.evaluate(outcome.paths.reports, split: "validation", context: .silent).metrics
        #expect(values["validation/loss"]?.isFinite == true)
    }

    @Test func revenueAndProfitTargetsRunWithoutANoiseFloor() throws {
        for (model, target) in [("gbdt", "profit"), ("mlp", "revenue")] {
            let scratch = try Scratch()
            let outcome = try #require(try Experiment.run(file: try config(scratch, model: model),
                                                          overrides: ["run.name=\(target)", "model.target=\(target)"], context: .silent).first)
            let history = try MetricsHistory(contentsOf: outcome.paths.metrics)
            #expect(history.final("holdout/product_day/overall/wape")?.isFinite == true, "\(model) \(target)")
            #expect(history.final("holdout/seasonal_naive/product_week/overall/wape")?.isFinite == true)
            // Expected units are the simulator's truth for quantity only.
            #expect(!history.names.contains { $0.contains("noise_floor") })
        }
    }

    @Test func recursiveForecastFeedsPredictionsIntoLaterLags() throws {
        let scratch = try Scratch()
        let config = try Experiment.loadConfig(try config(scratch, model: "gbdt"))
        let data = try DemandData(try DemandSettings(config), log: { _ in })
        let days = data.holdoutDays.lowerBound..<(data.holdoutDays.lowerBound + 2)
        // Predict `first` units for every product on the first day, then read the second
        // day's 7-day sales mean, whose window now ends with that prediction.
        func secondDayMean(first: Float) throws -> [Float] {
            var seen: [Float] = []
            _ = try RecursiveForecast.run(builder: data.builder, days: days, target: .quantity) { table in
                if table.days.lowerBound == days.lowerBound { return [Float](repeating: first, count: table.rowCount) }
                seen = Array(try table.column("sales_mean_7"))
                return [Float](repeating: 0, count: table.rowCount)
            }
            return seen
        }
        let low = try secondDayMean(first: 0), high = try secondDayMean(first: 7)
        let launched = Array(try data.builder.table(days: days.lowerBound..<(days.lowerBound + 1)).column("launched"))
        #expect(low.count == data.builder.products.count)
        for position in low.indices {
            // Launched products: 7 more units in a 7-day window; others were forced to 0.
            #expect(abs((high[position] - low[position]) - (launched[position] > 0 ? 1 : 0)) < 1e-5)
        }
    }

    @Test func ceilingBoundsRunawayPredictions() throws {
        let scratch = try Scratch()
        let data = try DemandData(try DemandSettings(try Experiment.loadConfig(try config(scratch, model: "gbdt"))), log: { _ in })
        let products = data.builder.products.count
        let ceiling = (0..<products).map { Float($0 % 3) }
        let days = data.holdoutDays.lowerBound..<(data.holdoutDays.lowerBound + 3)
        let out = try RecursiveForecast.run(builder: data.builder, days: days, target: .quantity, ceiling: ceiling) { table in
            [Float](repeating: 1000, count: table.rowCount)
        }
        let launched = Array(try data.builder.table(days: days).column("launched"))
        for position in 0..<products {
            for offset in 0..<3 {
                let row = position * 3 + offset
                #expect(out[row] == (launched[row] > 0 ? ceiling[position] : 0))
            }
        }
        // The ceiling of a long-lived product is its largest daily sale before the holdout.
        let sales = Array(try data.history.column("quantity")), live = Array(try data.history.column("launched"))
        let historyDays = data.history.days.count
        for position in 0..<products where live[position * historyDays + historyDays - 28] > 0 {
            let largest = (0..<historyDays).map { sales[position * historyDays + $0] }.max() ?? 0
            #expect(data.forecastCeiling[position] == largest)
        }
    }

    @Test func seasonalNaiveRepeatsTheLastObservedWeek() throws {
        // Two products, 9 observed days; the last week is days 2...8.
        let first: [Float] = [9, 9, 1, 2, 3, 4, 5, 6, 7]
        let second: [Float] = [0, 0, 10, 0, 0, 0, 0, 0, 30]
        let forecast = try SeasonalNaive.forecast(series: first + second, products: 2, seriesDays: 9, horizon: 9)
        #expect(forecast == [1, 2, 3, 4, 5, 6, 7, 1, 2] + [10, 0, 0, 0, 0, 0, 30, 10, 0])
        #expect(throws: ExperimentError.self) { try SeasonalNaive.forecast(series: [1, 2, 3], products: 1, seriesDays: 3, horizon: 2) }
    }

    @Test func configErrorsNameTheKey() throws {
        let scratch = try Scratch()
        do {
            _ = try Experiment.loadConfig(try config(scratch, model: "gbdt"), overrides: ["model.target=margin"])
            Issue.record("a bad target was accepted")
        } catch {
            #expect("\(error)".contains("model.target"))
        }
        let long = try Experiment.loadConfig(try config(scratch, model: "gbdt"), overrides: ["data.holdout_days=200"])
        do {
            _ = try DemandData(try DemandSettings(long), log: { _ in })
            Issue.record("a holdout longer than the data was accepted")
        } catch {
            #expect("\(error)".contains("data.holdout_days (200)"))
        }
    }

    @Test func undefinedHoldoutErrorsShowAsUndefinedNotZero() throws {
        // A holdout without sales: WAPE and bias are NaN, logged as null, reported as undefined.
        let record = MetricsRecord(step: 1, epoch: 0, elapsed: 0, values: ["holdout/product_day/overall/wape": .nan])
        #expect(record.jsonLine.contains("\"holdout/product_day/overall/wape\": null"))
        let history = MetricsHistory(records: [
            MetricsRecord(step: 0, epoch: 0, elapsed: 0, values: ["holdout/product_day/overall/wape": 0.5]),
            try MetricsRecord(jsonLine: record.jsonLine),
        ])
        let last = DemandEvaluation.lastValues(history)
        #expect(last("holdout/product_day/overall/wape")?.isNaN == true)
        #expect(last("holdout/product_week/overall/wape") == nil)
        let table = try #require(DemandEvaluation.reportTable(prefix: "holdout/", holdoutDays: 14, final: last))
        #expect(table.rows == [["product_day/overall/wape", "undefined", "—", "—"]])
        #expect(table.title.contains("no actual sales"))
    }

    @Test func incompleteDataFolderIsRegeneratedOrRefused() throws {
        let scratch = try Scratch()
        let directory = scratch.root + "/retail"
        let path = try config(scratch, model: "gbdt")
        func load(_ overrides: [String]) throws -> RetailDataset {
            let config = try Experiment.loadConfig(path, overrides: ["data.directory=\(directory)"] + overrides)
            return try DemandData.loadOrSimulate(try DemandDataSettings(config), log: { _ in })
        }
        let first = try load([])
        // Cut order_lines.csv to 70 % of its lines, as in the review's repro.
        let linesPath = directory + "/" + RetailDatasetFiles.orderLines
        let lines = try String(contentsOfFile: linesPath, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(lines.count * 7 / 10).joined(separator: "\n") + "\n").write(toFile: linesPath, atomically: true, encoding: .utf8)
        do {
            _ = try load(["data.generate=false"])
            Issue.record("a truncated folder was loaded")
        } catch {
            #expect("\(error)".contains("order_lines.csv"))
            #expect("\(error)".contains("or delete the folder"))
        }
        // Generated with other settings: not overwritten.
        do {
            _ = try load(["data.sim_products=60"])
            Issue.record("a folder generated with other settings was overwritten")
        } catch {
            #expect("\(error)".contains("not regenerated"))
        }
        // The same settings: simulated again, identical to the first time.
        let again = try load([])
        #expect(again.lines == first.lines && again.orders == first.orders)
        #expect(RetailDataset.folderState(directory) == .complete)
        // A generation killed before dataset.json: simulated again too.
        try FileManager.default.removeItem(atPath: directory + "/" + RetailDatasetFiles.metadata)
        #expect(try load([]).orders == first.orders)
    }
}
