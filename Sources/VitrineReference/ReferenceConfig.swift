import Foundation
import VitrineEngine

/// A JSON value as a case's `config` holds it.
enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), int(Int), double(Double), string(String)
    case array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    var description: String {
        switch self {
        case .null: return "null"
        case let .bool(value): return String(value)
        case let .int(value): return String(value)
        case let .double(value): return String(value)
        case let .string(value): return "\"\(value)\""
        case let .array(values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case let .object(values):
            return "{" + values.keys.sorted().map { "\"\($0)\": \(values[$0]!)" }.joined(separator: ", ") + "}"
        }
    }

    /// An integral number (`2` or `2.0`).
    var integer: Int? {
        switch self {
        case let .int(value): return value
        case let .double(value) where value.rounded() == value && abs(value) < 1e15: return Int(value)
        default: return nil
        }
    }
}

/// A case's `config`: PyTorch's argument names and values, read with typed accessors that
/// name the case and key when a value is missing or wrong. Every key a layer reads is marked;
/// ``finish()`` rejects keys nobody read, so an argument the runner does not model (a
/// `dilation` on a pooling layer, say) is an error instead of being silently ignored.
public final class ReferenceConfig {
    public let caseName: String
    private let values: [String: JSONValue]
    private var used: Set<String> = []

    /// Parses `json`, which must be an object.
    public init(json: String, caseName: String) throws {
        self.caseName = caseName
        let decoded: JSONValue
        do {
            decoded = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        } catch {
            throw ReferenceError.badConfig(caseName: caseName, key: "config", detail: "not valid JSON: \(json)")
        }
        guard case let .object(values) = decoded else {
            throw ReferenceError.badConfig(caseName: caseName, key: "config", detail: "must be a JSON object, got \(json)")
        }
        self.values = values
    }

    /// The keys present.
    public var keys: [String] { values.keys.sorted() }

    private func bad(_ key: String, _ detail: String) -> ReferenceError {
        ReferenceError.badConfig(caseName: caseName, key: key, detail: detail)
    }

    /// The raw value, or nil when absent or null.
    private func value(_ key: String) -> JSONValue? {
        used.insert(key)
        guard let value = values[key], value != .null else { return nil }
        return value
    }

    private func required<T>(_ key: String, _ value: T?) throws -> T {
        guard let value else { throw bad(key, "missing (required for this layer)") }
        return value
    }

    /// An integer, or `defaultValue` when absent (required when there is no default).
    public func int(_ key: String, default defaultValue: Int? = nil) throws -> Int {
        guard let raw = value(key) else { return try required(key, defaultValue) }
        guard let value = raw.integer else { throw bad(key, "expected an integer, got \(raw)") }
        return value
    }

    /// A number.
    public func float(_ key: String, default defaultValue: Float? = nil) throws -> Float {
        guard let raw = value(key) else { return try required(key, defaultValue) }
        switch raw {
        case let .int(value): return Float(value)
        case let .double(value): return Float(value)
        default: throw bad(key, "expected a number, got \(raw)")
        }
    }

    /// A boolean.
    public func bool(_ key: String, default defaultValue: Bool? = nil) throws -> Bool {
        guard let raw = value(key) else { return try required(key, defaultValue) }
        guard case let .bool(value) = raw else { throw bad(key, "expected true or false, got \(raw)") }
        return value
    }

    /// A size as PyTorch accepts it: an integer for both dimensions or an `[h, w]` pair.
    public func size2(_ key: String, default defaultValue: Size2? = nil) throws -> Size2 {
        try optionalSize2(key) ?? required(key, defaultValue)
    }

    /// A size, or nil when absent or null (a pooling stride).
    public func optionalSize2(_ key: String) throws -> Size2? {
        guard let raw = value(key) else { return nil }
        if let both = raw.integer { return Size2(both) }
        if case let .array(items) = raw, items.count == 2, let h = items[0].integer, let w = items[1].integer {
            return Size2(h, w)
        }
        throw bad(key, "expected an integer or an [h, w] pair of integers, got \(raw)")
    }

    /// Requires the key to be absent, null or equal to `supported` (an argument PyTorch has but
    /// the runner supports only one value of).
    func require(_ key: String, equals supported: JSONValue, because reason: String) throws {
        guard let raw = value(key) else { return }
        let matches = raw == supported || (raw.integer != nil && raw.integer == supported.integer)
        guard matches else { throw bad(key, "only \(supported) is supported (\(reason)), got \(raw)") }
    }

    /// Requires the key to be absent or null.
    public func requireAbsent(_ key: String, because reason: String) throws {
        if let raw = value(key) { throw bad(key, "not supported (\(reason)), got \(raw)") }
    }

    /// Marks keys that carry no information for the runner (such as `inplace`).
    public func ignore(_ keys: String...) {
        used.formUnion(keys)
    }

    /// Throws for the first key (in name order) no accessor read.
    public func finish() throws {
        if let unknown = values.keys.sorted().first(where: { !used.contains($0) }) {
            throw bad(unknown, "unknown for this layer (a typo, or an argument the runner does not model)")
        }
    }
}
