import VitrineEngine

/// Row-major `[count, dimension]` doubles: the working copy every metric computes on.
struct DoubleRows {
    let count: Int
    let dimension: Int
    var values: [Double]

    /// Squared Euclidean norm of each row.
    func squaredNorms() -> [Double] {
        (0..<count).map { r in
            var s = 0.0
            for c in 0..<dimension { let v = values[r * dimension + c]; s += v * v }
            return s
        }
    }

    /// Calls `body` with consecutive blocks of `self`'s rows and their inner products with every
    /// row of `other`: `gram[i * other.count + j] = self[rows.lowerBound + i] · other[j]`, one
    /// `dgemm` per block. Blocks hold at most `maxEntries` products (32 MiB by default), or one
    /// row when a single row holds more, so memory grows with one set's size, never with the
    /// product of both.
    func forEachGramBlock(with other: DoubleRows, maxEntries: Int = 1 << 22,
                          _ body: (Range<Int>, UnsafeBufferPointer<Double>) throws -> Void) throws {
        if count == 0 || other.count == 0 { return }
        let blockRows = max(1, min(count, maxEntries / other.count))
        var block = [Double](repeating: 0, count: blockRows * other.count)
        try values.withUnsafeBufferPointer { a in
            try other.values.withUnsafeBufferPointer { b in
                try block.withUnsafeMutableBufferPointer { c in
                    for start in stride(from: 0, to: count, by: blockRows) {
                        let rows = min(blockRows, count - start)
                        try linearAlgebra {
                            try BLAS.dgemm(transB: true, m: rows, n: other.count, k: dimension,
                                           a: a.baseAddress! + start * dimension, b: b.baseAddress!, c: c.baseAddress!)
                        }
                        try body(start..<(start + rows), UnsafeBufferPointer(start: c.baseAddress!, count: rows * other.count))
                    }
                }
            }
        }
    }

    /// The lower triangle of `self`'s own Gram matrix, block by block: `body` gets rows `rows`
    /// and, row-major with `rows.upperBound` columns, their inner products with rows
    /// `0..<rows.upperBound` — valid at column j ≤ row only (above the diagonal the values are
    /// unspecified). Each block is a `dgemm` against the rows before it plus a `dsyrk` for its
    /// own lower triangle, so half of the full Gram matrix's flops are spent. For sums over pairs
    /// within one set, which are symmetric.
    func forEachLowerGramBlock(maxEntries: Int = 1 << 22,
                               _ body: (Range<Int>, UnsafeBufferPointer<Double>) throws -> Void) throws {
        if count == 0 { return }
        let blockRows = max(1, min(count, maxEntries / count))
        var block = [Double](repeating: 0, count: blockRows * count)
        try values.withUnsafeBufferPointer { a in
            try block.withUnsafeMutableBufferPointer { c in
                for start in stride(from: 0, to: count, by: blockRows) {
                    let rows = min(blockRows, count - start), columns = start + rows
                    let blockStart = a.baseAddress! + start * dimension
                    try linearAlgebra {
                        try BLAS.dgemm(transB: true, m: rows, n: start, k: dimension,
                                       a: blockStart, b: a.baseAddress!, c: c.baseAddress!, ldc: columns)
                        try BLAS.dsyrkLower(n: rows, k: dimension, a: blockStart, c: c.baseAddress! + start, ldc: columns)
                    }
                    try body(start..<columns, UnsafeBufferPointer(start: c.baseAddress!, count: rows * columns))
                }
            }
        }
    }
}
