import CVitrineBLAS

/// The few LAPACK routines Vitrine needs, from the LAPACK built into OpenBLAS and resolved by
/// the same `dlopen` as the BLAS (see ``BLAS``), so no further library is linked.
public enum LAPACK {
    /// The eigendecomposition of a real symmetric matrix: `values` ascending, and `vectors`
    /// row-major `[n, n]` with eigenvector `i` in column `i` (numpy's `eigh` convention), so
    /// `A = V diag(values) Vᵀ`.
    public struct SymmetricEigen {
        public let values: [Double]
        public let vectors: [Double]
    }

    /// The eigenvalues, ascending, of the symmetric row-major `[n, n]` `matrix` (LAPACK
    /// `dsyevd`). Only the lower triangle is read (the matrix is symmetric, so row- and
    /// column-major are the same). Throws when LAPACK is missing, the shape is wrong, the matrix
    /// holds NaN or infinity, or the algorithm fails to converge.
    public static func symmetricEigenvalues(_ matrix: [Double], dimension n: Int) throws -> [Double] {
        var work = matrix
        return try dsyevd(&work, n: n, vectors: false)
    }

    /// The eigenvalues and orthonormal eigenvectors of the symmetric row-major `[n, n]`
    /// `matrix` (LAPACK `dsyevd`, divide and conquer); see ``symmetricEigenvalues(_:dimension:)``.
    public static func symmetricEigendecomposition(_ matrix: [Double], dimension n: Int) throws -> SymmetricEigen {
        var work = matrix
        let values = try dsyevd(&work, n: n, vectors: true)
        // LAPACK leaves eigenvector i in column i of a column-major array, which read row-major
        // is row i: transpose so column i holds it, as documented.
        var vectors = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for r in 0..<n { vectors[r * n + i] = work[i * n + r] } }
        return SymmetricEigen(values: values, vectors: vectors)
    }

    private static func dsyevd(_ a: inout [Double], n: Int, vectors: Bool) throws -> [Double] {
        let location = "LAPACK.dsyevd"
        guard n >= 0, a.count == n * n else {
            throw EngineError.shapeMismatch(location, "expected \(n) × \(n) = \(n * n) values, found \(a.count)")
        }
        guard n < Int(Int32.max) / max(n, 1) else {
            throw EngineError.invalidArgument(location, "dimension \(n) is too large for 32-bit LAPACK indices")
        }
        if n == 0 { return [] }
        guard a.allSatisfy({ $0.isFinite }) else {
            throw EngineError.invalidArgument(location, "the matrix holds NaN or infinity; check its inputs")
        }
        try BLAS.load()
        guard vitrine_has_dsyevd() != 0 else {
            throw EngineError.blasUnavailable("the loaded OpenBLAS lacks LAPACK's dsyevd_; install Debian's libopenblas0 (which includes LAPACK)")
        }
        var values = [Double](repeating: 0, count: n)
        let want: Int32 = vectors ? 1 : 0
        // Workspace query first (lwork = liwork = -1), then the decomposition.
        var workSize = [Double](repeating: 0, count: 1)
        var iworkSize = [Int32](repeating: 0, count: 1)
        var info = vitrine_dsyevd(want, Int32(n), &a, Int32(n), &values, &workSize, -1, &iworkSize, -1)
        guard info == 0 else {
            throw EngineError.invalidState(location, "workspace query failed (info \(info))")
        }
        let lwork = max(1, Int(workSize[0].rounded(.up))), liwork = max(1, Int(iworkSize[0]))
        var work = [Double](repeating: 0, count: lwork)
        var iwork = [Int32](repeating: 0, count: liwork)
        info = vitrine_dsyevd(want, Int32(n), &a, Int32(n), &values, &work, Int32(lwork), &iwork, Int32(liwork))
        if info < 0 {
            throw EngineError.invalidArgument(location, "argument \(-info) was illegal (a bug in Vitrine's call)")
        }
        if info > 0 {
            throw EngineError.invalidState(location, "failed to converge (info \(info)); the matrix may be badly scaled")
        }
        return values
    }
}
