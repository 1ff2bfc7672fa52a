import Testing
import VitrineData
@testable import VitrineDetection

/// COCO AP and AR on examples worked by hand (and confirmed with pycocotools 2.0.11), then the
/// committed randomized fixture against pycocotools' own twelve numbers.
@Suite struct COCOEvaluationTests {
    /// Two 10 × 10 objects (small), three detections: D1 (0.9) on A exactly, D2 (0.8) on nothing,
    /// D3 (0.7) on B shifted by one pixel, IoU 90/110 ≈ 0.818.
    ///
    /// At IoU thresholds 0.50 ... 0.80 (seven of them) the sequence is TP, FP, TP: recall 0.5, 0.5, 1,
    /// precision 1, 0.5, 2/3, monotone envelope 1, 2/3, 2/3. Recall points 0.00 ... 0.50 (51 of
    /// them) read 1, points 0.51 ... 1.00 (50) read 2/3: AP = (51 + 100/3) / 101 = 253/303.
    /// At 0.85 ... 0.95 D3 misses: recall never passes 0.5, AP = 51/101.
    /// AP@[.5:.95] = (7 · 253/303 + 3 · 153/303) / 10 = 223/303. Recall is 1 at seven thresholds and
    /// 0.5 at three: AR = 0.85; with one detection per image, 0.5 everywhere.
    @Test func workedExampleGivesTheHandComputedNumbers() throws {
        let gt = try groundTruth([[0, 0, 10, 10], [20, 0, 10, 10]])
        let dt = results([([0, 0, 10, 10], 0.9), ([50, 50, 10, 10], 0.8), ([21, 0, 10, 10], 0.7)])
        let evaluation = try COCOEvaluation(groundTruth: gt, results: dt)
        let s = evaluation.summary
        #expect(abs(s.ap - 223.0 / 303) < 1e-12)
        #expect(abs(s.ap50 - 253.0 / 303) < 1e-12 && abs(s.ap75 - 253.0 / 303) < 1e-12)
        #expect(abs(s.apSmall - 223.0 / 303) < 1e-12 && s.apMedium == -1 && s.apLarge == -1)
        #expect(s.ar1 == 0.5 && abs(s.ar10 - 0.85) < 1e-12 && abs(s.ar100 - 0.85) < 1e-12)
        #expect(abs(s.arSmall - 0.85) < 1e-12 && s.arMedium == -1 && s.arLarge == -1)
        #expect(evaluation.averagePrecision(area: "medium") == nil)
        // The curve a report plots: 51 points at 1, 50 at 2/3 (each to pycocotools' ε: tp / (tp + fp + ε)).
        let curve = try #require(evaluation.precisionCurve(categoryID: 1))
        #expect(curve.count == 101 && abs(curve[50] - 1) < 1e-12 && abs(curve[51] - 2.0 / 3) < 1e-12 && abs(curve[100] - 2.0 / 3) < 1e-12)
        #expect(evaluation.precisionCurve(categoryID: 1, area: "large") == nil)
        #expect(abs(evaluation.averagePrecision(categoryID: 1)! - 223.0 / 303) < 1e-12)
    }

    /// A crowd region with two detections inside it and one counted object found exactly: the
    /// crowd's detections are neither right nor wrong, so AP is 1 (to pycocotools' ε in the
    /// precision's denominator). With one detection per image the only one kept is in the crowd: AR@1 = 0.
    @Test func detectionsInACrowdAreIgnoredNotFalse() throws {
        let gt = try groundTruth([[0, 0, 100, 100], [200, 200, 50, 50]], crowds: [0])
        let dt = results([([10, 10, 20, 20], 0.9), ([200, 200, 50, 50], 0.8), ([50, 50, 20, 20], 0.7)])
        let s = try COCOEvaluation(groundTruth: gt, results: dt).summary
        #expect(abs(s.ap - 1) < 1e-12 && abs(s.apMedium - 1) < 1e-12)
        #expect(s.apSmall == -1 && s.apLarge == -1)  // the crowd is never counted, whatever its size
        #expect(s.ar1 == 0 && s.ar10 == 1)
        // Without the crowd flag the first detection is a false positive at the top of the list.
        let plain = try COCOEvaluation(groundTruth: groundTruth([[0, 0, 100, 100], [200, 200, 50, 50]]), results: dt).summary
        #expect(plain.ap < 0.75)
    }

    @Test func theCrowdIoUIsOverTheDetectionsArea() {
        let crowd = BoundingBox(x: 0, y: 0, width: 100, height: 100), inside = BoundingBox(x: 10, y: 10, width: 20, height: 20)
        #expect(COCOEvaluation.crowdAwareIoU(inside, crowd, crowd: true) == 1)
        #expect(COCOEvaluation.crowdAwareIoU(inside, crowd, crowd: false) == 0.04)
    }

    @Test func tiedScoresKeepFileOrder() throws {
        // Two detections with equal scores on one object: the first in the file is the true
        // positive, the second a duplicate. Reversing the file reverses which one that is,
        // which only shows in AP if the boxes differ: make the second one miss at IoU 0.95.
        let gt = try groundTruth([[0, 0, 100, 100]])
        let exact = ([0.0, 0, 100, 100], 0.5), loose = ([0.0, 0, 100, 93], 0.5)  // IoU 0.93
        let exactFirst = try COCOEvaluation(groundTruth: gt, results: results([exact, loose])).summary.ap
        let looseFirst = try COCOEvaluation(groundTruth: gt, results: results([loose, exact])).summary.ap
        // Exact first: TP at every threshold (AP 1). Loose first: at 0.95 the loose one fails and the
        // exact one, second, is found at precision 1/2.
        #expect(abs(exactFirst - 1) < 1e-12)
        #expect(abs(looseFirst - (9 + 0.5) / 10) < 1e-12)
    }

    @Test func aDetectionLimitKeepsOnlyTheBestPerImage() throws {
        let gt = try groundTruth([[0, 0, 10, 10], [20, 0, 10, 10]])
        let dt = results([([0, 0, 10, 10], 0.9), ([20, 0, 10, 10], 0.1)])
        let parameters = try COCOEvaluationParameters(iouThresholds: [0.5], recallThresholds: COCOEvaluationParameters.coco.recallThresholds,
                                                      maxDetections: [10, 1], areaRanges: AreaRange.coco)
        let evaluation = try COCOEvaluation(groundTruth: gt, results: dt, parameters: parameters)
        #expect(evaluation.parameters.maxDetections == [1, 10])
        #expect(evaluation.averageRecall(maxDetections: 1) == 0.5 && evaluation.averageRecall(maxDetections: 10) == 1)
        #expect(abs(evaluation.averagePrecision(maxDetections: 1)! - 51.0 / 101) < 1e-12)
    }

    @Test func resultsOnUnknownImagesAreRefusedAndUnknownCategoriesLeftOut() throws {
        let gt = try groundTruth([[0, 0, 10, 10]])
        let stray = DetectionResult(imageID: 2, categoryID: 1, bbox: BoundingBox(x: 0, y: 0, width: 1, height: 1), score: 1)
        let error = #expect(throws: DetectionError.self) { try COCOEvaluation(groundTruth: gt, results: [stray]) }
        #expect(error?.description.contains("on image 2") == true)
        var other = results([([50, 50, 10, 10], 0.99), ([0, 0, 10, 10], 0.5)])
        other[0].categoryID = 77
        #expect(abs(try COCOEvaluation(groundTruth: gt, results: other).summary.ap - 1) < 1e-12)
    }

    @Test func noDetectionsGiveZeroAndNoGroundTruthGivesMinusOne() throws {
        let s = try COCOEvaluation(groundTruth: groundTruth([[0, 0, 10, 10]]), results: []).summary
        #expect(s.ap == 0 && s.ar100 == 0 && s.apLarge == -1)
        let empty = try COCOEvaluation(groundTruth: groundTruth([]), results: results([([0, 0, 5, 5], 0.3)])).summary
        #expect(empty.stats.allSatisfy { $0 == -1 })
    }

    @Test func parametersMatchPycocotoolsToTheBit() throws {
        let expected = try Fixtures.expected(in: Fixtures.directory.path)
        #expect(COCOEvaluationParameters.coco.iouThresholds == expected.iou_thresholds)
        #expect(COCOEvaluationParameters.coco.recallThresholds == expected.recall_thresholds)
        #expect(throws: DetectionError.self) {
            try COCOEvaluationParameters(iouThresholds: [], recallThresholds: [0], maxDetections: [1], areaRanges: AreaRange.coco)
        }
    }

    /// The committed fixture: nine images, three categories, crowds, tied scores, more than 100
    /// detections on one image, areas on a size border (see scripts/make_detection_fixtures.py).
    @Test func committedFixtureMatchesPycocotools() throws {
        let directory = Fixtures.directory.path
        let expected = try Fixtures.expected(in: directory)
        let stats = try cocoStats(directory: directory)
        for (n, (ours, theirs)) in zip(stats, expected.stats).enumerated() {
            #expect(abs(ours - theirs) <= 1e-12, "\(COCOSummary.labels[n]): \(ours) vs pycocotools \(theirs)")
        }
    }

    @Test func summaryPrintsLikePycocotools() throws {
        let s = try COCOEvaluation(groundTruth: groundTruth([[0, 0, 10, 10]]), results: results([([0, 0, 10, 10], 1)])).summary
        let lines = s.description.split(separator: "\n")
        #expect(lines.count == 12)
        #expect(lines[0] == " AP @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 1.000")
        #expect(lines[4] == " AP @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = -1.000")
    }
}

/// Vitrine's twelve numbers for the coco_gt.json and coco_results.json in `directory`.
func cocoStats(directory: String) throws -> [Double] {
    let gt = try COCOGroundTruth(path: directory + "/coco_gt.json")
    let dt = try DetectionResult.read(path: directory + "/coco_results.json")
    return try COCOEvaluation(groundTruth: gt, results: dt).summary.stats
}
