import Foundation

/// What `GET /metrics` reports, in Prometheus' text format (version 0.0.4): responses by
/// endpoint and status, each model's queue depth, and histograms of the time requests waited
/// for a replica and the time a replica computed. Safe to update from any thread.
public final class ServingMetrics: @unchecked Sendable {
    /// Histogram bucket bounds in seconds: a millisecond to ten seconds, roughly ×2.5 apart.
    public static let bucketBounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Histogram {
        var counts = [Int](repeating: 0, count: ServingMetrics.bucketBounds.count)
        var count = 0
        var sum = 0.0

        mutating func observe(_ seconds: Double) {
            if let bucket = ServingMetrics.bucketBounds.firstIndex(where: { seconds <= $0 }) { counts[bucket] += 1 }
            count += 1
            sum += seconds
        }
    }

    private let lock = NSLock()
    private var responses: [String: [UInt16: Int]] = [:]
    private var queueWait: [String: Histogram] = [:]
    private var compute: [String: Histogram] = [:]

    public init() {}

    /// The endpoint label of a request path: the route, not the path (model names and unknown
    /// paths would make a label per request).
    public static func endpoint(of path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch parts.count {
        case 1 where parts == ["metrics"]: return "metrics"
        case 2 where parts == ["v1", "search"]: return "search"
        case 2 where parts == ["v1", "embed"]: return "embed"
        case 2 where parts == ["v1", "match"]: return "match"
        case 3 where parts[0] == "v2" && parts[1] == "health": return "health"
        case 3 where parts[0] == "v2" && parts[1] == "models": return "model_metadata"
        case 4 where parts[0] == "v2" && parts[1] == "models" && parts[3] == "ready": return "model_ready"
        case 4 where parts[0] == "v2" && parts[1] == "models" && parts[3] == "infer": return "infer"
        default: return "other"
        }
    }

    func countResponse(endpoint: String, status: Int) {
        lock.withLock { responses[endpoint, default: [:]][UInt16(clamping: status), default: 0] += 1 }
    }

    func observe(model: String, queueWait wait: Double, compute seconds: Double) {
        lock.withLock {
            queueWait[model, default: Histogram()].observe(wait)
            compute[model, default: Histogram()].observe(seconds)
        }
    }

    /// How many responses `endpoint` (a label of ``endpoint(of:)``) gave with `status` so far.
    public func responseCount(endpoint: String, status: Int) -> Int {
        lock.withLock { responses[endpoint]?[UInt16(clamping: status)] ?? 0 }
    }

    /// How many responses had `status` so far, over all endpoints.
    public func responseCount(status: Int) -> Int {
        lock.withLock { responses.values.reduce(0) { $0 + ($1[UInt16(clamping: status)] ?? 0) } }
    }

    /// The exposition text; `queueDepths` are read by the caller at the moment of the scrape.
    public func render(queueDepths: [String: Int]) -> String {
        lock.withLock {
            var lines = ["# HELP vitrine_requests_total Responses sent, by endpoint and HTTP status.",
                         "# TYPE vitrine_requests_total counter"]
            for endpoint in responses.keys.sorted() {
                for (status, count) in responses[endpoint]!.sorted(by: { $0.key < $1.key }) {
                    lines.append("vitrine_requests_total{endpoint=\"\(endpoint)\",status=\"\(status)\"} \(count)")
                }
            }
            lines += ["# HELP vitrine_queue_depth Requests waiting for a model replica now.", "# TYPE vitrine_queue_depth gauge"]
            for model in queueDepths.keys.sorted() {
                lines.append("vitrine_queue_depth{model=\"\(Self.escape(model))\"} \(queueDepths[model]!)")
            }
            lines += Self.render(queueWait, name: "vitrine_queue_wait_seconds", help: "Time a request waited for a model replica.")
            lines += Self.render(compute, name: "vitrine_compute_seconds", help: "Time a replica spent on a request (decode excluded).")
            return lines.joined(separator: "\n") + "\n"
        }
    }

    private static func render(_ histograms: [String: Histogram], name: String, help: String) -> [String] {
        var lines = ["# HELP \(name) \(help)", "# TYPE \(name) histogram"]
        for model in histograms.keys.sorted() {
            let histogram = histograms[model]!, label = "model=\"\(escape(model))\""
            var cumulative = 0
            for (bound, count) in zip(bucketBounds, histogram.counts) {
                cumulative += count
                lines.append("\(name)_bucket{\(label),le=\"\(bound)\"} \(cumulative)")
            }
            lines.append("\(name)_bucket{\(label),le=\"+Inf\"} \(histogram.count)")
            lines.append("\(name)_sum{\(label)} \(histogram.sum)")
            lines.append("\(name)_count{\(label)} \(histogram.count)")
        }
        return lines
    }

    /// Label values escape backslash, quote and newline.
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
