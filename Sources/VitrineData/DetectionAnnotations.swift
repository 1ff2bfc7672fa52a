import Foundation

/// An axis-aligned box in pixels, COCO's `[x, y, width, height]` with (x, y) the top-left corner.
public struct BoundingBox: Equatable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// A landmark in pixels with COCO's visibility flag: 0 not labelled, 1 labelled but hidden,
/// 2 labelled and visible.
public struct Keypoint: Equatable {
    public var x: Double
    public var y: Double
    public var visibility: Int

    public init(x: Double, y: Double, visibility: Int) {
        self.x = x
        self.y = y
        self.visibility = visibility
    }
}

/// An image entry of a detection set.
public struct DetectionImage: Equatable {
    public var id: Int
    public var fileName: String
    public var width: Int
    public var height: Int

    public init(id: Int, fileName: String, width: Int, height: Int) {
        self.id = id
        self.fileName = fileName
        self.width = width
        self.height = height
    }
}

/// One labelled box, optionally with landmarks (for faces: eyes, nose tip, mouth corners).
public struct DetectionAnnotation: Equatable {
    public var id: Int
    public var imageID: Int
    public var categoryID: Int
    public var bbox: BoundingBox
    public var keypoints: [Keypoint]?

    public init(id: Int, imageID: Int, categoryID: Int, bbox: BoundingBox, keypoints: [Keypoint]? = nil) {
        self.id = id
        self.imageID = imageID
        self.categoryID = categoryID
        self.bbox = bbox
        self.keypoints = keypoints
    }
}

/// A detection class.
public struct DetectionCategory: Equatable {
    public var id: Int
    public var name: String

    public init(id: Int, name: String) {
        self.id = id
        self.name = name
    }
}

/// Detection annotations in COCO's JSON layout: `images` (id, file_name, width, height),
/// `annotations` (id, image_id, category_id, bbox `[x, y, w, h]`, optional `keypoints` as
/// `[x1, y1, v1, x2, y2, v2, ...]`) and `categories` (id, name). Other keys (info, licenses,
/// segmentation, area, iscrowd, ...) are ignored on reading.
///
/// Loading validates everything and throws an ``AnnotationError`` naming the file and the JSON
/// path of each problem: missing or mistyped fields, duplicate ids, annotations whose image_id
/// or category_id is unknown, boxes with zero or negative size, boxes reaching outside their
/// image, keypoints of the wrong length, visibility flags other than 0/1/2 and labelled
/// keypoints outside their image. Boxes must lie within `[0, width] × [0, height]` exactly: a
/// converter that rounds outwards should clip, and this check is where that slip shows.
public struct DetectionAnnotations: Equatable {
    /// Five landmarks, as face detectors label them.
    public static let faceKeypointCount = 5

    public let images: [DetectionImage]
    public let annotations: [DetectionAnnotation]
    public let categories: [DetectionCategory]
    /// How many keypoints an annotation with keypoints has.
    public let keypointCount: Int

    /// A validated set built in memory; `file` names it in errors.
    public init(images: [DetectionImage], annotations: [DetectionAnnotation], categories: [DetectionCategory],
                keypointCount: Int = faceKeypointCount, file: String = "<annotations>") throws {
        let issues = Self.validate(images: images.enumerated().map { ($0.offset, $0.element) },
                                   annotations: annotations.enumerated().map { ($0.offset, $0.element) },
                                   categories: categories.enumerated().map { ($0.offset, $0.element) },
                                   keypointCount: keypointCount, file: file, partialImageIDs: [], partialCategoryIDs: [])
        if !issues.isEmpty { throw AnnotationError(issues) }
        self.images = images
        self.annotations = annotations
        self.categories = categories
        self.keypointCount = keypointCount
    }

    /// Reads and validates the COCO file at `path`.
    public init(path: String, keypointCount: Int = faceKeypointCount) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnnotationError(file: path, path: "",
                                  FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
        }
        try self.init(json: [UInt8](data), file: path, keypointCount: keypointCount)
    }

    /// Parses and validates COCO JSON text; `file` names it in errors.
    public init(json text: String, file: String = "<annotations>", keypointCount: Int = faceKeypointCount) throws {
        try self.init(json: Array(text.utf8), file: file, keypointCount: keypointCount)
    }

    /// Parses and validates COCO JSON bytes; `file` names it in errors.
    public init(json bytes: [UInt8], file: String = "<annotations>", keypointCount: Int = faceKeypointCount) throws {
        let root: JSONValue
        do {
            root = try JSONValue.parse(bytes)
        } catch let error as JSONValue.SyntaxError {
            throw AnnotationError(file: file, path: "", "invalid JSON: \(error)")
        }
        guard case .object = root else {
            throw AnnotationError(file: file, path: "", "the top level must be an object, found \(root.kind)")
        }
        var arrays: [String: [JSONValue]] = [:]
        for key in ["images", "annotations", "categories"] {
            guard let value = root[key] else {
                throw AnnotationError(file: file, path: key, "missing; a COCO file has images, annotations and categories")
            }
            guard case let .array(elements) = value else {
                throw AnnotationError(file: file, path: key, "expected an array, found \(value.kind)")
            }
            arrays[key] = elements
        }

        var decoder = Decoder(file: file)
        var images: [(Int, DetectionImage)] = []
        var partialImageIDs = Set<Int>()
        for (n, element) in arrays["images"]!.enumerated() {
            let path = "images[\(n)]"
            guard decoder.requireObject(element, path) else { continue }
            let id = decoder.int(element, "id", path)
            let fileName = decoder.string(element, "file_name", path)
            let width = decoder.int(element, "width", path)
            let height = decoder.int(element, "height", path)
            if let id, let fileName, let width, let height {
                images.append((n, DetectionImage(id: id, fileName: fileName, width: width, height: height)))
            } else {
                // Validation below sees only complete images; check what this one has.
                if let fileName, fileName.isEmpty { decoder.issue("\(path).file_name", "empty file name") }
                if let width, width <= 0 { decoder.issue("\(path).width", "must be positive, found \(width)") }
                if let height, height <= 0 { decoder.issue("\(path).height", "must be positive, found \(height)") }
                // Known but unusable: annotations that point at it are not also "unknown".
                if let id { partialImageIDs.insert(id) }
            }
        }
        var categories: [(Int, DetectionCategory)] = []
        var partialCategoryIDs = Set<Int>()
        for (n, element) in arrays["categories"]!.enumerated() {
            let path = "categories[\(n)]"
            guard decoder.requireObject(element, path) else { continue }
            let id = decoder.int(element, "id", path)
            let name = decoder.string(element, "name", path)
            if let id, let name {
                categories.append((n, DetectionCategory(id: id, name: name)))
            } else if let id {
                partialCategoryIDs.insert(id)
            }
        }
        var annotations: [(Int, DetectionAnnotation)] = []
        for (n, element) in arrays["annotations"]!.enumerated() {
            let path = "annotations[\(n)]"
            guard decoder.requireObject(element, path) else { continue }
            let id = decoder.int(element, "id", path)
            let imageID = decoder.int(element, "image_id", path)
            let categoryID = decoder.int(element, "category_id", path)
            let box = decoder.numbers(element, "bbox", path)
            var bbox: BoundingBox?
            if let box {
                if box.count == 4 {
                    bbox = BoundingBox(x: box[0], y: box[1], width: box[2], height: box[3])
                } else {
                    decoder.issue("\(path).bbox", "expected 4 numbers [x, y, width, height], found \(box.count)")
                }
            }
            var keypoints: [Keypoint]?
            var keypointsOK = true
            if let value = element["keypoints"], value != .null {
                keypointsOK = false
                if let flat = decoder.numbers(element, "keypoints", path) {
                    if flat.count != 3 * keypointCount {
                        decoder.issue("\(path).keypoints",
                                      "expected \(3 * keypointCount) numbers (\(keypointCount) points × x, y, v), found \(flat.count)")
                    } else if let bad = stride(from: 2, to: flat.count, by: 3).first(where: { ![0, 1, 2].contains(flat[$0]) }) {
                        decoder.issue("\(path).keypoints[\(bad)]",
                                      "visibility of point \(bad / 3) must be 0, 1 or 2, found \(JSONValue.format(flat[bad]))")
                    } else {
                        keypoints = stride(from: 0, to: flat.count, by: 3).map {
                            Keypoint(x: flat[$0], y: flat[$0 + 1], visibility: Int(flat[$0 + 2]))
                        }
                        keypointsOK = true
                    }
                }
            }
            if let id, let imageID, let categoryID, let bbox, keypointsOK {
                annotations.append((n, DetectionAnnotation(id: id, imageID: imageID, categoryID: categoryID,
                                                           bbox: bbox, keypoints: keypoints)))
            }
        }
        let issues = decoder.issues + Self.validate(
            images: images, annotations: annotations, categories: categories, keypointCount: keypointCount,
            file: file, partialImageIDs: partialImageIDs, partialCategoryIDs: partialCategoryIDs)
        if !issues.isEmpty { throw AnnotationError(Self.inFileOrder(issues)) }
        self.images = images.map(\.1)
        self.annotations = annotations.map(\.1)
        self.categories = categories.map(\.1)
        self.keypointCount = keypointCount
    }

    /// Issues sorted by top-level array (images, categories, annotations as validated), then by
    /// element index, so a long list reads top to bottom.
    private static func inFileOrder(_ issues: [AnnotationIssue]) -> [AnnotationIssue] {
        func key(_ issue: AnnotationIssue) -> (Int, Int) {
            let arrays = ["images", "categories", "annotations"]
            let name = issue.path.prefix { $0 != "[" && $0 != "." }
            let index = issue.path.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
            return (arrays.firstIndex(of: String(name)) ?? 3, Int(index) ?? -1)
        }
        return issues.enumerated().sorted { a, b in
            let (ka, kb) = (key(a.element), key(b.element))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    /// Reads typed fields out of JSON objects, recording an issue for each missing or mistyped one.
    private struct Decoder {
        let file: String
        var issues: [AnnotationIssue] = []

        mutating func issue(_ path: String, _ message: String) {
            issues.append(AnnotationIssue(file: file, path: path, message))
        }

        mutating func requireObject(_ value: JSONValue, _ path: String) -> Bool {
            if case .object = value { return true }
            issue(path, "expected an object, found \(value.kind)")
            return false
        }

        mutating func field(_ object: JSONValue, _ key: String, _ path: String) -> JSONValue? {
            guard let value = object[key] else {
                issue("\(path).\(key)", "missing")
                return nil
            }
            return value
        }

        mutating func int(_ object: JSONValue, _ key: String, _ path: String) -> Int? {
            guard let value = field(object, key, path) else { return nil }
            guard case let .number(x) = value, x == x.rounded(), abs(x) < 0x1p53 else {
                let found = value.kind == "a number" ? JSONValue.format(value.numberValue!) : value.kind
                issue("\(path).\(key)", "expected an integer, found \(found)")
                return nil
            }
            return Int(x)
        }

        mutating func string(_ object: JSONValue, _ key: String, _ path: String) -> String? {
            guard let value = field(object, key, path) else { return nil }
            guard case let .string(s) = value else {
                issue("\(path).\(key)", "expected a string, found \(value.kind)")
                return nil
            }
            return s
        }

        mutating func numbers(_ object: JSONValue, _ key: String, _ path: String) -> [Double]? {
            guard let value = field(object, key, path) else { return nil }
            guard case let .array(elements) = value else {
                issue("\(path).\(key)", "expected an array of numbers, found \(value.kind)")
                return nil
            }
            var out: [Double] = []
            for (i, e) in elements.enumerated() {
                guard case let .number(x) = e else {
                    issue("\(path).\(key)[\(i)]", "expected a number, found \(e.kind)")
                    return nil
                }
                out.append(x)
            }
            return out
        }
    }

    private static func validate(
        images: [(Int, DetectionImage)], annotations: [(Int, DetectionAnnotation)],
        categories: [(Int, DetectionCategory)], keypointCount: Int, file: String,
        partialImageIDs: Set<Int>, partialCategoryIDs: Set<Int>
    ) -> [AnnotationIssue] {
        var issues: [AnnotationIssue] = []
        func issue(_ path: String, _ message: String) {
            issues.append(AnnotationIssue(file: file, path: path, message))
        }
        var imageByID: [Int: (Int, DetectionImage)] = [:]
        var fileNames: [String: Int] = [:]
        for (n, image) in images {
            if let first = imageByID[image.id] {
                issue("images[\(n)].id", "duplicate image id \(image.id) (first at images[\(first.0)])")
            } else {
                imageByID[image.id] = (n, image)
            }
            if let first = fileNames[image.fileName] {
                issue("images[\(n)].file_name", "duplicate file name '\(image.fileName)' (first at images[\(first)])")
            } else {
                fileNames[image.fileName] = n
            }
            if image.fileName.isEmpty { issue("images[\(n)].file_name", "empty file name") }
            if image.width <= 0 { issue("images[\(n)].width", "must be positive, found \(image.width)") }
            if image.height <= 0 { issue("images[\(n)].height", "must be positive, found \(image.height)") }
        }
        var categoryIndex: [Int: Int] = [:]
        for (n, category) in categories {
            if let first = categoryIndex[category.id] {
                issue("categories[\(n)].id", "duplicate category id \(category.id) (first at categories[\(first)])")
            } else {
                categoryIndex[category.id] = n
            }
        }
        var annotationIndex: [Int: Int] = [:]
        for (n, a) in annotations {
            let path = "annotations[\(n)]"
            if let first = annotationIndex[a.id] {
                issue("\(path).id", "duplicate annotation id \(a.id) (first at annotations[\(first)])")
            } else {
                annotationIndex[a.id] = n
            }
            let image = imageByID[a.imageID]?.1
            // Bounds are checked only against an image whose size is valid (else it is reported itself).
            let sized = image.flatMap { $0.width > 0 && $0.height > 0 ? $0 : nil }
            if image == nil && !partialImageIDs.contains(a.imageID) {
                issue("\(path).image_id", "unknown image id \(a.imageID)")
            }
            if categoryIndex[a.categoryID] == nil && !partialCategoryIDs.contains(a.categoryID) {
                issue("\(path).category_id", "unknown category id \(a.categoryID)")
            }
            let b = a.bbox
            let box = "[\([b.x, b.y, b.width, b.height].map(JSONValue.format).joined(separator: ", "))]"
            if !(b.x.isFinite && b.y.isFinite && b.width.isFinite && b.height.isFinite) {
                issue("\(path).bbox", "box \(box) is not finite")
            } else if b.width < 0 || b.height < 0 {
                issue("\(path).bbox", "box \(box) has a negative size")
            } else if b.width == 0 || b.height == 0 {
                issue("\(path).bbox", "box \(box) has zero size")
            } else if let image = sized, b.x < 0 || b.y < 0 || b.x + b.width > Double(image.width) || b.y + b.height > Double(image.height) {
                issue("\(path).bbox", "box \(box) reaches outside its image '\(image.fileName)' of \(image.width) × \(image.height)")
            }
            if let points = a.keypoints {
                if points.count != keypointCount {
                    issue("\(path).keypoints", "expected \(3 * keypointCount) numbers (\(keypointCount) points × x, y, v), found \(3 * points.count)")
                } else {
                    for (k, p) in points.enumerated() {
                        if ![0, 1, 2].contains(p.visibility) {
                            issue("\(path).keypoints[\(3 * k + 2)]", "visibility of point \(k) must be 0, 1 or 2, found \(p.visibility)")
                        } else if p.visibility > 0, let image = sized,
                                  !(p.x >= 0 && p.y >= 0 && p.x <= Double(image.width) && p.y <= Double(image.height)) {
                            issue("\(path).keypoints[\(3 * k)]",
                                  "point \(k) (\(JSONValue.format(p.x)), \(JSONValue.format(p.y))) is outside its image of \(image.width) × \(image.height)")
                        }
                    }
                }
            }
        }
        return issues
    }

    // MARK: Lookup

    /// The image with `id`.
    public func image(id: Int) -> DetectionImage? { images.first { $0.id == id } }

    /// The category with `id`.
    public func category(id: Int) -> DetectionCategory? { categories.first { $0.id == id } }

    /// The indices into ``annotations`` of each image's annotations, by image id, in file order.
    public var annotationsByImage: [Int: [Int]] {
        var out: [Int: [Int]] = [:]
        for (i, a) in annotations.enumerated() { out[a.imageID, default: []].append(i) }
        return out
    }

    // MARK: Writing

    /// COCO JSON, one image, annotation or category per line. Annotations also carry COCO's
    /// `area` (box area), `iscrowd` (0) and, with keypoints, `num_keypoints` (labelled points),
    /// which COCO's tools expect.
    public func json() -> String {
        func line(_ members: [JSONMember]) -> String { JSONValue.object(members).serialized }
        let imageLines = images.map {
            line([JSONMember("id", .number(Double($0.id))), JSONMember("file_name", .string($0.fileName)),
                  JSONMember("width", .number(Double($0.width))), JSONMember("height", .number(Double($0.height)))])
        }
        let annotationLines = annotations.map { a -> String in
            let b = a.bbox
            var members = [
                JSONMember("id", .number(Double(a.id))), JSONMember("image_id", .number(Double(a.imageID))),
                JSONMember("category_id", .number(Double(a.categoryID))),
                JSONMember("bbox", .array([b.x, b.y, b.width, b.height].map { .number($0) })),
                JSONMember("area", .number(b.width * b.height)), JSONMember("iscrowd", .number(0)),
            ]
            if let points = a.keypoints {
                members.append(JSONMember("keypoints", .array(points.flatMap {
                    [JSONValue.number($0.x), .number($0.y), .number(Double($0.visibility))]
                })))
                members.append(JSONMember("num_keypoints", .number(Double(points.filter { $0.visibility > 0 }.count))))
            }
            return line(members)
        }
        let categoryLines = categories.map {
            line([JSONMember("id", .number(Double($0.id))), JSONMember("name", .string($0.name))])
        }
        func array(_ name: String, _ lines: [String]) -> String {
            "\"\(name)\": [" + (lines.isEmpty ? "" : "\n  " + lines.joined(separator: ",\n  ") + "\n") + "]"
        }
        return "{\n" + [array("images", imageLines), array("annotations", annotationLines),
                        array("categories", categoryLines)].joined(separator: ",\n") + "\n}\n"
    }

    /// Writes ``json()`` to `path` atomically.
    public func write(to path: String) throws {
        try json().write(toFile: path, atomically: true, encoding: .utf8)
    }
}
