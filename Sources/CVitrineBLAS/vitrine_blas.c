#define _GNU_SOURCE
#include "vitrine_blas.h"
#include <cblas.h>
#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*sgemm_fn)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE,
                         const enum CBLAS_TRANSPOSE, const blasint, const blasint,
                         const blasint, const float, const float *, const blasint,
                         const float *, const blasint, const float, float *,
                         const blasint);
typedef void (*sgemv_fn)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE, const blasint,
                         const blasint, const float, const float *, const blasint,
                         const float *, const blasint, const float, float *, const blasint);
typedef void (*dgemm_fn)(const enum CBLAS_ORDER, const enum CBLAS_TRANSPOSE,
                         const enum CBLAS_TRANSPOSE, const blasint, const blasint,
                         const blasint, const double, const double *, const blasint,
                         const double *, const blasint, const double, double *,
                         const blasint);
typedef void (*dsyrk_fn)(const enum CBLAS_ORDER, const enum CBLAS_UPLO, const enum CBLAS_TRANSPOSE,
                         const blasint, const blasint, const double, const double *, const blasint,
                         const double, double *, const blasint);
/* LAPACK's Fortran symbol as gfortran compiles it: arguments by reference, then the hidden
   lengths of the two character arguments (harmless to pass if a build does not expect them). */
typedef void (*dsyevd_fn)(const char *, const char *, const int *, double *, const int *,
                          double *, double *, const int *, int *, const int *, int *, size_t,
                          size_t);
/* LAPACK's QR with column pivoting and the explicit Q from its reflectors (no character
   arguments, so no hidden lengths). */
typedef void (*dgeqp3_fn)(const int *, const int *, double *, const int *, int *, double *,
                          double *, const int *, int *);
typedef void (*dorgqr_fn)(const int *, const int *, const int *, double *, const int *,
                          const double *, double *, const int *, int *);
typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);
typedef char *(*corename_fn)(void);

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static char load_error[512] = "OpenBLAS was not loaded";
static char requested_core[64] = "";
static sgemm_fn sgemm_ptr;
static sgemv_fn sgemv_ptr;
static dgemm_fn dgemm_ptr;
static dsyrk_fn dsyrk_ptr;
static dsyevd_fn dsyevd_ptr;
static dgeqp3_fn dgeqp3_ptr;
static dorgqr_fn dorgqr_ptr;
static set_threads_fn set_threads_ptr;
static get_threads_fn get_threads_ptr;
static corename_fn corename_ptr;

int vitrine_cpu_has_avx512(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512cd");
#else
    return 0;
#endif
}

static void load_library(void) {
    if (getenv("OPENBLAS_CORETYPE") == NULL && vitrine_cpu_has_avx512()) {
        setenv("OPENBLAS_CORETYPE", "SkylakeX", 0);
    }
    /* OpenBLAS's idle threads spin calling sched_yield for 2^28 cycles after each call by
       default; between sgemms our element-wise loops need those cores, and the spinning cost
       15-20% of a training step (measured on the quickstart). 2^4 cycles: they sleep at once. */
    if (getenv("OPENBLAS_THREAD_TIMEOUT") == NULL) {
        setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0);
    }
    /* Activations and gradients are megabytes each and freed and reallocated every step;
       glibc's defaults hand such blocks back to the kernel (munmap, heap trim) and the next
       step pays a page fault per 4 KiB to get them back zeroed (5% of a ResNet-18 step in
       perf). Keeping blocks up to 32 MiB (glibc's maximum mmap threshold) in the heap and
       never trimming it avoids that; the unless-set check leaves glibc's MALLOC_* tunables
       in charge when a user sets them. */
    if (getenv("GLIBC_TUNABLES") == NULL && getenv("MALLOC_MMAP_THRESHOLD_") == NULL) {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
    }
    const char *core = getenv("OPENBLAS_CORETYPE");
    snprintf(requested_core, sizeof requested_core, "%s", core ? core : "");
    const char *names[] = {"libopenblas.so.0", "libopenblas.so"};
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !handle; i++) {
        handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (!handle) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error,
                 "cannot load OpenBLAS (%s); install it with: apt-get install libopenblas-dev",
                 why ? why : "unknown error");
        return;
    }
    sgemm_ptr = (sgemm_fn)dlsym(handle, "cblas_sgemm");
    sgemv_ptr = (sgemv_fn)dlsym(handle, "cblas_sgemv");
    /* Optional: only the double-precision statistics (e.g. FID) need these, so a BLAS without
       them still loads; their wrappers report the absence when called. */
    dgemm_ptr = (dgemm_fn)dlsym(handle, "cblas_dgemm");
    dsyrk_ptr = (dsyrk_fn)dlsym(handle, "cblas_dsyrk");
    dsyevd_ptr = (dsyevd_fn)dlsym(handle, "dsyevd_");
    dgeqp3_ptr = (dgeqp3_fn)dlsym(handle, "dgeqp3_");
    dorgqr_ptr = (dorgqr_fn)dlsym(handle, "dorgqr_");
    set_threads_ptr = (set_threads_fn)dlsym(handle, "openblas_set_num_threads");
    get_threads_ptr = (get_threads_fn)dlsym(handle, "openblas_get_num_threads");
    corename_ptr = (corename_fn)dlsym(handle, "openblas_get_corename");
    if (!sgemm_ptr || !sgemv_ptr || !set_threads_ptr || !get_threads_ptr) {
        snprintf(load_error, sizeof load_error,
                 "the loaded BLAS library lacks cblas_sgemm, cblas_sgemv or openblas_set_num_threads");
        return;
    }
    load_status = 0;
    load_error[0] = 0;
}

int vitrine_blas_load(void) {
    pthread_once(&load_once, load_library);
    return load_status;
}

const char *vitrine_blas_error(void) { return load_error; }
const char *vitrine_blas_requested_core(void) { return requested_core; }

void vitrine_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha,
                   const float *a, int lda, const float *b, int ldb, float beta,
                   float *c, int ldc) {
    sgemm_ptr(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c,
              ldc);
}

void vitrine_sgemv(int trans, int m, int n, float alpha, const float *a, int lda,
                   const float *x, float beta, float *y) {
    sgemv_ptr(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, m, n, alpha, a, lda, x, 1,
              beta, y, 1);
}

int vitrine_has_dgemm(void) { return dgemm_ptr != NULL && dsyrk_ptr != NULL; }
int vitrine_has_dsyevd(void) { return dsyevd_ptr != NULL; }
int vitrine_has_dgeqp3(void) { return dgeqp3_ptr != NULL && dorgqr_ptr != NULL; }

void vitrine_dgemm(int trans_a, int trans_b, int m, int n, int k, double alpha,
                   const double *a, int lda, const double *b, int ldb, double beta,
                   double *c, int ldc) {
    dgemm_ptr(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c,
              ldc);
}

void vitrine_dsyrk_lower(int trans, int n, int k, double alpha, const double *a, int lda,
                         double beta, double *c, int ldc) {
    dsyrk_ptr(CblasRowMajor, CblasLower, trans ? CblasTrans : CblasNoTrans, n, k, alpha, a, lda,
              beta, c, ldc);
}

int vitrine_dsyevd(int want_vectors, int n, double *a, int lda, double *w, double *work,
                   int lwork, int *iwork, int liwork) {
    const char jobz = want_vectors ? 'V' : 'N', uplo = 'L';
    int info = 0;
    dsyevd_ptr(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1);
    return info;
}

int vitrine_dgeqp3(int m, int n, double *a, int lda, int *jpvt, double *tau, double *work,
                   int lwork) {
    int info = 0;
    dgeqp3_ptr(&m, &n, a, &lda, jpvt, tau, work, &lwork, &info);
    return info;
}

int vitrine_dorgqr(int m, int n, int k, double *a, int lda, const double *tau, double *work,
                   int lwork) {
    int info = 0;
    dorgqr_ptr(&m, &n, &k, a, &lda, tau, work, &lwork, &info);
    return info;
}

void vitrine_blas_set_threads(int threads) { set_threads_ptr(threads); }
int vitrine_blas_threads(void) { return get_threads_ptr(); }
const char *vitrine_blas_core(void) { return corename_ptr ? corename_ptr() : "unknown"; }
