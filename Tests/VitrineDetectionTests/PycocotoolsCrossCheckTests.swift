import Foundation
import Testing
import VitrineTestSupport
@testable import VitrineDetection

let pycocotoolsAvailable = pythonCanImport(["pycocotools", "numpy"])

/// Fresh randomized sets, scored by the installed pycocotools and by Vitrine: the committed
/// fixture checks one seed without Python; this checks more whenever pycocotools is there.
@Suite("pycocotools cross-check", .enabled(if: pycocotoolsAvailable, "pycocotools is not installed (python3 -m pip install pycocotools)"))
struct PycocotoolsCrossCheckTests {
    static let script: String = {
        // Tests/VitrineDetectionTests/<this file> → the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("scripts/make_detection_fixtures.py").path
    }()

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func randomSetMatchesPycocotools(seed: Int) throws {
        let directory = try TemporaryDirectory(prefix: "vitrine-detection-coco")
        let run = try runProcess("/usr/bin/env", ["python3", Self.script, "--seed", String(seed), "--out", directory.path])
        try #require(run.status == 0, "\(run.err)")
        let expected = try Fixtures.expected(in: directory.path)
        let stats = try cocoStats(directory: directory.path)
        for (n, (ours, theirs)) in zip(stats, expected.stats).enumerated() {
            #expect(abs(ours - theirs) <= 1e-12, "seed \(seed), \(COCOSummary.labels[n]): \(ours) vs pycocotools \(theirs)")
        }
    }
}
