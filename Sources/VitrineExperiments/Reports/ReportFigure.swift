import Foundation

/// A picture in a run report (retrieval examples, detections): a PNG written beside the report
/// and embedded in `report.html` as a data URL, so the HTML stays one self-contained file.
public struct ReportFigure {
    public var title: String
    /// File name inside the run's reports folder.
    public var file: String
    public var caption: String
    public var png: Data

    public init(title: String, file: String, caption: String, png: Data) {
        self.title = title
        self.file = file
        self.caption = caption
        self.png = png
    }

    var markdown: String { "### \(title)\n\n![\(title)](\(file))\n\n\(caption)\n" }

    var html: String {
        "<h3>\(escapeXML(title))</h3><img alt=\"\(escapeXML(title))\" src=\"data:image/png;base64,\(png.base64EncodedString())\">"
            + "<p>\(escapeXML(caption))</p>"
    }
}
