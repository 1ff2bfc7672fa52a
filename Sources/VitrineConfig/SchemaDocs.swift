extension ConfigSchema {
    /// A Markdown table of every key (path, type, default, range, description): the README's
    /// config reference is generated from this, so it cannot drift from the schema.
    public var markdownTable: String {
        var rows = ["| key | type | default | range | description |", "| --- | --- | --- | --- | --- |"]
        for key in keys {
            let defaultText = key.defaultValue.map { "`\($0.yaml)`" } ?? "required"
            rows.append("| `\(key.path)` | \(key.type.typeName) | \(defaultText) | \(key.type.rangeText) | \(key.help) |")
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
