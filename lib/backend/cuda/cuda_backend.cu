/*
 * cuda_backend.cu - the "cuda" backend: libbotcopier-cuda.so, built by
 * `make CUDA=1` with nvcc and loaded by the library with dlopen (the library
 * never links CUDA). One device (0, or $BOTCOPIER_CUDA_DEVICE), one stream,
 * one cuBLASLt handle and one cuDNN handle per backend object; every op is
 * queued on that stream, and only to_host waits for it.
 *
 * GEMM goes through cuBLASLt (fp32 by default; $BOTCOPIER_CUDA_GEMM=tf32 or
 * bf16 lets cuBLASLt use tensor cores with tf32/bf16 inputs and fp32
 * accumulation, the buffers - master weights included - staying fp32).
 * $BOTCOPIER_CUDA_GRAPHS=1 captures each GRU recurrence (3 launches per
 * step) as a CUDA graph at its second call (the first runs plainly),
 * replayed while the trainer reuses its buffers
 * (not inside a capture of the caller's: graph_begin .. graph_end, which
 * the PPO trainer uses to capture a whole rollout step).
 * The env step, GAE and Adam are the very functions the cpu backend runs
 * (lib/env/env_kernel.h, lib/backend/kernels_math.h), compiled here as
 * device code with -fmad=false so that IEEE-exact operations give the
 * CPU's bits. The ReLU+LayerNorm rows (forward and backward) and the PPO
 * loss rows run a warp per row (lanes over the columns or actions, the row
 * sums as shuffle trees) over kernels_math.h's element functions: the same
 * math as the cpu, its row sums in another fixed order. Errors: every op
 * returns a BC_E_* status and keeps CUDA's own message for last_error().
 */
#include <cuda_runtime.h>
#include <cublasLt.h>
#include <cudnn.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern "C" {
#include "backend/backend.h"
}
#include "backend/kernels_math.h"
#include "env/env_kernel.h"

#define CUDA_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

/* Cached cuBLASLt plans: one per GEMM shape seen (the trainers use a few). */
struct gemm_plan {
    int used;
    int trans_a, trans_b, m, n, k, lda, ldb, ldc, batch;
    uint32_t align_a, align_b, align_c; /* bytes, powers of two up to 256 */
    int64_t stride_a, stride_b, stride_c;
    cublasLtMatmulDesc_t desc;
    cublasLtMatrixLayout_t la, lb, lc;
    cublasLtMatmulAlgo_t algo;
};

#define GEMM_PLANS 64

/* A GRU recurrence captured as a CUDA graph ($BOTCOPIER_CUDA_GRAPHS=1):
 * keyed by direction, shape and every buffer address, so a trainer that
 * reuses its buffers replays it (reading their current contents). exec
 * NULL: the key ran once with plain launches (which made its GEMM plans
 * and loaded its kernels outside a capture); the next run captures it. */
struct gru_graph {
    int used;
    int kind, T, B, H;
    const void *ptrs[12];
    cudaGraphExec_t exec;
};

#define GRU_GRAPHS 16

/* Per-op totals of the profile ($BOTCOPIER_CUDA_PROFILE=1). */
struct prof_op {
    const char *what;
    double ms;
    long calls;
};

#define PROF_OPS 96
#define RETIRED_MAX 64
#define PROF_EVENTS 4096

struct cuda_state {
    int device;
    cudaStream_t stream;
    cublasLtHandle_t lt;
    cudnnHandle_t dnn;
    void *workspace;
    size_t workspace_bytes;
    cublasComputeType_t compute;
    gemm_plan plans[GEMM_PLANS];
    int next_plan;
    int graphs; /* capture the GRU recurrences as CUDA graphs */
    gru_graph gru_graphs[GRU_GRAPHS];
    int next_graph;
    char err[512];
    /* API 4's reductions: per-block partial sums and a few results, and a
     * vector of ones for the column sums (a GEMM); grown on first use. */
    double *partials, *results;
    float *ones;
    int64_t ones_n;
    int ones_ready; /* its fill ran on the stream outside any capture */
    /* the LayerNorm parameter gradients' per-chunk column sums */
    float *ln_partials;
    int64_t ln_partials_n;
    /* Scratch outgrown by a larger op: a graph captured before may still
     * name it, so it is freed with the backend, not when it is replaced. */
    void *retired[RETIRED_MAX];
    int n_retired;
    /* $BOTCOPIER_CUDA_PROFILE=1: an event after each op, folded into
     * per-op stream time (prof_mark), printed when the backend ends */
    int profile;
    cudaEvent_t *prof_ev;
    const char **prof_what;
    int prof_n;
    prof_op prof_ops[PROF_OPS];
    int prof_nops;
};

void say(char *buf, size_t size, const char *fmt, ...)
{
    if (!buf || size == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

/* Records a CUDA runtime failure on the state; returns the status. */
int32_t fail_cuda(cuda_state *s, cudaError_t e, const char *what)
{
    int32_t status = e == cudaErrorMemoryAllocation ? BC_E_OUT_OF_MEMORY : BC_E_INTERNAL;
    say(s->err, sizeof s->err, "%s: %s (%s)", what, cudaGetErrorString(e), cudaGetErrorName(e));
    (void)cudaGetLastError(); /* clear a non-sticky error */
    return status;
}

int32_t fail_lt(cuda_state *s, cublasStatus_t st, const char *what)
{
    say(s->err, sizeof s->err, "%s: cuBLASLt status %d", what, (int)st);
    return st == CUBLAS_STATUS_ALLOC_FAILED ? BC_E_OUT_OF_MEMORY : BC_E_INTERNAL;
}

/* 1 while the backend's stream is being captured into a graph. */
int capturing(cuda_state *s)
{
    cudaStreamCaptureStatus cs = cudaStreamCaptureStatusNone;
    if (cudaStreamIsCapturing(s->stream, &cs) != cudaSuccess) {
        (void)cudaGetLastError();
        return 0;
    }
    return cs != cudaStreamCaptureStatusNone;
}

/* ---- the profile ($BOTCOPIER_CUDA_PROFILE=1) ------------------------------- *
 * An event is recorded on the stream after each op (launched(), GEMMs,
 * copies, graph launches); the time between an event and the one before
 * it is the stream time of the op that ends there, idle gaps (the host
 * preparing the next op) included. Nothing is recorded inside a stream
 * capture (its graph's launch is timed as one op). The events are read
 * back 4,096 at a time, and the totals printed to stderr when the backend
 * ends. Off (one test of an int per op) unless set. */
void prof_add(cuda_state *s, const char *what, double ms)
{
    int i = 0;
    while (i < s->prof_nops && strcmp(s->prof_ops[i].what, what) != 0)
        i++;
    if (i == s->prof_nops) {
        if (s->prof_nops == PROF_OPS) {
            i = PROF_OPS - 1;
            s->prof_ops[i].what = "(other ops)";
        } else {
            s->prof_nops++;
            s->prof_ops[i].what = what;
        }
    }
    s->prof_ops[i].ms += ms;
    s->prof_ops[i].calls++;
}

/* Reads back the recorded events (waits for the last); keeps the last as
 * the start of the next interval. */
void prof_fold(cuda_state *s)
{
    if (s->prof_n < 2)
        return;
    if (cudaEventSynchronize(s->prof_ev[s->prof_n - 1]) == cudaSuccess)
        for (int i = 1; i < s->prof_n; i++) {
            float ms = 0.0f;
            if (cudaEventElapsedTime(&ms, s->prof_ev[i - 1], s->prof_ev[i]) == cudaSuccess)
                prof_add(s, s->prof_what[i], ms);
        }
    (void)cudaGetLastError();
    cudaEvent_t last = s->prof_ev[s->prof_n - 1];
    s->prof_ev[s->prof_n - 1] = s->prof_ev[0];
    s->prof_ev[0] = last;
    s->prof_what[0] = s->prof_what[s->prof_n - 1];
    s->prof_n = 1;
}

void prof_mark(cuda_state *s, const char *what)
{
    if (!s->profile || capturing(s))
        return;
    if (!s->prof_ev) {
        s->prof_ev = (cudaEvent_t *)calloc(PROF_EVENTS, sizeof(cudaEvent_t));
        s->prof_what = (const char **)calloc(PROF_EVENTS, sizeof(char *));
        int ok = s->prof_ev && s->prof_what;
        for (int i = 0; ok && i < PROF_EVENTS; i++)
            ok = cudaEventCreate(&s->prof_ev[i]) == cudaSuccess;
        if (!ok) {
            fprintf(stderr, "cuda profile: cannot create its events; profile off\n");
            (void)cudaGetLastError();
            s->profile = 0;
            return;
        }
    }
    if (s->prof_n == PROF_EVENTS)
        prof_fold(s);
    if (cudaEventRecord(s->prof_ev[s->prof_n], s->stream) == cudaSuccess)
        s->prof_what[s->prof_n++] = what;
    else
        (void)cudaGetLastError();
}

/* Prints the totals, largest first, and frees the events. */
void prof_report(cuda_state *s)
{
    if (!s->prof_ev)
        return;
    prof_fold(s);
    double total = 0.0;
    for (int i = 0; i < s->prof_nops; i++)
        total += s->prof_ops[i].ms;
    fprintf(stderr,
            "cuda profile (BOTCOPIER_CUDA_PROFILE=1): stream time per op, from the previous op's "
            "end to its own (idle gaps included), %.1f ms in all\n"
            "  %-48s %9s %11s %6s\n",
            total, "op", "calls", "ms", "share");
    for (int n = 0; n < s->prof_nops; n++) {
        int best = -1;
        for (int i = 0; i < s->prof_nops; i++)
            if (s->prof_ops[i].calls >= 0 && (best < 0 || s->prof_ops[i].ms > s->prof_ops[best].ms))
                best = i;
        prof_op *o = &s->prof_ops[best];
        fprintf(stderr, "  %-48s %9ld %11.2f %5.1f%%\n", o->what, o->calls, o->ms,
                total > 0 ? 100.0 * o->ms / total : 0.0);
        o->calls = -1; /* printed */
    }
    for (int i = 0; i < PROF_EVENTS; i++)
        cudaEventDestroy(s->prof_ev[i]);
    free(s->prof_ev);
    free(s->prof_what);
    s->prof_ev = NULL;
}

/* Launch check: a bad launch (no kernel image for this GPU, too many
 * resources) shows here, a fault inside the kernel at the next sync. */
/* Sets scratch aside that a larger buffer replaces (see retired). It
 * grows only to a larger size than any before (a trainer uses a handful),
 * so the list does not fill; were it full, the buffer would be kept until
 * the process ends rather than freed under a graph that may name it. */
void retire(cuda_state *s, void *p)
{
    if (p && s->n_retired < RETIRED_MAX)
        s->retired[s->n_retired++] = p;
}

int32_t launched(cuda_state *s, const char *what)
{
    cudaError_t e = cudaGetLastError();
    if (e != cudaSuccess)
        return fail_cuda(s, e, what);
    prof_mark(s, what);
    return BC_OK;
}

unsigned blocks_for(int64_t n, unsigned threads)
{
    int64_t b = (n + threads - 1) / threads;
    return (unsigned)(b < 1 ? 1 : b > 65535 * 8 ? 65535 * 8 : b);
}

/* ---- kernels ---------------------------------------------------------------- */

__global__ void k_activation(int act, const float *x, float *y, int64_t n)
{
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * blockDim.x) {
        const float v = x[i];
        switch (act) {
        case BC_ACT_RELU: y[i] = bc_math_relu(v); break;
        case BC_ACT_TANH: y[i] = tanhf(v); break;
        case BC_ACT_SIGMOID: y[i] = bc_math_sigmoid_safe(v); break;
        default: y[i] = v; break;
        }
    }
}

/* One warp per row: max, sum of exp(x - max), scale. */
__global__ void k_softmax_rows(float *x, int64_t rows, int64_t cols)
{
    const int lane = threadIdx.x & 31;
    const int64_t row = blockIdx.x * (int64_t)(blockDim.x / 32) + threadIdx.x / 32;
    if (row >= rows)
        return;
    float *r = x + row * cols;
    float mx = -INFINITY;
    for (int64_t j = lane; j < cols; j += 32)
        mx = fmaxf(mx, r[j]);
    for (int o = 16; o > 0; o /= 2)
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, o));
    float sum = 0.0f;
    for (int64_t j = lane; j < cols; j += 32) {
        const float e = expf(r[j] - mx);
        r[j] = e;
        sum += e;
    }
    for (int o = 16; o > 0; o /= 2)
        sum += __shfl_xor_sync(0xffffffffu, sum, o);
    const float inv = 1.0f / sum;
    for (int64_t j = lane; j < cols; j += 32)
        r[j] *= inv;
}

__global__ void k_adam(float *param, const float *grad, float *m, float *v, int64_t n, float lr,
                       float beta1, float beta2, float eps, float weight_decay, float c1, float c2)
{
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * blockDim.x)
        bc_math_adam_elem(&param[i], grad[i], &m[i], &v[i], lr, beta1, beta2, eps, weight_decay,
                          c1, c2);
}

/* One thread per env; the struct travels by value as a grid constant, so
 * taking its address copies nothing (its arrays are device memory). */
__global__ void k_env_reset(const __grid_constant__ bc_env_kernel k, int64_t begin, int64_t end)
{
    for (int64_t i = begin + blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < end;
         i += (int64_t)gridDim.x * blockDim.x)
        env_reset_one(&k, i);
}

__global__ void k_env_step(const __grid_constant__ bc_env_kernel k, const int32_t *actions,
                           int64_t begin, int64_t end)
{
    for (int64_t i = begin + blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < end;
         i += (int64_t)gridDim.x * blockDim.x)
        env_step_one(&k, i, actions[i]);
}

__global__ void k_gae(int32_t T, int64_t E, double gamma, double gl, const float *rew,
                      const float *val, const uint8_t *done, const float *next_value, float *adv,
                      float *ret)
{
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < E;
         e += (int64_t)gridDim.x * blockDim.x)
        bc_math_gae_env(T, E, e, gamma, gl, rew, val, done, next_value[e], adv, ret);
}

/* C = beta C for the k == 0 products (cuBLASLt wants k >= 1). */
__global__ void k_scale_matrix(float *c, int m, int n, int ldc, int64_t stride_c, int batch,
                               float beta)
{
    const int64_t total = (int64_t)m * n * batch;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total;
         i += (int64_t)gridDim.x * blockDim.x) {
        const int64_t b = i / ((int64_t)m * n), rem = i % ((int64_t)m * n);
        float *p = c + b * stride_c + (rem / n) * ldc + rem % n;
        *p = beta == 0.0f ? 0.0f : beta * *p;
    }
}

/* GRU step s, before the recurrent product: hp = 0 where an episode starts
 * (or no previous state), else the previous state; gh = b_hh per row. */
__global__ void k_gru_prep(int32_t B, int32_t H, const uint8_t *starts, const float *prev,
                           float *hp, const float *bhh, float *gh)
{
    const int64_t total = (int64_t)B * 3 * H;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total;
         i += (int64_t)gridDim.x * blockDim.x) {
        const int64_t b = i / (3 * H), c = i % (3 * H);
        gh[i] = bhh[c];
        if (c < H)
            hp[b * H + c] = (!prev || starts[b]) ? 0.0f : prev[b * H + c];
    }
}

/* The cell of step s for every (sequence, unit): kernels_math.h. */
__global__ void k_gru_gates(int32_t B, int32_t H, const float *gx, const float *gh,
                            const float *hp, float *out, float *r, float *z, float *n, float *hn)
{
    const int64_t total = (int64_t)B * H;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total;
         i += (int64_t)gridDim.x * blockDim.x) {
        const int64_t b = i / H, j = i % H;
        const float *gxr = gx + b * 3 * H, *ghb = gh + b * 3 * H;
        hn[i] = ghb[2 * H + j];
        out[i] = bc_math_gru_forward(gxr[j], gxr[H + j], gxr[2 * H + j], ghb[j], ghb[H + j],
                                     ghb[2 * H + j], hp[i], &r[i], &z[i], &n[i]);
    }
}

__global__ void k_gru_gates_backward(int32_t B, int32_t H, const float *d_out, const float *carry,
                                     const float *r, const float *z, const float *n,
                                     const float *hn, const float *hp, float *g_i, float *g_h,
                                     float *d_hp)
{
    const int64_t total = (int64_t)B * H;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total;
         i += (int64_t)gridDim.x * blockDim.x) {
        const int64_t b = i / H, j = i % H;
        float *gi = g_i + b * 3 * H, *gh = g_h + b * 3 * H;
        d_hp[i] = bc_math_gru_backward(d_out[i] + carry[i], r[i], z[i], n[i], hn[i], hp[i], &gi[j],
                                       &gi[H + j], &gi[2 * H + j], &gh[j], &gh[H + j],
                                       &gh[2 * H + j]);
    }
}

__global__ void k_gru_carry(int32_t B, int32_t H, const uint8_t *starts, const float *d_hp,
                            float *carry)
{
    const int64_t total = (int64_t)B * H;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total;
         i += (int64_t)gridDim.x * blockDim.x)
        carry[i] = starts[i / H] ? 0.0f : d_hp[i];
}

/* ---- API 4: the PPO trainer's kernels ------------------------------------- *
 * The per-row and per-element math is kernels_math.h's, the cpu backend's.
 * A warp per row for LayerNorm and the loss (below); the LayerNorm parameter
 * gradients in per-chunk column sums, the chunks then added in order. Sums
 * over all rows (losses, norms, moments) are per-block partials of
 * kernels_math.h's terms in a fixed tree, then one thread adds the blocks
 * in order: deterministic run to run, but in another order than the cpu's
 * sequential sums. */

#define REDUCE_THREADS 256
#define REDUCE_BLOCKS 1024

__global__ void k_bias_rows(int64_t N, int32_t cols, const float *b, float *y)
{
    const int64_t total = N * cols;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total;
         i += (int64_t)gridDim.x * blockDim.x)
        y[i] = b[i % cols];
}

__global__ void k_fill_value(float *x, int64_t n, float v)
{
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * blockDim.x)
        x[i] = v;
}

/* ---- warp-per-row kernels ---------------------------------------------------- *
 * One warp per row (ROW_WARPS rows per block, grid-stride over rows): the
 * lanes stride the row's columns, so each load and store of the warp is
 * contiguous (one thread per row read a row apart per lane and thrashed
 * the L1), and the row's sums are shuffle trees. The row index is uniform
 * across the warp, so every lane takes part in every shuffle. The
 * butterfly adds x_i + x_j on lane i and x_j + x_i on lane j: IEEE addition
 * commutes, so every lane ends with the same bits, and the order is fixed
 * (same result run to run). The element math is kernels_math.h's, the one
 * the cpu backend runs; only the order of the row sums differs from the
 * cpu's sequential one. */
#define ROW_WARPS 4
#define FULL_MASK 0xffffffffu

__device__ __forceinline__ double warp_sum(double v)
{
    for (int o = 16; o > 0; o /= 2)
        v += __shfl_xor_sync(FULL_MASK, v, o);
    return v;
}

__device__ __forceinline__ double warp_max(double v)
{
    for (int o = 16; o > 0; o /= 2)
        v = fmax(v, __shfl_xor_sync(FULL_MASK, v, o));
    return v;
}

/* ReLU then LayerNorm, a warp per row: three passes over the row (sum,
 * squared deviations, output), each reading a (the row stays in L1); the
 * ReLU's output is written back to a in the last pass. */
__global__ void k_relu_layernorm_forward(int64_t N, int32_t dim, float eps, float *a,
                                         const float *g, const float *beta, float *xh, float *rs,
                                         float *y)
{
    const int lane = threadIdx.x & 31;
    const int64_t warps = (int64_t)gridDim.x * (blockDim.x / 32);
    for (int64_t i = blockIdx.x * (int64_t)(blockDim.x / 32) + threadIdx.x / 32; i < N;
         i += warps) {
        float *ar = a + i * dim, *xr = xh + i * dim, *yr = y + i * dim;
        double sum = 0.0;
        for (int32_t j = lane; j < dim; j += 32)
            sum += bc_math_relu(ar[j]);
        const float mean = bc_math_ln_mean(warp_sum(sum), dim);
        double sq = 0.0;
        for (int32_t j = lane; j < dim; j += 32)
            sq += bc_math_ln_sq(bc_math_relu(ar[j]), mean);
        const float r = bc_math_ln_rstd(warp_sum(sq), dim, eps);
        for (int32_t j = lane; j < dim; j += 32) {
            const float v = bc_math_relu(ar[j]);
            ar[j] = v;
            yr[j] = bc_math_ln_out(v, mean, r, g[j], beta[j], &xr[j]);
        }
        if (lane == 0)
            rs[i] = r;
    }
}

/* The LayerNorm parameter gradients in two passes: block c sums its
 * chunk of rows per column (threads over columns: each warp's loads are
 * contiguous), then one thread per column adds the chunks in order. One
 * thread per column over all N rows (the cpu's order) kept 2 of 132 SMs
 * busy and the update slow; this order is fixed (same bits run to run),
 * not the cpu's (within float rounding of it, checked against float64). */
#define LN_CHUNKS 264
__global__ void k_layernorm_param_partials(int64_t N, int32_t dim, const float *dy,
                                           const float *xh, float *pg, float *pb)
{
    const int64_t c = blockIdx.x, C = gridDim.x;
    const int64_t r0 = N * c / C, r1 = N * (c + 1) / C;
    for (int32_t j = threadIdx.x; j < dim; j += blockDim.x) {
        float sg = 0.0f, sb = 0.0f;
        for (int64_t i = r0; i < r1; i++)
            bc_math_ln_param_terms(dy[i * dim + j], xh[i * dim + j], &sg, &sb);
        pg[c * dim + j] = sg;
        pb[c * dim + j] = sb;
    }
}

__global__ void k_layernorm_param_finish(int32_t C, int32_t dim, const float *pg, const float *pb,
                                         float *dg, float *dbeta)
{
    for (int32_t j = blockIdx.x * blockDim.x + threadIdx.x; j < dim; j += gridDim.x * blockDim.x) {
        float sg = dg[j], sb = dbeta[j];
        for (int32_t c = 0; c < C; c++) {
            sg += pg[(int64_t)c * dim + j];
            sb += pb[(int64_t)c * dim + j];
        }
        dg[j] = sg;
        dbeta[j] = sb;
    }
}

/* The rows' input gradients in place, a warp per row (after the
 * parameter gradients have read dy). */
__global__ void k_relu_layernorm_backward(int64_t N, int32_t dim, float *dy, const float *g,
                                          const float *xh, const float *rs, const float *a)
{
    const int lane = threadIdx.x & 31;
    const int64_t warps = (int64_t)gridDim.x * (blockDim.x / 32);
    for (int64_t i = blockIdx.x * (int64_t)(blockDim.x / 32) + threadIdx.x / 32; i < N;
         i += warps) {
        float *dr = dy + i * dim;
        const float *xr = xh + i * dim, *ar = a + i * dim;
        double m1 = 0.0, m2 = 0.0;
        for (int32_t j = lane; j < dim; j += 32)
            bc_math_ln_grad_terms(dr[j], g[j], xr[j], &m1, &m2);
        const float mean1 = bc_math_ln_mean(warp_sum(m1), dim);
        const float mean2 = bc_math_ln_mean(warp_sum(m2), dim);
        const float r = rs[i];
        for (int32_t j = lane; j < dim; j += 32)
            dr[j] = bc_math_ln_dx(dr[j], g[j], xr[j], r, mean1, mean2, ar[j]);
    }
}

__global__ void k_dropout(int64_t n, float p, uint64_t seed, uint64_t stream, const float *x,
                          float *mask, float *y)
{
    const int64_t blocks = (n + 3) / 4;
    for (int64_t k = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; k < blocks;
         k += (int64_t)gridDim.x * blockDim.x)
        bc_math_dropout_block(4 * k, n, p, seed, stream, x, mask, y);
}

__global__ void k_multiply(int64_t n, const float *x, const float *y, float *out)
{
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * blockDim.x)
        out[i] = x[i] * y[i];
}

/* Only ever writes 1: concurrent writers agree. */
__global__ void k_mark_positive(int64_t N, int32_t cols, const float *x, uint8_t *fired)
{
    const int64_t total = N * cols;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total;
         i += (int64_t)gridDim.x * blockDim.x)
        if (x[i] > 0.0f)
            fired[i % cols] = 1;
}

__global__ void k_sample_actions(int64_t E, int32_t A, const float *logits, uint64_t seed,
                                 uint64_t stream, int32_t *actions, float *logp)
{
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < E;
         e += (int64_t)gridDim.x * blockDim.x)
        actions[e] = bc_math_sample_categorical(logits + e * A, A, seed, stream, (uint64_t)e,
                                                &logp[e]);
}

/* Rows of `words` units of type W (uint32_t when the row is a multiple of
 * 4 bytes, else bytes). */
template <typename W>
__global__ void k_gather_rows(int32_t T, int32_t B, int64_t E, const int32_t *idx, int64_t words,
                              const W *src, W *dst, int scatter)
{
    const int64_t total = (int64_t)T * B * words;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < total;
         i += (int64_t)gridDim.x * blockDim.x) {
        const int64_t row = i / words, w = i % words;
        const int64_t t = row / B, b = row % B;
        const int64_t wide = (t * E + idx[b]) * words + w, narrow = row * words + w;
        if (scatter)
            dst[wide] = src[narrow];
        else
            dst[narrow] = src[wide];
    }
}

/* Tree-sums the block's K values per thread into partials[blockIdx.x*K..]. */
template <int K>
__device__ void block_partials(double (&v)[K], double *partials)
{
    __shared__ double sh[K][REDUCE_THREADS];
    for (int k = 0; k < K; k++)
        sh[k][threadIdx.x] = v[k];
    __syncthreads();
    for (int half = REDUCE_THREADS / 2; half > 0; half /= 2) {
        if ((int)threadIdx.x < half)
            for (int k = 0; k < K; k++)
                sh[k][threadIdx.x] += sh[k][threadIdx.x + half];
        __syncthreads();
    }
    if (threadIdx.x == 0)
        for (int k = 0; k < K; k++)
            partials[blockIdx.x * K + k] = sh[k][0];
}

enum { FIN_MEAN, FIN_NORM, FIN_MEAN_SD, FIN_EXPLAINED };

/* One thread adds the blocks' partials in block order and finishes. */
template <int K>
__global__ void k_finish(const double *partials, int blocks, double n, int mode, double *out)
{
    if (blockIdx.x != 0 || threadIdx.x != 0)
        return;
    double sum[K];
    for (int k = 0; k < K; k++)
        sum[k] = 0.0;
    for (int b = 0; b < blocks; b++)
        for (int k = 0; k < K; k++)
            sum[k] += partials[b * K + k];
    switch (mode) {
    case FIN_NORM: out[0] = sqrt(sum[0]); break;
    case FIN_MEAN_SD: bc_math_mean_sd(sum[0], sum[1 % K], n, &out[0], &out[1 % K]); break;
    case FIN_EXPLAINED:
        out[0] = bc_math_explained_variance(sum[0], sum[1 % K], sum[2 % K], sum[3 % K], n);
        break;
    default:
        for (int k = 0; k < K; k++)
            out[k] = sum[k] / n;
    }
}

__global__ void k_moments(int64_t n, const float *x, double *partials)
{
    double v[2] = {0.0, 0.0};
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * blockDim.x)
        bc_math_moment_terms(x[i], &v[0], &v[1]);
    block_partials<2>(v, partials);
}

__global__ void k_normalize_apply(int64_t n, float *x, const double *mean_sd)
{
    const double mean = mean_sd[0], sd = mean_sd[1];
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * blockDim.x)
        x[i] = bc_math_normalize_elem(x[i], mean, sd);
}

/* The PPO loss, a warp per row and a lane per action (A <= 32): the
 * softmax's max and sum and the entropy are shuffle trees, the surrogate
 * is computed by every lane (the same bits), each lane writes its logit's
 * gradient and lane 0 the value gradient and the row's terms, which the
 * block sums into partials. */
__global__ void k_ppo_loss(int64_t N, int32_t A, const float *logits, const float *values,
                           const int32_t *actions, const float *old_logp, const float *adv,
                           const float *returns, double clip, double ent, double vf,
                           float *d_logits, float *d_values, double *partials)
{
    const int lane = threadIdx.x & 31;
    const int64_t warps = (int64_t)gridDim.x * (blockDim.x / 32);
    const double n = (double)N;
    double v[BC_MATH_PPO_TERMS] = {0.0, 0.0, 0.0, 0.0, 0.0}, terms[BC_MATH_PPO_TERMS];
    for (int64_t i = blockIdx.x * (int64_t)(blockDim.x / 32) + threadIdx.x / 32; i < N;
         i += warps) {
        const int on = lane < A;
        const float z = on ? logits[i * A + lane] : 0.0f;
        const double mx = warp_max(on ? (double)z : -INFINITY);
        const double e = on ? bc_math_softmax_exp(z, mx) : 0.0;
        const double sum = warp_sum(e);
        const double p = e / sum, lse = bc_math_softmax_lse(mx, sum);
        const int32_t act = actions[i];
        const double za = __shfl_sync(FULL_MASK, (double)z, act & 31);
        const double g_logp = bc_math_ppo_surrogate(za - lse, old_logp[i], adv[i], clip, terms);
        const double lp = bc_math_safe_log(p);
        const double h = warp_sum(on ? bc_math_neg_plogp(p, lp) : 0.0);
        if (on)
            d_logits[i * A + lane] = bc_math_ppo_dlogit(g_logp, lane == act, p, lp, h, ent, n);
        if (lane == 0) {
            terms[BC_MATH_PPO_VALUE] =
                bc_math_value_loss_row(values[i], returns[i], vf, n, &d_values[i]);
            terms[BC_MATH_PPO_ENTROPY] = h;
            for (int k = 0; k < BC_MATH_PPO_TERMS; k++)
                v[k] += terms[k];
        }
    }
    block_partials<BC_MATH_PPO_TERMS>(v, partials);
}

__global__ void k_value_loss(int64_t N, const float *values, const float *returns, double coef,
                             float *d_values, double *partials)
{
    double v[1] = {0.0};
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < N;
         i += (int64_t)gridDim.x * blockDim.x)
        v[0] += bc_math_value_loss_row(values[i], returns[i], coef, (double)N, &d_values[i]);
    block_partials<1>(v, partials);
}

__global__ void k_sum_squares(int64_t n, const float *g, double *partials)
{
    double v[1] = {0.0};
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * blockDim.x)
        v[0] += bc_math_sq(g[i]);
    block_partials<1>(v, partials);
}

__global__ void k_clip_apply(int64_t n, float *g, const double *norm, double max_norm)
{
    const float scale = bc_math_clip_scale(*norm, max_norm);
    if (scale == 1.0f)
        return;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * blockDim.x)
        g[i] *= scale;
}

__global__ void k_explained_sums(int64_t n, const float *returns, const float *values,
                                 double *partials)
{
    double v[4] = {0.0, 0.0, 0.0, 0.0};
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < n;
         i += (int64_t)gridDim.x * blockDim.x)
        bc_math_explained_terms(returns[i], values[i], v);
    block_partials<4>(v, partials);
}

/* ---- API 5: the resident rollout ------------------------------------------ */

/* Per block: the sums of the rollout's non-count terms (rewards, squares,
 * wins, episodes, returns) as partials, and the action counts (integers:
 * exact in any order) added with one atomic per block and action. */
__global__ void k_rollout_record(int64_t E, int32_t A, const int32_t *actions,
                                 const float *reward, const uint8_t *done, const double *value,
                                 const float *boot, double scale, double gamma, float *rew_out,
                                 uint8_t *done_out, double *partials, double *stats)
{
    __shared__ unsigned int counts[BC_MATH_MAX_ACTIONS];
    for (int a = threadIdx.x; a < A; a += blockDim.x)
        counts[a] = 0;
    __syncthreads();
    double v[5] = {0.0, 0.0, 0.0, 0.0, 0.0};
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < E;
         e += (int64_t)gridDim.x * blockDim.x) {
        const int d = done[e] != 0;
        bc_math_rollout_reward_terms(reward[e], &v[BC_ROLLOUT_REWARD_SUM],
                                     &v[BC_ROLLOUT_REWARD_SQ], &v[BC_ROLLOUT_WINS]);
        if (d)
            bc_math_rollout_episode_terms(value[e], &v[BC_ROLLOUT_EPISODES],
                                          &v[BC_ROLLOUT_RETURN_SUM]);
        atomicAdd(&counts[actions[e]], 1u);
        rew_out[e] = bc_math_rollout_reward(reward[e], boot && d, boot ? boot[e] : 0.0f, scale,
                                            gamma);
        done_out[e] = done[e];
    }
    __syncthreads();
    for (int a = threadIdx.x; a < A; a += blockDim.x)
        if (counts[a])
            atomicAdd(&stats[BC_ROLLOUT_ACTIONS + a], (double)counts[a]);
    block_partials<5>(v, partials);
}

/* stats[k] += the blocks' partials, added in block order. */
__global__ void k_rollout_finish(const double *partials, int blocks, double *stats)
{
    if (blockIdx.x != 0 || threadIdx.x != 0)
        return;
    for (int k = 0; k < 5; k++) {
        double sum = 0.0;
        for (int b = 0; b < blocks; b++)
            sum += partials[b * 5 + k];
        stats[k] += sum;
    }
}

template <typename W>
__global__ void k_store_at(const int64_t *index, int64_t words, W *dst, const W *src)
{
    W *d = dst + index[0] * words;
    for (int64_t i = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; i < words;
         i += (int64_t)gridDim.x * blockDim.x)
        d[i] = src[i];
}

__global__ void k_counter_add(int64_t *c, int32_t n, int64_t delta)
{
    for (int32_t i = threadIdx.x; i < n; i += blockDim.x)
        c[i] += delta;
}

__global__ void k_sample_actions_at(int64_t E, int32_t A, const float *logits, uint64_t seed,
                                    uint64_t stream_base, const int64_t *step, int32_t *actions,
                                    float *logp)
{
    const uint64_t stream = stream_base | (uint64_t)step[0];
    for (int64_t e = blockIdx.x * (int64_t)blockDim.x + threadIdx.x; e < E;
         e += (int64_t)gridDim.x * blockDim.x)
        actions[e] = bc_math_sample_categorical(logits + e * A, A, seed, stream, (uint64_t)e,
                                                &logp[e]);
}

__global__ void k_accumulate(int32_t n, const double *x, double *sum, int32_t max_index,
                             double *max, double *first_bad, double tag)
{
    if (blockIdx.x != 0 || threadIdx.x != 0)
        return;
    bc_math_accumulate(n, x, sum, max_index, max, first_bad, tag);
}

/* ---- ops ------------------------------------------------------------------- */

/* Frees a plan's descriptors (those made: a half-made plan too). */
void gemm_plan_destroy(gemm_plan *p)
{
    if (p->la)
        cublasLtMatrixLayoutDestroy(p->la);
    if (p->lb)
        cublasLtMatrixLayoutDestroy(p->lb);
    if (p->lc)
        cublasLtMatrixLayoutDestroy(p->lc);
    if (p->desc)
        cublasLtMatmulDescDestroy(p->desc);
    p->la = p->lb = p->lc = NULL;
    p->desc = NULL;
    p->used = 0;
}

void plans_free(cuda_state *s)
{
    for (int i = 0; i < GEMM_PLANS; i++)
        if (s->plans[i].used)
            gemm_plan_destroy(&s->plans[i]);
}

void cuda_destroy(void *state)
{
    cuda_state *s = (cuda_state *)state;
    if (!s)
        return;
    cudaSetDevice(s->device);
    if (s->stream)
        cudaStreamSynchronize(s->stream);
    prof_report(s);
    plans_free(s);
    for (int i = 0; i < GRU_GRAPHS; i++)
        if (s->gru_graphs[i].used && s->gru_graphs[i].exec)
            cudaGraphExecDestroy(s->gru_graphs[i].exec);
    if (s->workspace)
        cudaFree(s->workspace);
    cudaFree(s->partials);
    cudaFree(s->results);
    cudaFree(s->ones);
    cudaFree(s->ln_partials);
    for (int i = 0; i < s->n_retired; i++)
        cudaFree(s->retired[i]);
    if (s->dnn)
        cudnnDestroy(s->dnn);
    if (s->lt)
        cublasLtDestroy(s->lt);
    if (s->stream)
        cudaStreamDestroy(s->stream);
    free(s);
}

int32_t cuda_create(void **state, char *why, size_t why_size)
{
    *state = NULL;
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) {
        int driver = 0;
        cudaDriverGetVersion(&driver);
        say(why, why_size, "no usable CUDA driver or device: cudaGetDeviceCount: %s (%s)%s",
            cudaGetErrorString(e), cudaGetErrorName(e),
            driver == 0 ? "; no NVIDIA driver is installed" : "");
        (void)cudaGetLastError();
        return BC_E_UNSUPPORTED;
    }
    if (count == 0) {
        say(why, why_size, "no CUDA device on this machine");
        return BC_E_UNSUPPORTED;
    }
    int device = 0;
    const char *dev_env = getenv("BOTCOPIER_CUDA_DEVICE");
    if (dev_env && *dev_env) {
        char *end = NULL;
        long d = strtol(dev_env, &end, 10);
        if (*end || d < 0 || d >= count) {
            say(why, why_size, "BOTCOPIER_CUDA_DEVICE=%s is not a device index 0..%d", dev_env,
                count - 1);
            return BC_E_INVALID_ARGUMENT;
        }
        device = (int)d;
    }
    cublasComputeType_t compute = CUBLAS_COMPUTE_32F;
    const char *gemm_env = getenv("BOTCOPIER_CUDA_GEMM");
    if (gemm_env && *gemm_env) {
        if (strcmp(gemm_env, "fp32") == 0)
            compute = CUBLAS_COMPUTE_32F;
        else if (strcmp(gemm_env, "tf32") == 0)
            compute = CUBLAS_COMPUTE_32F_FAST_TF32;
        else if (strcmp(gemm_env, "bf16") == 0)
            compute = CUBLAS_COMPUTE_32F_FAST_16BF;
        else {
            say(why, why_size, "BOTCOPIER_CUDA_GEMM=%s (expected fp32, tf32 or bf16)", gemm_env);
            return BC_E_INVALID_ARGUMENT;
        }
    }
    int graphs = 0;
    const char *graphs_env = getenv("BOTCOPIER_CUDA_GRAPHS");
    if (graphs_env && *graphs_env) {
        if (strcmp(graphs_env, "0") != 0 && strcmp(graphs_env, "1") != 0) {
            say(why, why_size, "BOTCOPIER_CUDA_GRAPHS=%s (expected 0 or 1)", graphs_env);
            return BC_E_INVALID_ARGUMENT;
        }
        graphs = graphs_env[0] == '1';
    }
    int profile = 0;
    const char *profile_env = getenv("BOTCOPIER_CUDA_PROFILE");
    if (profile_env && *profile_env) {
        if (strcmp(profile_env, "0") != 0 && strcmp(profile_env, "1") != 0) {
            say(why, why_size, "BOTCOPIER_CUDA_PROFILE=%s (expected 0 or 1)", profile_env);
            return BC_E_INVALID_ARGUMENT;
        }
        profile = profile_env[0] == '1';
    }
    cuda_state *s = (cuda_state *)calloc(1, sizeof *s);
    if (!s) {
        say(why, why_size, "out of memory");
        return BC_E_OUT_OF_MEMORY;
    }
    s->graphs = graphs;
    s->profile = profile;
    s->device = device;
    s->compute = compute;
    s->workspace_bytes = (size_t)32 << 20;
    int32_t status = BC_E_UNSUPPORTED;
    if ((e = cudaSetDevice(device)) != cudaSuccess ||
        (e = cudaStreamCreateWithFlags(&s->stream, cudaStreamNonBlocking)) != cudaSuccess ||
        (e = cudaMalloc(&s->workspace, s->workspace_bytes)) != cudaSuccess) {
        say(why, why_size, "device %d cannot start: %s (%s)", device, cudaGetErrorString(e),
            cudaGetErrorName(e));
        if (e == cudaErrorMemoryAllocation)
            status = BC_E_OUT_OF_MEMORY;
        cuda_destroy(s);
        return status;
    }
    cublasStatus_t st = cublasLtCreate(&s->lt);
    if (st != CUBLAS_STATUS_SUCCESS) {
        s->lt = NULL;
        say(why, why_size, "cublasLtCreate failed with status %d", (int)st);
        cuda_destroy(s);
        return BC_E_UNSUPPORTED;
    }
    cudnnStatus_t ds = cudnnCreate(&s->dnn);
    if (ds != CUDNN_STATUS_SUCCESS) {
        s->dnn = NULL;
        say(why, why_size, "cudnnCreate failed: %s", cudnnGetErrorString(ds));
        cuda_destroy(s);
        return BC_E_UNSUPPORTED;
    }
    if ((ds = cudnnSetStream(s->dnn, s->stream)) != CUDNN_STATUS_SUCCESS) {
        say(why, why_size, "cudnnSetStream failed: %s", cudnnGetErrorString(ds));
        cuda_destroy(s);
        return BC_E_UNSUPPORTED;
    }
    *state = s;
    return BC_OK;
}

const char *cuda_last_error(void *state)
{
    cuda_state *s = (cuda_state *)state;
    return s ? s->err : "";
}

void *cuda_alloc(void *state, size_t bytes)
{
    cuda_state *s = (cuda_state *)state;
    cudaSetDevice(s->device);
    void *p = NULL;
    cudaError_t e = cudaMalloc(&p, bytes ? bytes : 1);
    if (e != cudaSuccess) {
        fail_cuda(s, e, "cudaMalloc");
        return NULL;
    }
    return p;
}

void cuda_release(void *state, void *ptr)
{
    cuda_state *s = (cuda_state *)state;
    if (!ptr)
        return;
    cudaSetDevice(s->device);
    /* Work queued on the stream may still read it. */
    cudaStreamSynchronize(s->stream);
    cudaFree(ptr);
}

/* Host to device: queued on the stream; a pageable source is staged before
 * the call returns, so the caller may reuse it at once. */
int32_t cuda_to_device(void *state, void *dst, const void *src, size_t bytes)
{
    cuda_state *s = (cuda_state *)state;
    if (!bytes)
        return BC_OK;
    cudaError_t e = cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDefault, s->stream);
    if (e != cudaSuccess)
        return fail_cuda(s, e, "to_device");
    prof_mark(s, "to_device");
    return BC_OK;
}

/* Device to host: the one place that waits for the stream. */
int32_t cuda_to_host(void *state, void *dst, const void *src, size_t bytes)
{
    cuda_state *s = (cuda_state *)state;
    if (!bytes)
        return BC_OK;
    cudaError_t e = cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDefault, s->stream);
    if (e == cudaSuccess) {
        prof_mark(s, "to_host");
        e = cudaStreamSynchronize(s->stream);
    }
    return e == cudaSuccess ? BC_OK : fail_cuda(s, e, "to_host");
}

/* Row-major C = alpha op(A) op(B) + beta C is column-major
 * C^T = alpha op(B)^T op(A)^T + beta C^T: cuBLASLt gets (B, A) swapped,
 * with the transposes as given and the shapes n x m. */
int32_t gemm_plan_make(cuda_state *s, gemm_plan *p)
{
    const cublasOperation_t op_a = p->trans_b ? CUBLAS_OP_T : CUBLAS_OP_N; /* first operand: B */
    const cublasOperation_t op_b = p->trans_a ? CUBLAS_OP_T : CUBLAS_OP_N; /* second: A */
    const int M = p->n, N = p->m, K = p->k;
    /* Stored (column-major) shapes of the two operands and C. */
    const uint64_t a_rows = op_a == CUBLAS_OP_N ? M : K, a_cols = op_a == CUBLAS_OP_N ? K : M;
    const uint64_t b_rows = op_b == CUBLAS_OP_N ? K : N, b_cols = op_b == CUBLAS_OP_N ? N : K;
    const int32_t batch = p->batch;
    const int64_t strides[3] = {p->stride_b, p->stride_a, p->stride_c};
    const uint64_t ws = s->workspace_bytes;
    cublasLtMatmulPreference_t pref = NULL;
    cublasLtMatmulHeuristicResult_t result;
    int found = 0;
    const char *step = "";
    cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
    p->desc = NULL;
    p->la = p->lb = p->lc = NULL;
    /* every call checked; a failure names the call and frees what was made */
#define LT(call)                                                                                   \
    do {                                                                                           \
        step = #call;                                                                              \
        if ((st = (call)) != CUBLAS_STATUS_SUCCESS)                                                \
            goto fail;                                                                             \
    } while (0)
    LT(cublasLtMatmulDescCreate(&p->desc, s->compute, CUDA_R_32F));
    LT(cublasLtMatmulDescSetAttribute(p->desc, CUBLASLT_MATMUL_DESC_TRANSA, &op_a, sizeof op_a));
    LT(cublasLtMatmulDescSetAttribute(p->desc, CUBLASLT_MATMUL_DESC_TRANSB, &op_b, sizeof op_b));
    LT(cublasLtMatrixLayoutCreate(&p->la, CUDA_R_32F, a_rows, a_cols, p->ldb));
    LT(cublasLtMatrixLayoutCreate(&p->lb, CUDA_R_32F, b_rows, b_cols, p->lda));
    LT(cublasLtMatrixLayoutCreate(&p->lc, CUDA_R_32F, M, N, p->ldc));
    if (batch > 1) {
        cublasLtMatrixLayout_t ls[3] = {p->la, p->lb, p->lc};
        for (int i = 0; i < 3; i++) {
            LT(cublasLtMatrixLayoutSetAttribute(ls[i], CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &batch,
                                                sizeof batch));
            LT(cublasLtMatrixLayoutSetAttribute(ls[i],
                                                CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET,
                                                &strides[i], sizeof strides[i]));
        }
    }
    LT(cublasLtMatmulPreferenceCreate(&pref));
    LT(cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &ws,
                                            sizeof ws));
    /* Heuristics assume 256-byte aligned operands unless told otherwise;
     * the trainers pass row offsets into larger buffers. (cuBLASLt's A is
     * our B.) */
    LT(cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES,
                                            &p->align_b, sizeof p->align_b));
    LT(cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES,
                                            &p->align_a, sizeof p->align_a));
    LT(cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES,
                                            &p->align_c, sizeof p->align_c));
    LT(cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES,
                                            &p->align_c, sizeof p->align_c));
    LT(cublasLtMatmulAlgoGetHeuristic(s->lt, p->desc, p->la, p->lb, p->lc, p->lc, pref, 1,
                                      &result, &found));
#undef LT
    cublasLtMatmulPreferenceDestroy(pref);
    if (found == 0) {
        gemm_plan_destroy(p);
        say(s->err, sizeof s->err,
            "cuBLASLt has no algorithm for m=%d n=%d k=%d lda=%d ldb=%d ldc=%d batch=%d", p->m,
            p->n, p->k, p->lda, p->ldb, p->ldc, p->batch);
        return BC_E_UNSUPPORTED;
    }
    p->algo = result.algo;
    p->used = 1;
    return BC_OK;
fail:
    if (pref)
        cublasLtMatmulPreferenceDestroy(pref);
    gemm_plan_destroy(p);
    say(s->err, sizeof s->err,
        "cuBLASLt plan for m=%d n=%d k=%d lda=%d ldb=%d ldc=%d batch=%d: %s failed with status %d",
        p->m, p->n, p->k, p->lda, p->ldb, p->ldc, p->batch, step, (int)st);
    return st == CUBLAS_STATUS_ALLOC_FAILED ? BC_E_OUT_OF_MEMORY
           : st == CUBLAS_STATUS_NOT_SUPPORTED ? BC_E_UNSUPPORTED
                                               : BC_E_INTERNAL;
}

/* Largest power of two (at most 256) dividing the address. */
uint32_t alignment(const void *p)
{
    const uintptr_t a = (uintptr_t)p;
    uint32_t al = 256;
    while (al > 4 && (a % al) != 0)
        al /= 2;
    return al;
}

/* Alignment every matrix of a batch has: base p, then stride floats on. */
uint32_t batch_alignment(const void *p, int64_t stride)
{
    const uint32_t a = alignment(p), b = alignment((const void *)(uintptr_t)(stride * 4));
    return a < b ? a : b;
}

int32_t cuda_sgemm_batched(void *state, int trans_a, int trans_b, int m, int n, int k,
                           float alpha, const float *a, int lda, int64_t stride_a, const float *b,
                           int ldb, int64_t stride_b, float beta, float *c, int ldc,
                           int64_t stride_c, int batch)
{
    cuda_state *s = (cuda_state *)state;
    if (k == 0 || alpha == 0.0f) {
        k_scale_matrix<<<blocks_for((int64_t)m * n * batch, 256), 256, 0, s->stream>>>(
            c, m, n, ldc, stride_c, batch, beta);
        return launched(s, "sgemm (k = 0)");
    }
    gemm_plan key;
    memset(&key, 0, sizeof key);
    key.trans_a = trans_a;
    key.trans_b = trans_b;
    key.m = m;
    key.n = n;
    key.k = k;
    key.lda = lda;
    key.ldb = ldb;
    key.ldc = ldc;
    key.batch = batch;
    key.stride_a = batch > 1 ? stride_a : 0;
    key.stride_b = batch > 1 ? stride_b : 0;
    key.stride_c = batch > 1 ? stride_c : 0;
    /* Every matrix of a batch: the base and the stride both count. */
    key.align_a = batch_alignment(a, key.stride_a);
    key.align_b = batch_alignment(b, key.stride_b);
    key.align_c = batch_alignment(c, key.stride_c);
    gemm_plan *plan = NULL;
    for (int i = 0; i < GEMM_PLANS && !plan; i++) {
        gemm_plan *p = &s->plans[i];
        if (p->used && p->trans_a == key.trans_a && p->trans_b == key.trans_b && p->m == m &&
            p->n == n && p->k == k && p->lda == lda && p->ldb == ldb && p->ldc == ldc &&
            p->batch == batch && p->stride_a == key.stride_a && p->stride_b == key.stride_b &&
            p->stride_c == key.stride_c && p->align_a == key.align_a &&
            p->align_b == key.align_b && p->align_c == key.align_c)
            plan = p;
    }
    if (!plan) {
        plan = &s->plans[s->next_plan];
        s->next_plan = (s->next_plan + 1) % GEMM_PLANS;
        if (plan->used)
            gemm_plan_destroy(plan);
        *plan = key;
        int32_t rc = gemm_plan_make(s, plan);
        if (rc != BC_OK)
            return rc; /* the slot is left unused */
    }
    cublasStatus_t st = cublasLtMatmul(s->lt, plan->desc, &alpha, b, plan->la, a, plan->lb, &beta,
                                       c, plan->lc, c, plan->lc, &plan->algo, s->workspace,
                                       s->workspace_bytes, s->stream);
    if (st != CUBLAS_STATUS_SUCCESS)
        return fail_lt(s, st, "cublasLtMatmul");
    prof_mark(s, "sgemm (cuBLASLt)");
    return BC_OK;
}

int32_t cuda_activation(void *state, int act, const float *x, float *y, int64_t n)
{
    cuda_state *s = (cuda_state *)state;
    if (n <= 0)
        return BC_OK;
    k_activation<<<blocks_for(n, 256), 256, 0, s->stream>>>(act, x, y, n);
    return launched(s, "activation");
}

int32_t cuda_softmax_rows(void *state, float *x, int64_t rows, int64_t cols)
{
    cuda_state *s = (cuda_state *)state;
    if (rows <= 0 || cols <= 0)
        return BC_OK;
    const int64_t rows_per_block = 8;
    k_softmax_rows<<<(unsigned)((rows + rows_per_block - 1) / rows_per_block), 256, 0,
                     s->stream>>>(x, rows, cols);
    return launched(s, "softmax_rows");
}

int32_t cuda_adam_update(void *state, float *param, const float *grad, float *m, float *v,
                         int64_t n, float lr, float beta1, float beta2, float eps,
                         float weight_decay, int64_t t)
{
    cuda_state *s = (cuda_state *)state;
    if (n <= 0)
        return BC_OK;
    /* The bias corrections on the host, with the cpu backend's powf. */
    const float c1 = 1.0f - powf(beta1, (float)t);
    const float c2 = 1.0f - powf(beta2, (float)t);
    k_adam<<<blocks_for(n, 256), 256, 0, s->stream>>>(param, grad, m, v, n, lr, beta1, beta2, eps,
                                                      weight_decay, c1, c2);
    return launched(s, "adam_update");
}

int32_t cuda_env_reset(void *state, const bc_env_kernel *kernel, int64_t begin, int64_t end)
{
    cuda_state *s = (cuda_state *)state;
    if (end <= begin)
        return BC_OK;
    k_env_reset<<<blocks_for(end - begin, 128), 128, 0, s->stream>>>(*kernel, begin, end);
    return launched(s, "env_reset");
}

int32_t cuda_env_step(void *state, const bc_env_kernel *kernel, const int32_t *actions,
                      int64_t begin, int64_t end)
{
    cuda_state *s = (cuda_state *)state;
    if (end <= begin)
        return BC_OK;
    k_env_step<<<blocks_for(end - begin, 128), 128, 0, s->stream>>>(*kernel, actions, begin, end);
    return launched(s, "env_step");
}

int32_t cuda_gae(void *state, int32_t T, int64_t E, double gamma, double lambda, const float *rew,
                 const float *val, const uint8_t *done, const float *next_value, float *adv,
                 float *ret)
{
    cuda_state *s = (cuda_state *)state;
    if (E <= 0 || T <= 0)
        return BC_OK;
    k_gae<<<blocks_for(E, 128), 128, 0, s->stream>>>(T, E, gamma, gamma * lambda, rew, val, done,
                                                    next_value, adv, ret);
    return launched(s, "gae");
}

/* Per step: one kernel (reset + bias), the recurrent product (cuBLASLt),
 * one kernel for the cell; all on the stream, no host waits. */
int32_t gru_forward_launches(void *state, int32_t T, int32_t B, int32_t H, const float *gx,
                         const float *whh, const float *bhh, const uint8_t *starts,
                         const float *h0, float *out, float *hp, float *r, float *z, float *n,
                         float *hn, float *gh)
{
    cuda_state *s = (cuda_state *)state;
    if (T <= 0 || B <= 0 || H <= 0)
        return BC_OK;
    const int64_t BH = (int64_t)B * H;
    for (int32_t t = 0; t < T; t++) {
        const float *prev = t == 0 ? h0 : out + (t - 1) * BH;
        float *hps = hp + t * BH;
        k_gru_prep<<<blocks_for(BH * 3, 256), 256, 0, s->stream>>>(B, H, starts + (int64_t)t * B,
                                                                  prev, hps, bhh, gh);
        int32_t rc = launched(s, "gru_forward");
        if (rc == BC_OK)
            rc = cuda_sgemm_batched(state, 0, 1, B, 3 * H, H, 1.0f, hps, H, 0, whh, H, 0, 1.0f, gh,
                                    3 * H, 0, 1);
        if (rc != BC_OK)
            return rc;
        k_gru_gates<<<blocks_for(BH, 256), 256, 0, s->stream>>>(
            B, H, gx + t * BH * 3, gh, hps, out + t * BH, r + t * BH, z + t * BH, n + t * BH,
            hn + t * BH);
        if ((rc = launched(s, "gru_forward")) != BC_OK)
            return rc;
    }
    return BC_OK;
}

int32_t gru_backward_launches(void *state, int32_t T, int32_t B, int32_t H, const float *whh,
                              const uint8_t *starts, const float *hp, const float *r,
                              const float *z, const float *n, const float *hn, const float *d_out,
                              float *g_i, float *g_h, float *carry, float *d_hp)
{
    cuda_state *s = (cuda_state *)state;
    if (T <= 0 || B <= 0 || H <= 0)
        return BC_OK;
    const int64_t BH = (int64_t)B * H;
    cudaError_t e = cudaMemsetAsync(carry, 0, (size_t)BH * sizeof(float), s->stream);
    if (e != cudaSuccess)
        return fail_cuda(s, e, "gru_backward");
    for (int32_t t = T - 1; t >= 0; t--) {
        const int64_t o = t * BH;
        k_gru_gates_backward<<<blocks_for(BH, 256), 256, 0, s->stream>>>(
            B, H, d_out + o, carry, r + o, z + o, n + o, hn + o, hp + o, g_i + o * 3, g_h + o * 3,
            d_hp);
        int32_t rc = launched(s, "gru_backward");
        if (rc != BC_OK || t == 0)
            return rc;
        rc = cuda_sgemm_batched(state, 0, 0, B, H, 3 * H, 1.0f, g_h + o * 3, 3 * H, 0, whh, H, 0,
                                1.0f, d_hp, H, 0, 1);
        if (rc != BC_OK)
            return rc;
        k_gru_carry<<<blocks_for(BH, 256), 256, 0, s->stream>>>(B, H, starts + (int64_t)t * B,
                                                               d_hp, carry);
        if ((rc = launched(s, "gru_backward")) != BC_OK)
            return rc;
    }
    return BC_OK;
}

/* Runs launches() directly, or (graphs on) replays the graph captured for
 * this key: the key's first call runs plainly (its GEMM plans are made and
 * its kernels loaded outside any capture), the second captures it, and
 * from then on it is replayed. A failed capture is an error (nothing ran). */
template <typename F>
int32_t run_graph(cuda_state *s, int kind, int32_t T, int32_t B, int32_t H,
                  const void *const ptrs[12], F launches)
{
    if (!s->graphs || capturing(s))
        return launches(); /* inside the caller's capture: part of its graph */
    cudaError_t e;
    gru_graph *g = NULL;
    for (int i = 0; i < GRU_GRAPHS && !g; i++) {
        gru_graph *c = &s->gru_graphs[i];
        if (c->used && c->kind == kind && c->T == T && c->B == B && c->H == H &&
            memcmp(c->ptrs, ptrs, sizeof c->ptrs) == 0)
            g = c;
    }
    if (g && g->exec) {
        e = cudaGraphLaunch(g->exec, s->stream);
        if (e != cudaSuccess)
            return fail_cuda(s, e, "cudaGraphLaunch");
        prof_mark(s, kind ? "gru_backward (graph)" : "gru_forward (graph)");
        return BC_OK;
    }
    if (!g) {
        /* first call of this key: plain launches, remembered */
        g = &s->gru_graphs[s->next_graph];
        s->next_graph = (s->next_graph + 1) % GRU_GRAPHS;
        if (g->used && g->exec)
            cudaGraphExecDestroy(g->exec); /* freed when a launch in flight ends */
        g->used = 1;
        g->kind = kind;
        g->T = T;
        g->B = B;
        g->H = H;
        memcpy(g->ptrs, ptrs, sizeof g->ptrs);
        g->exec = NULL;
        return launches();
    }
    if ((e = cudaStreamBeginCapture(s->stream, cudaStreamCaptureModeRelaxed)) != cudaSuccess)
        return fail_cuda(s, e, "cudaStreamBeginCapture (GRU recurrence)");
    int32_t rc = launches();
    cudaGraph_t graph = NULL;
    e = cudaStreamEndCapture(s->stream, &graph);
    if (rc != BC_OK || e != cudaSuccess || !graph) {
        if (graph)
            cudaGraphDestroy(graph);
        if (rc != BC_OK)
            return rc;
        return fail_cuda(s, e != cudaSuccess ? e : cudaErrorStreamCaptureInvalidated,
                         "cudaStreamEndCapture (GRU recurrence)");
    }
    cudaGraphExec_t exec = NULL;
    e = cudaGraphInstantiate(&exec, graph, 0);
    cudaGraphDestroy(graph);
    if (e != cudaSuccess)
        return fail_cuda(s, e, "cudaGraphInstantiate (GRU recurrence)");
    g->exec = exec;
    e = cudaGraphLaunch(exec, s->stream);
    if (e != cudaSuccess)
        return fail_cuda(s, e, "cudaGraphLaunch");
    prof_mark(s, kind ? "gru_backward (graph)" : "gru_forward (graph)");
    return BC_OK;
}

int32_t cuda_gru_forward(void *state, int32_t T, int32_t B, int32_t H, const float *gx,
                         const float *whh, const float *bhh, const uint8_t *starts,
                         const float *h0, float *out, float *hp, float *r, float *z, float *n,
                         float *hn, float *gh)
{
    const void *ptrs[12] = {gx, whh, bhh, starts, h0, out, hp, r, z, n, hn, gh};
    return run_graph((cuda_state *)state, 0, T, B, H, ptrs, [&]() {
        return gru_forward_launches(state, T, B, H, gx, whh, bhh, starts, h0, out, hp, r, z, n,
                                    hn, gh);
    });
}

int32_t cuda_gru_backward(void *state, int32_t T, int32_t B, int32_t H, const float *whh,
                          const uint8_t *starts, const float *hp, const float *r, const float *z,
                          const float *n, const float *hn, const float *d_out, float *g_i,
                          float *g_h, float *carry, float *d_hp)
{
    const void *ptrs[12] = {whh, starts, hp, r, z, n, hn, d_out, g_i, g_h, carry, d_hp};
    return run_graph((cuda_state *)state, 1, T, B, H, ptrs, [&]() {
        return gru_backward_launches(state, T, B, H, whh, starts, hp, r, z, n, hn, d_out, g_i,
                                     g_h, carry, d_hp);
    });
}

/* ---- API 4 ops ---------------------------------------------------------------- */

unsigned reduce_blocks(int64_t n)
{
    unsigned b = blocks_for(n, REDUCE_THREADS);
    return b > REDUCE_BLOCKS ? REDUCE_BLOCKS : b;
}

/* The reductions' scratch, allocated on first use. */
int32_t need_scratch(cuda_state *s)
{
    if (s->partials)
        return BC_OK;
    cudaError_t e = cudaMalloc(&s->partials, (size_t)REDUCE_BLOCKS * 8 * sizeof(double));
    if (e == cudaSuccess)
        e = cudaMalloc(&s->results, 8 * sizeof(double));
    if (e != cudaSuccess) {
        cudaFree(s->partials);
        s->partials = NULL;
        return fail_cuda(s, e, "reduction scratch");
    }
    return BC_OK;
}

int32_t cuda_fill(void *state, void *dst, int value, size_t bytes)
{
    cuda_state *s = (cuda_state *)state;
    if (!bytes)
        return BC_OK;
    cudaError_t e = cudaMemsetAsync(dst, value, bytes, s->stream);
    return e == cudaSuccess ? BC_OK : fail_cuda(s, e, "fill");
}

int32_t cuda_copy(void *state, void *dst, const void *src, size_t bytes)
{
    cuda_state *s = (cuda_state *)state;
    if (!bytes)
        return BC_OK;
    cudaError_t e = cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, s->stream);
    return e == cudaSuccess ? BC_OK : fail_cuda(s, e, "copy");
}

int32_t cuda_bias_rows(void *state, int64_t N, int32_t cols, const float *b, float *y)
{
    cuda_state *s = (cuda_state *)state;
    if (N <= 0 || cols <= 0)
        return BC_OK;
    k_bias_rows<<<blocks_for(N * cols, 256), 256, 0, s->stream>>>(N, cols, b, y);
    return launched(s, "bias_rows");
}

/* sums[1 x cols] += ones[1 x N] x[N x cols]: a GEMM (cuBLASLt's order of
 * additions, not the cpu's row order). */
int32_t cuda_column_sums_add(void *state, int64_t N, int32_t cols, const float *x, float *sums)
{
    cuda_state *s = (cuda_state *)state;
    if (N <= 0 || cols <= 0)
        return BC_OK;
    if (N > 2147483647) {
        say(s->err, sizeof s->err, "column_sums_add: %lld rows exceed a GEMM's int range",
            (long long)N);
        return BC_E_INVALID_ARGUMENT;
    }
    /* The ones grow to the longest N seen. Inside a capture the fill is
     * only recorded (it runs with the graph), so it is issued again at the
     * first call outside one: a capture that fails never ran its fill. */
    const int cap = capturing(s);
    if (s->ones_n < N) {
        const int64_t n = N;
        float *ones = NULL;
        cudaError_t e = cudaMalloc(&ones, (size_t)n * sizeof(float));
        if (e != cudaSuccess)
            return fail_cuda(s, e, "column_sums_add: ones");
        retire(s, s->ones);
        s->ones = ones;
        s->ones_n = n;
        s->ones_ready = 0;
    }
    if (!s->ones_ready) {
        k_fill_value<<<blocks_for(s->ones_n, 256), 256, 0, s->stream>>>(s->ones, s->ones_n, 1.0f);
        int32_t rc = launched(s, "column_sums_add: ones");
        if (rc != BC_OK)
            return rc;
        s->ones_ready = !cap;
    }
    return cuda_sgemm_batched(state, 0, 0, 1, cols, (int)N, 1.0f, s->ones, (int)N, 0, x, cols, 0,
                              1.0f, sums, cols, 0, 1);
}

int32_t cuda_relu_layernorm_forward(void *state, int64_t N, int32_t dim, float eps, float *a,
                                    const float *g, const float *beta, float *xh, float *rs,
                                    float *y)
{
    cuda_state *s = (cuda_state *)state;
    if (N <= 0)
        return BC_OK;
    k_relu_layernorm_forward<<<blocks_for(N, ROW_WARPS), ROW_WARPS * 32, 0, s->stream>>>(
        N, dim, eps, a, g, beta, xh, rs, y);
    return launched(s, "relu_layernorm_forward");
}

int32_t cuda_relu_layernorm_backward(void *state, int64_t N, int32_t dim, float *dy,
                                     const float *g, const float *xh, const float *rs,
                                     const float *a, float *dg, float *dbeta)
{
    cuda_state *s = (cuda_state *)state;
    if (N <= 0)
        return BC_OK;
    /* the parameter gradients read dy before the rows overwrite it (one stream) */
    const int32_t C = N < LN_CHUNKS ? (int32_t)N : LN_CHUNKS;
    const int64_t need = 2 * (int64_t)C * dim;
    if (s->ln_partials_n < need) {
        const int64_t n = need;
        float *scratch = NULL;
        cudaError_t e = cudaMalloc(&scratch, (size_t)n * sizeof(float));
        if (e != cudaSuccess)
            return fail_cuda(s, e, "LayerNorm gradient scratch");
        retire(s, s->ln_partials); /* a captured graph may still name it */
        s->ln_partials = scratch;
        s->ln_partials_n = n;
    }
    float *pg = s->ln_partials, *pb = s->ln_partials + (int64_t)C * dim;
    k_layernorm_param_partials<<<C, dim < 256 ? 128 : 256, 0, s->stream>>>(N, dim, dy, xh, pg, pb);
    int32_t rc = launched(s, "relu_layernorm_backward (parameter partials)");
    if (rc != BC_OK)
        return rc;
    k_layernorm_param_finish<<<blocks_for(dim, 128), 128, 0, s->stream>>>(C, dim, pg, pb, dg,
                                                                          dbeta);
    rc = launched(s, "relu_layernorm_backward (parameters)");
    if (rc != BC_OK)
        return rc;
    k_relu_layernorm_backward<<<blocks_for(N, ROW_WARPS), ROW_WARPS * 32, 0, s->stream>>>(
        N, dim, dy, g, xh, rs, a);
    return launched(s, "relu_layernorm_backward");
}

int32_t cuda_dropout_forward(void *state, int64_t n, float p, uint64_t seed, uint64_t stream,
                             const float *x, float *mask, float *y)
{
    cuda_state *s = (cuda_state *)state;
    if (n <= 0)
        return BC_OK;
    k_dropout<<<blocks_for((n + 3) / 4, 256), 256, 0, s->stream>>>(n, p, seed, stream, x, mask,
                                                                   y);
    return launched(s, "dropout_forward");
}

int32_t cuda_multiply(void *state, int64_t n, const float *x, const float *y, float *out)
{
    cuda_state *s = (cuda_state *)state;
    if (n <= 0)
        return BC_OK;
    k_multiply<<<blocks_for(n, 256), 256, 0, s->stream>>>(n, x, y, out);
    return launched(s, "multiply");
}

int32_t cuda_mark_positive_columns(void *state, int64_t N, int32_t cols, const float *x,
                                   uint8_t *fired)
{
    cuda_state *s = (cuda_state *)state;
    if (N <= 0 || cols <= 0)
        return BC_OK;
    k_mark_positive<<<blocks_for(N * cols, 256), 256, 0, s->stream>>>(N, cols, x, fired);
    return launched(s, "mark_positive_columns");
}

int32_t cuda_sample_actions(void *state, int64_t E, int32_t A, const float *logits,
                            uint64_t seed, uint64_t stream, int32_t *actions, float *logp)
{
    cuda_state *s = (cuda_state *)state;
    if (E <= 0)
        return BC_OK;
    if (A < 1 || A > BC_MATH_MAX_ACTIONS) {
        say(s->err, sizeof s->err, "sample_actions: %d actions, expected 1..%d", (int)A,
            BC_MATH_MAX_ACTIONS);
        return BC_E_INVALID_ARGUMENT;
    }
    k_sample_actions<<<blocks_for(E, 128), 128, 0, s->stream>>>(E, A, logits, seed, stream,
                                                                actions, logp);
    return launched(s, "sample_actions");
}

int32_t cuda_gather_rows(void *state, int32_t T, int32_t B, int64_t E, const int32_t *idx,
                         size_t row_bytes, const void *src, void *dst, int scatter)
{
    cuda_state *s = (cuda_state *)state;
    if (T <= 0 || B <= 0 || row_bytes == 0)
        return BC_OK;
    if (row_bytes % 4 == 0 && (uintptr_t)src % 4 == 0 && (uintptr_t)dst % 4 == 0) {
        const int64_t words = (int64_t)(row_bytes / 4);
        k_gather_rows<uint32_t><<<blocks_for((int64_t)T * B * words, 256), 256, 0, s->stream>>>(
            T, B, E, idx, words, (const uint32_t *)src, (uint32_t *)dst, scatter);
    } else {
        k_gather_rows<uint8_t><<<blocks_for((int64_t)T * B * (int64_t)row_bytes, 256), 256, 0,
                                 s->stream>>>(T, B, E, idx, (int64_t)row_bytes,
                                              (const uint8_t *)src, (uint8_t *)dst, scatter);
    }
    return launched(s, "gather_rows");
}

int32_t cuda_normalize(void *state, int64_t n, float *x)
{
    cuda_state *s = (cuda_state *)state;
    if (n <= 0)
        return BC_OK;
    int32_t rc = need_scratch(s);
    if (rc != BC_OK)
        return rc;
    const unsigned blocks = reduce_blocks(n);
    k_moments<<<blocks, REDUCE_THREADS, 0, s->stream>>>(n, x, s->partials);
    k_finish<2><<<1, 1, 0, s->stream>>>(s->partials, (int)blocks, (double)n, FIN_MEAN_SD,
                                        s->results);
    k_normalize_apply<<<blocks_for(n, 256), 256, 0, s->stream>>>(n, x, s->results);
    return launched(s, "normalize");
}

int32_t cuda_ppo_loss(void *state, int64_t N, int32_t A, const float *logits, const float *values,
                      const int32_t *actions, const float *old_logp, const float *adv,
                      const float *returns, double clip, double ent_coef, double vf_coef,
                      float *d_logits, float *d_values, double *stats)
{
    cuda_state *s = (cuda_state *)state;
    if (N <= 0)
        return BC_OK;
    if (A < 1 || A > BC_MATH_MAX_ACTIONS) {
        say(s->err, sizeof s->err, "ppo_loss: %d actions, expected 1..%d", (int)A,
            BC_MATH_MAX_ACTIONS);
        return BC_E_INVALID_ARGUMENT;
    }
    int32_t rc = need_scratch(s);
    if (rc != BC_OK)
        return rc;
    /* a warp per row: REDUCE_THREADS / 32 rows per block and pass */
    const unsigned blocks = reduce_blocks(N * 32);
    k_ppo_loss<<<blocks, REDUCE_THREADS, 0, s->stream>>>(N, A, logits, values, actions, old_logp,
                                                         adv, returns, clip, ent_coef, vf_coef,
                                                         d_logits, d_values, s->partials);
    k_finish<BC_MATH_PPO_TERMS><<<1, 1, 0, s->stream>>>(s->partials, (int)blocks, (double)N,
                                                        FIN_MEAN, stats);
    return launched(s, "ppo_loss");
}

int32_t cuda_value_loss(void *state, int64_t N, const float *values, const float *returns,
                        double coef, float *d_values, double *loss)
{
    cuda_state *s = (cuda_state *)state;
    if (N <= 0)
        return BC_OK;
    int32_t rc = need_scratch(s);
    if (rc != BC_OK)
        return rc;
    const unsigned blocks = reduce_blocks(N);
    k_value_loss<<<blocks, REDUCE_THREADS, 0, s->stream>>>(N, values, returns, coef, d_values,
                                                           s->partials);
    k_finish<1><<<1, 1, 0, s->stream>>>(s->partials, (int)blocks, (double)N, FIN_MEAN, loss);
    return launched(s, "value_loss");
}

int32_t cuda_clip_grad_norm(void *state, float *g, int64_t n, double max_norm, double *norm)
{
    cuda_state *s = (cuda_state *)state;
    int32_t rc = need_scratch(s);
    if (rc != BC_OK)
        return rc;
    const unsigned blocks = reduce_blocks(n);
    k_sum_squares<<<blocks, REDUCE_THREADS, 0, s->stream>>>(n, g, s->partials);
    k_finish<1><<<1, 1, 0, s->stream>>>(s->partials, (int)blocks, 1.0, FIN_NORM, norm);
    if (n > 0)
        k_clip_apply<<<blocks_for(n, 256), 256, 0, s->stream>>>(n, g, norm, max_norm);
    return launched(s, "clip_grad_norm");
}

int32_t cuda_explained_variance(void *state, int64_t n, const float *returns, const float *values,
                                double *out)
{
    cuda_state *s = (cuda_state *)state;
    int32_t rc = need_scratch(s);
    if (rc != BC_OK)
        return rc;
    const unsigned blocks = reduce_blocks(n);
    k_explained_sums<<<blocks, REDUCE_THREADS, 0, s->stream>>>(n, returns, values, s->partials);
    k_finish<4><<<1, 1, 0, s->stream>>>(s->partials, (int)blocks, (double)n, FIN_EXPLAINED, out);
    return launched(s, "explained_variance");
}

/* ---- API 5 ops ---------------------------------------------------------------- */

int32_t cuda_rollout_record(void *state, int64_t E, int32_t A, const int32_t *actions,
                            const float *reward, const uint8_t *done, const double *value,
                            const float *boot, double reward_scale, double gamma, float *rew_out,
                            uint8_t *done_out, double *stats)
{
    cuda_state *s = (cuda_state *)state;
    if (E <= 0)
        return BC_OK;
    if (A < 1 || A > BC_MATH_MAX_ACTIONS) {
        say(s->err, sizeof s->err, "rollout_record: %d actions, expected 1..%d", (int)A,
            BC_MATH_MAX_ACTIONS);
        return BC_E_INVALID_ARGUMENT;
    }
    int32_t rc = need_scratch(s);
    if (rc != BC_OK)
        return rc;
    const unsigned blocks = reduce_blocks(E);
    k_rollout_record<<<blocks, REDUCE_THREADS, 0, s->stream>>>(
        E, A, actions, reward, done, value, boot, reward_scale, gamma, rew_out, done_out,
        s->partials, stats);
    k_rollout_finish<<<1, 1, 0, s->stream>>>(s->partials, (int)blocks, stats);
    return launched(s, "rollout_record");
}

int32_t cuda_store_at(void *state, const int64_t *index, void *dst, const void *src, size_t bytes)
{
    cuda_state *s = (cuda_state *)state;
    if (!bytes)
        return BC_OK;
    if (bytes % 4 == 0 && (uintptr_t)dst % 4 == 0 && (uintptr_t)src % 4 == 0) {
        const int64_t words = (int64_t)(bytes / 4);
        k_store_at<uint32_t><<<blocks_for(words, 256), 256, 0, s->stream>>>(
            index, words, (uint32_t *)dst, (const uint32_t *)src);
    } else {
        k_store_at<uint8_t><<<blocks_for((int64_t)bytes, 256), 256, 0, s->stream>>>(
            index, (int64_t)bytes, (uint8_t *)dst, (const uint8_t *)src);
    }
    return launched(s, "store_at");
}

int32_t cuda_counter_add(void *state, int64_t *counters, int32_t n, int64_t delta)
{
    cuda_state *s = (cuda_state *)state;
    if (n <= 0)
        return BC_OK;
    k_counter_add<<<1, 32, 0, s->stream>>>(counters, n, delta);
    return launched(s, "counter_add");
}

int32_t cuda_sample_actions_at(void *state, int64_t E, int32_t A, const float *logits,
                               uint64_t seed, uint64_t stream_base, const int64_t *step,
                               int32_t *actions, float *logp)
{
    cuda_state *s = (cuda_state *)state;
    if (E <= 0)
        return BC_OK;
    if (A < 1 || A > BC_MATH_MAX_ACTIONS) {
        say(s->err, sizeof s->err, "sample_actions_at: %d actions, expected 1..%d", (int)A,
            BC_MATH_MAX_ACTIONS);
        return BC_E_INVALID_ARGUMENT;
    }
    k_sample_actions_at<<<blocks_for(E, 128), 128, 0, s->stream>>>(E, A, logits, seed,
                                                                   stream_base, step, actions,
                                                                   logp);
    return launched(s, "sample_actions_at");
}

int32_t cuda_accumulate(void *state, int32_t n, const double *x, double *sum, int32_t max_index,
                        double *max, double *first_bad, double tag)
{
    cuda_state *s = (cuda_state *)state;
    if (n <= 0)
        return BC_OK;
    k_accumulate<<<1, 1, 0, s->stream>>>(n, x, sum, max_index, max, first_bad, tag);
    return launched(s, "accumulate");
}

/* The caller's graphs: relaxed capture (a first use's cudaMalloc inside an
 * op would not invalidate it; the trainer warms its ops first anyway). */
int32_t cuda_graph_begin(void *state)
{
    cuda_state *s = (cuda_state *)state;
    cudaError_t e = cudaStreamBeginCapture(s->stream, cudaStreamCaptureModeRelaxed);
    return e == cudaSuccess ? BC_OK : fail_cuda(s, e, "cudaStreamBeginCapture");
}

int32_t cuda_graph_end(void *state, void **out)
{
    cuda_state *s = (cuda_state *)state;
    cudaGraphExec_t old = (cudaGraphExec_t)*out;
    *out = NULL;
    cudaGraph_t graph = NULL;
    cudaError_t e = cudaStreamEndCapture(s->stream, &graph);
    if (e != cudaSuccess || !graph) {
        if (graph)
            cudaGraphDestroy(graph);
        if (old)
            cudaGraphExecDestroy(old); /* freed when a launch in flight ends */
        return fail_cuda(s, e != cudaSuccess ? e : cudaErrorStreamCaptureInvalidated,
                         "cudaStreamEndCapture");
    }
    if (old) {
        /* the same work with other arguments: update the kernels' params */
        cudaGraphExecUpdateResultInfo info;
        if (cudaGraphExecUpdate(old, graph, &info) == cudaSuccess) {
            cudaGraphDestroy(graph);
            *out = (void *)old;
            return BC_OK;
        }
        (void)cudaGetLastError();
        cudaGraphExecDestroy(old);
    }
    cudaGraphExec_t exec = NULL;
    e = cudaGraphInstantiate(&exec, graph, 0);
    cudaGraphDestroy(graph);
    if (e != cudaSuccess)
        return fail_cuda(s, e, "cudaGraphInstantiate");
    *out = (void *)exec;
    return BC_OK;
}

int32_t cuda_graph_launch(void *state, void *graph)
{
    cuda_state *s = (cuda_state *)state;
    cudaError_t e = cudaGraphLaunch((cudaGraphExec_t)graph, s->stream);
    if (e != cudaSuccess)
        return fail_cuda(s, e, "cudaGraphLaunch");
    prof_mark(s, "graph_launch (a captured trainer step)");
    return BC_OK;
}

void cuda_graph_free(void *state, void *graph)
{
    cuda_state *s = (cuda_state *)state;
    if (!graph)
        return;
    cudaSetDevice(s->device);
    cudaStreamSynchronize(s->stream); /* a launch may still be running */
    cudaGraphExecDestroy((cudaGraphExec_t)graph);
}

const bc_backend_ops cuda_ops = {
    BC_BACKEND_API_VERSION,
    "cuda",
    cuda_create,
    cuda_destroy,
    cuda_last_error,
    cuda_alloc,
    cuda_release,
    cuda_to_device,
    cuda_to_host,
    cuda_sgemm_batched,
    cuda_activation,
    cuda_softmax_rows,
    cuda_adam_update,
    cuda_env_reset,
    cuda_env_step,
    cuda_gae,
    cuda_gru_forward,
    cuda_gru_backward,
    cuda_fill,
    cuda_copy,
    cuda_bias_rows,
    cuda_column_sums_add,
    cuda_relu_layernorm_forward,
    cuda_relu_layernorm_backward,
    cuda_dropout_forward,
    cuda_multiply,
    cuda_mark_positive_columns,
    cuda_sample_actions,
    cuda_gather_rows,
    cuda_normalize,
    cuda_ppo_loss,
    cuda_value_loss,
    cuda_clip_grad_norm,
    cuda_explained_variance,
    cuda_rollout_record,
    cuda_store_at,
    cuda_counter_add,
    cuda_sample_actions_at,
    cuda_accumulate,
    cuda_graph_begin,
    cuda_graph_end,
    cuda_graph_launch,
    cuda_graph_free,
};

} /* namespace */

CUDA_EXPORT const bc_backend_ops *bc_cuda_backend_ops(void) { return &cuda_ops; }

/* The test oracle for gru_forward: cuDNN's GRU (one layer, fp32 with FMA
 * math, no tensor cores) over T steps of B sequences with no reset inside,
 * on the backend's handle and stream. x [T*B x in] time-major, PyTorch's
 * weights wih [3H x in], whh [3H x H], bih, bhh [3H] (copied into cuDNN's
 * weight space by its own offsets: gates r, z, n are its linear layers
 * 0-2 on the input and 3-5 on the state), h0 [B x H] (NULL: zeros); y
 * [T*B x H]. All device memory. Returns BC_OK, or a status with why. */
CUDA_EXPORT int32_t bc_cuda_cudnn_gru_forward(void *state, int32_t T, int32_t B, int32_t in,
                                              int32_t H, const float *x, const float *wih,
                                              const float *whh, const float *bih,
                                              const float *bhh, const float *h0, float *y,
                                              char *why, size_t why_size)
{
    cuda_state *s = (cuda_state *)state;
    cudnnRNNDescriptor_t rnn = NULL;
    cudnnRNNDataDescriptor_t xd = NULL, yd = NULL;
    cudnnTensorDescriptor_t hd = NULL, md = NULL, bd = NULL;
    cudnnDropoutDescriptor_t dd = NULL;
    void *drop_states = NULL, *wspace = NULL, *work = NULL, *reserve = NULL;
    int32_t *dev_len = NULL;
    int *len = (int *)malloc((size_t)B * sizeof(int));
    int32_t status = BC_E_INTERNAL;
    size_t drop_bytes = 0, wbytes = 0, work_bytes = 0, reserve_bytes = 0;
    cudnnStatus_t st = CUDNN_STATUS_SUCCESS;
    cudaError_t ce = cudaSuccess;
    const char *step = "";
    int dims[3] = {1, B, H}, strides[3] = {B * H, H, 1};
    float fill = 0.0f;
#define CK(call)                                                                                   \
    do {                                                                                           \
        step = #call;                                                                              \
        if ((st = (call)) != CUDNN_STATUS_SUCCESS)                                                 \
            goto done;                                                                             \
    } while (0)
#define CU(call)                                                                                   \
    do {                                                                                           \
        step = #call;                                                                              \
        if ((ce = (call)) != cudaSuccess)                                                          \
            goto done;                                                                             \
    } while (0)
    step = "malloc of the sequence lengths";
    if (!len) {
        status = BC_E_OUT_OF_MEMORY;
        goto done;
    }
    for (int32_t b = 0; b < B; b++)
        len[b] = T;
    CK(cudnnCreateDropoutDescriptor(&dd));
    CK(cudnnDropoutGetStatesSize(s->dnn, &drop_bytes));
    CU(cudaMalloc(&drop_states, drop_bytes ? drop_bytes : 1));
    CK(cudnnSetDropoutDescriptor(dd, s->dnn, 0.0f, drop_states, drop_bytes, 0));
    CK(cudnnCreateRNNDescriptor(&rnn));
    CK(cudnnSetRNNDescriptor_v8(rnn, CUDNN_RNN_ALGO_STANDARD, CUDNN_GRU, CUDNN_RNN_DOUBLE_BIAS,
                                CUDNN_UNIDIRECTIONAL, CUDNN_LINEAR_INPUT, CUDNN_DATA_FLOAT,
                                CUDNN_DATA_FLOAT, CUDNN_FMA_MATH, in, H, H, 1, dd,
                                CUDNN_RNN_PADDED_IO_ENABLED));
    CK(cudnnCreateRNNDataDescriptor(&xd));
    CK(cudnnSetRNNDataDescriptor(xd, CUDNN_DATA_FLOAT, CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_UNPACKED, T,
                                 B, in, len, &fill));
    CK(cudnnCreateRNNDataDescriptor(&yd));
    CK(cudnnSetRNNDataDescriptor(yd, CUDNN_DATA_FLOAT, CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_UNPACKED, T,
                                 B, H, len, &fill));
    CK(cudnnCreateTensorDescriptor(&hd));
    CK(cudnnSetTensorNdDescriptor(hd, CUDNN_DATA_FLOAT, 3, dims, strides));
    CK(cudnnGetRNNWeightSpaceSize(s->dnn, rnn, &wbytes));
    CK(cudnnGetRNNTempSpaceSizes(s->dnn, rnn, CUDNN_FWD_MODE_INFERENCE, xd, &work_bytes,
                                 &reserve_bytes));
    CU(cudaMalloc(&wspace, wbytes));
    CU(cudaMalloc(&work, work_bytes ? work_bytes : 1));
    CU(cudaMalloc(&reserve, reserve_bytes ? reserve_bytes : 1));
    CU(cudaMalloc(&dev_len, (size_t)B * sizeof(int32_t)));
    CU(cudaMemcpyAsync(dev_len, len, (size_t)B * sizeof(int32_t), cudaMemcpyHostToDevice,
                       s->stream));
    CK(cudnnCreateTensorDescriptor(&md));
    CK(cudnnCreateTensorDescriptor(&bd));
    for (int32_t id = 0; id < 6; id++) {
        void *m_addr = NULL, *b_addr = NULL;
        CK(cudnnGetRNNWeightParams(s->dnn, rnn, 0, wbytes, wspace, id, md, &m_addr, bd, &b_addr));
        const int32_t g = id % 3, cols = id < 3 ? in : H;
        const float *w = id < 3 ? wih : whh, *bias = id < 3 ? bih : bhh;
        CU(cudaMemcpyAsync(m_addr, w + (int64_t)g * H * cols, (size_t)H * cols * sizeof(float),
                           cudaMemcpyDeviceToDevice, s->stream));
        CU(cudaMemcpyAsync(b_addr, bias + (int64_t)g * H, (size_t)H * sizeof(float),
                           cudaMemcpyDeviceToDevice, s->stream));
    }
    CK(cudnnRNNForward(s->dnn, rnn, CUDNN_FWD_MODE_INFERENCE, dev_len, xd, x, yd, y, hd, h0, NULL,
                       NULL, NULL, NULL, wbytes, wspace, work_bytes, work, reserve_bytes,
                       reserve));
    CU(cudaStreamSynchronize(s->stream));
    status = BC_OK;
done:
#undef CK
#undef CU
    if (status != BC_OK) {
        if (ce == cudaErrorMemoryAllocation)
            status = BC_E_OUT_OF_MEMORY;
        say(why, why_size, "cuDNN GRU oracle: %s: %s", step,
            st != CUDNN_STATUS_SUCCESS ? cudnnGetErrorString(st)
            : ce != cudaSuccess        ? cudaGetErrorName(ce)
                                       : "out of host memory");
        (void)cudaGetLastError();
    }
    cudaStreamSynchronize(s->stream);
    cudaFree(drop_states);
    cudaFree(wspace);
    cudaFree(work);
    cudaFree(reserve);
    cudaFree(dev_len);
    if (md)
        cudnnDestroyTensorDescriptor(md);
    if (bd)
        cudnnDestroyTensorDescriptor(bd);
    if (hd)
        cudnnDestroyTensorDescriptor(hd);
    if (xd)
        cudnnDestroyRNNDataDescriptor(xd);
    if (yd)
        cudnnDestroyRNNDataDescriptor(yd);
    if (rnn)
        cudnnDestroyRNNDescriptor(rnn);
    if (dd)
        cudnnDestroyDropoutDescriptor(dd);
    free(len);
    return status;
}

/* What this machine offers: never fails, status and why say what is
 * missing. */
CUDA_EXPORT int32_t bc_cuda_device_query(bc_cuda_device_info *info)
{
    memset(info, 0, sizeof *info);
    info->api_version = BC_BACKEND_API_VERSION;
    info->status = BC_E_UNSUPPORTED;
    cudaDriverGetVersion(&info->driver_version);
    cudaRuntimeGetVersion(&info->runtime_version);
    info->cublas_version = (int32_t)cublasLtGetVersion();
    info->cudnn_version = (int32_t)cudnnGetVersion();
    int count = 0;
    cudaError_t e = cudaGetDeviceCount(&count);
    if (e != cudaSuccess) {
        say(info->why, sizeof info->why,
            "no usable CUDA driver or device: cudaGetDeviceCount: %s (%s)%s",
            cudaGetErrorString(e), cudaGetErrorName(e),
            info->driver_version == 0 ? "; no NVIDIA driver is installed" : "");
        (void)cudaGetLastError();
        return info->status;
    }
    info->device_count = count;
    if (count == 0) {
        say(info->why, sizeof info->why, "no CUDA device on this machine");
        return info->status;
    }
    cudaDeviceProp prop;
    if ((e = cudaGetDeviceProperties(&prop, 0)) != cudaSuccess) {
        say(info->why, sizeof info->why, "cudaGetDeviceProperties: %s (%s)", cudaGetErrorString(e),
            cudaGetErrorName(e));
        (void)cudaGetLastError();
        return info->status;
    }
    snprintf(info->name, sizeof info->name, "%s", prop.name);
    info->cc_major = prop.major;
    info->cc_minor = prop.minor;
    info->multiprocessors = prop.multiProcessorCount;
    info->total_bytes = prop.totalGlobalMem;
    size_t free_b = 0, total_b = 0;
    cudaSetDevice(0);
    if (cudaMemGetInfo(&free_b, &total_b) == cudaSuccess) {
        info->free_bytes = free_b;
        info->total_bytes = total_b;
    }
    info->status = BC_OK;
    return BC_OK;
}
