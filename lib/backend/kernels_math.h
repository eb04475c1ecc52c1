/*
 * kernels_math.h - the trainer's arithmetic written once for both backends:
 * GAE over one env's rollout, one Adam element, the activations, the GRU
 * cell's gate math (forward and backward, per element), and the PPO
 * trainer's rows and the terms of its reductions. Plain functions over
 * flat arrays and scalars, BC_HD so that the cpu backend and lib/rl compile
 * them as C and the CUDA plugin as host/device code: the CPU tests exercise
 * the very expressions the GPU runs, and the two cannot drift. (The env step
 * is shared the same way through lib/env/env_kernel.h, Philox through
 * lib/core/rng.h.)
 *
 * Every expression is written out in a fixed order and the library compiles
 * without floating-point contraction (C11 on the host, -fmad=false in the
 * plugin), so operations that are IEEE-exact on both sides (+ - * / sqrt)
 * give the same bits; expf/tanhf/log come from each side's math library
 * and may differ by an ulp or two.
 */
#ifndef BC_BACKEND_KERNELS_MATH_H
#define BC_BACKEND_KERNELS_MATH_H

#include "core/hd.h"
#include "core/rng.h"

#include <math.h>
#include <stdint.h>

/* Activation codes (enum bc_activation in backend.h). */
#define BC_MATH_ACT_RELU 1
#define BC_MATH_ACT_TANH 2
#define BC_MATH_ACT_SIGMOID 3

/* ---- GAE ------------------------------------------------------------------ */

/* GAE(gamma, lambda) backwards over env e of a time-major [T x E] rollout:
 *   delta_t = r_t + gamma V_{t+1} (1 - d_t) - V_t
 *   A_t = delta_t + gamma lambda (1 - d_t) A_{t+1},  ret_t = A_t + V_t
 * with V_T = next_value (the value of the observation after the last step)
 * and d_t = done[t*E+e] (the episode ended at step t). Accumulates in
 * double; gl = gamma * lambda. adv and ret get floats. */
BC_HD static inline void bc_math_gae_env(int32_t T, int64_t E, int64_t e, double gamma, double gl,
                                         const float *rew, const float *val, const uint8_t *done,
                                         double next_value, float *adv, float *ret)
{
    double a = 0.0;
    for (int32_t t = T - 1; t >= 0; t--) {
        const int64_t i = (int64_t)t * E + e;
        const double nonterminal = done[i] ? 0.0 : 1.0;
        const double delta = rew[i] + gamma * next_value * nonterminal - val[i];
        a = delta + gl * nonterminal * a;
        adv[i] = (float)a;
        ret[i] = (float)(a + val[i]);
        next_value = val[i];
    }
}

/* ---- Adam ----------------------------------------------------------------- */

/* One element of Adam with decoupled weight decay (AdamW): c1 = 1 - beta1^t
 * and c2 = 1 - beta2^t, the bias corrections of step t, computed once by
 * the caller for the whole buffer. */
BC_HD static inline void bc_math_adam_elem(float *param, float g, float *m, float *v, float lr,
                                           float beta1, float beta2, float eps, float weight_decay,
                                           float c1, float c2)
{
    const float mi = beta1 * *m + (1.0f - beta1) * g;
    const float vi = beta2 * *v + (1.0f - beta2) * g * g;
    *m = mi;
    *v = vi;
    const float mhat = mi / c1;
    const float vhat = vi / c2;
    *param -= lr * (mhat / (sqrtf(vhat) + eps) + weight_decay * *param);
}

/* ---- activations ---------------------------------------------------------- */

BC_HD static inline float bc_math_relu(float x) { return x > 0.0f ? x : 0.0f; }

/* Logistic split by sign so exp never overflows. */
BC_HD static inline float bc_math_sigmoid_safe(float x)
{
    if (x >= 0.0f)
        return 1.0f / (1.0f + expf(-x));
    const float e = expf(x);
    return e / (1.0f + e);
}

/* The GRU's gates: 1/(1+e^-x) (saturates cleanly: e^-x = inf gives 0). */
BC_HD static inline float bc_math_sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

/* tanh through expf: 1 - 2/(1 + e^2x), within a few float ulps absolute of
 * tanh, and saturating cleanly (e^2x = inf gives 1, 0 gives -1); cheaper
 * than glibc's tanhf. */
BC_HD static inline float bc_math_tanh(float x) { return 1.0f - 2.0f / (1.0f + expf(2.0f * x)); }

/* ---- GRU cell (PyTorch's and cuDNN's gate order r, z, n) ----------------- */

/* Forward of one hidden unit given the input part gx_* = W_i* x + b_i* and
 * the recurrent part gh_* = W_h* h + b_h* of each gate, and the previous
 * state hp:
 *   r = s(gx_r + gh_r), z = s(gx_z + gh_z), n = tanh(gx_n + r gh_n),
 *   h = (1 - z) n + z hp.
 * r, z, n are kept for the backward pass (and gh_n, the caller's). */
BC_HD static inline float bc_math_gru_forward(float gx_r, float gx_z, float gx_n, float gh_r,
                                              float gh_z, float gh_n, float hp, float *r,
                                              float *z, float *n)
{
    const float rv = bc_math_sigmoid(gx_r + gh_r);
    const float zv = bc_math_sigmoid(gx_z + gh_z);
    const float nv = bc_math_tanh(gx_n + rv * gh_n);
    *r = rv;
    *z = zv;
    *n = nv;
    return (1.0f - zv) * nv + zv * hp;
}

/* Backward of one hidden unit: dh = d(loss)/d(h) (the output's gradient plus
 * the carry from the step after), r, z, n, gh_n and hp from the forward.
 * Writes the gradients of the gates' pre-activations: gi_* (input side,
 * = d/d(gx_*)) and gh_* (recurrent side, = d/d(gh_*)); returns
 * d(loss)/d(hp) through z alone (the caller adds W_h^T gh). */
BC_HD static inline float bc_math_gru_backward(float dh, float r, float z, float n, float gh_n,
                                               float hp, float *gi_r, float *gi_z, float *gi_n,
                                               float *ghd_r, float *ghd_z, float *ghd_n)
{
    const float dn = dh * (1.0f - z);
    const float dz = dh * (hp - n);
    const float dnp = dn * (1.0f - n * n);
    const float drp = dnp * gh_n * r * (1.0f - r);
    const float dzp = dz * z * (1.0f - z);
    *gi_r = drp;
    *gi_z = dzp;
    *gi_n = dnp;
    *ghd_r = drp;
    *ghd_z = dzp;
    *ghd_n = dnp * r;
    return dh * z;
}


/* ---- the PPO trainer's elementwise and per-row math (backend API 4) ------- *
 * Written in the order the trainer computed them on the host before they
 * became backend ops, so the cpu backend keeps its bits: double sums where
 * it summed in double, float where it stayed float. */

/* Most actions a categorical row may have (the portfolio env has 12). */
#define BC_MATH_MAX_ACTIONS 32

/* LayerNorm's pieces, shared by the row functions below (the cpu: one
 * row at a time, sums in order) and the plugin's warp-per-row kernels (a
 * warp's lanes over the row, the same double sums added as a shuffle tree):
 * only the order of the row sums differs between them. */

/* The row's mean (or mean gradient term) from its double sum. */
BC_HD static inline float bc_math_ln_mean(double sum, int32_t dim) { return (float)(sum / dim); }

/* One element's term of the variance sum: (a - mean)^2 in double. */
BC_HD static inline double bc_math_ln_sq(float a, float mean)
{
    const float d = a - mean;
    return (double)d * d;
}

/* 1/sqrt(var + eps) from the sum of squared deviations (biased variance). */
BC_HD static inline float bc_math_ln_rstd(double sq, int32_t dim, float eps)
{
    return 1.0f / sqrtf((float)(sq / dim) + eps);
}

/* One element of the output: *xh = (a - mean) r, returns g xh + beta. */
BC_HD static inline float bc_math_ln_out(float a, float mean, float r, float g, float beta,
                                         float *xh)
{
    const float h = (a - mean) * r;
    *xh = h;
    return g * h + beta;
}

/* One element's terms of the backward row sums: *m1 += d g, *m2 += d g xh. */
BC_HD static inline void bc_math_ln_grad_terms(float d, float g, float xh, double *m1, double *m2)
{
    const float dh = d * g;
    *m1 += dh;
    *m2 += (double)dh * xh;
}

/* One element of the input gradient through LayerNorm then ReLU:
 * rs (d g - mean1 - xh mean2), 0 where the ReLU's output a is <= 0. */
BC_HD static inline float bc_math_ln_dx(float d, float g, float xh, float rs, float mean1,
                                        float mean2, float a)
{
    const float dx = rs * (d * g - mean1 - xh * mean2);
    return a > 0.0f ? dx : 0.0f;
}

/* One row of ReLU then LayerNorm (biased variance, eps inside the root):
 * a = relu(a) in place, xh = (a - mean) / sqrt(var + eps), y = g xh + beta;
 * returns 1/sqrt(var + eps), kept for the backward pass. */
BC_HD static inline float bc_math_relu_layernorm_row(float *a, int32_t dim, const float *g,
                                                     const float *beta, float eps, float *xh,
                                                     float *y)
{
    double sum = 0.0;
    for (int32_t j = 0; j < dim; j++) {
        a[j] = bc_math_relu(a[j]);
        sum += a[j];
    }
    const float mean = bc_math_ln_mean(sum, dim);
    double var = 0.0;
    for (int32_t j = 0; j < dim; j++)
        var += bc_math_ln_sq(a[j], mean);
    const float r = bc_math_ln_rstd(var, dim, eps);
    for (int32_t j = 0; j < dim; j++)
        y[j] = bc_math_ln_out(a[j], mean, r, g[j], beta[j], &xh[j]);
    return r;
}

/* One element's terms of the LayerNorm gain and bias gradients, in float:
 * *dg += dy xh, *dbeta += dy. */
BC_HD static inline void bc_math_ln_param_terms(float dy, float xh, float *dg, float *dbeta)
{
    *dg += dy * xh;
    *dbeta += dy;
}

/* The LayerNorm gain and bias gradients of one row: dg[j] += dy xh,
 * dbeta[j] += dy (the cpu adds the rows in order; the plugin adds chunks
 * of rows per column, then the chunks in order: the same terms, summed in
 * another fixed order). */
BC_HD static inline void bc_math_layernorm_param_grad_row(int32_t dim, const float *dy,
                                                          const float *xh, float *dg,
                                                          float *dbeta)
{
    for (int32_t j = 0; j < dim; j++)
        bc_math_ln_param_terms(dy[j], xh[j], &dg[j], &dbeta[j]);
}

/* One row's input gradient, in place: d (at the LayerNorm output) becomes
 * the gradient at the ReLU's input,
 *   dx = rs (d g - mean(d g) - xh mean(d g xh)), 0 where a <= 0. */
BC_HD static inline void bc_math_relu_layernorm_row_backward(float *d, int32_t dim, const float *g,
                                                             const float *xh, float rs,
                                                             const float *a)
{
    double m1 = 0.0, m2 = 0.0;
    for (int32_t j = 0; j < dim; j++)
        bc_math_ln_grad_terms(d[j], g[j], xh[j], &m1, &m2);
    const float mean1 = bc_math_ln_mean(m1, dim), mean2 = bc_math_ln_mean(m2, dim);
    for (int32_t j = 0; j < dim; j++)
        d[j] = bc_math_ln_dx(d[j], g[j], xh[j], rs, mean1, mean2, a[j]);
}

/* Dropout of elements i..i+3 (i a multiple of 4, n the array's length):
 * mask = 1/(1-p) where Philox block (seed, stream, i/4) word l draws a
 * uniform >= p, else 0; y = x mask (x == y allowed). */
BC_HD static inline void bc_math_dropout_block(int64_t i, int64_t n, float p, uint64_t seed,
                                               uint64_t stream, const float *x, float *mask,
                                               float *y)
{
    const float keep = 1.0f / (1.0f - p);
    uint32_t r[4];
    bc_philox_block(seed, stream, (uint64_t)i / 4, r);
    for (int64_t l = 0; l < 4 && i + l < n; l++) {
        const float m = bc_philox_to_unit_float(r[l]) >= p ? keep : 0.0f;
        mask[i + l] = m;
        y[i + l] = x[i + l] * m;
    }
}

/* exp(z - max) of one logit, the softmax's numerator (in double). */
BC_HD static inline double bc_math_softmax_exp(float z, double mx) { return exp((double)z - mx); }

/* The log-sum-exp of a row from its max and its sum of exp(z - max). */
BC_HD static inline double bc_math_softmax_lse(double mx, double sum) { return mx + log(sum); }

/* Softmax of the logits z[A] in double into prob; returns log-sum-exp. */
BC_HD static inline double bc_math_softmax_row_f64(const float *z, int32_t A, double *prob)
{
    double mx = z[0];
    for (int32_t a = 1; a < A; a++)
        if (z[a] > mx)
            mx = z[a];
    double sum = 0.0;
    for (int32_t a = 0; a < A; a++) {
        prob[a] = bc_math_softmax_exp(z[a], mx);
        sum += prob[a];
    }
    for (int32_t a = 0; a < A; a++)
        prob[a] /= sum;
    return bc_math_softmax_lse(mx, sum);
}

/* Draws an action from softmax(z[A]) (A <= BC_MATH_MAX_ACTIONS) by
 * inverse CDF with u from word 0 of Philox block (seed, stream, row),
 * centred in its 2^-32 cell; *logp gets the action's log-probability. */
BC_HD static inline int32_t bc_math_sample_categorical(const float *z, int32_t A, uint64_t seed,
                                                       uint64_t stream, uint64_t row, float *logp)
{
    double prob[BC_MATH_MAX_ACTIONS];
    const double lse = bc_math_softmax_row_f64(z, A, prob);
    uint32_t r[4];
    bc_philox_block(seed, stream, row, r);
    const double u = ((double)r[0] + 0.5) / 4294967296.0;
    double c = 0.0;
    int32_t a = A - 1;
    for (int32_t k = 0; k < A; k++) {
        c += prob[k];
        if (u < c) {
            a = k;
            break;
        }
    }
    *logp = (float)((double)z[a] - lse);
    return a;
}

/* The reward a rollout stores for one env and step: the env's reward
 * scaled, and at an episode's end (done) the bootstrap gamma * boot, the
 * value of its final observation (time-limit ends: the return continues
 * past the cut, SB3's bootstrap). In float, as the trainer always did. */
BC_HD static inline float bc_math_rollout_reward(float reward, int done, float boot, double scale,
                                                 double gamma)
{
    float r = (float)((double)reward * scale);
    if (done)
        r += (float)(gamma * boot);
    return r;
}

/* The squared-error value loss of one row: returns 0.5 (v - R)^2 and
 * writes its gradient scaled by coef / n (the mean over n rows). */
BC_HD static inline double bc_math_value_loss_row(float value, float ret, double coef, double n,
                                                  float *d_value)
{
    const double err = (double)value - ret;
    *d_value = (float)(coef * err / n);
    return 0.5 * err * err;
}

/* Per-row terms of the PPO statistics (bc_math_ppo_loss_row's terms[]). */
#define BC_MATH_PPO_POLICY 0   /* -min(ratio A, clip(ratio) A) */
#define BC_MATH_PPO_VALUE 1    /* 0.5 (V - R)^2 */
#define BC_MATH_PPO_ENTROPY 2  /* -sum p log p */
#define BC_MATH_PPO_KL 3       /* (ratio - 1) - log ratio, the k3 estimator */
#define BC_MATH_PPO_CLIPPED 4  /* 1 where |ratio - 1| > clip */
#define BC_MATH_PPO_TERMS 5

/* The PPO loss's pieces, shared by bc_math_ppo_loss_row (the cpu, one row
 * at a time) and the plugin's warp-per-row loss kernel (a lane per action,
 * the softmax and entropy sums as shuffle trees). */

/* log p, and 0 where p is 0 (the entropy's and its gradient's convention). */
BC_HD static inline double bc_math_safe_log(double p) { return p > 0.0 ? log(p) : 0.0; }

/* One action's entropy term -p log p given lp = bc_math_safe_log(p). */
BC_HD static inline double bc_math_neg_plogp(double p, double lp)
{
    return p > 0.0 ? -(p * lp) : 0.0;
}

/* The clipped surrogate of one row given its action's log-probability
 * logp: writes terms POLICY, KL and CLIPPED; returns d(-min(s1, s2))/d logp. */
BC_HD static inline double bc_math_ppo_surrogate(double logp, float old_logp, float adv_f,
                                                 double clip, double *terms)
{
    const double log_ratio = logp - old_logp;
    const double ratio = exp(log_ratio), adv = adv_f;
    const double s1 = ratio * adv;
    const double rc = ratio < 1.0 - clip ? 1.0 - clip : (ratio > 1.0 + clip ? 1.0 + clip : ratio);
    const double s2 = rc * adv;
    terms[BC_MATH_PPO_POLICY] = -(s1 < s2 ? s1 : s2);
    terms[BC_MATH_PPO_KL] = (ratio - 1.0) - log_ratio;
    terms[BC_MATH_PPO_CLIPPED] = fabs(ratio - 1.0) > clip ? 1.0 : 0.0;
    return s1 <= s2 ? -adv * ratio : 0.0;
}

/* d(loss)/d(logit k) of one of n rows: the surrogate's g_logp
 * (is_action: k is the row's action) and the entropy bonus ent (h the
 * row's entropy, p and lp = bc_math_safe_log(p) action k's probability). */
BC_HD static inline float bc_math_ppo_dlogit(double g_logp, int is_action, double p, double lp,
                                             double h, double ent, double n)
{
    const double d = g_logp * (is_action - p) + ent * p * (lp + h);
    return (float)(d / n);
}

/* The PPO loss of one of n rows: clipped surrogate on the advantage adv of
 * action a (old log-probability old_logp), entropy bonus ent, value loss
 * vf 0.5 (V - R)^2; the loss is the mean over the n rows. Writes
 * d(loss)/d(logits) [A] and d(loss)/d(value), and the row's terms. */
BC_HD static inline void bc_math_ppo_loss_row(int32_t A, const float *z, int32_t a, float old_logp,
                                              float adv_f, float value, float ret, double clip,
                                              double ent, double vf, double n, float *d_logits,
                                              float *d_value, double *terms)
{
    double prob[BC_MATH_MAX_ACTIONS];
    const double lse = bc_math_softmax_row_f64(z, A, prob);
    const double g_logp = bc_math_ppo_surrogate((double)z[a] - lse, old_logp, adv_f, clip, terms);
    double h = 0.0;
    for (int32_t k = 0; k < A; k++)
        h += bc_math_neg_plogp(prob[k], bc_math_safe_log(prob[k]));
    for (int32_t k = 0; k < A; k++)
        d_logits[k] = bc_math_ppo_dlogit(g_logp, k == a, prob[k], bc_math_safe_log(prob[k]), h,
                                         ent, n);
    terms[BC_MATH_PPO_VALUE] = bc_math_value_loss_row(value, ret, vf, n, d_value);
    terms[BC_MATH_PPO_ENTROPY] = h;
}

/* ---- the reductions' per-element terms -------------------------------------- *
 * The cpu adds them in element order, the plugin per block in a fixed tree
 * and then the blocks in order: the same terms, in double. */

/* x^2 in double (a term of a sum of squares: moments, the gradient norm). */
BC_HD static inline double bc_math_sq(float x) { return (double)x * x; }

/* x's terms of the moments: *sum += x, *sq += x^2. */
BC_HD static inline void bc_math_moment_terms(float x, double *sum, double *sq)
{
    *sum += x;
    *sq += bc_math_sq(x);
}

/* One element of the advantage normalization, (x - mean) / sd. */
BC_HD static inline float bc_math_normalize_elem(float x, double mean, double sd)
{
    return (float)((x - mean) / sd);
}

/* One sample's terms of the explained variance's sums: s[0..3] gain R, R^2,
 * R - V, (R - V)^2. */
BC_HD static inline void bc_math_explained_terms(float ret, float value, double s[4])
{
    const double r = ret, d = r - value;
    s[0] += r;
    s[1] += r * r;
    s[2] += d;
    s[3] += d * d;
}

/* One env's terms of a rollout step's reward sums (BC_ROLLOUT_REWARD_SUM,
 * _SQ, _WINS): r, r^2, and 1 where r > 0. */
BC_HD static inline void bc_math_rollout_reward_terms(float reward, double *sum, double *sq,
                                                      double *wins)
{
    const double r = reward;
    *sum += r;
    *sq += r * r;
    *wins += r > 0.0;
}

/* One ended episode's terms (BC_ROLLOUT_EPISODES, _RETURN_SUM): 1, and
 * its final value - 1 (the return of a value that started at 1). */
BC_HD static inline void bc_math_rollout_episode_terms(double value, double *episodes,
                                                       double *return_sum)
{
    *episodes += 1.0;
    *return_sum += value - 1.0;
}

/* The backend op accumulate: sum[k] += x[k] for k < n; *max = x[max_index]
 * where larger (max_index < 0: none); *first_bad = tag where it is 0 and
 * some x[k] is not finite. */
BC_HD static inline void bc_math_accumulate(int32_t n, const double *x, double *sum,
                                            int32_t max_index, double *max, double *first_bad,
                                            double tag)
{
    int bad = 0;
    for (int32_t k = 0; k < n; k++) {
        bad |= !isfinite(x[k]);
        sum[k] += x[k];
    }
    if (max_index >= 0 && x[max_index] > *max)
        *max = x[max_index];
    if (bad && *first_bad == 0.0)
        *first_bad = tag;
}

/* Mean and standard deviation (unbiased, + 1e-8) of n values from their
 * sum and sum of squares: advantage normalization's constants. */
BC_HD static inline void bc_math_mean_sd(double sum, double sq, double n, double *mean, double *sd)
{
    const double m = sum / n;
    const double var = n > 1 ? (sq - n * m * m) / (n - 1) : 0.0;
    *mean = m;
    *sd = sqrt(var > 0 ? var : 0) + 1e-8;
}

/* 1 - Var(R - V) / Var(R) from the sums of R, R^2, R - V, (R - V)^2 over
 * n samples; NaN when Var(R) is 0. */
BC_HD static inline double bc_math_explained_variance(double sr, double srr, double sd, double sdd,
                                                      double n)
{
    const double var_r = srr / n - (sr / n) * (sr / n), var_d = sdd / n - (sd / n) * (sd / n);
    return var_r > 1e-20 ? 1.0 - var_d / var_r : NAN;
}

/* The factor that brings a gradient of global norm `norm` down to
 * max_norm (1 when it is within it, not finite, or max_norm is 0). */
BC_HD static inline float bc_math_clip_scale(double norm, double max_norm)
{
    if (max_norm > 0 && norm > max_norm && isfinite(norm))
        return (float)(max_norm / (norm + 1e-6));
    return 1.0f;
}

#endif /* BC_BACKEND_KERNELS_MATH_H */
