import Foundation
import Testing
import VitrineData
import VitrineTestSupport
@testable import VitrineDetection

/// COCO results and instances files: written, read back exactly, and refused with the file and
/// JSON path of the problem.
@Suite struct COCOFileTests {
    @Test func resultsRoundTripExactly() throws {
        let written = [
            DetectionResult(imageID: 7, categoryID: 2, bbox: BoundingBox(x: 0.1, y: 1.0 / 3, width: 12.5, height: 1e-7), score: 0.123456789012345),
            DetectionResult(imageID: 8, detection: Detection(box: CornerBox(x1: 1, y1: 2, x2: 4, y2: 6), score: 1, categoryID: 1)),
        ]
        let directory = try TemporaryDirectory(prefix: "vitrine-detection")
        let path = directory.file("results.json")
        try DetectionResult.write(written, to: path)
        #expect(try DetectionResult.read(path: path) == written)
        #expect(written[1].bbox == BoundingBox(x: 1, y: 2, width: 3, height: 4))
        #expect(written[1].detection == Detection(box: CornerBox(x1: 1, y1: 2, x2: 4, y2: 6), score: 1, categoryID: 1))
        #expect(try DetectionResult.json([]) == "[]\n")
        let diverged = DetectionResult(imageID: 3, categoryID: 1, bbox: BoundingBox(x: .nan, y: 0, width: 1, height: 1), score: 0.5)
        #expect(throws: DetectionError.self) { try DetectionResult.json([diverged]) }
        #expect(throws: DetectionError.self) { try DetectionResult.write([diverged], to: directory.file("bad.json")) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("bad.json")))
        #expect(try DetectionResult.parse(json: "[]").isEmpty)
    }

    @Test func resultsFileLayoutIsCOCOs() throws {
        let text = try DetectionResult.json([DetectionResult(imageID: 3, categoryID: 1, bbox: BoundingBox(x: 1, y: 2.5, width: 3, height: 4), score: 0.75)])
        #expect(text == "[\n{\"image_id\":3,\"category_id\":1,\"bbox\":[1,2.5,3,4],\"score\":0.75}\n]\n")
    }

    @Test func badResultsNameTheFileAndTheEntry() {
        func problem(_ json: String) -> String? {
            do {
                _ = try DetectionResult.parse(json: json, file: "r.json")
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(problem("{}") == "r.json: a COCO results file is an array of detections, found an object")
        #expect(problem("[{\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,1],\"score\":1}]")
                == "r.json: [0].bbox: expected 4 numbers [x, y, width, height], found [0,0,1]")
        #expect(problem("[{\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,1,1],\"score\":1},{\"image_id\":1.5}]")
                == "r.json: [1].image_id: expected an integer, found 1.5")
        #expect(problem("[{\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,-1,1],\"score\":1}]")
                == "r.json: [0].bbox: the box [0,0,-1,1] has a negative width or height")
        #expect(problem("[{\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,1,1]}]") == "r.json: [0].score: missing")
        #expect(problem("[{\"image_id\":1,") ?? "" == "r.json: invalid JSON: line 1, column 16: expected a quoted key")
        #expect(throws: AnnotationError.self) { try DetectionResult.read(path: "/nonexistent/results.json") }
    }

    @Test func groundTruthReadsAreaAndCrowdsAndDefaultsThem() throws {
        let gt = try COCOGroundTruth(json: """
        {"images": [{"id": 4, "file_name": "x.png", "width": 50, "height": 40}],
         "annotations": [{"id": 1, "image_id": 4, "category_id": 9, "bbox": [1, 2, 30, 20], "area": 410.5, "iscrowd": 1},
                         {"id": 2, "image_id": 4, "category_id": 9, "bbox": [-3, 2, 60, 20], "segmentation": [[1, 2, 3]]}],
         "categories": [{"id": 9, "name": "bag", "supercategory": "thing"}], "info": {}}
        """)
        #expect(gt.images == [DetectionImage(id: 4, fileName: "x.png", width: 50, height: 40)])
        #expect(gt.categories == [DetectionCategory(id: 9, name: "bag")])
        #expect(gt.objects[0].area == 410.5 && gt.objects[0].isCrowd)
        // No area: the box's; no iscrowd: not a crowd; a box reaching outside the image is kept.
        #expect(gt.objects[1].area == 1200 && !gt.objects[1].isCrowd && gt.objects[1].bbox.x == -3)
    }

    @Test func badGroundTruthNamesTheProblem() {
        func problem(_ annotations: String, categories: String = "[{\"id\": 1, \"name\": \"a\"}]") -> String? {
            let json = "{\"images\": [{\"id\": 1, \"file_name\": \"a\", \"width\": 9, \"height\": 9}], \"annotations\": \(annotations), \"categories\": \(categories)}"
            do {
                _ = try COCOGroundTruth(json: json, file: "gt.json")
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(problem("[{\"id\": 1, \"image_id\": 2, \"category_id\": 1, \"bbox\": [0, 0, 1, 1]}]")
                == "gt.json: annotations[0].image_id: unknown image id 2")
        #expect(problem("[{\"id\": 1, \"image_id\": 1, \"category_id\": 3, \"bbox\": [0, 0, 1, 1]}]")
                == "gt.json: annotations[0].category_id: unknown category id 3")
        #expect(problem("[{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"iscrowd\": 2}]")
                == "gt.json: annotations[0].iscrowd: expected 0 or 1, found 2")
        #expect(problem("[{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"area\": -4}]")
                == "gt.json: annotations[0].area: must not be negative, found -4.0")
        #expect(problem("[]", categories: "[{\"id\": 1, \"name\": \"a\"}, {\"id\": 1, \"name\": \"b\"}]")
                == "gt.json: categories[1].id: duplicate id 1 (first at categories[0])")
        #expect(problem("{}") == "gt.json: annotations: expected an array, found an object")
    }

    @Test func photoshootAnnotationsBecomeGroundTruth() throws {
        let annotations = try DetectionAnnotations(
            images: [DetectionImage(id: 1, fileName: "s.png", width: 64, height: 64)],
            annotations: [DetectionAnnotation(id: 1, imageID: 1, categoryID: 2, bbox: BoundingBox(x: 1, y: 2, width: 10, height: 20))],
            categories: [DetectionCategory(id: 2, name: "person")])
        let gt = COCOGroundTruth(annotations)
        #expect(gt.objects == [COCOGroundTruth.Object(id: 1, imageID: 1, categoryID: 2, bbox: BoundingBox(x: 1, y: 2, width: 10, height: 20),
                                                      area: 200, isCrowd: false)])
    }
}
