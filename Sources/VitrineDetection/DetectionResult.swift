import Foundation
import VitrineData

/// A detection in COCO's results format: `{image_id, category_id, bbox: [x, y, w, h], score}`.
///
/// The results file is the hand-over point: Vitrine's evaluation reads it, and so can
/// pycocotools or any other COCO tool, so a model's numbers can be checked by someone else's code.
public struct DetectionResult: Equatable {
    public var imageID: Int
    public var categoryID: Int
    /// The box as written to (or read from) the file; evaluation uses these numbers as they are.
    public var bbox: BoundingBox
    public var score: Double

    public init(imageID: Int, categoryID: Int, bbox: BoundingBox, score: Double) {
        self.imageID = imageID
        self.categoryID = categoryID
        self.bbox = bbox
        self.score = score
    }

    /// A detector's output on image `imageID`.
    public init(imageID: Int, detection: Detection) {
        self.init(imageID: imageID, categoryID: detection.categoryID, bbox: detection.box.coco, score: detection.score)
    }

    /// The detection without its image.
    public var detection: Detection { Detection(box: CornerBox(bbox), score: score, categoryID: categoryID) }

    /// The result file's text: a JSON array, one detection per line. Numbers are written in
    /// their shortest round-trip form, so reading the file back (here or with Python's json)
    /// gives exactly the same doubles and exactly the same evaluation. JSON has no NaN or
    /// infinity, so a result holding one throws, naming it (a diverged detector's output should
    /// be reported, not written as a file no tool can read).
    public static func json(_ results: [DetectionResult]) throws -> String {
        let lines = try results.enumerated().map { n, r -> String in
            guard [r.bbox.x, r.bbox.y, r.bbox.width, r.bbox.height, r.score].allSatisfy(\.isFinite) else {
                throw DetectionError("result \(n) (image \(r.imageID), category \(r.categoryID)) is not finite: box "
                                     + "[\(r.bbox.x), \(r.bbox.y), \(r.bbox.width), \(r.bbox.height)], score \(r.score)")
            }
            return JSONValue.object([
                JSONMember("image_id", .number(Double(r.imageID))), JSONMember("category_id", .number(Double(r.categoryID))),
                JSONMember("bbox", .array([r.bbox.x, r.bbox.y, r.bbox.width, r.bbox.height].map { .number($0) })),
                JSONMember("score", .number(r.score)),
            ]).serialized
        }
        return lines.isEmpty ? "[]\n" : "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    /// Writes ``json(_:)`` to `path` atomically (a reader never sees half a file).
    public static func write(_ results: [DetectionResult], to path: String) throws {
        try json(results).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Reads a COCO results file; extra keys (segmentation, keypoints, ...) are ignored.
    public static func read(path: String) throws -> [DetectionResult] {
        let (root, reader) = try COCOJSONReader.parse(path: path)
        return try parse(root, reader)
    }

    /// Parses COCO results JSON; `file` names it in errors.
    public static func parse(json: String, file: String = "<results>") throws -> [DetectionResult] {
        let (root, reader) = try COCOJSONReader.parse(bytes: Array(json.utf8), file: file)
        return try parse(root, reader)
    }

    private static func parse(_ root: JSONValue, _ reader: COCOJSONReader) throws -> [DetectionResult] {
        guard case let .array(elements) = root else {
            throw reader.error("", "a COCO results file is an array of detections, found \(root.kind)")
        }
        return try elements.enumerated().map { n, element in
            let path = "[\(n)]"
            let object = try reader.object(element, path)
            return DetectionResult(imageID: try reader.integer(object, "image_id", path),
                                   categoryID: try reader.integer(object, "category_id", path),
                                   bbox: try reader.box(object, path), score: try reader.number(object, "score", path)!)
        }
    }
}
