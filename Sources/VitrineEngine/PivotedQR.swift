import CVitrineBLAS

extension LAPACK {
    /// The QR factorization with column pivoting of a tall matrix, `A P = Q R` (LAPACK `dgeqp3`,
    /// then `dorgqr` for the explicit thin `Q`).
    ///
    /// Pivoting brings the column with the largest remaining norm forward at each step, so the
    /// magnitudes on `R`'s diagonal fall and a column that is (nearly) a combination of earlier
    /// ones shows up as a (nearly) zero diagonal entry: the factorization reveals rank, which is
    /// why least squares uses it instead of the normal equations (whose condition number is the
    /// square of the matrix's).
    public struct PivotedQR {
        public let rows: Int
        public let columns: Int
        /// Row-major `[rows, columns]`: the thin `Q`, with orthonormal columns.
        public let q: [Double]
        /// Row-major `[columns, columns]`, upper triangular (zeros below the diagonal).
        public let r: [Double]
        /// Column `j` of `A P` (and of `Q R`) is column `permutation[j]` of `A` (0-based).
        public let permutation: [Int]
    }

    /// Factors the row-major `[rows, columns]` `matrix`, which must be at least as tall as it is
    /// wide. Throws when LAPACK is missing, the shape is wrong or too large for LAPACK's 32-bit
    /// indices, or the matrix holds NaN or infinity.
    public static func pivotedQR(_ matrix: [Double], rows m: Int, columns n: Int) throws -> PivotedQR {
        let location = "LAPACK.dgeqp3"
        guard m >= 0, n >= 0, matrix.count == m * n else {
            throw EngineError.shapeMismatch(location, "expected \(m) × \(n) = \(m * n) values, found \(matrix.count)")
        }
        guard m >= n else {
            throw EngineError.invalidArgument(location, "a thin QR needs at least as many rows as columns; got \(m) × \(n)")
        }
        // LAPACK computes element offsets with 32-bit integers.
        guard m * n < Int(Int32.max) else {
            throw EngineError.invalidArgument(location, "\(m) × \(n) is too large for 32-bit LAPACK indices")
        }
        if n == 0 { return PivotedQR(rows: m, columns: 0, q: [], r: [], permutation: []) }
        guard matrix.allSatisfy({ $0.isFinite }) else {
            throw EngineError.invalidArgument(location, "the matrix holds NaN or infinity; check its inputs")
        }
        try BLAS.load()
        guard vitrine_has_dgeqp3() != 0 else {
            throw EngineError.blasUnavailable("the loaded OpenBLAS lacks LAPACK's dgeqp3_ or dorgqr_; install Debian's libopenblas0 (which includes LAPACK)")
        }
        // LAPACK is column-major: transpose the row-major input.
        var a = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { a[j * m + i] = matrix[i * n + j] } }
        var pivots = [Int32](repeating: 0, count: n)  // all zero: every column free to move
        var tau = [Double](repeating: 0, count: n)
        var workSize = [Double](repeating: 0, count: 1)

        var info = vitrine_dgeqp3(Int32(m), Int32(n), &a, Int32(m), &pivots, &tau, &workSize, -1)
        try check(info, location, "workspace query")
        var work = [Double](repeating: 0, count: max(1, Int(workSize[0].rounded(.up))))
        info = vitrine_dgeqp3(Int32(m), Int32(n), &a, Int32(m), &pivots, &tau, &work, Int32(work.count))
        try check(info, location, "factorization")

        var r = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in i..<n { r[i * n + j] = a[j * m + i] } }

        let orgqr = "LAPACK.dorgqr"
        info = vitrine_dorgqr(Int32(m), Int32(n), Int32(n), &a, Int32(m), tau, &workSize, -1)
        try check(info, orgqr, "workspace query")
        work = [Double](repeating: 0, count: max(1, Int(workSize[0].rounded(.up))))
        info = vitrine_dorgqr(Int32(m), Int32(n), Int32(n), &a, Int32(m), tau, &work, Int32(work.count))
        try check(info, orgqr, "forming Q")
        var q = [Double](repeating: 0, count: m * n)
        for j in 0..<n { for i in 0..<m { q[i * n + j] = a[j * m + i] } }

        return PivotedQR(rows: m, columns: n, q: q, r: r, permutation: pivots.map { Int($0) - 1 })
    }

    private static func check(_ info: Int32, _ location: String, _ step: String) throws {
        if info < 0 {
            throw EngineError.invalidArgument(location, "\(step): argument \(-info) was illegal (a bug in Vitrine's call)")
        }
        if info > 0 { throw EngineError.invalidState(location, "\(step) failed (info \(info))") }
    }
}
