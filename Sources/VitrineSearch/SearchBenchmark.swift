import Dispatch
import Foundation
import VitrineEngine
import VitrineModels
import VitrineNN

/// How fast the search core and the embedding networks run on this machine: search latency
/// (median and p99 per query, single queries and batches) over random unit vectors at several
/// index sizes, and the embedding throughput (images/s, eval-mode forward) of ResNet-18 and
/// the small preset. Prints a table and writes `reports/bench/search.json`.
///
/// Timings on a shared machine are noisy: each figure is a median (or p99) over many runs,
/// and ratios measured within one run compare better than figures across runs.
public enum SearchBenchmark {
    /// What to measure.
    public struct Options: Sendable {
        public var sizes = [15_000, 100_000]
        public var dimension = 128
        public var k = 50
        public var singleQueries = 1_000
        public var batchSize = 64
        public var batches = 40
        public var embeddingBatch = 64
        public var imageSize = 64
        public var embeddingRepetitions = 5
        public var output = "reports/bench/search.json"

        public init() {}

        /// A smoke test: small sizes and few repetitions, not a measurement.
        public static var quick: Options {
            var options = Options()
            options.sizes = [2_000, 10_000]
            options.singleQueries = 50
            options.batches = 4
            options.embeddingBatch = 8
            options.embeddingRepetitions = 1
            return options
        }
    }

    /// Runs the benchmark, printing as it goes through `log`, writes the JSON report and
    /// returns it.
    @discardableResult
    public static func run(_ options: Options = Options(), log: (String) -> Void = { print($0) }) throws -> [String: Any] {
        try BLAS.load()
        var report: [String: Any] = [
            "blas_core": BLAS.coreName, "blas_threads": BLAS.threads, "parallel_workers": Parallel.workers,
            "dimension": options.dimension, "k": options.k, "batch_size": options.batchSize,
        ]
        log("BLAS core \(BLAS.coreName), \(BLAS.threads) BLAS threads, \(Parallel.workers) workers; D = \(options.dimension), k = \(options.k)")
        let load = loadAverage()
        report["load_average_before"] = load
        log("load average \(load) (figures on a busy machine are pessimistic; min shows what an idle moment gives)")
        log("BLAS thr  entries   single median  single p99   single min   batch/query median  batch/query p99  sgemv median  memory pass")
        var latency: [[String: Any]] = []
        // OpenBLAS's default thread count and one thread: waking a second thread costs more
        // than it saves on a small matrix that sits in cache, and the reverse on a large one.
        let defaultThreads = BLAS.threads
        for threads in defaultThreads > 1 ? [defaultThreads, 1] : [defaultThreads] {
            BLAS.threads = threads
            for size in options.sizes {
                var figures = try measureSearch(entries: size, options: options)
                figures["blas_threads"] = threads
                latency.append(figures)
                func ms(_ key: String) -> String { String(format: "%8.3f ms", figures[key] as! Double) }
                log(String(format: "%8d %8d", threads, size) + "   " + ms("single_median_ms") + "  " + ms("single_p99_ms")
                    + "  " + ms("single_min_ms") + "  " + ms("batch_per_query_median_ms") + "         "
                    + ms("batch_per_query_p99_ms") + "      " + ms("sgemv_median_ms") + "   " + ms("memory_pass_median_ms"))
            }
        }
        BLAS.threads = defaultThreads
        report["search"] = latency
        report["load_average_after_search"] = loadAverage()
        report["targets_single_median_ms"] = ["15000": 0.5, "100000": 3.0]

        var throughput: [[String: Any]] = []
        // The small preset also at 32 px, the size its stem is meant for.
        let networks: [(String, ResNetConfiguration, Int)] = [
            ("resnet18 width 64", .resnet18(width: 64), options.imageSize),
            ("resnet_small width 16", .resnetSmall(), options.imageSize),
            ("resnet_small width 16", .resnetSmall(), options.imageSize / 2),
        ]
        for (name, configuration, side) in networks {
            let rate = try measureEmbedding(configuration, side: side, options: options)
            throughput.append(["model": name, "configuration": configuration.description,
                               "image_size": side, "batch": options.embeddingBatch, "images_per_second": rate])
            log("\(name) at \(side) px, batch \(options.embeddingBatch): " + String(format: "%.0f images/s", rate))
        }
        report["embedding_throughput"] = throughput

        let url = URL(fileURLWithPath: options.output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        log("wrote \(options.output)")
        return report
    }

    /// The 1-minute load average from /proc/loadavg (-1 where there is none).
    private static func loadAverage() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first, let value = Double(first) else { return -1 }
        return value
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

    /// The `q`-quantile (0…1) of `values`, by the nearest-rank rule.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    private static func measureSearch(entries: Int, options: Options) throws -> [String: Any] {
        let d = options.dimension
        let generator = Generator(seed: UInt64(entries))
        let embeddings = Tensor(zeros: [entries, d])
        generator.fillNormal(embeddings)
        let items = (0..<entries).map { i in
            ProductMetadata(productID: "p\(i / 4)", category: "c\(i % 12)", brand: "b\(i % 40)")
        }
        let index = try EmbeddingIndex(embeddings: embeddings, items: items, checkpointHash: "benchmark")
        let queries = Tensor(zeros: [max(options.singleQueries, options.batchSize), d])
        generator.fillNormal(queries)
        let query = Tensor(zeros: [d])

        // Single queries, each timed on its own, after a warm-up.
        var single: [Double] = []
        for i in 0..<(options.singleQueries + 20) {
            query.data.update(from: queries.data + (i % queries.shape[0]) * d, count: d)
            let start = now()
            _ = try index.search(query, k: options.k)
            if i >= 20 { single.append(now() - start) }
        }
        // The matrix-vector product alone, for the split between BLAS and selection.
        let scores = Tensor(zeros: [entries])
        var products: [Double] = []
        for _ in 0..<max(20, options.singleQueries / 5) {
            let start = now()
            BLAS.sgemv(m: entries, n: d, a: index.embeddings.data, x: query.data, y: scores.data)
            products.append(now() - start)
        }
        // The floor: one read of the matrix on both cores, no arithmetic to speak of. A search
        // cannot beat it; when the two are close, the machine's memory bandwidth at that moment
        // is the limit, not the search.
        var passes: [Double] = []
        for _ in 0..<max(20, options.singleQueries / 5) {
            let start = now()
            _ = memoryPass(index.embeddings)
            passes.append(now() - start)
        }
        // Batches.
        let batch = Tensor(zeros: [options.batchSize, d])
        batch.data.update(from: queries.data, count: options.batchSize * d)
        var batched: [Double] = []
        for i in 0..<(options.batches + 2) {
            let start = now()
            _ = try index.search(batch: batch, k: options.k)
            if i >= 2 { batched.append((now() - start) / Double(options.batchSize)) }
        }
        let ms = 1e3
        return [
            "entries": entries,
            "single_median_ms": quantile(single, 0.5) * ms, "single_p99_ms": quantile(single, 0.99) * ms,
            "single_min_ms": (single.min() ?? .nan) * ms, "single_queries": single.count,
            "batch_per_query_median_ms": quantile(batched, 0.5) * ms,
            "batch_per_query_p99_ms": quantile(batched, 0.99) * ms, "batches": batched.count,
            "sgemv_median_ms": quantile(products, 0.5) * ms,
            "memory_pass_median_ms": quantile(passes, 0.5) * ms, "memory_pass_min_ms": (passes.min() ?? .nan) * ms,
        ]
    }

    /// Sums every element of `matrix` in SIMD lanes over the workers: a pure read of its memory.
    private static func memoryPass(_ matrix: Tensor) -> Float {
        let workers = max(1, Parallel.workers), count = matrix.count
        var partial = [Float](repeating: 0, count: workers)
        partial.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let lo = (w * count / workers) & ~15, hi = w == workers - 1 ? count : ((w + 1) * count / workers) & ~15
                var acc = SIMD16<Float>()
                let raw = UnsafeRawPointer(matrix.data + lo)
                var i = 0
                while lo + i + 16 <= hi {
                    acc += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                    i += 16
                }
                var total = acc.sum()
                while lo + i < hi { total += matrix.data[lo + i]; i += 1 }
                out[w] = total
            }
        }
        return partial.reduce(0, +)
    }

    private static func measureEmbedding(_ configuration: ResNetConfiguration, side: Int, options: Options) throws -> Double {
        let model = try ResNet(configuration, head: .embedding(dimension: options.dimension), generator: Generator(seed: 1))
        model.eval()
        let images = Tensor(zeros: [options.embeddingBatch, 3, side, side])
        Generator(seed: 2).fillUniform(images, low: 0, high: 1)
        _ = try model.forward(images)
        var times: [Double] = []
        for _ in 0..<options.embeddingRepetitions {
            let start = now()
            _ = try model.forward(images)
            times.append(now() - start)
        }
        return Double(options.embeddingBatch) / quantile(times, 0.5)
    }
}
