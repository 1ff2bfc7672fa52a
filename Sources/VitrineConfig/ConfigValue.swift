/// A value in an experiment config: a scalar or a list of scalars.
public enum ConfigValue: Equatable, Hashable, CustomStringConvertible, Sendable {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])

    public var description: String {
        switch self {
        case let .bool(v): return String(v)
        case let .int(v): return String(v)
        case let .double(v): return ConfigValue.format(v)
        case let .string(v): return v
        case let .list(vs): return "[" + vs.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// The value as YAML would write it (strings quoted when they could read as something else).
    public var yaml: String {
        switch self {
        case let .string(v):
            let plain = v.range(of: #"^[A-Za-z_./][A-Za-z0-9_./\- ]*$"#, options: .regularExpression) != nil
                && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(v.lowercased())
                && !v.hasSuffix(" ")
            return plain ? v : "\"" + v.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case let .list(vs): return "[" + vs.map(\.yaml).joined(separator: ", ") + "]"
        default: return description
        }
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(format: "%.1f", v) }
        return String(v)
    }

    public var intValue: Int? { if case let .int(v) = self { return v }; return nil }
    public var doubleValue: Double? {
        switch self {
        case let .double(v): return v
        case let .int(v): return Double(v)
        default: return nil
        }
    }
    public var stringValue: String? { if case let .string(v) = self { return v }; return nil }
    public var boolValue: Bool? { if case let .bool(v) = self { return v }; return nil }
    public var listValue: [ConfigValue]? { if case let .list(v) = self { return v }; return nil }
}

/// Where a value came from: a file and line, or the command line.
public struct ConfigOrigin: Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?

    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }

    public static let defaultValue = ConfigOrigin(file: "<default>", line: nil)

    public var description: String { line.map { "\(file):\($0)" } ?? file }
}
