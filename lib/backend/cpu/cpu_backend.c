/*
 * cpu_backend.c - the always-present backend: OpenBLAS sgemm for the large
 * products (reference kernels when built without it), plain C for the rest.
 * Memory is ordinary host memory, so copies are memcpy.
 */
#include "backend/backend.h"
#include "backend/kernels_math.h"
#include "core/internal.h"
#include "env/env_kernel.h"

#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_OPENBLAS
#include <cblas.h>
#endif

const char *bc_cpu_blas_name(void)
{
#ifdef BC_HAVE_OPENBLAS
    return "openblas " OPENBLAS_VERSION;
#else
    return "reference";
#endif
}

static int32_t cpu_create(void **state, char *why, size_t why_size)
{
    (void)why;
    (void)why_size;
    *state = NULL;
    return BC_OK;
}

static void cpu_destroy(void *state) { (void)state; }

/* The cpu ops never fail once their arguments are checked. */
static const char *cpu_last_error(void *state)
{
    (void)state;
    return "";
}

static void *cpu_alloc(void *state, size_t bytes)
{
    (void)state;
    size_t rounded = (bytes + 63) & ~(size_t)63;
    void *p = NULL;
#if defined(_WIN32)
    p = _aligned_malloc(rounded ? rounded : 64, 64);
#else
    if (posix_memalign(&p, 64, rounded ? rounded : 64) != 0)
        p = NULL;
#endif
    return p;
}

static void cpu_release(void *state, void *ptr)
{
    (void)state;
#if defined(_WIN32)
    _aligned_free(ptr);
#else
    free(ptr);
#endif
}

static int32_t cpu_copy(void *state, void *dst, const void *src, size_t bytes)
{
    (void)state;
    if (bytes)
        memmove(dst, src, bytes);
    return BC_OK;
}

static int32_t cpu_sgemm_batched(void *state, int trans_a, int trans_b, int m,
                                 int n, int k, float alpha, const float *a,
                                 int lda, int64_t stride_a, const float *b,
                                 int ldb, int64_t stride_b, float beta,
                                 float *c, int ldc, int64_t stride_c, int batch)
{
    (void)state;
    for (int i = 0; i < batch; i++) {
        const float *ai = a + i * stride_a;
        const float *bi = b + i * stride_b;
        float *ci = c + i * stride_c;
#ifdef BC_HAVE_OPENBLAS
        /* OpenBLAS rejects k == 0 with lda < 1 in some versions; the
         * reference path handles degenerate shapes exactly. */
        if (m > 0 && n > 0 && k > 0) {
            cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
                        trans_b ? CblasTrans : CblasNoTrans, m, n, k, alpha,
                        ai, lda, bi, ldb, beta, ci, ldc);
            continue;
        }
#endif
        bc_ref_sgemm(trans_a, trans_b, m, n, k, alpha, ai, lda, bi, ldb, beta,
                     ci, ldc);
    }
    return BC_OK;
}

static int32_t cpu_activation(void *state, int act, const float *x, float *y,
                              int64_t n)
{
    (void)state;
    bc_ref_activation(act, x, y, n);
    return BC_OK;
}

static int32_t cpu_softmax_rows(void *state, float *x, int64_t rows,
                                int64_t cols)
{
    (void)state;
    bc_ref_softmax_rows(x, rows, cols);
    return BC_OK;
}

static int32_t cpu_adam_update(void *state, float *param, const float *grad,
                               float *m, float *v, int64_t n, float lr,
                               float beta1, float beta2, float eps,
                               float weight_decay, int64_t t)
{
    (void)state;
    bc_ref_adam_update(param, grad, m, v, n, lr, beta1, beta2, eps,
                       weight_decay, t);
    return BC_OK;
}

/* The env step is a hot loop: built three times on x86-64 ELF (baseline,
 * x86-64-v3 and -v4, picked at load time) like the feature kernels; with no
 * contraction (-std=c11) and only IEEE-exact operations vectorized, all
 * give the same bits. */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && !defined(__clang__)
#define CPU_ENV_KERNEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define CPU_ENV_KERNEL
#endif

static int32_t cpu_env_reset(void *state, const bc_env_kernel *kernel, int64_t begin,
                             int64_t end)
{
    (void)state;
    env_reset_range(kernel, begin, end);
    return BC_OK;
}

CPU_ENV_KERNEL
static int32_t cpu_env_step(void *state, const bc_env_kernel *kernel, const int32_t *actions,
                            int64_t begin, int64_t end)
{
    (void)state;
    env_step_range(kernel, actions, begin, end);
    return BC_OK;
}

static int32_t cpu_gae(void *state, int32_t T, int64_t E, double gamma, double lambda,
                       const float *rew, const float *val, const uint8_t *done,
                       const float *next_value, float *adv, float *ret)
{
    (void)state;
    bc_ref_gae(T, E, gamma, lambda, rew, val, done, next_value, adv, ret);
    return BC_OK;
}

/* The GRU recurrence: the recurrent product of each step through sgemm,
 * the cell per element (kernels_math.h). */
static int32_t cpu_gru_forward(void *state, int32_t T, int32_t B, int32_t H, const float *gx,
                               const float *whh, const float *bhh, const uint8_t *starts,
                               const float *h0, float *out, float *hp, float *r, float *z,
                               float *n, float *hn, float *gh)
{
    for (int32_t s = 0; s < T; s++) {
        float *hps = hp + (int64_t)s * B * H;
        const float *prev = s == 0 ? h0 : out + (int64_t)(s - 1) * B * H;
        for (int32_t b = 0; b < B; b++) {
            const int reset = starts[(int64_t)s * B + b] || !prev;
            for (int32_t j = 0; j < H; j++)
                hps[(int64_t)b * H + j] = reset ? 0.0f : prev[(int64_t)b * H + j];
        }
        for (int32_t b = 0; b < B; b++)
            memcpy(gh + (int64_t)b * 3 * H, bhh, (size_t)(3 * H) * sizeof *gh);
        cpu_sgemm_batched(state, 0, 1, B, 3 * H, H, 1.0f, hps, H, 0, whh, H, 0, 1.0f, gh, 3 * H,
                          0, 1);
        for (int32_t b = 0; b < B; b++) {
            const int64_t row = (int64_t)s * B + b;
            const float *gxr = gx + row * 3 * H, *ghb = gh + (int64_t)b * 3 * H;
            const float *hpr = hps + (int64_t)b * H;
            float *rr = r + row * H, *zr = z + row * H, *nr = n + row * H, *hnr = hn + row * H;
            float *h = out + row * H;
            for (int32_t j = 0; j < H; j++) {
                hnr[j] = ghb[2 * H + j];
                h[j] = bc_math_gru_forward(gxr[j], gxr[H + j], gxr[2 * H + j], ghb[j],
                                           ghb[H + j], ghb[2 * H + j], hpr[j], &rr[j], &zr[j],
                                           &nr[j]);
            }
        }
    }
    return BC_OK;
}

static int32_t cpu_gru_backward(void *state, int32_t T, int32_t B, int32_t H, const float *whh,
                                const uint8_t *starts, const float *hp, const float *r,
                                const float *z, const float *n, const float *hn,
                                const float *d_out, float *g_i, float *g_h, float *carry,
                                float *d_hp)
{
    memset(carry, 0, (size_t)B * H * sizeof *carry);
    for (int32_t s = T - 1; s >= 0; s--) {
        for (int32_t b = 0; b < B; b++) {
            const int64_t row = (int64_t)s * B + b;
            const float *rr = r + row * H, *zr = z + row * H, *nr = n + row * H;
            const float *hnr = hn + row * H, *hpr = hp + row * H;
            const float *dh = d_out + row * H, *cb = carry + (int64_t)b * H;
            float *gi = g_i + row * 3 * H, *gh = g_h + row * 3 * H;
            float *dhp = d_hp + (int64_t)b * H;
            for (int32_t j = 0; j < H; j++)
                dhp[j] = bc_math_gru_backward(dh[j] + cb[j], rr[j], zr[j], nr[j], hnr[j], hpr[j],
                                              &gi[j], &gi[H + j], &gi[2 * H + j], &gh[j],
                                              &gh[H + j], &gh[2 * H + j]);
        }
        if (s == 0)
            break; /* the state entering the block is a constant */
        cpu_sgemm_batched(state, 0, 0, B, H, 3 * H, 1.0f, g_h + (int64_t)s * B * 3 * H, 3 * H, 0,
                          whh, H, 0, 1.0f, d_hp, H, 0, 1);
        for (int32_t b = 0; b < B; b++) {
            const int keep = !starts[(int64_t)s * B + b];
            for (int32_t j = 0; j < H; j++)
                carry[(int64_t)b * H + j] = keep ? d_hp[(int64_t)b * H + j] : 0.0f;
        }
    }
    return BC_OK;
}


/* ---- API 4: the PPO trainer's ops, on the host ----------------------------- *
 * Loops in the order lib/rl ran them before they became ops (sums in row
 * order), so a trainer keeps its bits on cpu. */

static int32_t cpu_fill(void *state, void *dst, int value, size_t bytes)
{
    (void)state;
    if (bytes)
        memset(dst, value, bytes);
    return BC_OK;
}

static int32_t cpu_bias_rows(void *state, int64_t N, int32_t cols, const float *b, float *y)
{
    (void)state;
    for (int64_t i = 0; i < N; i++)
        memcpy(y + i * cols, b, (size_t)cols * sizeof *y);
    return BC_OK;
}

static int32_t cpu_column_sums_add(void *state, int64_t N, int32_t cols, const float *x,
                                   float *sums)
{
    (void)state;
    for (int64_t i = 0; i < N; i++)
        for (int32_t j = 0; j < cols; j++)
            sums[j] += x[i * cols + j];
    return BC_OK;
}

static int32_t cpu_relu_layernorm_forward(void *state, int64_t N, int32_t dim, float eps,
                                          float *a, const float *g, const float *beta, float *xh,
                                          float *rs, float *y)
{
    (void)state;
    for (int64_t i = 0; i < N; i++)
        rs[i] = bc_math_relu_layernorm_row(a + i * dim, dim, g, beta, eps, xh + i * dim,
                                           y + i * dim);
    return BC_OK;
}

static int32_t cpu_relu_layernorm_backward(void *state, int64_t N, int32_t dim, float *dy,
                                           const float *g, const float *xh, const float *rs,
                                           const float *a, float *dg, float *dbeta)
{
    (void)state;
    /* the parameter gradients read dy before the rows overwrite it */
    for (int64_t i = 0; i < N; i++)
        bc_math_layernorm_param_grad_row(dim, dy + i * dim, xh + i * dim, dg, dbeta);
    for (int64_t i = 0; i < N; i++)
        bc_math_relu_layernorm_row_backward(dy + i * dim, dim, g, xh + i * dim, rs[i],
                                            a + i * dim);
    return BC_OK;
}

static int32_t cpu_dropout_forward(void *state, int64_t n, float p, uint64_t seed,
                                   uint64_t stream, const float *x, float *mask, float *y)
{
    (void)state;
    for (int64_t i = 0; i < n; i += 4)
        bc_math_dropout_block(i, n, p, seed, stream, x, mask, y);
    return BC_OK;
}

static int32_t cpu_multiply(void *state, int64_t n, const float *x, const float *y, float *out)
{
    (void)state;
    for (int64_t i = 0; i < n; i++)
        out[i] = x[i] * y[i];
    return BC_OK;
}

static int32_t cpu_mark_positive_columns(void *state, int64_t N, int32_t cols, const float *x,
                                         uint8_t *fired)
{
    (void)state;
    for (int64_t i = 0; i < N; i++)
        for (int32_t j = 0; j < cols; j++)
            if (x[i * cols + j] > 0.0f)
                fired[j] = 1;
    return BC_OK;
}

static int32_t cpu_sample_actions(void *state, int64_t E, int32_t A, const float *logits,
                                  uint64_t seed, uint64_t stream, int32_t *actions, float *logp)
{
    (void)state;
    for (int64_t e = 0; e < E; e++)
        actions[e] = bc_math_sample_categorical(logits + e * A, A, seed, stream, (uint64_t)e,
                                                &logp[e]);
    return BC_OK;
}

static int32_t cpu_gather_rows(void *state, int32_t T, int32_t B, int64_t E, const int32_t *idx,
                               size_t row_bytes, const void *src, void *dst, int scatter)
{
    (void)state;
    const char *s = src;
    char *d = dst;
    for (int32_t t = 0; t < T; t++)
        for (int32_t b = 0; b < B; b++) {
            const size_t wide = ((size_t)t * (size_t)E + (size_t)idx[b]) * row_bytes;
            const size_t narrow = ((size_t)t * (size_t)B + (size_t)b) * row_bytes;
            if (scatter)
                memcpy(d + wide, s + narrow, row_bytes);
            else
                memcpy(d + narrow, s + wide, row_bytes);
        }
    return BC_OK;
}

static int32_t cpu_normalize(void *state, int64_t n, float *x)
{
    (void)state;
    double sum = 0.0, sq = 0.0, mean, sd;
    for (int64_t i = 0; i < n; i++)
        bc_math_moment_terms(x[i], &sum, &sq);
    bc_math_mean_sd(sum, sq, (double)n, &mean, &sd);
    for (int64_t i = 0; i < n; i++)
        x[i] = bc_math_normalize_elem(x[i], mean, sd);
    return BC_OK;
}

static int32_t cpu_ppo_loss(void *state, int64_t N, int32_t A, const float *logits,
                            const float *values, const int32_t *actions, const float *old_logp,
                            const float *adv, const float *returns, double clip, double ent_coef,
                            double vf_coef, float *d_logits, float *d_values, double *stats)
{
    (void)state;
    double sum[BC_MATH_PPO_TERMS] = {0}, terms[BC_MATH_PPO_TERMS];
    for (int64_t i = 0; i < N; i++) {
        bc_math_ppo_loss_row(A, logits + i * A, actions[i], old_logp[i], adv[i], values[i],
                             returns[i], clip, ent_coef, vf_coef, (double)N, d_logits + i * A,
                             &d_values[i], terms);
        for (int k = 0; k < BC_MATH_PPO_TERMS; k++)
            sum[k] += terms[k];
    }
    for (int k = 0; k < BC_MATH_PPO_TERMS; k++)
        stats[k] = sum[k] / (double)N;
    return BC_OK;
}

static int32_t cpu_value_loss(void *state, int64_t N, const float *values, const float *returns,
                              double coef, float *d_values, double *loss)
{
    (void)state;
    double sum = 0.0;
    for (int64_t i = 0; i < N; i++)
        sum += bc_math_value_loss_row(values[i], returns[i], coef, (double)N, &d_values[i]);
    *loss = sum / (double)N;
    return BC_OK;
}

static int32_t cpu_clip_grad_norm(void *state, float *g, int64_t n, double max_norm, double *norm)
{
    (void)state;
    double sq = 0.0;
    for (int64_t i = 0; i < n; i++)
        sq += bc_math_sq(g[i]);
    const double nrm = sqrt(sq);
    const float scale = bc_math_clip_scale(nrm, max_norm);
    if (scale != 1.0f)
        for (int64_t i = 0; i < n; i++)
            g[i] *= scale;
    *norm = nrm;
    return BC_OK;
}

static int32_t cpu_explained_variance(void *state, int64_t n, const float *returns,
                                      const float *values, double *out)
{
    (void)state;
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    for (int64_t i = 0; i < n; i++)
        bc_math_explained_terms(returns[i], values[i], s);
    *out = bc_math_explained_variance(s[0], s[1], s[2], s[3], (double)n);
    return BC_OK;
}

/* ---- API 5: the resident rollout, in env order ------------------------------ */

static int32_t cpu_rollout_record(void *state, int64_t E, int32_t A, const int32_t *actions,
                                  const float *reward, const uint8_t *done, const double *value,
                                  const float *boot, double reward_scale, double gamma,
                                  float *rew_out, uint8_t *done_out, double *stats)
{
    (void)state;
    (void)A;
    double sum = stats[BC_ROLLOUT_REWARD_SUM], sq = stats[BC_ROLLOUT_REWARD_SQ];
    double wins = stats[BC_ROLLOUT_WINS];
    for (int64_t e = 0; e < E; e++) {
        bc_math_rollout_reward_terms(reward[e], &sum, &sq, &wins);
        stats[BC_ROLLOUT_ACTIONS + actions[e]] += 1.0;
        rew_out[e] = bc_math_rollout_reward(reward[e], boot && done[e], boot ? boot[e] : 0.0f,
                                            reward_scale, gamma);
        done_out[e] = done[e];
    }
    stats[BC_ROLLOUT_REWARD_SUM] = sum;
    stats[BC_ROLLOUT_REWARD_SQ] = sq;
    stats[BC_ROLLOUT_WINS] = wins;
    for (int64_t e = 0; e < E; e++)
        if (done[e])
            bc_math_rollout_episode_terms(value[e], &stats[BC_ROLLOUT_EPISODES],
                                          &stats[BC_ROLLOUT_RETURN_SUM]);
    return BC_OK;
}

static int32_t cpu_store_at(void *state, const int64_t *index, void *dst, const void *src,
                            size_t bytes)
{
    (void)state;
    memcpy((char *)dst + (size_t)index[0] * bytes, src, bytes);
    return BC_OK;
}

static int32_t cpu_counter_add(void *state, int64_t *counters, int32_t n, int64_t delta)
{
    (void)state;
    for (int32_t i = 0; i < n; i++)
        counters[i] += delta;
    return BC_OK;
}

static int32_t cpu_sample_actions_at(void *state, int64_t E, int32_t A, const float *logits,
                                     uint64_t seed, uint64_t stream_base, const int64_t *step,
                                     int32_t *actions, float *logp)
{
    return cpu_sample_actions(state, E, A, logits, seed, stream_base | (uint64_t)step[0],
                              actions, logp);
}

static int32_t cpu_accumulate(void *state, int32_t n, const double *x, double *sum,
                              int32_t max_index, double *max, double *first_bad, double tag)
{
    (void)state;
    bc_math_accumulate(n, x, sum, max_index, max, first_bad, tag);
    return BC_OK;
}

static const bc_backend_ops cpu_ops = {
    .api_version = BC_BACKEND_API_VERSION,
    .name = "cpu",
    .create = cpu_create,
    .destroy = cpu_destroy,
    .last_error = cpu_last_error,
    .alloc = cpu_alloc,
    .release = cpu_release,
    .to_device = cpu_copy,
    .to_host = cpu_copy,
    .sgemm_batched = cpu_sgemm_batched,
    .activation = cpu_activation,
    .softmax_rows = cpu_softmax_rows,
    .adam_update = cpu_adam_update,
    .env_reset = cpu_env_reset,
    .env_step = cpu_env_step,
    .gae = cpu_gae,
    .gru_forward = cpu_gru_forward,
    .gru_backward = cpu_gru_backward,
    .fill = cpu_fill,
    .copy = cpu_copy,
    .bias_rows = cpu_bias_rows,
    .column_sums_add = cpu_column_sums_add,
    .relu_layernorm_forward = cpu_relu_layernorm_forward,
    .relu_layernorm_backward = cpu_relu_layernorm_backward,
    .dropout_forward = cpu_dropout_forward,
    .multiply = cpu_multiply,
    .mark_positive_columns = cpu_mark_positive_columns,
    .sample_actions = cpu_sample_actions,
    .gather_rows = cpu_gather_rows,
    .normalize = cpu_normalize,
    .ppo_loss = cpu_ppo_loss,
    .value_loss = cpu_value_loss,
    .clip_grad_norm = cpu_clip_grad_norm,
    .explained_variance = cpu_explained_variance,
    .rollout_record = cpu_rollout_record,
    .store_at = cpu_store_at,
    .counter_add = cpu_counter_add,
    .sample_actions_at = cpu_sample_actions_at,
    .accumulate = cpu_accumulate,
    /* no graphs: the trainer runs the ops themselves */
};

const bc_backend_ops *bc_cpu_backend_ops(void) { return &cpu_ops; }
