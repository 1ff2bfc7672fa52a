/// A table of Float32 features stored column by column (all rows of feature 0, then all rows
/// of feature 1, …); NaN marks a missing value.
///
/// Column-major because tree training reads one feature at a time over many rows; a feature
/// table built column by column (lags, flags, prices) hands its columns over without a copy.
public struct FeatureMatrix: Sendable, Equatable {
    /// Number of rows (samples).
    public let rows: Int
    /// Number of features (columns).
    public let features: Int
    /// `values[feature * rows + row]`.
    public let values: [Float]

    /// A matrix over `columnMajor`, which must hold `rows * features` values.
    public init(rows: Int, features: Int, columnMajor: [Float]) throws {
        guard rows >= 0, features >= 0 else {
            throw TreesError.shapeMismatch("FeatureMatrix", "rows and features must be ≥ 0, got \(rows) × \(features)")
        }
        guard columnMajor.count == rows * features else {
            throw TreesError.shapeMismatch(
                "FeatureMatrix", "\(rows) rows × \(features) features need \(rows * features) values, got \(columnMajor.count)")
        }
        self.rows = rows
        self.features = features
        self.values = columnMajor
    }

    /// A matrix from one array per feature; all columns must have the same length.
    public init(columns: [[Float]]) throws {
        let rows = columns.first?.count ?? 0
        if let index = columns.firstIndex(where: { $0.count != rows }) {
            throw TreesError.shapeMismatch(
                "FeatureMatrix(columns:)", "column \(index) has \(columns[index].count) rows, column 0 has \(rows)")
        }
        try self.init(rows: rows, features: columns.count, columnMajor: Array(columns.joined()))
    }

    /// A matrix from row-major values (all features of row 0, then row 1, …), transposed
    /// into the column-major layout training reads.
    public init(rows: Int, features: Int, rowMajor: [Float]) throws {
        guard rows >= 0, features >= 0, rowMajor.count == rows * features else {
            throw TreesError.shapeMismatch(
                "FeatureMatrix(rowMajor:)", "\(rows) rows × \(features) features need \(max(rows * features, 0)) values, got \(rowMajor.count)")
        }
        var columnMajor = [Float](repeating: 0, count: rowMajor.count)
        for row in 0..<rows {
            for feature in 0..<features { columnMajor[feature * rows + row] = rowMajor[row * features + feature] }
        }
        try self.init(rows: rows, features: features, columnMajor: columnMajor)
    }

    /// The value of `feature` in `row`.
    @inlinable public subscript(row: Int, feature: Int) -> Float {
        values[feature * rows + row]
    }

    /// The values of one feature, all rows.
    public func column(_ feature: Int) -> ArraySlice<Float> {
        values[(feature * rows)..<((feature + 1) * rows)]
    }
}
