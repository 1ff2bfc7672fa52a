import Yams

/// A value as written, before validation.
struct RawEntry {
    var node: Node
    var origin: ConfigOrigin
}

/// A config's values as `dotted.path → value as written`, layered: a later file or an override
/// replaces a path and everything under it. Kept in the order values were last set, which is
/// the order errors are reported in.
///
/// Why not an array scanned per key: with one scan per value, 20,000 keys took 37 s. Here
/// setting a value costs O(its path's depth) plus what it removes: `under` indexes every
/// section prefix's paths, so replacing a section does not scan the others.
struct FlatEntries {
    /// Values in the order set; a replaced value leaves a hole (nil) rather than shifting.
    private var slots: [(path: String, entry: RawEntry)?] = []
    private var slotOfPath: [String: Int] = [:]
    /// For each section prefix (`train`, `model.backbone`), the paths set under it.
    private var under: [String: Set<String>] = [:]

    subscript(path: String) -> RawEntry? { slotOfPath[path].flatMap { slots[$0]?.entry } }

    /// Whether anything is set under the section `path` (not at `path` itself).
    func hasValues(under path: String) -> Bool { !(under[path]?.isEmpty ?? true) }

    /// Sets `path`, replacing what was set at it or under it.
    mutating func set(_ path: String, _ entry: RawEntry) {
        remove(path)
        for descendant in under[path] ?? [] { remove(descendant) }
        slotOfPath[path] = slots.count
        slots.append((path, entry))
        for prefix in prefixes(of: path) { under[prefix, default: []].insert(path) }
    }

    /// The values in the order they were last set.
    var ordered: [(String, RawEntry)] { slots.compactMap { $0.map { ($0.path, $0.entry) } } }

    private mutating func remove(_ path: String) {
        guard let slot = slotOfPath.removeValue(forKey: path) else { return }
        slots[slot] = nil
        for prefix in prefixes(of: path) { under[prefix]?.remove(path) }
    }

    /// `a.b.c` → `a`, `a.b`.
    private func prefixes(of path: String) -> [String] {
        var result: [String] = []
        var index = path.startIndex
        while let dot = path[index...].firstIndex(of: ".") {
            result.append(String(path[..<dot]))
            index = path.index(after: dot)
        }
        return result
    }
}
