import VitrineEngine

/// `count` feature vectors of `dimension` values each (e.g. Inception-v3 pool features, D = 2048),
/// stored row-major as `Float`.
///
/// Single precision is what feature extractors produce and halves the memory of a large set;
/// every metric converts to `Double` before it sums, because FID and KID are small differences
/// of large sums. Finiteness is checked by the metrics, which know whether a set is the real or
/// the generated one and can say so.
public struct FeatureSet: Sendable {
    public let count: Int
    public let dimension: Int
    /// Row-major `[count, dimension]`.
    public let values: [Float]

    /// Features from a row-major array; throws unless `values.count == count * dimension` and
    /// `dimension ≥ 1`.
    public init(count: Int, dimension: Int, values: [Float]) throws {
        guard dimension >= 1, count >= 0 else {
            throw GenerativeMetricsError.invalidShape("need dimension ≥ 1 and count ≥ 0, got count \(count), dimension \(dimension)")
        }
        guard values.count == count * dimension else {
            throw GenerativeMetricsError.invalidShape(
                "\(count) rows × \(dimension) dimensions need \(count * dimension) values, got \(values.count)")
        }
        self.count = count
        self.dimension = dimension
        self.values = values
    }

    /// Features from one array per sample; throws if the rows differ in length.
    public init(rows: [[Float]]) throws {
        guard let first = rows.first else {
            throw GenerativeMetricsError.invalidShape("no rows: pass at least one feature vector")
        }
        for (index, row) in rows.enumerated() where row.count != first.count {
            throw GenerativeMetricsError.invalidShape("row \(index) has \(row.count) values, row 0 has \(first.count)")
        }
        try self.init(count: rows.count, dimension: first.count, values: rows.flatMap { $0 })
    }

    /// Features from a `[N, D]` tensor (e.g. a feature extractor's output batch).
    public init(_ tensor: Tensor) throws {
        guard tensor.rank == 2 else {
            throw GenerativeMetricsError.invalidShape("expected a [N, D] tensor, got shape \(tensor.shape)")
        }
        try self.init(count: tensor.shape[0], dimension: tensor.shape[1], values: tensor.array)
    }

    /// The first non-finite value's position, as the error the metrics throw.
    func checkFinite(_ role: FeatureRole) throws {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw GenerativeMetricsError.nonFiniteFeature(set: role, row: index / dimension, column: index % dimension)
        }
    }

    /// The values in `Double`, optionally only the rows `rows` (in that order).
    func doubleRows(_ rows: [Int]? = nil) -> DoubleRows {
        guard let rows else { return DoubleRows(count: count, dimension: dimension, values: values.map(Double.init)) }
        var out = [Double](repeating: 0, count: rows.count * dimension)
        for (r, source) in rows.enumerated() {
            for c in 0..<dimension { out[r * dimension + c] = Double(values[source * dimension + c]) }
        }
        return DoubleRows(count: rows.count, dimension: dimension, values: out)
    }
}

/// Checks two sets against each other: same dimension, finite values.
func checkPair(real: FeatureSet, generated: FeatureSet) throws {
    guard real.dimension == generated.dimension else {
        throw GenerativeMetricsError.dimensionMismatch(real: real.dimension, generated: generated.dimension)
    }
    try real.checkFinite(.real)
    try generated.checkFinite(.generated)
}

/// Throws the metrics' error for a failure of the BLAS/LAPACK layer underneath.
func linearAlgebra<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as GenerativeMetricsError {
        throw error
    } catch {
        throw GenerativeMetricsError.linearAlgebra("\(error)")
    }
}
