/// A titled table a task adds to its run report (for example holdout scores of a model next to
/// its baselines).
public struct ReportTable: Equatable, Sendable {
    public var title: String
    public var header: [String]
    public var rows: [[String]]

    /// A table with `header` cells and one array of cells per row.
    public init(title: String, header: [String], rows: [[String]]) {
        self.title = title
        self.header = header
        self.rows = rows
    }

    /// A markdown section: heading and pipe table.
    public var markdown: String {
        var md = "## \(title)\n\n| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in " --- |" }.joined() + "\n"
        for row in rows { md += "| " + row.joined(separator: " | ") + " |\n" }
        return md + "\n"
    }

    /// An HTML section: heading and table, text escaped.
    public var html: String {
        "<h2>\(escapeXML(title))</h2><table><tr>" + header.map { "<th>\(escapeXML($0))</th>" }.joined() + "</tr>"
            + rows.map { "<tr>" + $0.map { "<td>\(escapeXML($0))</td>" }.joined() + "</tr>" }.joined() + "</table>"
    }
}
