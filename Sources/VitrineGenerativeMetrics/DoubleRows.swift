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
}
