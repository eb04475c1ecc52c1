/*
 * bandit.c - a router between K models: Thompson sampling over Beta
 * posteriors or UCB1 over mean rewards, with rewards in [0, 1]. Draws come
 * from Philox keyed by (seed, choice number), so a router restored from its
 * state continues the same sequence. State as JSON (with jansson); the HTTP
 * service and any persistence policy live with the caller (tools/cmd_serve.c).
 */
#include "core/internal.h"
#include "core/rng.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#include "core/json_file.h"
#endif

#define BANDIT_MAX_ARMS 4096

struct bc_bandit {
    int32_t n_arms;
    int32_t policy;
    uint64_t seed;
    uint64_t choices;   /* choose() calls so far: the Philox counter */
    int64_t *pulls;     /* rewards received per arm */
    double *reward_sum; /* sum of rewards per arm */
};

static double unit_open(uint64_t seed, uint64_t stream, uint64_t block, int word)
{
    uint32_t out[4];
    bc_philox_block(seed, stream, block, out);
    uint64_t bits = ((uint64_t)out[word] << 21) ^ (uint64_t)out[(word + 1) & 3];
    /* (0, 1): never 0, so log() below is finite. */
    return ((double)(bits & ((1ULL << 53) - 1)) + 0.5) * (1.0 / 9007199254740992.0);
}

/* Gamma(shape, 1) by Marsaglia & Tsang (2000) with the shape < 1 boost;
 * uniforms from the stream (seed, stream) starting at block *block. */
static double gamma_draw(double shape, uint64_t seed, uint64_t stream, uint64_t *block)
{
    double boost = 1.0;
    if (shape < 1.0) {
        boost = pow(unit_open(seed, stream, (*block)++, 0), 1.0 / shape);
        shape += 1.0;
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        uint64_t b = (*block)++;
        /* Box-Muller normal from two uniforms, a third for acceptance. */
        double u1 = unit_open(seed, stream, b, 0), u2 = unit_open(seed, stream, b, 2);
        double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
        double v = 1.0 + c * z;
        if (v <= 0)
            continue;
        v = v * v * v;
        double u = unit_open(seed, stream, b, 1);
        if (log(u) < 0.5 * z * z + d - d * v + d * log(v))
            return boost * d * v;
    }
}

BC_API int32_t bc_bandit_create(int32_t n_arms, int32_t policy, uint64_t seed, bc_bandit **out)
{
    if (out)
        *out = NULL;
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_create: out is NULL");
    if (n_arms < 1 || n_arms > BANDIT_MAX_ARMS)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_create: n_arms is %d, expected 1..%d",
                       n_arms, BANDIT_MAX_ARMS);
    if (policy != BC_BANDIT_THOMPSON && policy != BC_BANDIT_UCB1)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_create: policy is %d, expected "
                       "BC_BANDIT_THOMPSON (0) or BC_BANDIT_UCB1 (1)", policy);
    bc_bandit *b = calloc(1, sizeof *b);
    if (b) {
        b->pulls = calloc((size_t)n_arms, sizeof *b->pulls);
        b->reward_sum = calloc((size_t)n_arms, sizeof *b->reward_sum);
    }
    if (!b || !b->pulls || !b->reward_sum) {
        bc_bandit_free(b);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_bandit_create: %d arms", n_arms);
    }
    b->n_arms = n_arms;
    b->policy = policy;
    b->seed = seed;
    *out = b;
    return BC_OK;
}

BC_API void bc_bandit_free(bc_bandit *b)
{
    if (!b)
        return;
    free(b->pulls);
    free(b->reward_sum);
    free(b);
}

BC_API int32_t bc_bandit_arms(const bc_bandit *b)
{
    return b ? b->n_arms : 0;
}

BC_API int32_t bc_bandit_policy(const bc_bandit *b)
{
    return b ? b->policy : -1;
}

BC_API int32_t bc_bandit_choose(bc_bandit *b, int32_t *arm)
{
    if (!b || !arm)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_choose: %s is NULL",
                       !b ? "bandit" : "arm");
    int32_t best = 0;
    if (b->policy == BC_BANDIT_UCB1) {
        /* Auer, Cesa-Bianchi & Fischer (2002): every arm once, then the
         * largest mean + sqrt(2 ln N / n_i). Ties go to the lowest index.
         * Rewards arrive apart from choices (a trade takes time), so arms
         * with no reward yet take turns by choice number instead of one
         * arm being chosen until its first reward comes back. */
        int64_t total = 0;
        int32_t untried = 0;
        for (int32_t i = 0; i < b->n_arms; i++) {
            untried += b->pulls[i] == 0;
            total += b->pulls[i];
        }
        if (untried > 0) {
            int32_t turn = (int32_t)(b->choices % (uint64_t)untried);
            for (int32_t i = 0; i < b->n_arms; i++)
                if (b->pulls[i] == 0 && turn-- == 0) {
                    *arm = i;
                    break;
                }
            b->choices++;
            return BC_OK;
        }
        double best_score = -INFINITY, log_total = log((double)total);
        for (int32_t i = 0; i < b->n_arms; i++) {
            double n = (double)b->pulls[i];
            double score = b->reward_sum[i] / n + sqrt(2.0 * log_total / n);
            if (score > best_score)
                best_score = score, best = i;
        }
    } else {
        /* Beta(1 + sum r, 1 + n - sum r) per arm: X/(X+Y) with X, Y Gamma.
         * Stream = the choice number, so each choice's draws are fixed by
         * (seed, choice) whatever came before. */
        double best_draw = -1;
        uint64_t block = 0;
        for (int32_t i = 0; i < b->n_arms; i++) {
            double a = 1.0 + b->reward_sum[i];
            double c = 1.0 + (double)b->pulls[i] - b->reward_sum[i];
            double x = gamma_draw(a, b->seed, b->choices, &block);
            double y = gamma_draw(c, b->seed, b->choices, &block);
            double draw = x / (x + y);
            if (draw > best_draw)
                best_draw = draw, best = i;
        }
    }
    b->choices++;
    *arm = best;
    return BC_OK;
}

BC_API int32_t bc_bandit_reward(bc_bandit *b, int32_t arm, double reward)
{
    if (!b)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_reward: bandit is NULL");
    if (arm < 0 || arm >= b->n_arms)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_reward: arm is %d, expected 0..%d",
                       arm, b->n_arms - 1);
    if (!(reward >= 0.0 && reward <= 1.0))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_reward: reward is %g, expected a "
                       "number in [0, 1]", reward);
    b->pulls[arm]++;
    b->reward_sum[arm] += reward;
    return BC_OK;
}

BC_API int32_t bc_bandit_arm_stats(const bc_bandit *b, int32_t arm, int64_t *pulls,
                                   double *reward_sum)
{
    if (!b || !pulls || !reward_sum)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_arm_stats: %s is NULL",
                       !b ? "bandit" : !pulls ? "pulls" : "reward_sum");
    if (arm < 0 || arm >= b->n_arms)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_arm_stats: arm is %d, expected 0..%d",
                       arm, b->n_arms - 1);
    *pulls = b->pulls[arm];
    *reward_sum = b->reward_sum[arm];
    return BC_OK;
}

BC_API int32_t bc_bandit_set_arm_stats(bc_bandit *b, int32_t arm, int64_t pulls,
                                       double reward_sum)
{
    if (!b)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_set_arm_stats: bandit is NULL");
    if (arm < 0 || arm >= b->n_arms)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_set_arm_stats: arm is %d, expected "
                       "0..%d", arm, b->n_arms - 1);
    if (pulls < 0 || !(reward_sum >= 0 && reward_sum <= (double)pulls))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_set_arm_stats: pulls %lld and "
                       "reward_sum %g, expected pulls >= 0 and 0 <= reward_sum <= pulls",
                       (long long)pulls, reward_sum);
    b->pulls[arm] = pulls;
    b->reward_sum[arm] = reward_sum;
    return BC_OK;
}

BC_API int64_t bc_bandit_choices(const bc_bandit *b)
{
    return b ? (int64_t)b->choices : 0;
}

#ifdef BC_HAVE_JANSSON
static const char *const policy_names[] = {"thompson", "ucb1"};

BC_API int32_t bc_bandit_save(const bc_bandit *b, const char *path)
{
    if (!b || !path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_save: %s is NULL",
                       !b ? "bandit" : "path");
    json_t *root = json_object(), *arms = json_array();
    if (!root || !arms) {
        json_decref(root);
        json_decref(arms);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_bandit_save: %s", path);
    }
    json_object_set_new(root, "format", json_string("botcopier-bandit"));
    json_object_set_new(root, "version", json_integer(1));
    json_object_set_new(root, "policy", json_string(policy_names[b->policy]));
    /* Text: a JSON integer is signed 64-bit, a seed is not. */
    char seed[24];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)b->seed);
    json_object_set_new(root, "seed", json_string(seed));
    json_object_set_new(root, "choices", json_integer((json_int_t)b->choices));
    for (int32_t i = 0; i < b->n_arms; i++) {
        json_t *arm = json_object();
        json_object_set_new(arm, "pulls", json_integer(b->pulls[i]));
        json_object_set_new(arm, "reward_sum", json_real(b->reward_sum[i]));
        json_array_append_new(arms, arm);
    }
    json_object_set_new(root, "arms", arms);
    int32_t st = bc_json_write_file(path, root, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(root);
    return st;
}

BC_API int32_t bc_bandit_load(const char *path, bc_bandit **out)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_bandit_load: %s is NULL",
                       !path ? "path" : "out");
    FILE *f = bc_fopen(path, "rb");
    if (!f)
        return bc_fail(BC_E_IO, "%s: cannot open: %s", path, strerror(errno));
    json_error_t err;
    json_t *root = json_loadf(f, 0, &err);
    fclose(f);
    if (!root)
        return bc_fail(BC_E_PARSE, "%s line %d column %d: %s", path, err.line, err.column,
                       err.text);
    int32_t st = BC_OK;
    const char *format = json_string_value(json_object_get(root, "format"));
    const char *policy = json_string_value(json_object_get(root, "policy"));
    const char *seed_text = json_string_value(json_object_get(root, "seed"));
    json_t *version = json_object_get(root, "version");
    json_t *choices = json_object_get(root, "choices");
    json_t *arms = json_object_get(root, "arms");
    int32_t pol = policy && !strcmp(policy, "thompson") ? BC_BANDIT_THOMPSON
                  : policy && !strcmp(policy, "ucb1")   ? BC_BANDIT_UCB1
                                                        : -1;
    char *end = NULL;
    unsigned long long seed = seed_text ? strtoull(seed_text, &end, 10) : 0;
    if (!format || strcmp(format, "botcopier-bandit") != 0)
        st = bc_fail(BC_E_FORMAT, "%s: not a bandit state file (\"format\" is not "
                     "\"botcopier-bandit\")", path);
    else if (!json_is_integer(version) || json_integer_value(version) != 1)
        st = bc_fail(BC_E_VERSION, "%s: bandit state version %lld, this library reads 1", path,
                     json_is_integer(version) ? (long long)json_integer_value(version) : -1LL);
    else if (pol < 0)
        st = bc_fail(BC_E_CORRUPT, "%s: \"policy\" is %s, expected \"thompson\" or \"ucb1\"",
                     path, policy ? policy : "missing");
    else if (!seed_text || end == seed_text || *end)
        st = bc_fail(BC_E_CORRUPT, "%s: \"seed\" is not an unsigned integer text", path);
    else if (!json_is_integer(choices) || json_integer_value(choices) < 0)
        st = bc_fail(BC_E_CORRUPT, "%s: \"choices\" is not a count", path);
    else if (!json_is_array(arms) || json_array_size(arms) < 1 ||
             json_array_size(arms) > BANDIT_MAX_ARMS)
        st = bc_fail(BC_E_CORRUPT, "%s: \"arms\" is not an array of 1..%d arms", path,
                     BANDIT_MAX_ARMS);
    bc_bandit *b = NULL;
    if (st == BC_OK)
        st = bc_bandit_create((int32_t)json_array_size(arms), pol, (uint64_t)seed, &b);
    for (int32_t i = 0; st == BC_OK && i < b->n_arms; i++) {
        json_t *arm = json_array_get(arms, (size_t)i);
        json_t *pulls = json_object_get(arm, "pulls"), *sum = json_object_get(arm, "reward_sum");
        double s = json_is_number(sum) ? json_number_value(sum) : NAN;
        if (!json_is_integer(pulls) || json_integer_value(pulls) < 0 || !(s >= 0) ||
            s > (double)json_integer_value(pulls))
            st = bc_fail(BC_E_CORRUPT, "%s: arm %d: \"pulls\" and \"reward_sum\" must be a count "
                         "and a number in [0, pulls]", path, i);
        else
            b->pulls[i] = json_integer_value(pulls), b->reward_sum[i] = s;
    }
    if (st == BC_OK) {
        b->choices = (uint64_t)json_integer_value(choices);
        *out = b;
    } else {
        bc_bandit_free(b);
    }
    json_decref(root);
    return st;
}
#else
BC_API int32_t bc_bandit_save(const bc_bandit *b, const char *path)
{
    (void)b;
    (void)path;
    return bc_fail(BC_E_UNSUPPORTED, "bc_bandit_save: not in this build (no JSON library)");
}

BC_API int32_t bc_bandit_load(const char *path, bc_bandit **out)
{
    (void)path;
    if (out)
        *out = NULL;
    return bc_fail(BC_E_UNSUPPORTED, "bc_bandit_load: not in this build (no JSON library)");
}
#endif
