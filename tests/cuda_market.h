/*
 * cuda_market.h - a synthetic market and env state for the portfolio env
 * kernel (lib/env/env_kernel.h), built on the host and mirrored onto any
 * backend's memory, so test_cuda and bench/gpu run the cpu and the cuda
 * backend on the same inputs. Random walks of closes, random features and
 * random per-row factor rankings, all from Philox (bc_random_uniform).
 */
#ifndef BC_TEST_CUDA_MARKET_H
#define BC_TEST_CUDA_MARKET_H

#include "backend/backend.h"
#include "env/env_kernel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Every array of a bc_env_kernel with its size in bytes; market first. */
#define CM_ARRAYS 18
#define CM_MARKET_ARRAYS 3
static inline void cm_arrays(bc_env_kernel *k, int64_t n_envs, void ***ptr, size_t *bytes)
{
    const int64_t A = k->n_assets, R = k->n_rows, O = k->obs_size, E = n_envs;
    void **p[CM_ARRAYS] = {
        (void **)&k->close, (void **)&k->features, (void **)&k->ranks,
        (void **)&k->shares, (void **)&k->cash, (void **)&k->log_value,
        (void **)&k->last_cost, (void **)&k->last_reward, (void **)&k->row,
        (void **)&k->episode_step, (void **)&k->step_count, (void **)&k->obs,
        (void **)&k->final_obs, (void **)&k->reward, (void **)&k->done,
        (void **)&k->weights, (void **)&k->cost, (void **)&k->value_out};
    size_t b[CM_ARRAYS] = {
        (size_t)(R * A) * sizeof(double), (size_t)(R * A * k->n_features) * sizeof(float),
        (size_t)(R * BC_ENV_FACTORS * A) * sizeof(uint16_t),
        (size_t)(E * A) * sizeof(double), (size_t)E * sizeof(double), (size_t)E * sizeof(double),
        (size_t)E * sizeof(double), (size_t)E * sizeof(double), (size_t)E * sizeof(int64_t),
        (size_t)E * sizeof(int32_t), (size_t)E * sizeof(uint64_t), (size_t)(E * O) * sizeof(float),
        (size_t)(E * O) * sizeof(float), (size_t)E * sizeof(float), (size_t)E,
        (size_t)(E * (A + 1)) * sizeof(double), (size_t)E * sizeof(double),
        (size_t)E * sizeof(double)};
    for (int i = 0; i < CM_ARRAYS; i++) {
        ptr[i] = p[i];
        bytes[i] = b[i];
    }
}

/* Host kernel: n_rows rows of n_assets assets with n_features features,
 * n_envs envs of episode_length steps. Returns 0, or -1 out of memory. */
static inline int cm_market_make(bc_env_kernel *k, int64_t n_rows, int32_t A, int32_t F,
                                 int64_t n_envs, int32_t episode_length, uint64_t seed)
{
    memset(k, 0, sizeof *k);
    k->n_rows = n_rows;
    k->n_assets = A;
    k->n_features = F;
    k->obs_size = A * (F + 1) + BC_ENV_STATE_COLUMNS;
    k->episode_length = episode_length;
    k->first_start = 1;
    k->n_starts = n_rows - 1 - episode_length;
    k->max_slippage = 0.0005;
    k->spread = 0.0002;
    k->fee = 0.0001;
    k->impact = 0.01;
    k->seed = seed;
    static const double cash[BC_ENV_ACTIONS] = {0, 1, 0.5, 0.2, 0, 0, 0, 0, 0, 0.3, 0.3, 0};
    static const int32_t factor[BC_ENV_ACTIONS] = {
        BC_ENV_FACTOR_NONE, BC_ENV_FACTOR_NONE, BC_ENV_FACTOR_NONE, BC_ENV_FACTOR_NONE,
        BC_ENV_FACTOR_NONE, BC_ENV_FACTOR_MOMENTUM, BC_ENV_FACTOR_LOW_VOL,
        BC_ENV_FACTOR_QUALITY, BC_ENV_FACTOR_SIZE, BC_ENV_FACTOR_MOMENTUM,
        BC_ENV_FACTOR_QUALITY, BC_ENV_FACTOR_MOMENTUM};
    const int32_t top = A / 3 > 0 ? A / 3 : 1;
    for (int g = 0; g < BC_ENV_ACTIONS; g++) {
        k->regimes[g].cash = cash[g];
        k->regimes[g].factor = factor[g];
        k->regimes[g].top_count = factor[g] == BC_ENV_FACTOR_NONE ? 0 : top;
        k->regimes[g].top_weight = factor[g] == BC_ENV_FACTOR_NONE ? 0.0 : 0.8 / top;
        k->regimes[g].rest_weight =
            factor[g] == BC_ENV_FACTOR_NONE ? 1.0 / A : (A > top ? 0.2 / (A - top) : 0.0);
    }
    void **ptr[CM_ARRAYS];
    size_t bytes[CM_ARRAYS];
    cm_arrays(k, n_envs, ptr, bytes);
    for (int i = 0; i < CM_ARRAYS; i++) {
        *ptr[i] = calloc(1, bytes[i] ? bytes[i] : 1);
        if (!*ptr[i])
            return -1;
    }
    double *close = (double *)k->close;
    float *u = (float *)malloc((size_t)A * sizeof(float));
    if (!u)
        return -1;
    for (int64_t r = 0; r < n_rows; r++) {
        bc_random_uniform(seed, 1000 + (uint64_t)r, 0, A, u);
        for (int32_t j = 0; j < A; j++)
            close[r * A + j] = r == 0 ? 10.0 + 90.0 * u[j]
                                      : close[(r - 1) * A + j] * exp(0.04 * ((double)u[j] - 0.5));
    }
    free(u);
    float *feat = (float *)k->features;
    for (int64_t r = 0; r < n_rows; r++)
        bc_random_uniform(seed, 2000000 + (uint64_t)r, 0, A * F, feat + r * A * F);
    uint16_t *ranks = (uint16_t *)k->ranks;
    for (int64_t r = 0; r < n_rows; r++)
        for (int f = 0; f < BC_ENV_FACTORS; f++) {
            uint16_t *rk = ranks + (r * BC_ENV_FACTORS + f) * A;
            for (int32_t j = 0; j < A; j++)
                rk[j] = (uint16_t)j;
            for (int32_t j = A - 1; j > 0; j--) {
                float x;
                bc_random_uniform(seed, 3000000 + (uint64_t)(r * BC_ENV_FACTORS + f), (uint64_t)j, 1, &x);
                int32_t m = (int32_t)(x * (float)(j + 1));
                if (m > j)
                    m = j;
                uint16_t t = rk[j];
                rk[j] = rk[m];
                rk[m] = t;
            }
        }
    return 0;
}

static inline void cm_market_free(bc_env_kernel *k, int64_t n_envs)
{
    void **ptr[CM_ARRAYS];
    size_t bytes[CM_ARRAYS];
    cm_arrays(k, n_envs, ptr, bytes);
    for (int i = 0; i < CM_ARRAYS; i++) {
        free(*ptr[i]);
        *ptr[i] = NULL;
    }
}

/* A copy of host kernel h in backend be's memory (market and env arrays);
 * returns 0 or -1. */
static inline int cm_mirror(bc_backend *be, const bc_env_kernel *h, int64_t n_envs,
                            bc_env_kernel *d)
{
    *d = *h;
    void **hp[CM_ARRAYS], **dp[CM_ARRAYS];
    size_t bytes[CM_ARRAYS];
    cm_arrays((bc_env_kernel *)h, n_envs, hp, bytes);
    cm_arrays(d, n_envs, dp, bytes);
    for (int i = 0; i < CM_ARRAYS; i++)
        *dp[i] = NULL;
    for (int i = 0; i < CM_ARRAYS; i++) {
        *dp[i] = be->ops->alloc(be->state, bytes[i] ? bytes[i] : 1);
        if (!*dp[i] || be->ops->to_device(be->state, *dp[i], *hp[i], bytes[i]) != BC_OK)
            return -1;
    }
    return 0;
}

static inline void cm_unmirror(bc_backend *be, bc_env_kernel *d, int64_t n_envs)
{
    void **dp[CM_ARRAYS];
    size_t bytes[CM_ARRAYS];
    cm_arrays(d, n_envs, dp, bytes);
    for (int i = 0; i < CM_ARRAYS; i++) {
        if (*dp[i])
            be->ops->release(be->state, *dp[i]);
        *dp[i] = NULL;
    }
}

/* Copies the env arrays (not the market) of device kernel d into host
 * kernel h's buffers. */
static inline int cm_fetch(bc_backend *be, const bc_env_kernel *d, int64_t n_envs,
                           bc_env_kernel *h)
{
    void **hp[CM_ARRAYS], **dp[CM_ARRAYS];
    size_t bytes[CM_ARRAYS];
    cm_arrays(h, n_envs, hp, bytes);
    cm_arrays((bc_env_kernel *)d, n_envs, dp, bytes);
    for (int i = CM_MARKET_ARRAYS; i < CM_ARRAYS; i++)
        if (be->ops->to_host(be->state, *hp[i], *dp[i], bytes[i]) != BC_OK)
            return -1;
    return 0;
}

#endif /* BC_TEST_CUDA_MARKET_H */
