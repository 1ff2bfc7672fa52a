/// The response vector and the design matrix of a regression, with the design's column names.
public struct DesignMatrix {
    /// Where the data came from, for messages.
    public let source: String
    public let responseName: String
    public let response: [Double]
    public let columnNames: [String]
    /// Row-major `[rowCount, columnCount]`.
    public let values: [Double]

    public var rowCount: Int { response.count }
    public var columnCount: Int { columnNames.count }

    /// A design given directly (e.g. a hand-worked example); `values` row-major.
    public init(source: String = "design", responseName: String, response: [Double], columnNames: [String], values: [Double]) throws {
        guard values.count == response.count * columnNames.count else {
            throw RegressionError.underdetermined("\(source): \(values.count) design values for \(response.count) rows × \(columnNames.count) columns")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw RegressionError.badTable(source, "design column '\(columnNames[bad % columnNames.count])' is not finite in row \(bad / columnNames.count + 1)")
        }
        if let bad = response.firstIndex(where: { !$0.isFinite }) {
            throw RegressionError.badTable(source, "the response \(responseName) is not finite in row \(bad + 1)")
        }
        self.source = source
        self.responseName = responseName
        self.response = response
        self.columnNames = columnNames
        self.values = values
    }

    /// Column `j`'s values.
    public func column(_ j: Int) -> [Double] {
        (0..<rowCount).map { values[$0 * columnCount + j] }
    }

    /// The index of the design column called `name`.
    public func index(of name: String) throws -> Int {
        guard let j = columnNames.firstIndex(of: name) else {
            throw RegressionError.unknownCoefficient(name, available: columnNames)
        }
        return j
    }
}
