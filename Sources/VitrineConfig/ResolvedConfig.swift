/// A validated config: every declared key with its value (from a file, an override, or the
/// default) and where that value came from.
public struct ResolvedConfig: Sendable {
    public let schema: ConfigSchema
    public let values: [String: (ConfigValue, ConfigOrigin)]
    /// The file the config was loaded from.
    public let source: String

    public init(schema: ConfigSchema, values: [String: (ConfigValue, ConfigOrigin)], source: String) {
        self.schema = schema
        self.values = values
        self.source = source
    }

    public func value(_ path: String) -> ConfigValue {
        guard let (value, _) = values[path] else {
            preconditionFailure("config key \(path) is not declared in the schema")
        }
        return value
    }

    public func origin(_ path: String) -> ConfigOrigin? { values[path]?.1 }

    public func int(_ path: String) -> Int { value(path).intValue! }
    public func double(_ path: String) -> Double { value(path).doubleValue! }
    public func float(_ path: String) -> Float { Float(value(path).doubleValue!) }
    public func string(_ path: String) -> String { value(path).stringValue! }
    public func bool(_ path: String) -> Bool { value(path).boolValue! }
    public func ints(_ path: String) -> [Int] { value(path).listValue!.compactMap(\.intValue) }
    public func strings(_ path: String) -> [String] { value(path).listValue!.compactMap(\.stringValue) }

    /// The config as YAML, in schema order, nested by section: what a run saves and a later
    /// `vitrine run` of that file reproduces.
    public var yaml: String {
        var lines: [String] = []
        var openSections: [String] = []
        for key in schema.keys {
            guard let (value, _) = values[key.path] else { continue }
            let parts = key.path.split(separator: ".").map(String.init)
            let sections = Array(parts.dropLast())
            var common = 0
            while common < min(sections.count, openSections.count), sections[common] == openSections[common] {
                common += 1
            }
            openSections = Array(openSections.prefix(common))
            for depth in common..<sections.count {
                lines.append(String(repeating: "  ", count: depth) + sections[depth] + ":")
                openSections.append(sections[depth])
            }
            lines.append(String(repeating: "  ", count: sections.count) + parts.last! + ": " + value.yaml)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A copy with one declared key set, e.g. the seed of one run of a multi-seed experiment.
    public func setting(_ path: String, _ value: ConfigValue) -> ResolvedConfig {
        precondition(schema[path] != nil, "config key \(path) is not declared in the schema")
        var copy = values
        copy[path] = (value, ConfigOrigin(file: "derived", line: nil))
        return ResolvedConfig(schema: schema, values: copy, source: source)
    }

    /// Flattened `path → value` for comparing runs.
    public var flattened: [String: ConfigValue] { values.mapValues { $0.0 } }
}
