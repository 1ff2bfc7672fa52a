import VitrineRetail

/// Model inputs gathered from a feature table by column name.
public enum FeatureInputs {
    /// The columns `names` of `rows` of `table` (all rows when nil), column-major; a name the
    /// table lacks is an error naming it.
    public static func columnMajor(_ table: FeatureTable, names: [String], rows: [Int]? = nil) throws -> [Float] {
        let count = rows?.count ?? table.rowCount
        var out = [Float](repeating: 0, count: count * names.count)
        for (j, name) in names.enumerated() {
            guard let index = table.columnIndex(name) else {
                throw ForecastError("the model reads the feature '\(name)', which the feature table does not have; retrain the model on this version's features")
            }
            let values = table.column(at: index), base = values.startIndex
            if let rows {
                for (i, row) in rows.enumerated() { out[j * count + i] = values[base + row] }
            } else {
                for i in 0..<count { out[j * count + i] = values[base + i] }
            }
        }
        return out
    }
}
