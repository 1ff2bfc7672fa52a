/// What a column of a ``FeatureTable`` is for.
public enum FeatureRole: String, Sendable {
    /// Identifies the row (product index, day); not a model input.
    case key
    /// A model input.
    case feature
    /// A label: quantity, revenue or profit.
    case target
    /// Simulator ground truth for evaluation (expected units, spike days); never a model input.
    case truth
}

/// How a feature column's values are to be read.
public enum FeatureEncoding: Equatable, Sendable {
    case numeric
    /// 0 or 1.
    case flag
    /// An integer code in 0..<cardinality (for an embedding table), stored as a Float.
    case categorical(cardinality: Int)
}

/// Name, role and encoding of one column.
public struct FeatureColumn: Equatable, Sendable {
    public var name: String
    public var role: FeatureRole
    public var encoding: FeatureEncoding

    public init(name: String, role: FeatureRole, encoding: FeatureEncoding) {
        self.name = name
        self.role = role
        self.encoding = encoding
    }
}

/// A columnar Float32 table, one row per (product, day): row = productPosition × dayCount +
/// (day − days.lowerBound), where productPosition indexes ``products`` (catalog indices).
///
/// Column `c` occupies `values[c * rowCount ..< (c + 1) * rowCount]`, so a tree learner can bin
/// one feature at a time and an MLP can gather rows with ``rowMajor(_:)``.
public struct FeatureTable: Sendable {
    public let columns: [FeatureColumn]
    /// Catalog indices of the products, in row order.
    public let products: [Int]
    /// The category code of each product, in row order (for category-level totals).
    public let productCategories: [Int]
    public let days: Range<Int>
    public var values: [Float]
    private let indexByName: [String: Int]

    init(columns: [FeatureColumn], products: [Int], productCategories: [Int], days: Range<Int>, values: [Float]) {
        self.columns = columns
        self.products = products
        self.productCategories = productCategories
        self.days = days
        self.values = values
        var map: [String: Int] = [:]
        for (index, column) in columns.enumerated() { map[column.name] = index }
        indexByName = map
    }

    public var rowCount: Int { products.count * days.count }

    /// The row of catalog product position `position` (into ``products``) on `day`.
    public func row(position: Int, day: Int) -> Int { position * days.count + (day - days.lowerBound) }

    /// Index of the column `name`, or nil.
    public func columnIndex(_ name: String) -> Int? { indexByName[name] }

    /// The values of column `name`; throws naming the known columns when it is absent.
    public func column(_ name: String) throws -> ArraySlice<Float> {
        guard let index = indexByName[name] else {
            throw RetailDataError(file: "feature table", row: 0, field: name,
                                  message: "no such column; columns are \(columns.map(\.name).joined(separator: ", "))")
        }
        return column(at: index)
    }

    /// The values of the column at position `index` in ``columns``.
    public func column(at index: Int) -> ArraySlice<Float> { values[(index * rowCount)..<((index + 1) * rowCount)] }

    /// The columns with role `.feature`, in table order.
    public var featureColumns: [FeatureColumn] { columns.filter { $0.role == .feature } }

    /// The model inputs as a row-major matrix [rowCount, featureColumns.count] (or of `names`).
    public func rowMajor(_ names: [String]? = nil) throws -> [Float] {
        let wanted = try (names ?? featureColumns.map(\.name)).map { name -> Int in
            guard let index = indexByName[name] else {
                throw RetailDataError(file: "feature table", row: 0, field: name, message: "no such column")
            }
            return index
        }
        let rows = rowCount
        var matrix = [Float](repeating: 0, count: rows * wanted.count)
        for (j, column) in wanted.enumerated() {
            let base = column * rows
            for row in 0..<rows { matrix[row * wanted.count + j] = values[base + row] }
        }
        return matrix
    }
}
