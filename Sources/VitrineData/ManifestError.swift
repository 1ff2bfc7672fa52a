/// One problem found in a dataset manifest: the file, the 1-based line of the record (1 is the
/// header), the column when the problem belongs to one, and what is wrong.
public struct ManifestIssue: Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let field: String?
    public let message: String

    public init(file: String, line: Int, field: String?, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(file):\(line): " + (field.map { "\($0): " } ?? "") + message
    }
}

/// The problems that stopped a manifest from loading. Row-level problems are all collected, so
/// one run lists everything to fix; problems with the file itself (syntax, missing columns) stop
/// at the first.
public struct ManifestError: Error, Equatable, CustomStringConvertible {
    public let issues: [ManifestIssue]

    public init(_ issues: [ManifestIssue]) {
        precondition(!issues.isEmpty, "a manifest error needs at least one issue")
        self.issues = issues
    }

    public init(file: String, line: Int, field: String?, _ message: String) {
        self.init([ManifestIssue(file: file, line: line, field: field, message)])
    }

    /// Shows the first 20 issues; a long list is usually one mistake repeated.
    public var description: String {
        let shown = issues.prefix(20).map(\.description)
        let more = issues.count > 20 ? ["... and \(issues.count - 20) more problems"] : []
        return (shown + more).joined(separator: "\n")
    }
}
