#ifndef VITRINE_BLAS_H
#define VITRINE_BLAS_H
#include <stddef.h>

/// Loads OpenBLAS once per process. On CPUs with AVX-512 (F, BW, VL, DQ, CD) it first sets
/// OPENBLAS_CORETYPE=SkylakeX unless the caller already set OPENBLAS_CORETYPE, because
/// OpenBLAS 0.3.21 misdetects newer AMD cores as Haswell and reads the variable only when it
/// initializes. Returns 0 on success; otherwise -1, and vitrine_blas_error() says why.
int vitrine_blas_load(void);
const char *vitrine_blas_error(void);

/// Row-major single-precision GEMM: C = alpha * op(A) * op(B) + beta * C.
void vitrine_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha,
                   const float *a, int lda, const float *b, int ldb, float beta,
                   float *c, int ldc);
/// Row-major single-precision GEMV with unit strides: y = alpha * op(A) * x + beta * y,
/// A of shape [m, n].
void vitrine_sgemv(int trans, int m, int n, float alpha, const float *a, int lda,
                   const float *x, float beta, float *y);
/// 1 when the loaded library has cblas_dgemm and cblas_dsyrk / LAPACK's dsyevd_ (optional symbols: call the
/// functions below only when these say so).
int vitrine_has_dgemm(void);
int vitrine_has_dsyevd(void);
/// Row-major double-precision GEMM: C = alpha * op(A) * op(B) + beta * C.
void vitrine_dgemm(int trans_a, int trans_b, int m, int n, int k, double alpha,
                   const double *a, int lda, const double *b, int ldb, double beta,
                   double *c, int ldc);
/// Row-major double-precision symmetric rank-k update of C's lower triangle (the upper is not
/// touched): C = alpha * op(A) * op(A)^T + beta * C, C of shape [n, n], op(A) of shape [n, k]
/// (A is [k, n] when trans is set).
void vitrine_dsyrk_lower(int trans, int n, int k, double alpha, const double *a, int lda,
                         double beta, double *c, int ldc);
/// LAPACK dsyevd on the lower triangle of the column-major symmetric `a` ([n, n], leading
/// dimension lda): eigenvalues ascending into w; with want_vectors, a's columns become the
/// orthonormal eigenvectors. lwork = liwork = -1 is a workspace query (sizes in work[0],
/// iwork[0]). Returns LAPACK's info (0 = success).
int vitrine_dsyevd(int want_vectors, int n, double *a, int lda, double *w, double *work,
                   int lwork, int *iwork, int liwork);
/// 1 when the loaded library has LAPACK's dgeqp3_ and dorgqr_ (call the two below only then).
int vitrine_has_dgeqp3(void);
/// LAPACK dgeqp3: QR factorization with column pivoting of the column-major `a` ([m, n], leading
/// dimension lda), A P = Q R. R lands in a's upper triangle, Q's Householder reflectors below it
/// with their scalars in tau (min(m, n)); jpvt (n, 1-based) holds the permutation (entries set
/// nonzero on entry are moved to the front and kept there; zero entries are free). lwork = -1 is
/// a workspace query (size in work[0]). Returns LAPACK's info (0 = success).
int vitrine_dgeqp3(int m, int n, double *a, int lda, int *jpvt, double *tau, double *work,
                   int lwork);
/// LAPACK dorgqr: overwrites a ([m, n], column-major, m >= n >= k) holding k reflectors from
/// dgeqp3/dgeqrf with the first n columns of Q. lwork = -1 is a workspace query.
int vitrine_dorgqr(int m, int n, int k, double *a, int lda, const double *tau, double *work,
                   int lwork);
void vitrine_blas_set_threads(int threads);
int vitrine_blas_threads(void);
/// The kernel family OpenBLAS chose (e.g. "SkylakeX", "Haswell").
const char *vitrine_blas_core(void);
/// 1 when this CPU supports the AVX-512 subsets SkylakeX kernels need.
int vitrine_cpu_has_avx512(void);
/// The OPENBLAS_CORETYPE value in force when the library was loaded ("" if none).
const char *vitrine_blas_requested_core(void);

#endif
