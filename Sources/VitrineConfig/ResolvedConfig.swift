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

    /// The choice at `path` as the enum whose cases are the choices. The schema already limits
    /// the value to its choices: one no case names (a schema and an enum out of step) is an
    /// error naming where the value was set and the values allowed, never a silent default.
    public func choice<Choice: RawRepresentable & CaseIterable>(_ path: String, as type: Choice.Type = Choice.self) throws -> Choice
        where Choice.RawValue == String {
        let raw = string(path)
        guard let chosen = Choice(rawValue: raw) else {
            throw ConfigError(origin(path) ?? ConfigOrigin(file: source, line: nil), path,
                              "'\(raw)' is not one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return chosen
    }

    /// The config as YAML, in schema order, nested by section with each section written once
    /// (a task's keys of a common section, such as `metrics.recall_at`, join it): what a run
    /// saves and a later `vitrine run` of that file reproduces.
    public var yaml: String {
        final class Section {
            var order: [String] = []
            var sections: [String: Section] = [:]
            var leaves: [String: ConfigValue] = [:]
        }
        let root = Section()
        for key in schema.keys {
            guard let (value, _) = values[key.path] else { continue }
            var section = root
            let parts = key.path.split(separator: ".").map(String.init)
            for name in parts.dropLast() {
                if section.sections[name] == nil {
                    section.sections[name] = Section()
                    section.order.append(name)
                }
                section = section.sections[name]!
            }
            section.leaves[parts.last!] = value
            section.order.append(parts.last!)
        }
        var lines: [String] = []
        func emit(_ section: Section, depth: Int) {
            let indent = String(repeating: "  ", count: depth)
            for name in section.order {
                if let value = section.leaves[name] {
                    lines.append(indent + name + ": " + value.yaml)
                } else if let inner = section.sections[name] {
                    lines.append(indent + name + ":")
                    emit(inner, depth: depth + 1)
                }
            }
        }
        emit(root, depth: 0)
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
