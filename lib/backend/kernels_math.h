/*
 * kernels_math.h - the trainer's arithmetic written once for both backends:
 * GAE over one env's rollout, one Adam element, the activations and the GRU
 * cell's gate math (forward and backward, per element). Plain functions over
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

#endif /* BC_BACKEND_KERNELS_MATH_H */
