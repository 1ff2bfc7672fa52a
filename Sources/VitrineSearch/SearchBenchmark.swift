import Dispatch
import Foundation
import VitrineEngine
import VitrineModels
import VitrineNN

/// How fast the search core and the embedding networks run on this machine: search latency
/// (median and p99 per query, single queries and batches) over random unit vectors at several
/// index sizes, on both ``ScanPath``s, and the embedding throughput (images/s, eval-mode
/// forward) of ResNet-18 and the small preset. Prints a table and writes
/// `reports/bench/search.json`.
///
/// Per entry, `single_*` and `batch_per_query_*` are what `vitrine search` gets: single
/// queries on the path ``EmbeddingIndex/scanPath(k:)`` chooses (named in `single_path`),
/// batches through `sgemm`. `float32_single_*` and `int8_single_*` force each path;
/// `int8_batch_per_query_*` runs a batch as that many int8-bounded single queries.
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
        log("threads  entries  path            single median   single p99   single min   batch/query median  batch/query p99")
        var latency: [[String: Any]] = []
        // OpenBLAS's default thread count and one thread (the scans' workers follow): waking a
        // second thread costs more than it saves on a small matrix that sits in cache, and the
        // reverse on a large one.
        let defaultThreads = BLAS.threads, defaultWorkers = Parallel.workers
        defer { BLAS.threads = defaultThreads; Parallel.workers = defaultWorkers }
        for threads in defaultThreads > 1 ? [defaultThreads, 1] : [defaultThreads] {
            BLAS.threads = threads
            Parallel.workers = threads == defaultThreads ? defaultWorkers : threads
            for size in options.sizes {
                var figures = try measureSearch(entries: size, options: options)
                figures["blas_threads"] = threads
                figures["parallel_workers"] = Parallel.workers
                latency.append(figures)
                func ms(_ key: String) -> String { String(format: "%8.3f ms", figures[key] as! Double) }
                let head = String(format: "%7d %8d  ", threads, size)
                log(head + "float32       " + ms("float32_single_median_ms") + "  " + ms("float32_single_p99_ms") + "  "
                    + ms("float32_single_min_ms") + "  " + ms("batch_per_query_median_ms") + " (sgemm) "
                    + ms("batch_per_query_p99_ms"))
                log(head + "int8-bounded  " + ms("int8_single_median_ms") + "  " + ms("int8_single_p99_ms") + "  "
                    + ms("int8_single_min_ms") + "  " + ms("int8_batch_per_query_median_ms") + "         "
                    + ms("int8_batch_per_query_p99_ms"))
                log("                  default path \(figures["single_path"]!), paths agree: \(figures["paths_agree"]!); "
                    + String(format: "candidates rescored: mean %.1f, max %d; ",
                             figures["int8_candidates_mean"] as! Double, figures["int8_candidates_max"] as! Int)
                    + "memory pass float32 " + ms("memory_pass_median_ms") + ", int8 copy " + ms("memory_pass_int8_median_ms")
                    + "; sgemv " + ms("sgemv_median_ms")
                    + String(format: "; int8 copy built in %.1f ms (%.1f MB), index in %.1f ms",
                             figures["compact_build_ms"] as! Double, figures["compact_megabytes"] as! Double,
                             figures["index_build_ms"] as! Double))
            }
        }
        report["search"] = latency
        report["load_average_after_search"] = loadAverage()
        report["targets_single_median_ms"] = ["15000": 0.5, "100000": 3.0]
        report["vitrine_search_path"] = "single queries: EmbeddingIndex.scanPath(k:) — int8-bounded from "
            + "\(EmbeddingIndex.compactThreshold) rows up while k <= rows / 16, float32 otherwise (same hits either way); "
            + "batches: sgemm. single_* and batch_per_query_* are that choice."

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
        var start = now()
        let index = try EmbeddingIndex(embeddings: embeddings, items: items, checkpointHash: "benchmark")
        let indexBuild = now() - start
        // Before any forced int8 search, which would make the copy on a small index.
        let defaultPath = index.scanPath(k: options.k)
        // The int8 copy's share of that: the load-time cost of the int8-bounded path.
        start = now()
        let compact = CompactEmbeddings(index.embeddings)
        let compactBuild = now() - start
        let queries = Tensor(zeros: [max(options.singleQueries, options.batchSize), d])
        generator.fillNormal(queries)
        let query = Tensor(zeros: [d])
        func load(_ i: Int) { query.data.update(from: queries.data + (i % queries.shape[0]) * d, count: d) }

        // The two paths must agree to the bit; checked here too, on the benchmark's own data.
        var agree = true
        for i in 0..<min(100, options.singleQueries) {
            load(i)
            let exact = try index.search(query, k: options.k, path: .float32)
            if try index.search(query, k: options.k, path: .int8Bounded) != exact { agree = false }
        }
        // Single queries, each timed on its own, after a warm-up; one path at a time, so each
        // runs with its own data in cache as it would in a server.
        var single: [ScanPath: [Double]] = [:]
        var candidates: [Int] = []
        for path in ScanPath.allCases {
            var times: [Double] = []
            for i in 0..<(options.singleQueries + 20) {
                load(i)
                let start = now()
                _ = try index.search(query, k: options.k, path: path)
                if i >= 20 { times.append(now() - start) }
                if path == .int8Bounded && i >= 20 { candidates.append(index.lastCandidateCount) }
            }
            single[path] = times
        }
        // The matrix-vector product alone, for comparison with the float32 scan's own kernel.
        let scores = Tensor(zeros: [entries])
        var products: [Double] = []
        for _ in 0..<max(20, options.singleQueries / 5) {
            let start = now()
            BLAS.sgemv(m: entries, n: d, a: index.embeddings.data, x: query.data, y: scores.data)
            products.append(now() - start)
        }
        // The floor: one read of the matrix on both cores, no arithmetic to speak of. A search
        // cannot beat it; when the two are close, the machine's memory bandwidth at that moment
        // is the limit, not the search. The same for the int8 copy, the floor of the first pass.
        var passes: [Double] = [], compactPasses: [Double] = []
        for _ in 0..<max(20, options.singleQueries / 5) {
            var start = now()
            _ = memoryPass(UnsafeRawPointer(index.embeddings.data), bytes: index.embeddings.count * 4)
            passes.append(now() - start)
            start = now()
            _ = memoryPass(UnsafeRawPointer(compact.codes), bytes: compact.count * compact.stride)
            compactPasses.append(now() - start)
        }
        // Batches: one sgemm each (what search(batch:) does), and the same queries as
        // int8-bounded single queries back to back.
        let batch = Tensor(zeros: [options.batchSize, d])
        batch.data.update(from: queries.data, count: options.batchSize * d)
        var batched: [Double] = [], compactBatched: [Double] = []
        for i in 0..<(options.batches + 2) {
            let start = now()
            _ = try index.search(batch: batch, k: options.k)
            if i >= 2 { batched.append((now() - start) / Double(options.batchSize)) }
        }
        for i in 0..<(options.batches + 2) {
            let start = now()
            for q in 0..<options.batchSize {
                load(q)
                _ = try index.search(query, k: options.k, path: .int8Bounded)
            }
            if i >= 2 { compactBatched.append((now() - start) / Double(options.batchSize)) }
        }
        let ms = 1e3
        let defaultTimes = single[defaultPath]!
        var figures: [String: Any] = [
            "entries": entries,
            "single_path": defaultPath.rawValue, "batch_path": "sgemm",
            "single_median_ms": quantile(defaultTimes, 0.5) * ms, "single_p99_ms": quantile(defaultTimes, 0.99) * ms,
            "single_min_ms": (defaultTimes.min() ?? .nan) * ms, "single_queries": defaultTimes.count,
            "batch_per_query_median_ms": quantile(batched, 0.5) * ms,
            "batch_per_query_p99_ms": quantile(batched, 0.99) * ms, "batches": batched.count,
            "int8_batch_per_query_median_ms": quantile(compactBatched, 0.5) * ms,
            "int8_batch_per_query_p99_ms": quantile(compactBatched, 0.99) * ms,
            "sgemv_median_ms": quantile(products, 0.5) * ms,
            "memory_pass_median_ms": quantile(passes, 0.5) * ms, "memory_pass_min_ms": (passes.min() ?? .nan) * ms,
            "memory_pass_int8_median_ms": quantile(compactPasses, 0.5) * ms,
            "paths_agree": agree,
            "int8_candidates_mean": Double(candidates.reduce(0, +)) / Double(max(1, candidates.count)),
            "int8_candidates_max": candidates.max() ?? 0,
            "index_build_ms": indexBuild * ms, "compact_build_ms": compactBuild * ms,
            "compact_megabytes": Double(compact.byteCount) / 1e6,
        ]
        for (path, prefix) in [(ScanPath.float32, "float32"), (.int8Bounded, "int8")] {
            let times = single[path]!
            figures["\(prefix)_single_median_ms"] = quantile(times, 0.5) * ms
            figures["\(prefix)_single_p99_ms"] = quantile(times, 0.99) * ms
            figures["\(prefix)_single_min_ms"] = (times.min() ?? .nan) * ms
        }
        return figures
    }

    /// Adds up `bytes` bytes as 32-bit words in SIMD lanes over the workers: a pure read of
    /// that memory (the trailing `bytes % 64` are left out).
    private static func memoryPass(_ memory: UnsafeRawPointer, bytes: Int) -> UInt32 {
        let workers = max(1, Parallel.workers), blocks = bytes / 64
        var partial = [UInt32](repeating: 0, count: workers)
        partial.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var acc = SIMD16<UInt32>()
                for block in (w * blocks / workers)..<((w + 1) * blocks / workers) {
                    acc &+= memory.loadUnaligned(fromByteOffset: block * 64, as: SIMD16<UInt32>.self)
                }
                out[w] = acc.wrappedSum()
            }
        }
        return partial.reduce(0, &+)
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
