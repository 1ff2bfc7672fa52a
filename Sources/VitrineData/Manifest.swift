import Foundation

/// One image of a dataset manifest.
public struct ManifestRow: Equatable {
    /// The image's path relative to the manifest's folder, as written in the file.
    public var path: String
    public var productID: String
    public var category: String
    public var brand: String
    public var split: String
    /// The other columns (colour, metal, pattern, price, ...) by column name.
    public var attributes: [String: String]
    /// The 1-based line the row starts on in its file (0 for rows built in memory); errors
    /// about the row name it.
    public var line: Int

    public init(path: String, productID: String, category: String, brand: String, split: String,
                attributes: [String: String] = [:], line: Int = 0) {
        self.path = path
        self.productID = productID
        self.category = category
        self.brand = brand
        self.split = split
        self.attributes = attributes
        self.line = line
    }

    /// The value of any column, required or attribute; nil when the column does not exist.
    public subscript(column: String) -> String? {
        switch column {
        case "path": return path
        case "product_id": return productID
        case "category": return category
        case "brand": return brand
        case "split": return split
        default: return attributes[column]
        }
    }
}

/// The rows sharing one value of a column, in the order they appear in the manifest.
public struct ManifestGroup: Equatable {
    public let key: String
    public let rows: [Int]
}

/// A dataset as users bring it: a CSV file with one row per image.
///
/// Required columns are `path` (relative to the manifest's folder), `product_id`, `category`,
/// `brand` and `split` (train/val/test or any label); every other column is an attribute
/// (colour, metal, pattern, price, ...). Column order is free. Loading validates the file and
/// throws a ``ManifestError`` naming the file, line and column of every problem: missing
/// required columns, empty (or all-space) `product_id`, empty `path`, duplicate paths, paths that leave the folder
/// (absolute, or climbing out with `..`), files that do not exist (when asked to check), and
/// values that are not numbers in columns the caller declares numeric. An empty cell in a
/// numeric column is a missing value, not an error.
///
/// Group and split queries keep the manifest's row order so that everything built on them is
/// deterministic.
public struct Manifest {
    public static let requiredColumns = ["path", "product_id", "category", "brand", "split"]

    /// The file the manifest came from (or a name given to an in-memory manifest); errors use it.
    public let file: String
    /// The folder image paths are relative to.
    public let directory: String
    /// The attribute columns in file order.
    public let attributeColumns: [String]
    /// Attribute columns declared numeric; their non-empty values are finite numbers.
    public let numericColumns: Set<String>
    public let rows: [ManifestRow]

    public var count: Int { rows.count }

    /// Loads and validates the manifest at `path`. `numericColumns` must exist and hold numbers;
    /// `checkFiles` also requires every image file to exist.
    public init(path: String, numericColumns: Set<String> = [], checkFiles: Bool = false) throws {
        let records: [CSVRecord]
        do {
            records = try CSV.read(path: path)
        } catch let error as CSVError {
            throw ManifestError(file: error.file, line: error.line, field: nil, error.message)
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try self.init(records: records, file: path, directory: directory,
                      numericColumns: numericColumns, checkFiles: checkFiles)
    }

    /// Parses and validates manifest text; `file` names it in errors and `directory` is the
    /// folder its paths are relative to.
    public init(csv text: String, file: String = "<manifest>", directory: String,
                numericColumns: Set<String> = [], checkFiles: Bool = false) throws {
        let records: [CSVRecord]
        do {
            records = try CSV.parse(text, file: file)
        } catch let error as CSVError {
            throw ManifestError(file: error.file, line: error.line, field: nil, error.message)
        }
        try self.init(records: records, file: file, directory: directory,
                      numericColumns: numericColumns, checkFiles: checkFiles)
    }

    /// A manifest built in memory, validated like a loaded one (rows' `line` is used in errors
    /// as given, so leave it 0 or number the rows).
    public init(rows: [ManifestRow], attributeColumns: [String], directory: String,
                file: String = "<manifest>", numericColumns: Set<String> = [], checkFiles: Bool = false) throws {
        let header = Self.requiredColumns + attributeColumns
        try Self.checkHeader(header, file: file, numericColumns: numericColumns)
        var issues: [ManifestIssue] = []
        for row in rows {
            for column in row.attributes.keys.sorted() where !attributeColumns.contains(column) {
                issues.append(ManifestIssue(file: file, line: row.line, field: column,
                                            "attribute is not one of the manifest's columns \(attributeColumns)"))
            }
        }
        issues += Self.validate(rows, file: file, directory: directory,
                                numericColumns: numericColumns, checkFiles: checkFiles)
        if !issues.isEmpty { throw ManifestError(issues) }
        self.file = file
        self.directory = directory
        self.attributeColumns = attributeColumns
        self.numericColumns = numericColumns
        self.rows = rows
    }

    private init(unchecked rows: [ManifestRow], of other: Manifest) {
        file = other.file
        directory = other.directory
        attributeColumns = other.attributeColumns
        numericColumns = other.numericColumns
        self.rows = rows
    }

    private init(records: [CSVRecord], file: String, directory: String,
                 numericColumns: Set<String>, checkFiles: Bool) throws {
        guard let headerRecord = records.first else {
            throw ManifestError(file: file, line: 1, field: nil,
                                "the manifest is empty; the first line must name the columns, at least \(Self.requiredColumns.joined(separator: ", "))")
        }
        // Spaces around header names are a common hand-editing slip and never meaningful.
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        try Self.checkHeader(header, file: file, line: headerRecord.line, numericColumns: numericColumns)
        let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element, $0.offset) })
        let attributeColumns = header.filter { !Self.requiredColumns.contains($0) }

        var rows: [ManifestRow] = []
        var issues: [ManifestIssue] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                issues.append(ManifestIssue(file: file, line: record.line, field: nil,
                                            "the row has \(record.fields.count) fields, the header has \(header.count)"))
                continue
            }
            let f = record.fields
            var attributes: [String: String] = [:]
            for name in attributeColumns { attributes[name] = f[column[name]!] }
            rows.append(ManifestRow(
                path: f[column["path"]!], productID: f[column["product_id"]!], category: f[column["category"]!],
                brand: f[column["brand"]!], split: f[column["split"]!], attributes: attributes, line: record.line))
        }
        issues += Self.validate(rows, file: file, directory: directory,
                                numericColumns: numericColumns, checkFiles: checkFiles)
        if !issues.isEmpty {
            // Stable by line: ragged rows were found before the other checks ran.
            throw ManifestError(issues.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element))
        }
        self.file = file
        self.directory = directory
        self.attributeColumns = attributeColumns
        self.numericColumns = numericColumns
        self.rows = rows
    }

    private static func checkHeader(_ header: [String], file: String, line: Int = 1, numericColumns: Set<String>) throws {
        for (i, name) in header.enumerated() where name.isEmpty {
            throw ManifestError(file: file, line: line, field: nil, "column \(i + 1) of the header has no name")
        }
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            throw ManifestError(file: file, line: line, field: name, "the column appears twice in the header")
        }
        let missing = requiredColumns.filter { !seen.contains($0) }
        if !missing.isEmpty {
            throw ManifestError(missing.map {
                ManifestIssue(file: file, line: line, field: $0,
                              "required column is missing (the header has \(header.joined(separator: ", ")))")
            })
        }
        for name in numericColumns.sorted() where !seen.contains(name) {
            throw ManifestError(file: file, line: line, field: name, "the column declared numeric is not in the header")
        }
    }

    private static func validate(_ rows: [ManifestRow], file: String, directory: String,
                                 numericColumns: Set<String>, checkFiles: Bool) -> [ManifestIssue] {
        var issues: [ManifestIssue] = []
        var firstLine: [String: Int] = [:]
        for row in rows {
            func issue(_ field: String?, _ message: String) {
                issues.append(ManifestIssue(file: file, line: row.line, field: field, message))
            }
            if row.productID.trimmingCharacters(in: .whitespaces).isEmpty { issue("product_id", "empty product id") }
            if row.path.isEmpty {
                issue("path", "empty path")
            } else if let normalized = normalizedRelativePath(row.path) {
                if let first = firstLine[normalized] {
                    issue("path", "duplicate path '\(row.path)' (first on line \(first))")
                } else {
                    firstLine[normalized] = row.line
                    if checkFiles {
                        var isDirectory: ObjCBool = false
                        let full = directory + "/" + normalized
                        if !FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) {
                            issue("path", "no such file '\(row.path)' in \(directory)")
                        } else if isDirectory.boolValue {
                            issue("path", "'\(row.path)' is a folder, not an image file")
                        }
                    }
                }
            } else {
                issue("path", "'\(row.path)' is outside the manifest's folder; paths must be relative and stay inside it")
            }
            for name in numericColumns.sorted() {
                guard let value = row[name], !value.isEmpty else { continue }
                if parseNumber(value) == nil { issue(name, "'\(value)' is not a number") }
            }
        }
        return issues
    }

    /// The path with `.` and `..` resolved, or nil when it is absolute or climbs out of its folder.
    /// Purely lexical: a symbolic link inside the folder may still point elsewhere.
    static func normalizedRelativePath(_ path: String) -> String? {
        if path.hasPrefix("/") || path.hasPrefix("~") { return nil }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// A finite number, allowing surrounding spaces; nil otherwise.
    static func parseNumber(_ text: String) -> Double? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        return value
    }

    // MARK: Lookup

    /// The full path of row `index`'s image.
    public func absolutePath(of index: Int) -> String {
        directory + "/" + (Self.normalizedRelativePath(rows[index].path) ?? rows[index].path)
    }

    /// The value of `column` (required or attribute) in row `index`; nil for an unknown column.
    public func value(_ column: String, row index: Int) -> String? { rows[index][column] }

    /// The number in `column` of row `index`; nil when the cell is empty or not a number.
    public func number(_ column: String, row index: Int) -> Double? {
        rows[index][column].flatMap(Self.parseNumber)
    }

    /// The split names in order of first appearance.
    public var splits: [String] { groups(by: "split").map(\.key) }

    /// The rows of `split`, in manifest order.
    public func indices(inSplit split: String) -> [Int] {
        rows.indices.filter { rows[$0].split == split }
    }

    /// The manifest restricted to `split` (rows keep their line numbers).
    public func subset(split: String) -> Manifest { filter { $0.split == split } }

    /// The manifest restricted to the rows `isIncluded` accepts.
    public func filter(_ isIncluded: (ManifestRow) -> Bool) -> Manifest {
        Manifest(unchecked: rows.filter(isIncluded), of: self)
    }

    /// Rows grouped by the value of `column`, groups in order of first appearance. An unknown
    /// column groups every row under the empty key.
    public func groups(by column: String) -> [ManifestGroup] {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (i, row) in rows.enumerated() {
            let key = row[column] ?? ""
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(i)
        }
        return order.map { ManifestGroup(key: $0, rows: members[$0]!) }
    }

    /// Rows grouped by product, in order of first appearance.
    public var productGroups: [ManifestGroup] { groups(by: "product_id") }

    /// Rows grouped by category, in order of first appearance.
    public var categoryGroups: [ManifestGroup] { groups(by: "category") }

    /// Integer labels for the values of `column` (0 for the first value to appear, and so on)
    /// and the value of each label — class targets for a loader or a loss.
    public func labels(by column: String) -> (labels: [Int], names: [String]) {
        var labels = [Int](repeating: 0, count: rows.count)
        let groups = groups(by: column)
        for (label, group) in groups.enumerated() {
            for row in group.rows { labels[row] = label }
        }
        return (labels, groups.map(\.key))
    }

    // MARK: Writing

    /// The header and rows as CSV records: required columns first, then the attributes in order.
    public var records: [[String]] {
        let header = Self.requiredColumns + attributeColumns
        return [header] + rows.map { row in header.map { row[$0] ?? "" } }
    }

    /// The manifest as CSV text.
    public func csv() -> String { CSV.format(records) }

    /// Writes the manifest to `path` atomically. Paths are written as they are, so the images
    /// must be placed relative to the new file's folder the same way.
    public func write(to path: String) throws { try CSV.write(records, to: path) }
}
