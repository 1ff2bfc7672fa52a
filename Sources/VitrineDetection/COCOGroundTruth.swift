import VitrineData

/// Ground truth for evaluation, read from a COCO instances file (`images`, `annotations`,
/// `categories`) or taken from a photoshoot's ``DetectionAnnotations``.
///
/// Unlike ``DetectionAnnotations`` it keeps what evaluation needs and no more, and is lenient
/// where COCO's own files are: boxes may reach outside their image, `area` is read when given
/// (COCO's area is the segmentation's, which decides small, medium or large, not the box's),
/// and `iscrowd` regions are kept, to be matched as pycocotools does. Segmentations and
/// keypoints are not read.
public struct COCOGroundTruth: Equatable {
    /// One labelled object.
    public struct Object: Equatable {
        public var id: Int
        public var imageID: Int
        public var categoryID: Int
        /// The box exactly as written, `[x, y, width, height]` (kept in this form so that IoU is
        /// computed from the same numbers as pycocotools).
        public var bbox: BoundingBox
        /// The size class's measure: the file's `area`, else the box's width × height.
        public var area: Double
        /// A crowd region: never a miss, and detections inside it are neither right nor wrong.
        public var isCrowd: Bool

        public init(id: Int, imageID: Int, categoryID: Int, bbox: BoundingBox, area: Double? = nil, isCrowd: Bool = false) {
            self.id = id
            self.imageID = imageID
            self.categoryID = categoryID
            self.bbox = bbox
            self.area = area ?? bbox.width * bbox.height
            self.isCrowd = isCrowd
        }
    }

    public let images: [DetectionImage]
    public let categories: [DetectionCategory]
    public let objects: [Object]

    /// Throws an ``AnnotationError`` (naming `file`) for duplicate image, category or object
    /// ids, and for objects of an image or category that is not listed.
    public init(images: [DetectionImage], categories: [DetectionCategory], objects: [Object],
                file: String = "<ground truth>") throws {
        func duplicate<T>(_ items: [T], _ id: (T) -> Int, _ name: String) throws {
            var seen: [Int: Int] = [:]
            for (n, item) in items.enumerated() {
                if let first = seen[id(item)] {
                    throw AnnotationError(file: file, path: "\(name)[\(n)].id",
                                          "duplicate id \(id(item)) (first at \(name)[\(first)])")
                }
                seen[id(item)] = n
            }
        }
        try duplicate(images, \.id, "images")
        try duplicate(categories, \.id, "categories")
        try duplicate(objects, \.id, "annotations")
        let (imageIDs, categoryIDs) = (Set(images.map(\.id)), Set(categories.map(\.id)))
        for (n, object) in objects.enumerated() {
            if !imageIDs.contains(object.imageID) {
                throw AnnotationError(file: file, path: "annotations[\(n)].image_id", "unknown image id \(object.imageID)")
            }
            if !categoryIDs.contains(object.categoryID) {
                throw AnnotationError(file: file, path: "annotations[\(n)].category_id", "unknown category id \(object.categoryID)")
            }
        }
        self.images = images
        self.categories = categories
        self.objects = objects
    }

    /// A photoshoot's annotations: areas are the boxes' and nothing is a crowd.
    public init(_ annotations: DetectionAnnotations) {
        images = annotations.images
        categories = annotations.categories
        objects = annotations.annotations.map {
            Object(id: $0.id, imageID: $0.imageID, categoryID: $0.categoryID, bbox: $0.bbox)
        }
    }

    /// Reads the COCO instances file at `path`.
    public init(path: String) throws {
        let (root, reader) = try COCOJSONReader.parse(path: path)
        try self.init(root, reader)
    }

    /// Reads COCO instances JSON; `file` names it in errors.
    public init(json: String, file: String = "<ground truth>") throws {
        let (root, reader) = try COCOJSONReader.parse(bytes: Array(json.utf8), file: file)
        try self.init(root, reader)
    }

    private init(_ root: JSONValue, _ reader: COCOJSONReader) throws {
        _ = try reader.object(root, "")
        let images = try reader.array(root["images"], "images").enumerated().map { n, element -> DetectionImage in
            let path = "images[\(n)]"
            let image = try reader.object(element, path)
            guard case let .string(fileName)? = image["file_name"] else {
                throw reader.error("\(path).file_name", "missing or not a string")
            }
            return DetectionImage(id: try reader.integer(image, "id", path), fileName: fileName,
                                  width: try reader.integer(image, "width", path), height: try reader.integer(image, "height", path))
        }
        let categories = try reader.array(root["categories"], "categories").enumerated().map { n, element -> DetectionCategory in
            let path = "categories[\(n)]"
            let category = try reader.object(element, path)
            guard case let .string(name)? = category["name"] else { throw reader.error("\(path).name", "missing or not a string") }
            return DetectionCategory(id: try reader.integer(category, "id", path), name: name)
        }
        let objects = try reader.array(root["annotations"], "annotations").enumerated().map { n, element -> Object in
            let path = "annotations[\(n)]"
            let object = try reader.object(element, path)
            let area = try reader.number(object, "area", path, optional: true)
            if let area, area < 0 { throw reader.error("\(path).area", "must not be negative, found \(area)") }
            return Object(id: try reader.integer(object, "id", path), imageID: try reader.integer(object, "image_id", path),
                          categoryID: try reader.integer(object, "category_id", path), bbox: try reader.box(object, path),
                          area: area, isCrowd: try reader.flag(object, "iscrowd", path))
        }
        try self.init(images: images, categories: categories, objects: objects, file: reader.file)
    }
}
