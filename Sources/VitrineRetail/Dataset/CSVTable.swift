import Foundation
import VitrineData

/// A CSV file read for validation: its header mapped to column positions, and typed field
/// accessors whose errors name the file, the line and the column.
struct CSVTable {
    let file: String
    let records: [CSVRecord]
    /// Column names in file order. Looked up by a linear scan: a dozen short names compare
    /// faster than they hash, and loading calls this millions of times.
    private let header: [String]

    /// Reads `name` in `directory`, requiring the `required` columns.
    init(directory: URL, name: String, required: [String]) throws {
        file = name
        let all: [CSVRecord]
        do { all = try CSV.read(path: directory.appendingPathComponent(name).path) } catch let error as CSVError {
            throw RetailDataError(file: name, row: error.line, field: "", message: error.message)
        }
        guard let header = all.first else {
            throw RetailDataError(file: name, row: 0, field: "", message: "empty file; expected a header with columns \(required.joined(separator: ", "))")
        }
        for column in required where !header.fields.contains(column) {
            throw RetailDataError(file: name, row: header.line, field: column,
                                  message: "missing column; the header needs \(required.joined(separator: ", "))")
        }
        self.header = header.fields
        records = Array(all.dropFirst())
        for record in records where record.fields.count != header.fields.count {
            throw RetailDataError(file: name, row: record.line, field: "",
                                  message: "\(record.fields.count) fields, but the header has \(header.fields.count)")
        }
    }

    var count: Int { records.count }
    func has(_ column: String) -> Bool { header.contains(column) }
    func line(_ row: Int) -> Int { records[row].line }

    func error(_ row: Int, _ column: String, _ message: String) -> RetailDataError {
        RetailDataError(file: file, row: records[row].line, field: column, message: message)
    }

    func text(_ row: Int, _ column: String) -> String { records[row].fields[header.firstIndex(of: column) ?? 0] }

    func integer(_ row: Int, _ column: String) throws -> Int {
        let value = text(row, column)
        guard let number = Int(value) else { throw error(row, column, "expected an integer, got \"\(value)\"") }
        return number
    }

    /// A non-negative amount of money with at most two decimals.
    func money(_ row: Int, _ column: String) throws -> Cents {
        let value = text(row, column)
        guard let cents = Money.parse(value) else { throw error(row, column, "expected an amount like 12.34, got \"\(value)\"") }
        guard cents >= 0 else { throw error(row, column, "must not be negative, got \(value)") }
        return cents
    }

    func date(_ row: Int, _ column: String) throws -> CivilDate {
        let value = text(row, column)
        guard let date = CivilDate(iso: value) else { throw error(row, column, "expected a date YYYY-MM-DD, got \"\(value)\"") }
        return date
    }

    /// A ';'-separated list (empty field: empty list).
    func list(_ row: Int, _ column: String) -> [String] {
        let value = text(row, column)
        return value.isEmpty ? [] : value.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
    }
}
