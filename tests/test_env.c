/*
 * test_env.c - the portfolio environment by its defining properties on the
 * shipped price tables: weights sum to 1, costs >= 0, rewards add up to the
 * log of the final value, regimes hit their documented targets, no
 * look-ahead (perturbing rows from the execution row on leaves the
 * observation unchanged), determinism across seeds and thread counts, and
 * the statuses of bad input. The independent NumPy implementation the env
 * is compared with lives in tests/python/test_env.py.
 */
#include "test_util.h"

#include "core/rng.h"

#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bc_prices *load(const char *name)
{
    bc_prices *p = NULL;
    ck_assert_ok(bc_prices_read_csv(test_data_path(name), &p, NULL));
    return p;
}

/* Actions drawn from Philox so every run of a test sees the same ones. */
static void draw_actions(int32_t *actions, int32_t n, uint64_t step)
{
    for (int32_t i = 0; i < n; i += 4) {
        uint32_t r[4];
        bc_philox_block(77, step, (uint64_t)i / 4, r);
        for (int32_t l = 0; l < 4 && i + l < n; l++)
            actions[i + l] = (int32_t)(r[l] % BC_ENV_ACTION_COUNT);
    }
}

static bc_env *make_env(const bc_prices *p, int32_t n_envs, const char *length,
                        const char *threads)
{
    bc_env *env = NULL;
    ck_assert_ok(bc_env_create_from_prices(p, n_envs, &env));
    ck_assert_ok(bc_env_set(env, "episode_length", length));
    if (threads)
        ck_assert_ok(bc_env_set(env, "threads", threads));
    return env;
}

START_TEST(env_weights_sum_to_one_costs_are_nonnegative_rewards_add_up)
{
    bc_prices *p = load("portfolio/three_assets_daily.csv");
    const int32_t N = 64, A = 3, L = 40;
    bc_env *env = make_env(p, N, "40", "2");
    ck_assert_ok(bc_env_reset(env, 5));
    const int32_t D = bc_env_observation_size(env);
    ck_assert_int_eq(D, A * 5 + 5);
    const double *w = bc_env_weights(env);
    const float *obs = bc_env_observations(env);
    double log_value[64] = {0};
    int32_t actions[64], episodes = 0, trades = 0;
    for (int32_t t = 0; t < 3 * L; t++) {
        draw_actions(actions, N, (uint64_t)t);
        ck_assert_ok(bc_env_step(env, actions));
        for (int32_t i = 0; i < N; i++) {
            double s = 0;
            for (int32_t j = 0; j <= A; j++) {
                ck_assert_msg(w[i * (A + 1) + j] >= 0, "env %d weight %d is %g", i, j,
                              w[i * (A + 1) + j]);
                s += w[i * (A + 1) + j];
            }
            ck_assert_msg(fabs(s - 1) < 1e-12, "env %d weights sum to %.17g", i, s);
            double c = bc_env_costs(env)[i];
            ck_assert_msg(c >= 0 && c < 0.05, "env %d cost %g", i, c);
            if (actions[i] == BC_ENV_ACTION_HOLD)
                ck_assert(c == 0);
            else if (actions[i] != BC_ENV_ACTION_FULL_CASH)
                trades += c > 0;
            log_value[i] += bc_env_rewards(env)[i];
            if (bc_env_dones(env)[i]) {
                episodes++;
                /* The episode's rewards add up to the log of its final value. */
                ck_assert_msg(fabs(log_value[i] - log(bc_env_values(env)[i])) < 1e-5,
                              "env %d: rewards add to %g, final value %g", i, log_value[i],
                              bc_env_values(env)[i]);
                log_value[i] = 0;
                /* A new episode starts all in cash. */
                ck_assert(obs[i * D + A * 5] == 1.0f && obs[i * D + A * 5 + 1] == 0.0f);
            } else {
                /* The observation's weights are those of the portfolio. */
                for (int32_t j = 0; j < A; j++)
                    ck_assert(obs[i * D + A * 4 + j] == (float)w[i * (A + 1) + j]);
                ck_assert(obs[i * D + A * 5] == (float)w[i * (A + 1) + A]);
                ck_assert(fabs(obs[i * D + A * 5 + 1] - log_value[i]) < 1e-5);
            }
        }
    }
    ck_assert_int_eq(episodes, 3 * N);
    ck_assert(trades > N);
    bc_env_free(env);
    bc_prices_free(p);
}
END_TEST

/* Rank of asset j among A by score, highest first, ties by index. */
static int32_t rank_of(const double *score, int32_t A, int32_t j)
{
    int32_t r = 0;
    for (int32_t b = 0; b < A; b++)
        r += score[b] > score[j] || (score[b] == score[j] && b < j);
    return r;
}

START_TEST(env_regimes_reach_their_documented_weights)
{
    bc_prices *p = load("portfolio/stocks_monthly.csv");
    const int32_t A = 4, N = BC_ENV_ACTION_COUNT;
    bc_env *env = make_env(p, N, "60", NULL);
    ck_assert_ok(bc_env_reset(env, 11));
    const double *close = bc_prices_close(p);
    int32_t actions[BC_ENV_ACTION_COUNT];
    for (int32_t i = 0; i < N; i++)
        actions[i] = i;
    for (int32_t t = 0; t < 10; t++) {
        int64_t rows[BC_ENV_ACTION_COUNT];
        memcpy(rows, bc_env_rows(env), sizeof rows);
        ck_assert_ok(bc_env_step(env, actions));
        for (int32_t i = 1; i < N; i++) {
            /* Factor scores on the row before execution, from the closes. */
            const double *prev = close + (rows[i] - 1) * A;
            double momentum[4], size[4], expect[5];
            for (int32_t j = 0; j < A; j++) {
                momentum[j] = prev[j] / prev[j - 20 * A] - 1;
                size[j] = 1 / prev[j];
            }
            double cash = i == 1 ? 1 : i == 2 ? 0.5 : i == 3 ? 0.25 : i >= 9 && i <= 10 ? 0.3 : 0;
            for (int32_t j = 0; j < A; j++) {
                double ew = 0.25;
                if (i == BC_ENV_ACTION_MOMENTUM || i == BC_ENV_ACTION_SAFE_MOMENTUM)
                    ew = rank_of(momentum, A, j) < 2 ? 2.0 / 6 : 1.0 / 6;
                else if (i == BC_ENV_ACTION_SIZE_SMALL)
                    ew = rank_of(size, A, j) < 2 ? 2.0 / 6 : 1.0 / 6;
                else if (i == BC_ENV_ACTION_RISK_ON) /* ceil(0.3 * 4) = 2 */
                    ew = rank_of(momentum, A, j) < 2 ? 0.5 : 0;
                else if (i == BC_ENV_ACTION_LOW_VOL || i == BC_ENV_ACTION_QUALITY ||
                         i == BC_ENV_ACTION_SAFE_QUALITY)
                    ew = NAN; /* checked in NumPy (tests/python/test_env.py) */
                expect[j] = (1 - cash) * ew;
            }
            expect[A] = cash;
            const double *w = bc_env_weights(env) + i * (A + 1);
            for (int32_t j = 0; j <= A; j++)
                if (!isnan(expect[j]))
                    ck_assert_msg(fabs(w[j] - expect[j]) < 1e-12,
                                  "%s step %d: weight %d is %.17g, expected %.17g",
                                  bc_env_action_name(i), t, j, w[j], expect[j]);
            if (i == BC_ENV_ACTION_LOW_VOL || i == BC_ENV_ACTION_QUALITY) {
                /* A tilt: two assets at 2/6, two at 1/6. */
                int32_t high = 0;
                for (int32_t j = 0; j < A; j++) {
                    ck_assert(fabs(w[j] - 2.0 / 6) < 1e-12 || fabs(w[j] - 1.0 / 6) < 1e-12);
                    high += fabs(w[j] - 2.0 / 6) < 1e-12;
                }
                ck_assert_int_eq(high, 2);
            }
        }
    }
    ck_assert_str_eq(bc_env_action_name(BC_ENV_ACTION_SAFE_QUALITY), "SAFE_QUALITY");
    ck_assert_ptr_null(bc_env_action_name(12));
    ck_assert_ptr_null(bc_env_action_name(-1));
    bc_env_free(env);
    bc_prices_free(p);
}
END_TEST

START_TEST(env_hold_keeps_shares_and_pays_nothing)
{
    bc_prices *p = load("portfolio/three_assets_daily.csv");
    const int32_t A = 3;
    bc_env *env = make_env(p, 1, "30", NULL);
    ck_assert_ok(bc_env_reset(env, 3));
    int32_t a = BC_ENV_ACTION_EQUAL_WEIGHT;
    ck_assert_ok(bc_env_step(env, &a));
    double value = bc_env_values(env)[0], shares[3];
    int64_t row = bc_env_rows(env)[0] - 1; /* the row the trade executed on */
    const double *close = bc_prices_close(p);
    for (int32_t j = 0; j < A; j++)
        shares[j] = bc_env_weights(env)[j] * value / close[row * A + j];
    a = BC_ENV_ACTION_HOLD;
    for (int32_t t = 0; t < 5; t++) {
        ck_assert_ok(bc_env_step(env, &a));
        row++;
        double v = bc_env_weights(env)[A] * value; /* cash is unchanged */
        for (int32_t j = 0; j < A; j++)
            v += shares[j] * close[row * A + j];
        ck_assert(bc_env_costs(env)[0] == 0);
        ck_assert_msg(fabs(bc_env_values(env)[0] - v) < 1e-12, "value %.17g, expected %.17g",
                      bc_env_values(env)[0], v);
        ck_assert(fabs(bc_env_rewards(env)[0] - log(v / value)) < 1e-7);
        for (int32_t j = 0; j < A; j++)
            ck_assert(fabs(bc_env_weights(env)[j] - shares[j] * close[row * A + j] / v) < 1e-12);
        value = v;
    }
    bc_env_free(env);
    bc_prices_free(p);
}
END_TEST

/* Runs steps of one env setup over bars (ohlv: open, high, low, volume,
 * each may be NULL) with a features spec (NULL: the default) and copies
 * every observation. */
static void record_bars(const double *const *ohlv, const double *close, const char *features,
                        int64_t rows, int32_t A, int32_t N, int32_t steps, float *obs_out,
                        float *rewards_out, int64_t *rows_out)
{
    bc_env *env = NULL;
    ck_assert_ok(bc_env_create_bars(ohlv[0], ohlv[1], ohlv[2], close, ohlv[3], NULL, rows, A, N,
                                    &env));
    if (features)
        ck_assert_ok(bc_env_set(env, "features", features));
    ck_assert_ok(bc_env_set(env, "episode_length", "100"));
    ck_assert_ok(bc_env_reset(env, 21));
    const int32_t D = bc_env_observation_size(env);
    int32_t actions[16];
    for (int32_t t = 0; t <= steps; t++) {
        memcpy(obs_out + (size_t)t * N * D, bc_env_observations(env), (size_t)N * D * sizeof(float));
        memcpy(rows_out + (size_t)t * N, bc_env_rows(env), (size_t)N * sizeof(int64_t));
        if (t == steps)
            break;
        draw_actions(actions, N, (uint64_t)t);
        ck_assert_ok(bc_env_step(env, actions));
        memcpy(rewards_out + (size_t)t * N, bc_env_rewards(env), (size_t)N * sizeof(float));
    }
    bc_env_free(env);
}

static void record(const double *close, int64_t rows, int32_t A, int32_t N, int32_t steps,
                   float *obs_out, float *rewards_out, int64_t *rows_out)
{
    const double *none[4] = {NULL, NULL, NULL, NULL};
    record_bars(none, close, NULL, rows, A, N, steps, obs_out, rewards_out, rows_out);
}

START_TEST(env_observation_at_t_uses_no_row_from_t_on)
{
    bc_prices *p = load("portfolio/three_assets_daily.csv");
    const int64_t T = bc_prices_length(p);
    const int32_t A = 3, N = 16, S = 30, D = A * 5 + 5;
    float *obs = malloc((size_t)(S + 1) * N * D * sizeof *obs);
    float *obs2 = malloc((size_t)(S + 1) * N * D * sizeof *obs2);
    float *rew = malloc((size_t)S * N * sizeof *rew), *rew2 = malloc((size_t)S * N * sizeof *rew2);
    int64_t *rows = malloc((size_t)(S + 1) * N * sizeof *rows);
    int64_t *rows2 = malloc((size_t)(S + 1) * N * sizeof *rows2);
    double *close = malloc((size_t)T * A * sizeof *close);
    memcpy(close, bc_prices_close(p), (size_t)T * A * sizeof *close);
    record(close, T, A, N, S, obs, rew, rows);
    /* The earliest execution row any env reaches at the last step: every
     * observation up to then was built for a step executing on or before
     * it, so rows from it on may change without changing one of them. */
    int64_t cut = rows[(size_t)S * N];
    for (int32_t i = 1; i < N; i++)
        if (rows[(size_t)S * N + i] < cut)
            cut = rows[(size_t)S * N + i];
    int32_t at_cut = 0;
    for (int32_t i = 0; i < N; i++)
        at_cut += rows[(size_t)S * N + i] == cut;
    ck_assert(at_cut >= 1);
    for (int64_t t = cut; t < T; t++)
        for (int32_t j = 0; j < A; j++)
            close[t * A + j] *= 1.0 + 0.2 * sin((double)(t * 7 + j));
    record(close, T, A, N, S, obs2, rew2, rows2);
    ck_assert(memcmp(rows, rows2, (size_t)(S + 1) * N * sizeof *rows) == 0);
    for (int32_t t = 0; t <= S; t++)
        for (int32_t i = 0; i < N; i++)
            if (rows[(size_t)t * N + i] <= cut)
                ck_assert_msg(memcmp(obs + ((size_t)t * N + i) * D, obs2 + ((size_t)t * N + i) * D,
                                     (size_t)D * sizeof *obs) == 0,
                              "step %d env %d: the observation changed with rows >= %lld", t, i,
                              (long long)cut);
    /* The env executing on the cut row at the last step was rewarded from
     * unchanged rows so far, and the perturbation reaches its next reward:
     * execution is at row t. */
    for (int32_t t = 0; t < S; t++)
        for (int32_t i = 0; i < N; i++)
            if (rows[(size_t)t * N + i] < cut)
                ck_assert(rew[(size_t)t * N + i] == rew2[(size_t)t * N + i]);
    /* And the observation does read row t - 1: perturbing only the row
     * before the cut changes the last observation of an env at the cut. */
    memcpy(close, bc_prices_close(p), (size_t)T * A * sizeof *close);
    for (int32_t j = 0; j < A; j++)
        close[(cut - 1) * A + j] *= 1.1;
    record(close, T, A, N, S, obs2, rew2, rows2);
    int32_t changed = 0;
    for (int32_t i = 0; i < N; i++)
        if (rows[(size_t)S * N + i] == cut)
            changed += memcmp(obs + ((size_t)S * N + i) * D, obs2 + ((size_t)S * N + i) * D,
                              (size_t)D * sizeof *obs) != 0;
    ck_assert_int_eq(changed, at_cut);
    free(obs);
    free(obs2);
    free(rew);
    free(rew2);
    free(rows);
    free(rows2);
    free(close);
    bc_prices_free(p);
}
END_TEST

/* Every buffer of an env after steps, for comparing runs. */
typedef struct run_trace {
    float *obs, *rewards, *final_obs;
    double *weights, *values;
    uint8_t *dones;
} run_trace;

static void trace_run(const bc_prices *p, const char *threads, uint64_t seed, int32_t N,
                      int32_t steps, run_trace *r)
{
    bc_env *env = make_env(p, N, "25", threads);
    ck_assert_ok(bc_env_reset(env, seed));
    const int32_t D = bc_env_observation_size(env), A = bc_env_assets(env);
    r->obs = malloc((size_t)steps * N * D * sizeof *r->obs);
    r->final_obs = malloc((size_t)steps * N * D * sizeof *r->final_obs);
    r->rewards = malloc((size_t)steps * N * sizeof *r->rewards);
    r->weights = malloc((size_t)steps * N * (A + 1) * sizeof *r->weights);
    r->values = malloc((size_t)steps * N * sizeof *r->values);
    r->dones = malloc((size_t)steps * N);
    int32_t *actions = malloc((size_t)N * sizeof *actions);
    for (int32_t t = 0; t < steps; t++) {
        draw_actions(actions, N, (uint64_t)t);
        ck_assert_ok(bc_env_step(env, actions));
        memcpy(r->obs + (size_t)t * N * D, bc_env_observations(env), (size_t)N * D * sizeof(float));
        memcpy(r->rewards + (size_t)t * N, bc_env_rewards(env), (size_t)N * sizeof(float));
        memcpy(r->weights + (size_t)t * N * (A + 1), bc_env_weights(env),
               (size_t)N * (A + 1) * sizeof(double));
        memcpy(r->values + (size_t)t * N, bc_env_values(env), (size_t)N * sizeof(double));
        memcpy(r->dones + (size_t)t * N, bc_env_dones(env), (size_t)N);
        const float *fo = bc_env_final_observations(env);
        for (int32_t i = 0; i < N; i++)
            if (bc_env_dones(env)[i])
                memcpy(r->final_obs + ((size_t)t * N + i) * D, fo + (size_t)i * D,
                       (size_t)D * sizeof(float));
            else
                memset(r->final_obs + ((size_t)t * N + i) * D, 0, (size_t)D * sizeof(float));
    }
    free(actions);
    bc_env_free(env);
}

static void trace_free(run_trace *r)
{
    free(r->obs);
    free(r->rewards);
    free(r->final_obs);
    free(r->weights);
    free(r->values);
    free(r->dones);
}

START_TEST(env_same_seed_same_trajectories_whatever_the_thread_count)
{
    bc_prices *p = load("portfolio/three_assets_daily.csv");
    const int32_t N = 37, S = 60, D = 20, A = 3;
    run_trace one, two, three, other;
    trace_run(p, "1", 9, N, S, &one);
    trace_run(p, "2", 9, N, S, &two);
    trace_run(p, "3", 9, N, S, &three);
    trace_run(p, "2", 10, N, S, &other);
    run_trace *runs[2] = {&two, &three};
    for (int r = 0; r < 2; r++) {
        ck_assert(memcmp(one.obs, runs[r]->obs, (size_t)S * N * D * sizeof(float)) == 0);
        ck_assert(memcmp(one.final_obs, runs[r]->final_obs, (size_t)S * N * D * sizeof(float)) == 0);
        ck_assert(memcmp(one.rewards, runs[r]->rewards, (size_t)S * N * sizeof(float)) == 0);
        ck_assert(memcmp(one.weights, runs[r]->weights, (size_t)S * N * (A + 1) * sizeof(double)) == 0);
        ck_assert(memcmp(one.values, runs[r]->values, (size_t)S * N * sizeof(double)) == 0);
        ck_assert(memcmp(one.dones, runs[r]->dones, (size_t)S * N) == 0);
    }
    int32_t dones = 0;
    for (int32_t k = 0; k < S * N; k++)
        dones += one.dones[k];
    ck_assert_int_eq(dones, 2 * N); /* episodes of 25 steps end at steps 25 and 50 */
    ck_assert(memcmp(one.rewards, other.rewards, (size_t)S * N * sizeof(float)) != 0);
    trace_free(&one);
    trace_free(&two);
    trace_free(&three);
    trace_free(&other);
    bc_prices_free(p);
}
END_TEST

START_TEST(env_reset_with_a_seed_starts_over_exactly)
{
    bc_prices *p = load("portfolio/three_assets_daily.csv");
    const int32_t N = 8, D = 20;
    bc_env *env = make_env(p, N, "25", NULL);
    ck_assert_ok(bc_env_reset(env, 4));
    float first[8 * 20], again[8 * 20];
    memcpy(first, bc_env_observations(env), sizeof first);
    int32_t actions[8];
    for (int32_t t = 0; t < 30; t++) {
        draw_actions(actions, N, (uint64_t)t);
        ck_assert_ok(bc_env_step(env, actions));
    }
    ck_assert_ok(bc_env_reset(env, 4));
    memcpy(again, bc_env_observations(env), sizeof again);
    ck_assert(memcmp(first, again, (size_t)N * D * sizeof(float)) == 0);
    /* Start rows spread over the table. */
    int64_t lo = INT64_MAX, hi = 0;
    for (int32_t i = 0; i < N; i++) {
        lo = bc_env_rows(env)[i] < lo ? bc_env_rows(env)[i] : lo;
        hi = bc_env_rows(env)[i] > hi ? bc_env_rows(env)[i] : hi;
        ck_assert(bc_env_rows(env)[i] >= 21 && bc_env_rows(env)[i] <= bc_prices_length(p) - 25);
    }
    ck_assert(hi - lo > 100);
    bc_env_free(env);
    bc_prices_free(p);
}
END_TEST

START_TEST(env_observation_columns_are_named)
{
    bc_prices *p = load("portfolio/three_assets_daily.csv");
    bc_env *env = NULL;
    ck_assert_ok(bc_env_create_from_prices(p, 2, &env));
    ck_assert_int_eq(bc_env_count(env), 2);
    ck_assert_int_eq(bc_env_assets(env), 3);
    ck_assert_int_eq(bc_env_observation_size(env), 20);
    char name[64];
    int32_t len = -1;
    ck_assert_ok(bc_env_observation_name(env, 0, name, sizeof name, &len));
    ck_assert_str_eq(name, "AAPL.logret(1)");
    ck_assert_int_eq(len, 14);
    ck_assert_ok(bc_env_observation_name(env, 13, name, sizeof name, NULL));
    ck_assert_str_eq(name, "GOOGL.weight");
    ck_assert_ok(bc_env_observation_name(env, 11, name, sizeof name, NULL));
    ck_assert_str_eq(name, "SPX500.vol(20)");
    ck_assert_ok(bc_env_observation_name(env, 15, name, sizeof name, NULL));
    ck_assert_str_eq(name, "cash_weight");
    ck_assert_ok(bc_env_observation_name(env, 19, name, sizeof name, NULL));
    ck_assert_str_eq(name, "last_reward");
    ck_assert_status_msg(bc_env_observation_name(env, 20, name, sizeof name, NULL),
                         BC_E_INVALID_ARGUMENT, "column 20");
    ck_assert_status_msg(bc_env_observation_name(env, 0, name, 4, &len), BC_E_BUFFER_TOO_SMALL,
                         "needs 15 bytes");
    ck_assert_int_eq(len, 14);
    ck_assert_ok(bc_env_set(env, "features", "rsi(14),ret(1)"));
    ck_assert_int_eq(bc_env_observation_size(env), 3 * 3 + 5);
    ck_assert_ok(bc_env_observation_name(env, 3, name, sizeof name, NULL));
    ck_assert_str_eq(name, "GOOGL.ret(1)");
    ck_assert_ok(bc_env_observation_name(env, 6, name, sizeof name, NULL));
    ck_assert_str_eq(name, "AAPL.weight");
    ck_assert_ptr_null(bc_env_observations(env));
    ck_assert_ok(bc_env_reset(env, 1));
    ck_assert_ptr_nonnull(bc_env_observations(env));
    bc_env_free(env);
    bc_prices_free(p);
}
END_TEST

START_TEST(env_bad_input_gives_specific_statuses)
{
    bc_prices *p = load("portfolio/three_assets_daily.csv");
    const double *close = bc_prices_close(p);
    bc_env *env = NULL;
    ck_assert_status_msg(bc_env_create(NULL, NULL, 100, 3, 4, &env), BC_E_INVALID_ARGUMENT,
                         "close is NULL");
    ck_assert_status_msg(bc_env_create(close, NULL, 100, 3, 4, NULL), BC_E_INVALID_ARGUMENT,
                         "out is NULL");
    ck_assert_status_msg(bc_env_create(close, NULL, 100, 3, 0, &env), BC_E_INVALID_ARGUMENT,
                         "n_envs is 0");
    ck_assert_status_msg(bc_env_create(close, NULL, 100, 0, 4, &env), BC_E_INVALID_ARGUMENT,
                         "n_assets is 0");
    ck_assert_status_msg(bc_env_create(close, NULL, 21, 3, 4, &env), BC_E_NO_DATA,
                         "has 21 rows");
    ck_assert_ptr_null(env);
    ck_assert_status_msg(bc_env_create_from_prices(NULL, 4, &env), BC_E_INVALID_ARGUMENT,
                         "prices is NULL");
    double bad[30 * 2];
    for (int32_t k = 0; k < 60; k++)
        bad[k] = 10 + k;
    bad[2 * 17 + 1] = NAN;
    ck_assert_status_msg(bc_env_create(bad, NULL, 30, 2, 1, &env), BC_E_NUMERIC,
                         "row 17, asset 1");
    bad[2 * 17 + 1] = -1;
    ck_assert_status_msg(bc_env_create(bad, NULL, 30, 2, 1, &env), BC_E_NUMERIC,
                         "row 17, asset 1");
    bad[2 * 17 + 1] = 5;
    int64_t times[30];
    for (int32_t k = 0; k < 30; k++)
        times[k] = k == 9 ? 7 : k * 10;
    ck_assert_status_msg(bc_env_create(bad, times, 30, 2, 1, &env), BC_E_INVALID_ARGUMENT,
                         "time at row 9");
    /* A spec reading time over a table without times: refused at the first
     * reset, which leaves the env as created. */
    ck_assert_ok(bc_env_create(bad, NULL, 30, 2, 1, &env));
    ck_assert_ok(bc_env_set(env, "episode_length", "5"));
    ck_assert_ok(bc_env_set(env, "features", "hour_sin,ret(1)"));
    ck_assert_status_msg(bc_env_reset(env, 1), BC_E_INVALID_ARGUMENT,
                         "features of asset 'asset0'");
    ck_assert_ptr_null(bc_env_observations(env));
    ck_assert_ok(bc_env_set(env, "features", "ret(1)"));
    ck_assert_ok(bc_env_reset(env, 1));
    ck_assert_int_eq(bc_env_observation_size(env), 2 * 2 + 5);
    bc_env_free(env);
    env = NULL;

    /* A short table: the default 256-step episodes do not fit. */
    bc_prices *monthly = load("portfolio/stocks_monthly.csv");
    ck_assert_ok(bc_env_create_from_prices(monthly, 4, &env));
    ck_assert_ptr_null(bc_env_observations(env));
    ck_assert_status_msg(bc_env_reset(env, 1), BC_E_NO_DATA, "at least 277");
    int32_t actions[4] = {0, 0, 0, 0};
    ck_assert_status_msg(bc_env_step(env, actions), BC_E_STATE, "bc_env_reset first");
    ck_assert_status_msg(bc_env_set(env, "episode_length", "103"), BC_E_INVALID_ARGUMENT,
                         "hold at most 102");
    ck_assert_status_msg(bc_env_set(env, "episode_length", "0"), BC_E_INVALID_ARGUMENT, "'0'");
    ck_assert_status_msg(bc_env_set(env, "episode_length", "10x"), BC_E_INVALID_ARGUMENT, "'10x'");
    ck_assert_status_msg(bc_env_set(env, "threads", "-1"), BC_E_INVALID_ARGUMENT, "threads");
    ck_assert_status_msg(bc_env_set(env, "fee", "0.5"), BC_E_INVALID_ARGUMENT, "0..0.01");
    ck_assert_status_msg(bc_env_set(env, "impact", "nan"), BC_E_INVALID_ARGUMENT, "impact");
    ck_assert_status_msg(bc_env_set(env, "leverage", "2"), BC_E_UNKNOWN_KEY, "'leverage'");
    ck_assert_status_msg(bc_env_set(env, "features", "nosuch(3)"), BC_E_PARSE, "env option features");
    ck_assert_status_msg(bc_env_set(NULL, "fee", "0"), BC_E_INVALID_ARGUMENT, "env is NULL");
    ck_assert_ok(bc_env_set(env, "episode_length", "102"));
    /* sma(40) lengthens the lookback past the factors' 20 rows. */
    ck_assert_status_msg(bc_env_set(env, "features", "sma(40)"), BC_E_INVALID_ARGUMENT,
                         "hold at most");
    ck_assert_ok(bc_env_reset(env, 1));
    ck_assert_status_msg(bc_env_set(env, "fee", "0"), BC_E_STATE, "after the first reset");
    actions[2] = 12;
    ck_assert_status_msg(bc_env_step(env, actions), BC_E_INVALID_ARGUMENT, "env 2 is 12");
    actions[2] = -1;
    ck_assert_status_msg(bc_env_step(env, actions), BC_E_INVALID_ARGUMENT, "env 2 is -1");
    ck_assert_status_msg(bc_env_step(env, NULL), BC_E_INVALID_ARGUMENT, "actions is NULL");
    ck_assert_status_msg(bc_env_reset(NULL, 1), BC_E_INVALID_ARGUMENT, "env is NULL");
    /* A refused step moved nothing. */
    ck_assert(bc_env_rewards(env)[0] == 0 && bc_env_values(env)[3] == 1);
    bc_env_free(env);
    bc_env_free(NULL);
    ck_assert_int_eq(bc_env_count(NULL), 0);
    ck_assert_ptr_null(bc_env_rewards(NULL));
    bc_prices_free(monthly);
    bc_prices_free(p);
}
END_TEST


/* The wide OHLCV form and the join of per-symbol bars give the same table,
 * and each field equals the bars reader's on the asset's own file. */
START_TEST(prices_ohlcv_per_asset_read_and_joined_alike)
{
    bc_prices *wide = load("portfolio/three_assets_ohlcv_daily.csv");
    ck_assert_int_eq(bc_prices_assets(wide), 3);
    ck_assert_int_eq(bc_prices_length(wide), 1260);
    ck_assert_str_eq(bc_prices_asset_name(wide, 1), "SPX");
    const char *files[3] = {"aapl_daily.csv", "sp500_daily.csv", "bots/googl_daily.csv"};
    const char *names[3] = {"AAPL", "SPX", "GOOGL"};
    bc_bars *bars[3];
    for (int j = 0; j < 3; j++)
        ck_assert_ok(bc_bars_read_csv(test_data_path(files[j]), &bars[j], NULL));
    bc_prices *joined = NULL;
    int64_t dropped = -1;
    ck_assert_ok(bc_prices_from_bars((const bc_bars *const *)bars, names, 3, &joined, &dropped));
    ck_assert_int_eq(bc_prices_length(joined), 1260);
    int64_t total = 0;
    for (int j = 0; j < 3; j++)
        total += bc_bars_length(bars[j]);
    ck_assert_int_eq(dropped, total - 3 * 1260);
    ck_assert(memcmp(bc_prices_time(wide), bc_prices_time(joined), 1260 * sizeof(int64_t)) == 0);
    for (int f = BC_BAR_OPEN; f <= BC_BAR_VOLUME; f++) {
        const double *a = bc_prices_column(wide, f), *b = bc_prices_column(joined, f);
        ck_assert_ptr_nonnull(a);
        for (int64_t k = 0; k < 1260 * 3; k++)
            ck_assert_msg(a[k] == b[k], "field %d cell %lld: %.17g != %.17g", f, (long long)k,
                          a[k], b[k]);
    }
    /* AAPL's file starts on the first common date: its rows are the table's. */
    for (int f = BC_BAR_OPEN; f <= BC_BAR_VOLUME; f++)
        for (int64_t t = 0; t < 1260; t++)
            ck_assert(bc_prices_column(wide, f)[t * 3] == bc_bars_column(bars[0], f)[t]);
    ck_assert(bc_prices_column(wide, BC_BAR_HIGH)[0] == 65.414284);
    ck_assert_ptr_null(bc_prices_column(wide, 5));
    ck_assert_ptr_null(bc_prices_column(wide, -1));
    /* A close-only table has closes only. */
    bc_prices *closes = load("portfolio/three_assets_daily.csv");
    ck_assert_ptr_nonnull(bc_prices_column(closes, BC_BAR_CLOSE));
    ck_assert_ptr_null(bc_prices_column(closes, BC_BAR_HIGH));
    /* Bad joins. */
    bc_prices *none = NULL;
    const char *twice[2] = {"A", "a"};
    ck_assert_status_msg(bc_prices_from_bars((const bc_bars *const *)bars, twice, 2, &none, NULL),
                         BC_E_INVALID_ARGUMENT, "'a' is given twice");
    ck_assert_status_msg(bc_prices_from_bars((const bc_bars *const *)bars, names, 0, &none, NULL),
                         BC_E_INVALID_ARGUMENT, "n_assets is 0");
    ck_assert_status_msg(bc_prices_from_bars(NULL, names, 3, &none, NULL), BC_E_INVALID_ARGUMENT,
                         "bars is NULL");
    const bc_bars *with_null[2] = {bars[0], NULL};
    ck_assert_status_msg(bc_prices_from_bars(with_null, names, 2, &none, NULL),
                         BC_E_INVALID_ARGUMENT, "bars 1 is NULL");
    int64_t t1[3] = {10, 20, 30}, t2[3] = {11, 21, 31};
    double c[3] = {1, 2, 3};
    bc_bars *b1 = NULL, *b2 = NULL;
    ck_assert_ok(bc_bars_from_arrays(3, t1, NULL, NULL, NULL, c, NULL, &b1));
    ck_assert_ok(bc_bars_from_arrays(3, t2, NULL, NULL, NULL, c, NULL, &b2));
    const bc_bars *disjoint[2] = {b1, b2};
    ck_assert_status_msg(bc_prices_from_bars(disjoint, names, 2, &none, NULL), BC_E_NO_DATA,
                         "share no bar time");
    ck_assert_ptr_null(none);
    bc_bars_free(b1);
    bc_bars_free(b2);
    for (int j = 0; j < 3; j++)
        bc_bars_free(bars[j]);
    bc_prices_free(closes);
    bc_prices_free(joined);
    bc_prices_free(wide);
}
END_TEST

static int32_t read_text(const char *text, bc_prices **p, bc_rejects **rejects)
{
    char path[] = "/tmp/bc_prices_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    int32_t rc = bc_prices_read_csv(path, p, rejects);
    unlink(path);
    return rc;
}

START_TEST(prices_ohlcv_headers_and_rows_are_checked)
{
    bc_prices *p = NULL;
    bc_rejects *rj = NULL;
    ck_assert_status_msg(read_text("time,A.close,B\n2024-01-01,2,3\n", &p, NULL), BC_E_PARSE,
                         "column 'B' names no field while 'A.close' does");
    ck_assert_status_msg(read_text("time,A.high,A.low\n2024-01-01,2,1\n", &p, NULL), BC_E_PARSE,
                         "asset 'A' has no 'A.close' column");
    ck_assert_status_msg(read_text("time,A.close,A.high,B.close\n2024-01-01,2,3,4\n", &p, NULL),
                         BC_E_PARSE, "asset 'B' lacks a 'high' column");
    ck_assert_status_msg(read_text("time,A.close,A.CLOSE\n2024-01-01,2,3\n", &p, NULL), BC_E_PARSE,
                         "'A.close' appears twice");
    ck_assert_status_msg(read_text("time,A.close,.high\n2024-01-01,2,3\n", &p, NULL), BC_E_PARSE,
                         "column '.high' names no field");
    ck_assert_ptr_null(p);
    /* Rows: high < low, a negative volume, a missing cell are rejected whole. */
    ck_assert_ok(read_text("time,A.high,A.low,A.close,A.volume,B.high,B.low,B.close,B.volume\n"
                           "2024-01-01,3,1,2,10,6,4,5,0\n"
                           "2024-01-02,3,4,2,10,6,4,5,0\n"
                           "2024-01-03,3,1,2,10,6,4,5,-1\n"
                           "2024-01-04,3,1,2,10,6,4,,0\n"
                           "2024-01-05,4,2,3,11,7,5,6,1\n",
                           &p, &rj));
    ck_assert_int_eq(bc_prices_length(p), 2);
    ck_assert_int_eq(bc_rejects_count(rj), 3);
    char buf[256];
    ck_assert_ok(bc_rejects_get(rj, 0, NULL, buf, sizeof buf, NULL));
    ck_assert_msg(strstr(buf, "asset 'A': high 3 is below low 4"), "%s", buf);
    ck_assert_ok(bc_rejects_get(rj, 1, NULL, buf, sizeof buf, NULL));
    ck_assert_msg(strstr(buf, "'B.volume' is -1"), "%s", buf);
    ck_assert_ptr_null(bc_prices_column(p, BC_BAR_OPEN));
    ck_assert(bc_prices_column(p, BC_BAR_VOLUME)[2 + 1] == 1);
    ck_assert(bc_prices_column(p, BC_BAR_LOW)[2] == 2);
    bc_rejects_free(rj);
    bc_prices_free(p);
}
END_TEST

/* With OHLCV the env's features read each asset's real bars: its ATR
 * columns equal the engine's over that asset's bars at row t - 1, which a
 * close-only env cannot see; and perturbing high/low from the execution
 * row on leaves every observation unchanged. */
START_TEST(env_with_ohlcv_observes_each_assets_bars_without_look_ahead)
{
    bc_prices *p = load("portfolio/three_assets_ohlcv_daily.csv");
    const int64_t T = bc_prices_length(p);
    const int32_t A = 3, N = 16, S = 30, F = 2, D = A * (F + 1) + 5;
    const char *spec = "atr(14),ret(1)";
    bc_env *env = NULL;
    ck_assert_ok(bc_env_create_from_prices(p, N, &env));
    ck_assert_ok(bc_env_set(env, "features", spec));
    ck_assert_ok(bc_env_set(env, "episode_length", "100"));
    ck_assert_ok(bc_env_reset(env, 5));
    ck_assert_int_eq(bc_env_observation_size(env), D);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    double *want = malloc((size_t)T * F * A * sizeof *want), *col[5];
    for (int c = 0; c < 5; c++)
        col[c] = malloc((size_t)T * sizeof *col[c]);
    for (int32_t j = 0; j < A; j++) {
        for (int c = 0; c < 5; c++)
            for (int64_t t = 0; t < T; t++)
                col[c][t] = bc_prices_column(p, c)[t * A + j];
        double *out = malloc((size_t)T * F * sizeof *out);
        ck_assert_ok(bc_features_compute_arrays(f, (int32_t)T, NULL, col[0], col[1], col[2], col[3],
                                                col[4], NULL, NULL, out, T * F));
        for (int64_t t = 0; t < T; t++)
            for (int32_t c = 0; c < F; c++)
                want[(t * A + j) * F + c] = out[t * F + c];
        free(out);
    }
    int32_t actions[16];
    int32_t differs_from_close_atr = 0;
    for (int32_t step = 0; step < 20; step++) {
        const float *obs = bc_env_observations(env);
        for (int32_t i = 0; i < N; i++) {
            const int64_t r = bc_env_rows(env)[i] - 1;
            for (int32_t k = 0; k < A * F; k++)
                ck_assert_msg(obs[i * D + k] == (float)want[r * A * F + k],
                              "step %d env %d column %d", step, i, k);
            /* The close-only ATR of AAPL (true range of closes) differs. */
            double tr_close = 0;
            for (int64_t t = r - 13; t <= r; t++)
                tr_close += fabs(bc_prices_close(p)[t * A] - bc_prices_close(p)[(t - 1) * A]);
            differs_from_close_atr += fabs(obs[i * D] - tr_close / 14) > 1e-3;
        }
        draw_actions(actions, N, (uint64_t)step);
        ck_assert_ok(bc_env_step(env, actions));
    }
    ck_assert_int_eq(differs_from_close_atr, 20 * N);
    bc_env_free(env);
    bc_features_free(f);
    free(want);

    /* No look-ahead through high and low. */
    const double *none_ptr[4] = {bc_prices_column(p, BC_BAR_OPEN), NULL, NULL,
                                 bc_prices_column(p, BC_BAR_VOLUME)};
    double *high = malloc((size_t)T * A * sizeof *high), *low = malloc((size_t)T * A * sizeof *low);
    memcpy(high, bc_prices_column(p, BC_BAR_HIGH), (size_t)T * A * sizeof *high);
    memcpy(low, bc_prices_column(p, BC_BAR_LOW), (size_t)T * A * sizeof *low);
    const double *ohlv[4] = {none_ptr[0], high, low, none_ptr[3]};
    float *obs1 = malloc((size_t)(S + 1) * N * D * sizeof *obs1);
    float *obs2 = malloc((size_t)(S + 1) * N * D * sizeof *obs2);
    float *rew = malloc((size_t)S * N * sizeof *rew);
    int64_t *rows1 = malloc((size_t)(S + 1) * N * sizeof *rows1);
    int64_t *rows2 = malloc((size_t)(S + 1) * N * sizeof *rows2);
    record_bars(ohlv, bc_prices_close(p), spec, T, A, N, S, obs1, rew, rows1);
    int64_t cut = rows1[(size_t)S * N];
    for (int32_t i = 1; i < N; i++)
        if (rows1[(size_t)S * N + i] < cut)
            cut = rows1[(size_t)S * N + i];
    for (int64_t t = cut; t < T; t++)
        for (int32_t j = 0; j < A; j++) {
            high[t * A + j] *= 1.5;
            low[t * A + j] *= 0.5;
        }
    record_bars(ohlv, bc_prices_close(p), spec, T, A, N, S, obs2, rew, rows2);
    int32_t compared = 0;
    for (int32_t t = 0; t <= S; t++)
        for (int32_t i = 0; i < N; i++)
            if (rows1[(size_t)t * N + i] <= cut) {
                compared++;
                ck_assert(memcmp(obs1 + ((size_t)t * N + i) * D, obs2 + ((size_t)t * N + i) * D,
                                 (size_t)D * sizeof *obs1) == 0);
            }
    ck_assert_int_gt(compared, N);
    /* ... while perturbing the row before the cut does reach an observation. */
    high[(cut - 1) * A] *= 1.5;
    record_bars(ohlv, bc_prices_close(p), spec, T, A, N, S, obs2, rew, rows2);
    int32_t changed = 0;
    for (int32_t i = 0; i < N; i++)
        if (rows1[(size_t)S * N + i] == cut)
            changed += memcmp(obs1 + ((size_t)S * N + i) * D, obs2 + ((size_t)S * N + i) * D,
                              (size_t)D * sizeof *obs1) != 0;
    ck_assert_int_ge(changed, 1);
    /* Bad bars: named field, row and asset. */
    high[7 * A + 2] = NAN;
    ck_assert_status_msg(bc_env_create_bars(NULL, high, low, bc_prices_close(p), NULL, NULL, T, A,
                                            1, &env),
                         BC_E_NUMERIC, "high at row 7, asset 2");
    high[7 * A + 2] = low[7 * A + 2] / 2;
    ck_assert_status_msg(bc_env_create_bars(NULL, high, low, bc_prices_close(p), NULL, NULL, T, A,
                                            1, &env),
                         BC_E_INVALID_ARGUMENT, "at row 7, asset 2");
    ck_assert_ptr_null(env);
    for (int c = 0; c < 5; c++)
        free(col[c]);
    free(high);
    free(low);
    free(obs1);
    free(obs2);
    free(rew);
    free(rows1);
    free(rows2);
    bc_prices_free(p);
}
END_TEST

/* A step allocates nothing, on the env's thread pool too, through episode
 * ends and restarts: the heap (every arena) is unchanged over many steps
 * after the first, and the buffers stay where reset put them. mallinfo2
 * sees what stays allocated, not an allocation freed inside the call. */
START_TEST(env_step_allocates_nothing_and_keeps_its_buffers)
{
    bc_prices *p = load("portfolio/three_assets_daily.csv");
    const int32_t N = 64;
    bc_env *env = make_env(p, N, "10", "2");
    ck_assert_ok(bc_env_reset(env, 8));
    const float *obs = bc_env_observations(env), *rew = bc_env_rewards(env);
    const double *w = bc_env_weights(env);
    int32_t actions[64], episodes = 0;
    draw_actions(actions, N, 0);
    ck_assert_ok(bc_env_step(env, actions));
    struct mallinfo2 before = mallinfo2();
    for (int32_t t = 1; t < 200; t++) {
        draw_actions(actions, N, (uint64_t)t);
        ck_assert_ok(bc_env_step(env, actions));
        for (int32_t i = 0; i < N; i++)
            episodes += bc_env_dones(env)[i];
    }
    struct mallinfo2 after = mallinfo2();
    ck_assert_uint_eq(after.uordblks, before.uordblks);
    ck_assert_uint_eq(after.hblkhd, before.hblkhd);
    ck_assert_int_eq(episodes, 20 * N); /* steps 2..200: 20 episode ends inside the loop */
    ck_assert_ptr_eq(bc_env_observations(env), obs);
    ck_assert_ptr_eq(bc_env_rewards(env), rew);
    ck_assert_ptr_eq(bc_env_weights(env), w);
    ck_assert_ok(bc_env_reset(env, 9)); /* a later reset keeps them too */
    ck_assert_ptr_eq(bc_env_observations(env), obs);
    bc_env_free(env);
    bc_prices_free(p);
}
END_TEST

Suite *suite_env(void)
{
    Suite *s = suite_create("env");
    TCase *tc = tcase_create("env");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, env_weights_sum_to_one_costs_are_nonnegative_rewards_add_up);
    tcase_add_test(tc, env_regimes_reach_their_documented_weights);
    tcase_add_test(tc, env_hold_keeps_shares_and_pays_nothing);
    tcase_add_test(tc, env_observation_at_t_uses_no_row_from_t_on);
    tcase_add_test(tc, env_same_seed_same_trajectories_whatever_the_thread_count);
    tcase_add_test(tc, env_reset_with_a_seed_starts_over_exactly);
    tcase_add_test(tc, env_observation_columns_are_named);
    tcase_add_test(tc, env_bad_input_gives_specific_statuses);
    tcase_add_test(tc, prices_ohlcv_per_asset_read_and_joined_alike);
    tcase_add_test(tc, prices_ohlcv_headers_and_rows_are_checked);
    tcase_add_test(tc, env_with_ohlcv_observes_each_assets_bars_without_look_ahead);
    tcase_add_test(tc, env_step_allocates_nothing_and_keeps_its_buffers);
    suite_add_tcase(s, tc);
    return s;
}
