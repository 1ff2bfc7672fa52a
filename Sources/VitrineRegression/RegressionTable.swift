import Foundation
import VitrineData

/// A table of named text columns, as read from a CSV file with a header line: the input of
/// ``DesignMatrix/build(_:from:)``. Cells stay text until a term asks for numbers, so the same
/// column can be a number in one formula and a category (`C(week)`) in another, and an error
/// names the file, line and column of a bad cell.
public struct RegressionTable {
    /// Where the table came from, for messages (a path, or a name such as "generated sales").
    public let source: String
    public let columnNames: [String]
    public let rowCount: Int
    private let columns: [[String]]
    /// The 1-based file line of each row (its position + 1 for tables built in memory).
    private var lines: [Int]

    /// A table from columns in order; every column must have `rowCount` cells.
    public init(source: String, columns: [(name: String, cells: [String])]) throws {
        let names = columns.map(\.name)
        if let duplicate = Self.firstDuplicate(names) {
            throw RegressionError.badTable(source, "the column '\(duplicate)' appears twice")
        }
        let count = columns.first?.cells.count ?? 0
        if let uneven = columns.first(where: { $0.cells.count != count }) {
            throw RegressionError.badTable(source, "column '\(uneven.name)' has \(uneven.cells.count) cells, the first column \(count)")
        }
        self.source = source
        columnNames = names
        rowCount = count
        self.columns = columns.map(\.cells)
        lines = (0..<count).map { $0 + 2 }  // as if written below a header line
    }

    /// Reads a CSV file whose first record names the columns.
    public static func read(csv path: String) throws -> RegressionTable {
        let records = try CSV.read(path: path)
        guard let header = records.first else { throw RegressionError.badTable(path, "the file is empty; expected a header line") }
        if let duplicate = firstDuplicate(header.fields) {
            throw RegressionError.badTable(path, "the column '\(duplicate)' appears twice in the header")
        }
        var columns = [[String]](repeating: [], count: header.fields.count)
        for record in records.dropFirst() {
            guard record.fields.count == header.fields.count else {
                throw RegressionError.badTable(path, "line \(record.line) has \(record.fields.count) fields, the header \(header.fields.count)")
            }
            for (c, field) in record.fields.enumerated() { columns[c].append(field) }
        }
        var table = try RegressionTable(source: path, columns: Array(zip(header.fields, columns)).map { (name: $0.0, cells: $0.1) })
        table.lines = records.dropFirst().map(\.line)
        return table
    }

    /// The cells of `column`, as text.
    public func text(_ column: String) throws -> [String] {
        guard let index = columnNames.firstIndex(of: column) else {
            throw RegressionError.badTable(source, "no column '\(column)'; the table has \(columnNames.joined(separator: ", "))")
        }
        return columns[index]
    }

    /// The cells of `column` as finite numbers; an empty, unreadable or infinite cell throws,
    /// naming its line (a regression cannot drop rows silently: the estimate would change).
    public func numbers(_ column: String) throws -> [Double] {
        let cells = try text(column)
        return try cells.enumerated().map { row, cell in
            guard let value = Double(cell.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                throw RegressionError.badCell(source, line: lines[row], column: column,
                                              cell.isEmpty ? "the cell is empty" : "'\(cell)' is not a finite number")
            }
            return value
        }
    }

    /// The table with one more column (for example each product's style as the detectors
    /// estimated it, beside the true one); the rows keep their file lines.
    public func addingColumn(_ name: String, cells: [String]) throws -> RegressionTable {
        var table = try RegressionTable(source: source, columns: zip(columnNames, columns).map { (name: $0.0, cells: $0.1) } + [(name: name, cells: cells)])
        table.lines = lines
        return table
    }

    /// The file line of row `row` (0-based), for messages.
    public func line(ofRow row: Int) -> Int { lines[row] }

    /// The CSV records of the table: the header, then the rows.
    public var csvRows: [[String]] {
        [columnNames] + (0..<rowCount).map { row in columns.map { $0[row] } }
    }

    /// Writes the table as CSV with a header line (atomically).
    public func write(csv path: String) throws {
        try CSV.write(csvRows, to: path)
    }

    private static func firstDuplicate(_ names: [String]) -> String? {
        var seen = Set<String>()
        return names.first { !seen.insert($0).inserted }
    }
}
