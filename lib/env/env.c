/*
 * env.c - the bc_env handle: options, the market tables (per-asset features
 * and factor ranks from the feature engine, computed once at the first
 * reset), the per-env buffers and the thread pool that runs the backend's
 * env kernel over fixed ranges of envs. The step itself lives in
 * env_kernel.h; nothing here runs per env or allocates per step.
 */
#include "backend/backend.h"
#include "core/internal.h"
#include "env/env_kernel.h"
#include "env/env_state.h"
#include "features/feature_internal.h"
#include "rl/policy_io.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ENV_FACTOR_LOOKBACK 20
#define ENV_FACTOR_SPEC "ret(20),vol(20),logret(20)"
#define ENV_DEFAULT_FEATURES "logret(1),ret(5),ret(20),vol(20)"
#define ENV_MAX_ASSETS 4096
#define ENV_MAX_ENVS 16777216
#define ENV_MAX_THREADS 256

enum { JOB_NONE, JOB_RESET, JOB_STEP, JOB_STOP };

/* Envs per claimed chunk: about ENV_CHUNKS_PER_THREAD chunks per thread,
 * at least ENV_MIN_CHUNK envs each. */
#define ENV_CHUNKS_PER_THREAD 16
#define ENV_MIN_CHUNK 16
/* Polls (a pause each, about 30 ns here: some 60 us) of the finished count
 * before the caller sleeps on it, and of the
 * generation before an idle worker does (so a worker is awake for the next
 * step of a caller that steps in a loop, yet sleeps when it stops). */
#define ENV_SPIN 2000
#define ENV_WORKER_SPIN 2000

typedef struct env_worker {
    struct bc_env *env;
    pthread_t thread;
} env_worker;

struct bc_env {
    int64_t n_rows;
    int32_t n_assets, n_envs;
    double *close;     /* copy of the caller's table */
    double *bar[4];    /* copies of open, high, low, volume (BC_BAR_* order,
                        * close skipped), or NULL where not given */
    int64_t *time;     /* copy, or NULL */
    char **names;      /* asset names */

    /* options */
    int32_t episode_length, threads;
    int64_t start_row; /* -1: episodes start on random rows */
    double max_slippage, spread, fee, impact;
    char *features_spec;
    bc_features *features; /* the observation spec's engine: names, count, lookback */

    /* after the first reset */
    int prepared;
    bc_env_kernel k;
    const bc_backend_ops *ops;
    float *features_table;
    uint16_t *ranks;

    /* pool: the envs split into n_chunks chunks of chunk envs; the caller
     * and the workers claim them one at a time until none is left, so a
     * thread that the machine slows down takes fewer (each env's result
     * is the same whichever thread steps it). claim holds the job's
     * generation (high 32 bits) and the next chunk (low 32 bits): a worker
     * that wakes late finds another generation there and claims nothing. */
    int32_t n_workers;
    env_worker *workers;
    int64_t chunk, n_chunks;
    pthread_mutex_t lock;
    pthread_cond_t go, finished;
    int pool_started;
    int job;
    const int32_t *actions;
    const bc_env_kernel *job_kernel; /* the kernel a job runs on: &k, or the trainer's */
    /* Each counter on its own cache line: every thread writes claim and
     * chunks_done once per chunk, and the idle workers poll generation, so
     * sharing a line with each other (or with the job's fields above) would
     * move the line between cores on every access. */
    alignas(64) _Atomic uint64_t claim;
    alignas(64) _Atomic int64_t chunks_done;
    alignas(64) _Atomic uint64_t generation; /* changed under lock; polled without it */
};

static const char *const action_names[BC_ENV_ACTIONS] = {
    "HOLD",     "FULL_CASH",  "DEFENSIVE",     "LIGHT_CASH",   "EQUAL_WEIGHT", "MOMENTUM",
    "LOW_VOL",  "QUALITY",    "SIZE_SMALL",    "SAFE_MOMENTUM", "SAFE_QUALITY", "RISK_ON"};

static const char *const state_names[BC_ENV_STATE_COLUMNS] = {
    "cash_weight", "log_value", "episode_progress", "last_cost", "last_reward"};

BC_API const char *bc_env_action_name(int32_t action)
{
    return action >= 0 && action < BC_ENV_ACTIONS ? action_names[action] : NULL;
}

/* ---- creation and options ------------------------------------------- */

static int32_t env_lookback(const bc_env *env)
{
    int32_t lb = bc_features_lookback(env->features);
    return lb > ENV_FACTOR_LOOKBACK ? lb : ENV_FACTOR_LOOKBACK;
}

/* Execution rows an episode of length L can start on: the observation row
 * before the start must be past the lookback, the last step's row inside
 * the table. */
static int64_t env_start_count(int64_t n_rows, int32_t lookback, int32_t length)
{
    return n_rows - lookback - length;
}

/* The bar field index of bc_env.bar: open, high, low, volume. */
static const int32_t bar_fields[4] = {BC_BAR_OPEN, BC_BAR_HIGH, BC_BAR_LOW, BC_BAR_VOLUME};
static const char *const bar_names[4] = {"open", "high", "low", "volume"};

/* Checks the optional OHLV arrays against the rules of bc_env_create_bars. */
static int32_t check_bars(const double *const *bar, const double *close, int64_t n_rows,
                          int32_t n_assets)
{
    for (int64_t t = 0; t < n_rows; t++)
        for (int32_t j = 0; j < n_assets; j++) {
            const int64_t c = t * n_assets + j;
            for (int b = 0; b < 4; b++) {
                if (!bar[b])
                    continue;
                double v = bar[b][c];
                int ok = isfinite(v) && (bar_fields[b] == BC_BAR_VOLUME ? v >= 0 : v > 0);
                if (!ok)
                    return bc_fail(BC_E_NUMERIC,
                                   "bc_env_create_bars: %s at row %lld, asset %d is %g, expected "
                                   "a finite %s", bar_names[b], (long long)t, (int)j, v,
                                   bar_fields[b] == BC_BAR_VOLUME ? "volume >= 0" : "price > 0");
            }
            const double hi = bar[1] ? bar[1][c] : close[c], lo = bar[2] ? bar[2][c] : close[c];
            if (hi < lo)
                return bc_fail(BC_E_INVALID_ARGUMENT,
                               "bc_env_create_bars: high %g is below low %g at row %lld, asset %d",
                               hi, lo, (long long)t, (int)j);
        }
    return BC_OK;
}

BC_API int32_t bc_env_create(const double *close, const int64_t *time, int64_t n_rows,
                             int32_t n_assets, int32_t n_envs, bc_env **out)
{
    return bc_env_create_bars(NULL, NULL, NULL, close, NULL, time, n_rows, n_assets, n_envs, out);
}

BC_API int32_t bc_env_create_bars(const double *open, const double *high, const double *low,
                                  const double *close, const double *volume,
                                  const int64_t *time, int64_t n_rows, int32_t n_assets,
                                  int32_t n_envs, bc_env **out)
{
    if (out)
        *out = NULL;
    if (!close || !out)
        return bc_fail_null("bc_env_create", "close", (const void *)close, "out", (const void *)out,
                            (const char *)NULL);
    if (n_envs < 1 || n_envs > ENV_MAX_ENVS)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_env_create: n_envs is %d, expected 1..%d",
                       (int)n_envs, ENV_MAX_ENVS);
    if (n_assets < 1 || n_assets > ENV_MAX_ASSETS)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_env_create: n_assets is %d, expected 1..%d",
                       (int)n_assets, ENV_MAX_ASSETS);
    if (n_rows < 1 || n_rows > INT32_MAX)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_env_create: n_rows is %lld, expected 1..%d",
                       (long long)n_rows, INT32_MAX);
    for (int64_t t = 0; t < n_rows; t++) {
        for (int32_t j = 0; j < n_assets; j++) {
            double p = close[t * n_assets + j];
            if (!isfinite(p) || !(p > 0))
                return bc_fail(BC_E_NUMERIC,
                               "bc_env_create: close at row %lld, asset %d is %g, expected a "
                               "finite price > 0", (long long)t, (int)j, p);
        }
        if (time && t > 0 && time[t] <= time[t - 1])
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_env_create: time at row %lld (%lld) is not after row %lld's (%lld)",
                           (long long)t, (long long)time[t], (long long)(t - 1),
                           (long long)time[t - 1]);
    }
    const double *bar[4] = {open, high, low, volume};
    int32_t brc = check_bars(bar, close, n_rows, n_assets);
    if (brc != BC_OK)
        return brc;
    if (env_start_count(n_rows, ENV_FACTOR_LOOKBACK, 1) < 1)
        return bc_fail(BC_E_NO_DATA,
                       "bc_env_create: the price table has %lld rows; the factors' %d-row "
                       "lookback and one step need at least %d",
                       (long long)n_rows, ENV_FACTOR_LOOKBACK, ENV_FACTOR_LOOKBACK + 2);
    /* aligned: the pool's counters each sit on their own cache line */
    bc_env *env = aligned_alloc(alignof(bc_env), sizeof *env);
    if (!env)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_create: out of memory");
    memset(env, 0, sizeof *env);
    env->n_rows = n_rows;
    env->n_assets = n_assets;
    env->n_envs = n_envs;
    env->episode_length = 256;
    env->start_row = -1;
    env->threads = 0;
    env->max_slippage = 0.0005;
    env->spread = 0.0002;
    env->fee = 0.0001;
    env->impact = 0.01;
    size_t cells = (size_t)n_rows * (size_t)n_assets;
    env->close = malloc(cells * sizeof *env->close);
    env->names = calloc((size_t)n_assets, sizeof *env->names);
    env->features_spec = strdup(ENV_DEFAULT_FEATURES);
    if (time)
        env->time = malloc((size_t)n_rows * sizeof *env->time);
    int ok = env->close && env->names && env->features_spec && (!time || env->time);
    for (int b = 0; ok && b < 4; b++)
        if (bar[b]) {
            ok = (env->bar[b] = malloc(cells * sizeof *env->bar[b])) != NULL;
            if (ok)
                memcpy(env->bar[b], bar[b], cells * sizeof *env->bar[b]);
        }
    for (int32_t j = 0; ok && j < n_assets; j++) {
        char name[32];
        snprintf(name, sizeof name, "asset%d", (int)j);
        ok = (env->names[j] = strdup(name)) != NULL;
    }
    if (!ok) {
        bc_env_free(env);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_create: out of memory (%lld x %d prices)",
                       (long long)n_rows, (int)n_assets);
    }
    memcpy(env->close, close, cells * sizeof *env->close);
    if (time)
        memcpy(env->time, time, (size_t)n_rows * sizeof *env->time);
    int32_t rc = bc_features_create(env->features_spec, &env->features);
    if (rc != BC_OK) {
        bc_env_free(env);
        return rc;
    }
    *out = env;
    return BC_OK;
}

BC_API int32_t bc_env_create_from_prices(const bc_prices *prices, int32_t n_envs, bc_env **out)
{
    if (out)
        *out = NULL;
    if (!prices || !out)
        return bc_fail_null("bc_env_create_from_prices", "prices", (const void *)prices, "out",
                            (const void *)out, (const char *)NULL);
    bc_env *env = NULL;
    int32_t rc = bc_env_create_bars(
        bc_prices_column(prices, BC_BAR_OPEN), bc_prices_column(prices, BC_BAR_HIGH),
        bc_prices_column(prices, BC_BAR_LOW), bc_prices_close(prices),
        bc_prices_column(prices, BC_BAR_VOLUME), bc_prices_time(prices),
        bc_prices_length(prices), bc_prices_assets(prices), n_envs, &env);
    if (rc != BC_OK)
        return rc;
    for (int32_t j = 0; j < env->n_assets; j++) {
        char *name = strdup(bc_prices_asset_name(prices, j));
        if (!name) {
            bc_env_free(env);
            return bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_create_from_prices: out of memory");
        }
        free(env->names[j]);
        env->names[j] = name;
    }
    *out = env;
    return BC_OK;
}

static int32_t bad_value(const char *key, const char *value, const char *expected)
{
    return bc_fail(BC_E_INVALID_ARGUMENT, "env option %s: '%s' is invalid, expected %s", key,
                   value, expected);
}

static int32_t too_long(const bc_env *env, int32_t lookback, int32_t length)
{
    int64_t most = env->n_rows - lookback - 1;
    return bc_fail(BC_E_INVALID_ARGUMENT,
                   "env option episode_length: %d steps do not fit the price table: %lld rows "
                   "after a %d-row lookback hold at most %lld",
                   (int)length, (long long)env->n_rows, (int)lookback, (long long)most);
}

BC_API int32_t bc_env_set(bc_env *env, const char *key, const char *value)
{
    if (!env || !key || !value)
        return bc_fail_null("bc_env_set", "env", (const void *)env, "key", (const void *)key,
                            "value", (const void *)value, (const char *)NULL);
    if (env->prepared)
        return bc_fail(BC_E_STATE, "env option %s: options are fixed after the first reset", key);
    double d;
    int32_t i;
    if (strcmp(key, "episode_length") == 0) {
        if (!bc_text_int(value, 1, 1000000, &i))
            return bad_value(key, value, "an integer in 1..1000000");
        if (env_start_count(env->n_rows, env_lookback(env), i) < 1)
            return too_long(env, env_lookback(env), i);
        env->episode_length = i;
    } else if (strcmp(key, "start_row") == 0) {
        char *end = NULL;
        errno = 0;
        long long r = strtoll(value, &end, 10);
        if (errno || end == value || *end || r < -1 || r >= env->n_rows)
            return bad_value(key, value, "-1 or a row index of the price table");
        const int32_t lb = env_lookback(env);
        if (r >= 0 && r < lb + 1)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "env option start_row: row %lld is inside the %d-row lookback; the "
                           "first row an episode can start on is %d", r, (int)lb, (int)lb + 1);
        env->start_row = r;
    } else if (strcmp(key, "threads") == 0) {
        if (!bc_text_int(value, 0, ENV_MAX_THREADS, &i))
            return bad_value(key, value, "an integer in 0..256 (0 = the online CPUs, at most 8)");
        env->threads = i;
    } else if (strcmp(key, "max_slippage") == 0) {
        if (!bc_text_double(value, 0, 0.01, &d))
            return bad_value(key, value, "a number in 0..0.01");
        env->max_slippage = d;
    } else if (strcmp(key, "spread") == 0) {
        if (!bc_text_double(value, 0, 0.01, &d))
            return bad_value(key, value, "a number in 0..0.01");
        env->spread = d;
    } else if (strcmp(key, "fee") == 0) {
        if (!bc_text_double(value, 0, 0.01, &d))
            return bad_value(key, value, "a number in 0..0.01");
        env->fee = d;
    } else if (strcmp(key, "impact") == 0) {
        if (!bc_text_double(value, 0, 0.1, &d))
            return bad_value(key, value, "a number in 0..0.1");
        env->impact = d;
    } else if (strcmp(key, "features") == 0) {
        bc_features *f = NULL;
        int32_t rc = bc_features_create(value, &f);
        if (rc != BC_OK)
            return bc_fail_context(rc, "env option features: ");
        int32_t lb = bc_features_lookback(f);
        lb = lb > ENV_FACTOR_LOOKBACK ? lb : ENV_FACTOR_LOOKBACK;
        char *spec = strdup(value);
        if (!spec) {
            bc_features_free(f);
            return bc_fail(BC_E_OUT_OF_MEMORY, "env option features: out of memory");
        }
        if (env_start_count(env->n_rows, lb, env->episode_length) < 1) {
            bc_features_free(f);
            free(spec);
            return too_long(env, lb, env->episode_length);
        }
        bc_features_free(env->features);
        free(env->features_spec);
        env->features = f;
        env->features_spec = spec;
    } else {
        return bc_fail(BC_E_UNKNOWN_KEY,
                       "env option '%s' is unknown (episode_length, features, threads, "
                       "max_slippage, spread, fee, impact, start_row)", key);
    }
    return BC_OK;
}

/* ---- the market tables ------------------------------------------------ */

/* Stable merge sort of idx[0..n) by score, highest first: equal scores
 * keep the lower asset index first. */
static void rank_sort(int32_t *idx, int32_t *tmp, const double *score, int32_t n)
{
    for (int32_t width = 1; width < n; width *= 2) {
        for (int32_t lo = 0; lo < n; lo += 2 * width) {
            int32_t mid = lo + width < n ? lo + width : n;
            int32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            int32_t a = lo, b = mid, o = lo;
            while (a < mid && b < hi)
                tmp[o++] = score[idx[b]] > score[idx[a]] ? idx[b++] : idx[a++];
            while (a < mid)
                tmp[o++] = idx[a++];
            while (b < hi)
                tmp[o++] = idx[b++];
        }
        memcpy(idx, tmp, (size_t)n * sizeof *idx);
    }
}

/* Observation features (float, NaN/inf written as 0) and, per row and
 * factor, every asset's rank. */
static int32_t build_market(bc_env *env)
{
    const int64_t T = env->n_rows;
    const int32_t A = env->n_assets, F = bc_features_count(env->features);
    int32_t rc = BC_OK;
    bc_features *factors = NULL;
    double *column = malloc((size_t)T * sizeof *column);
    double *ohlv[4] = {NULL, NULL, NULL, NULL}; /* this asset's open, high, low, volume */
    int ohlv_ok = 1;
    for (int b = 0; b < 4; b++)
        if (env->bar[b] && !(ohlv[b] = malloc((size_t)T * sizeof *ohlv[b])))
            ohlv_ok = 0;
    double *obs_out = malloc((size_t)T * (size_t)F * sizeof *obs_out);
    double *fac_out = malloc((size_t)T * 3 * sizeof *fac_out);
    double *scores = malloc((size_t)T * BC_ENV_FACTORS * (size_t)A * sizeof *scores);
    int32_t *idx = malloc(2 * (size_t)A * sizeof *idx);
    env->features_table = malloc((size_t)T * (size_t)A * (size_t)F * sizeof *env->features_table);
    env->ranks = malloc((size_t)T * BC_ENV_FACTORS * (size_t)A * sizeof *env->ranks);
    if (!column || !ohlv_ok || !obs_out || !fac_out || !scores || !idx || !env->features_table || !env->ranks) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_reset: out of memory for the market tables "
                     "(%lld rows x %d assets)", (long long)T, (int)A);
        goto done;
    }
    rc = bc_features_create(ENV_FACTOR_SPEC, &factors);
    for (int32_t j = 0; rc == BC_OK && j < A; j++) {
        for (int64_t t = 0; t < T; t++)
            column[t] = env->close[t * A + j];
        for (int b = 0; b < 4; b++)
            for (int64_t t = 0; ohlv[b] && t < T; t++)
                ohlv[b][t] = env->bar[b][t * A + j];
        rc = bc_features_compute_arrays(env->features, (int32_t)T, env->time, ohlv[0], ohlv[1],
                                        ohlv[2], column, ohlv[3], NULL, NULL, obs_out, T * F);
        if (rc != BC_OK) {
            rc = bc_fail_context(rc, "bc_env_reset: features of asset '%s': ", env->names[j]);
            break;
        }
        rc = bc_features_compute_arrays(factors, (int32_t)T, NULL, NULL, NULL, NULL, column,
                                        NULL, NULL, NULL, fac_out, T * 3);
        if (rc != BC_OK)
            break;
        for (int64_t t = 0; t < T; t++) {
            for (int32_t f = 0; f < F; f++) {
                double v = obs_out[t * F + f];
                env->features_table[(t * A + j) * F + f] = isfinite(v) ? (float)v : 0.0f;
            }
            double momentum = fac_out[t * 3], vol = fac_out[t * 3 + 1];
            double logret = fac_out[t * 3 + 2];
            double *s = scores + t * BC_ENV_FACTORS * A;
            s[BC_ENV_FACTOR_MOMENTUM * A + j] = momentum;
            s[BC_ENV_FACTOR_LOW_VOL * A + j] = -vol;
            s[BC_ENV_FACTOR_QUALITY * A + j] = vol > 0 ? logret / (ENV_FACTOR_LOOKBACK * vol) : 0.0;
            s[BC_ENV_FACTOR_SIZE * A + j] = 1.0 / column[t];
        }
    }
    for (int64_t t = 0; rc == BC_OK && t < T; t++) {
        for (int32_t f = 0; f < BC_ENV_FACTORS; f++) {
            const double *s = scores + (t * BC_ENV_FACTORS + f) * A;
            uint16_t *rank = env->ranks + (t * BC_ENV_FACTORS + f) * A;
            for (int32_t j = 0; j < A; j++)
                idx[j] = j;
            /* Rows inside the lookback are never traded on: rank by index. */
            if (t >= ENV_FACTOR_LOOKBACK)
                rank_sort(idx, idx + A, s, A);
            for (int32_t r = 0; r < A; r++)
                rank[idx[r]] = (uint16_t)r;
        }
    }
done:
    bc_features_free(factors);
    free(column);
    for (int b = 0; b < 4; b++)
        free(ohlv[b]);
    free(obs_out);
    free(fac_out);
    free(scores);
    free(idx);
    if (rc != BC_OK) {
        free(env->features_table);
        free(env->ranks);
        env->features_table = NULL;
        env->ranks = NULL;
    }
    return rc;
}

static void set_regime(bc_env_regime *g, double cash, int32_t factor, int32_t top_count,
                       int32_t n_assets, int exclusive)
{
    g->cash = cash;
    g->factor = factor;
    g->top_count = top_count;
    if (factor == BC_ENV_FACTOR_NONE) {
        g->top_weight = g->rest_weight = 1.0 / n_assets;
    } else if (exclusive) {
        g->top_weight = 1.0 / top_count;
        g->rest_weight = 0.0;
    } else {
        g->top_weight = 2.0 / (n_assets + top_count);
        g->rest_weight = 1.0 / (n_assets + top_count);
    }
}

static void set_regimes(bc_env_regime *r, int32_t A)
{
    const int32_t half = (A + 1) / 2, top30 = (3 * A + 9) / 10;
    set_regime(&r[0], 0.0, BC_ENV_FACTOR_NONE, 0, A, 0); /* HOLD: never read */
    set_regime(&r[1], 1.0, BC_ENV_FACTOR_NONE, 0, A, 0);
    set_regime(&r[2], 0.5, BC_ENV_FACTOR_NONE, 0, A, 0);
    set_regime(&r[3], 0.25, BC_ENV_FACTOR_NONE, 0, A, 0);
    set_regime(&r[4], 0.0, BC_ENV_FACTOR_NONE, 0, A, 0);
    set_regime(&r[5], 0.0, BC_ENV_FACTOR_MOMENTUM, half, A, 0);
    set_regime(&r[6], 0.0, BC_ENV_FACTOR_LOW_VOL, half, A, 0);
    set_regime(&r[7], 0.0, BC_ENV_FACTOR_QUALITY, half, A, 0);
    set_regime(&r[8], 0.0, BC_ENV_FACTOR_SIZE, half, A, 0);
    set_regime(&r[9], 0.3, BC_ENV_FACTOR_MOMENTUM, half, A, 0);
    set_regime(&r[10], 0.3, BC_ENV_FACTOR_QUALITY, half, A, 0);
    set_regime(&r[11], 0.0, BC_ENV_FACTOR_MOMENTUM, top30, A, 1);
}

/* ---- the pool ----------------------------------------------------------- */

static void run_range(bc_env *env, int job, int64_t begin, int64_t end)
{
    /* The kernel cannot fail on checked input; the cpu ops return BC_OK. */
    const bc_env_kernel *k = env->job_kernel ? env->job_kernel : &env->k;
    if (job == JOB_RESET)
        (void)env->ops->env_reset(NULL, k, begin, end);
    else
        (void)env->ops->env_step(NULL, k, env->actions, begin, end);
}

static void cpu_relax(void)
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __builtin_ia32_pause();
#endif
}

/* Claims and runs chunks of job generation gen until none is left. */
static void run_chunks(bc_env *env, uint64_t gen, int job)
{
    const uint64_t tag = (gen & 0xffffffffu) << 32;
    for (;;) {
        uint64_t c = atomic_load_explicit(&env->claim, memory_order_acquire);
        do {
            if ((c & ~(uint64_t)0xffffffffu) != tag || (int64_t)(c & 0xffffffffu) >= env->n_chunks)
                return;
        } while (!atomic_compare_exchange_weak_explicit(&env->claim, &c, c + 1,
                                                        memory_order_acq_rel,
                                                        memory_order_acquire));
        const int64_t begin = (int64_t)(c & 0xffffffffu) * env->chunk;
        const int64_t end = begin + env->chunk < env->n_envs ? begin + env->chunk : env->n_envs;
        run_range(env, job, begin, end);
        if (atomic_fetch_add_explicit(&env->chunks_done, 1, memory_order_acq_rel) + 1 ==
            env->n_chunks) {
            pthread_mutex_lock(&env->lock);
            pthread_cond_signal(&env->finished);
            pthread_mutex_unlock(&env->lock);
        }
    }
}

static void *worker_main(void *arg)
{
    env_worker *w = arg;
    bc_env *env = w->env;
    uint64_t seen = 0;
    for (;;) {
        for (int spin = 0; spin < ENV_WORKER_SPIN; spin++) {
            if (atomic_load_explicit(&env->generation, memory_order_acquire) != seen)
                break;
            cpu_relax();
        }
        pthread_mutex_lock(&env->lock);
        while (env->generation == seen)
            pthread_cond_wait(&env->go, &env->lock);
        seen = env->generation;
        int job = env->job;
        pthread_mutex_unlock(&env->lock);
        if (job == JOB_STOP)
            return NULL;
        run_chunks(env, seen, job);
    }
}

static void run_job(bc_env *env, int job)
{
    if (env->n_workers == 0) {
        run_range(env, job, 0, env->n_envs);
        return;
    }
    pthread_mutex_lock(&env->lock);
    env->job = job;
    const uint64_t gen = ++env->generation;
    atomic_store_explicit(&env->chunks_done, 0, memory_order_relaxed);
    atomic_store_explicit(&env->claim, (gen & 0xffffffffu) << 32, memory_order_release);
    pthread_cond_broadcast(&env->go);
    pthread_mutex_unlock(&env->lock);
    run_chunks(env, gen, job);
    /* The workers finish their last chunks: poll briefly, then sleep. */
    for (int spin = 0; spin < ENV_SPIN; spin++) {
        if (atomic_load_explicit(&env->chunks_done, memory_order_acquire) == env->n_chunks)
            return;
        cpu_relax();
    }
    pthread_mutex_lock(&env->lock);
    while (atomic_load_explicit(&env->chunks_done, memory_order_acquire) < env->n_chunks)
        pthread_cond_wait(&env->finished, &env->lock);
    pthread_mutex_unlock(&env->lock);
}

static int32_t start_pool(bc_env *env)
{
    int32_t T = env->threads;
    if (T == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        T = cpus < 1 ? 1 : cpus > 8 ? 8 : (int32_t)cpus;
    }
    if (T > env->n_envs)
        T = env->n_envs;
    int64_t chunk = ((int64_t)env->n_envs + (int64_t)T * ENV_CHUNKS_PER_THREAD - 1) /
                    ((int64_t)T * ENV_CHUNKS_PER_THREAD);
    env->chunk = chunk < ENV_MIN_CHUNK ? ENV_MIN_CHUNK : chunk;
    env->n_chunks = (env->n_envs + env->chunk - 1) / env->chunk;
    if (T == 1)
        return BC_OK;
    env->workers = calloc((size_t)(T - 1), sizeof *env->workers);
    if (!env->workers)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_reset: out of memory for %d threads", (int)T);
    if (pthread_mutex_init(&env->lock, NULL) != 0)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_reset: cannot create a mutex");
    if (pthread_cond_init(&env->go, NULL) != 0) {
        pthread_mutex_destroy(&env->lock);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_reset: cannot create a condition variable");
    }
    if (pthread_cond_init(&env->finished, NULL) != 0) {
        pthread_cond_destroy(&env->go);
        pthread_mutex_destroy(&env->lock);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_reset: cannot create a condition variable");
    }
    env->pool_started = 1;
    for (int32_t w = 0; w < T - 1; w++) {
        env_worker *wk = &env->workers[w];
        wk->env = env;
        if (pthread_create(&wk->thread, NULL, worker_main, wk) != 0)
            return bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_reset: cannot start thread %d of %d",
                           (int)(w + 2), (int)T);
        env->n_workers = w + 1;
    }
    return BC_OK;
}

/* Frees what a failed first reset made, so the env is as created. */
static void unprepare(bc_env *env)
{
    if (env->pool_started) {
        pthread_mutex_lock(&env->lock);
        env->job = JOB_STOP;
        env->generation++;
        pthread_cond_broadcast(&env->go);
        pthread_mutex_unlock(&env->lock);
        for (int32_t w = 0; w < env->n_workers; w++)
            pthread_join(env->workers[w].thread, NULL);
        pthread_cond_destroy(&env->go);
        pthread_cond_destroy(&env->finished);
        pthread_mutex_destroy(&env->lock);
        env->pool_started = 0;
    }
    env->n_workers = 0;
    free(env->workers);
    env->workers = NULL;
    free(env->features_table);
    free(env->ranks);
    env->features_table = NULL;
    env->ranks = NULL;
    bc_env_kernel *k = &env->k;
    void *arrays[] = {k->shares, k->cash, k->log_value, k->last_cost, k->last_reward, k->row,
                      k->episode_step, k->step_count, k->obs, k->final_obs, k->reward,
                      k->done, k->weights, k->cost, k->value_out};
    for (size_t a = 0; a < sizeof arrays / sizeof arrays[0]; a++)
        free(arrays[a]);
    memset(k, 0, sizeof *k);
}

static int32_t prepare(bc_env *env)
{
    const int32_t lookback = env_lookback(env);
    const int64_t starts = env_start_count(env->n_rows, lookback, env->episode_length);
    if (starts < 1)
        return bc_fail(BC_E_NO_DATA,
                       "bc_env_reset: the price table has %lld rows; episodes of %d steps after "
                       "a %d-row lookback need at least %lld",
                       (long long)env->n_rows, (int)env->episode_length, (int)lookback,
                       (long long)lookback + env->episode_length + 1);
    if (env->start_row >= 0 && (env->start_row < lookback + 1 ||
                                env->start_row + env->episode_length > env->n_rows))
        return bc_fail(BC_E_NO_DATA,
                       "bc_env_reset: start_row %lld with episodes of %d steps needs rows %lld.."
                       "%lld; the table has %lld rows and a %d-row lookback",
                       (long long)env->start_row, (int)env->episode_length,
                       (long long)env->start_row, (long long)env->start_row + env->episode_length,
                       (long long)env->n_rows, (int)lookback);
    int32_t rc = build_market(env);
    if (rc != BC_OK)
        return rc;
    bc_env_kernel *k = &env->k;
    const size_t N = (size_t)env->n_envs, A = (size_t)env->n_assets;
    k->n_rows = env->n_rows;
    k->n_assets = env->n_assets;
    k->n_features = bc_features_count(env->features);
    k->obs_size = bc_env_observation_size(env);
    k->episode_length = env->episode_length;
    k->first_start = env->start_row >= 0 ? env->start_row : lookback + 1;
    k->n_starts = env->start_row >= 0 ? 1 : starts;
    k->close = env->close;
    k->features = env->features_table;
    k->ranks = env->ranks;
    set_regimes(k->regimes, env->n_assets);
    k->max_slippage = env->max_slippage;
    k->spread = env->spread;
    k->fee = env->fee;
    k->impact = env->impact;
    k->shares = malloc(N * A * sizeof *k->shares);
    k->cash = malloc(N * sizeof *k->cash);
    k->log_value = malloc(N * sizeof *k->log_value);
    k->last_cost = malloc(N * sizeof *k->last_cost);
    k->last_reward = malloc(N * sizeof *k->last_reward);
    k->row = malloc(N * sizeof *k->row);
    k->episode_step = malloc(N * sizeof *k->episode_step);
    k->step_count = malloc(N * sizeof *k->step_count);
    k->obs = calloc(N * (size_t)k->obs_size, sizeof *k->obs);
    k->final_obs = calloc(N * (size_t)k->obs_size, sizeof *k->final_obs);
    k->reward = malloc(N * sizeof *k->reward);
    k->done = malloc(N * sizeof *k->done);
    k->weights = malloc(N * (A + 1) * sizeof *k->weights);
    k->cost = malloc(N * sizeof *k->cost);
    k->value_out = malloc(N * sizeof *k->value_out);
    if (!k->shares || !k->cash || !k->log_value || !k->last_cost || !k->last_reward || !k->row ||
        !k->episode_step || !k->step_count || !k->obs || !k->final_obs || !k->reward ||
        !k->done || !k->weights || !k->cost || !k->value_out) {
        unprepare(env);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_env_reset: out of memory for %d envs x %d assets",
                       (int)env->n_envs, (int)env->n_assets);
    }
    env->ops = bc_cpu_backend_ops();
    rc = start_pool(env);
    if (rc != BC_OK) {
        unprepare(env);
        return rc;
    }
    env->prepared = 1;
    return BC_OK;
}

BC_API void bc_env_free(bc_env *env)
{
    if (!env)
        return;
    unprepare(env);
    for (int32_t j = 0; env->names && j < env->n_assets; j++)
        free(env->names[j]);
    free(env->names);
    free(env->close);
    for (int b = 0; b < 4; b++)
        free(env->bar[b]);
    free(env->time);
    free(env->features_spec);
    bc_features_free(env->features);
    free(env);
}

/* ---- reset and step ------------------------------------------------------ */

BC_API int32_t bc_env_reset(bc_env *env, uint64_t seed)
{
    if (!env)
        return bc_fail_null("bc_env_reset", "env", (const void *)env, (const char *)NULL);
    if (!env->prepared) {
        int32_t rc = prepare(env);
        if (rc != BC_OK)
            return rc;
    }
    env->k.seed = seed;
    run_job(env, JOB_RESET);
    return BC_OK;
}

BC_API int32_t bc_env_step(bc_env *env, const int32_t *actions)
{
    if (!env || !actions)
        return bc_fail_null("bc_env_step", "env", (const void *)env, "actions",
                            (const void *)actions, (const char *)NULL);
    if (!env->prepared)
        return bc_fail(BC_E_STATE, "bc_env_step: call bc_env_reset first");
    for (int32_t i = 0; i < env->n_envs; i++)
        if ((uint32_t)actions[i] >= BC_ENV_ACTIONS)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_env_step: action of env %d is %d, expected 0..%d", (int)i,
                           (int)actions[i], BC_ENV_ACTIONS - 1);
    env->actions = actions;
    run_job(env, JOB_STEP);
    env->actions = NULL;
    return BC_OK;
}

void bc_env_step_kernel(bc_env *env, const bc_env_kernel *k, const int32_t *actions)
{
    env->actions = actions;
    env->job_kernel = k;
    run_job(env, JOB_STEP);
    env->job_kernel = NULL;
    env->actions = NULL;
}

/* ---- accessors ----------------------------------------------------------- */

BC_API int32_t bc_env_count(const bc_env *env) { return env ? env->n_envs : 0; }

BC_API int32_t bc_env_assets(const bc_env *env) { return env ? env->n_assets : 0; }

BC_API int32_t bc_env_observation_size(const bc_env *env)
{
    if (!env)
        return 0;
    return env->n_assets * (bc_features_count(env->features) + 1) + BC_ENV_STATE_COLUMNS;
}

BC_API int32_t bc_env_observation_name(const bc_env *env, int32_t i, char *buf, int32_t capacity,
                                       int32_t *length)
{
    if (length)
        *length = 0;
    if (!env || (!buf && capacity > 0) || capacity < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_env_observation_name: %s",
                       !env ? "env is NULL" : capacity < 0 ? "capacity is negative"
                                                           : "buf is NULL with capacity > 0");
    const int32_t size = bc_env_observation_size(env);
    if (i < 0 || i >= size)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_env_observation_name: column %d is out of range 0..%d", (int)i,
                       (int)(size - 1));
    const int32_t F = bc_features_count(env->features);
    char feature[256];
    char name[512];
    if (i >= env->n_assets * (F + 1)) {
        snprintf(name, sizeof name, "%s", state_names[i - env->n_assets * (F + 1)]);
    } else if (i >= env->n_assets * F) {
        snprintf(name, sizeof name, "%s.weight", env->names[i - env->n_assets * F]);
    } else {
        int32_t rc = bc_features_name(env->features, i % F, feature, sizeof feature, NULL);
        if (rc != BC_OK)
            return rc;
        snprintf(name, sizeof name, "%s.%s", env->names[i / F], feature);
    }
    int32_t n = (int32_t)strlen(name);
    if (length)
        *length = n;
    if (capacity <= n)
        return bc_fail(BC_E_BUFFER_TOO_SMALL,
                       "bc_env_observation_name: column %d's name needs %d bytes, capacity is %d",
                       (int)i, (int)n + 1, (int)capacity);
    memcpy(buf, name, (size_t)n + 1);
    return BC_OK;
}

BC_API float *bc_env_observations(bc_env *env) { return env ? env->k.obs : NULL; }

BC_API const float *bc_env_rewards(const bc_env *env) { return env ? env->k.reward : NULL; }

BC_API const uint8_t *bc_env_dones(const bc_env *env) { return env ? env->k.done : NULL; }

BC_API const float *bc_env_final_observations(const bc_env *env)
{
    return env ? env->k.final_obs : NULL;
}

BC_API const double *bc_env_weights(const bc_env *env) { return env ? env->k.weights : NULL; }

BC_API const double *bc_env_costs(const bc_env *env) { return env ? env->k.cost : NULL; }

BC_API const double *bc_env_values(const bc_env *env) { return env ? env->k.value_out : NULL; }

BC_API const int64_t *bc_env_rows(const bc_env *env) { return env ? env->k.row : NULL; }

/* ---- state image (lib/env/env_state.h) ---------------------------------- */

bc_env_kernel *bc_env_kernel_of(bc_env *env) { return env && env->prepared ? &env->k : NULL; }

int32_t bc_env_kernel_arrays(bc_env_kernel *k, int64_t n_envs, void ***ptr, size_t *bytes)
{
    const size_t N = (size_t)n_envs, A = (size_t)k->n_assets, O = (size_t)k->obs_size;
    const size_t R = (size_t)k->n_rows, F = (size_t)k->n_features;
    int32_t n = 0;
#define ARRAY(field, sz) (ptr[n] = (void **)&k->field, bytes[n] = (sz), n++)
    ARRAY(close, R * A * sizeof *k->close);
    ARRAY(features, R * A * F * sizeof *k->features);
    ARRAY(ranks, R * BC_ENV_FACTORS * A * sizeof *k->ranks);
    ARRAY(shares, N * A * sizeof *k->shares);
    ARRAY(cash, N * sizeof *k->cash);
    ARRAY(log_value, N * sizeof *k->log_value);
    ARRAY(last_cost, N * sizeof *k->last_cost);
    ARRAY(last_reward, N * sizeof *k->last_reward);
    ARRAY(row, N * sizeof *k->row);
    ARRAY(episode_step, N * sizeof *k->episode_step);
    ARRAY(step_count, N * sizeof *k->step_count);
    ARRAY(obs, N * O * sizeof *k->obs);
    ARRAY(final_obs, N * O * sizeof *k->final_obs);
    ARRAY(reward, N * sizeof *k->reward);
    ARRAY(done, N * sizeof *k->done);
    ARRAY(weights, N * (A + 1) * sizeof *k->weights);
    ARRAY(cost, N * sizeof *k->cost);
    ARRAY(value_out, N * sizeof *k->value_out);
#undef ARRAY
    return n;
}

/* Each field of the image: its address in the kernel and its size (the
 * seed, then the kernel's per-env arrays). */
static int32_t env_state_fields(const bc_env *env, void **ptr, size_t *bytes)
{
    bc_env_kernel *k = (bc_env_kernel *)&env->k;
    void **arr[BC_ENV_KERNEL_ARRAYS];
    size_t len[BC_ENV_KERNEL_ARRAYS];
    const int32_t m = bc_env_kernel_arrays(k, env->n_envs, arr, len);
    int32_t n = 0;
    ptr[n] = (void *)&k->seed;
    bytes[n++] = sizeof k->seed;
    for (int32_t i = BC_ENV_MARKET_ARRAYS; i < m; i++) {
        ptr[n] = *arr[i];
        bytes[n++] = len[i];
    }
    return n;
}

int64_t bc_env_state_size(const bc_env *env)
{
    if (!env || !env->prepared)
        return 0;
    void *ptr[32];
    size_t bytes[32];
    int32_t n = env_state_fields(env, ptr, bytes);
    int64_t total = 0;
    for (int32_t i = 0; i < n; i++)
        total += (int64_t)bytes[i];
    return total;
}

int32_t bc_env_state_save(const bc_env *env, uint8_t *buf, int64_t size)
{
    if (!env || !env->prepared)
        return bc_fail(BC_E_STATE, "env state: the env has not been reset yet");
    if (size != bc_env_state_size(env))
        return bc_fail(BC_E_SHAPE, "env state: buffer of %lld bytes, the image has %lld",
                       (long long)size, (long long)bc_env_state_size(env));
    void *ptr[32];
    size_t bytes[32];
    int32_t n = env_state_fields(env, ptr, bytes);
    for (int32_t i = 0; i < n; i++) {
        memcpy(buf, ptr[i], bytes[i]);
        buf += bytes[i];
    }
    return BC_OK;
}

int32_t bc_env_state_load(bc_env *env, const uint8_t *buf, int64_t size)
{
    if (!env || !buf)
        return bc_fail_null("env state", "env", (const void *)env, "buf", (const void *)buf,
                            (const char *)NULL);
    if (!env->prepared) {
        int32_t rc = prepare(env);
        if (rc != BC_OK)
            return rc;
    }
    if (size != bc_env_state_size(env))
        return bc_fail(BC_E_SHAPE,
                       "env state: the image has %lld bytes, this env (%d envs x %d assets, "
                       "%d observation columns) needs %lld",
                       (long long)size, (int)env->n_envs, (int)env->n_assets,
                       (int)env->k.obs_size, (long long)bc_env_state_size(env));
    void *ptr[32];
    size_t bytes[32];
    int32_t n = env_state_fields(env, ptr, bytes);
    for (int32_t i = 0; i < n; i++) {
        memcpy(ptr[i], buf, bytes[i]);
        buf += bytes[i];
    }
    for (int32_t i = 0; i < env->n_envs; i++)
        if (env->k.row[i] < env->k.first_start || env->k.row[i] >= env->n_rows ||
            env->k.episode_step[i] < 0 || env->k.episode_step[i] >= env->episode_length)
            return bc_fail(BC_E_CORRUPT, "env state: env %d is at row %lld, step %d, outside "
                           "this table of %lld rows and episodes of %d steps", (int)i,
                           (long long)env->k.row[i], (int)env->k.episode_step[i],
                           (long long)env->n_rows, (int)env->episode_length);
    return BC_OK;
}

const char *bc_env_features_spec(const bc_env *env)
{
    return env->features_spec ? env->features_spec : ENV_DEFAULT_FEATURES;
}

int32_t bc_env_episode_length(const bc_env *env) { return env->episode_length; }

/* ---- observation kinds ------------------------------------------------- */

int32_t bc_env_bars(const bc_env *env)
{
    int32_t bars = 0;
    for (int b = 0; b < 4; b++)
        if (env->bar[b])
            bars |= 1 << b; /* bar[] is open, high, low, volume: the BC_ENV_BARS_* bits */
    return bars;
}

int32_t bc_env_spec_bars(const char *spec, int32_t *bars)
{
    *bars = 0;
    bc_feature_graph g;
    memset(&g, 0, sizeof g);
    int32_t rc = bc_feature_graph_parse(spec, &g);
    if (rc != BC_OK)
        return rc;
    *bars = ((g.needs & BC_FEATURE_IN_OPEN) ? BC_ENV_BARS_OPEN : 0) |
            ((g.needs & BC_FEATURE_IN_HIGH) ? BC_ENV_BARS_HIGH : 0) |
            ((g.needs & BC_FEATURE_IN_LOW) ? BC_ENV_BARS_LOW : 0) |
            ((g.needs & BC_FEATURE_IN_VOLUME) ? BC_ENV_BARS_VOLUME : 0);
    bc_feature_graph_free(&g);
    return BC_OK;
}

BC_API const char *bc_env_observation_kind(const bc_env *env)
{
    return env ? rl_bars_name(bc_env_bars(env)) : NULL;
}
