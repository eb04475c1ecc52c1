/*
 * ppo.c - the PPO trainer (bc_ppo): options, rollouts on a bc_env with the
 * GRU state carried, GAE, the clipped objective over minibatches of whole
 * env sequences, separate actor and critic Adam optimizers, critic-only
 * epochs, per-iteration metrics, checkpoints and memory planning. The
 * network's math is gru_ac.c's; the Adam step is the backend's. Every
 * random draw is Philox keyed by the seed and counters, never by time.
 */
#include "rl/policy_io.h"

#include "backend/backend.h"
#include "core/internal.h"
#include "core/rng.h"
#include "env/env_state.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef BC_HAVE_OPENBLAS
#include <cblas.h>
#endif

/* Philox streams (the counter's high word) of each kind of draw; initial
 * weights use rl_net_init's own small stream numbers. */
#define STREAM_ACTIONS (1ull << 60)
#define STREAM_DROPOUT (2ull << 60)
#define STREAM_PERMUTE (3ull << 60)
#define STREAM_ENV_SEED (4ull << 60)

#define PPO_DEFAULT_ENVS 64
#define PPO_BYTES_FIXED 25 /* the seed's 8 + 4 + 4 + 4 + 1 + 4 (log-prob etc.) */

typedef struct ppo_options {
    uint64_t seed;
    int32_t hidden, head, layers, n_steps, n_minibatches, epochs, critic_epochs, threads;
    double dropout, gamma, lambda, clip, ent_coef, vf_coef, max_grad_norm, actor_lr, critic_lr,
        target_kl, reward_scale;
} ppo_options;

typedef struct ppo_metrics {
    int valid;
    int64_t iteration, timesteps, episodes;
    double steps_per_s, rollout_s, update_s, mean_reward, reward_std, win_rate, episode_return;
    int64_t episodes_ended;
    double explained_variance, approx_kl, clip_fraction, entropy, entropy_ratio, policy_loss,
        value_loss, critic_value_loss, grad_norm_actor, grad_norm_critic, grad_norm_max,
        dead_units, composite_score;
    int32_t epochs_done;
    const char *grad_health;
    double action_fractions[BC_ENV_ACTION_COUNT];
} ppo_metrics;

struct bc_ppo {
    bc_env *env;
    int32_t E, D, A;
    ppo_options opt;
    volatile int32_t cancel;

    int prepared;
    rl_net net;
    bc_backend *be;
    float *params, *grad, *m, *v;
    int64_t adam_t_actor, adam_t_critic;
    rl_tape *step_tape, *mb_tape;
    int32_t mb_max; /* most envs in one minibatch */

    /* rollout, [n_steps x E] time-major */
    float *obs_buf, *logp_buf, *val_buf, *rew_buf, *adv_buf, *ret_buf;
    int32_t *act_buf;
    uint8_t *start_buf, *done_buf;
    float *h, *h_next, *h0_buf; /* [layers x E x hidden] */
    uint8_t *next_start;         /* [E] */
    uint8_t *no_start;           /* [E] zeros */
    uint8_t *unit_fired;         /* [2 x hidden] */

    /* minibatch */
    float *mb_obs, *mb_h0, *mb_logp, *mb_adv, *mb_ret, *d_logits, *d_values;
    float *features, *mb_top; /* trunk outputs for the critic passes: [T x E x H], [T x B x H] */
    int32_t *mb_act, *perm;
    uint8_t *mb_start;

    int64_t iteration, timesteps, episodes;
    ppo_metrics last;
};

static const ppo_options default_options = {
    .seed = 0, .hidden = 256, .head = 0, .layers = 2, .n_steps = 128, .n_minibatches = 4,
    .epochs = 4, .critic_epochs = 4, .threads = 0, .dropout = 0.1, .gamma = 0.99,
    .lambda = 0.95, .clip = 0.2, .ent_coef = 0.01, .vf_coef = 0.5, .max_grad_norm = 0.5,
    .actor_lr = 3e-4, .critic_lr = 9e-4, .target_kl = 0.0, .reward_scale = 1.0};

/* ---- memory planning ------------------------------------------------------ */

static int64_t available_memory(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return 0;
    char line[256];
    long long kb = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %lld kB", &kb) == 1)
            break;
    fclose(f);
    return (int64_t)kb * 1024;
}

BC_API int32_t bc_ppo_plan(int32_t obs_size, int32_t n_actions, int32_t n_steps,
                           int64_t available_bytes, int32_t *n_envs, int64_t *bytes)
{
    if (!n_envs)
        return bc_fail_null("bc_ppo_plan", "n_envs", (const void *)n_envs, (const char *)NULL);
    if (obs_size < 1 || n_actions < 1 || n_steps < 1 || available_bytes < 0 || *n_envs < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_ppo_plan: obs_size %d, n_actions %d, n_steps %d, n_envs %d, budget "
                       "%lld: sizes must be >= 1 (n_envs >= 0) and the budget >= 0",
                       (int)obs_size, (int)n_actions, (int)n_steps, (int)*n_envs,
                       (long long)available_bytes);
    int64_t budget = available_bytes ? available_bytes : available_memory();
    const double per_sample = (double)obs_size * 4 + PPO_BYTES_FIXED + (double)n_actions * 4;
    const double per_env = per_sample * 1.5 * n_steps;
    int64_t fit = budget > 0 ? (int64_t)floor((double)budget / per_env) : 0;
    if (fit > 16777216)
        fit = 16777216;
    int32_t want = *n_envs;
    if (want == 0) {
        if (fit < 1)
            return bc_fail(BC_E_OUT_OF_MEMORY,
                           "bc_ppo_plan: not one env of %d steps fits: %.0f bytes (%.0f bytes "
                           "per sample x 1.5 overhead) above the %lld bytes available",
                           (int)n_steps, per_env, per_sample, (long long)budget);
        want = fit < PPO_DEFAULT_ENVS ? (int32_t)fit : PPO_DEFAULT_ENVS;
    }
    const double need = per_env * want;
    if (bytes)
        *bytes = (int64_t)ceil(need);
    if (need > (double)budget) {
        int64_t steps_fit = (int64_t)floor((double)budget / (per_sample * 1.5 * want));
        return bc_fail(BC_E_OUT_OF_MEMORY,
                       "bc_ppo_plan: %d envs x %d steps need %.1f MiB (%.0f bytes per sample x "
                       "1.5 overhead), %.1f MiB are available: at most %lld envs fit at %d "
                       "steps, or %lld steps with %d envs",
                       (int)want, (int)n_steps, need / 1048576.0, per_sample,
                       (double)budget / 1048576.0, (long long)fit, (int)n_steps,
                       (long long)steps_fit, (int)want);
    }
    *n_envs = want;
    return BC_OK;
}

/* ---- handle and options ------------------------------------------------------ */

BC_API int32_t bc_ppo_create(bc_env *env, bc_ppo **out)
{
    if (!env || !out)
        return bc_fail_null("bc_ppo_create", "env", (const void *)env, "out", (const void *)out,
                            (const char *)NULL);
    *out = NULL;
    bc_ppo *p = calloc(1, sizeof *p);
    if (!p)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_ppo_create: out of memory");
    p->env = env;
    p->E = bc_env_count(env);
    p->A = BC_ENV_ACTION_COUNT;
    p->opt = default_options;
    *out = p;
    return BC_OK;
}

typedef struct ppo_key {
    const char *name;
    int is_int;
    size_t offset;
    double lo, hi;
    int lo_open; /* value must be > lo */
} ppo_key;

#define OPT_INT(name, field, lo, hi) {name, 1, offsetof(ppo_options, field), lo, hi, 0}
#define OPT_DBL(name, field, lo, hi) {name, 0, offsetof(ppo_options, field), lo, hi, 0}
static const ppo_key ppo_keys[] = {
    OPT_INT("hidden_dim", hidden, 8, 512),
    OPT_INT("head_dim", head, 0, 1024),
    OPT_INT("gru_layers", layers, 1, RL_MAX_GRU_LAYERS),
    OPT_INT("n_steps", n_steps, 1, 100000),
    OPT_INT("n_minibatches", n_minibatches, 1, 16777216),
    OPT_INT("epochs", epochs, 1, 1000),
    OPT_INT("critic_epochs", critic_epochs, 0, 1000),
    OPT_INT("threads", threads, 0, 1024),
    OPT_DBL("dropout", dropout, 0, 0.9),
    OPT_DBL("gamma", gamma, 0, 1),
    OPT_DBL("gae_lambda", lambda, 0, 1),
    OPT_DBL("clip", clip, 0, 10),
    OPT_DBL("ent_coef", ent_coef, 0, 10),
    OPT_DBL("vf_coef", vf_coef, 0, 100),
    OPT_DBL("max_grad_norm", max_grad_norm, 0, 1e6),
    OPT_DBL("actor_lr", actor_lr, 0, 1),
    OPT_DBL("critic_lr", critic_lr, 0, 1),
    OPT_DBL("target_kl", target_kl, 0, 10),
    {"reward_scale", 0, offsetof(ppo_options, reward_scale), 0, 1e6, 1},
};

BC_API int32_t bc_ppo_set(bc_ppo *p, const char *key, const char *value)
{
    if (!p || !key || !value)
        return bc_fail_null("bc_ppo_set", "ppo", (const void *)p, "key", (const void *)key,
                            "value", (const void *)value, (const char *)NULL);
    if (p->prepared)
        return bc_fail(BC_E_STATE, "bc_ppo_set: '%s' cannot change once the network exists "
                       "(after the first iteration or a checkpoint load)", key);
    if (strcmp(key, "seed") == 0) {
        char *end = NULL;
        errno = 0;
        unsigned long long s = strtoull(value, &end, 10);
        if (errno || end == value || *end || value[0] == '-')
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_ppo_set: seed '%s' is not an unsigned 64-bit integer", value);
        p->opt.seed = s;
        return BC_OK;
    }
    for (size_t i = 0; i < sizeof ppo_keys / sizeof ppo_keys[0]; i++) {
        const ppo_key *k = &ppo_keys[i];
        if (strcmp(key, k->name) != 0)
            continue;
        char *end = NULL;
        errno = 0;
        double v = strtod(value, &end);
        int ok = !errno && end != value && *end == '\0' && isfinite(v) &&
                 (k->lo_open ? v > k->lo : v >= k->lo) && v <= k->hi;
        if (ok && k->is_int)
            ok = v == floor(v);
        if (!ok) {
            if (k->is_int)
                return bc_fail(BC_E_INVALID_ARGUMENT,
                               "bc_ppo_set: %s '%s' is not an integer in %g..%g", key, value,
                               k->lo, k->hi);
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_ppo_set: %s '%s' is not a number in %s%g..%g",
                           key, value, k->lo_open ? "(" : "", k->lo, k->hi);
        }
        char *field = (char *)&p->opt + k->offset;
        if (k->is_int)
            *(int32_t *)field = (int32_t)v;
        else
            *(double *)field = v;
        return BC_OK;
    }
    return bc_fail(BC_E_UNKNOWN_KEY, "bc_ppo_set: unknown option '%s'", key);
}

static int32_t head_dim(const ppo_options *o)
{
    return o->head ? o->head : (o->hidden / 2 > 0 ? o->hidden / 2 : 1);
}

BC_API int64_t bc_ppo_parameter_count(const bc_ppo *p)
{
    if (!p)
        return 0;
    rl_net net;
    rl_net_layout(&net, bc_env_observation_size(p->env), p->opt.hidden, head_dim(&p->opt),
                  p->opt.layers, p->A);
    return net.n_params;
}

BC_API int64_t bc_ppo_iterations(const bc_ppo *p) { return p ? p->iteration : 0; }
BC_API int64_t bc_ppo_timesteps(const bc_ppo *p) { return p ? p->timesteps : 0; }
BC_API int64_t bc_ppo_episodes(const bc_ppo *p) { return p ? p->episodes : 0; }

BC_API int32_t bc_ppo_cancel(bc_ppo *p)
{
    if (!p)
        return bc_fail_null("bc_ppo_cancel", "ppo", (const void *)p, (const char *)NULL);
    p->cancel = 1;
    return BC_OK;
}

/* ---- buffers ------------------------------------------------------------------ */

static void release_buffers(bc_ppo *p)
{
    void *bufs[] = {p->params, p->grad, p->m, p->v, p->obs_buf, p->logp_buf, p->val_buf,
                    p->rew_buf, p->adv_buf, p->ret_buf, p->act_buf, p->start_buf, p->done_buf,
                    p->h, p->h_next, p->h0_buf, p->next_start, p->no_start, p->unit_fired, p->mb_obs,
                    p->mb_h0, p->mb_logp, p->mb_adv, p->mb_ret, p->d_logits, p->d_values,
                    p->mb_act, p->perm, p->mb_start, p->features, p->mb_top};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        free(bufs[i]);
    rl_tape_free(p->step_tape);
    rl_tape_free(p->mb_tape);
    bc_backend_free(p->be);
    bc_ppo *keep = p;
    bc_env *env = keep->env;
    int32_t E = keep->E, A = keep->A;
    ppo_options opt = keep->opt;
    memset(p, 0, sizeof *p);
    p->env = env;
    p->E = E;
    p->A = A;
    p->opt = opt;
}

/* Allocates every buffer for the current options and the env's shape;
 * the weights are left to the caller (init or checkpoint). */
static int32_t allocate(bc_ppo *p)
{
    p->D = bc_env_observation_size(p->env);
    const ppo_options *o = &p->opt;
    rl_net_layout(&p->net, p->D, o->hidden, head_dim(o), o->layers, p->A);
    int32_t M = o->n_minibatches < p->E ? o->n_minibatches : p->E;
    p->mb_max = (p->E + M - 1) / M;
    const size_t T = (size_t)o->n_steps, E = (size_t)p->E, D = (size_t)p->D;
    const size_t P = (size_t)p->net.n_params, B = (size_t)p->mb_max;
    const size_t state = (size_t)o->layers * E * (size_t)o->hidden;
    int32_t rc = bc_backend_init("cpu", &p->be);
    if (rc != BC_OK)
        return rc;
    p->params = calloc(P, sizeof(float));
    p->grad = calloc(P, sizeof(float));
    p->m = calloc(P, sizeof(float));
    p->v = calloc(P, sizeof(float));
    p->obs_buf = malloc(T * E * D * sizeof(float));
    p->logp_buf = malloc(T * E * sizeof(float));
    p->val_buf = malloc(T * E * sizeof(float));
    p->rew_buf = malloc(T * E * sizeof(float));
    p->adv_buf = malloc(T * E * sizeof(float));
    p->ret_buf = malloc(T * E * sizeof(float));
    p->act_buf = malloc(T * E * sizeof(int32_t));
    p->start_buf = malloc(T * E);
    p->done_buf = malloc(T * E);
    p->h = calloc(state, sizeof(float));
    p->h_next = calloc(state, sizeof(float));
    p->h0_buf = calloc(state, sizeof(float));
    p->next_start = malloc(E);
    p->no_start = calloc(E, 1);
    p->unit_fired = malloc(2 * (size_t)o->hidden);
    p->mb_obs = malloc(T * B * D * sizeof(float));
    p->mb_h0 = malloc((size_t)o->layers * B * (size_t)o->hidden * sizeof(float));
    p->mb_logp = malloc(T * B * sizeof(float));
    p->mb_adv = malloc(T * B * sizeof(float));
    p->mb_ret = malloc(T * B * sizeof(float));
    p->d_logits = malloc(T * B * (size_t)p->A * sizeof(float));
    p->d_values = malloc(T * B * sizeof(float));
    p->mb_act = malloc(T * B * sizeof(int32_t));
    p->perm = malloc(E * sizeof(int32_t));
    p->mb_start = malloc(T * B);
    p->features = malloc(T * E * (size_t)o->hidden * sizeof(float));
    p->mb_top = malloc(T * B * (size_t)o->hidden * sizeof(float));
    p->step_tape = rl_tape_create(&p->net, (int64_t)E, (int32_t)E);
    p->mb_tape = rl_tape_create(&p->net, (int64_t)(T * B), (int32_t)B);
    if (!p->params || !p->grad || !p->m || !p->v || !p->obs_buf || !p->logp_buf || !p->val_buf ||
        !p->rew_buf || !p->adv_buf || !p->ret_buf || !p->act_buf || !p->start_buf ||
        !p->done_buf || !p->h || !p->h_next || !p->h0_buf || !p->next_start || !p->no_start || !p->unit_fired ||
        !p->mb_obs || !p->mb_h0 || !p->mb_logp || !p->mb_adv || !p->mb_ret || !p->d_logits ||
        !p->d_values || !p->mb_act || !p->perm || !p->mb_start || !p->features || !p->mb_top || !p->step_tape || !p->mb_tape) {
        release_buffers(p);
        return bc_fail(BC_E_OUT_OF_MEMORY,
                       "bc_ppo: out of memory for %d envs x %d steps with a %lld-parameter "
                       "network (see bc_ppo_plan)",
                       (int)p->E, (int)o->n_steps, (long long)p->net.n_params);
    }
    return BC_OK;
}

static int32_t prepare(bc_ppo *p)
{
    int32_t rc = allocate(p);
    if (rc != BC_OK)
        return rc;
    rl_net_init(&p->net, p->params, p->opt.seed);
    uint32_t r[4];
    bc_philox_block(p->opt.seed, STREAM_ENV_SEED, 0, r);
    rc = bc_env_reset(p->env, ((uint64_t)r[1] << 32) | r[0]);
    if (rc != BC_OK) {
        release_buffers(p);
        return rc;
    }
    memset(p->next_start, 1, (size_t)p->E);
    p->prepared = 1;
    return BC_OK;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- rollout ------------------------------------------------------------------- */

/* log softmax of z[A] at a and the probabilities into prob. */
static double softmax_row(const float *z, int32_t A, double *prob)
{
    double mx = z[0];
    for (int32_t a = 1; a < A; a++)
        if (z[a] > mx)
            mx = z[a];
    double sum = 0.0;
    for (int32_t a = 0; a < A; a++) {
        prob[a] = exp((double)z[a] - mx);
        sum += prob[a];
    }
    for (int32_t a = 0; a < A; a++)
        prob[a] /= sum;
    return mx + log(sum); /* log-sum-exp */
}

typedef struct rollout_stats {
    double reward_sum, reward_sq, wins, episode_return_sum;
    int64_t episodes_ended, action_count[BC_ENV_ACTION_COUNT];
} rollout_stats;

static int32_t rollout(bc_ppo *p, rollout_stats *st)
{
    const int32_t T = p->opt.n_steps, E = p->E, D = p->D, A = p->A, H = p->opt.hidden;
    const size_t state = (size_t)p->opt.layers * (size_t)E * (size_t)H;
    memset(st, 0, sizeof *st);
    memset(p->unit_fired, 0, 2 * (size_t)H);
    memcpy(p->h0_buf, p->h, state * sizeof(float));
    float *obs = bc_env_observations(p->env);
    double prob[BC_ENV_ACTION_COUNT];
    for (int32_t t = 0; t < T; t++) {
        if (p->cancel)
            return bc_fail(BC_E_CANCELLED, "bc_ppo_iterate: cancelled at rollout step %d of "
                           "iteration %lld", (int)t, (long long)p->iteration + 1);
        float *o = p->obs_buf + (size_t)t * E * D;
        memcpy(o, obs, (size_t)E * D * sizeof(float));
        uint8_t *starts = p->start_buf + (size_t)t * E;
        memcpy(starts, p->next_start, (size_t)E);
        int32_t rc = rl_net_forward(p->be, &p->net, p->params, p->step_tape, o, starts, p->h, 1, E,
                                    p->h_next, 0.0f, 0, 0, 1);
        if (rc != BC_OK)
            return rc;
        float *swap = p->h;
        p->h = p->h_next;
        p->h_next = swap;
        for (int64_t i = 0; i < (int64_t)E * H; i++) {
            if (p->step_tape->a1[i] > 0.0f)
                p->unit_fired[i % H] = 1;
            if (p->step_tape->a2[i] > 0.0f)
                p->unit_fired[H + i % H] = 1;
        }
        const uint64_t step = (uint64_t)p->iteration * (uint64_t)T + (uint64_t)t;
        int32_t *act = p->act_buf + (size_t)t * E;
        for (int32_t e = 0; e < E; e++) {
            const float *z = p->step_tape->logits + (size_t)e * A;
            double lse = softmax_row(z, A, prob);
            uint32_t r[4];
            bc_philox_block(p->opt.seed, STREAM_ACTIONS | step, (uint64_t)e, r);
            double u = ((double)r[0] + 0.5) / 4294967296.0, c = 0.0;
            int32_t a = A - 1;
            for (int32_t k = 0; k < A; k++) {
                c += prob[k];
                if (u < c) {
                    a = k;
                    break;
                }
            }
            act[e] = a;
            p->logp_buf[(size_t)t * E + e] = (float)((double)z[a] - lse);
            p->val_buf[(size_t)t * E + e] = p->step_tape->values[e];
            st->action_count[a]++;
        }
        rc = bc_env_step(p->env, act);
        if (rc != BC_OK)
            return rc;
        const float *rew = bc_env_rewards(p->env);
        const uint8_t *done = bc_env_dones(p->env);
        int any_done = 0;
        for (int32_t e = 0; e < E; e++) {
            double r = rew[e];
            st->reward_sum += r;
            st->reward_sq += r * r;
            st->wins += r > 0.0;
            p->rew_buf[(size_t)t * E + e] = (float)(r * p->opt.reward_scale);
            p->done_buf[(size_t)t * E + e] = done[e];
            p->next_start[e] = done[e];
            any_done |= done[e];
        }
        if (any_done) {
            /* Time-limit ends: the return continues past the cut, so the last
             * reward takes gamma * V(final observation) (SB3's bootstrap). */
            const double *values = bc_env_values(p->env);
            rc = rl_net_forward(p->be, &p->net, p->params, p->step_tape,
                                bc_env_final_observations(p->env), p->no_start,
                                p->h, 1, E, NULL, 0.0f, 0, 0, 0);
            if (rc != BC_OK)
                return rc;
            for (int32_t e = 0; e < E; e++)
                if (done[e]) {
                    p->rew_buf[(size_t)t * E + e] +=
                        (float)(p->opt.gamma * p->step_tape->values[e]);
                    st->episodes_ended++;
                    st->episode_return_sum += values[e] - 1.0;
                }
        }
    }
    return BC_OK;
}

/* GAE(gamma, lambda) backwards over the rollout, bootstrapped with the
 * value of the observation after its last step. */
static int32_t compute_gae(bc_ppo *p)
{
    const int32_t T = p->opt.n_steps, E = p->E;
    float *obs = bc_env_observations(p->env);
    uint8_t *zero_starts = p->next_start; /* hidden already zeroed where an episode began */
    int32_t rc = rl_net_forward(p->be, &p->net, p->params, p->step_tape, obs, zero_starts, p->h,
                                1, E, NULL, 0.0f, 0, 0, 0);
    if (rc != BC_OK)
        return rc;
    /* kernels_math.h's GAE, the one the CUDA plugin runs. */
    return p->be->ops->gae(p->be->state, T, E, p->opt.gamma, p->opt.lambda, p->rew_buf,
                           p->val_buf, p->done_buf, p->step_tape->values, p->adv_buf,
                           p->ret_buf);
}

/* ---- update --------------------------------------------------------------------- */

/* Philox Fisher-Yates of 0..E-1 for (iteration, pass). */
static void permute_envs(bc_ppo *p, uint64_t pass)
{
    for (int32_t i = 0; i < p->E; i++)
        p->perm[i] = i;
    for (int32_t i = p->E - 1; i > 0; i--) {
        uint32_t r[4];
        bc_philox_block(p->opt.seed, STREAM_PERMUTE | ((uint64_t)p->iteration << 16) | pass,
                        (uint64_t)i, r);
        int32_t j = (int32_t)(((uint64_t)r[0] * (uint64_t)(i + 1)) >> 32);
        int32_t tmp = p->perm[i];
        p->perm[i] = p->perm[j];
        p->perm[j] = tmp;
    }
}

/* Copies the sequences of envs perm[b0..b0+B) into the minibatch buffers,
 * advantages normalized over the minibatch. */
static void gather(bc_ppo *p, int32_t b0, int32_t B)
{
    const int32_t T = p->opt.n_steps, E = p->E, D = p->D, H = p->opt.hidden;
    double sum = 0.0, sq = 0.0;
    for (int32_t t = 0; t < T; t++)
        for (int32_t b = 0; b < B; b++) {
            const int32_t e = p->perm[b0 + b];
            const size_t src = (size_t)t * E + e, dst = (size_t)t * B + b;
            memcpy(p->mb_obs + dst * D, p->obs_buf + src * D, (size_t)D * sizeof(float));
            p->mb_start[dst] = p->start_buf[src];
            p->mb_act[dst] = p->act_buf[src];
            p->mb_logp[dst] = p->logp_buf[src];
            p->mb_adv[dst] = p->adv_buf[src];
            p->mb_ret[dst] = p->ret_buf[src];
            sum += p->adv_buf[src];
            sq += (double)p->adv_buf[src] * p->adv_buf[src];
        }
    const double n = (double)T * B, mean = sum / n;
    const double var = n > 1 ? (sq - n * mean * mean) / (n - 1) : 0.0;
    const double sd = sqrt(var > 0 ? var : 0) + 1e-8;
    for (size_t i = 0; i < (size_t)T * B; i++)
        p->mb_adv[i] = (float)((p->mb_adv[i] - mean) / sd);
    for (int32_t l = 0; l < p->opt.layers; l++)
        for (int32_t b = 0; b < B; b++)
            memcpy(p->mb_h0 + ((size_t)l * B + b) * H,
                   p->h0_buf + ((size_t)l * E + p->perm[b0 + b]) * H, (size_t)H * sizeof(float));
}

typedef struct loss_stats {
    double policy_loss, value_loss, entropy, approx_kl, clip_fraction;
} loss_stats;

/* The PPO loss of a minibatch of N rows: d_logits and d_values get its
 * gradient; the means come back in s. */
static void ppo_loss(const bc_ppo *p, int64_t N, const float *logits, const float *values,
                     loss_stats *s)
{
    const int32_t A = p->A;
    const double clip = p->opt.clip, ent = p->opt.ent_coef, vf = p->opt.vf_coef;
    double prob[BC_ENV_ACTION_COUNT];
    memset(s, 0, sizeof *s);
    for (int64_t i = 0; i < N; i++) {
        const float *z = logits + i * A;
        const int32_t a = p->mb_act[i];
        double lse = softmax_row(z, A, prob);
        double logp = (double)z[a] - lse, log_ratio = logp - p->mb_logp[i];
        double ratio = exp(log_ratio), adv = p->mb_adv[i];
        double s1 = ratio * adv;
        double rc = ratio < 1.0 - clip ? 1.0 - clip : (ratio > 1.0 + clip ? 1.0 + clip : ratio);
        double s2 = rc * adv;
        double g_logp = s1 <= s2 ? -adv * ratio : 0.0; /* d(-min(s1, s2)) / d logp */
        double h = 0.0;
        for (int32_t k = 0; k < A; k++)
            if (prob[k] > 0.0)
                h -= prob[k] * log(prob[k]);
        for (int32_t k = 0; k < A; k++) {
            double lp = prob[k] > 0.0 ? log(prob[k]) : 0.0;
            double d = g_logp * ((k == a) - prob[k]) + ent * prob[k] * (lp + h);
            p->d_logits[i * A + k] = (float)(d / (double)N);
        }
        double err = (double)values[i] - p->mb_ret[i];
        p->d_values[i] = (float)(vf * err / (double)N);
        s->policy_loss += -(s1 < s2 ? s1 : s2);
        s->value_loss += 0.5 * err * err;
        s->entropy += h;
        s->approx_kl += (ratio - 1.0) - log_ratio;
        s->clip_fraction += fabs(ratio - 1.0) > clip;
    }
    s->policy_loss /= (double)N;
    s->value_loss /= (double)N;
    s->entropy /= (double)N;
    s->approx_kl /= (double)N;
    s->clip_fraction /= (double)N;
}

/* Global norm of g[0..n), then scaled to max_norm when above it. */
static double clip_norm(float *g, int64_t n, double max_norm)
{
    double sq = 0.0;
    for (int64_t i = 0; i < n; i++)
        sq += (double)g[i] * g[i];
    double norm = sqrt(sq);
    if (max_norm > 0 && norm > max_norm && isfinite(norm)) {
        float scale = (float)(max_norm / (norm + 1e-6));
        for (int64_t i = 0; i < n; i++)
            g[i] *= scale;
    }
    return norm;
}

static int32_t adam(bc_ppo *p, int64_t begin, int64_t end, double lr, int64_t *t)
{
    (*t)++;
    return p->be->ops->adam_update(p->be->state, p->params + begin, p->grad + begin, p->m + begin,
                                   p->v + begin, end - begin, (float)lr, 0.9f, 0.999f, 1e-8f,
                                   0.0f, *t);
}

typedef struct update_stats {
    loss_stats sum;
    int64_t minibatches, critic_minibatches;
    double critic_loss, norm_actor, norm_critic, norm_max;
    int32_t epochs_done;
    int nonfinite;
} update_stats;

/* The trunk's output (top GRU layer) for every rollout step, computed once
 * after the PPO epochs in inference mode (no dropout): the critic-only
 * passes fit the value head on it, as the trunk does not move in them. */
static int32_t trunk_features(bc_ppo *p)
{
    const int32_t T = p->opt.n_steps, E = p->E, H = p->opt.hidden;
    const int32_t M = p->opt.n_minibatches < E ? p->opt.n_minibatches : E;
    for (int32_t i = 0; i < E; i++)
        p->perm[i] = i;
    for (int32_t k = 0; k < M; k++) {
        const int32_t b0 = (int32_t)((int64_t)k * E / M);
        const int32_t B = (int32_t)((int64_t)(k + 1) * E / M) - b0;
        gather(p, b0, B);
        int32_t rc = rl_net_forward(p->be, &p->net, p->params, p->mb_tape, p->mb_obs, p->mb_start,
                                    p->mb_h0, T, B, NULL, 0.0f, 0, 0, 0);
        if (rc != BC_OK)
            return rc;
        const float *top = p->mb_tape->out[p->opt.layers - 1];
        for (int32_t t = 0; t < T; t++)
            memcpy(p->features + ((size_t)t * E + b0) * H, top + (size_t)t * B * H,
                   (size_t)B * H * sizeof(float));
    }
    return BC_OK;
}

/* One critic-only minibatch (gathered): value loss 0.5 (V - R)^2 on the
 * cached trunk features, a clipped step of the critic's Adam. */
static int32_t critic_step(bc_ppo *p, int32_t b0, int32_t B, int32_t pass, update_stats *u)
{
    const int32_t T = p->opt.n_steps, E = p->E, H = p->opt.hidden;
    const int64_t n_actor = p->net.n_actor, n_all = p->net.n_params, N = (int64_t)T * B;
    for (int32_t t = 0; t < T; t++)
        for (int32_t b = 0; b < B; b++)
            memcpy(p->mb_top + ((size_t)t * B + b) * H,
                   p->features + ((size_t)t * E + p->perm[b0 + b]) * H, (size_t)H * sizeof(float));
    int32_t rc = rl_value_head_forward(p->be, &p->net, p->params, p->mb_tape, p->mb_top, N);
    if (rc != BC_OK)
        return rc;
    double loss = 0.0;
    for (int64_t i = 0; i < N; i++) {
        double err = (double)p->mb_tape->values[i] - p->mb_ret[i];
        loss += 0.5 * err * err;
        p->d_values[i] = (float)(err / (double)N);
    }
    memset(p->grad + n_actor, 0, (size_t)(n_all - n_actor) * sizeof(float));
    rc = rl_value_head_backward(p->be, &p->net, p->params, p->mb_tape, p->mb_top, N, p->d_values,
                                p->grad, NULL);
    if (rc != BC_OK)
        return rc;
    double nc = clip_norm(p->grad + n_actor, n_all - n_actor, p->opt.max_grad_norm);
    if (!isfinite(loss) || !isfinite(nc))
        return bc_fail(BC_E_NUMERIC, "bc_ppo_iterate: the value loss or its gradient is not "
                       "finite in critic pass %d of iteration %lld", (int)pass + 1,
                       (long long)p->iteration + 1);
    u->critic_loss += loss / (double)N;
    u->critic_minibatches++;
    return adam(p, n_actor, n_all, p->opt.critic_lr, &p->adam_t_critic);
}

static int32_t update(bc_ppo *p, update_stats *u)
{
    const int32_t T = p->opt.n_steps, E = p->E;
    const int32_t M = p->opt.n_minibatches < E ? p->opt.n_minibatches : E;
    const float dropout = (float)p->opt.dropout;
    const int64_t n_actor = p->net.n_actor, n_all = p->net.n_params;
    memset(u, 0, sizeof *u);
    const int32_t passes = p->opt.epochs + p->opt.critic_epochs;
    int stop_ppo = 0;
    for (int32_t pass = 0; pass < passes; pass++) {
        const int critic_only = pass >= p->opt.epochs;
        if (!critic_only && stop_ppo)
            continue; /* target_kl stopped the PPO epochs */
        if (critic_only && pass == p->opt.epochs) {
            int32_t rc = trunk_features(p);
            if (rc != BC_OK)
                return rc;
        }
        permute_envs(p, (uint64_t)pass);
        for (int32_t k = 0; k < M; k++) {
            if (p->cancel)
                return bc_fail(BC_E_CANCELLED, "bc_ppo_iterate: cancelled in pass %d of "
                               "iteration %lld", (int)pass + 1, (long long)p->iteration + 1);
            const int32_t b0 = (int32_t)((int64_t)k * E / M);
            const int32_t B = (int32_t)((int64_t)(k + 1) * E / M) - b0;
            int32_t rc;
            gather(p, b0, B);
            if (critic_only) {
                rc = critic_step(p, b0, B, pass, u);
                if (rc != BC_OK)
                    return rc;
                continue;
            }
            const uint64_t stream = STREAM_DROPOUT |
                                    ((((uint64_t)p->iteration << 20) | ((uint64_t)pass << 10) |
                                      (uint64_t)k) << 3);
            rc = rl_net_forward(p->be, &p->net, p->params, p->mb_tape, p->mb_obs, p->mb_start,
                                p->mb_h0, T, B, NULL, dropout, p->opt.seed, stream, 1);
            if (rc != BC_OK)
                return rc;
            const int64_t N = (int64_t)T * B;
            memset(p->grad, 0, (size_t)n_all * sizeof(float));
            loss_stats s;
            ppo_loss(p, N, p->mb_tape->logits, p->mb_tape->values, &s);
            rc = rl_net_backward(p->be, &p->net, p->params, p->mb_tape, p->mb_obs, p->mb_start,
                                 p->mb_h0, p->d_logits, p->d_values, p->grad, 0);
            if (rc != BC_OK)
                return rc;
            double na = clip_norm(p->grad, n_actor, p->opt.max_grad_norm);
            double nc = clip_norm(p->grad + n_actor, n_all - n_actor, p->opt.max_grad_norm);
            if (!isfinite(s.policy_loss) || !isfinite(s.value_loss) || !isfinite(na) ||
                !isfinite(nc))
                return bc_fail(BC_E_NUMERIC, "bc_ppo_iterate: the PPO loss or its gradient is "
                               "not finite in epoch %d of iteration %lld", (int)pass + 1,
                               (long long)p->iteration + 1);
            u->sum.policy_loss += s.policy_loss;
            u->sum.value_loss += s.value_loss;
            u->sum.entropy += s.entropy;
            u->sum.approx_kl += s.approx_kl;
            u->sum.clip_fraction += s.clip_fraction;
            u->norm_actor += na;
            u->norm_critic += nc;
            if (na > u->norm_max)
                u->norm_max = na;
            u->minibatches++;
            rc = adam(p, 0, n_actor, p->opt.actor_lr, &p->adam_t_actor);
            if (rc == BC_OK)
                rc = adam(p, n_actor, n_all, p->opt.critic_lr, &p->adam_t_critic);
            if (rc != BC_OK)
                return rc;
            if (p->opt.target_kl > 0 && s.approx_kl > 1.5 * p->opt.target_kl) {
                stop_ppo = 1;
                break;
            }
        }
        if (!critic_only)
            u->epochs_done++;
    }
    return BC_OK;
}

/* ---- metrics ---------------------------------------------------------------------- */

static double explained_variance(const bc_ppo *p)
{
    const size_t n = (size_t)p->opt.n_steps * p->E;
    double sr = 0, srr = 0, sd = 0, sdd = 0;
    for (size_t i = 0; i < n; i++) {
        double r = p->ret_buf[i], d = r - p->val_buf[i];
        sr += r;
        srr += r * r;
        sd += d;
        sdd += d * d;
    }
    double var_r = srr / n - (sr / n) * (sr / n), var_d = sdd / n - (sd / n) * (sd / n);
    return var_r > 1e-20 ? 1.0 - var_d / var_r : NAN;
}

static double clamp1(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

static void record_metrics(bc_ppo *p, const rollout_stats *st, const update_stats *u,
                           double rollout_s, double update_s)
{
    ppo_metrics *m = &p->last;
    const double n = (double)p->opt.n_steps * p->E;
    memset(m, 0, sizeof *m);
    m->valid = 1;
    m->iteration = p->iteration;
    m->timesteps = p->timesteps;
    m->episodes = p->episodes;
    m->rollout_s = rollout_s;
    m->update_s = update_s;
    m->steps_per_s = rollout_s + update_s > 0 ? n / (rollout_s + update_s) : NAN;
    m->mean_reward = st->reward_sum / n;
    double var = st->reward_sq / n - m->mean_reward * m->mean_reward;
    m->reward_std = sqrt(var > 0 ? var : 0);
    m->win_rate = st->wins / n;
    m->episodes_ended = st->episodes_ended;
    m->episode_return = st->episodes_ended ? st->episode_return_sum / st->episodes_ended : NAN;
    m->explained_variance = explained_variance(p);
    const double mb = u->minibatches ? (double)u->minibatches : NAN;
    m->approx_kl = u->sum.approx_kl / mb;
    m->clip_fraction = u->sum.clip_fraction / mb;
    m->entropy = u->sum.entropy / mb;
    m->entropy_ratio = m->entropy / log((double)p->A);
    m->policy_loss = u->sum.policy_loss / mb;
    m->value_loss = u->sum.value_loss / mb;
    m->critic_value_loss =
        u->critic_minibatches ? u->critic_loss / (double)u->critic_minibatches : NAN;
    m->grad_norm_actor = u->norm_actor / mb;
    m->grad_norm_critic = u->norm_critic / mb;
    m->grad_norm_max = u->norm_max;
    m->epochs_done = u->epochs_done;
    m->grad_health = !isfinite(m->grad_norm_max) || m->grad_norm_max > 1000.0 ? "exploding"
                     : m->grad_norm_actor < 1e-7                              ? "vanishing"
                                                                              : "ok";
    int32_t dead = 0;
    for (int32_t i = 0; i < 2 * p->opt.hidden; i++)
        dead += !p->unit_fired[i];
    m->dead_units = (double)dead / (2.0 * p->opt.hidden);
    for (int32_t a = 0; a < p->A; a++)
        m->action_fractions[a] = (double)st->action_count[a] / n;
    double profit = tanh(252.0 * m->mean_reward / 0.2) * m->win_rate;
    double reward = m->reward_std > 0 ? tanh(m->mean_reward / m->reward_std) : 0.0;
    double value = isfinite(m->explained_variance) ? clamp1(m->explained_variance, -1, 1) : 0.0;
    double explore = isfinite(m->entropy_ratio) ? m->entropy_ratio : 0.0;
    double stability = isfinite(m->approx_kl)
                           ? (fmin(1.0, m->approx_kl / 0.02) + fmin(1.0, m->clip_fraction / 0.2)) / 2
                           : 0.0;
    m->composite_score =
        100.0 * (0.4 * profit + 0.2 * reward + 0.2 * value + 0.1 * explore - 0.1 * stability);
}

BC_API int32_t bc_ppo_iterate(bc_ppo *p)
{
    if (!p)
        return bc_fail_null("bc_ppo_iterate", "ppo", (const void *)p, (const char *)NULL);
    if (p->cancel) {
        p->cancel = 0;
        return bc_fail(BC_E_CANCELLED, "bc_ppo_iterate: cancelled before iteration %lld began",
                       (long long)p->iteration + 1);
    }
    if (!p->prepared) {
        int32_t rc = prepare(p);
        if (rc != BC_OK)
            return rc;
    }
#ifdef BC_HAVE_OPENBLAS
    int saved_threads = openblas_get_num_threads();
    if (p->opt.threads > 0)
        openblas_set_num_threads(p->opt.threads);
#endif
    rollout_stats st;
    update_stats u;
    double t0 = now_seconds();
    int32_t rc = rollout(p, &st);
    if (rc == BC_OK)
        rc = compute_gae(p);
    double t1 = now_seconds();
    if (rc == BC_OK)
        rc = update(p, &u);
    double t2 = now_seconds();
#ifdef BC_HAVE_OPENBLAS
    if (p->opt.threads > 0)
        openblas_set_num_threads(saved_threads);
#endif
    if (rc == BC_E_CANCELLED)
        p->cancel = 0;
    if (rc != BC_OK)
        return rc;
    p->iteration++;
    p->timesteps += (int64_t)p->opt.n_steps * p->E;
    p->episodes += st.episodes_ended;
    record_metrics(p, &st, &u, t1 - t0, t2 - t1);
    return BC_OK;
}

/* ---- metrics JSON ------------------------------------------------------------------- */

typedef struct json_buf {
    char *s;
    size_t n, cap;
} json_buf;

static void jb_printf(json_buf *b, const char *fmt, ...) BC_PRINTF(2, 3);
static void jb_printf(json_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->n < b->cap ? b->s + b->n : NULL, b->n < b->cap ? b->cap - b->n : 0,
                      fmt, ap);
    va_end(ap);
    if (k > 0)
        b->n += (size_t)k;
}

static void jb_number(json_buf *b, const char *key, double v)
{
    if (isfinite(v))
        jb_printf(b, ",\"%s\":%.17g", key, v);
    else
        jb_printf(b, ",\"%s\":null", key);
}

BC_API int32_t bc_ppo_metrics_json(const bc_ppo *p, char *buf, int32_t capacity, int32_t *length)
{
    if (!p || capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_ppo_metrics_json: NULL trainer, or NULL buf with capacity %d",
                       (int)capacity);
    const ppo_metrics *m = &p->last;
    if (!m->valid)
        return bc_fail(BC_E_STATE, "bc_ppo_metrics_json: no iteration has run yet");
    char scratch[1];
    json_buf b = {capacity > 0 ? buf : scratch, 0, capacity > 0 ? (size_t)capacity : 0};
    jb_printf(&b, "{\"iteration\":%lld,\"timesteps\":%lld,\"episodes\":%lld",
              (long long)m->iteration, (long long)m->timesteps, (long long)m->episodes);
    jb_number(&b, "steps_per_s", m->steps_per_s);
    jb_number(&b, "rollout_s", m->rollout_s);
    jb_number(&b, "update_s", m->update_s);
    jb_number(&b, "mean_reward", m->mean_reward);
    jb_number(&b, "reward_std", m->reward_std);
    jb_number(&b, "win_rate", m->win_rate);
    jb_number(&b, "episode_return", m->episode_return);
    jb_printf(&b, ",\"episodes_ended\":%lld", (long long)m->episodes_ended);
    jb_number(&b, "explained_variance", m->explained_variance);
    jb_number(&b, "approx_kl", m->approx_kl);
    jb_number(&b, "clip_fraction", m->clip_fraction);
    jb_number(&b, "entropy", m->entropy);
    jb_number(&b, "entropy_ratio", m->entropy_ratio);
    jb_number(&b, "policy_loss", m->policy_loss);
    jb_number(&b, "value_loss", m->value_loss);
    jb_number(&b, "critic_value_loss", m->critic_value_loss);
    jb_number(&b, "grad_norm_actor", m->grad_norm_actor);
    jb_number(&b, "grad_norm_critic", m->grad_norm_critic);
    jb_number(&b, "grad_norm_max", m->grad_norm_max);
    jb_printf(&b, ",\"grad_health\":\"%s\"", m->grad_health);
    jb_number(&b, "dead_units", m->dead_units);
    jb_printf(&b, ",\"epochs_done\":%d", (int)m->epochs_done);
    jb_printf(&b, ",\"action_fractions\":[");
    for (int32_t a = 0; a < p->A; a++)
        jb_printf(&b, "%s%.17g", a ? "," : "", m->action_fractions[a]);
    jb_printf(&b, "]");
    jb_number(&b, "composite_score", m->composite_score);
    jb_printf(&b, "}");
    if (b.n > (size_t)INT32_MAX - 1)
        return bc_fail(BC_E_INTERNAL, "bc_ppo_metrics_json: text too long");
    if (length)
        *length = (int32_t)b.n;
    if ((size_t)capacity <= b.n) {
        if (capacity > 0)
            buf[capacity - 1] = '\0';
        return bc_fail(BC_E_BUFFER_TOO_SMALL,
                       "bc_ppo_metrics_json: capacity %d, the metrics need %zu", (int)capacity,
                       b.n + 1);
    }
    return BC_OK;
}

/* ---- checkpoints and policy files ---------------------------------------------------- */

/* The policy section with the env's description: its observation names
 * ("" where a name does not fit 512 bytes). */
static void write_policy(rl_out *o, const rl_net *net, const float *params, const bc_env *env)
{
    char **names = calloc((size_t)net->obs, sizeof *names);
    char *text = calloc((size_t)net->obs, 512);
    if (!names || !text) {
        o->failed = 1;
    } else {
        for (int32_t i = 0; i < net->obs; i++) {
            names[i] = text + (size_t)i * 512;
            int32_t len = 0;
            if (bc_env_observation_name(env, i, names[i], 512, &len) != BC_OK)
                names[i][0] = '\0';
        }
        rl_policy_write(o, net, params, bc_env_features_spec(env), bc_env_episode_length(env),
                        (const char *const *)names, bc_env_bars(env), bc_env_assets(env));
    }
    free(names);
    free(text);
}

BC_API int32_t bc_ppo_save_policy(const bc_ppo *p, const char *path)
{
    if (!p || !path)
        return bc_fail_null("bc_ppo_save_policy", "ppo", (const void *)p, "path",
                            (const void *)path, (const char *)NULL);
    if (!p->prepared)
        return bc_fail(BC_E_STATE, "bc_ppo_save_policy: no network yet (run an iteration or "
                       "load a checkpoint)");
    rl_out o = {0};
    write_policy(&o, &p->net, p->params, p->env);
    return rl_out_commit(&o, path, RL_KIND_POLICY);
}

static void write_options(rl_out *o, const ppo_options *op)
{
    rl_out_u64(o, op->seed);
    const int32_t ints[] = {op->hidden, op->head, op->layers, op->n_steps, op->n_minibatches,
                            op->epochs, op->critic_epochs, op->threads};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        rl_out_u32(o, (uint32_t)ints[i]);
    const double dbl[] = {op->dropout, op->gamma, op->lambda, op->clip, op->ent_coef,
                          op->vf_coef, op->max_grad_norm, op->actor_lr, op->critic_lr,
                          op->target_kl, op->reward_scale};
    for (size_t i = 0; i < sizeof dbl / sizeof dbl[0]; i++)
        rl_out_f64(o, dbl[i]);
}

static int32_t read_options(rl_in *in, ppo_options *op)
{
    int32_t rc = rl_in_u64(in, &op->seed, "the options");
    int32_t *ints[] = {&op->hidden, &op->head, &op->layers, &op->n_steps, &op->n_minibatches,
                       &op->epochs, &op->critic_epochs, &op->threads};
    for (size_t i = 0; rc == BC_OK && i < sizeof ints / sizeof ints[0]; i++)
        rc = rl_in_u32(in, (uint32_t *)ints[i], "the options");
    double *dbl[] = {&op->dropout, &op->gamma, &op->lambda, &op->clip, &op->ent_coef,
                     &op->vf_coef, &op->max_grad_norm, &op->actor_lr, &op->critic_lr,
                     &op->target_kl, &op->reward_scale};
    for (size_t i = 0; rc == BC_OK && i < sizeof dbl / sizeof dbl[0]; i++)
        rc = rl_in_f64(in, dbl[i], "the options");
    if (rc != BC_OK)
        return rc;
    /* every option inside the range bc_ppo_set accepts */
    for (size_t i = 0; i < sizeof ppo_keys / sizeof ppo_keys[0]; i++) {
        const ppo_key *k = &ppo_keys[i];
        const char *field = (const char *)op + k->offset;
        double v = k->is_int ? *(const int32_t *)field : *(const double *)field;
        if (!(v >= k->lo && v <= k->hi) || (k->lo_open && v <= k->lo))
            return bc_fail(BC_E_CORRUPT, "%s: option %s = %g is out of range", in->path,
                           k->name, v);
    }
    return BC_OK;
}

BC_API int32_t bc_ppo_save_checkpoint(const bc_ppo *p, const char *path)
{
    if (!p || !path)
        return bc_fail_null("bc_ppo_save_checkpoint", "ppo", (const void *)p, "path",
                            (const void *)path, (const char *)NULL);
    if (!p->prepared)
        return bc_fail(BC_E_STATE, "bc_ppo_save_checkpoint: nothing to save before the first "
                       "iteration");
    rl_out o = {0};
    write_policy(&o, &p->net, p->params, p->env);
    write_options(&o, &p->opt);
    rl_out_u32(&o, (uint32_t)p->E);
    const size_t P = (size_t)p->net.n_params;
    rl_out_bytes(&o, p->m, P * sizeof(float));
    rl_out_bytes(&o, p->v, P * sizeof(float));
    rl_out_u64(&o, (uint64_t)p->adam_t_actor);
    rl_out_u64(&o, (uint64_t)p->adam_t_critic);
    rl_out_u64(&o, (uint64_t)p->iteration);
    rl_out_u64(&o, (uint64_t)p->timesteps);
    rl_out_u64(&o, (uint64_t)p->episodes);
    rl_out_bytes(&o, p->h,
                 (size_t)p->opt.layers * (size_t)p->E * (size_t)p->opt.hidden * sizeof(float));
    rl_out_bytes(&o, p->next_start, (size_t)p->E);
    int64_t env_bytes = bc_env_state_size(p->env);
    rl_out_u64(&o, (uint64_t)env_bytes);
    uint8_t *env_state = malloc(env_bytes > 0 ? (size_t)env_bytes : 1);
    if (!env_state) {
        free(o.data);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_ppo_save_checkpoint: out of memory");
    }
    int32_t rc = bc_env_state_save(p->env, env_state, env_bytes);
    if (rc == BC_OK)
        rl_out_bytes(&o, env_state, (size_t)env_bytes);
    free(env_state);
    if (rc != BC_OK) {
        free(o.data);
        return rc;
    }
    return rl_out_commit(&o, path, RL_KIND_CHECKPOINT);
}

BC_API int32_t bc_ppo_load_checkpoint(bc_ppo *p, const char *path)
{
    if (!p || !path)
        return bc_fail_null("bc_ppo_load_checkpoint", "ppo", (const void *)p, "path",
                            (const void *)path, (const char *)NULL);
    if (p->prepared)
        return bc_fail(BC_E_STATE, "bc_ppo_load_checkpoint: the trainer has already run; "
                       "load a checkpoint into a new one");
    rl_in in;
    int32_t rc = rl_in_open(&in, path, RL_KIND_CHECKPOINT);
    if (rc != BC_OK)
        return rc;
    rl_net net;
    float *params = NULL;
    rl_policy_meta meta;
    ppo_options op;
    uint32_t n_envs = 0;
    rc = rl_policy_read(&in, &net, &params, &meta);
    if (rc == BC_OK)
        rl_policy_meta_free(&meta);
    if (rc == BC_OK)
        rc = read_options(&in, &op);
    if (rc == BC_OK)
        rc = rl_in_u32(&in, &n_envs, "the env count");
    const int32_t D = bc_env_observation_size(p->env);
    if (rc == BC_OK && ((int32_t)n_envs != p->E || net.obs != D || net.actions != p->A))
        rc = bc_fail(BC_E_SHAPE, "%s: written for %u envs, %d observation columns and %d "
                     "actions; this env has %d envs, %d columns and %d actions", path, n_envs,
                     (int)net.obs, (int)net.actions, (int)p->E, (int)D, (int)p->A);
    if (rc == BC_OK && (net.hidden != op.hidden || net.layers != op.layers ||
                        net.head != head_dim(&op)))
        rc = bc_fail(BC_E_CORRUPT, "%s: the network's shape disagrees with the options", path);
    if (rc != BC_OK) {
        free(params);
        rl_in_close(&in);
        return rc;
    }
    ppo_options saved = p->opt;
    p->opt = op;
    rc = allocate(p);
    if (rc != BC_OK) {
        p->opt = saved;
        free(params);
        rl_in_close(&in);
        return rc;
    }
    memcpy(p->params, params, (size_t)net.n_params * sizeof(float));
    free(params);
    const size_t P = (size_t)p->net.n_params;
    uint64_t adam_a, adam_c, iteration, timesteps, episodes, env_bytes = 0;
    rc = rl_in_bytes(&in, p->m, P * sizeof(float), "the Adam first moments");
    if (rc == BC_OK)
        rc = rl_in_bytes(&in, p->v, P * sizeof(float), "the Adam second moments");
    if (rc == BC_OK)
        rc = rl_in_u64(&in, &adam_a, "the actor's Adam step");
    if (rc == BC_OK)
        rc = rl_in_u64(&in, &adam_c, "the critic's Adam step");
    if (rc == BC_OK)
        rc = rl_in_u64(&in, &iteration, "the iteration counter");
    if (rc == BC_OK)
        rc = rl_in_u64(&in, &timesteps, "the timestep counter");
    if (rc == BC_OK)
        rc = rl_in_u64(&in, &episodes, "the episode counter");
    if (rc == BC_OK)
        rc = rl_in_bytes(&in, p->h,
                         (size_t)p->opt.layers * (size_t)p->E * (size_t)p->opt.hidden *
                             sizeof(float),
                         "the GRU states");
    if (rc == BC_OK)
        rc = rl_in_bytes(&in, p->next_start, (size_t)p->E, "the episode-start flags");
    if (rc == BC_OK)
        rc = rl_in_u64(&in, &env_bytes, "the env state size");
    if (rc == BC_OK && env_bytes != (uint64_t)(in.end - in.p))
        rc = bc_fail(BC_E_CORRUPT, "%s: the env state says %llu bytes, %lld remain", path,
                     (unsigned long long)env_bytes, (long long)(in.end - in.p));
    if (rc == BC_OK && (adam_a > ((uint64_t)1 << 62) || adam_c > ((uint64_t)1 << 62) ||
                        iteration > ((uint64_t)1 << 40) || timesteps > ((uint64_t)1 << 62) ||
                        episodes > ((uint64_t)1 << 62)))
        rc = bc_fail(BC_E_CORRUPT, "%s: a counter is out of range", path);
    if (rc == BC_OK)
        rc = bc_env_state_load(p->env, in.p, (int64_t)env_bytes);
    rl_in_close(&in);
    if (rc != BC_OK) {
        release_buffers(p);
        p->opt = saved;
        return rc;
    }
    p->adam_t_actor = (int64_t)adam_a;
    p->adam_t_critic = (int64_t)adam_c;
    p->iteration = (int64_t)iteration;
    p->timesteps = (int64_t)timesteps;
    p->episodes = (int64_t)episodes;
    p->prepared = 1;
    return BC_OK;
}

BC_API void bc_ppo_free(bc_ppo *p)
{
    if (!p)
        return;
    release_buffers(p);
    free(p);
}
