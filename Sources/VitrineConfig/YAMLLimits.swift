// libyaml itself, as vendored by Yams: Yams 5 has no public event API (its `Parser` only hands
// out composed nodes), and composing is exactly what must not happen before these checks.
// SwiftPM passes CYaml's module map to every target that depends on Yams.
import CYaml

/// Bounds on a YAML document's shape, checked on libyaml's event stream before anything is
/// composed into nodes.
///
/// Why before: Yams composes recursively (one stack frame per nesting level), and so do our
/// flattening and conversion, so ≈2,900 nested mappings or 4,700 nested lists overflow the stack
/// (SIGSEGV, no message). libyaml's parser keeps its own heap stack, so walking its events is
/// safe at any depth. Aliases are composed as shared nodes, but flattening visits every
/// expansion: a few hundred bytes of `&a`/`*a` references (billion laughs) expand to billions
/// of values, so expansions are counted here too, with each anchor's expanded size memoized.
///
/// Every YAML text a config is made of goes through `check`: config files, YAML given to
/// `ConfigLoader.load(yaml:)`, override values and `flattenYAML`.
public enum YAMLLimits {
    /// Mappings and lists nested in one another. A config is a few sections deep; 64 leaves
    /// room for any real one while keeping every recursive walk far from the stack's end.
    static let maxDepth = 64
    /// Values reached through aliases (each alias counts the nodes of what it refers to,
    /// recursively). Far beyond any real config's reuse of anchors.
    static let maxExpandedNodes = 100_000

    /// A limit exceeded, at a 1-based line of the checked text.
    public struct Violation: Error, Equatable {
        public let line: Int
        public let message: String
    }

    /// Walks `text`'s events, throwing a ``Violation`` at the first limit exceeded. A syntax
    /// error ends the walk quietly: composing the same text then reports it in the usual words,
    /// and composing stops at the same event, having nested no deeper than checked here.
    static func check(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)

            // One frame per open mapping or list: its anchor and the nodes it holds so far,
            // so that an anchor's expanded size is known when its end event arrives.
            var frames: [(anchor: String?, nodes: Int)] = []
            var anchorSizes: [String: Int] = [:]
            var expanded = 0

            func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                pointer.map { String(cString: $0) }
            }
            // A finished node of `nodes` nodes: count it in its parent, remember its anchor.
            func finish(_ nodes: Int, anchor: String?) {
                if let anchor { anchorSizes[anchor] = nodes }
                if !frames.isEmpty { frames[frames.count - 1].nodes += nodes }
            }

            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
                    guard frames.count < maxDepth else {
                        throw Violation(line: line, message: "nesting deeper than \(maxDepth) levels; a config is a few sections deep")
                    }
                    let anchor = event.type == YAML_MAPPING_START_EVENT
                        ? anchorName(event.data.mapping_start.anchor) : anchorName(event.data.sequence_start.anchor)
                    frames.append((anchor, 1))
                case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                    guard let frame = frames.popLast() else { return }
                    finish(frame.nodes, anchor: frame.anchor)
                case YAML_SCALAR_EVENT:
                    finish(1, anchor: anchorName(event.data.scalar.anchor))
                case YAML_ALIAS_EVENT:
                    // An undefined alias counts as one node; composing reports it.
                    let nodes = anchorName(event.data.alias.anchor).flatMap { anchorSizes[$0] } ?? 1
                    expanded += nodes
                    guard expanded <= maxExpandedNodes else {
                        throw Violation(line: line, message: """
                            aliases expand to more than \(maxExpandedNodes) values; \
                            a config reuses anchors a few times, not exponentially
                            """)
                    }
                    // Sizes stay ≤ maxExpandedNodes + the literal nodes, so they cannot overflow.
                    finish(nodes, anchor: nil)
                default:
                    break
                }
            }
        }
    }
}
