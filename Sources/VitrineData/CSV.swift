import Foundation

/// One record of a CSV file: its fields and the 1-based line on which it starts (a quoted
/// field may span lines, so records and lines are not one-to-one).
public struct CSVRecord: Equatable {
    public var fields: [String]
    public var line: Int

    public init(_ fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// A syntax error in a CSV file, naming the file, the 1-based line and what is wrong.
public struct CSVError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// RFC 4180 CSV as spreadsheets write it.
///
/// Reading accepts a UTF-8 byte-order mark, LF, CRLF or lone CR line ends, quoted fields with
/// embedded separators, doubled quotes and line breaks (kept verbatim), and a missing final
/// line end. Lines that are entirely empty are skipped, so a trailing blank line is not a record.
/// A quote inside an unquoted field is kept as a literal character (`12" frame`), as Python's
/// `csv` module does, but text after a closing quote (`"a"b`) and a quote left open at the end
/// of the file are errors: both usually mean a field was cut or mis-quoted, and guessing would
/// silently shift columns.
///
/// The parser works on UTF-8 bytes, not `Character`s, because Swift folds "\r\n" into a single
/// grapheme and would hide the line structure.
public enum CSV {
    /// Parses `text`; `file` only names the source in errors.
    public static func parse(_ text: String, file: String = "<string>", separator: UInt8 = UInt8(ascii: ",")) throws -> [CSVRecord] {
        try parse(Array(text.utf8), file: file, separator: separator)
    }

    /// Reads and parses the file at `path`.
    public static func read(path: String, separator: UInt8 = UInt8(ascii: ",")) throws -> [CSVRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CSVError(file: path, line: 0, FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
        }
        return try parse([UInt8](data), file: path, separator: separator)
    }

    /// Parses UTF-8 `bytes`.
    public static func parse(_ bytes: [UInt8], file: String = "<string>", separator: UInt8 = UInt8(ascii: ",")) throws -> [CSVRecord] {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        precondition(separator != quote && separator != cr && separator != lf, "the separator cannot be a quote or line end")
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // Whether the current record has anything in it yet (a separator, a quote or a byte);
        // an empty line has not, and is skipped.
        var recordStarted = false

        func finishField(_ at: Int) throws {
            guard let s = String(validating: field, as: UTF8.self) else {
                throw CSVError(file: file, line: at, "field \(fields.count + 1) is not valid UTF-8")
            }
            fields.append(s)
            field.removeAll(keepingCapacity: true)
        }
        func finishRecord() throws {
            if recordStarted {
                try finishField(recordLine)
                records.append(CSVRecord(fields, line: recordLine))
            }
            fields = []
            recordStarted = false
        }
        // Consumes a line end at `i` (CR, LF or CRLF) and returns whether there was one.
        func lineEnd() -> Bool {
            if bytes[i] == lf { i += 1; line += 1; return true }
            if bytes[i] == cr {
                i += 1
                if i < bytes.count && bytes[i] == lf { i += 1 }
                line += 1
                return true
            }
            return false
        }

        while i < bytes.count {
            let b = bytes[i]
            if !recordStarted { recordLine = line }
            // A quote opens a quoted field only as the field's first byte (after a quoted field
            // only a separator or a line end may follow, so an empty `field` means a field start).
            if b == quote && field.isEmpty {
                // A quoted field: read to the closing quote, un-doubling quotes.
                recordStarted = true
                let openLine = line
                i += 1
                var closed = false
                while i < bytes.count {
                    let c = bytes[i]
                    if c == quote {
                        if i + 1 < bytes.count && bytes[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    if c == lf || (c == cr && !(i + 1 < bytes.count && bytes[i + 1] == lf)) { line += 1 }
                    field.append(c)
                    i += 1
                }
                guard closed else {
                    throw CSVError(file: file, line: openLine, "the quoted field \(fields.count + 1) opened here is never closed")
                }
                if i < bytes.count, bytes[i] != separator, bytes[i] != cr, bytes[i] != lf {
                    throw CSVError(file: file, line: line, "unexpected text after the closing quote of field \(fields.count + 1)")
                }
                continue
            }
            if b == separator {
                recordStarted = true
                try finishField(line)
                i += 1
                continue
            }
            if b == cr || b == lf {
                _ = lineEnd()
                try finishRecord()
                continue
            }
            recordStarted = true
            field.append(b)
            i += 1
        }
        try finishRecord()
        return records
    }

    /// Formats one field, quoting it when it holds a separator, a quote, a line end or
    /// leading/trailing spaces (which some readers strip).
    public static func escape(_ field: String, separator: Character = ",") -> String {
        let needsQuotes = field.unicodeScalars.contains { s in
            s == "\"" || s == "\n" || s == "\r" || Character(s) == separator
        } || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Formats records as CSV text, each record ended by `lineEnd`. A record of a single empty
    /// field is written as `""` so that it does not read back as a blank (skipped) line.
    public static func format(_ rows: [[String]], separator: Character = ",", lineEnd: String = "\n") -> String {
        var out = ""
        for row in rows {
            if row.count == 1 && row[0].isEmpty {
                out += "\"\"" + lineEnd
                continue
            }
            out += row.map { escape($0, separator: separator) }.joined(separator: String(separator)) + lineEnd
        }
        return out
    }

    /// Writes records to `path` atomically.
    public static func write(_ rows: [[String]], to path: String, separator: Character = ",", lineEnd: String = "\n") throws {
        try format(rows, separator: separator, lineEnd: lineEnd)
            .write(toFile: path, atomically: true, encoding: .utf8)
    }
}
