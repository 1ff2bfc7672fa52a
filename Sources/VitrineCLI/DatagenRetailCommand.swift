import ArgumentParser
import Foundation
import VitrineEngine
import VitrineExperiments
import VitrineRetail

/// `vitrine datagen retail --out DIR [--products N] [--days N] [--seed S] [--bench]`.
struct DatagenRetailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retail", abstract: "Simulate a retailer's order history with promotions and known ground truth.",
        discussion: "Writes catalog, customers, campaigns, promotions, orders, order lines and the daily expected demand per product (see README, Retail data).")

    @Option(help: "Output directory.") var out: String
    @Option(help: "Products in the catalog.") var products = 10_000
    @Option(help: "Days of history.") var days = 1095
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Orders to aim for (default: 500,000 scaled by products and days).") var orders: Int?
    @Flag(help: "Also time loading the directory back and building the feature table, and record times and peak memory in reports/bench/demand.json (key \"simulator\"), and tree-model training on that table (key \"trees\").") var bench = false
    @Option(help: "With --bench: products sampled for the feature table.") var featureProducts = 2000
    @Option(help: "Also write the feature table of this many sampled products (features.bin/.json in the output directory).")
    var featureTable: Int?

    func validate() throws {
        try OptionRange.check("products", products, 1...1_000_000)
        try OptionRange.check("days", days, OptionRange.days)
        // What one machine can hold: the expected-demand table is a float per product-day, and
        // the orders are bounded by the shoppers a product-day can plausibly see.
        let productDays = products.multipliedReportingOverflow(by: days)
        guard !productDays.overflow, productDays.partialValue <= 100_000_000 else {
            throw ValidationError("--products × --days must be at most 100,000,000 product-days, got \(products) × \(days)")
        }
        try OptionRange.check("orders", orders, 1...max(1_000, min(100_000_000, productDays.partialValue * 10)))
        try OptionRange.check("feature-products", featureProducts, 1...1_000_000)
        try OptionRange.check("feature-table", featureTable, 1...1_000_000)
    }

    func run() throws {
        try reportingErrors {
            var config = RetailSimulatorConfig()
            config.products = products
            config.days = days
            config.seed = seed
            config.targetOrders = orders
            let clock = ContinuousClock()
            let started = clock.now, startedCPU = SimulatorBenchmark.processCPUSeconds()
            let dataset = try RetailSimulator(config).run { print($0) }
            let generated = clock.now, generatedCPU = SimulatorBenchmark.processCPUSeconds()
            try RetailDatasetWriter.write(dataset, to: out)
            let written = clock.now
            let generateSeconds = seconds(generated - started), writeSeconds = seconds(written - generated)
            print(String(format: "%d orders, %d lines, %d products × %d days: generated in %.1f s, written in %.1f s → %@",
                         dataset.orders.count, dataset.lines.count, products, days, generateSeconds, writeSeconds, out))
            if let featureTable {
                var options = FeatureTableOptions()
                options.products = featureTable
                let table = try RetailFeatureBuilder(dataset: dataset, options: options).table(days: 0..<dataset.dayCount)
                try FeatureTableFile.write(table, to: out)
                print("feature table: \(table.products.count) products, \(table.rowCount) rows × \(table.columns.count) columns → \(out)/features.bin")
            }
            if bench {
                var result = SimulatorBenchmark(products: products, days: days, orders: dataset.orders.count,
                                                lines: dataset.lines.count, workers: Parallel.workers,
                                                generateSeconds: generateSeconds, writeSeconds: writeSeconds,
                                                peakMemoryMB: SimulatorBenchmark.peakResidentMegabytes())
                result.generateCPUSeconds = generatedCPU - startedCPU
                print(String(format: "simulation: %.1f CPU s; peak memory %.0f MiB", generatedCPU - startedCPU, result.peakMemoryMB))
                let loadStart = clock.now, loadCPU = SimulatorBenchmark.processCPUSeconds()
                let loaded = try RetailDataset.load(out)
                result.loadSeconds = seconds(clock.now - loadStart)
                result.loadCPUSeconds = SimulatorBenchmark.processCPUSeconds() - loadCPU
                print(String(format: "loaded back in %.1f s (%.1f CPU s)", result.loadSeconds ?? 0, result.loadCPUSeconds ?? 0))
                var options = FeatureTableOptions()
                options.products = featureProducts
                let featureStart = clock.now, featureCPU = SimulatorBenchmark.processCPUSeconds()
                let table = try RetailFeatureBuilder(dataset: loaded, options: options).table(days: 0..<loaded.dayCount)
                let featureSeconds = seconds(clock.now - featureStart)
                result.featureCPUSeconds = SimulatorBenchmark.processCPUSeconds() - featureCPU
                result.featureTable = (table.products.count, table.rowCount, table.columns.count, featureSeconds,
                                       Double(table.values.count * 4) / 1_048_576)
                result.finalPeakMemoryMB = SimulatorBenchmark.peakResidentMegabytes()
                print(String(format: "feature table: %d products, %d rows × %d columns in %.1f s (%.1f CPU s); peak memory %.0f MiB",
                             table.products.count, table.rowCount, table.columns.count, featureSeconds, result.featureCPUSeconds ?? 0,
                             result.finalPeakMemoryMB ?? 0))
                try result.record(to: "reports/bench/demand.json")
                print(try DemandTreeBenchmark.run(table: table))
                print("→ reports/bench/demand.json")
            }
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
