import Foundation

/// What a finished (or stopped) run reports: `report.md` and a self-contained `report.html`
/// with an SVG curve for every metric.
public struct RunReport {
    public var runName: String
    public var status: String
    public var configYAML: String
    public var history: MetricsHistory
    /// Checkpoint files worth naming (last, best).
    public var checkpoints: [(String, String)]
    /// Extra lines for the summary (device, kernels, timings).
    public var notes: [String]
    /// For a multi-seed experiment: the final value of each metric in each seed's run.
    public var seedFinals: [String: [Double]]
    /// Pictures the task made (retrieval examples, ...).
    public var figures: [ReportFigure] = []
    /// Task-specific tables, shown before the metrics.
    public var tables: [ReportTable]

    public init(runName: String, status: String, configYAML: String, history: MetricsHistory,
                checkpoints: [(String, String)] = [], notes: [String] = [], seedFinals: [String: [Double]] = [:],
                tables: [ReportTable] = [], figures: [ReportFigure] = []) {
        self.tables = tables
        self.runName = runName
        self.status = status
        self.configYAML = configYAML
        self.history = history
        self.checkpoints = checkpoints
        self.notes = notes
        self.seedFinals = seedFinals
        self.figures = figures
    }

    /// Rows of (metric, final, best) for every metric logged.
    public var metricRows: [(String, Double?, Double?)] {
        history.names.map { ($0, history.final($0), history.best($0)) }
    }

    /// Mean and sample standard deviation of each metric over seeds.
    public var seedSummary: [(String, Double, Double, Int)] {
        seedFinals.keys.sorted().map { name in
            let v = seedFinals[name]!
            let mean = v.reduce(0, +) / Double(v.count)
            let variance = v.count > 1 ? v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count - 1) : 0
            return (name, mean, variance.squareRoot(), v.count)
        }
    }

    public var markdown: String {
        var md = "# Run \(runName)\n\nStatus: \(status)\n\n"
        for note in notes { md += "- \(note)\n" }
        if !notes.isEmpty { md += "\n" }
        if !seedFinals.isEmpty {
            md += "## Over seeds (mean ± std of final values)\n\n| metric | mean ± std | runs |\n| --- | --- | --- |\n"
            for (name, mean, std, n) in seedSummary { md += "| \(name) | \(fmt(mean)) ± \(fmt(std)) | \(n) |\n" }
            md += "\n"
        }
        for table in tables { md += table.markdown }
        md += "## Metrics\n\n| metric | final | best |\n| --- | --- | --- |\n"
        for (name, final, best) in metricRows { md += "| \(name) | \(fmt(final)) | \(fmt(best)) |\n" }
        if !figures.isEmpty {
            md += "\n## Examples\n\n" + figures.map(\.markdown).joined(separator: "\n")
        }
        if !checkpoints.isEmpty {
            md += "\n## Checkpoints\n\n"
            for (label, path) in checkpoints { md += "- \(label): `\(path)`\n" }
        }
        md += "\n## Resolved config\n\n```yaml\n\(configYAML)```\n"
        return md
    }

    /// The suffix of a metric's floor: its value between two samples of real data.
    static let floorSuffix = "_floor"

    public var html: String {
        var body = "<h1>Run \(escapeXML(runName))</h1><p>Status: \(escapeXML(status))</p>"
        if !notes.isEmpty { body += "<ul>" + notes.map { "<li>\(escapeXML($0))</li>" }.joined() + "</ul>" }
        if !seedFinals.isEmpty {
            body += "<h2>Over seeds (mean ± std of final values)</h2><table><tr><th>metric</th><th>mean ± std</th><th>runs</th></tr>"
            for (name, mean, std, n) in seedSummary {
                body += "<tr><td>\(escapeXML(name))</td><td>\(fmt(mean)) ± \(fmt(std))</td><td>\(n)</td></tr>"
            }
            body += "</table>"
        }
        for table in tables { body += table.html }
        body += "<h2>Metrics</h2><table><tr><th>metric</th><th>final</th><th>best</th></tr>"
        for (name, final, best) in metricRows {
            body += "<tr><td>\(escapeXML(name))</td><td>\(fmt(final))</td><td>\(fmt(best))</td></tr>"
        }
        body += "</table><h2>Curves</h2><div class=\"charts\">"
        // A metric with a floor (`test/fid` and `test/fid_floor`: the same metric between two
        // real samples) is drawn on one chart with it, so the curve reads against its best case.
        let names = Set(history.names)
        for name in history.names where !(name.hasSuffix(Self.floorSuffix) && names.contains(String(name.dropLast(Self.floorSuffix.count)))) {
            var series: [SVGChart.Series] = [.init(label: runName, points: history.series(name))]
            if names.contains(name + Self.floorSuffix) {
                series.append(.init(label: "floor (real vs real)", points: history.series(name + Self.floorSuffix)))
            }
            body += SVGChart(title: name, series: series).svg
        }
        body += "</div>"
        if !figures.isEmpty { body += "<h2>Examples</h2>" + figures.map(\.html).joined() }
        if !checkpoints.isEmpty {
            body += "<h2>Checkpoints</h2><ul>" + checkpoints.map { "<li>\(escapeXML($0.0)): <code>\(escapeXML($0.1))</code></li>" }.joined() + "</ul>"
        }
        body += "<h2>Resolved config</h2><pre>\(escapeXML(configYAML))</pre>"
        return htmlPage(title: "Vitrine run \(runName)", body: body)
    }

    /// Writes `report.md` and `report.html` into `directory`.
    public func write(to directory: String) throws {
        for figure in figures { try figure.png.write(to: URL(fileURLWithPath: directory + "/" + figure.file), options: .atomic) }
        try markdown.write(toFile: directory + "/report.md", atomically: true, encoding: .utf8)
        try html.write(toFile: directory + "/report.html", atomically: true, encoding: .utf8)
    }
}

func fmt(_ v: Double?) -> String {
    guard let v else { return "—" }
    guard v.isFinite else { return String(v) }
    if v != 0 && (abs(v) < 1e-3 || abs(v) >= 1e6) { return String(format: "%.3e", v) }
    return String(format: "%.4f", v)
}

/// A standalone HTML page with the house style inlined.
func htmlPage(title: String, body: String) -> String {
    """
    <!doctype html><html><head><meta charset="utf-8"><title>\(escapeXML(title))</title><style>
    body{font-family:sans-serif;margin:2em;color:#222;max-width:1100px}
    table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
    th{background:#f4f4f4}pre{background:#f8f8f8;padding:1em;overflow:auto}
    .charts svg{margin:4px;border:1px solid #eee}
    </style></head><body>\(body)</body></html>

    """
}
