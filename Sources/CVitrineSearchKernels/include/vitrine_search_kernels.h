#ifndef VITRINE_SEARCH_KERNELS_H
#define VITRINE_SEARCH_KERNELS_H
#include <stdint.h>

/// Kernels of VitrineSearch's scans. Each has an AVX2+FMA version, chosen at run time on
/// x86-64 CPUs that have it (Swift compiles for baseline x86-64, which has neither), and a
/// portable one. Which one runs is fixed for the life of the process, so a score computed
/// twice is the same bits.

/// 1 when the AVX2+FMA versions run on this CPU.
int vitrine_search_uses_avx2(void);

/// out[i] = <rows[i], query> in float32, for `count` rows of `dim` floats. The summation
/// order depends on `dim` alone (never on the row's position, the count or the thread that
/// runs it), so scoring a row in a full scan and on its own give identical bits.
void vitrine_search_dot_f32(const float *rows, long count, long dim, const float *query, float *out);

/// out[c] = <matrix[rows[c]], query>, the same function as vitrine_search_dot_f32, for
/// scattered rows.
void vitrine_search_dot_f32_gather(const float *matrix, long dim, const int32_t *rows, long count,
                                   const float *query, float *out);

/// Quantizes `count` rows of `dim` floats to int8 with one scale per row:
/// rows[i][j] ~ scales[i] * codes[i * stride + j], codes in [-127, 127], the padding
/// (j >= dim, up to `stride`) zero. errors[i] >= ||scales[i] * codes[i] - rows[i]||_2
/// (rounded up). Returns the largest row norm ||rows[i]||_2 (computed in double).
double vitrine_search_quantize_int8(const float *rows, long count, long dim, long stride, int8_t *codes,
                                    float *scales, float *errors);

/// Bounds on each row's exact score from its int8 codes and an int16 query (`stride`
/// values, zero-padded): with a = P * scales[i] * query_scale, P the exact integer inner
/// product, lower[i] = a - (alpha * errors[i] + beta) and upper[i] = a + (alpha * errors[i] + beta),
/// computed in double and rounded to float (the caller's beta covers that rounding).
/// `stride` is a multiple of 32 and |query| * 127 * stride fits in int32.
void vitrine_search_int8_bounds(const int8_t *codes, long stride, const float *scales, const float *errors,
                                long count, const int16_t *query, float query_scale, double alpha, double beta,
                                float *lower, float *upper);

/// The portable versions, whatever the CPU: for tests that hold them to the AVX2 ones.
void vitrine_search_dot_f32_portable(const float *rows, long count, long dim, const float *query, float *out);
double vitrine_search_quantize_int8_portable(const float *rows, long count, long dim, long stride, int8_t *codes,
                                             float *scales, float *errors);
void vitrine_search_int8_bounds_portable(const int8_t *codes, long stride, const float *scales, const float *errors,
                                         long count, const int16_t *query, float query_scale, double alpha,
                                         double beta, float *lower, float *upper);

#endif
