import Foundation
import Testing
@testable import VitrineData

private let validAnnotations = [
    #"{"id": 10, "image_id": 1, "category_id": 1, "bbox": [10, 20, 30.5, 40], "iscrowd": 0, "area": 1220}"#,
    #"{"id": 11, "image_id": 7, "category_id": 2, "bbox": [0, 0, 50, 50], "keypoints": [10, 12, 2, 30, 12, 2, 20, 25, 1, 12, 38, 2, 0, 0, 0]}"#,
    #"{"id": 12, "image_id": 1, "category_id": 2, "bbox": [60, 0, 40, 80]}"#,
]

private func document(_ annotations: [String]) -> String {
    """
    {
      "info": {"description": "ignored"},
      "images": [
        {"id": 1, "file_name": "a.png", "width": 100, "height": 80},
        {"id": 7, "file_name": "b.png", "width": 50, "height": 50, "license": 3}
      ],
      "annotations": [
        \(annotations.joined(separator: ",\n    "))
      ],
      "categories": [{"id": 1, "name": "ring"}, {"id": 2, "name": "face", "supercategory": "person"}]
    }
    """
}

private let valid = document(validAnnotations)

/// The valid document with annotation `index` replaced by `object`.
private func replacingAnnotation(_ index: Int, with object: String) -> String {
    var annotations = validAnnotations
    annotations[index] = object
    return document(annotations)
}

private func issues(_ text: String, keypointCount: Int = 5) throws -> [String] {
    let error = try #require(throws: AnnotationError.self) {
        try DetectionAnnotations(json: text, file: "faces.json", keypointCount: keypointCount)
    }
    return error.issues.map(\.description)
}

@Suite struct DetectionAnnotationsTests {
    @Test func readsImagesAnnotationsCategoriesAndKeypoints() throws {
        let set = try DetectionAnnotations(json: valid)
        #expect(set.images == [DetectionImage(id: 1, fileName: "a.png", width: 100, height: 80),
                               DetectionImage(id: 7, fileName: "b.png", width: 50, height: 50)])
        #expect(set.categories == [DetectionCategory(id: 1, name: "ring"), DetectionCategory(id: 2, name: "face")])
        #expect(set.annotations.count == 3)
        #expect(set.annotations[0] == DetectionAnnotation(id: 10, imageID: 1, categoryID: 1,
                                                          bbox: BoundingBox(x: 10, y: 20, width: 30.5, height: 40)))
        #expect(set.annotations[1].keypoints == [
            Keypoint(x: 10, y: 12, visibility: 2), Keypoint(x: 30, y: 12, visibility: 2), Keypoint(x: 20, y: 25, visibility: 1),
            Keypoint(x: 12, y: 38, visibility: 2), Keypoint(x: 0, y: 0, visibility: 0),
        ])
        #expect(set.annotations[2].keypoints == nil)
        #expect(set.image(id: 7)?.fileName == "b.png")
        #expect(set.category(id: 2)?.name == "face")
        #expect(set.annotationsByImage == [1: [0, 2], 7: [1]])
    }

    @Test func writesCOCOAndReadsItBack() throws {
        let set = try DetectionAnnotations(json: valid)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coco-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try set.write(to: path)
        let back = try DetectionAnnotations(path: path)
        #expect(back == set)
        let text = set.json()
        #expect(text.contains(#"{"id":10,"image_id":1,"category_id":1,"bbox":[10,20,30.5,40],"area":1220,"iscrowd":0}"#))
        #expect(text.contains(#""keypoints":[10,12,2,30,12,2,20,25,1,12,38,2,0,0,0],"num_keypoints":4}"#))
        #expect(text.hasPrefix("{\n\"images\": [\n  {\"id\":1,"))
        let empty = try DetectionAnnotations(images: [], annotations: [], categories: [])
        #expect(empty.json() == "{\n\"images\": [],\n\"annotations\": [],\n\"categories\": []\n}\n")
        #expect(try DetectionAnnotations(json: empty.json()) == empty)
    }

    // MARK: Errors name the file and the JSON path.

    @Test func unknownImageAndCategory() throws {
        let text = replacingAnnotation(2, with: #"{"id": 12, "image_id": 3, "category_id": 9, "bbox": [1, 1, 2, 2]}"#)
        #expect(try issues(text) == [
            "faces.json: annotations[2].image_id: unknown image id 3",
            "faces.json: annotations[2].category_id: unknown category id 9",
        ])
    }

    @Test func negativeZeroAndOutsideBoxes() throws {
        let cases: [(String, String)] = [
            (#"[1, 1, -2, 3]"#, "box [1, 1, -2, 3] has a negative size"),
            (#"[1, 1, 2, 0]"#, "box [1, 1, 2, 0] has zero size"),
            (#"[90, 10, 10.5, 10]"#, "box [90, 10, 10.5, 10] reaches outside its image 'a.png' of 100 × 80"),
            (#"[-1, 10, 5, 5]"#, "box [-1, 10, 5, 5] reaches outside its image 'a.png' of 100 × 80"),
            (#"[0, 70, 5, 10.25]"#, "box [0, 70, 5, 10.25] reaches outside its image 'a.png' of 100 × 80"),
            (#"[1, 2, 3]"#, "expected 4 numbers [x, y, width, height], found 3"),
        ]
        for (box, message) in cases {
            let text = replacingAnnotation(2, with: #"{"id": 12, "image_id": 1, "category_id": 2, "bbox": \#(box)}"#)
            #expect(try issues(text) == ["faces.json: annotations[2].bbox: \(message)"])
        }
        // Touching the far edges is inside.
        let edge = replacingAnnotation(2, with: #"{"id": 12, "image_id": 1, "category_id": 2, "bbox": [0, 0, 100, 80]}"#)
        #expect(try DetectionAnnotations(json: edge).annotations[2].bbox.width == 100)
    }

    @Test func keypointProblems() throws {
        let wrongLength = replacingAnnotation(1, with: #"{"id": 11, "image_id": 7, "category_id": 2, "bbox": [0, 0, 5, 5], "keypoints": [1, 1, 2, 3, 3, 2]}"#)
        #expect(try issues(wrongLength) == ["faces.json: annotations[1].keypoints: expected 15 numbers (5 points × x, y, v), found 6"])
        let badFlag = replacingAnnotation(1, with: #"{"id": 11, "image_id": 7, "category_id": 2, "bbox": [0, 0, 5, 5], "keypoints": [1, 1, 2, 3, 3, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0]}"#)
        #expect(try issues(badFlag) == ["faces.json: annotations[1].keypoints[5]: visibility of point 1 must be 0, 1 or 2, found 5"])
        let outside = replacingAnnotation(1, with: #"{"id": 11, "image_id": 7, "category_id": 2, "bbox": [0, 0, 5, 5], "keypoints": [1, 1, 2, 3, 3, 2, 60, 2, 1, 0, 0, 0, 0, 0, 0]}"#)
        #expect(try issues(outside) == ["faces.json: annotations[1].keypoints[6]: point 2 (60, 2) is outside its image of 50 × 50"])
        let notNumbers = replacingAnnotation(1, with: #"{"id": 11, "image_id": 7, "category_id": 2, "bbox": [0, 0, 5, 5], "keypoints": [1, "a"]}"#)
        #expect(try issues(notNumbers) == ["faces.json: annotations[1].keypoints[1]: expected a number, found a string"])
        // Another landmark count is a parameter: the valid file's 5-point keypoints are then wrong.
        #expect(try issues(valid, keypointCount: 3) == ["faces.json: annotations[1].keypoints: expected 9 numbers (3 points × x, y, v), found 15"])
    }

    @Test func missingAndMistypedFieldsAndDuplicateIDs() throws {
        let text = """
            {"images": [{"id": 1, "file_name": "a.png", "width": 10}, {"id": 1.5, "file_name": 3, "width": 0, "height": 5},
                        {"id": 2, "file_name": "a.png", "width": 10, "height": 10}, {"id": 2, "file_name": "a.png", "width": 10, "height": 10}],
             "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]},
                             {"id": 1, "image_id": 2, "category_id": 1, "bbox": [0, 0, 1, 1]}, "x",
                             {"id": 3, "image_id": 2, "category_id": true, "bbox": {"x": 1}}],
             "categories": [{"id": 1, "name": "ring"}, {"id": 1, "name": "again"}, {"name": "no id"}]}
            """
        let error = try #require(throws: AnnotationError.self) { try DetectionAnnotations(json: text, file: "f.json") }
        #expect(error.issues.map(\.description) == [
            "f.json: images[0].height: missing",
            "f.json: images[1].id: expected an integer, found 1.5",
            "f.json: images[1].file_name: expected a string, found a number",
            "f.json: images[1].width: must be positive, found 0",
            "f.json: images[3].id: duplicate image id 2 (first at images[2])",
            "f.json: images[3].file_name: duplicate file name 'a.png' (first at images[2])",
            "f.json: categories[1].id: duplicate category id 1 (first at categories[0])",
            "f.json: categories[2].id: missing",
            "f.json: annotations[1].id: duplicate annotation id 1 (first at annotations[0])",
            "f.json: annotations[2]: expected an object, found a string",
            "f.json: annotations[3].category_id: expected an integer, found a boolean",
            "f.json: annotations[3].bbox: expected an array of numbers, found an object",
        ])
        #expect(error.issues[0] == AnnotationIssue(file: "f.json", path: "images[0].height", "missing"))
    }

    @Test func imageSizeMustBePositive() throws {
        let text = #"{"images": [{"id": 1, "file_name": "a.png", "width": 0, "height": -3}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}], "categories": [{"id": 1, "name": "x"}]}"#
        // The box is not also reported: its image is already wrong.
        #expect(try issues(text) == [
            "faces.json: images[0].width: must be positive, found 0",
            "faces.json: images[0].height: must be positive, found -3",
        ])
    }

    @Test func fileLevelProblems() throws {
        #expect(try issues(#"{"images": [], "annotations": []}"#) == ["faces.json: categories: missing; a COCO file has images, annotations and categories"])
        #expect(try issues(#"{"images": {}, "annotations": [], "categories": []}"#) == ["faces.json: images: expected an array, found an object"])
        #expect(try issues("[]") == ["faces.json: the top level must be an object, found an array"])
        #expect(try issues("{\"images\": [\n  {\"id\": 1,}\n]}") == ["faces.json: invalid JSON: line 2, column 12: expected a quoted key"])
        #expect(throws: AnnotationError(file: "/nonexistent/a.json", path: "", "no such file")) {
            try DetectionAnnotations(path: "/nonexistent/a.json")
        }
    }

    @Test func inMemorySetsAreValidated() throws {
        let image = DetectionImage(id: 1, fileName: "a.png", width: 10, height: 10)
        let category = DetectionCategory(id: 1, name: "face")
        let bad = DetectionAnnotation(id: 1, imageID: 1, categoryID: 1, bbox: BoundingBox(x: 5, y: 5, width: 6, height: 2),
                                      keypoints: [Keypoint(x: 1, y: 1, visibility: 2)])
        let error = try #require(throws: AnnotationError.self) {
            try DetectionAnnotations(images: [image], annotations: [bad], categories: [category])
        }
        #expect(error.issues.map(\.description) == [
            "<annotations>: annotations[0].bbox: box [5, 5, 6, 2] reaches outside its image 'a.png' of 10 × 10",
            "<annotations>: annotations[0].keypoints: expected 15 numbers (5 points × x, y, v), found 3",
        ])
    }
}
