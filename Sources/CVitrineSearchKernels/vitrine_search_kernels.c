#include "vitrine_search_kernels.h"
#include <math.h>
#include <stdlib.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2,fma")))
#endif

/* -1 unknown, 0 portable, 1 AVX2+FMA. Detection is idempotent, so a race only repeats it. */
static int kernel_level = -1;

int vitrine_search_uses_avx2(void) {
    int level = __atomic_load_n(&kernel_level, __ATOMIC_RELAXED);
    if (level < 0) {
#if defined(__x86_64__)
        __builtin_cpu_init();
        level = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1 : 0;
#else
        level = 0;
#endif
        __atomic_store_n(&kernel_level, level, __ATOMIC_RELAXED);
    }
    return level;
}

/* ---- float32 inner products ---------------------------------------------------------- */

/* Eight partial sums in a fixed order, then a fixed pairwise reduction, then the tail. */
static float dot_f32_portable(const float *x, const float *q, long dim) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    long j = 0;
    for (; j + 8 <= dim; j += 8) {
        for (int l = 0; l < 8; l++) acc[l] += x[j + l] * q[j + l];
    }
    float s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; j < dim; j++) s += x[j] * q[j];
    return s;
}

#if defined(__x86_64__)
AVX2 static inline float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

/* Four accumulators over 32-float blocks (for the FMA latency), then 8-float blocks into the
   first, a fixed reduction and the scalar tail. */
AVX2 static inline float dot_f32_avx2(const float *x, const float *q, long dim) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    long j = 0;
    for (; j + 32 <= dim; j += 32) {
        a0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + j), _mm256_loadu_ps(q + j), a0);
        a1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + j + 8), _mm256_loadu_ps(q + j + 8), a1);
        a2 = _mm256_fmadd_ps(_mm256_loadu_ps(x + j + 16), _mm256_loadu_ps(q + j + 16), a2);
        a3 = _mm256_fmadd_ps(_mm256_loadu_ps(x + j + 24), _mm256_loadu_ps(q + j + 24), a3);
    }
    for (; j + 8 <= dim; j += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + j), _mm256_loadu_ps(q + j), a0);
    float s = hsum8(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    for (; j < dim; j++) s = fmaf(x[j], q[j], s);
    return s;
}

AVX2 static void dot_f32_rows_avx2(const float *rows, long count, long dim, const float *query, float *out) {
    for (long i = 0; i < count; i++) out[i] = dot_f32_avx2(rows + i * dim, query, dim);
}

AVX2 static void dot_f32_gather_avx2(const float *matrix, long dim, const int32_t *rows, long count,
                                     const float *query, float *out) {
    for (long c = 0; c < count; c++) out[c] = dot_f32_avx2(matrix + (long)rows[c] * dim, query, dim);
}
#endif

void vitrine_search_dot_f32_portable(const float *rows, long count, long dim, const float *query, float *out) {
    for (long i = 0; i < count; i++) out[i] = dot_f32_portable(rows + i * dim, query, dim);
}

void vitrine_search_dot_f32(const float *rows, long count, long dim, const float *query, float *out) {
#if defined(__x86_64__)
    if (vitrine_search_uses_avx2()) { dot_f32_rows_avx2(rows, count, dim, query, out); return; }
#endif
    vitrine_search_dot_f32_portable(rows, count, dim, query, out);
}

void vitrine_search_dot_f32_gather(const float *matrix, long dim, const int32_t *rows, long count,
                                   const float *query, float *out) {
#if defined(__x86_64__)
    if (vitrine_search_uses_avx2()) { dot_f32_gather_avx2(matrix, dim, rows, count, query, out); return; }
#endif
    for (long c = 0; c < count; c++) out[c] = dot_f32_portable(matrix + (long)rows[c] * dim, query, dim);
}

/* ---- int8 copy ----------------------------------------------------------------------- */

/* One element of a row's int8 code: the code, its error and its square added to the row's sums.
   Always inlined, so that inside the AVX2 kernel it compiles with that kernel's FMA contraction,
   as its scalar tail always did. */
static inline __attribute__((always_inline)) void quantize_element(float value, float scale, int8_t *code,
                                                                   double *squared_error, double *squares) {
    long q = scale > 0 ? lrintf(value / scale) : 0;
    if (q > 127) q = 127;
    if (q < -127) q = -127;
    *code = (int8_t)q;
    /* scale * code is exact in double (24 + 8 bits); the difference rounds by 2^-53. */
    double e = (double)scale * (double)q - (double)value;
    *squared_error += e * e;
    *squares += (double)value * (double)value;
}

/* The end of a row: zero padding up to the stride, its scale and its error bound; returns its norm. */
static inline __attribute__((always_inline)) double finish_row(int8_t *c, long dim, long stride, float scale,
                                                               double squared_error, double squares,
                                                               float *scale_out, float *error_out) {
    for (long j = dim; j < stride; j++) c[j] = 0;
    *scale_out = scale;
    /* Round up generously: the double sums carry relative errors near 1e-14. */
    *error_out = nextafterf((float)(sqrt(squared_error) * (1 + 1e-9)), INFINITY);
    return sqrt(squares);
}

#if defined(__x86_64__)
/* The same quantization eight floats at a time (cvtps rounds to nearest even, as lrintf does);
   the error and the norm are summed in double lanes. */
AVX2 static double quantize_int8_avx2(const float *rows, long count, long dim, long stride, int8_t *codes,
                                      float *scales, float *errors) {
    double max_norm = 0;
    const __m256 sign = _mm256_set1_ps(-0.0f);
    for (long i = 0; i < count; i++) {
        const float *x = rows + i * dim;
        int8_t *c = codes + i * stride;
        __m256 m = _mm256_setzero_ps();
        long j = 0;
        for (; j + 8 <= dim; j += 8) m = _mm256_max_ps(m, _mm256_andnot_ps(sign, _mm256_loadu_ps(x + j)));
        __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_shuffle_ps(m4, m4, 1));
        float max_abs = _mm_cvtss_f32(m4);
        for (; j < dim; j++) max_abs = fmaxf(max_abs, fabsf(x[j]));
        float scale = max_abs / 127.0f;
        const __m256 vscale = _mm256_set1_ps(scale > 0 ? scale : 1.0f);
        const __m256d dscale = _mm256_set1_pd((double)scale);
        const __m256i top = _mm256_set1_epi32(127), bottom = _mm256_set1_epi32(-127);
        __m256d err = _mm256_setzero_pd(), sq = _mm256_setzero_pd();
        for (j = 0; j + 8 <= dim; j += 8) {
            __m256 v = _mm256_loadu_ps(x + j);
            __m256i q = _mm256_cvtps_epi32(_mm256_div_ps(v, vscale));
            q = _mm256_max_epi32(bottom, _mm256_min_epi32(top, q));
            if (!(scale > 0)) q = _mm256_setzero_si256();
            __m128i q16 = _mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
            _mm_storel_epi64((__m128i *)(c + j), _mm_packs_epi16(q16, q16));
            __m256d v0 = _mm256_cvtps_pd(_mm256_castps256_ps128(v)), v1 = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
            __m256d e0 = _mm256_fmsub_pd(dscale, _mm256_cvtepi32_pd(_mm256_castsi256_si128(q)), v0);
            __m256d e1 = _mm256_fmsub_pd(dscale, _mm256_cvtepi32_pd(_mm256_extracti128_si256(q, 1)), v1);
            err = _mm256_fmadd_pd(e0, e0, _mm256_fmadd_pd(e1, e1, err));
            sq = _mm256_fmadd_pd(v0, v0, _mm256_fmadd_pd(v1, v1, sq));
        }
        double lanes[4], squares_lanes[4];
        _mm256_storeu_pd(lanes, err);
        _mm256_storeu_pd(squares_lanes, sq);
        double squared_error = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        double squares = (squares_lanes[0] + squares_lanes[1]) + (squares_lanes[2] + squares_lanes[3]);
        for (; j < dim; j++) quantize_element(x[j], scale, c + j, &squared_error, &squares);
        double norm = finish_row(c, dim, stride, scale, squared_error, squares, scales + i, errors + i);
        if (norm > max_norm) max_norm = norm;
    }
    return max_norm;
}
#endif

double vitrine_search_quantize_int8(const float *rows, long count, long dim, long stride, int8_t *codes,
                                    float *scales, float *errors) {
#if defined(__x86_64__)
    if (vitrine_search_uses_avx2()) return quantize_int8_avx2(rows, count, dim, stride, codes, scales, errors);
#endif
    return vitrine_search_quantize_int8_portable(rows, count, dim, stride, codes, scales, errors);
}

double vitrine_search_quantize_int8_portable(const float *rows, long count, long dim, long stride, int8_t *codes,
                                             float *scales, float *errors) {
    double max_norm = 0;
    for (long i = 0; i < count; i++) {
        const float *x = rows + i * dim;
        int8_t *c = codes + i * stride;
        float max_abs = 0;
        for (long j = 0; j < dim; j++) max_abs = fmaxf(max_abs, fabsf(x[j]));
        float scale = max_abs / 127.0f;
        double squared_error = 0, squares = 0;
        for (long j = 0; j < dim; j++) quantize_element(x[j], scale, c + j, &squared_error, &squares);
        double norm = finish_row(c, dim, stride, scale, squared_error, squares, scales + i, errors + i);
        if (norm > max_norm) max_norm = norm;
    }
    return max_norm;
}

static int32_t dot_i8_portable(const int8_t *r, const int16_t *p, long stride) {
    int32_t s = 0;
    for (long j = 0; j < stride; j++) s += (int32_t)r[j] * (int32_t)p[j];
    return s;
}

#if defined(__x86_64__)
/* Sign-extend 16 codes to int16 and multiply-add pairs with the query into int32 lanes:
   integer sums are exact, so the order does not matter. */
AVX2 static inline int32_t dot_i8_avx2(const int8_t *r, const int16_t *p, long stride) {
    __m256i a0 = _mm256_setzero_si256(), a1 = a0;
    for (long j = 0; j < stride; j += 32) {
        __m256i r0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(r + j)));
        __m256i r1 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(r + j + 16)));
        a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(r0, _mm256_loadu_si256((const __m256i *)(p + j))));
        a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(r1, _mm256_loadu_si256((const __m256i *)(p + j + 16))));
    }
    __m256i s = _mm256_add_epi32(a0, a1);
    __m128i h = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4e));
    h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0xb1));
    return _mm_cvtsi128_si32(h);
}

AVX2 static void int8_bounds_avx2(const int8_t *codes, long stride, const float *scales, const float *errors,
                                  long count, const int16_t *query, float query_scale, double alpha, double beta,
                                  float *lower, float *upper) {
    for (long i = 0; i < count; i++) {
        double a = (double)dot_i8_avx2(codes + i * stride, query, stride) * ((double)scales[i] * (double)query_scale);
        double b = alpha * (double)errors[i] + beta;
        lower[i] = (float)(a - b);
        upper[i] = (float)(a + b);
    }
}
#endif

void vitrine_search_int8_bounds(const int8_t *codes, long stride, const float *scales, const float *errors,
                                long count, const int16_t *query, float query_scale, double alpha, double beta,
                                float *lower, float *upper) {
#if defined(__x86_64__)
    if (vitrine_search_uses_avx2()) {
        int8_bounds_avx2(codes, stride, scales, errors, count, query, query_scale, alpha, beta, lower, upper);
        return;
    }
#endif
    vitrine_search_int8_bounds_portable(codes, stride, scales, errors, count, query, query_scale, alpha, beta,
                                        lower, upper);
}

void vitrine_search_int8_bounds_portable(const int8_t *codes, long stride, const float *scales, const float *errors,
                                         long count, const int16_t *query, float query_scale, double alpha,
                                         double beta, float *lower, float *upper) {
    for (long i = 0; i < count; i++) {
        double a = (double)dot_i8_portable(codes + i * stride, query, stride) * ((double)scales[i] * (double)query_scale);
        double b = alpha * (double)errors[i] + beta;
        lower[i] = (float)(a - b);
        upper[i] = (float)(a + b);
    }
}
