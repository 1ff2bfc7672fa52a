import Foundation

/// A feature table on disk, for caching and for cross-checks outside Swift: `<name>.bin` holds
/// the values as little-endian float32, column-major (`np.fromfile(f, "<f4").reshape(columns, rows)`),
/// and `<name>.json` describes them: rows, the products (catalog indices, row order), the day
/// range, and each column's name, role and encoding.
public enum FeatureTableFile {
    /// Writes `table` as `<directory>/<name>.bin` and `<directory>/<name>.json`.
    public static func write(_ table: FeatureTable, to directory: String, name: String = "features") throws {
        let url = URL(fileURLWithPath: directory)
        let columns: [[String: Any]] = table.columns.map { column in
            var entry: [String: Any] = ["name": column.name, "role": column.role.rawValue]
            switch column.encoding {
            case .numeric: entry["encoding"] = "numeric"
            case .flag: entry["encoding"] = "flag"
            case .categorical(let cardinality): entry["encoding"] = "categorical"; entry["cardinality"] = cardinality
            }
            return entry
        }
        let header: [String: Any] = [
            "dtype": "float32", "byte_order": "little", "layout": "column-major", "shape": [table.columns.count, table.rowCount],
            "rows": table.rowCount, "products": table.products, "days": [table.days.lowerBound, table.days.upperBound],
            "row_order": "product-major: row = product_position * days + (day - first_day)", "columns": columns,
        ]
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let json = try JSONSerialization.data(withJSONObject: header, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try json.write(to: url.appendingPathComponent("\(name).json"))
            try table.values.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: url.appendingPathComponent("\(name).bin"))
        } catch {
            throw RetailDataError(file: "\(name).bin", row: 0, field: "", message: "cannot write the feature table: \(error.localizedDescription)")
        }
    }
}
