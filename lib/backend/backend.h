/*
 * backend.h - the seam between the math and the hardware (after
 * ggml-backend.h): a small vtable every backend fills, and the handle that
 * carries it. Models and trainers call these functions, never OpenBLAS or
 * CUDA directly. Internal: the public view is bc_backend_* in botcopier.h.
 */
#ifndef BC_BACKEND_H
#define BC_BACKEND_H

#include "botcopier.h"

#include <stddef.h>
#include <stdint.h>

/* Bumped whenever bc_backend_ops changes layout; a plugin built against
 * another version is refused. */
#define BC_BACKEND_API_VERSION 2

/* Name of the CUDA plugin and the symbol it exports. */
#define BC_CUDA_PLUGIN_NAME "libbotcopier-cuda.so"
#define BC_CUDA_PLUGIN_ENTRY "bc_cuda_backend_ops"

/* Elementwise activations for bc_backend_ops.activation. */
enum bc_activation {
    BC_ACT_IDENTITY = 0,
    BC_ACT_RELU = 1,
    BC_ACT_TANH = 2,
    BC_ACT_SIGMOID = 3
};

struct bc_env_kernel; /* lib/env/env_kernel.h */

typedef struct bc_backend_ops {
    uint32_t api_version;
    const char *name;
    /* Creates the backend's private state; returns BC_OK or a status with
     * the error set. */
    int32_t (*create)(void **state);
    void (*destroy)(void *state);
    /* Device memory; on cpu it is host memory, 64-byte aligned. */
    void *(*alloc)(void *state, size_t bytes);
    void (*release)(void *state, void *ptr);
    int32_t (*to_device)(void *state, void *dst, const void *src, size_t bytes);
    int32_t (*to_host)(void *state, void *dst, const void *src, size_t bytes);
    /* Row-major GEMM on memory of this backend; arguments already checked. */
    int32_t (*sgemm_batched)(void *state, int trans_a, int trans_b, int m,
                             int n, int k, float alpha, const float *a,
                             int lda, int64_t stride_a, const float *b,
                             int ldb, int64_t stride_b, float beta, float *c,
                             int ldc, int64_t stride_c, int batch);
    /* y[i] = act(x[i]) for i < n (x == y allowed). */
    int32_t (*activation)(void *state, int act, const float *x, float *y,
                          int64_t n);
    /* Row-wise softmax of a rows x cols matrix, in place. */
    int32_t (*softmax_rows)(void *state, float *x, int64_t rows, int64_t cols);
    /* Adam step with bias correction at step t (1-based), in place. */
    int32_t (*adam_update)(void *state, float *param, const float *grad,
                           float *m, float *v, int64_t n, float lr,
                           float beta1, float beta2, float eps,
                           float weight_decay, int64_t t);
    /* Portfolio environment (lib/env/env_kernel.h): resets, or steps with
     * actions[i] (already checked), the envs begin..end-1 of the kernel,
     * whose arrays live in this backend's memory. Envs are independent and
     * keyed by their global index, so any split gives the same results. */
    int32_t (*env_reset)(void *state, const struct bc_env_kernel *kernel,
                         int64_t begin, int64_t end);
    int32_t (*env_step)(void *state, const struct bc_env_kernel *kernel,
                        const int32_t *actions, int64_t begin, int64_t end);
} bc_backend_ops;

struct bc_backend {
    const bc_backend_ops *ops;
    void *state;
    void *plugin; /* dlopen handle for plugin backends, else NULL */
};

/* The built-in cpu backend. */
const bc_backend_ops *bc_cpu_backend_ops(void);

/* "openblas <version>" or "reference" (static). */
const char *bc_cpu_blas_name(void);

/* Reference kernels (plain C, no BLAS): used by the cpu backend where
 * OpenBLAS is absent (the Windows DLL) and as an independent check in
 * tests. */
void bc_ref_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha,
                  const float *a, int lda, const float *b, int ldb,
                  float beta, float *c, int ldc);
void bc_ref_activation(int act, const float *x, float *y, int64_t n);
void bc_ref_softmax_rows(float *x, int64_t rows, int64_t cols);
void bc_ref_adam_update(float *param, const float *grad, float *m, float *v,
                        int64_t n, float lr, float beta1, float beta2,
                        float eps, float weight_decay, int64_t t);

#endif /* BC_BACKEND_H */
