import Foundation

/// A member of a JSON object; objects keep their members in file order.
public struct JSONMember: Equatable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON document, parsed with line and column in its syntax errors and written with
/// shortest round-trip numbers.
///
/// Foundation's `JSONSerialization` is not used because on Linux it cannot tell `1` from `true`
/// (both arrive as `NSNumber` and both cast to `Bool` and `Int`), and because validation
/// messages need exact types. Numbers are `Double`, so integers are exact up to 2^53.
public enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The member `key` of an object (nil for a missing key or a non-object).
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The number held, if this is a number.
    public var numberValue: Double? {
        if case let .number(x) = self { return x }
        return nil
    }

    /// A name of the value's type for messages: "null", "a boolean", "a number", ...
    public var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    // MARK: Parsing

    /// A JSON syntax error at a 1-based line and column.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Parses a complete document (UTF-8, an optional byte-order mark, nothing after the value).
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = Parser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.i = 3 }
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        if parser.i < bytes.count { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    public static func parse(_ text: String) throws -> JSONValue { try parse(Array(text.utf8)) }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ message: String, at position: Int? = nil) -> SyntaxError {
            let end = min(position ?? i, bytes.count)
            var line = 1, lineStart = 0
            for j in 0..<end where bytes[j] == UInt8(ascii: "\n") {
                line += 1
                lineStart = j + 1
            }
            return SyntaxError(line: line, column: end - lineStart + 1, message: message)
        }

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        mutating func expect(_ literal: String, _ value: JSONValue) throws -> JSONValue {
            let utf8 = Array(literal.utf8)
            guard bytes.count - i >= utf8.count, Array(bytes[i..<(i + utf8.count)]) == utf8 else {
                throw error("invalid literal (expected \(literal))")
            }
            i += utf8.count
            return value
        }

        mutating func value(depth: Int) throws -> JSONValue {
            // Deep nesting would overflow the stack; no annotation file nests this deep.
            guard depth < 512 else { throw error("nesting deeper than 512 levels") }
            guard i < bytes.count else { throw error("unexpected end of the document") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [JSONMember] = []
                skipSpace()
                if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                    let keyStart = i
                    let key = try string()
                    if members.contains(where: { $0.key == key }) {
                        throw error("duplicate key \"\(key)\"", at: keyStart)
                    }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
                    i += 1
                    skipSpace()
                    members.append(JSONMember(key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of the document inside an object") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                    throw error("expected ',' or '}' in an object")
                }
            case UInt8(ascii: "["):
                i += 1
                var elements: [JSONValue] = []
                skipSpace()
                if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
                while true {
                    skipSpace()
                    elements.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of the document inside an array") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
                    throw error("expected ',' or ']' in an array")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "n"): return try expect("null", .null)
            default:
                return try number()
            }
        }

        mutating func number() throws -> JSONValue {
            let start = i
            func digits() -> Int {
                let s = i
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
                return i - s
            }
            if i < bytes.count && bytes[i] == UInt8(ascii: "-") { i += 1 }
            let intStart = i
            let intDigits = digits()
            guard intDigits > 0 else { throw error("unexpected character", at: start) }
            if intDigits > 1 && bytes[intStart] == UInt8(ascii: "0") { throw error("a number cannot start with 0", at: start) }
            if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { throw error("expected digits after the decimal point") }
            }
            if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
                i += 1
                if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
                guard digits() > 0 else { throw error("expected digits in the exponent") }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw error("the number \(text) is out of range", at: start)
            }
            return .number(value)
        }

        mutating func hex4() throws -> UInt32 {
            guard bytes.count - i >= 4 else { throw error("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw error("invalid \\u escape")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }

        mutating func string() throws -> String {
            let open = i
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    guard let s = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8", at: open) }
                    return s
                }
                if c < 0x20 { throw error("a control character inside a string must be escaped") }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < bytes.count else { break }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in a \\u escape")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw error("invalid escape \\\(Character(Unicode.Scalar(e)))", at: i - 2)
                }
            }
            throw error("the string opened here is never closed", at: open)
        }
    }

    // MARK: Writing

    /// Compact JSON text for the value.
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(x): out += Self.format(x)
        case let .string(s): Self.writeString(s, to: &out)
        case let .array(elements):
            out += "["
            for (n, e) in elements.enumerated() {
                if n > 0 { out += "," }
                e.write(to: &out)
            }
            out += "]"
        case let .object(members):
            out += "{"
            for (n, m) in members.enumerated() {
                if n > 0 { out += "," }
                Self.writeString(m.key, to: &out)
                out += ":"
                m.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Integers without a fraction; other numbers in Swift's shortest round-trip form.
    static func format(_ x: Double) -> String {
        precondition(x.isFinite, "JSON cannot hold \(x)")
        if x == x.rounded() && abs(x) < 0x1p53 { return String(Int64(x)) }
        return "\(x)"
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
