import Yams

/// A YAML document's leaves as `dotted.path → text`, for comparing saved configs. The walk
/// recurses and follows aliases, so the text passes ``YAMLLimits`` first, as configs do.
public func flattenYAML(_ text: String, file: String) throws -> [String: String] {
    let root: Node?
    do { root = try ConfigLoader.compose(text) } catch let violation as YAMLLimits.Violation {
        throw ConfigErrors(errors: [ConfigError(ConfigOrigin(file: file, line: violation.line), "", violation.message)])
    } catch {
        throw ConfigErrors(errors: [ConfigError(ConfigOrigin(file: file, line: nil), "", "not valid YAML: \(error)")])
    }
    var out: [String: String] = [:]
    func walk(_ node: Node, _ prefix: String) {
        switch node {
        case let .mapping(mapping):
            for (key, value) in mapping {
                let name = key.string ?? "?"
                walk(value, prefix.isEmpty ? name : "\(prefix).\(name)")
            }
        case let .sequence(sequence):
            out[prefix] = "[" + sequence.map { $0.string ?? "…" }.joined(separator: ", ") + "]"
        case let .scalar(scalar):
            out[prefix] = scalar.string
        }
    }
    if let root { walk(root, "") }
    return out
}
