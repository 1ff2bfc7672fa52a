import Foundation

/// Simulator time and memory at one scale, as `reports/bench/demand.json` records them under
/// the key "simulator" (other keys, such as tree training, belong to other benchmarks and are
/// kept when this one is rewritten).
public struct SimulatorBenchmark: Sendable {
    public var products: Int
    public var days: Int
    public var orders: Int
    public var lines: Int
    public var workers: Int
    /// Simulation alone (catalog, demand, orders, pricing).
    public var generateSeconds: Double
    /// Writing the dataset directory.
    public var writeSeconds: Double
    /// CPU seconds (all threads) of the simulation, and of each optional stage below.
    public var generateCPUSeconds: Double?
    public var loadCPUSeconds: Double?
    public var featureCPUSeconds: Double?
    /// The process's peak resident memory after simulating and writing (getrusage's ru_maxrss).
    public var peakMemoryMB: Double
    /// Optional: reading the directory back with ``RetailDataset/load(_:)``.
    public var loadSeconds: Double?
    /// Optional: building the feature table (products sampled, rows, columns, seconds, MB).
    public var featureTable: (products: Int, rows: Int, columns: Int, seconds: Double, megabytes: Double)?
    /// Peak resident memory at the end, after the optional stages.
    public var finalPeakMemoryMB: Double?

    public init(products: Int, days: Int, orders: Int, lines: Int, workers: Int, generateSeconds: Double,
                writeSeconds: Double, peakMemoryMB: Double) {
        self.products = products
        self.days = days
        self.orders = orders
        self.lines = lines
        self.workers = workers
        self.generateSeconds = generateSeconds
        self.writeSeconds = writeSeconds
        self.peakMemoryMB = peakMemoryMB
    }

    /// User + system CPU seconds of this process so far: on a shared machine, wall time says
    /// more about the neighbours than about the code; CPU time does not.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Peak resident memory of this process in MiB (Linux reports ru_maxrss in KiB).
    public static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Stores this result under "simulator" in the JSON file at `path`, keeping its other keys.
    public func record(to path: String) throws {
        func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        var entry: [String: Any] = [
            "products": products, "days": days, "orders": orders, "lines": lines, "workers": workers,
            "generate_seconds": rounded(generateSeconds), "write_seconds": rounded(writeSeconds),
            "peak_memory_mb": peakMemoryMB.rounded(),
        ]
        if let loadSeconds { entry["load_seconds"] = rounded(loadSeconds) }
        if let generateCPUSeconds { entry["generate_cpu_seconds"] = rounded(generateCPUSeconds) }
        if let loadCPUSeconds { entry["load_cpu_seconds"] = rounded(loadCPUSeconds) }
        if let featureCPUSeconds { entry["feature_table_cpu_seconds"] = rounded(featureCPUSeconds) }
        if let table = featureTable {
            entry["feature_table"] = ["products": table.products, "rows": table.rows, "columns": table.columns,
                                      "seconds": rounded(table.seconds), "table_mb": table.megabytes.rounded()] as [String: Any]
        }
        if let finalPeakMemoryMB { entry["final_peak_memory_mb"] = finalPeakMemoryMB.rounded() }
        try Self.store(entry, under: "simulator", in: path)
    }

    /// Stores `entry` under `key` in the JSON object file at `path`, keeping its other keys
    /// (demand.json gathers the simulator's figures and the demand models').
    public static func store(_ entry: [String: Any], under key: String, in path: String) throws {
        let url = URL(fileURLWithPath: path)
        var document: [String: Any] = [:]
        if let data = FileManager.default.contents(atPath: path),
           let existing = try? JSONSerialization.jsonObject(with: data) as? [String: Any] { document = existing }
        document[key] = entry
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: url)
        } catch {
            throw RetailDataError(file: path, row: 0, field: "", message: "cannot write the benchmark: \(error.localizedDescription)")
        }
    }
}
