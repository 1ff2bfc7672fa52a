import Foundation
import VitrineData

/// Typed reads from a parsed COCO file (ground truth or results). The first problem throws
/// an ``AnnotationError`` naming the file and the JSON path (`annotations[12].bbox`), so a
/// malformed file is reported where it is wrong rather than failing somewhere in evaluation.
struct COCOJSONReader {
    let file: String

    func error(_ path: String, _ message: String) -> AnnotationError {
        AnnotationError(file: file, path: path, message)
    }

    /// The file's bytes, parsed.
    static func parse(path: String) throws -> (JSONValue, COCOJSONReader) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnnotationError(file: path, path: "",
                                  FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
        }
        return try parse(bytes: [UInt8](data), file: path)
    }

    static func parse(bytes: [UInt8], file: String) throws -> (JSONValue, COCOJSONReader) {
        do {
            return (try JSONValue.parse(bytes), COCOJSONReader(file: file))
        } catch let error as JSONValue.SyntaxError {
            throw AnnotationError(file: file, path: "", "invalid JSON: \(error)")
        }
    }

    func array(_ value: JSONValue?, _ path: String) throws -> [JSONValue] {
        guard let value else { throw error(path, "missing") }
        guard case let .array(elements) = value else { throw error(path, "expected an array, found \(value.kind)") }
        return elements
    }

    func object(_ value: JSONValue, _ path: String) throws -> JSONValue {
        guard case .object = value else { throw error(path, "expected an object, found \(value.kind)") }
        return value
    }

    /// A finite number; `nil` when the key is absent and `optional`.
    func number(_ object: JSONValue, _ key: String, _ path: String, optional: Bool = false) throws -> Double? {
        guard let value = object[key] else {
            if optional { return nil }
            throw error("\(path).\(key)", "missing")
        }
        guard let x = value.numberValue else { throw error("\(path).\(key)", "expected a number, found \(value.kind)") }
        return x
    }

    func integer(_ object: JSONValue, _ key: String, _ path: String) throws -> Int {
        let x = try number(object, key, path)!
        guard x == x.rounded(), abs(x) < 0x1p53 else { throw error("\(path).\(key)", "expected an integer, found \(x)") }
        return Int(x)
    }

    /// COCO's `[x, y, width, height]`, with a size that is not negative.
    func box(_ object: JSONValue, _ path: String) throws -> BoundingBox {
        let elements = try array(object["bbox"], "\(path).bbox")
        let numbers = elements.compactMap(\.numberValue)
        guard elements.count == 4, numbers.count == 4 else {
            throw error("\(path).bbox", "expected 4 numbers [x, y, width, height], found \(JSONValue.array(elements).serialized)")
        }
        guard numbers[2] >= 0, numbers[3] >= 0 else {
            throw error("\(path).bbox", "the box \(JSONValue.array(elements).serialized) has a negative width or height")
        }
        return BoundingBox(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
    }

    /// `iscrowd`, absent meaning 0; COCO writes 0 or 1, some converters true or false.
    func flag(_ object: JSONValue, _ key: String, _ path: String) throws -> Bool {
        switch object[key] {
        case nil, .null?: return false
        case let .bool(b)?: return b
        case let .number(x)? where x == 0 || x == 1: return x == 1
        case let value?: throw error("\(path).\(key)", "expected 0 or 1, found \(value.serialized)")
        }
    }
}
