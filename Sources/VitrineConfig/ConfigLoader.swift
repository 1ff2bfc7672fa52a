import Foundation
import Yams

/// Reads an experiment config: YAML with `include:`, command-line overrides, and validation
/// against a schema chosen by the config's `task`.
public enum ConfigLoader {
    /// A value as written, before validation.
    struct RawEntry {
        var node: Node
        var origin: ConfigOrigin
    }

    /// Loads `file`, applies `overrides` (`key.path=value`), and validates the result against
    /// `schema(task)`. All problems found are thrown together as ``ConfigErrors``.
    public static func load(
        file: String, overrides: [String] = [], tasks: [String], schema: (String) -> ConfigSchema?
    ) throws -> ResolvedConfig {
        var entries: [(String, RawEntry)] = []
        try read(file: file, into: &entries, including: [])
        return try resolve(entries, file: file, overrides: overrides, tasks: tasks, schema: schema)
    }

    /// Validates YAML text held elsewhere (e.g. a checkpoint's saved config); `name` stands in
    /// for the file name in messages. `include:` is not followed.
    public static func load(
        yaml text: String, name: String, overrides: [String] = [], tasks: [String], schema: (String) -> ConfigSchema?
    ) throws -> ResolvedConfig {
        var entries: [(String, RawEntry)] = []
        try parse(text, file: name, url: nil, into: &entries, including: [])
        return try resolve(entries, file: name, overrides: overrides, tasks: tasks, schema: schema)
    }

    private static func resolve(
        _ entries: [(String, RawEntry)], file: String, overrides: [String], tasks: [String],
        schema: (String) -> ConfigSchema?
    ) throws -> ResolvedConfig {
        var entries = entries
        var errors: [ConfigError] = []
        for override in overrides {
            do { try applyOverride(override, to: &entries) } catch let error as ConfigError {
                errors.append(error)
            }
        }
        let latest = Dictionary(entries.map { ($0.0, $0.1) }, uniquingKeysWith: { _, new in new })
        guard let taskEntry = latest["task"] else {
            throw ConfigErrors(errors: errors + [ConfigError(
                ConfigOrigin(file: file, line: 1), "task", "missing: every experiment names its task")])
        }
        guard let task = taskEntry.node.string, let taskSchema = schema(task) else {
            throw ConfigErrors(errors: errors + [ConfigError(
                taskEntry.origin, "task",
                "unknown task '\(taskEntry.node.string ?? "?")'; expected one of \(tasks.joined(separator: ", "))")])
        }
        var values: [String: (ConfigValue, ConfigOrigin)] = [:]
        var present = Set<String>()
        for (path, entry) in entries {
            guard let key = taskSchema[path] else {
                var message = taskSchema.isSection(path)
                    ? "is a section; expected keys under it, not a value"
                    : "unknown key"
                if !taskSchema.isSection(path), let suggestion = taskSchema.suggestion(for: path) {
                    message += "; did you mean '\(suggestion)'?"
                }
                errors.append(ConfigError(entry.origin, path, message))
                continue
            }
            present.insert(path)
            do {
                values[path] = (try convert(entry.node, to: key.type, path: path, origin: entry.origin), entry.origin)
            } catch let error as ConfigError {
                errors.append(error)
            }
        }
        for key in taskSchema.keys where !present.contains(key.path) {
            if let value = key.defaultValue {
                values[key.path] = (value, .defaultValue)
            } else {
                errors.append(ConfigError(
                    ConfigOrigin(file: file, line: nil), key.path, "missing: expected \(key.type) — \(key.help)"))
            }
        }
        if !errors.isEmpty { throw ConfigErrors(errors: errors) }
        return ResolvedConfig(schema: taskSchema, values: values, source: file)
    }

    /// Parses one file (and what it includes) into flattened entries; later entries win.
    static func read(file: String, into entries: inout [(String, RawEntry)], including: [String]) throws {
        let url = URL(fileURLWithPath: file).standardizedFileURL
        guard !including.contains(url.path) else {
            throw ConfigErrors(errors: [ConfigError(
                ConfigOrigin(file: file, line: nil), "include",
                "include cycle: " + (including + [url.path]).joined(separator: " → "))])
        }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw ConfigErrors(errors: [ConfigError(
                ConfigOrigin(file: file, line: nil), "", "cannot read the config file: \(error.localizedDescription)")])
        }
        try parse(text, file: file, url: url, into: &entries, including: including)
    }

    private static func parse(
        _ text: String, file: String, url: URL?, into entries: inout [(String, RawEntry)], including: [String]
    ) throws {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw ConfigErrors(errors: [ConfigError(
                ConfigOrigin(file: file, line: yamlErrorLine(error)), "", "not valid YAML: \(error)")])
        }
        guard let root else { return }
        guard case let .mapping(mapping) = root else {
            throw ConfigErrors(errors: [ConfigError(
                ConfigOrigin(file: file, line: root.mark?.line), "", "expected a mapping of keys at the top level")])
        }
        for (keyNode, value) in mapping where keyNode.string == "include" {
            let origin = ConfigOrigin(file: file, line: keyNode.mark?.line)
            let names: [String]
            switch value {
            case let .scalar(scalar): names = [scalar.string]
            case let .sequence(sequence) where sequence.allSatisfy({ $0.scalar != nil }):
                names = sequence.compactMap(\.string)
            default:
                throw ConfigErrors(errors: [ConfigError(origin, "include", "expected a file name or a list of file names")])
            }
            guard let url else {
                throw ConfigErrors(errors: [ConfigError(origin, "include", "include is only followed in config files")])
            }
            for name in names {
                let path = name.hasPrefix("/") ? name : url.deletingLastPathComponent().appendingPathComponent(name).path
                guard FileManager.default.fileExists(atPath: path) else {
                    throw ConfigErrors(errors: [ConfigError(origin, "include", "no such file: \(path)")])
                }
                try read(file: path, into: &entries, including: including + [url.path])
            }
        }
        var errors: [ConfigError] = []
        flatten(mapping, prefix: "", file: file, into: &entries, errors: &errors)
        if !errors.isEmpty { throw ConfigErrors(errors: errors) }
    }

    private static func flatten(
        _ mapping: Node.Mapping, prefix: String, file: String,
        into entries: inout [(String, RawEntry)], errors: inout [ConfigError]
    ) {
        for (keyNode, value) in mapping {
            let origin = ConfigOrigin(file: file, line: keyNode.mark?.line)
            guard let key = keyNode.scalar?.string, !key.isEmpty, !key.contains(".") else {
                errors.append(ConfigError(origin, prefix, "keys are plain names without dots; nest sections instead"))
                continue
            }
            if prefix.isEmpty && key == "include" { continue }
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if case let .mapping(inner) = value {
                flatten(inner, prefix: path, file: file, into: &entries, errors: &errors)
            } else {
                entries.removeAll { $0.0 == path || $0.0.hasPrefix(path + ".") }
                entries.append((path, RawEntry(node: value, origin: origin)))
            }
        }
    }

    static func applyOverride(_ text: String, to entries: inout [(String, RawEntry)]) throws {
        let origin = ConfigOrigin(file: "command line", line: nil)
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ConfigError(origin, text, "an override is key.path=value")
        }
        let path = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let valueText = String(text[text.index(after: equals)...])
        let node: Node
        do { node = try Yams.compose(yaml: valueText) ?? Node("", Tag(.null)) } catch {
            throw ConfigError(origin, path, "cannot read the value '\(valueText)' as YAML")
        }
        entries.removeAll { $0.0 == path || $0.0.hasPrefix(path + ".") }
        entries.append((path, RawEntry(node: node, origin: origin)))
    }

    /// Converts a YAML node to a typed value, or says what was expected.
    static func convert(_ node: Node, to type: ConfigType, path: String, origin: ConfigOrigin) throws -> ConfigValue {
        let found = describe(node)
        func fail(_ extra: String = "") -> ConfigError {
            ConfigError(origin, path, "expected \(type)\(extra), got \(found)")
        }
        switch type {
        case let .list(element, minCount):
            guard case let .sequence(sequence) = node else { throw fail() }
            let items = try sequence.map { try convert($0, to: element, path: path, origin: origin) }
            guard items.count >= minCount else { throw fail() }
            return .list(items)
        default:
            guard let scalar = node.scalar, !isNull(node) else { throw fail() }
            switch type {
            case .bool:
                guard let value = node.bool else { throw fail() }
                return .bool(value)
            case let .int(lo, hi):
                guard let value = node.int, isTagged(node, .int) else { throw fail() }
                if let lo, value < lo { throw fail() }
                if let hi, value > hi { throw fail() }
                return .int(value)
            case let .double(lo, hi):
                guard let value = node.float, (isTagged(node, .float) || isTagged(node, .int)), value.isFinite
                else { throw fail() }
                if let lo, value < lo { throw fail() }
                if let hi, value > hi { throw fail() }
                return .double(value)
            case .string:
                return .string(scalar.string)
            case let .choice(options):
                guard options.contains(scalar.string) else {
                    let near = options.min { editDistance($0, scalar.string) < editDistance($1, scalar.string) }
                    let hint = near.map { editDistance($0, scalar.string) <= 2 ? "; did you mean '\($0)'?" : "" } ?? ""
                    throw ConfigError(origin, path, "expected \(type), got \(found)\(hint)")
                }
                return .string(scalar.string)
            case .list: fatalError("handled above")
            }
        }
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case let .scalar(scalar):
            return isNull(node) ? "nothing (null)" : "'\(scalar.string)'"
        }
    }

    /// Yams keeps tag names internal; their descriptions are the resolved tag URIs.
    private static func isTagged(_ node: Node, _ name: Tag.Name) -> Bool {
        node.tag.description == name.rawValue
    }

    private static func isNull(_ node: Node) -> Bool { isTagged(node, .null) }

    private static func yamlErrorLine(_ error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }
}
