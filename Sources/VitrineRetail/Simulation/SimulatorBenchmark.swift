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
    /// The process's peak resident memory so far (getrusage's ru_maxrss).
    public var peakMemoryMB: Double

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

    /// Peak resident memory of this process in MiB (Linux reports ru_maxrss in KiB).
    public static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Stores this result under "simulator" in the JSON file at `path`, keeping its other keys.
    public func record(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        var document: [String: Any] = [:]
        if let data = FileManager.default.contents(atPath: path),
           let existing = try? JSONSerialization.jsonObject(with: data) as? [String: Any] { document = existing }
        document["simulator"] = [
            "products": products, "days": days, "orders": orders, "lines": lines, "workers": workers,
            "generate_seconds": (generateSeconds * 1000).rounded() / 1000, "write_seconds": (writeSeconds * 1000).rounded() / 1000,
            "peak_memory_mb": peakMemoryMB.rounded(),
        ] as [String: Any]
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: url)
        } catch {
            throw RetailDataError(file: path, row: 0, field: "", message: "cannot write the benchmark: \(error.localizedDescription)")
        }
    }
}
