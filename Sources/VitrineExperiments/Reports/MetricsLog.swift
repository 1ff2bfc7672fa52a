import Foundation

/// One line of `metrics.jsonl`: the step, the epoch (fractional within an epoch), seconds since
/// the run started, and named values such as `train/loss` or `test/accuracy`.
public struct MetricsRecord: Equatable, Sendable {
    public var step: Int
    public var epoch: Double
    public var elapsed: Double
    public var values: [String: Double]

    public init(step: Int, epoch: Double, elapsed: Double, values: [String: Double]) {
        self.step = step
        self.epoch = epoch
        self.elapsed = elapsed
        self.values = values
    }

    /// One JSON object; keys sorted so files diff cleanly. Non-finite values are written as null.
    public var jsonLine: String {
        var fields = ["\"step\": \(step)", "\"epoch\": \(Self.number(epoch))", "\"elapsed\": \(Self.number(elapsed))"]
        for key in values.keys.sorted() {
            fields.append("\(Self.quote(key)): \(Self.number(values[key]!))")
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Parses a line written by ``jsonLine`` (or any flat JSON object with numeric values).
    public init(jsonLine: String) throws {
        guard let data = jsonLine.data(using: .utf8),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw ReportError("not a JSON object: \(jsonLine.prefix(80))") }
        var values: [String: Double] = [:]
        for (key, value) in object where !["step", "epoch", "elapsed"].contains(key) {
            if let number = value as? NSNumber { values[key] = number.doubleValue }
            else if value is NSNull { values[key] = .nan }
        }
        guard let stepNumber = object["step"] as? NSNumber, let exactStep = Int(exactly: stepNumber.doubleValue) else {
            throw ReportError("no integer \"step\" in: \(jsonLine.prefix(80))")
        }
        step = exactStep
        epoch = (object["epoch"] as? NSNumber)?.doubleValue ?? 0
        elapsed = (object["elapsed"] as? NSNumber)?.doubleValue ?? 0
        self.values = values
    }
}

/// Errors reading or writing reports.
public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The metrics of one run, as read back from `metrics.jsonl`.
public struct MetricsHistory: Sendable {
    public var records: [MetricsRecord]

    public init(records: [MetricsRecord] = []) { self.records = records }

    /// Reads every record of `path`, throwing at the first line that is not one.
    public init(contentsOf path: String) throws {
        let (history, skipped) = try Self.read(path)
        if let first = skipped.first { throw ReportError("\(path):\(first.line): \(first.reason)") }
        self = history
    }

    /// A line of a metrics file that is not a record (a line cut short by a kill, an edit).
    public struct SkippedLine: Sendable, Equatable {
        public let line: Int
        public let reason: String
    }

    /// Reads every well-formed record of `path` and lists the lines that are not records,
    /// instead of giving up at the first: one torn line must not cost a run its history.
    public static func read(_ path: String) throws -> (MetricsHistory, skipped: [SkippedLine]) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ReportError("\(path): cannot read metrics")
        }
        var records: [MetricsRecord] = []
        var skipped: [SkippedLine] = []
        for line in lines(of: text) {
            switch line.record {
            case let .success(record): records.append(record)
            case let .failure(error): skipped.append(SkippedLine(line: line.number, reason: "\(error)"))
            }
        }
        return (MetricsHistory(records: records), skipped)
    }

    /// One non-blank line of a metrics file: its 1-based number, its text as written, and the
    /// record it holds (or why it holds none).
    struct Line {
        let number: Int
        let text: Substring
        let record: Result<MetricsRecord, Error>
    }

    /// The non-blank lines of a metrics file's `text`, each parsed.
    static func lines(of text: String) -> [Line] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.allSatisfy(\.isWhitespace) }
            .map { numbered in
                Line(number: numbered.offset + 1, text: numbered.element,
                     record: Result { try MetricsRecord(jsonLine: String(numbered.element)) })
            }
    }

    /// Every metric name that appears, sorted.
    public var names: [String] { Array(Set(records.flatMap(\.values.keys))).sorted() }

    /// (step, value) points of one metric, finite values only.
    public func series(_ name: String) -> [(Double, Double)] {
        records.compactMap { r in r.values[name].flatMap { $0.isFinite ? (Double(r.step), $0) : nil } }
    }

    /// The last value of a metric.
    public func final(_ name: String) -> Double? { series(name).last?.1 }

    /// The best value of a metric: the largest for accuracies, recalls and similar scores, the
    /// smallest for losses and errors (see ``MetricDirection``).
    public func best(_ name: String) -> Double? {
        let values = series(name).map(\.1)
        return MetricDirection(name: name) == .maximize ? values.max() : values.min()
    }
}

/// Whether a larger value of a metric is better.
public enum MetricDirection: String, Sendable {
    case maximize = "max", minimize = "min"

    /// Losses, errors and learning rates are minimized; everything else (accuracy, recall,
    /// mAP) maximized.
    public init(name: String) {
        let leaf = name.split(separator: "/").last.map(String.init)?.lowercased() ?? name
        let lower = ["loss", "error", "wape", "rmse", "mae", "fid", "bias", "nll"]
        self = lower.contains(where: { leaf.contains($0) }) ? .minimize : .maximize
    }
}
