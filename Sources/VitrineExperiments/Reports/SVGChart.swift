import Foundation

/// A line chart as inline SVG: one or more series over a shared x axis (steps), with axes,
/// tick labels and a legend. Self-contained — no scripts, no external files.
public struct SVGChart {
    public struct Series {
        public let label: String
        public let points: [(Double, Double)]
        public init(label: String, points: [(Double, Double)]) {
            self.label = label
            self.points = points
        }
    }

    public var title: String
    public var series: [Series]
    public var width = 480.0
    public var height = 260.0

    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    public init(title: String, series: [Series]) {
        self.title = title
        self.series = series
    }

    public var svg: String {
        let all = series.flatMap(\.points)
        let (left, right, top, bottom) = (56.0, 12.0, 28.0, 36.0)
        let plotW = width - left - right, plotH = height - top - bottom
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
        out += "<text x=\"\(left)\" y=\"16\" font-size=\"13\" font-weight=\"bold\">\(escapeXML(title))</text>"
        guard let xMin = all.map(\.0).min(), let xMax = all.map(\.0).max(),
              var yMin = all.map(\.1).min(), var yMax = all.map(\.1).max()
        else { return out + "<text x=\"\(left)\" y=\"\(top + 20)\">no data</text></svg>" }
        if yMax - yMin < 1e-12 { yMin -= 0.5; yMax += 0.5 }
        let pad = (yMax - yMin) * 0.05
        yMin -= pad; yMax += pad
        let xSpan = max(xMax - xMin, 1e-12)
        func px(_ x: Double) -> Double { left + (x - xMin) / xSpan * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * plotH }
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"none\" stroke=\"#888\"/>"
        for i in 0...4 {
            let y = yMin + (yMax - yMin) * Double(i) / 4
            out += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(fmt(py(y)))\" y2=\"\(fmt(py(y)))\" stroke=\"#eee\"/>"
            out += "<text x=\"\(left - 4)\" y=\"\(fmt(py(y) + 4))\" text-anchor=\"end\">\(tick(y))</text>"
            let x = xMin + xSpan * Double(i) / 4
            out += "<text x=\"\(fmt(px(x)))\" y=\"\(fmt(top + plotH + 14))\" text-anchor=\"middle\">\(tick(x))</text>"
        }
        out += "<text x=\"\(fmt(left + plotW / 2))\" y=\"\(fmt(height - 4))\" text-anchor=\"middle\">step</text>"
        for (i, s) in series.enumerated() where !s.points.isEmpty {
            let colour = Self.palette[i % Self.palette.count]
            let path = s.points.map { "\(fmt(px($0.0))),\(fmt(py($0.1)))" }.joined(separator: " ")
            if s.points.count == 1 {
                out += "<circle cx=\"\(fmt(px(s.points[0].0)))\" cy=\"\(fmt(py(s.points[0].1)))\" r=\"3\" fill=\"\(colour)\"/>"
            } else {
                out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(path)\"/>"
            }
            if series.count > 1 {
                let ly = top + 12 + Double(i) * 13
                out += "<rect x=\"\(fmt(left + plotW - 130))\" y=\"\(fmt(ly - 8))\" width=\"10\" height=\"3\" fill=\"\(colour)\"/>"
                out += "<text x=\"\(fmt(left + plotW - 116))\" y=\"\(fmt(ly - 3))\">\(escapeXML(String(s.label.prefix(22))))</text>"
            }
        }
        return out + "</svg>"
    }

    private func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    private func tick(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1000 { return String(format: "%.0f", v) }
        if a >= 10 || v == 0 { return String(format: "%.1f", v) }
        if a >= 0.01 { return String(format: "%.3f", v) }
        return String(format: "%.1e", v)
    }
}

/// Escapes text for XML and HTML.
public func escapeXML(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
