import Foundation
import VitrineConfig

/// Several runs side by side: the config keys whose values differ, and the final and best
/// value of every metric; as Markdown for the terminal and HTML with overlaid curves.
public struct RunComparison {
    public struct Run {
        public let name: String
        public let config: [String: String]
        public let history: MetricsHistory
    }

    public let runs: [Run]

    /// Loads each run's `config.yaml` and `metrics.jsonl` from its report directory.
    public init(directories: [String]) throws {
        runs = try directories.map { dir in
            let configPath = dir + "/config.yaml"
            guard let text = try? String(contentsOfFile: configPath, encoding: .utf8) else {
                throw ReportError("\(configPath): cannot read; is \(dir) a run's report directory?")
            }
            return Run(name: URL(fileURLWithPath: dir).lastPathComponent,
                       config: try flattenYAML(text, file: configPath),
                       history: try MetricsHistory(contentsOf: dir + "/metrics.jsonl"))
        }
    }

    /// Config keys whose values are not the same in every run (a key missing in a run counts).
    public var differingKeys: [String] {
        let keys = Set(runs.flatMap(\.config.keys))
        return keys.filter { key in Set(runs.map { $0.config[key] ?? "—" }).count > 1 }
            .filter { $0 != "run.name" }.sorted()
    }

    public var metricNames: [String] { Array(Set(runs.flatMap(\.history.names))).sorted() }

    public var markdown: String {
        let header = "| | " + runs.map(\.name).joined(separator: " | ") + " |\n|---|" + runs.map { _ in "---|" }.joined() + "\n"
        var md = "## Config keys that differ\n\n"
        md += differingKeys.isEmpty ? "(none)\n" : header + differingKeys.map { key in
            "| `\(key)` | " + runs.map { $0.config[key] ?? "—" }.joined(separator: " | ") + " |"
        }.joined(separator: "\n") + "\n"
        md += "\n## Metrics (final / best)\n\n" + header
        for name in metricNames {
            md += "| \(name) | " + runs.map { "\(fmt($0.history.final(name))) / \(fmt($0.history.best(name)))" }
                .joined(separator: " | ") + " |\n"
        }
        return md
    }

    public var html: String {
        func table(_ rows: [[String]]) -> String {
            "<table><tr><th></th>" + runs.map { "<th>\(escapeXML($0.name))</th>" }.joined() + "</tr>"
                + rows.map { "<tr>" + $0.map { "<td>\(escapeXML($0))</td>" }.joined() + "</tr>" }.joined() + "</table>"
        }
        var body = "<h1>Run comparison</h1><h2>Config keys that differ</h2>"
        body += differingKeys.isEmpty ? "<p>(none)</p>" : table(differingKeys.map { key in [key] + runs.map { $0.config[key] ?? "—" } })
        body += "<h2>Metrics (final / best)</h2>"
        body += table(metricNames.map { name in
            [name] + runs.map { "\(fmt($0.history.final(name))) / \(fmt($0.history.best(name)))" }
        })
        body += "<h2>Curves</h2><div class=\"charts\">"
        for name in metricNames {
            body += SVGChart(title: name, series: runs.map { .init(label: $0.name, points: $0.history.series(name)) }).svg
        }
        return htmlPage(title: "Vitrine run comparison", body: body + "</div>")
    }
}
