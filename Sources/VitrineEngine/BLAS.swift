import CVitrineBLAS
import Foundation

/// Matrix products through OpenBLAS, loaded lazily so its AVX-512 kernels can be chosen.
///
/// OpenBLAS reads `OPENBLAS_CORETYPE` once, when it initializes; a library linked at build
/// time initializes before `main`, too early to set it. Vitrine therefore loads OpenBLAS with
/// `dlopen` on first use, after choosing `SkylakeX` on CPUs with AVX-512 (unless the variable
/// is already set). Every entry point — CLI, tests, benchmarks — gets the same kernels.
public enum BLAS {
    /// Loads OpenBLAS if needed; throws when it is not installed.
    public static func load() throws {
        if vitrine_blas_load() != 0 {
            throw EngineError.blasUnavailable(String(cString: vitrine_blas_error()))
        }
    }

    private static func ensureLoaded() {
        do { try load() } catch { fatalError("\(error)") }
    }

    /// Row-major `C = alpha * op(A) * op(B) + beta * C`, with `op(A)` of shape `[m, k]` and
    /// `op(B)` of shape `[k, n]`. Leading dimensions default to the packed ones.
    @inlinable
    public static func sgemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int? = nil,
        b: UnsafePointer<Float>, ldb: Int? = nil,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int? = nil
    ) {
        if m == 0 || n == 0 { return }
        ensureLoadedInlinable()
        vitrine_sgemm(
            transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
            a, Int32(lda ?? (transA ? m : k)), b, Int32(ldb ?? (transB ? k : n)), beta,
            c, Int32(ldc ?? n))
    }

    /// Row-major `y = alpha * op(A) * x + beta * y` for `A` of shape `[m, n]` (leading
    /// dimension `lda`, default `n`): `op(A) = A` maps an `n`-vector to an `m`-vector, the
    /// transpose an `m`-vector to an `n`-vector. One pass over `A`, so a matrix–vector product
    /// runs at memory speed where `sgemm` with one column would pack `A` first.
    @inlinable
    public static func sgemv(
        transA: Bool = false, m: Int, n: Int, alpha: Float = 1, a: UnsafePointer<Float>,
        lda: Int? = nil, x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        if m == 0 || n == 0 { return }
        ensureLoadedInlinable()
        vitrine_sgemv(transA ? 1 : 0, Int32(m), Int32(n), alpha, a, Int32(lda ?? n), x, beta, y)
    }

    /// Whether the loaded library has `cblas_dgemm` and `cblas_dsyrk` (OpenBLAS always does).
    public static var hasDoublePrecision: Bool { ensureLoaded(); return vitrine_has_dgemm() != 0 }

    /// Double-precision ``sgemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``, for
    /// statistics (covariances, Gram matrices) whose sums lose too much in single precision.
    /// Throws ``EngineError/blasUnavailable(_:)`` when the library lacks `cblas_dgemm`.
    public static func dgemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int? = nil,
        b: UnsafePointer<Double>, ldb: Int? = nil,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int? = nil
    ) throws {
        if m == 0 || n == 0 { return }
        try load()
        guard vitrine_has_dgemm() != 0 else {
            throw EngineError.blasUnavailable("the loaded BLAS library lacks cblas_dgemm or cblas_dsyrk; install OpenBLAS (apt-get install libopenblas-dev)")
        }
        vitrine_dgemm(
            transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
            a, Int32(lda ?? (transA ? m : k)), b, Int32(ldb ?? (transB ? k : n)), beta,
            c, Int32(ldc ?? n))
    }

    /// Row-major double-precision symmetric rank-k update of the **lower triangle** of `c`
    /// (`[n, n]`; the strict upper triangle is left as it was): `C = alpha * op(A) * op(A)ᵀ + beta * C`
    /// with `op(A)` of shape `[n, k]` — with `transA`, `A` is `[k, n]` and the product is `AᵀA`,
    /// e.g. a covariance from centred samples in rows. Half the flops of the `dgemm` equivalent.
    public static func dsyrkLower(
        transA: Bool = false, n: Int, k: Int, alpha: Double = 1, a: UnsafePointer<Double>, lda: Int? = nil,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int? = nil
    ) throws {
        if n == 0 { return }
        try load()
        guard vitrine_has_dgemm() != 0 else {
            throw EngineError.blasUnavailable("the loaded BLAS library lacks cblas_dsyrk; install OpenBLAS (apt-get install libopenblas-dev)")
        }
        vitrine_dsyrk_lower(transA ? 1 : 0, Int32(n), Int32(k), alpha, a, Int32(lda ?? (transA ? n : k)), beta, c, Int32(ldc ?? n))
    }

    @usableFromInline static func ensureLoadedInlinable() { ensureLoaded() }

    /// The number of threads OpenBLAS uses (process-wide).
    public static var threads: Int {
        get { ensureLoaded(); return Int(vitrine_blas_threads()) }
        set { ensureLoaded(); vitrine_blas_set_threads(Int32(newValue)) }
    }

    /// The kernel family OpenBLAS chose, e.g. "SkylakeX" or "Haswell".
    public static var coreName: String {
        ensureLoaded()
        return String(cString: vitrine_blas_core()).trimmingCharacters(in: .whitespaces)
    }

    /// Whether this CPU has the AVX-512 subsets OpenBLAS's SkylakeX kernels need.
    public static var cpuHasAVX512: Bool { vitrine_cpu_has_avx512() != 0 }

    /// The `OPENBLAS_CORETYPE` in force when OpenBLAS loaded ("" when the library chose).
    public static var requestedCore: String {
        ensureLoaded()
        return String(cString: vitrine_blas_requested_core())
    }
}
