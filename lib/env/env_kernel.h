/*
 * env_kernel.h - one reset and one step of the portfolio environment for one
 * env, as plain C over flat arrays with no hidden state: the market, every
 * env's state and every output live in bc_env_kernel, and every random
 * number comes from Philox keyed by (seed, env, step, lane). The cpu backend
 * runs these over ranges of envs; a CUDA backend compiles the same functions
 * as device code (define BC_ENV_KERNEL_FN before including). Never allocates.
 */
#ifndef BC_ENV_KERNEL_H
#define BC_ENV_KERNEL_H

#include "core/rng.h"

#include <math.h>
#include <stdint.h>

#ifndef BC_ENV_KERNEL_FN
#if defined(__CUDACC__)
/* nvcc: host and device copies of every function (the CUDA plugin). */
#define BC_ENV_KERNEL_FN static inline __host__ __device__
#elif defined(__GNUC__)
/* Inlined into the caller, so a multiversioned caller (the cpu backend)
 * gets every function built for its target. */
#define BC_ENV_KERNEL_FN static inline __attribute__((always_inline))
#else
#define BC_ENV_KERNEL_FN static inline
#endif
#endif

/* Put before the inner loop over the four lanes of a sum kept by index
 * mod 4: GCC then vectorizes that loop as one 4-wide add per pass of the
 * outer loop (lane l stays a sum in index order, so the bits do not
 * change); unrolled, GCC 12 vectorizes the outer loop instead and reduces
 * each lane one element at a time. Only a hint: other compilers, and nvcc
 * for the device, ignore it. */
#if defined(__GNUC__) && !defined(__CUDACC__)
#define BC_ENV_LANES _Pragma("GCC unroll 1")
#else
#define BC_ENV_LANES
#endif

/* restrict in C, its spelling in nvcc's C++: the arrays one env's loops
 * read and write never overlap, so the cpu build's loops need no overlap
 * checks or second copies. */
#if defined(__cplusplus)
#define BC_ENV_RESTRICT __restrict__
#else
#define BC_ENV_RESTRICT restrict
#endif

/* Actions: the seed's 12 factor regimes (botcopier.h documents them). */
#define BC_ENV_ACTIONS 12
#define BC_ENV_HOLD 0

/* Factor scores ranked per row (rank 0 = most favoured). */
#define BC_ENV_FACTORS 4
#define BC_ENV_FACTOR_NONE (-1)
#define BC_ENV_FACTOR_MOMENTUM 0 /* ret(20), high first */
#define BC_ENV_FACTOR_LOW_VOL 1  /* vol(20), low first */
#define BC_ENV_FACTOR_QUALITY 2  /* logret(20) / (20 vol(20)), high first */
#define BC_ENV_FACTOR_SIZE 3     /* 1 / close, high first */

/* Portfolio-state columns after the features and the weights. */
#define BC_ENV_STATE_COLUMNS 5

/* Target of one regime: the asset with rank r on the regime's factor gets
 * (1 - cash) * (r < top_count ? top_weight : rest_weight) of the value;
 * factor NONE gives every asset rest_weight. */
typedef struct bc_env_regime {
    double cash;
    int32_t factor;
    int32_t top_count;
    double top_weight, rest_weight;
} bc_env_regime;

typedef struct bc_env_kernel {
    /* The market, read-only and shared by every env. */
    int64_t n_rows;
    int32_t n_assets;
    int32_t n_features;      /* engine columns per asset */
    int32_t obs_size;        /* n_assets * (n_features + 1) + BC_ENV_STATE_COLUMNS */
    int32_t episode_length;
    int64_t first_start;     /* lowest execution row an episode starts on */
    int64_t n_starts;        /* starts are first_start .. first_start + n_starts - 1 */
    const double *close;     /* [n_rows x n_assets] */
    const float *features;   /* [n_rows x n_assets x n_features], finite */
    const uint16_t *ranks;   /* [n_rows x BC_ENV_FACTORS x n_assets] */
    bc_env_regime regimes[BC_ENV_ACTIONS];
    double max_slippage, spread, fee, impact;
    uint64_t seed;

    /* Per-env state, struct of arrays. */
    double *shares;          /* [n_envs x n_assets], value at episode start 1 */
    double *cash;            /* [n_envs] */
    double *log_value;       /* [n_envs] log of the value after the last step */
    double *last_cost;       /* [n_envs] cost / pre-trade value of the last step */
    double *last_reward;     /* [n_envs] */
    int64_t *row;            /* [n_envs] row the next step executes on */
    int32_t *episode_step;   /* [n_envs] steps taken in this episode */
    uint64_t *step_count;    /* [n_envs] steps since reset: the RNG counter */

    /* Outputs the caller sees. */
    float *obs;              /* [n_envs x obs_size] */
    float *final_obs;        /* [n_envs x obs_size], rows of envs whose episode ended */
    float *reward;           /* [n_envs] */
    uint8_t *done;           /* [n_envs] */
    double *weights;         /* [n_envs x (n_assets + 1)], cash last */
    double *cost;            /* [n_envs] */
    double *value_out;       /* [n_envs] */
} bc_env_kernel;

/* Philox block for (seed, env, step, lane): counter = (step low, step high,
 * env, lane), key = seed. Lane 0 draws episode starts, lane 1 the step's
 * slippage. */
BC_ENV_KERNEL_FN void env_random_block(uint64_t seed, int64_t env, uint64_t step,
                                       uint32_t lane, uint32_t out[4])
{
    const uint32_t counter[4] = {(uint32_t)step, (uint32_t)(step >> 32), (uint32_t)env, lane};
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    bc_philox4x32_10(counter, key, out);
}

/* sum of a[j] * b[j] in four interleaved partial sums (j mod 4), added
 * as (s0 + s1) + (s2 + s3): a fixed order, so the same bits everywhere,
 * without one long chain of dependent additions. */
BC_ENV_KERNEL_FN double env_dot(const double *BC_ENV_RESTRICT a, const double *BC_ENV_RESTRICT b,
                                int32_t n)
{
    double s[4] = {0.0, 0.0, 0.0, 0.0};
    int32_t j = 0;
    for (; j + 4 <= n; j += 4) {
        BC_ENV_LANES
        for (int32_t l = 0; l < 4; l++)
            s[l] += a[j + l] * b[j + l];
    }
    for (int32_t l = 0; j + l < n; l++)
        s[l] += a[j + l] * b[j + l];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

/* Writes env i's observation into dst: the features of the row before the
 * one its next step executes on, and its holdings marked at that row, where
 * the portfolio is worth v (the caller knows it: 1 at a start, the value
 * after the trade otherwise). weights, when not NULL, gets the same weights
 * in double. */
BC_ENV_KERNEL_FN void env_write_observation(const bc_env_kernel *k, int64_t i, double v,
                                            float *BC_ENV_RESTRICT dst,
                                            double *BC_ENV_RESTRICT weights)
{
    const int32_t A = k->n_assets, F = k->n_features;
    const int64_t r = k->row[i] - 1;
    const double *BC_ENV_RESTRICT p = k->close + r * A;
    const double *BC_ENV_RESTRICT sh = k->shares + i * A;
    const float *BC_ENV_RESTRICT feat = k->features + r * A * F;
    const double inv_v = 1.0 / v;
    /* Features: one contiguous block per row of the table. */
    for (int32_t c = 0; c < A * F; c++)
        dst[c] = feat[c];
    float *BC_ENV_RESTRICT w_out = dst + (int64_t)A * F;
    if (weights) {
        for (int32_t j = 0; j < A; j++) {
            double w = sh[j] * p[j] * inv_v;
            w_out[j] = (float)w;
            weights[j] = w;
        }
    } else {
        for (int32_t j = 0; j < A; j++)
            w_out[j] = (float)(sh[j] * p[j] * inv_v);
    }
    float *state = dst + (int64_t)A * (F + 1);
    double cash = k->cash[i] * inv_v;
    state[0] = (float)cash;
    state[1] = (float)k->log_value[i];
    state[2] = (float)k->episode_step[i] / (float)k->episode_length;
    state[3] = (float)k->last_cost[i];
    state[4] = (float)k->last_reward[i];
    if (weights)
        weights[A] = cash;
}

/* Starts a new episode for env i on a row drawn from (seed, i, step_count). */
BC_ENV_KERNEL_FN void env_start_episode(const bc_env_kernel *k, int64_t i)
{
    uint32_t r[4];
    env_random_block(k->seed, i, k->step_count[i], 0, r);
    /* Multiply-shift: an exact integer in [0, n_starts) from 32 bits. */
    k->row[i] = k->first_start + (int64_t)(((uint64_t)r[0] * (uint64_t)k->n_starts) >> 32);
    double *sh = k->shares + i * k->n_assets;
    for (int32_t j = 0; j < k->n_assets; j++)
        sh[j] = 0.0;
    k->cash[i] = 1.0;
    k->log_value[i] = 0.0;
    k->last_cost[i] = 0.0;
    k->last_reward[i] = 0.0;
    k->episode_step[i] = 0;
}

BC_ENV_KERNEL_FN void env_reset_one(const bc_env_kernel *k, int64_t i)
{
    k->step_count[i] = 0;
    env_start_episode(k, i);
    k->reward[i] = 0.0f;
    k->done[i] = 0;
    k->cost[i] = 0.0;
    k->value_out[i] = 1.0;
    env_write_observation(k, i, 1.0, k->obs + i * k->obs_size,
                          k->weights + i * (k->n_assets + 1));
}

/* Rebalances env i to the targets of regime g (rank: its factor's ranks on
 * the row before, NULL for none) at closes p, its holdings worth v_pre:
 * sets shares and cash to the targets before costs and returns the cost,
 *   rate * sum(traded) + impact * sum(traded * sqrt(traded / v_pre)),
 * rate = slippage + spread + fee. Each sum runs in four partial sums by
 * asset index mod 4, added as (s0 + s1) + (s2 + s3): a fixed order, so the
 * same bits everywhere, without one long chain of dependent additions.
 * Assets go in chunks of BC_ENV_CHUNK through a stack scratch so both loops
 * vectorize. */
#define BC_ENV_CHUNK 32
BC_ENV_KERNEL_FN double env_rebalance(const bc_env_kernel *k, int64_t i,
                                      const bc_env_regime *g,
                                      const uint16_t *BC_ENV_RESTRICT rank,
                                      const double *BC_ENV_RESTRICT p, double v_pre)
{
    const int32_t A = k->n_assets;
    double *BC_ENV_RESTRICT sh = k->shares + i * A;
    const double invest = (1.0 - g->cash) * v_pre;
    const double top = g->top_weight * invest, rest = g->rest_weight * invest;
    const int32_t top_count = g->top_count;
    const double inv_v = 1.0 / v_pre;
    double s[4] = {0.0, 0.0, 0.0, 0.0}, q[4] = {0.0, 0.0, 0.0, 0.0};
    for (int32_t j0 = 0; j0 < A; j0 += BC_ENV_CHUNK) {
        const int32_t n = A - j0 < BC_ENV_CHUNK ? A - j0 : BC_ENV_CHUNK;
        double traded[BC_ENV_CHUNK];
        for (int32_t m = 0; m < n; m++) {
            const double tv = rank && rank[j0 + m] < top_count ? top : rest;
            const double target = tv / p[j0 + m];
            traded[m] = fabs(target - sh[j0 + m]) * p[j0 + m];
            sh[j0 + m] = target;
        }
        int32_t m = 0;
        for (; m + 4 <= n; m += 4) {
            BC_ENV_LANES
            for (int32_t l = 0; l < 4; l++) {
                s[l] += traded[m + l];
                q[l] += traded[m + l] * sqrt(traded[m + l] * inv_v);
            }
        }
        for (int32_t l = 0; m + l < n; l++) {
            s[l] += traded[m + l];
            q[l] += traded[m + l] * sqrt(traded[m + l] * inv_v);
        }
    }
    k->cash[i] = g->cash * v_pre;
    /* One slippage draw per env and step (the seed's), uniform in
     * [0, max_slippage): 32 bits, exact in double. Buys fill above the
     * close and sells below, so either way it costs slippage * traded. */
    uint32_t x[4];
    env_random_block(k->seed, i, k->step_count[i], 1u, x);
    const double rate =
        (double)x[0] * (k->max_slippage * (1.0 / 4294967296.0)) + k->spread + k->fee;
    return rate * ((s[0] + s[1]) + (s[2] + s[3])) + k->impact * ((q[0] + q[1]) + (q[2] + q[3]));
}

/* One step of env i: mark the holdings at the execution row's closes,
 * rebalance to the regime's targets (ranked on the row before), pay the
 * frictions, reward the log change of value, and start a new episode after
 * episode_length steps (the last observation goes to final_obs). */
BC_ENV_KERNEL_FN void env_step_one(const bc_env_kernel *k, int64_t i, int32_t action)
{
    const int32_t A = k->n_assets;
    const int64_t d = k->row[i];
    const double *BC_ENV_RESTRICT p = k->close + d * A;
    double *BC_ENV_RESTRICT sh = k->shares + i * A;
    double *weights = k->weights + i * (A + 1);
    const double v_pre = k->cash[i] + env_dot(sh, p, A);
    double cost = 0.0, v_post = v_pre;
    if (action != BC_ENV_HOLD) {
        const bc_env_regime *g = &k->regimes[action];
        const uint16_t *rank = g->factor == BC_ENV_FACTOR_NONE
                                   ? (const uint16_t *)0
                                   : k->ranks + ((d - 1) * BC_ENV_FACTORS + g->factor) * A;
        cost = env_rebalance(k, i, g, rank, p, v_pre);
        /* Costs come out of every holding pro rata, so the portfolio holds
         * exactly the target weights afterwards and cash never goes below 0. */
        v_post = v_pre - cost;
        const double scale = v_post / v_pre;
        for (int32_t j = 0; j < A; j++)
            sh[j] *= scale;
        k->cash[i] *= scale;
    }
    const double log_value = log(v_post);
    const double reward = log_value - k->log_value[i];
    k->log_value[i] = log_value;
    k->last_cost[i] = cost / v_pre;
    k->last_reward[i] = reward;
    k->reward[i] = (float)reward;
    k->cost[i] = cost / v_pre;
    k->value_out[i] = v_post;
    k->row[i] = d + 1;
    k->episode_step[i] += 1;
    k->step_count[i] += 1;
    if (k->episode_step[i] >= k->episode_length) {
        k->done[i] = 1;
        env_write_observation(k, i, v_post, k->final_obs + i * k->obs_size, weights);
        env_start_episode(k, i);
        env_write_observation(k, i, 1.0, k->obs + i * k->obs_size, (double *)0);
    } else {
        k->done[i] = 0;
        env_write_observation(k, i, v_post, k->obs + i * k->obs_size, weights);
    }
}

/* The ranges the backends run; [begin, end) of the env indices. */
BC_ENV_KERNEL_FN void env_reset_range(const bc_env_kernel *k, int64_t begin, int64_t end)
{
    for (int64_t i = begin; i < end; i++)
        env_reset_one(k, i);
}

/* Asks the cache for the market rows env i's step with action will read
 * (its envs sit on random rows, so these are the misses): the closes, the
 * features and the ranks of the regime's factor alone; a hint with no
 * effect on results. */
BC_ENV_KERNEL_FN void env_prefetch(const bc_env_kernel *k, int64_t i, int32_t action)
{
#if defined(__GNUC__) && !defined(__CUDA_ARCH__)
    const int64_t d = k->row[i], A = k->n_assets, F = k->n_features;
    const char *close = (const char *)(k->close + d * A);
    const char *feat = (const char *)(k->features + d * A * F);
    for (int64_t b = 0; b < A * (int64_t)sizeof(double); b += 64)
        __builtin_prefetch(close + b);
    for (int64_t b = 0; b < A * F * (int64_t)sizeof(float); b += 64)
        __builtin_prefetch(feat + b);
    const int32_t factor = k->regimes[action].factor;
    if (action != BC_ENV_HOLD && factor != BC_ENV_FACTOR_NONE) {
        const char *rank = (const char *)(k->ranks + ((d - 1) * BC_ENV_FACTORS + factor) * A);
        for (int64_t b = 0; b < A * (int64_t)sizeof(uint16_t); b += 64)
            __builtin_prefetch(rank + b);
    }
#else
    (void)k;
    (void)i;
    (void)action;
#endif
}

BC_ENV_KERNEL_FN void env_step_range(const bc_env_kernel *k, const int32_t *actions,
                                     int64_t begin, int64_t end)
{
    for (int64_t i = begin; i < end; i++) {
        if (i + 2 < end)
            env_prefetch(k, i + 2, actions[i + 2]);
        env_step_one(k, i, actions[i]);
    }
}

#endif /* BC_ENV_KERNEL_H */
