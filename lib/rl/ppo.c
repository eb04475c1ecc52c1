/*
 * ppo.c - the PPO trainer (bc_ppo): options, rollouts on a bc_env with the
 * GRU state carried, GAE, the clipped objective over minibatches of whole
 * env sequences, separate actor and critic Adam optimizers, critic-only
 * epochs, per-iteration metrics, checkpoints and memory planning. Every
 * numerical step is an op of the chosen backend (option "backend": cpu,
 * cuda or best) over buffers in its memory: the network's (gru_ac.c),
 * action sampling, GAE, the gathers, the loss, gradient clipping, Adam and
 * the metric reductions. The env is resident too: its kernel state
 * (lib/env/env_kernel.h: market tables, portfolios, RNG counters,
 * observation, reward and done buffers) lives in the backend's memory and
 * is stepped by its env_step op, so a rollout step copies nothing between
 * host and device; on the cpu backend that memory is the env's own and the
 * env's thread pool runs the op. The metrics are sums kept on the backend
 * and read once per iteration (with target_kl set, a minibatch's KL is read
 * too). On a backend with graphs (cuda), each rollout step's ops are
 * captured once and replayed (option "graphs"). Every random draw is
 * Philox keyed by the seed and counters, never by time.
 */
#include "rl/policy_io.h"

#include "backend/backend.h"
#include "backend/gpu_sizing.h"
#include "backend/kernels_math.h"
#include "core/internal.h"
#include "core/rng.h"
#include "env/env_kernel.h"
#include "env/env_state.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
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
#define PPO_PERM_BYTES ((int64_t)64 << 20)

typedef struct ppo_options {
    uint64_t seed;
    int32_t hidden, head, layers, n_steps, n_minibatches, epochs, critic_epochs, threads;
    int32_t graphs, env_copy; /* not in checkpoints: a machine's choice, and a test's */
    double dropout, gamma, lambda, clip, ent_coef, vf_coef, max_grad_norm, actor_lr, critic_lr,
        target_kl, reward_scale;
    char backend[8]; /* cpu | cuda | best; not in checkpoints (a machine's choice) */
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
    atomic_int cancel; /* set by bc_ppo_cancel from any thread or a signal handler */

    int prepared;
    rl_net net;
    bc_backend *be;
    /* The buffers below are in be's memory (a device's on cuda) unless
     * marked host. */
    float *params, *grad, *m, *v;
    int64_t adam_t_actor, adam_t_critic;
    rl_tape *step_tape, *mb_tape;
    int32_t mb_max; /* most envs in one minibatch */

    /* rollout, [n_steps x E] time-major */
    float *obs_buf, *logp_buf, *val_buf, *rew_buf, *adv_buf, *ret_buf;
    int32_t *act_buf;
    uint8_t *start_buf, *done_buf;
    float *h, *h_next, *h0_buf; /* [layers x E x hidden] */
    uint8_t *next_start_dev;     /* [E] the host's next_start, for the bootstrap forward */
    uint8_t *no_start;           /* [E] zeros */
    uint8_t *unit_fired;         /* [2 x hidden] */
    double *scalars;             /* results of the reductions and running sums, SC_* */
    int32_t *act_step;           /* [E] the step's actions */
    float *logp_step, *rew_step; /* [E] the step's log-probabilities and stored rewards */
    int64_t *counters;           /* [2] step in the rollout, step since the start (RNG) */

    /* the env, resident in be's memory: its kernel is the env's own on a
     * host-memory backend (cpu, unless env_copy), else a mirror of every
     * array that env_mirrored says was allocated here */
    bc_env_kernel dk;
    int env_mirrored;
    /* when episodes end: the host follows the envs' episode steps (all
     * episodes have episode_length steps), so it knows which rollout
     * steps need the bootstrap forward without reading dones back */
    uint8_t *phase_present; /* [episode_length] 1 where some env was at that step */
    int32_t phase_length;
    int64_t phase_base;     /* env steps since phase_present was taken */
    int counters_stale;     /* counters[1] must be set from the iteration */
    /* the rollout step's graphs by (h parity, bootstrap), and how often
     * each variant ran (the first run is plain, warming plans and scratch) */
    void *graph[4];
    int64_t graph_runs[4];
    int graphs_off;
    /* graphs 2: the whole update, captured each iteration from the second
     * on and updated in place (its Adam steps, dropout streams and
     * minibatch offsets are arguments of its launches) */
    void *update_graph;
    int64_t update_runs;
    int update_graph_off;

    /* minibatch */
    float *mb_obs, *mb_h0, *mb_logp, *mb_adv, *mb_ret, *d_logits, *d_values;
    float *features, *mb_top; /* trunk outputs for the critic passes: [T x E x H], [T x B x H] */
    int32_t *mb_act, *perm_dev; /* perm_dev: perm_slots permutations of the envs */
    const int32_t *perm_cur;    /* the one in use */
    int32_t perm_slots;         /* identity, then every pass's (or one, sent per pass) */
    uint8_t *mb_start;

    /* host */
    uint8_t *next_start;    /* [E] 1 where the next step begins an episode */
    int32_t *perm;          /* [E] */
    uint8_t *fired_host;    /* [2 x hidden] */

    int64_t iteration, timesteps, episodes;
    ppo_metrics last;
};

static const ppo_options default_options = {
    .seed = 0, .hidden = 256, .head = 0, .layers = 2, .n_steps = 128, .n_minibatches = 4,
    .epochs = 4, .critic_epochs = 4, .threads = 0, .dropout = 0.1, .gamma = 0.99,
    .lambda = 0.95, .clip = 0.2, .ent_coef = 0.01, .vf_coef = 0.5, .max_grad_norm = 0.5,
    .actor_lr = 3e-4, .critic_lr = 9e-4, .target_kl = 0.0, .reward_scale = 1.0,
    .graphs = 1, .env_copy = 0, .backend = "cpu"};

/* Slots of p->scalars: a minibatch's results (SC_LOSS .. SC_CRITIC_NORM),
 * the explained variance, then the iteration's running sums: of the PPO
 * minibatches' SC_LOSS .. SC_NORM_CRITIC, the largest actor norm, of the
 * critic passes' loss and norm, the first pass with a value that is not
 * finite (1-based; 0 none), and the rollout's BC_ROLLOUT_* sums. */
enum { SC_LOSS = 0, SC_NORM_ACTOR = BC_MATH_PPO_TERMS, SC_NORM_CRITIC, SC_CRITIC_LOSS,
       SC_CRITIC_NORM, SC_EXPLAINED, SC_ACC, SC_ACC_NORM_MAX = SC_ACC + SC_NORM_CRITIC + 1,
       SC_ACC_CRITIC, SC_BAD_PPO = SC_ACC_CRITIC + 2, SC_BAD_CRITIC, SC_ROLLOUT,
       SC_COUNT = SC_ROLLOUT + BC_ROLLOUT_ACTIONS + BC_MATH_MAX_ACTIONS };
#define PPO_ACC_TERMS (SC_NORM_CRITIC + 1)

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
    const double per_sample = (double)obs_size * 4 + BC_PPO_SAMPLE_FIXED_BYTES + (double)n_actions * 4;
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

/* What a run of this shape keeps on the GPU, for bc_gpu_size: the seed's
 * per-sample formula plus the buffers it leaves out (the cached trunk
 * features per sample, the GRU states and one-step tape per env, the
 * minibatch's tape and copies per row, the parameters, gradients and Adam
 * moments, and 64 MiB of workspace). */
void ppo_gpu_request(int32_t obs_size, int32_t n_actions, int32_t hidden, int32_t layers,
                     bc_gpu_sizing *s)
{
    rl_net net;
    const int32_t head = hidden / 2 > 0 ? hidden / 2 : 1;
    rl_net_layout(&net, obs_size, hidden, head, layers, n_actions);
    const uint64_t H = (uint64_t)hidden, D = (uint64_t)obs_size, A = (uint64_t)n_actions;
    s->obs_dim = obs_size;
    s->n_actions = n_actions;
    s->fixed_bytes = 16u * (uint64_t)net.n_params + ((uint64_t)64 << 20);
    s->sample_extra_bytes = H * 4u;
    /* per env: the step's tape and GRU states; the resident env's
     * observations and final observations, its shares and weights (at most
     * D + 1 doubles each: D > assets) and its scalars; the step buffers */
    s->env_bytes = (uint64_t)(rl_tape_bytes(&net, 2, 2) - rl_tape_bytes(&net, 1, 1)) +
                   3u * (uint64_t)layers * H * 4u + 2u * D * 4u + 2u * (D + 1u) * 8u + 64u +
                   16u;
    s->tape_bytes_per_row = (uint64_t)(rl_tape_bytes(&net, 2, 1) - rl_tape_bytes(&net, 1, 1)) +
                            D * 4u + 16u + 4u + 1u + A * 4u + H * 4u +
                            (uint64_t)layers * H * 4u;
}

BC_API int32_t bc_ppo_plan_gpu(int32_t obs_size, int32_t n_actions, int32_t hidden_dim,
                               int32_t gru_layers, int32_t n_minibatches, int64_t cap_bytes,
                               int32_t *n_envs, int32_t *n_steps, int64_t *bytes)
{
    if (!n_envs || !n_steps)
        return bc_fail_null("bc_ppo_plan_gpu", "n_envs", (const void *)n_envs, "n_steps",
                            (const void *)n_steps, (const char *)NULL);
    if (obs_size < 1 || n_actions < 2 || n_actions > BC_MATH_MAX_ACTIONS || hidden_dim < 8 ||
        hidden_dim > 512 || gru_layers < 1 || gru_layers > RL_MAX_GRU_LAYERS ||
        n_minibatches < 0 || cap_bytes < 0 || *n_envs < 0 || *n_steps < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_ppo_plan_gpu: obs_size %d, n_actions %d (2..%d), hidden_dim %d "
                       "(8..512), gru_layers %d (1..%d), n_minibatches %d, cap %lld, n_envs %d, "
                       "n_steps %d: a size is out of range",
                       (int)obs_size, (int)n_actions, BC_MATH_MAX_ACTIONS, (int)hidden_dim,
                       (int)gru_layers, RL_MAX_GRU_LAYERS, (int)n_minibatches,
                       (long long)cap_bytes, (int)*n_envs, (int)*n_steps);
    bc_cuda_device_info info;
    bc_cuda_probe(&info, NULL, 0);
    if (info.status != BC_OK)
        return bc_fail(BC_E_UNSUPPORTED, "bc_ppo_plan_gpu: no GPU to size for: %s", info.why);
    bc_gpu_sizing s;
    memset(&s, 0, sizeof s);
    s.free_bytes = info.free_bytes;
    s.cap_bytes = (uint64_t)cap_bytes;
    s.n_envs = *n_envs;
    s.n_steps = *n_steps;
    s.n_minibatches = n_minibatches;
    ppo_gpu_request(obs_size, n_actions, hidden_dim, gru_layers, &s);
    int32_t rc = bc_gpu_size(&s);
    if (rc != BC_OK)
        return rc;
    *n_envs = s.out_n_envs;
    *n_steps = s.out_n_steps;
    if (bytes)
        *bytes = s.bytes_needed > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)s.bytes_needed;
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
    OPT_INT("graphs", graphs, 0, 2),
    OPT_INT("env_copy", env_copy, 0, 1),
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
    if (strcmp(key, "backend") == 0) {
        if (strcmp(value, "cpu") != 0 && strcmp(value, "cuda") != 0 && strcmp(value, "best") != 0)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_ppo_set: backend '%s' is not cpu, cuda or best", value);
        snprintf(p->opt.backend, sizeof p->opt.backend, "%s", value);
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
    atomic_store_explicit(&p->cancel, 1, memory_order_relaxed);
    return BC_OK;
}

/* ---- buffers ------------------------------------------------------------------ */

/* Every buffer in the backend's memory, with its length in bytes for the
 * current shape; the one list allocates and releases them. */
static int32_t device_buffers(bc_ppo *p, void ***ptr, size_t *len)
{
    const ppo_options *o = &p->opt;
    const size_t T = (size_t)o->n_steps, E = (size_t)p->E, D = (size_t)p->D;
    const size_t P = (size_t)p->net.n_params, B = (size_t)p->mb_max, H = (size_t)o->hidden;
    const size_t state = (size_t)o->layers * E * H, A = (size_t)p->A, f = sizeof(float);
    int32_t n = 0;
#define DEV(field, bytes) (ptr[n] = (void **)&p->field, len[n] = (bytes), n++)
    DEV(params, P * f);
    DEV(grad, P * f);
    DEV(m, P * f);
    DEV(v, P * f);
    DEV(obs_buf, T * E * D * f);
    DEV(logp_buf, T * E * f);
    DEV(val_buf, T * E * f);
    DEV(rew_buf, T * E * f);
    DEV(adv_buf, T * E * f);
    DEV(ret_buf, T * E * f);
    DEV(act_buf, T * E * sizeof(int32_t));
    DEV(start_buf, T * E);
    DEV(done_buf, T * E);
    DEV(h, state * f);
    DEV(h_next, state * f);
    DEV(h0_buf, state * f);
    DEV(next_start_dev, E);
    DEV(no_start, E);
    DEV(unit_fired, 2 * H);
    DEV(scalars, SC_COUNT * sizeof(double));
    DEV(act_step, E * sizeof(int32_t));
    DEV(logp_step, E * f);
    DEV(rew_step, E * f);
    DEV(counters, 2 * sizeof(int64_t));
    DEV(mb_obs, T * B * D * f);
    DEV(mb_h0, (size_t)o->layers * B * H * f);
    DEV(mb_logp, T * B * f);
    DEV(mb_adv, T * B * f);
    DEV(mb_ret, T * B * f);
    DEV(d_logits, T * B * A * f);
    DEV(d_values, T * B * f);
    DEV(mb_act, T * B * sizeof(int32_t));
    DEV(perm_dev, (size_t)p->perm_slots * E * sizeof(int32_t));
    DEV(mb_start, T * B);
    DEV(features, T * E * H * f);
    DEV(mb_top, T * B * H * f);
#undef DEV
    return n;
}

#define PPO_MAX_DEVICE_BUFFERS 48

static void env_resident_release(bc_ppo *p);

static void release_buffers(bc_ppo *p)
{
    void *host[] = {p->next_start, p->perm, p->fired_host, p->phase_present};
    for (size_t i = 0; i < sizeof host / sizeof host[0]; i++)
        free(host[i]);
    rl_tape_free(p->step_tape);
    rl_tape_free(p->mb_tape);
    for (int i = 0; i < 4; i++)
        if (p->graph[i])
            p->be->ops->graph_free(p->be->state, p->graph[i]);
    if (p->update_graph)
        p->be->ops->graph_free(p->be->state, p->update_graph);
    env_resident_release(p);
    if (p->be) {
        void **ptr[PPO_MAX_DEVICE_BUFFERS];
        size_t len[PPO_MAX_DEVICE_BUFFERS];
        int32_t n = device_buffers(p, ptr, len);
        for (int32_t i = 0; i < n; i++)
            if (*ptr[i])
                p->be->ops->release(p->be->state, *ptr[i]);
    }
    bc_backend_free(p->be);
    bc_ppo *keep = p;
    bc_env *env = keep->env;
    int32_t E = keep->E, A = keep->A;
    ppo_options opt = keep->opt;
    const int cancel = atomic_load_explicit(&keep->cancel, memory_order_relaxed);
    memset(p, 0, sizeof *p);
    atomic_store_explicit(&p->cancel, cancel, memory_order_relaxed); /* a request stays */
    p->env = env;
    p->E = E;
    p->A = A;
    p->opt = opt;
}

/* Starts the backend the options name; "cuda" that cannot start falls back
 * to cpu with a warning in the log saying why ("best" logs it too). */
static int32_t start_backend(bc_ppo *p)
{
    int32_t rc = bc_backend_init(p->opt.backend, &p->be);
    if (rc == BC_OK || strcmp(p->opt.backend, "cuda") != 0)
        return rc;
    bc_log(BC_LOG_WARN, "bc_ppo: backend 'cuda' unavailable (%s); training on cpu",
           bc_last_error());
    bc_clear_error();
    return bc_backend_init("cpu", &p->be);
}

/* A backend op's status, turned into the thread's error when it failed. */
static int32_t op_ok(const bc_ppo *p, int32_t rc, const char *what)
{
    return rc == BC_OK ? BC_OK : bc_backend_op_failed(p->be, rc, what);
}

#define PPO_OP(p, name, ...) op_ok((p), (p)->be->ops->name((p)->be->state, __VA_ARGS__), #name)

static int32_t upload(const bc_ppo *p, void *dst, const void *src, size_t bytes)
{
    return op_ok(p, p->be->ops->to_device(p->be->state, dst, src, bytes), "to_device");
}

static int32_t download(const bc_ppo *p, void *dst, const void *src, size_t bytes)
{
    return op_ok(p, p->be->ops->to_host(p->be->state, dst, src, bytes), "to_host");
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
    /* every pass's permutation sent at the start of the iteration, while
     * the backend's queue is empty (a copy from pageable memory may wait
     * for it), unless they take more than PPO_PERM_BYTES */
    const int64_t slots = 1 + (int64_t)o->epochs + o->critic_epochs;
    p->perm_slots = slots * p->E * (int64_t)sizeof(int32_t) <= PPO_PERM_BYTES ? (int32_t)slots : 2;
    const size_t T = (size_t)o->n_steps, E = (size_t)p->E, B = (size_t)p->mb_max;
    int32_t rc = start_backend(p);
    if (rc != BC_OK)
        return rc;
    void **ptr[PPO_MAX_DEVICE_BUFFERS];
    size_t len[PPO_MAX_DEVICE_BUFFERS];
    int32_t n = device_buffers(p, ptr, len), ok = 1;
    for (int32_t i = 0; i < n && ok; i++) {
        *ptr[i] = p->be->ops->alloc(p->be->state, len[i] ? len[i] : 1);
        /* zeroed: the GRU states, the optimizer moments and no_start start
         * at 0, and the rest is never read before it is written */
        ok = *ptr[i] && p->be->ops->fill(p->be->state, *ptr[i], 0, len[i]) == BC_OK;
    }
    p->next_start = malloc(E);
    p->perm = malloc((size_t)p->perm_slots * E * sizeof(int32_t));
    p->fired_host = malloc(2 * (size_t)o->hidden);
    if (ok) {
        p->step_tape = rl_tape_create_on(p->be, &p->net, (int64_t)E, (int32_t)E);
        p->mb_tape = rl_tape_create_on(p->be, &p->net, (int64_t)(T * B), (int32_t)B);
    }
    if (!ok || !p->next_start || !p->perm || !p->fired_host || !p->step_tape || !p->mb_tape) {
        char kind[16], why[256] = "";
        snprintf(kind, sizeof kind, "%s", bc_backend_kind(p->be));
        if (p->be->ops->last_error(p->be->state)[0])
            snprintf(why, sizeof why, " (%s)", p->be->ops->last_error(p->be->state));
        release_buffers(p);
        return bc_fail(BC_E_OUT_OF_MEMORY,
                       "bc_ppo: out of %s memory%s for %d envs x %d steps with a "
                       "%lld-parameter network (see bc_ppo_plan)",
                       strcmp(kind, "cpu") == 0 ? "host" : "device", why, (int)p->E,
                       (int)o->n_steps, (long long)p->net.n_params);
    }
    return BC_OK;
}

/* ---- the resident env ---------------------------------------------------------- */

/* 1 when the trainer keeps its own copy of the env's arrays in the
 * backend's memory: always on a device, on cpu only with env_copy (tests
 * of the device's path). */
static int env_copied(const bc_ppo *p)
{
    return p->be->ops != bc_cpu_backend_ops() || p->opt.env_copy;
}

static void env_resident_release(bc_ppo *p)
{
    if (p->env_mirrored && p->be) {
        void **dp[BC_ENV_KERNEL_ARRAYS];
        size_t bytes[BC_ENV_KERNEL_ARRAYS];
        int32_t n = bc_env_kernel_arrays(&p->dk, p->E, dp, bytes);
        for (int32_t i = 0; i < n; i++)
            if (*dp[i])
                p->be->ops->release(p->be->state, *dp[i]);
    }
    memset(&p->dk, 0, sizeof p->dk);
    p->env_mirrored = 0;
}

/* Which episode step every env is at, from the env's host state (after a
 * reset or a state load); the rollout then knows when episodes end. */
static int32_t phases_take(bc_ppo *p)
{
    const bc_env_kernel *k = bc_env_kernel_of(p->env);
    const int32_t L = bc_env_episode_length(p->env);
    free(p->phase_present);
    p->phase_present = calloc((size_t)L, 1);
    if (!p->phase_present)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_ppo: out of memory for %d episode steps", (int)L);
    for (int32_t e = 0; e < p->E; e++) {
        const int32_t s = k->episode_step[e];
        if (s < 0 || s >= L)
            return bc_fail(BC_E_INTERNAL, "bc_ppo: env %d is at episode step %d of %d", (int)e,
                           (int)s, (int)L);
        p->phase_present[s] = 1;
    }
    p->phase_length = L;
    p->phase_base = 0;
    return BC_OK;
}

/* 1 when the next env step ends some env's episode: an env at episode
 * step s when the phases were taken ends one at step g (0-based, counted
 * from then) where s + g + 1 is a multiple of the episode length. */
static int next_step_ends_episodes(const bc_ppo *p)
{
    const int64_t L = p->phase_length;
    return p->phase_present[L - 1 - p->phase_base % L];
}

/* Makes the env resident in the backend's memory, from the env's host
 * state (after bc_env_reset or a checkpoint's state): the env's own kernel
 * on a host-memory backend, else a copy of every array, uploaded once. */
static int32_t env_resident_init(bc_ppo *p)
{
    env_resident_release(p);
    bc_env_kernel *k = bc_env_kernel_of(p->env);
    if (!k)
        return bc_fail(BC_E_STATE, "bc_ppo: the env has not been reset");
    p->dk = *k;
    int32_t rc = phases_take(p);
    p->counters_stale = 1;
    if (rc != BC_OK || !env_copied(p))
        return rc;
    void **hp[BC_ENV_KERNEL_ARRAYS], **dp[BC_ENV_KERNEL_ARRAYS];
    size_t bytes[BC_ENV_KERNEL_ARRAYS];
    const int32_t n = bc_env_kernel_arrays(k, p->E, hp, bytes);
    bc_env_kernel_arrays(&p->dk, p->E, dp, bytes);
    for (int32_t i = 0; i < n; i++)
        *dp[i] = NULL;
    p->env_mirrored = 1;
    uint64_t total = 0;
    for (int32_t i = 0; i < n; i++)
        total += bytes[i];
    for (int32_t i = 0; i < n && rc == BC_OK; i++) {
        *dp[i] = p->be->ops->alloc(p->be->state, bytes[i] ? bytes[i] : 1);
        rc = *dp[i] ? upload(p, *dp[i], *hp[i], bytes[i])
                    : bc_fail(BC_E_OUT_OF_MEMORY,
                              "bc_ppo: out of %s memory for the resident env (%llu bytes for %d "
                              "envs and the market tables): %s",
                              bc_backend_kind(p->be), (unsigned long long)total, (int)p->E,
                              p->be->ops->last_error(p->be->state));
    }
    if (rc != BC_OK)
        env_resident_release(p);
    return rc;
}

/* Brings the env's host state up to date with the resident copy (before a
 * checkpoint reads it); nothing to do when they are the same memory. */
static int32_t env_resident_to_host(const bc_ppo *p)
{
    if (!p->env_mirrored)
        return BC_OK;
    bc_env_kernel *k = bc_env_kernel_of(p->env);
    void **hp[BC_ENV_KERNEL_ARRAYS], **dp[BC_ENV_KERNEL_ARRAYS];
    size_t bytes[BC_ENV_KERNEL_ARRAYS];
    const int32_t n = bc_env_kernel_arrays(k, p->E, hp, bytes);
    bc_env_kernel_arrays((bc_env_kernel *)&p->dk, p->E, dp, bytes);
    int32_t rc = BC_OK;
    for (int32_t i = BC_ENV_MARKET_ARRAYS; i < n && rc == BC_OK; i++)
        rc = download(p, *hp[i], *dp[i], bytes[i]);
    return rc;
}

static int32_t prepare(bc_ppo *p)
{
    int32_t rc = allocate(p);
    if (rc != BC_OK)
        return rc;
    const size_t bytes = (size_t)p->net.n_params * sizeof(float);
    float *init = malloc(bytes);
    if (!init) {
        release_buffers(p);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_ppo: out of memory for the initial weights");
    }
    rl_net_init(&p->net, init, p->opt.seed);
    rc = upload(p, p->params, init, bytes);
    free(init);
    uint32_t r[4];
    bc_philox_block(p->opt.seed, STREAM_ENV_SEED, 0, r);
    if (rc == BC_OK)
        rc = bc_env_reset(p->env, ((uint64_t)r[1] << 32) | r[0]);
    if (rc == BC_OK)
        rc = env_resident_init(p);
    /* every env begins an episode at the first step */
    if (rc == BC_OK)
        rc = PPO_OP(p, fill, p->next_start_dev, 1, (size_t)p->E);
    if (rc != BC_OK) {
        release_buffers(p);
        return rc;
    }
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

typedef struct rollout_stats {
    double reward_sum, reward_sq, wins, episode_return_sum;
    int64_t episodes_ended, action_count[BC_ENV_ACTION_COUNT];
} rollout_stats;

/* The ops of one rollout step, on buffers whose addresses do not change
 * from step to step (the step's index is counters[0], its RNG step
 * counters[1], both in the backend's memory), so that a backend with graphs
 * can capture them once and replay them: the policy on the env's
 * observations, the sampled actions, the step's rows stored into the
 * rollout, the env step, at episode ends (boot) the value of the final
 * observations, and the rewards, dones and running sums. p->h is the
 * state entering the step, p->h_next gets the state after it. */
static int32_t rollout_step_ops(bc_ppo *p, int boot)
{
    const int32_t E = p->E, D = p->D, A = p->A, H = p->opt.hidden;
    const int64_t *t = p->counters;
    const size_t f = sizeof(float);
    int32_t rc = rl_net_forward(p->be, &p->net, p->params, p->step_tape, p->dk.obs,
                                p->next_start_dev, p->h, 1, E, p->h_next, 0.0f, 0, 0, 1);
    if (rc == BC_OK)
        rc = PPO_OP(p, mark_positive_columns, E, H, p->step_tape->a1, p->unit_fired);
    if (rc == BC_OK)
        rc = PPO_OP(p, mark_positive_columns, E, H, p->step_tape->a2, p->unit_fired + H);
    if (rc == BC_OK)
        rc = PPO_OP(p, sample_actions_at, E, A, p->step_tape->logits, p->opt.seed, STREAM_ACTIONS,
                    t + 1, p->act_step, p->logp_step);
    if (rc == BC_OK)
        rc = PPO_OP(p, store_at, t, p->obs_buf, p->dk.obs, (size_t)E * D * f);
    if (rc == BC_OK)
        rc = PPO_OP(p, store_at, t, p->start_buf, p->next_start_dev, (size_t)E);
    if (rc == BC_OK)
        rc = PPO_OP(p, store_at, t, p->act_buf, p->act_step, (size_t)E * sizeof(int32_t));
    if (rc == BC_OK)
        rc = PPO_OP(p, store_at, t, p->logp_buf, p->logp_step, (size_t)E * f);
    if (rc == BC_OK)
        rc = PPO_OP(p, store_at, t, p->val_buf, p->step_tape->values, (size_t)E * f);
    if (rc != BC_OK)
        return rc;
    if (p->env_mirrored)
        rc = PPO_OP(p, env_step, &p->dk, p->act_step, 0, E);
    else
        bc_env_step_kernel(p->env, &p->dk, p->act_step); /* the env's pool runs the cpu op */
    /* Time-limit ends: the return continues past the cut, so the last
     * reward takes gamma * V(final observation) (SB3's bootstrap). */
    if (rc == BC_OK && boot)
        rc = rl_net_forward(p->be, &p->net, p->params, p->step_tape, p->dk.final_obs,
                            p->no_start, p->h_next, 1, E, NULL, 0.0f, 0, 0, 0);
    if (rc == BC_OK)
        rc = PPO_OP(p, rollout_record, E, A, p->act_step, p->dk.reward, p->dk.done,
                    p->dk.value_out, boot ? p->step_tape->values : NULL, p->opt.reward_scale,
                    p->opt.gamma, p->rew_step, p->next_start_dev, p->scalars + SC_ROLLOUT);
    if (rc == BC_OK)
        rc = PPO_OP(p, store_at, t, p->rew_buf, p->rew_step, (size_t)E * f);
    if (rc == BC_OK)
        rc = PPO_OP(p, store_at, t, p->done_buf, p->next_start_dev, (size_t)E);
    if (rc == BC_OK)
        rc = PPO_OP(p, counter_add, p->counters, 2, 1);
    return rc;
}

static int graphs_usable(const bc_ppo *p)
{
    const bc_backend_ops *ops = p->be->ops;
    return p->opt.graphs && !p->graphs_off && ops->graph_begin && ops->graph_end &&
           ops->graph_launch && ops->graph_free;
}

/* One rollout step: its ops as they are, or (graphs) the graph of its
 * variant, captured at the variant's second run (the first, plain, makes
 * the GEMM plans and scratch a capture must not allocate). A capture that
 * fails is logged and the rollout goes on without graphs. */
static int32_t rollout_step(bc_ppo *p, int boot)
{
    if (!graphs_usable(p))
        return rollout_step_ops(p, boot);
    const int v = (p->h < p->h_next ? 0 : 1) + 2 * (boot != 0);
    if (p->graph[v])
        return PPO_OP(p, graph_launch, p->graph[v]);
    if (p->graph_runs[v]++ == 0)
        return rollout_step_ops(p, boot);
    const bc_backend_ops *ops = p->be->ops;
    int32_t rc = ops->graph_begin(p->be->state);
    void *graph = NULL;
    if (rc == BC_OK) {
        rc = rollout_step_ops(p, boot);
        int32_t end = ops->graph_end(p->be->state, &graph);
        if (rc == BC_OK)
            rc = end;
    }
    if (rc != BC_OK || !graph) {
        /* the captured ops never ran: run them now, without graphs */
        bc_log(BC_LOG_WARN, "bc_ppo: capturing the rollout step as a graph failed on backend "
               "'%s' (%s); the rollout runs its ops directly (option graphs = 0 skips the "
               "attempt)", bc_backend_kind(p->be), p->be->ops->last_error(p->be->state));
        bc_clear_error();
        if (graph)
            ops->graph_free(p->be->state, graph);
        p->graphs_off = 1;
        return rollout_step_ops(p, boot);
    }
    p->graph[v] = graph;
    return PPO_OP(p, graph_launch, graph);
}

/* The rollout: n_steps steps of every env, all on the backend; nothing is
 * read back (the sums are read with the metrics). */
static int32_t rollout(bc_ppo *p)
{
    const int32_t T = p->opt.n_steps, E = p->E, H = p->opt.hidden;
    const size_t state = (size_t)p->opt.layers * (size_t)E * (size_t)H;
    int32_t rc = PPO_OP(p, fill, p->unit_fired, 0, 2 * (size_t)H);
    if (rc == BC_OK)
        rc = PPO_OP(p, copy, p->h0_buf, p->h, state * sizeof(float));
    if (rc == BC_OK)
        rc = PPO_OP(p, fill, p->scalars + SC_ROLLOUT, 0,
                    (size_t)(SC_COUNT - SC_ROLLOUT) * sizeof(double));
    if (rc == BC_OK)
        rc = PPO_OP(p, fill, p->counters, 0, sizeof(int64_t));
    if (rc == BC_OK && p->counters_stale) {
        const int64_t step = p->iteration * (int64_t)T;
        rc = upload(p, p->counters + 1, &step, sizeof step);
        p->counters_stale = rc != BC_OK;
    }
    if (rc != BC_OK)
        return rc;
    for (int32_t t = 0; t < T; t++) {
        if (atomic_load_explicit(&p->cancel, memory_order_relaxed)) {
            p->counters_stale = 1;
            return bc_fail(BC_E_CANCELLED, "bc_ppo_iterate: cancelled at rollout step %d of "
                           "iteration %lld", (int)t, (long long)p->iteration + 1);
        }
        const int boot = next_step_ends_episodes(p);
        rc = rollout_step(p, boot);
        p->phase_base++;
        if (rc != BC_OK) {
            p->counters_stale = 1;
            return rc;
        }
        float *swap = p->h;
        p->h = p->h_next;
        p->h_next = swap;
        /* on host memory, check the phases' prediction (free: no copy) */
        if (p->be->ops == bc_cpu_backend_ops() &&
            (memchr(p->dk.done, 1, (size_t)E) != NULL) != (boot != 0))
            return bc_fail(BC_E_INTERNAL, "bc_ppo: rollout step %d of iteration %lld: episodes "
                           "%s where the episode steps said they would%s (was the env "
                           "stepped or reset outside the trainer?)", (int)t,
                           (long long)p->iteration + 1, boot ? "did not end" : "ended",
                           boot ? "" : " not");
    }
    return BC_OK;
}

/* GAE(gamma, lambda) backwards over the rollout, bootstrapped with the
 * value of the observation after its last step. */
static int32_t compute_gae(bc_ppo *p)
{
    const int32_t T = p->opt.n_steps, E = p->E;
    /* starts = the last step's dones: the hidden state is zeroed where an
     * episode began */
    int32_t rc = rl_net_forward(p->be, &p->net, p->params, p->step_tape, p->dk.obs,
                                p->next_start_dev, p->h, 1, E, NULL, 0.0f, 0, 0, 0);
    if (rc != BC_OK)
        return rc;
    /* kernels_math.h's GAE, the one the CUDA plugin runs. */
    return PPO_OP(p, gae, T, E, p->opt.gamma, p->opt.lambda, p->rew_buf, p->val_buf, p->done_buf,
                  p->step_tape->values, p->adv_buf, p->ret_buf);
}

/* ---- update --------------------------------------------------------------------- */

/* Philox Fisher-Yates of 0..E-1 for (iteration, pass) into perm. */
static void permutation(const bc_ppo *p, uint64_t pass, int32_t *perm)
{
    for (int32_t i = 0; i < p->E; i++)
        perm[i] = i;
    for (int32_t i = p->E - 1; i > 0; i--) {
        uint32_t r[4];
        bc_philox_block(p->opt.seed, STREAM_PERMUTE | ((uint64_t)p->iteration << 16) | pass,
                        (uint64_t)i, r);
        int32_t j = (int32_t)(((uint64_t)r[0] * (uint64_t)(i + 1)) >> 32);
        int32_t tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
    }
}

/* At the start of an iteration (the backend's queue empty): the identity
 * and, when they fit perm_slots, every pass's permutation, sent in one
 * copy. */
static int32_t permutations_upload(bc_ppo *p)
{
    const size_t E = (size_t)p->E;
    for (int32_t i = 0; i < p->E; i++)
        p->perm[i] = i;
    const int all = p->perm_slots > 2 || p->opt.epochs + p->opt.critic_epochs <= 1;
    for (int32_t pass = 0; all && pass + 1 < p->perm_slots; pass++)
        permutation(p, (uint64_t)pass, p->perm + (size_t)(pass + 1) * E);
    return upload(p, p->perm_dev, p->perm, (size_t)(all ? p->perm_slots : 1) * E * sizeof(int32_t));
}

/* The permutation of pass, in the backend's memory: already there, or
 * (too many to send at once) made and sent now. */
static int32_t permute_envs(bc_ppo *p, uint64_t pass)
{
    const size_t E = (size_t)p->E;
    if (p->perm_slots > 2 || p->opt.epochs + p->opt.critic_epochs <= 1) {
        p->perm_cur = p->perm_dev + (size_t)(pass + 1) * E;
        return BC_OK;
    }
    permutation(p, pass, p->perm + E);
    p->perm_cur = p->perm_dev + E;
    return upload(p, p->perm_dev + E, p->perm + E, E * sizeof(int32_t));
}

/* Copies the sequences of envs perm[b0..b0+B) into the minibatch buffers,
 * advantages normalized over the minibatch. */
static int32_t gather(bc_ppo *p, int32_t b0, int32_t B)
{
    const int32_t T = p->opt.n_steps, E = p->E, D = p->D, H = p->opt.hidden;
    const int32_t *idx = p->perm_cur + b0;
    int32_t rc = PPO_OP(p, gather_rows, T, B, E, idx, (size_t)D * sizeof(float), p->obs_buf,
                        p->mb_obs, 0);
    if (rc == BC_OK)
        rc = PPO_OP(p, gather_rows, T, B, E, idx, 1, p->start_buf, p->mb_start, 0);
    if (rc == BC_OK)
        rc = PPO_OP(p, gather_rows, T, B, E, idx, sizeof(int32_t), p->act_buf, p->mb_act, 0);
    if (rc == BC_OK)
        rc = PPO_OP(p, gather_rows, T, B, E, idx, sizeof(float), p->logp_buf, p->mb_logp, 0);
    if (rc == BC_OK)
        rc = PPO_OP(p, gather_rows, T, B, E, idx, sizeof(float), p->adv_buf, p->mb_adv, 0);
    if (rc == BC_OK)
        rc = PPO_OP(p, gather_rows, T, B, E, idx, sizeof(float), p->ret_buf, p->mb_ret, 0);
    if (rc == BC_OK)
        rc = PPO_OP(p, normalize, (int64_t)T * B, p->mb_adv);
    /* the states entering the rollout, [layers x E x H] -> [layers x B x H] */
    if (rc == BC_OK)
        rc = PPO_OP(p, gather_rows, p->opt.layers, B, E, idx, (size_t)H * sizeof(float),
                    p->h0_buf, p->mb_h0, 0);
    return rc;
}

typedef struct loss_stats {
    double policy_loss, value_loss, entropy, approx_kl, clip_fraction;
} loss_stats;

static int32_t adam(bc_ppo *p, int64_t begin, int64_t end, double lr, int64_t *t)
{
    (*t)++;
    return PPO_OP(p, adam_update, p->params + begin, p->grad + begin, p->m + begin, p->v + begin,
                  end - begin, (float)lr, 0.9f, 0.999f, 1e-8f, 0.0f, *t);
}

typedef struct update_stats {
    loss_stats sum;
    int64_t minibatches, critic_minibatches;
    double critic_loss, norm_actor, norm_critic, norm_max;
    int32_t epochs_done;
} update_stats;

/* The trunk's output (top GRU layer) for every rollout step, computed once
 * after the PPO epochs in inference mode (no dropout): the critic-only
 * passes fit the value head on it, as the trunk does not move in them. */
static int32_t trunk_features(bc_ppo *p)
{
    const int32_t T = p->opt.n_steps, E = p->E, H = p->opt.hidden;
    const int32_t M = p->opt.n_minibatches < E ? p->opt.n_minibatches : E;
    p->perm_cur = p->perm_dev; /* the identity */
    int32_t rc = BC_OK;
    for (int32_t k = 0; k < M && rc == BC_OK; k++) {
        const int32_t b0 = (int32_t)((int64_t)k * E / M);
        const int32_t B = (int32_t)((int64_t)(k + 1) * E / M) - b0;
        rc = gather(p, b0, B);
        if (rc == BC_OK)
            rc = rl_net_forward(p->be, &p->net, p->params, p->mb_tape, p->mb_obs, p->mb_start,
                                p->mb_h0, T, B, NULL, 0.0f, 0, 0, 0);
        if (rc == BC_OK)
            rc = PPO_OP(p, gather_rows, T, B, E, p->perm_cur + b0, (size_t)H * sizeof(float),
                        p->mb_tape->out[p->opt.layers - 1], p->features, 1);
    }
    return rc;
}

/* One critic-only minibatch (gathered): value loss 0.5 (V - R)^2 on the
 * cached trunk features, a clipped step of the critic's Adam. */
static int32_t critic_step(bc_ppo *p, int32_t b0, int32_t B, int32_t pass, update_stats *u)
{
    const int32_t T = p->opt.n_steps, E = p->E, H = p->opt.hidden;
    const int64_t n_actor = p->net.n_actor, n_all = p->net.n_params, N = (int64_t)T * B;
    int32_t rc = PPO_OP(p, gather_rows, T, B, E, p->perm_cur + b0, (size_t)H * sizeof(float),
                        p->features, p->mb_top, 0);
    if (rc == BC_OK)
        rc = rl_value_head_forward(p->be, &p->net, p->params, p->mb_tape, p->mb_top, N);
    if (rc == BC_OK)
        rc = PPO_OP(p, value_loss, N, p->mb_tape->values, p->mb_ret, 1.0, p->d_values,
                    p->scalars + SC_CRITIC_LOSS);
    if (rc == BC_OK)
        rc = PPO_OP(p, fill, p->grad + n_actor, 0, (size_t)(n_all - n_actor) * sizeof(float));
    if (rc == BC_OK)
        rc = rl_value_head_backward(p->be, &p->net, p->params, p->mb_tape, p->mb_top, N,
                                    p->d_values, p->grad, NULL);
    if (rc == BC_OK)
        rc = PPO_OP(p, clip_grad_norm, p->grad + n_actor, n_all - n_actor, p->opt.max_grad_norm,
                    p->scalars + SC_CRITIC_NORM);
    /* the loss and norm join the iteration's sums on the backend (read
     * with the metrics; a value that is not finite is reported then) */
    if (rc == BC_OK)
        rc = PPO_OP(p, accumulate, 2, p->scalars + SC_CRITIC_LOSS, p->scalars + SC_ACC_CRITIC, -1,
                    NULL, p->scalars + SC_BAD_CRITIC, (double)pass + 1);
    if (rc != BC_OK)
        return rc;
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
    int32_t rc0 = PPO_OP(p, fill, p->scalars + SC_ACC, 0,
                         (size_t)(SC_ROLLOUT - SC_ACC) * sizeof(double));
    if (rc0 != BC_OK)
        return rc0;
    for (int32_t pass = 0; pass < passes; pass++) {
        const int critic_only = pass >= p->opt.epochs;
        if (!critic_only && stop_ppo)
            continue; /* target_kl stopped the PPO epochs */
        if (critic_only && pass == p->opt.epochs) {
            int32_t rc = trunk_features(p);
            if (rc != BC_OK)
                return rc;
        }
        int32_t rc = permute_envs(p, (uint64_t)pass);
        if (rc != BC_OK)
            return rc;
        for (int32_t k = 0; k < M; k++) {
            if (atomic_load_explicit(&p->cancel, memory_order_relaxed))
                return bc_fail(BC_E_CANCELLED, "bc_ppo_iterate: cancelled in pass %d of "
                               "iteration %lld", (int)pass + 1, (long long)p->iteration + 1);
            const int32_t b0 = (int32_t)((int64_t)k * E / M);
            const int32_t B = (int32_t)((int64_t)(k + 1) * E / M) - b0;
            rc = gather(p, b0, B);
            if (rc != BC_OK)
                return rc;
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
            const int64_t N = (int64_t)T * B;
            if (rc == BC_OK)
                rc = PPO_OP(p, fill, p->grad, 0, (size_t)n_all * sizeof(float));
            if (rc == BC_OK)
                rc = PPO_OP(p, ppo_loss, N, p->A, p->mb_tape->logits, p->mb_tape->values,
                            p->mb_act, p->mb_logp, p->mb_adv, p->mb_ret, p->opt.clip,
                            p->opt.ent_coef, p->opt.vf_coef, p->d_logits, p->d_values,
                            p->scalars + SC_LOSS);
            if (rc == BC_OK)
                rc = rl_net_backward(p->be, &p->net, p->params, p->mb_tape, p->mb_obs,
                                     p->mb_start, p->mb_h0, p->d_logits, p->d_values, p->grad, 0);
            if (rc == BC_OK)
                rc = PPO_OP(p, clip_grad_norm, p->grad, n_actor, p->opt.max_grad_norm,
                            p->scalars + SC_NORM_ACTOR);
            if (rc == BC_OK)
                rc = PPO_OP(p, clip_grad_norm, p->grad + n_actor, n_all - n_actor,
                            p->opt.max_grad_norm, p->scalars + SC_NORM_CRITIC);
            /* the minibatch's statistics join the iteration's sums on the
             * backend, read with the metrics (a value that is not finite is
             * reported then); only target_kl reads the KL back here */
            if (rc == BC_OK)
                rc = PPO_OP(p, accumulate, PPO_ACC_TERMS, p->scalars + SC_LOSS,
                            p->scalars + SC_ACC, SC_NORM_ACTOR, p->scalars + SC_ACC_NORM_MAX,
                            p->scalars + SC_BAD_PPO, (double)pass + 1);
            double sc[PPO_ACC_TERMS];
            if (rc == BC_OK && p->opt.target_kl > 0)
                rc = download(p, sc, p->scalars + SC_LOSS, sizeof sc);
            if (rc != BC_OK)
                return rc;
            if (p->opt.target_kl > 0) {
                int finite = 1;
                for (int32_t i = 0; i < PPO_ACC_TERMS; i++)
                    finite &= isfinite(sc[i]) != 0;
                if (!finite)
                    return bc_fail(BC_E_NUMERIC, "bc_ppo_iterate: the PPO loss or its gradient "
                                   "is not finite in epoch %d of iteration %lld", (int)pass + 1,
                                   (long long)p->iteration + 1);
            }
            u->minibatches++;
            rc = adam(p, 0, n_actor, p->opt.actor_lr, &p->adam_t_actor);
            if (rc == BC_OK)
                rc = adam(p, n_actor, n_all, p->opt.critic_lr, &p->adam_t_critic);
            if (rc != BC_OK)
                return rc;
            if (p->opt.target_kl > 0 && sc[BC_MATH_PPO_KL] > 1.5 * p->opt.target_kl) {
                stop_ppo = 1;
                break;
            }
        }
        if (!critic_only)
            u->epochs_done++;
    }
    return BC_OK;
}

/* The update, or (graphs 2 on a backend with graphs) its capture replayed
 * as one graph: from the second iteration on (the first, plain, makes the
 * GEMM plans and scratch), not with target_kl (a minibatch's KL decides on
 * the host) nor with permutations sent per pass. A capture that fails is
 * logged and the update runs its ops directly. */
static int32_t run_update(bc_ppo *p, update_stats *u)
{
    const int per_pass_perm = p->perm_slots <= 2 && p->opt.epochs + p->opt.critic_epochs > 1;
    if (p->opt.graphs < 2 || !graphs_usable(p) || p->update_graph_off || p->opt.target_kl > 0 ||
        per_pass_perm || p->update_runs++ == 0)
        return update(p, u);
    const bc_backend_ops *ops = p->be->ops;
    const int64_t adam_a = p->adam_t_actor, adam_c = p->adam_t_critic;
    void *graph = p->update_graph;
    p->update_graph = NULL;
    int32_t rc = ops->graph_begin(p->be->state);
    if (rc == BC_OK) {
        rc = update(p, u);
        int32_t end = ops->graph_end(p->be->state, &graph);
        if (rc == BC_OK)
            rc = end;
    } else if (graph) {
        ops->graph_free(p->be->state, graph);
        graph = NULL;
    }
    if (rc == BC_OK && graph) {
        p->update_graph = graph;
        return PPO_OP(p, graph_launch, graph);
    }
    /* nothing that was captured ran */
    if (graph)
        ops->graph_free(p->be->state, graph);
    p->adam_t_actor = adam_a;
    p->adam_t_critic = adam_c;
    if (rc == BC_E_CANCELLED)
        return rc;
    bc_log(BC_LOG_WARN, "bc_ppo: capturing the update as a graph failed on backend '%s' (%s; "
           "%s); the update runs its ops directly (option graphs = 1 skips the attempt)",
           bc_backend_kind(p->be), bc_last_error(), p->be->ops->last_error(p->be->state));
    bc_clear_error();
    p->update_graph_off = 1;
    return update(p, u);
}

/* ---- metrics ---------------------------------------------------------------------- */

/* The metrics that live on the backend, read back once per iteration:
 * the rollout's and the update's running sums, the explained variance over
 * the rollout and the units that fired. A pass whose loss or gradient was
 * not finite is reported here. */
static int32_t fetch_backend_metrics(bc_ppo *p, rollout_stats *st, update_stats *u,
                                     double *explained)
{
    const int64_t n = (int64_t)p->opt.n_steps * p->E;
    double sc[SC_COUNT];
    int32_t rc = PPO_OP(p, explained_variance, n, p->ret_buf, p->val_buf,
                        p->scalars + SC_EXPLAINED);
    if (rc == BC_OK)
        rc = download(p, sc, p->scalars, sizeof sc);
    if (rc == BC_OK)
        rc = download(p, p->fired_host, p->unit_fired, 2 * (size_t)p->opt.hidden);
    if (rc != BC_OK)
        return rc;
    if (sc[SC_BAD_PPO] != 0.0)
        return bc_fail(BC_E_NUMERIC, "bc_ppo_iterate: the PPO loss or its gradient is not "
                       "finite in epoch %d of iteration %lld", (int)sc[SC_BAD_PPO],
                       (long long)p->iteration + 1);
    if (sc[SC_BAD_CRITIC] != 0.0)
        return bc_fail(BC_E_NUMERIC, "bc_ppo_iterate: the value loss or its gradient is not "
                       "finite in critic pass %d of iteration %lld", (int)sc[SC_BAD_CRITIC],
                       (long long)p->iteration + 1);
    *explained = sc[SC_EXPLAINED];
    const double *r = sc + SC_ROLLOUT;
    memset(st, 0, sizeof *st);
    st->reward_sum = r[BC_ROLLOUT_REWARD_SUM];
    st->reward_sq = r[BC_ROLLOUT_REWARD_SQ];
    st->wins = r[BC_ROLLOUT_WINS];
    st->episodes_ended = (int64_t)r[BC_ROLLOUT_EPISODES];
    st->episode_return_sum = r[BC_ROLLOUT_RETURN_SUM];
    for (int32_t a = 0; a < p->A; a++)
        st->action_count[a] = (int64_t)r[BC_ROLLOUT_ACTIONS + a];
    const double *acc = sc + SC_ACC;
    u->sum.policy_loss = acc[BC_MATH_PPO_POLICY];
    u->sum.value_loss = acc[BC_MATH_PPO_VALUE];
    u->sum.entropy = acc[BC_MATH_PPO_ENTROPY];
    u->sum.approx_kl = acc[BC_MATH_PPO_KL];
    u->sum.clip_fraction = acc[BC_MATH_PPO_CLIPPED];
    u->norm_actor = acc[SC_NORM_ACTOR];
    u->norm_critic = acc[SC_NORM_CRITIC];
    u->norm_max = sc[SC_ACC_NORM_MAX];
    u->critic_loss = sc[SC_ACC_CRITIC];
    return BC_OK;
}

static double clamp1(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

static void record_metrics(bc_ppo *p, const rollout_stats *st, const update_stats *u,
                           double explained, double rollout_s, double update_s)
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
    m->explained_variance = explained;
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
        dead += !p->fired_host[i];
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
    if (atomic_exchange_explicit(&p->cancel, 0, memory_order_relaxed)) {
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
    int32_t rc = permutations_upload(p);
    if (rc == BC_OK)
        rc = rollout(p);
    if (rc == BC_OK)
        rc = compute_gae(p);
    double t1 = now_seconds();
    if (rc == BC_OK)
        rc = run_update(p, &u);
    double explained = NAN;
    if (rc == BC_OK)
        rc = fetch_backend_metrics(p, &st, &u, &explained);
    double t2 = now_seconds();
#ifdef BC_HAVE_OPENBLAS
    if (p->opt.threads > 0)
        openblas_set_num_threads(saved_threads);
#endif
    if (rc == BC_E_CANCELLED)
        atomic_store_explicit(&p->cancel, 0, memory_order_relaxed);
    if (rc != BC_OK)
        return rc;
    p->iteration++;
    p->timesteps += (int64_t)p->opt.n_steps * p->E;
    p->episodes += st.episodes_ended;
    record_metrics(p, &st, &u, explained, t1 - t0, t2 - t1);
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

/* *out = a host copy (malloc'd) of bytes of the backend's memory. */
static int32_t host_copy(const bc_ppo *p, const void *src, size_t bytes, const char *what,
                         float **out)
{
    *out = malloc(bytes ? bytes : 1);
    if (!*out)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_ppo: out of memory for a host copy of %s", what);
    int32_t rc = download(p, *out, src, bytes);
    if (rc != BC_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

BC_API int32_t bc_ppo_save_policy(const bc_ppo *p, const char *path)
{
    if (!p || !path)
        return bc_fail_null("bc_ppo_save_policy", "ppo", (const void *)p, "path",
                            (const void *)path, (const char *)NULL);
    if (!p->prepared)
        return bc_fail(BC_E_STATE, "bc_ppo_save_policy: no network yet (run an iteration or "
                       "load a checkpoint)");
    float *params = NULL;
    int32_t rc = host_copy(p, p->params, (size_t)p->net.n_params * sizeof(float), "the weights",
                           &params);
    if (rc != BC_OK)
        return rc;
    rl_out o = {0};
    write_policy(&o, &p->net, params, p->env);
    free(params);
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
    const size_t P = (size_t)p->net.n_params;
    const size_t state = (size_t)p->opt.layers * (size_t)p->E * (size_t)p->opt.hidden;
    float *params = NULL, *m = NULL, *v = NULL, *h = NULL;
    int32_t rc = host_copy(p, p->params, P * sizeof(float), "the weights", &params);
    if (rc == BC_OK)
        rc = host_copy(p, p->m, P * sizeof(float), "the Adam moments", &m);
    if (rc == BC_OK)
        rc = host_copy(p, p->v, P * sizeof(float), "the Adam moments", &v);
    if (rc == BC_OK)
        rc = host_copy(p, p->h, state * sizeof(float), "the GRU states", &h);
    /* the resident env's state and the episode-start flags, to the host */
    if (rc == BC_OK)
        rc = download(p, p->next_start, p->next_start_dev, (size_t)p->E);
    if (rc == BC_OK)
        rc = env_resident_to_host(p);
    if (rc != BC_OK) {
        free(params), free(m), free(v), free(h);
        return rc;
    }
    rl_out o = {0};
    write_policy(&o, &p->net, params, p->env);
    write_options(&o, &p->opt);
    rl_out_u32(&o, (uint32_t)p->E);
    rl_out_bytes(&o, m, P * sizeof(float));
    rl_out_bytes(&o, v, P * sizeof(float));
    rl_out_u64(&o, (uint64_t)p->adam_t_actor);
    rl_out_u64(&o, (uint64_t)p->adam_t_critic);
    rl_out_u64(&o, (uint64_t)p->iteration);
    rl_out_u64(&o, (uint64_t)p->timesteps);
    rl_out_u64(&o, (uint64_t)p->episodes);
    rl_out_bytes(&o, h, state * sizeof(float));
    free(params), free(m), free(v), free(h);
    rl_out_bytes(&o, p->next_start, (size_t)p->E);
    int64_t env_bytes = bc_env_state_size(p->env);
    rl_out_u64(&o, (uint64_t)env_bytes);
    uint8_t *env_state = malloc(env_bytes > 0 ? (size_t)env_bytes : 1);
    if (!env_state) {
        free(o.data);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_ppo_save_checkpoint: out of memory");
    }
    rc = bc_env_state_save(p->env, env_state, env_bytes);
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
    ppo_options op = p->opt; /* the backend choice is this machine's, not the file's */
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
    const size_t P = (size_t)p->net.n_params;
    const size_t state = (size_t)p->opt.layers * (size_t)p->E * (size_t)p->opt.hidden;
    /* read on the host, then sent to the backend's buffers */
    float *host = malloc((P > state ? P : state) * sizeof(float));
    rc = host ? upload(p, p->params, params, P * sizeof(float))
              : bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory", path);
    free(params);
    uint64_t adam_a, adam_c, iteration, timesteps, episodes, env_bytes = 0;
    if (rc == BC_OK)
        rc = rl_in_bytes(&in, host, P * sizeof(float), "the Adam first moments");
    if (rc == BC_OK)
        rc = upload(p, p->m, host, P * sizeof(float));
    if (rc == BC_OK)
        rc = rl_in_bytes(&in, host, P * sizeof(float), "the Adam second moments");
    if (rc == BC_OK)
        rc = upload(p, p->v, host, P * sizeof(float));
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
        rc = rl_in_bytes(&in, host, state * sizeof(float), "the GRU states");
    if (rc == BC_OK)
        rc = upload(p, p->h, host, state * sizeof(float));
    free(host);
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
    /* the env and the episode-start flags, resident on the backend */
    if (rc == BC_OK)
        rc = env_resident_init(p);
    if (rc == BC_OK)
        rc = upload(p, p->next_start_dev, p->next_start, (size_t)p->E);
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
