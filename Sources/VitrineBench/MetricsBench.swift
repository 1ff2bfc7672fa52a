import Foundation
import VitrineEngine
import VitrineGenerativeMetrics

/// Generative metrics at the size of a typical FID evaluation: 10,000 real and 10,000 generated
/// feature vectors of 512 dimensions (Inception's 2048 is 4× the covariance work and 64× the
/// eigen work). Reports FID (statistics and distance apart), KID with its defaults (100 subsets
/// of 1,000) and precision/recall (k = 3). Writes metrics.json.
enum MetricsBench {
    static func run(quick: Bool) throws {
        var report = machineReport(quick: quick)
        let (n, d) = quick ? (2_000, 128) : (10_000, 512)
        let real = try features(count: n, dimension: d, seed: 1, shift: 0)
        let generated = try features(count: n, dimension: d, seed: 2, shift: 0.05)
        report["samples_per_set"] = n
        report["dimension"] = d

        var statisticsTime = 0.0, distanceTime = 0.0, fid = 0.0
        let fidTime = try bestTime(repetitions: quick ? 1 : 3) {
            var start = now()
            let r = try GaussianStatistics(real), g = try GaussianStatistics(generated, role: .generated)
            statisticsTime = now() - start
            start = now()
            fid = try FrechetInceptionDistance.distance(real: r, generated: g).value
            distanceTime = now() - start
        }
        print("FID \(format(fid, 4)) for N = \(n), D = \(d): \(format(fidTime, 3)) s "
              + "(last run: statistics of both sets \(format(statisticsTime, 3)) s, distance \(format(distanceTime, 3)) s)")
        report["fid"] = ["value": fid, "best_seconds": fidTime, "statistics_seconds": statisticsTime, "distance_seconds": distanceTime]

        var start = now()
        let kid = try KernelInceptionDistance.compute(real: real, generated: generated, subsets: quick ? 10 : 100,
                                                      generator: Generator(seed: 3))
        let kidTime = now() - start
        print("\(kid): \(format(kidTime, 3)) s")
        report["kid"] = ["mean": kid.mean, "std": kid.standardDeviation, "subsets": kid.subsetValues.count,
                         "subset_size": kid.subsetSize, "seconds": kidTime]

        start = now()
        let pr = try PrecisionRecall.compute(real: real, generated: generated)
        let prTime = now() - start
        print("\(pr): \(format(prTime, 3)) s")
        report["precision_recall"] = ["precision": pr.precision, "recall": pr.recall, "k": pr.k, "seconds": prTime]
        try writeReport(report, name: "metrics")
    }

    /// Independent N(shift, 1) features (the metrics' cost does not depend on the distribution).
    static func features(count: Int, dimension: Int, seed: UInt64, shift: Float) throws -> FeatureSet {
        let g = Generator(seed: seed)
        return try FeatureSet(count: count, dimension: dimension,
                              values: (0..<(count * dimension)).map { _ in shift + Float(g.normal()) })
    }
}
