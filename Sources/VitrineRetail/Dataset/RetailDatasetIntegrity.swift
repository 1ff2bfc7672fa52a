import Foundation
import VitrineData
import VitrineEngine

/// What `dataset.json` records of one file of a retail dataset: its size, its data rows (CSV
/// files) and its CRC-32. The writer writes every file atomically and `dataset.json` last, so
/// a folder is complete exactly when `dataset.json` exists and every file it lists matches.
/// Without this a datagen killed half-way, a partial copy or a truncated `order_lines.csv`
/// loads as a shorter but valid history, and a demand run scores its empty holdout as perfect.
struct RetailFileRecord: Equatable {
    var name: String
    var bytes: Int
    /// Data rows (lines after the header) of a CSV file; nil for other files.
    var rows: Int?
    var crc32: UInt32

    var json: [String: Any] {
        var object: [String: Any] = ["bytes": bytes, "crc32": String(format: "%08x", crc32)]
        if let rows { object["rows"] = rows }
        return object
    }

    /// Parses `dataset.json`'s entry for `name`; nil when the entry is not a record.
    init?(name: String, json: Any) {
        guard let object = json as? [String: Any], let bytes = object["bytes"] as? Int, bytes >= 0,
              let hex = object["crc32"] as? String, hex.count == 8, let crc = UInt32(hex, radix: 16) else { return nil }
        self.init(name: name, bytes: bytes, rows: object["rows"] as? Int, crc32: crc)
    }

    init(name: String, bytes: Int, rows: Int?, crc32: UInt32) {
        self.name = name
        self.bytes = bytes
        self.rows = rows
        self.crc32 = crc32
    }
}

/// Writes a dataset's files atomically into one folder, recording each for `dataset.json`.
struct RetailFileSink {
    let directory: URL
    private(set) var records: [RetailFileRecord] = []

    init(directory: URL) { self.directory = directory }

    /// Writes the concatenation of `chunks` as `name`; `rows` are its data rows (CSV files).
    mutating func write<Chunk: DataProtocol>(_ name: String, chunks: [Chunk], rows: Int?) throws {
        var crc = CRC32()
        var bytes = 0
        for chunk in chunks {
            crc.update(chunk)
            bytes += chunk.count
        }
        do { try AtomicFile.write(chunks: chunks, to: directory.appendingPathComponent(name)) } catch {
            throw RetailDataError(file: name, row: 0, field: "", message: "\(error)")
        }
        records.append(RetailFileRecord(name: name, bytes: bytes, rows: rows, crc32: crc.value))
    }

    mutating func write(_ name: String, bytes: [UInt8], rows: Int?) throws {
        try write(name, chunks: [bytes], rows: rows)
    }
}

/// Checks a dataset folder against the records in its `dataset.json`.
enum RetailDatasetIntegrity {
    /// What to do about a folder that is incomplete or changed; `regenerate` is the datagen
    /// command that writes it again (with the recorded size and seed when known).
    static func advice(_ regenerate: String) -> String {
        "regenerate it with `\(regenerate)`, or delete the folder"
    }

    /// The datagen command for `directory`, with products, days and seed when known.
    static func regenerateCommand(_ directory: URL, products: Int? = nil, days: Int? = nil, seed: UInt64? = nil) -> String {
        var command = "vitrine datagen retail --out \(directory.path)"
        if let products { command += " --products \(products)" }
        if let days { command += " --days \(days)" }
        if let seed { command += " --seed \(seed)" }
        return command
    }

    /// Throws a ``RetailDataError`` naming the first recorded file that is missing, of another
    /// size, or whose CRC-32 differs.
    static func verify(_ directory: URL, records: [RetailFileRecord], regenerate: String) throws {
        for record in records {
            let path = directory.appendingPathComponent(record.name).path
            func fail(_ problem: String) -> RetailDataError {
                RetailDataError(file: record.name, row: 0, field: "",
                                message: "\(problem); the folder \(directory.path) is incomplete or was changed after "
                                    + "`vitrine datagen retail` wrote it: \(advice(regenerate))")
            }
            let wrote = "datagen wrote \(record.bytes) bytes" + (record.rows.map { " (\($0) rows)" } ?? "")
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
                throw fail("missing or unreadable, but listed in \(RetailDatasetFiles.metadata)")
            }
            guard data.count == record.bytes else {
                let lines = data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                let found = record.rows != nil ? " (\(max(lines - 1, 0)) rows)" : ""
                throw fail("\(data.count) bytes\(found) where \(wrote)")
            }
            let crc = CRC32.of(data)
            guard crc == record.crc32 else {
                throw fail(String(format: "contents differ from what datagen wrote (CRC-32 %08x, recorded %08x)", crc, record.crc32))
            }
        }
    }

    /// Re-records every listed file's size, rows and checksum in `dataset.json`, for a folder
    /// edited on purpose (tests that damage one field to check the loader's messages).
    static func reseal(_ directory: URL) throws {
        let metadataURL = directory.appendingPathComponent(RetailDatasetFiles.metadata)
        let data = try Data(contentsOf: metadataURL)
        guard var document = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = document["files"] as? [String: Any] else {
            throw RetailDataError(file: RetailDatasetFiles.metadata, row: 0, field: "files", message: "no file records to update")
        }
        var updated: [String: Any] = [:]
        for name in files.keys {
            let bytes = try Data(contentsOf: directory.appendingPathComponent(name))
            let lines = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            let rows = name.hasSuffix(".csv") ? max(lines - 1, 0) : nil
            updated[name] = RetailFileRecord(name: name, bytes: bytes.count, rows: rows, crc32: CRC32.of(bytes)).json
        }
        document["files"] = updated
        document[RetailMetadata.checksumKey] = try RetailMetadata.checksum(of: document)
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(to: metadataURL)
    }
}
