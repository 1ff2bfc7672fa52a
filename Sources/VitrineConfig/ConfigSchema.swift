/// The type a config key accepts, with its range.
public indirect enum ConfigType: Equatable, Sendable, CustomStringConvertible {
    case bool
    case int(min: Int?, max: Int?)
    case double(min: Double?, max: Double?)
    case string
    /// One of a fixed set of strings.
    case choice([String])
    /// A list whose elements have one type, with at least `minCount` elements.
    case list(ConfigType, minCount: Int)

    public var description: String {
        switch self {
        case .bool: return "a boolean (true or false)"
        case let .int(lo, hi): return "an integer" + ConfigType.range(lo.map(Double.init), hi.map(Double.init))
        case let .double(lo, hi): return "a number" + ConfigType.range(lo, hi)
        case .string: return "a string"
        case let .choice(options): return "one of " + options.joined(separator: ", ")
        case let .list(element, minCount):
            return "a list of \(element.pluralDescription)" + (minCount > 0 ? " (at least \(minCount))" : "")
        }
    }

    /// The description for a list's elements: "strings", "integers in 0 … 9".
    var pluralDescription: String {
        switch self {
        case .bool: return "booleans"
        case let .int(lo, hi): return "integers" + ConfigType.range(lo.map(Double.init), hi.map(Double.init))
        case let .double(lo, hi): return "numbers" + ConfigType.range(lo, hi)
        case .string: return "strings"
        case let .choice(options): return "values from " + options.joined(separator: ", ")
        case .list: return "lists"
        }
    }

    /// The range as the README shows it, e.g. `≥ 1`, `0 … 1`, or `—`.
    public var rangeText: String {
        switch self {
        case let .int(lo, hi): return ConfigType.rangeText(lo.map(Double.init), hi.map(Double.init))
        case let .double(lo, hi): return ConfigType.rangeText(lo, hi)
        case let .choice(options): return options.joined(separator: ", ")
        case let .list(element, minCount):
            let inner = element.rangeText
            return (minCount > 0 ? "≥ \(minCount) items" : "list") + (inner == "—" ? "" : " of \(inner)")
        default: return "—"
        }
    }

    public var typeName: String {
        switch self {
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "string"
        case .choice: return "choice"
        case let .list(element, _): return "list of \(element.typeName)"
        }
    }

    private static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    private static func range(_ lo: Double?, _ hi: Double?) -> String {
        let text = rangeText(lo, hi)
        if text == "—" { return "" }
        return lo != nil && hi != nil ? " in \(text)" : " \(text)"
    }

    private static func rangeText(_ lo: Double?, _ hi: Double?) -> String {
        switch (lo, hi) {
        case let (l?, h?): return "\(number(l)) … \(number(h))"
        case let (l?, nil): return "≥ \(number(l))"
        case let (nil, h?): return "≤ \(number(h))"
        default: return "—"
        }
    }
}

/// One declared key: its dotted path, type, default and a one-line description.
public struct ConfigKey: Equatable, Sendable {
    public let path: String
    public let type: ConfigType
    /// `nil` means the key is required.
    public let defaultValue: ConfigValue?
    public let help: String

    public init(_ path: String, _ type: ConfigType, default defaultValue: ConfigValue?, _ help: String) {
        self.path = path
        self.type = type
        self.defaultValue = defaultValue
        self.help = help
    }
}

/// Every key an experiment config may hold. Keys are grouped in sections (`train`, `model`, ...)
/// by their dotted paths; anything not declared is an error.
public struct ConfigSchema: Sendable {
    public let keys: [ConfigKey]
    private let index: [String: ConfigKey]
    /// Every proper prefix of a key's path: asked once per value a config sets, so a set, not
    /// a scan of the keys.
    private let sections: Set<String>

    public init(_ keys: [ConfigKey]) {
        self.keys = keys
        var index: [String: ConfigKey] = [:]
        for key in keys {
            precondition(index[key.path] == nil, "config key \(key.path) declared twice")
            index[key.path] = key
        }
        self.index = index
        var sections = Set<String>()
        for key in keys {
            var prefix = key.path[...]
            while let dot = prefix.lastIndex(of: ".") {
                prefix = prefix[..<dot]
                sections.insert(String(prefix))
            }
        }
        self.sections = sections
    }

    public subscript(path: String) -> ConfigKey? { index[path] }

    /// Whether `path` is a section (a prefix of declared keys), such as `train`.
    public func isSection(_ path: String) -> Bool {
        sections.contains(path)
    }

    /// The declared key closest to `path` by edit distance, when close enough to be a typo.
    public func suggestion(for path: String) -> String? {
        let candidates = keys.map(\.path) + Set(keys.flatMap { sections(of: $0.path) }).sorted()
        let scored = candidates.map { ($0, editDistance($0, path)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, path.count / 4) else {
            // A right leaf under a wrong section, or a right section with a wrong leaf.
            let leaf = path.split(separator: ".").last.map(String.init) ?? path
            return keys.first { $0.path.hasSuffix("." + leaf) }?.path
        }
        return best
    }

    private func sections(of path: String) -> [String] {
        let parts = path.split(separator: ".")
        return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: ".") }
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
