import Foundation
import Yams

/// Reads an experiment config: YAML with `include:`, command-line overrides, and validation
/// against a schema chosen by the config's `task`.
public enum ConfigLoader {
    /// Files read through `include:` in one load, counting repeats. Each file of a chain that
    /// includes the next one twice doubles the work; 100 is far beyond any real layering.
    static let maxIncludedFiles = 100
    /// Files in one chain of includes (the loaded file including one that includes ...).
    static let maxIncludeDepth = 16
    /// Unknown keys reported one by one, with suggestions; the rest are counted in one line.
    static let maxUnknownKeysReported = 20

    /// Loads `file`, applies `overrides` (`key.path=value`), and validates the result against
    /// `schema(task)`. All problems found are thrown together as ``ConfigErrors``.
    public static func load(
        file: String, overrides: [String] = [], tasks: [String], schema: (String) -> ConfigSchema?
    ) throws -> ResolvedConfig {
        var entries = FlatEntries()
        var filesRead = 0
        try read(file: file, into: &entries, including: [], filesRead: &filesRead)
        return try resolve(entries, file: file, overrides: overrides, tasks: tasks, schema: schema)
    }

    /// Validates YAML text held elsewhere (e.g. a checkpoint's saved config); `name` stands in
    /// for the file name in messages. `include:` is not followed.
    public static func load(
        yaml text: String, name: String, overrides: [String] = [], tasks: [String], schema: (String) -> ConfigSchema?
    ) throws -> ResolvedConfig {
        var entries = FlatEntries()
        var filesRead = 0
        try parse(text, file: name, url: nil, into: &entries, including: [], filesRead: &filesRead, savedConfig: true)
        return try resolve(entries, file: name, overrides: overrides, tasks: tasks, schema: schema)
    }

    private static func resolve(
        _ entries: FlatEntries, file: String, overrides: [String], tasks: [String],
        schema: (String) -> ConfigSchema?
    ) throws -> ResolvedConfig {
        var entries = entries
        var errors: [ConfigError] = []
        for override in overrides {
            do { try applyOverride(override, to: &entries) } catch let error as ConfigError {
                errors.append(error)
            }
        }
        guard let taskEntry = entries["task"] else {
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
        var unknownKeys = 0
        for (path, entry) in entries.ordered {
            guard let key = taskSchema[path] else {
                if taskSchema.isSection(path) {
                    // `optimizer: {}` names a section and sets nothing in it: all its defaults.
                    if case let .mapping(mapping) = entry.node, mapping.isEmpty { continue }
                    errors.append(ConfigError(entry.origin, path, "is a section; expected keys under it, not a value"))
                    continue
                }
                // Suggestions cost a pass over the schema each: only for the keys reported.
                unknownKeys += 1
                guard unknownKeys <= maxUnknownKeysReported else { continue }
                var message = "unknown key"
                if let suggestion = taskSchema.suggestion(for: path) { message += "; did you mean '\(suggestion)'?" }
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
        if unknownKeys > maxUnknownKeysReported {
            errors.append(ConfigError(ConfigOrigin(file: file, line: nil), "", """
                … and \(unknownKeys - maxUnknownKeysReported) more unknown keys \
                (\(unknownKeys) in all; the first \(maxUnknownKeysReported) are listed above)
                """))
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
    static func read(file: String, into entries: inout FlatEntries, including: [String], filesRead: inout Int) throws {
        let url = URL(fileURLWithPath: file).standardizedFileURL
        guard !including.contains(url.path) else {
            throw ConfigErrors(errors: [ConfigError(
                ConfigOrigin(file: file, line: nil), "include",
                "include cycle: " + (including + [url.path]).joined(separator: " → "))])
        }
        let text: String
        do { text = try ConfigFile.contents(of: file) } catch let error as ConfigError {
            throw ConfigErrors(errors: [error])
        }
        try parse(text, file: file, url: url, into: &entries, including: including, filesRead: &filesRead)
    }

    /// Composes `text` after ``YAMLLimits`` has checked it, so composing cannot overflow the
    /// stack or expand aliases without bound; plain scalars keep their text for ``YAMLScalars``.
    public static func compose(_ text: String) throws -> Node? {
        try YAMLLimits.check(text)
        return try Yams.compose(yaml: text, YAMLScalars.resolver)
    }

    private static func parse(
        _ text: String, file: String, url: URL?, into entries: inout FlatEntries, including: [String],
        filesRead: inout Int, savedConfig: Bool = false) throws {
        let root: Node?
        do { root = try compose(text) } catch let error as YamlError {
            throw ConfigErrors(errors: [ConfigError(
                ConfigOrigin(file: file, line: yamlErrorLine(error)), "", "not valid YAML: \(error)")])
        } catch let violation as YAMLLimits.Violation {
            throw ConfigErrors(errors: [ConfigError(ConfigOrigin(file: file, line: violation.line), "", violation.message)])
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
            let chain = including + [url.path]
            for name in names {
                let path = name.hasPrefix("/") ? name : url.deletingLastPathComponent().appendingPathComponent(name).path
                guard FileManager.default.fileExists(atPath: path) else {
                    throw ConfigErrors(errors: [ConfigError(origin, "include", "no such file: \(path)")])
                }
                guard chain.count < maxIncludeDepth else {
                    throw ConfigErrors(errors: [ConfigError(origin, "include", """
                        includes nested deeper than \(maxIncludeDepth) files \
                        (\(chain.first ?? file) → … → \(path)); include the shared files from fewer levels
                        """)])
                }
                filesRead += 1
                guard filesRead <= maxIncludedFiles else {
                    throw ConfigErrors(errors: [ConfigError(origin, "include", """
                        more than \(maxIncludedFiles) files read through include: (a file included repeatedly, \
                        e.g. twice at each level, multiplies); include each shared file once
                        """)])
                }
                try read(file: path, into: &entries, including: chain, filesRead: &filesRead)
            }
        }
        var errors: [ConfigError] = []
        flatten(mapping, prefix: "", file: file, into: &entries, errors: &errors, mergingRepeatedSections: savedConfig)
        if !errors.isEmpty { throw ConfigErrors(errors: errors) }
    }

    /// Adds a file's values. Within one mapping a key may appear once (YAML would silently keep
    /// the last); across files and overrides, later values replace earlier ones on purpose.
    /// `mergingRepeatedSections` reads a section written twice as one: configs saved by Vitrine
    /// before it grouped its sections (a task's `metrics.*` keys after the common ones) have
    /// them, and checkpoints written then must still load.
    private static func flatten(
        _ mapping: Node.Mapping, prefix: String, file: String,
        into entries: inout FlatEntries, errors: inout [ConfigError], mergingRepeatedSections: Bool = false
    ) {
        var firstLine: [String: Int?] = [:]
        var sections: Set<String> = []
        for (keyNode, value) in mapping {
            let origin = ConfigOrigin(file: file, line: keyNode.mark?.line)
            guard let key = keyNode.scalar?.string, !key.isEmpty, !key.contains(".") else {
                errors.append(ConfigError(origin, prefix, "keys are plain names without dots; nest sections instead"))
                continue
            }
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if mergingRepeatedSections, sections.contains(key), case let .mapping(inner) = value {
                flatten(inner, prefix: path, file: file, into: &entries, errors: &errors, mergingRepeatedSections: true)
                continue
            }
            if let line = firstLine[key] {
                errors.append(ConfigError(origin, path, """
                    duplicate key: already set\(line.map { " on line \($0)" } ?? " above"); \
                    YAML would keep only the last one: remove one of them
                    """))
                continue
            }
            firstLine[key] = origin.line
            if prefix.isEmpty && key == "include" { continue }
            if case let .mapping(inner) = value {
                sections.insert(key)
                if inner.isEmpty {
                    // Kept so that `steps: {}` is an error where a value is expected; for a
                    // section (`optimizer: {}`) it changes nothing, so layered values stay.
                    if !entries.hasValues(under: path) { entries.set(path, RawEntry(node: value, origin: origin)) }
                } else {
                    flatten(inner, prefix: path, file: file, into: &entries, errors: &errors,
                            mergingRepeatedSections: mergingRepeatedSections)
                }
            } else {
                entries.set(path, RawEntry(node: value, origin: origin))
            }
        }
    }

    static func applyOverride(_ text: String, to entries: inout FlatEntries) throws {
        let origin = ConfigOrigin(file: "command line", line: nil)
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ConfigError(origin, text, "an override is key.path=value")
        }
        let path = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let valueText = String(text[text.index(after: equals)...])
        let node: Node
        do { node = try compose(valueText) ?? Node("", Tag(.null)) } catch let violation as YAMLLimits.Violation {
            throw ConfigError(origin, path, "the value: \(violation.message)")
        } catch {
            throw ConfigError(origin, path, "cannot read the value '\(valueText)' as YAML")
        }
        // As in a file, `section={}` sets nothing: what the files set under it stays.
        if case let .mapping(mapping) = node, mapping.isEmpty, entries.hasValues(under: path) { return }
        entries.set(path, RawEntry(node: node, origin: origin))
    }

    /// Converts a YAML node to a typed value, or says what was expected. Scalars are read by
    /// ``YAMLScalars``' rules (YAML 1.2 core schema).
    static func convert(_ node: Node, to type: ConfigType, path: String, origin: ConfigOrigin) throws -> ConfigValue {
        let found = describe(node)
        func fail(_ hint: String? = nil) -> ConfigError {
            ConfigError(origin, path, "expected \(type), got \(found)" + (hint.map { "; \($0)" } ?? ""))
        }
        if case let .list(element, minCount) = type {
            guard case let .sequence(sequence) = node else { throw fail() }
            let items = try sequence.map { try convert($0, to: element, path: path, origin: origin) }
            guard items.count >= minCount else {
                throw ConfigError(origin, path, "expected \(type), got \(items.isEmpty ? "an empty list" : "\(items.count)")")
            }
            return .list(items)
        }
        guard let scalar = node.scalar else { throw fail() }
        if let tag = YAMLScalars.explicitTag(scalar) {
            // An explicit tag says what the value is; it must be what the key takes.
            let fits: Bool
            switch (tag, type) {
            case ("!!int", .int), ("!!int", .double), ("!!float", .double), ("!!bool", .bool): fits = true
            default: fits = false
            }
            guard fits else { throw fail("the value is tagged \(tag); write it without the tag") }
        }
        let text: String
        switch YAMLScalars.reading(scalar) {
        case .null:
            throw fail()
        case let .quoted(quoted):
            switch type {
            case .string, .choice: text = quoted
            case .bool: throw fail("quoted values are strings: write true or false without quotes")
            default: throw fail("quoted values are strings: write the number without quotes")
            }
        case let .plain(plain):
            text = plain
        }
        switch type {
        case .bool:
            guard let value = YAMLScalars.bool(text) else {
                throw fail(YAMLScalars.isYAML11Bool(text) ? "only true and false are booleans (YAML 1.2): write true or false" : nil)
            }
            return .bool(value)
        case let .int(lo, hi):
            switch YAMLScalars.int(text) {
            case let .value(value):
                if let lo, value < lo { throw fail() }
                if let hi, value > hi { throw fail() }
                return .int(value)
            case let .leadingZero(decimal):
                throw fail(leadingZeroHint(text, decimal: decimal))
            case .outOfRange, .notAnInteger:
                throw fail(separatorHint(text))
            }
        case let .double(lo, hi):
            if case let .leadingZero(decimal) = YAMLScalars.int(text) { throw fail(leadingZeroHint(text, decimal: decimal)) }
            guard let value = YAMLScalars.double(text) else { throw fail(separatorHint(text)) }
            if let lo, value < lo { throw fail() }
            if let hi, value > hi { throw fail() }
            return .double(value)
        case .string:
            return .string(text)
        case let .choice(options):
            guard options.contains(text) else {
                let near = options.min { editDistance($0, text) < editDistance($1, text) }
                throw fail(near.flatMap { editDistance($0, text) <= 2 ? "did you mean '\($0)'?" : nil })
            }
            return .string(text)
        case .list: fatalError("handled above")
        }
    }

    private static func leadingZeroHint(_ text: String, decimal: String) -> String {
        "a leading zero is octal in YAML 1.1 and decimal in YAML 1.2: write \(decimal), or 0o\(text.drop { $0 == "0" || $0 == "-" || $0 == "+" }) for octal"
    }

    /// `1_000` is a number in YAML 1.1 only.
    private static func separatorHint(_ text: String) -> String? {
        let joined = text.replacingOccurrences(of: "_", with: "")
        guard joined != text, YAMLScalars.double(joined) != nil else { return nil }
        return "numbers are written without '_' separators: write \(joined)"
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case let .scalar(scalar):
            switch YAMLScalars.reading(scalar) {
            case .null: return "nothing (null)"
            case let .quoted(text): return "'\(text)' (quoted, so a string)"
            case let .plain(text): return "'\(text)'"
            }
        }
    }

    private static func yamlErrorLine(_ error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            return mark.line
        default:
            return nil
        }
    }
}
