import Yams

/// How a config reads a YAML scalar: YAML 1.2's core schema, the same in files, overrides and
/// saved configs.
///
/// Yams resolves plain scalars by YAML 1.1's rules, where `010` is 8, `1:30` is 90, `1_000` is
/// 1000 and `yes`/`no`/`on`/`off` are booleans, and its `bool` accessor ignores quotes, so
/// `"yes"` was a boolean while `"5"` was refused as an integer. The rules here:
/// - A quoted scalar (or one tagged `!!str`) is a string, always: it is never a boolean or a
///   number, and the message says to drop the quotes.
/// - Booleans are `true` and `false` (also `True`, `TRUE`, `False`, `FALSE`). `yes`, `no`, `on`,
///   `off`, `y`, `n` are refused with "write true or false".
/// - Integers are decimal (`42`, `-3`, `+7`), or `0o17` (octal) and `0x1F` (hex). A decimal
///   with a leading zero (`010`) is refused as ambiguous (8 in YAML 1.1, 10 in YAML 1.2) with
///   both spellings in the hint; `_` separators and `1:30` are not numbers.
/// - Numbers (float keys) take integers as above and decimals such as `0.5`, `.5`, `1e-3`,
///   `2.5E+4`; infinities and NaN are refused.
/// - Null is a plain `~`, `null`, `Null`, `NULL` or nothing.
/// - String and choice keys take the text of any scalar but null, quoted or not: `name: 2024`
///   is the string "2024" (the text is what was written, so nothing is ambiguous).
enum YAMLScalars {
    /// Plain scalars are tagged this when composed, so the quoted or `!!str`-tagged ones, which
    /// libyaml tags `str`, can be told from them (Yams keeps a node's quoting style but resolves
    /// an explicit `!!str 5` and a plain `5` alike, and Yams's own rules are YAML 1.1's).
    static let plainTag = Tag.Name(rawValue: "tag:vitrine,2024:plain")
    // swiftlint:disable:next force_try
    static let resolver = try! Resolver.basic.appending(plainTag, "^")

    /// A scalar's meaning before the schema asks for a type.
    enum Reading: Equatable {
        case null
        /// Text written in quotes or tagged `!!str`: only ever a string.
        case quoted(String)
        /// Plain text, read by the rules above when a type asks for it.
        case plain(String)
    }

    static func reading(_ scalar: Node.Scalar) -> Reading {
        guard scalar.tag.description != Tag.Name.str.rawValue else { return .quoted(scalar.string) }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string) ? .null : .plain(scalar.string)
    }

    /// A tag written on the scalar other than `!!str` (`!!int`, `!!float`, `!!bool`, `!!null`
    /// or a local `!tag`), spelt as written; nil for plain and quoted scalars.
    static func explicitTag(_ scalar: Node.Scalar) -> String? {
        let tag = scalar.tag.description
        // Unresolved (non-specific) tags are empty, `?` or `!`: no tag was written.
        guard !["", "?", "!", plainTag.rawValue, Tag.Name.str.rawValue].contains(tag) else { return nil }
        let core = "tag:yaml.org,2002:"
        return tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : tag
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// YAML 1.1's other booleans, refused with a hint rather than read as strings or booleans.
    static func isYAML11Bool(_ text: String) -> Bool {
        ["y", "yes", "n", "no", "on", "off"].contains(text.lowercased())
    }

    enum IntReading: Equatable {
        case value(Int)
        /// `010`: 8 or 10 depending on the YAML version; `decimal` is the YAML 1.2 spelling.
        case leadingZero(decimal: String)
        case outOfRange
        case notAnInteger
    }

    static func int(_ text: String) -> IntReading {
        func isDigits(_ digits: Substring, _ allowed: (Character) -> Bool) -> Bool {
            !digits.isEmpty && digits.allSatisfy { $0.isASCII && allowed($0) }
        }
        func value(_ parsed: Int?) -> IntReading { parsed.map(IntReading.value) ?? .outOfRange }
        if text.hasPrefix("0o") {
            let digits = text.dropFirst(2)
            return isDigits(digits, { ("0"..."7").contains($0) }) ? value(Int(digits, radix: 8)) : .notAnInteger
        }
        if text.hasPrefix("0x") {
            let digits = text.dropFirst(2)
            return isDigits(digits, \.isHexDigit) ? value(Int(digits, radix: 16)) : .notAnInteger
        }
        let sign = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.prefix(1)) : ""
        let digits = text.dropFirst(sign.count)
        guard isDigits(digits, \.isNumber) else { return .notAnInteger }
        if digits.count > 1, digits.first == "0" {
            let trimmed = digits.drop { $0 == "0" }
            return .leadingZero(decimal: (sign == "-" ? "-" : "") + (trimmed.isEmpty ? "0" : trimmed))
        }
        return value(Int(text))
    }

    /// A finite number, from an integer or a decimal; nil when the text is neither.
    static func double(_ text: String) -> Double? {
        if case let .value(value) = int(text) { return Double(value) }
        guard isDecimal(text), let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// YAML 1.2 core: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    private static func isDecimal(_ text: String) -> Bool {
        var rest = Substring(text)
        func digits() -> Int {
            let count = rest.prefix { ("0"..."9").contains($0) }.count
            rest = rest.dropFirst(count)
            return count
        }
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let whole = digits()
        var fraction = 0
        if rest.first == "." {
            rest = rest.dropFirst()
            fraction = digits()
        }
        guard whole > 0 || fraction > 0 else { return false }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return rest.isEmpty
    }
}
