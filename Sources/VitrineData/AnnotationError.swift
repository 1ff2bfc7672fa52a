/// One problem found in an annotation file: the file, the JSON path of the offending value
/// (`annotations[12].bbox`; empty for a syntax error, whose message gives line and column) and
/// what is wrong.
public struct AnnotationIssue: Equatable, CustomStringConvertible {
    public let file: String
    public let path: String
    public let message: String

    public init(file: String, path: String, _ message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file): " + (path.isEmpty ? "" : "\(path): ") + message }
}

/// The problems that stopped an annotation file from loading. Problems with individual
/// images, annotations and categories are all collected; a syntax error or a missing top-level
/// array stops at once.
public struct AnnotationError: Error, Equatable, CustomStringConvertible {
    public let issues: [AnnotationIssue]

    public init(_ issues: [AnnotationIssue]) {
        precondition(!issues.isEmpty, "an annotation error needs at least one issue")
        self.issues = issues
    }

    public init(file: String, path: String, _ message: String) {
        self.init([AnnotationIssue(file: file, path: path, message)])
    }

    /// Shows the first 20 issues; a long list is usually one mistake repeated.
    public var description: String {
        let shown = issues.prefix(20).map(\.description)
        let more = issues.count > 20 ? ["... and \(issues.count - 20) more problems"] : []
        return (shown + more).joined(separator: "\n")
    }
}
