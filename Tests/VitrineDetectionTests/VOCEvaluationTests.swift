import Testing
@testable import VitrineDetection

/// VOC AP on the worked COCO example and on the committed fixture, against the py-faster-rcnn
/// `voc_eval` transcription in scripts/make_detection_fixtures.py.
@Suite struct VOCEvaluationTests {
    /// TP, FP, TP on two objects: recall 0.5, 0.5, 1; precision 1, 0.5, 2/3.
    /// All points: 0.5 · 1 + 0.5 · 2/3 = 5/6. Eleven points: recall ≥ 0 ... 0.5 reads 1 (six
    /// points), ≥ 0.6 ... 1 reads 2/3 (five): (6 + 10/3) / 11 = 28/33.
    @Test func workedExample() throws {
        let gt = try groundTruth([[0, 0, 10, 10], [20, 0, 10, 10]])
        let dt = results([([0, 0, 10, 10], 0.9), ([50, 50, 10, 10], 0.8), ([21, 0, 10, 10], 0.7)])
        let all = VOCEvaluation(groundTruth: gt, results: dt)
        #expect(all.categories.count == 1 && all.categories[0].recall == [0.5, 0.5, 1])
        #expect(abs(all.meanAveragePrecision! - 5.0 / 6) < 1e-12)
        let eleven = VOCEvaluation(groundTruth: gt, results: dt, interpolation: .elevenPoint)
        #expect(abs(eleven.meanAveragePrecision! - 28.0 / 33) < 1e-12)
        // At IoU 0.85 the shifted box misses: recall stops at 0.5, AP = 0.5 (all points).
        #expect(abs(VOCEvaluation(groundTruth: gt, results: dt, iouThreshold: 0.85).meanAveragePrecision! - 0.5) < 1e-12)
    }

    @Test func aSecondHitOnAClaimedObjectIsFalseEvenIfAnotherIsFree() throws {
        // The second detection overlaps A best (IoU 0.9) though it also overlaps B (0.6):
        // VOC does not try B, so it is a false positive (COCO would give it B).
        let gt = try groundTruth([[0, 0, 10, 10], [3, 0, 10, 10]])
        let dt = results([([0, 0, 10, 10], 0.9), ([0.5, 0, 10, 10], 0.8)])
        let voc = VOCEvaluation(groundTruth: gt, results: dt)
        #expect(voc.categories[0].precision == [1, 0.5])
        let coco = try COCOEvaluation(groundTruth: gt, results: dt)
        #expect(coco.averageRecall(iouThreshold: 0.5) == 1)
    }

    @Test func curveHelpersFollowTheDevkit() {
        #expect(VOCEvaluation.averagePrecision(recall: [], precision: [], interpolation: .allPoints) == 0)
        // Eleven additions of 1/11, as the devkit sums them: 1 to rounding.
        #expect(abs(VOCEvaluation.averagePrecision(recall: [1], precision: [1], interpolation: .elevenPoint) - 1) < 1e-15)
        // A dip is filled from the right: precision 1, 0.5, 1 at recall 1/3, 1/3, 2/3 reads 1 to 2/3.
        let ap = VOCEvaluation.averagePrecision(recall: [1.0 / 3, 1.0 / 3, 2.0 / 3], precision: [1, 0.5, 1], interpolation: .allPoints)
        #expect(abs(ap - 2.0 / 3) < 1e-12)
    }

    @Test func committedFixtureMatchesTheDevkitTranscription() throws {
        let directory = Fixtures.directory.path
        let expected = try Fixtures.expected(in: directory)
        let gt = try COCOGroundTruth(path: directory + "/coco_gt.json")
        let dt = try DetectionResult.read(path: directory + "/coco_results.json")
        for (interpolation, reference) in [(VOCEvaluation.Interpolation.allPoints, expected.voc_all_points),
                                           (.elevenPoint, expected.voc_11_point)] {
            let voc = VOCEvaluation(groundTruth: gt, results: dt, interpolation: interpolation)
            for category in gt.categories {
                let ours = voc.categories.first { $0.categoryID == category.id }?.averagePrecision
                let theirs = reference[String(category.id)] ?? nil
                #expect(ours != nil && theirs != nil && abs(ours! - theirs!) < 1e-12, "\(interpolation) category \(category.id): \(String(describing: ours)) vs \(String(describing: theirs))")
            }
        }
    }
}
