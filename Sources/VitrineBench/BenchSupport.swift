import Foundation
import VitrineEngine

/// Seconds on a monotonic clock.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

/// The fastest of `repetitions` timed runs of `body`, after `warmUp` untimed ones.
func bestTime(warmUp: Int = 1, repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<warmUp { try body() }
    var best = Double.infinity
    for _ in 0..<repetitions {
        let start = now()
        try body()
        best = min(best, now() - start)
    }
    return best
}

/// A tensor of uniform values in [-1, 1] from a seeded stream.
func randomTensor(_ shape: [Int], seed: UInt64) -> Tensor {
    let t = Tensor(zeros: shape)
    Generator(seed: seed).fillUniform(t, low: -1, high: 1)
    return t
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

/// What every benchmark report records about the machine it ran on, printed once as well.
func machineReport(quick: Bool) -> [String: Any] {
    print("\(cpuName()); BLAS core \(BLAS.coreName) (requested \"\(BLAS.requestedCore)\"), \(BLAS.threads) BLAS threads, "
          + "\(Parallel.workers) workers, AVX-512: \(BLAS.cpuHasAVX512)\(quick ? ", quick run" : "")")
    return [
        "cpu": cpuName(),
        "blas_core": BLAS.coreName,
        "requested_core": BLAS.requestedCore,
        "blas_threads": BLAS.threads,
        "parallel_workers": Parallel.workers,
        "cpu_has_avx512": BLAS.cpuHasAVX512,
        "quick": quick,
        "date": ISO8601DateFormatter().string(from: Date()),
    ]
}

/// Writes `reports/bench/<name>.json` (relative to the working directory).
func writeReport(_ report: [String: Any], name: String) throws {
    let directory = URL(fileURLWithPath: "reports/bench", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("\(name).json")
    let data = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: file, options: .atomic)
    print("wrote \(file.path)")
}

/// The CPU's model name from /proc/cpuinfo: figures are only comparable on the same kind.
func cpuName() -> String {
    let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
    return line.flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
}
