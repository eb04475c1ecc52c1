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

/* Bumped whenever bc_backend_ops or bc_cuda_device_info changes layout; a
 * plugin built against another version is refused.
 * 3: create() reports why it failed, last_error(), gae(), gru_forward()
 *    and gru_backward(); the plugin's device query.
 * 4: the PPO trainer's ops (fill .. explained_variance below), so that its
 *    rollout and update run on the backend's memory. A plugin of another
 *    version is refused by name at bc_backend_init.
 * 5: the device-resident rollout (rollout_record .. accumulate) and CUDA
 *    graphs (graph_begin .. graph_free). */
#define BC_BACKEND_API_VERSION 5

/* Name of the CUDA plugin, the symbols it exports (the ops table, and the
 * device query, bc_cuda_query_fn), and the environment variable that names
 * its path (BC_CUDA_PLUGIN is the old spelling, still read). */
#define BC_CUDA_PLUGIN_NAME "libbotcopier-cuda.so"
#define BC_CUDA_PLUGIN_ENTRY "bc_cuda_backend_ops"
#define BC_CUDA_PLUGIN_QUERY "bc_cuda_device_query"
#define BC_CUDA_PLUGIN_ENV "BOTCOPIER_CUDA_PLUGIN"
#define BC_CUDA_PLUGIN_ENV_OLD "BC_CUDA_PLUGIN"

/* What the plugin found on this machine (device 0). device_count 0 with
 * status != BC_OK and why set: no driver, or no device. Versions are
 * CUDA's integers (1000 major + 10 minor), 0 when unknown. */
typedef struct bc_cuda_device_info {
    uint32_t api_version;       /* BC_BACKEND_API_VERSION of the plugin */
    int32_t status;             /* BC_OK when device 0 is usable */
    int32_t device_count;
    int32_t cc_major, cc_minor; /* compute capability */
    int32_t driver_version, runtime_version;
    int32_t cublas_version, cudnn_version;
    int32_t multiprocessors;
    uint64_t total_bytes, free_bytes;
    char name[256];
    char why[512];              /* the failure, when status != BC_OK */
} bc_cuda_device_info;

typedef int32_t (*bc_cuda_query_fn)(bc_cuda_device_info *info);

/* Elementwise activations for bc_backend_ops.activation. */
enum bc_activation {
    BC_ACT_IDENTITY = 0,
    BC_ACT_RELU = 1,
    BC_ACT_TANH = 2,
    BC_ACT_SIGMOID = 3
};

struct bc_env_kernel; /* lib/env/env_kernel.h */

/* Slots of rollout_record's running sums (doubles in backend memory): the
 * rewards, their squares, the steps with a reward > 0, the episodes ended,
 * the sum of (final value - 1) over them, then one count per action. */
#define BC_ROLLOUT_REWARD_SUM 0
#define BC_ROLLOUT_REWARD_SQ 1
#define BC_ROLLOUT_WINS 2
#define BC_ROLLOUT_EPISODES 3
#define BC_ROLLOUT_RETURN_SUM 4
#define BC_ROLLOUT_ACTIONS 5 /* stats[BC_ROLLOUT_ACTIONS + a], a < A */

typedef struct bc_backend_ops {
    uint32_t api_version;
    const char *name;
    /* Creates the backend's private state; returns BC_OK, or a status with
     * the reason written to why (NUL-terminated, at most why_size bytes). */
    int32_t (*create)(void **state, char *why, size_t why_size);
    void (*destroy)(void *state);
    /* The last failure of an op on this state, "" when none (a plugin
     * cannot set the library's thread-local error itself). */
    const char *(*last_error)(void *state);
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
    /* GAE(gamma, lambda) over a time-major [T x E] rollout in this backend's
     * memory (kernels_math.h's bc_math_gae_env per env): rew, val [T x E],
     * done [T x E] (1 where the episode ended at that step), next_value [E]
     * the values after the last step; writes adv and ret [T x E]. */
    int32_t (*gae)(void *state, int32_t T, int64_t E, double gamma, double lambda,
                   const float *rew, const float *val, const uint8_t *done,
                   const float *next_value, float *adv, float *ret);
    /* One GRU layer's recurrence over T steps of B sequences, hidden H,
     * gate order r, z, n (PyTorch's and cuDNN's), from its input projection
     * gx [T*B x 3H] (W_ih x + b_ih, rows time-major) and the recurrent
     * weights whh [3H x H] (PyTorch's weight_hh, row-major) and bhh [3H].
     * The state entering step t of sequence b is zero where starts[t*B+b]
     * is 1 (an episode begins inside the sequence: cuDNN's RNN cannot do
     * this), else h0 [B x H] at t = 0 (NULL: zeros), else the output of
     * step t-1. Writes out [T*B x H] and the tape the backward reads: hp
     * (state entering), r, z, n and hn (= W_hn h + b_hn) [T*B x H] each; gh
     * [B x 3H] is scratch. The cell is kernels_math.h's. */
    int32_t (*gru_forward)(void *state, int32_t T, int32_t B, int32_t H, const float *gx,
                           const float *whh, const float *bhh, const uint8_t *starts,
                           const float *h0, float *out, float *hp, float *r, float *z,
                           float *n, float *hn, float *gh);
    /* Its backward through time from d_out [T*B x H] = d(loss)/d(out):
     * writes g_i and g_h [T*B x 3H], the gradients of the input-side and
     * recurrent pre-activations (the caller forms dW_ih, db_ih and dx from
     * g_i, dW_hh = g_h^T hp and db_hh from g_h). No gradient flows into a
     * state zeroed by starts, nor into h0. carry, d_hp [B x H] are scratch. */
    int32_t (*gru_backward)(void *state, int32_t T, int32_t B, int32_t H, const float *whh,
                            const uint8_t *starts, const float *hp, const float *r,
                            const float *z, const float *n, const float *hn,
                            const float *d_out, float *g_i, float *g_h, float *carry,
                            float *d_hp);
    /* ---- API 4: the rest of the PPO trainer (lib/rl), each over memory of
     * this backend, arithmetic from kernels_math.h. Sums that the cpu
     * backend adds in row order may be added in another order by a device
     * backend (its tests state the tolerance). */
    /* memset of bytes at dst to byte value; copy of bytes inside this
     * backend's memory (regions may not overlap). */
    int32_t (*fill)(void *state, void *dst, int value, size_t bytes);
    int32_t (*copy)(void *state, void *dst, const void *src, size_t bytes);
    /* y[i*cols + j] = b[j] for rows i < N (the bias a GEMM adds onto). */
    int32_t (*bias_rows)(void *state, int64_t N, int32_t cols, const float *b, float *y);
    /* sums[j] += sum over i < N of x[i*cols + j] (bias gradients). */
    int32_t (*column_sums_add)(void *state, int64_t N, int32_t cols, const float *x, float *sums);
    /* Per row of a [N x dim]: a = relu(a) in place, then LayerNorm with gain
     * g and bias beta, eps inside the root: xh (normalized) and y [N x dim],
     * rs [N] = 1/sqrt(var + eps) (bc_math_relu_layernorm_row). */
    int32_t (*relu_layernorm_forward)(void *state, int64_t N, int32_t dim, float eps, float *a,
                                      const float *g, const float *beta, float *xh, float *rs,
                                      float *y);
    /* Its backward: dy [N x dim] (gradient at y) becomes, in place, the
     * gradient at a before the ReLU; dg and dbeta [dim] accumulate. */
    int32_t (*relu_layernorm_backward)(void *state, int64_t N, int32_t dim, float *dy,
                                       const float *g, const float *xh, const float *rs,
                                       const float *a, float *dg, float *dbeta);
    /* Dropout with probability p in [0, 1): mask [n] from Philox (seed,
     * stream) (bc_math_dropout_block), y = x mask (x == y allowed). */
    int32_t (*dropout_forward)(void *state, int64_t n, float p, uint64_t seed, uint64_t stream,
                               const float *x, float *mask, float *y);
    /* out[i] = x[i] y[i] (the dropout's backward: dy times the mask). */
    int32_t (*multiply)(void *state, int64_t n, const float *x, const float *y, float *out);
    /* fired[j] = 1 where some x[i*cols + j] > 0, i < N (fired is only set,
     * never cleared: the dead-unit metric). */
    int32_t (*mark_positive_columns)(void *state, int64_t N, int32_t cols, const float *x,
                                     uint8_t *fired);
    /* Row e < E of logits [E x A] (A <= BC_MATH_MAX_ACTIONS): an action
     * drawn from its softmax with Philox (seed, stream) block e, and its
     * log-probability (bc_math_sample_categorical). */
    int32_t (*sample_actions)(void *state, int64_t E, int32_t A, const float *logits,
                              uint64_t seed, uint64_t stream, int32_t *actions, float *logp);
    /* Rows of row_bytes each: dst row t*B+b = src row t*E+idx[b] for t < T,
     * b < B (scatter != 0: the other way round, dst row t*E+idx[b] = src
     * row t*B+b). idx [B] lives in this backend's memory. */
    int32_t (*gather_rows)(void *state, int32_t T, int32_t B, int64_t E, const int32_t *idx,
                           size_t row_bytes, const void *src, void *dst, int scatter);
    /* x[i] = (x[i] - mean) / (sd + 1e-8) over i < n, unbiased sd
     * (bc_math_mean_sd; the advantage normalization). */
    int32_t (*normalize)(void *state, int64_t n, float *x);
    /* The PPO loss of N rows (bc_math_ppo_loss_row): logits [N x A],
     * values, actions, old_logp, adv, returns [N]; writes d_logits [N x A],
     * d_values [N] (gradients of the mean loss) and stats [BC_MATH_PPO_TERMS]
     * (doubles, this backend's memory): the means of the row terms. */
    int32_t (*ppo_loss)(void *state, int64_t N, int32_t A, const float *logits,
                        const float *values, const int32_t *actions, const float *old_logp,
                        const float *adv, const float *returns, double clip, double ent_coef,
                        double vf_coef, float *d_logits, float *d_values, double *stats);
    /* The value loss alone: mean of 0.5 (V - R)^2 into *loss (a double in
     * this backend's memory), d_values = coef (V - R) / N. */
    int32_t (*value_loss)(void *state, int64_t N, const float *values, const float *returns,
                          double coef, float *d_values, double *loss);
    /* Global L2 norm of g [n] (accumulated in double) into *norm (this
     * backend's memory); g scaled by bc_math_clip_scale(norm, max_norm). */
    int32_t (*clip_grad_norm)(void *state, float *g, int64_t n, double max_norm, double *norm);
    /* 1 - Var(R - V) / Var(R) over n samples into *out (NaN when Var(R) is
     * 0; bc_math_explained_variance). */
    int32_t (*explained_variance)(void *state, int64_t n, const float *returns,
                                  const float *values, double *out);
    /* ---- API 5: the device-resident rollout. Every argument that changes
     * from step to step is read from this backend's memory, so a step's
     * ops can be captured once and replayed. */
    /* One rollout step's bookkeeping over E envs (kernels_math.h's
     * bc_math_rollout_reward): rew_out[e] = (float)(reward[e] scale), plus
     * (float)(gamma boot[e]) where done[e] (boot NULL: no env is done);
     * done_out[e] = done[e]; stats (BC_ROLLOUT_*, 5 + A doubles) gain the
     * step's sums (value: the envs' values after the step, read where
     * done), the cpu backend adding in env order. */
    int32_t (*rollout_record)(void *state, int64_t E, int32_t A, const int32_t *actions,
                              const float *reward, const uint8_t *done, const double *value,
                              const float *boot, double reward_scale, double gamma,
                              float *rew_out, uint8_t *done_out, double *stats);
    /* bytes from src to dst + index[0] * bytes (index: an int64 in this
     * backend's memory). */
    int32_t (*store_at)(void *state, const int64_t *index, void *dst, const void *src,
                        size_t bytes);
    /* counters[i] += delta for i < n (int64s in this backend's memory). */
    int32_t (*counter_add)(void *state, int64_t *counters, int32_t n, int64_t delta);
    /* sample_actions with the Philox stream stream_base | step[0] (step: an
     * int64 in this backend's memory). */
    int32_t (*sample_actions_at)(void *state, int64_t E, int32_t A, const float *logits,
                                 uint64_t seed, uint64_t stream_base, const int64_t *step,
                                 int32_t *actions, float *logp);
    /* Running sums of per-minibatch statistics, read once per iteration:
     * sum[k] += x[k] for k < n; *max = x[max_index] where larger (max_index
     * < 0: none); *first_bad = tag where *first_bad is 0 and some x[k] is
     * not finite. All doubles in this backend's memory. */
    int32_t (*accumulate)(void *state, int32_t n, const double *x, double *sum,
                          int32_t max_index, double *max, double *first_bad, double tag);
    /* CUDA graphs; NULL where the backend has none (cpu), and the caller
     * then runs the ops themselves. graph_begin starts capturing the ops
     * issued next (they do not run); graph_end stops and instantiates the
     * capture into *graph, or, when *graph holds an earlier graph_end's
     * graph, updates that one in place if it can (the same work with other
     * arguments: cheaper than instantiating), else replaces it (a failure
     * frees it and sets *graph to NULL: the captured ops never ran);
     * graph_launch replays it (reading the buffers' current contents);
     * graph_free releases it. */
    int32_t (*graph_begin)(void *state);
    int32_t (*graph_end)(void *state, void **graph);
    int32_t (*graph_launch)(void *state, void *graph);
    void (*graph_free)(void *state, void *graph);
} bc_backend_ops;

struct bc_backend {
    const bc_backend_ops *ops;
    void *state;
    void *plugin; /* dlopen handle for plugin backends, else NULL */
};

/* Records a failed op of backend be (NULL: the cpu ops on the host) as
 * the thread's error, "<what> on backend '<name>': <its last_error>";
 * returns rc. */
int32_t bc_backend_op_failed(const bc_backend *be, int32_t rc, const char *what);

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
void bc_ref_gae(int32_t T, int64_t E, double gamma, double lambda, const float *rew,
                const float *val, const uint8_t *done, const float *next_value, float *adv,
                float *ret);

/* Loads the CUDA plugin (the order bc_backend_init uses) and asks it about
 * the machine; never fails: info->status and info->why say what was
 * missing (plugin, driver, device). path, when not NULL, gets the plugin's
 * path or "" (path_size bytes). */
void bc_cuda_probe(bc_cuda_device_info *info, char *path, size_t path_size);

#endif /* BC_BACKEND_H */
