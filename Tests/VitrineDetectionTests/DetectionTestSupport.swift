import Foundation
import VitrineData
@testable import VitrineDetection

/// The committed pycocotools fixture (scripts/make_detection_fixtures.py).
enum Fixtures {
    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// pycocotools' output for the fixture's ground truth and results.
    struct Expected: Decodable {
        let stats: [Double]
        let iou_thresholds: [Double]
        let recall_thresholds: [Double]
        /// VOC AP by category id (as a string); null for a category without ground truth.
        let voc_all_points: [String: Double?]
        let voc_11_point: [String: Double?]
        let seed: Int
    }

    static func expected(in directory: String) throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/coco_expected.json")))
    }
}

/// A one-category ground truth on one image, from `[x, y, w, h]` boxes; `crowds` are iscrowd.
func groundTruth(_ boxes: [[Double]], crowds: Set<Int> = [], side: Int = 300) throws -> COCOGroundTruth {
    try COCOGroundTruth(
        images: [DetectionImage(id: 1, fileName: "a.png", width: side, height: side)],
        categories: [DetectionCategory(id: 1, name: "thing")],
        objects: boxes.enumerated().map { n, b in
            COCOGroundTruth.Object(id: n + 1, imageID: 1, categoryID: 1, bbox: BoundingBox(x: b[0], y: b[1], width: b[2], height: b[3]),
                                   isCrowd: crowds.contains(n))
        })
}

/// Results on image 1, category 1, from `([x, y, w, h], score)`.
func results(_ items: [([Double], Double)]) -> [DetectionResult] {
    items.map { b, score in
        DetectionResult(imageID: 1, categoryID: 1, bbox: BoundingBox(x: b[0], y: b[1], width: b[2], height: b[3]), score: score)
    }
}
