import Foundation
import Testing
@testable import VitrineExperiments

@Suite struct ReportTests {
    @Test func metricsRecordRoundTripsThroughJSON() throws {
        let r = MetricsRecord(step: 12, epoch: 1.5, elapsed: 3.25, values: ["train/loss": 0.5, "test/accuracy": 0.875, "x": .nan])
        #expect(r.jsonLine == #"{"step": 12, "epoch": 1.5, "elapsed": 3.25, "test/accuracy": 0.875, "train/loss": 0.5, "x": null}"#)
        let back = try MetricsRecord(jsonLine: r.jsonLine)
        #expect(back.step == 12 && back.epoch == 1.5 && back.values["train/loss"] == 0.5)
        #expect(back.values["x"]!.isNaN)
    }

    @Test func bestFollowsTheMetricsDirection() {
        let h = MetricsHistory(records: [
            .init(step: 1, epoch: 0, elapsed: 0, values: ["train/loss": 2, "test/accuracy": 0.5]),
            .init(step: 2, epoch: 0, elapsed: 0, values: ["train/loss": 1, "test/accuracy": 0.9]),
            .init(step: 3, epoch: 0, elapsed: 0, values: ["train/loss": 1.5, "test/accuracy": 0.7]),
        ])
        #expect(h.best("train/loss") == 1 && h.final("train/loss") == 1.5)
        #expect(h.best("test/accuracy") == 0.9 && h.final("test/accuracy") == 0.7)
        #expect(MetricDirection(name: "val/wape") == .minimize)
        #expect(MetricDirection(name: "test/recall@1") == .maximize)
    }

    @Test func seedSummaryIsMeanAndSampleStd() {
        let report = RunReport(runName: "r", status: "completed", configYAML: "", history: MetricsHistory(),
                               seedFinals: ["test/accuracy": [0.8, 0.9, 1.0]])
        let (name, mean, std, n) = report.seedSummary[0]
        #expect(name == "test/accuracy" && n == 3)
        #expect(abs(mean - 0.9) < 1e-12 && abs(std - 0.1) < 1e-12)
        #expect(report.markdown.contains("| test/accuracy | 0.9000 ± 0.1000 | 3 |"))
    }

    @Test func htmlIsSelfContainedWithACurvePerMetric() {
        let h = MetricsHistory(records: (1...5).map { .init(step: $0, epoch: 0, elapsed: 0, values: ["train/loss": 1 / Double($0), "lr": 0.1]) })
        let html = RunReport(runName: "a<b", status: "completed", configYAML: "task: x\n", history: h).html
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.contains("a&lt;b") && !html.contains("<script") && !html.contains("src=\"http"))
    }

    /// A metric and its floor share one chart: FID and FID's floor make one chart of two
    /// series, not two charts; a floor without its metric keeps a chart of its own.
    @Test func aMetricIsDrawnBesideItsFloor() {
        let h = MetricsHistory(records: (1...4).map {
            .init(step: $0 * 100, epoch: 0, elapsed: 0,
                  values: ["test/fid": 40 / Double($0), "test/fid_floor": 0.1, "test/kid": 1, "test/kid_floor": 0.01, "other_floor": 2])
        })
        let html = RunReport(runName: "gan", status: "completed", configYAML: "", history: h).html
        #expect(html.components(separatedBy: "<svg").count - 1 == 3, "fid, kid, other_floor")
        #expect(html.components(separatedBy: "floor (real vs real)").count - 1 == 2)
    }

    @Test func comparisonShowsOnlyDifferingKeys() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cmp-\(UUID().uuidString)").path
        for (name, lr, acc) in [("run-a", "0.1", 0.8), ("run-b", "0.01", 0.9)] {
            let dir = root + "/" + name
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "task: classification\noptimizer:\n  lr: \(lr)\n  name: adam\nrun:\n  name: \(name)\n"
                .write(toFile: dir + "/config.yaml", atomically: true, encoding: .utf8)
            try MetricsRecord(step: 10, epoch: 1, elapsed: 1, values: ["test/accuracy": acc]).jsonLine
                .write(toFile: dir + "/metrics.jsonl", atomically: true, encoding: .utf8)
        }
        let cmp = try RunComparison(directories: [root + "/run-a", root + "/run-b"])
        #expect(cmp.differingKeys == ["optimizer.lr"])
        #expect(cmp.markdown.contains("| `optimizer.lr` | 0.1 | 0.01 |"))
        #expect(cmp.markdown.contains("| test/accuracy | 0.8000 / 0.8000 | 0.9000 / 0.9000 |"))
        #expect(cmp.html.contains("<polyline") || cmp.html.contains("<circle"))
        #expect(throws: ReportError.self) { try RunComparison(directories: [root + "/missing"]) }
    }
}
