import CVitrineSearchKernels
import Dispatch
import VitrineEngine

/// An int8 copy of an index's unit rows (one scale per row) and, for each query, a proven
/// interval `[lower, upper]` around every row's exact float32 score: the first pass of the
/// bounded scan (see ``ScanPath/int8Bounded``).
///
/// Why int8 rather than float16: a single query is memory-bound (each row is read once for 2
/// flops per element), so the first pass's time follows the bytes it reads. One pass over
/// 100,000 × 128 on the 2-core Zen 3 (AVX2 kernels, one thread, machine busy) took 0.8 ms over
/// int8 codes with an int16 query (exact int32 sums), 2.0 ms over float16 and 3.7 ms over
/// float32. Float16's bound (about 2⁻¹¹ ≈ 5·10⁻⁴) is some 13 times tighter than int8's (about
/// 6·10⁻³ for a random unit row), but int8's already leaves few rows to rescore: 86 on average
/// for k = 50 among 100,000 random unit vectors, at most 79 for k = 50 in tight clusters of 50.
///
/// The bound. For row `x` (the stored float32 row), its codes `r` and scale `s`, the query `q`
/// (float32, as normalized) and its codes `p` and scale `t`, write `x̂ = s·r`, `q̂ = t·p`,
/// `e = ‖x̂ − x‖₂` (computed per row at build time, rounded up) and `δ = ‖q̂ − q‖₂`. The kernel
/// computes `a = s·t·Σ r_j p_j` with the integer sum exact, i.e. `a = ⟨q̂, x̂⟩` up to two
/// roundings. By Cauchy–Schwarz
///
///     |⟨q̂, x̂⟩ − ⟨q, x⟩| ≤ ‖q̂‖·e + δ·‖x‖,
///
/// and the exact scan's float32 inner product (any summation order, D terms) is within
/// `γ_D·‖q‖·‖x‖` of `⟨q, x⟩`, `γ_D = D·u/(1 − D·u)`, `u = 2⁻²⁴`. So with `X` the largest row
/// norm, `|a − score| ≤ α·e + β` where `α = ‖q̂‖` and `β = δ·X + γ_D·‖q‖·X`, each inflated by
/// 10⁻⁶ relative, plus 2·10⁻⁶ absolute for the roundings of `a` and of the bounds to Float
/// (at most a few 10⁻⁷ for scores below 2 in magnitude).
final class CompactEmbeddings {
    let count: Int
    let dimension: Int
    /// Codes per row: the dimension rounded up to the kernel's block of 32, zero-padded.
    let stride: Int
    /// The largest norm of a stored float32 row (1 up to rounding for an index's unit rows).
    let maxRowNorm: Double
    let codes: UnsafeMutablePointer<Int8>
    private let scales: UnsafeMutablePointer<Float>
    private let errors: UnsafeMutablePointer<Float>
    /// The query's int16 codes, reused from search to search.
    private let queryCodes: UnsafeMutablePointer<Int16>

    /// Quantizes the rows of `embeddings` `[N, D]`, split over the workers.
    init(_ embeddings: Tensor) {
        count = embeddings.shape[0]
        dimension = embeddings.shape[1]
        stride = (dimension + 31) / 32 * 32
        codes = UnsafeMutableRawPointer.allocate(byteCount: max(1, count * stride), alignment: 64)
            .bindMemory(to: Int8.self, capacity: max(1, count * stride))
        scales = .allocate(capacity: max(1, count))
        errors = .allocate(capacity: max(1, count))
        queryCodes = UnsafeMutableRawPointer.allocate(byteCount: stride * 2, alignment: 64)
            .bindMemory(to: Int16.self, capacity: stride)
        let chunks = max(1, min(Parallel.workers, count / 1024))
        var norms = [Double](repeating: 0, count: chunks)
        let (n, d, stride, source) = (count, dimension, stride, embeddings.data)
        let (codes, scales, errors) = (codes, scales, errors)
        norms.withUnsafeMutableBufferPointer { norms in
            let norms = norms
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lo = chunk * n / chunks, hi = (chunk + 1) * n / chunks
                norms[chunk] = vitrine_search_quantize_int8(source + lo * d, hi - lo, d, stride, codes + lo * stride,
                                                            scales + lo, errors + lo)
            }
        }
        maxRowNorm = norms.max() ?? 0
    }

    deinit {
        UnsafeMutableRawPointer(codes).deallocate()
        scales.deallocate()
        errors.deallocate()
        UnsafeMutableRawPointer(queryCodes).deallocate()
    }

    /// The memory the copy holds: codes, scales and error norms.
    var byteCount: Int { count * (stride + 8) }

    /// The largest |query code|: 32767, or less when `127 · code · stride` could overflow the
    /// kernel's int32 sums (D above 512).
    private var maxQueryCode: Int { min(32_767, Int(Int32.max) / (127 * stride)) }

    /// Writes every row's bounds on its exact score against `query` (`D` floats, as the exact
    /// scan sees it) into `lower` and `upper` (`N` floats each), split into row ranges by
    /// `forEachRowChunk`.
    func bounds(_ query: UnsafePointer<Float>, lower: UnsafeMutablePointer<Float>, upper: UnsafeMutablePointer<Float>,
                forEachRowChunk: ((Range<Int>) -> Void) -> Void) {
        var maxAbs: Float = 0
        for j in 0..<dimension { maxAbs = max(maxAbs, abs(query[j])) }
        let limit = maxQueryCode
        let scale = maxAbs / Float(limit)
        var qHatSquares = 0.0, deltaSquares = 0.0, qSquares = 0.0
        for j in 0..<stride {
            guard j < dimension else { queryCodes[j] = 0; continue }
            let code = scale > 0 ? max(-limit, min(limit, Int((query[j] / scale).rounded()))) : 0
            queryCodes[j] = Int16(code)
            let qHat = Double(scale) * Double(code), q = Double(query[j])
            qHatSquares += qHat * qHat
            deltaSquares += (qHat - q) * (qHat - q)
            qSquares += q * q
        }
        let u = 0x1p-24, terms = Double(dimension)
        let gamma = terms * u / (1 - terms * u)
        let inflate = 1 + 1e-6
        let alpha = qHatSquares.squareRoot() * inflate
        let beta = (deltaSquares.squareRoot() * maxRowNorm + gamma * qSquares.squareRoot() * maxRowNorm) * inflate + 2e-6
        let (codes, scales, errors, stride, queryCodes) = (codes, scales, errors, stride, UnsafePointer(queryCodes))
        forEachRowChunk { range in
            vitrine_search_int8_bounds(codes + range.lowerBound * stride, stride, scales + range.lowerBound,
                                       errors + range.lowerBound, range.count, queryCodes, scale, alpha, beta,
                                       lower + range.lowerBound, upper + range.lowerBound)
        }
    }
}
