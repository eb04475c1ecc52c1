/*
 * cmd_rl.c - `botcopier rl-train` (PPO on the portfolio environment, with
 * run control: duration, memory planning, progress, checkpoints, resume,
 * Ctrl-C) and `botcopier rl-eval` (a trained policy against equal-weight
 * and buy-and-hold on a price table from a date). Thin: the trainer, the
 * env and the policy are the library's; this file only drives them and
 * writes files.
 */
#include "tools/cli.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- the price table: --prices FILE or --bars SYMBOL=FILE ... ------------ */

#define MAX_BARS 256

typedef struct price_source {
    const char *prices;
    int n_bars;
    const char *bars[MAX_BARS]; /* "SYMBOL=FILE" as given */
} price_source;

/* Takes one --prices or --bars option; 1 if it was one, 0 if not, or an
 * exit status. */
static int price_option(const char *command, price_source *src, const char *name,
                        const char *value)
{
    if (strcmp(name, "prices") == 0) {
        src->prices = value;
        return 1;
    }
    if (strcmp(name, "bars") != 0)
        return 0;
    const char *eq = strchr(value, '=');
    if (!eq || eq == value || !eq[1]) {
        fprintf(stderr, "botcopier %s: --bars '%s' is not SYMBOL=FILE\n", command, value);
        return CLI_EXIT_USAGE;
    }
    if (src->n_bars == MAX_BARS) {
        fprintf(stderr, "botcopier %s: more than %d --bars\n", command, MAX_BARS);
        return CLI_EXIT_USAGE;
    }
    src->bars[src->n_bars++] = value;
    return 1;
}

/* Reads the table: the wide CSV of --prices, or the --bars files joined on
 * their common times (what was dropped is said on stderr). Prints the
 * failure and returns an exit status, or 0. */
static int load_prices(const char *command, const price_source *src, bc_prices **out)
{
    *out = NULL;
    if (!src->prices == !src->n_bars) {
        fprintf(stderr, "botcopier %s: give --prices FILE or --bars SYMBOL=FILE (one per "
                "asset), not %s\n", command, src->prices ? "both" : "neither");
        return CLI_EXIT_USAGE;
    }
    if (src->prices) {
        int32_t rc = bc_prices_read_csv(src->prices, out, NULL);
        return rc == BC_OK ? 0 : cli_fail(command, src->prices, rc);
    }
    bc_bars *bars[MAX_BARS] = {NULL};
    char names[MAX_BARS][128];
    const char *name_ptr[MAX_BARS];
    int status = 0;
    for (int j = 0; j < src->n_bars && status == 0; j++) {
        const char *eq = strchr(src->bars[j], '=');
        snprintf(names[j], sizeof names[j], "%.*s", (int)(eq - src->bars[j]), src->bars[j]);
        name_ptr[j] = names[j];
        int32_t rc = bc_bars_read_csv(eq + 1, &bars[j], NULL);
        if (rc != BC_OK)
            status = cli_fail(command, eq + 1, rc);
    }
    if (status == 0) {
        int64_t dropped = 0;
        int32_t rc = bc_prices_from_bars((const bc_bars *const *)bars, name_ptr, src->n_bars, out,
                                         &dropped);
        if (rc != BC_OK)
            status = cli_fail(command, "--bars", rc);
        else if (dropped > 0)
            fprintf(stderr, "botcopier %s: %lld bars outside the %lld times all %d files share "
                    "were left out\n", command, (long long)dropped,
                    (long long)bc_prices_length(*out), src->n_bars);
    }
    for (int j = 0; j < src->n_bars; j++)
        bc_bars_free(bars[j]);
    return status;
}

/* ---- rl-train ------------------------------------------------------------- */

static const char train_usage[] =
    "usage: botcopier rl-train (--prices FILE.csv | --bars SYMBOL=FILE.csv ...) --out DIR\n"
    "                          [options]\n"
    "\n"
    "Trains a GRU actor-critic with PPO on the portfolio environment over a wide price\n"
    "table (a time column, then one close column per asset or <asset>.open/.high/.low/\n"
    ".close/.volume columns), or over one OHLCV bar file per asset (--bars, repeated,\n"
    "joined on the times all share). Writes DIR/metrics.jsonl (one\n"
    "JSON object per iteration), DIR/checkpoints/ckpt_<iteration>.bcrl and, at the end,\n"
    "DIR/policy.bcp (the policy for rl-eval). The first Ctrl-C finishes the iteration and\n"
    "writes DIR/checkpoints/ckpt_interrupted_<YYYYmmdd_HHMMSS>.bcrl; a second one aborts.\n"
    "\n"
    "duration (first given wins; default --timesteps 100000):\n"
    "  --timesteps N        env steps in all\n"
    "  --episodes N         N x episode length env steps\n"
    "  --iterations N       PPO iterations of n-envs x n-steps env steps\n"
    "run:\n"
    "  --n-envs E           parallel portfolios (default: 64, or what fits the memory;\n"
    "                       on a GPU as many as fit its free memory, up to 65536)\n"
    "  --n-steps T          rollout length per iteration (128; 256 on a GPU)\n"
    "  --memory-limit-mb M  memory budget for the rollout (default: the free memory);\n"
    "                       --n-steps not given: lowered to fit --n-envs\n"
    "  --backend B          cpu, cuda or best (cpu): where rollout and update run; an\n"
    "                       unavailable cuda trains on cpu and says why\n"
    "  --seed S             seed of everything random (0)\n"
    "  --threads N          OpenBLAS threads (default: its own)\n"
    "  --checkpoint-every N iterations between checkpoints (10; 0 = only at the end)\n"
    "  --resume             continue from the newest checkpoint in DIR/checkpoints\n"
    "  --checkpoint PATH    continue from this checkpoint\n"
    "  --quiet | --verbose  no progress lines | the full metrics of every iteration\n"
    "network and PPO (library defaults in parentheses):\n"
    "  --hidden-dim H (256)   --n-gru-layers L (2)   --dropout P (0.1)\n"
    "  --epochs K (4)   --critic-epochs K (4)   --minibatches M (4)\n"
    "  --gamma G (0.99)   --gae-lambda X (0.95)   --clip C (0.2)   --ent-coef C (0.01)\n"
    "  --actor-lr A (3e-4)   --critic-lr C (9e-4)\n"
    "  --set KEY=VALUE      any bc_ppo_set option (repeatable)\n"
    "environment:\n"
    "  --episode-length N (256)   --features SPEC (logret(1),ret(5),ret(20),vol(20))\n";

#define MAX_SETS 64

struct train_args {
    price_source src;
    const char *out, *checkpoint, *features, *backend;
    double timesteps, episodes, iterations, n_envs, memory_mb, checkpoint_every, episode_length;
    double n_steps;
    int resume, quiet, verbose;
    int n_sets;
    char sets[MAX_SETS][2][256]; /* bc_ppo_set key, value */
};

static int add_set(struct train_args *a, const char *key, const char *value)
{
    if (a->n_sets >= MAX_SETS || strlen(key) >= 256 || strlen(value) >= 256) {
        fprintf(stderr, "botcopier rl-train: too many or too long options (%s)\n", key);
        return CLI_EXIT_USAGE;
    }
    snprintf(a->sets[a->n_sets][0], 256, "%s", key);
    snprintf(a->sets[a->n_sets][1], 256, "%s", value);
    a->n_sets++;
    return 0;
}

static int train_option(void *ctx, const char *name, const char *value)
{
    struct train_args *a = ctx;
    static const char *const passthrough[][2] = {
        {"seed", "seed"},           {"hidden-dim", "hidden_dim"},
        {"n-gru-layers", "gru_layers"}, {"critic-epochs", "critic_epochs"},
        {"gae-lambda", "gae_lambda"}, {"dropout", "dropout"},
        {"epochs", "epochs"},       {"minibatches", "n_minibatches"},
        {"gamma", "gamma"},         {"clip", "clip"},
        {"ent-coef", "ent_coef"},   {"actor-lr", "actor_lr"},
        {"critic-lr", "critic_lr"}, {"threads", "threads"}};
    for (size_t i = 0; i < sizeof passthrough / sizeof passthrough[0]; i++)
        if (strcmp(name, passthrough[i][0]) == 0)
            return add_set(a, passthrough[i][1], value);
    int taken = price_option("rl-train", &a->src, name, value);
    if (taken != 0)
        return taken == 1 ? 0 : taken;
    if (strcmp(name, "out") == 0)
        a->out = value;
    else if (strcmp(name, "checkpoint") == 0)
        a->checkpoint = value;
    else if (strcmp(name, "features") == 0)
        a->features = value;
    else if (strcmp(name, "backend") == 0) {
        a->backend = value;
        return add_set(a, "backend", value);
    }
    else if (strcmp(name, "resume") == 0)
        a->resume = 1;
    else if (strcmp(name, "quiet") == 0)
        a->quiet = 1;
    else if (strcmp(name, "verbose") == 0)
        a->verbose = 1;
    else if (strcmp(name, "set") == 0) {
        const char *eq = strchr(value, '=');
        if (!eq || eq == value) {
            fprintf(stderr, "botcopier rl-train: --set '%s' must be KEY=VALUE\n", value);
            return CLI_EXIT_USAGE;
        }
        char key[256];
        snprintf(key, sizeof key, "%.*s", (int)(eq - value), value);
        return add_set(a, key, eq + 1);
    } else if (strcmp(name, "timesteps") == 0)
        return cli_parse_number("rl-train", "--timesteps", value, 1, 1e15, &a->timesteps);
    else if (strcmp(name, "episodes") == 0)
        return cli_parse_number("rl-train", "--episodes", value, 1, 1e12, &a->episodes);
    else if (strcmp(name, "iterations") == 0)
        return cli_parse_number("rl-train", "--iterations", value, 1, 1e12, &a->iterations);
    else if (strcmp(name, "n-envs") == 0)
        return cli_parse_number("rl-train", "--n-envs", value, 1, 16777216, &a->n_envs);
    else if (strcmp(name, "n-steps") == 0) {
        int rc = cli_parse_number("rl-train", "--n-steps", value, 1, 100000, &a->n_steps);
        return rc ? rc : add_set(a, "n_steps", value);
    } else if (strcmp(name, "memory-limit-mb") == 0)
        return cli_parse_number("rl-train", "--memory-limit-mb", value, 1, 1e9, &a->memory_mb);
    else if (strcmp(name, "checkpoint-every") == 0)
        return cli_parse_number("rl-train", "--checkpoint-every", value, 0, 1e9,
                                &a->checkpoint_every);
    else if (strcmp(name, "episode-length") == 0)
        return cli_parse_number("rl-train", "--episode-length", value, 1, 1000000,
                                &a->episode_length);
    return 0;
}

static volatile sig_atomic_t interrupts;

static void on_sigint(int sig)
{
    (void)sig;
    if (++interrupts >= 2) {
        static const char msg[] = "\nbotcopier rl-train: second interrupt, aborting without "
                                  "saving\n";
        ssize_t ignored = write(2, msg, sizeof msg - 1);
        (void)ignored;
        _exit(130);
    }
    static const char msg[] = "\nbotcopier rl-train: interrupt: finishing this iteration, then "
                              "saving a checkpoint (Ctrl-C again to abort)\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return 0;
    fprintf(stderr, "botcopier rl-train: cannot create %s: %s\n", path, strerror(errno));
    return CLI_EXIT_FAILURE;
}

/* The newest *.bcrl in dir (by modification time, then name) into out. */
static int newest_checkpoint(const char *dir, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    time_t best_time = 0;
    long best_ns = 0;
    char best[1024] = "";
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".bcrl") != 0)
            continue;
        char path[4096];
        int k = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (k < 0 || (size_t)k >= sizeof path || stat(path, &st) != 0)
            continue;
        int newer = !best[0] || st.st_mtim.tv_sec > best_time ||
                    (st.st_mtim.tv_sec == best_time &&
                     (st.st_mtim.tv_nsec > best_ns ||
                      (st.st_mtim.tv_nsec == best_ns && strcmp(e->d_name, best) > 0)));
        if (newer) {
            best_time = st.st_mtim.tv_sec;
            best_ns = st.st_mtim.tv_nsec;
            snprintf(best, sizeof best, "%s", e->d_name);
        }
    }
    closedir(d);
    if (!best[0])
        return -1;
    int k = snprintf(out, cap, "%s/%s", dir, best);
    return k < 0 || (size_t)k >= cap ? -1 : 0;
}

/* Keeps the lines of metrics.jsonl whose iteration is <= last (a resumed
 * run rewrites what came after its checkpoint). */
static int trim_metrics(const char *path, long long last)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char tmp[4300];
    int k = snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *o = k < 0 || (size_t)k >= sizeof tmp ? NULL : fopen(tmp, "w");
    if (!o) {
        fclose(f);
        return CLI_EXIT_FAILURE;
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        long long it = -1;
        if (sscanf(line, "{\"iteration\":%lld", &it) == 1 && it <= last)
            fputs(line, o);
    }
    free(line);
    fclose(f);
    if (fclose(o) != 0 || rename(tmp, path) != 0)
        return CLI_EXIT_FAILURE;
    return 0;
}

static int train_fail(const char *what, int32_t rc) { return cli_fail("rl-train", what, rc); }

/* The last value given for a bc_ppo_set key, or NULL. */
static const char *set_value(const struct train_args *a, const char *key)
{
    const char *v = NULL;
    for (int i = 0; i < a->n_sets; i++)
        if (strcmp(a->sets[i][0], key) == 0)
            v = a->sets[i][1];
    return v;
}

/* On a GPU (--backend cuda or best with a device), the sizes the seed's
 * VRAM-aware rule picks for what was not given: n_envs and n_steps from
 * the free GPU memory (bc_ppo_plan_gpu). *sized = 1 when it sized the run,
 * 0 when there is no GPU (the host plan applies). Returns 0 or an exit
 * status. */
static int gpu_sizing(struct train_args *a, int32_t obs_size, int32_t *n_envs, int *sized)
{
    *sized = 0;
    if (!a->backend || strcmp(a->backend, "cpu") == 0)
        return 0;
    const char *steps = set_value(a, "n_steps"), *hidden = set_value(a, "hidden_dim");
    const char *layers = set_value(a, "gru_layers"), *mb = set_value(a, "n_minibatches");
    int32_t envs = (int32_t)a->n_envs, t = steps ? (int32_t)atoi(steps) : 0;
    int64_t need = 0;
    int32_t rc = bc_ppo_plan_gpu(obs_size, BC_ENV_ACTION_COUNT, hidden ? atoi(hidden) : 256,
                                 layers ? atoi(layers) : 2, mb ? atoi(mb) : 0,
                                 (int64_t)(a->memory_mb * 1048576.0), &envs, &t, &need);
    if (rc == BC_E_UNSUPPORTED) {
        if (!a->quiet)
            fprintf(stderr, "rl-train: %s; sizing from host memory\n", bc_last_error());
        bc_clear_error();
        return 0;
    }
    if (rc != BC_OK)
        return train_fail("GPU memory", rc);
    *n_envs = envs;
    if (!steps) {
        char text[32];
        snprintf(text, sizeof text, "%d", (int)t);
        int st = add_set(a, "n_steps", text);
        if (st)
            return st;
        a->n_steps = t;
    }
    if (!a->quiet)
        fprintf(stderr, "rl-train: GPU sizing: %d envs x %d steps, %.2f GiB of GPU memory\n",
                (int)envs, (int)t, (double)need / 1073741824.0);
    *sized = 1;
    return 0;
}

int cli_rl_train(int argc, char **argv)
{
    static const cli_option options[] = {
        {"prices", 1},         {"out", 1},           {"timesteps", 1},    {"episodes", 1},
        {"iterations", 1},     {"n-envs", 1},        {"n-steps", 1},      {"seed", 1},
        {"hidden-dim", 1},     {"n-gru-layers", 1},  {"critic-epochs", 1}, {"gae-lambda", 1},
        {"dropout", 1},        {"epochs", 1},        {"minibatches", 1},  {"gamma", 1},
        {"clip", 1},           {"ent-coef", 1},      {"actor-lr", 1},     {"critic-lr", 1},
        {"threads", 1},        {"set", 1},           {"resume", 0},       {"checkpoint", 1},
        {"checkpoint-every", 1}, {"memory-limit-mb", 1}, {"episode-length", 1},
        {"features", 1},       {"quiet", 0},         {"verbose", 0},      {"bars", 1},
        {"backend", 1},
        {NULL, 0}};
    static struct train_args a;
    memset(&a, 0, sizeof a);
    a.checkpoint_every = 10;
    a.n_steps = 128;
    int status = cli_parse_options("rl-train", argc, argv, options, train_usage, train_option, &a);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    if ((!a.src.prices && !a.src.n_bars) || !a.out) {
        fprintf(stderr, "botcopier rl-train: --prices (or --bars) and --out are required\n%s",
                train_usage);
        return CLI_EXIT_USAGE;
    }
    if (a.resume && a.checkpoint) {
        fprintf(stderr, "botcopier rl-train: give --resume or --checkpoint, not both\n");
        return CLI_EXIT_USAGE;
    }
    if (a.quiet && a.verbose) {
        fprintf(stderr, "botcopier rl-train: give --quiet or --verbose, not both\n");
        return CLI_EXIT_USAGE;
    }
    char ckdir[4096], resume_path[4096] = "";
    snprintf(ckdir, sizeof ckdir, "%s/checkpoints", a.out);
    if (a.checkpoint)
        snprintf(resume_path, sizeof resume_path, "%s", a.checkpoint);
    else if (a.resume && newest_checkpoint(ckdir, resume_path, sizeof resume_path) != 0) {
        fprintf(stderr, "botcopier rl-train: --resume: no checkpoint (*.bcrl) in %s\n", ckdir);
        return CLI_EXIT_FAILURE;
    }

    bc_prices *prices = NULL;
    if ((status = load_prices("rl-train", &a.src, &prices)) != 0)
        return status;
    int32_t rc;
    bc_env *env = NULL;
    bc_ppo *ppo = NULL;
    FILE *metrics = NULL;
    /* a one-env probe gives the observation width for the memory plan (its
     * episode length first: a features spec is checked against it) */
    rc = bc_env_create_from_prices(prices, 1, &env);
    char episode_length[32] = "256";
    if (a.episode_length > 0)
        snprintf(episode_length, sizeof episode_length, "%.0f", a.episode_length);
    if (rc == BC_OK)
        rc = bc_env_set(env, "episode_length", episode_length);
    if (rc == BC_OK && a.features)
        rc = bc_env_set(env, "features", a.features);
    if (rc != BC_OK) {
        status = train_fail("environment", rc);
        goto done;
    }
    int32_t n_envs = (int32_t)a.n_envs;
    int64_t need = 0;
    int sized = 0;
    if (!resume_path[0] &&
        (status = gpu_sizing(&a, bc_env_observation_size(env), &n_envs, &sized)) != 0)
        goto done;
    rc = sized ? BC_OK
               : bc_ppo_plan(bc_env_observation_size(env), BC_ENV_ACTION_COUNT,
                             (int32_t)a.n_steps, (int64_t)(a.memory_mb * 1048576.0), &n_envs,
                             &need);
    if (rc == BC_E_OUT_OF_MEMORY && !sized && n_envs > 0 && !set_value(&a, "n_steps")) {
        /* The seed's rule caps what was not given: the envs asked for at
         * the longest rollout (n_steps halved from the default, at least
         * 8) that fits; refused as before when not even 8 steps do. */
        int32_t steps = (int32_t)a.n_steps;
        while (rc == BC_E_OUT_OF_MEMORY && steps > 8) {
            steps = steps / 2 > 8 ? steps / 2 : 8;
            bc_clear_error();
            rc = bc_ppo_plan(bc_env_observation_size(env), BC_ENV_ACTION_COUNT, steps,
                             (int64_t)(a.memory_mb * 1048576.0), &n_envs, &need);
        }
        if (rc == BC_OK) {
            char text[32];
            snprintf(text, sizeof text, "%d", (int)steps);
            if ((status = add_set(&a, "n_steps", text)) != 0)
                goto done;
            if (!a.quiet)
                fprintf(stderr, "rl-train: warning: %d envs x %d steps do not fit; n_steps "
                        "lowered to %d (%.1f MiB). Give --n-steps to refuse instead\n",
                        (int)n_envs, (int)a.n_steps, (int)steps, (double)need / 1048576.0);
            a.n_steps = steps;
        } else {
            /* the refusal at the steps the user ran with, naming what fits */
            rc = bc_ppo_plan(bc_env_observation_size(env), BC_ENV_ACTION_COUNT,
                             (int32_t)a.n_steps, (int64_t)(a.memory_mb * 1048576.0), &n_envs,
                             &need);
        }
    }
    bc_env_free(env);
    env = NULL;
    if (rc != BC_OK) {
        status = train_fail("memory", rc);
        goto done;
    }
    rc = bc_env_create_from_prices(prices, n_envs, &env);
    if (rc == BC_OK)
        rc = bc_env_set(env, "episode_length", episode_length);
    if (rc == BC_OK && a.features)
        rc = bc_env_set(env, "features", a.features);
    if (rc == BC_OK)
        rc = bc_ppo_create(env, &ppo);
    if (rc != BC_OK) {
        status = train_fail("environment", rc);
        goto done;
    }
    if (resume_path[0]) {
        rc = bc_ppo_load_checkpoint(ppo, resume_path);
        if (rc != BC_OK) {
            status = train_fail(resume_path, rc);
            goto done;
        }
        if (!a.quiet)
            fprintf(stderr, "rl-train: resuming from %s at iteration %lld (%lld timesteps); "
                    "its options apply\n", resume_path, (long long)bc_ppo_iterations(ppo),
                    (long long)bc_ppo_timesteps(ppo));
    } else {
        for (int i = 0; i < a.n_sets; i++)
            if ((rc = bc_ppo_set(ppo, a.sets[i][0], a.sets[i][1])) != BC_OK) {
                status = train_fail(a.sets[i][0], rc);
                goto done;
            }
    }
    if ((status = make_dir(a.out)) != 0 || (status = make_dir(ckdir)) != 0)
        goto done;
    char metrics_path[4200];
    snprintf(metrics_path, sizeof metrics_path, "%s/metrics.jsonl", a.out);
    if (resume_path[0])
        trim_metrics(metrics_path, (long long)bc_ppo_iterations(ppo));
    metrics = fopen(metrics_path, resume_path[0] ? "a" : "w");
    if (!metrics) {
        fprintf(stderr, "botcopier rl-train: cannot write %s: %s\n", metrics_path,
                strerror(errno));
        status = CLI_EXIT_FAILURE;
        goto done;
    }

    /* duration: --timesteps, else --episodes, else --iterations */
    const double per_iteration = a.n_steps * (double)n_envs;
    double timesteps = a.timesteps > 0    ? a.timesteps
                       : a.episodes > 0   ? a.episodes * atof(episode_length)
                       : a.iterations > 0 ? a.iterations * per_iteration
                                          : 100000.0;
    const long long total = (long long)ceil(timesteps / per_iteration);
    if (!a.quiet)
        fprintf(stderr, "rl-train: %d envs x %.0f steps (%.1f MiB rollout), %lld iterations, "
                "%lld parameters\n", (int)n_envs, a.n_steps, (double)need / 1048576.0, total,
                (long long)bc_ppo_parameter_count(ppo));

    struct sigaction sa, old_sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    interrupts = 0;
    sigaction(SIGINT, &sa, &old_sa);
    char *json = NULL;
    int32_t json_cap = 0;
    char ckpath[4300];
    while (bc_ppo_iterations(ppo) < total && !interrupts) {
        const int first = bc_ppo_iterations(ppo) == 0 || resume_path[0];
        rc = bc_ppo_iterate(ppo);
        if (first && a.backend) {
            /* where the first iteration ran: the trainer's backend lines
             * ("best" picked cuda, or cuda fell back to cpu and why) */
            char line[2048];
            int32_t level = 0;
            while (bc_log_pop(line, sizeof line, NULL, &level) == BC_OK)
                if (strstr(line, "backend") && (level <= BC_LOG_WARN || !a.quiet))
                    fprintf(stderr, "rl-train: %s\n", line);
        }
        if (rc != BC_OK) {
            status = train_fail("iteration", rc);
            break;
        }
        int32_t len = 0;
        rc = bc_ppo_metrics_json(ppo, json, json_cap, &len);
        if (rc == BC_E_BUFFER_TOO_SMALL) {
            free(json);
            json_cap = len + 1;
            json = malloc((size_t)json_cap);
            rc = json ? bc_ppo_metrics_json(ppo, json, json_cap, &len) : BC_E_OUT_OF_MEMORY;
        }
        if (rc != BC_OK) {
            status = train_fail("metrics", rc);
            break;
        }
        fprintf(metrics, "%s\n", json);
        fflush(metrics);
        const long long it = (long long)bc_ppo_iterations(ppo);
        if (a.verbose)
            fprintf(stderr, "%s\n", json);
        else if (!a.quiet) {
            double reward = NAN, ev = NAN, kl = NAN, score = NAN, sps = NAN;
            const char *p;
            if ((p = strstr(json, "\"mean_reward\":")))
                reward = strtod(p + 14, NULL);
            if ((p = strstr(json, "\"explained_variance\":")))
                ev = strtod(p + 21, NULL);
            if ((p = strstr(json, "\"approx_kl\":")))
                kl = strtod(p + 12, NULL);
            if ((p = strstr(json, "\"composite_score\":")))
                score = strtod(p + 18, NULL);
            if ((p = strstr(json, "\"steps_per_s\":")))
                sps = strtod(p + 14, NULL);
            fprintf(stderr, "iteration %lld/%lld  steps %lld  reward %+.5f  ev %.3f  kl %.4f  "
                    "score %+.1f  %.0f steps/s\n", it, total,
                    (long long)bc_ppo_timesteps(ppo), reward, ev, kl, score, sps);
        }
        if (a.checkpoint_every > 0 && it % (long long)a.checkpoint_every == 0) {
            snprintf(ckpath, sizeof ckpath, "%s/ckpt_%06lld.bcrl", ckdir, it);
            if ((rc = bc_ppo_save_checkpoint(ppo, ckpath)) != BC_OK) {
                status = train_fail(ckpath, rc);
                break;
            }
        }
    }
    free(json);
    if (status == 0 && interrupts && bc_ppo_iterations(ppo) > 0) {
        char stamp[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", &tm);
        snprintf(ckpath, sizeof ckpath, "%s/ckpt_interrupted_%s.bcrl", ckdir, stamp);
        if ((rc = bc_ppo_save_checkpoint(ppo, ckpath)) != BC_OK)
            status = train_fail(ckpath, rc);
        else {
            fprintf(stderr, "rl-train: interrupted after iteration %lld; checkpoint %s "
                    "(continue with --resume)\n", (long long)bc_ppo_iterations(ppo), ckpath);
            status = 130;
        }
    } else if (status == 0 && bc_ppo_iterations(ppo) > 0) {
        snprintf(ckpath, sizeof ckpath, "%s/ckpt_%06lld.bcrl", ckdir,
                 (long long)bc_ppo_iterations(ppo));
        char policy[4200];
        snprintf(policy, sizeof policy, "%s/policy.bcp", a.out);
        if ((rc = bc_ppo_save_checkpoint(ppo, ckpath)) != BC_OK)
            status = train_fail(ckpath, rc);
        else if ((rc = bc_ppo_save_policy(ppo, policy)) != BC_OK)
            status = train_fail(policy, rc);
        else if (!a.quiet) {
            fprintf(stderr, "rl-train: %lld iterations, %lld timesteps; policy %s\n",
                    (long long)bc_ppo_iterations(ppo), (long long)bc_ppo_timesteps(ppo), policy);
            fprintf(stderr, "report: botcopier report %s --out %s/report.html\n", a.out, a.out);
        }
    }
    sigaction(SIGINT, &old_sa, NULL);
done:
    if (metrics)
        fclose(metrics);
    bc_ppo_free(ppo);
    bc_env_free(env);
    bc_prices_free(prices);
    return status;
}

/* ---- rl-eval -------------------------------------------------------------- */

static const char eval_usage[] =
    "usage: botcopier rl-eval --model POLICY (--prices FILE.csv | --bars SYMBOL=FILE.csv ...)\n"
    "                         [--from TIME] [--out FILE.csv] [--seed S]\n"
    "\n"
    "Runs a trained policy (rl-train's policy.bcp or a checkpoint) greedily over the price\n"
    "table from TIME (default: the first row after the features' lookback) to its end, next\n"
    "to two baselines in the same environment and costs: equal weight rebalanced every step\n"
    "and buy-and-hold (equal weight once, then HOLD). Prints annualized return, Sharpe,\n"
    "maximum drawdown and annualized turnover of each, and writes per step: time, the three\n"
    "equity curves, the policy's action, cost and weights (w_<asset>, w_cash) to --out\n"
    "(default eval.csv next to the model).\n";

struct eval_args {
    price_source src;
    const char *model, *from, *out;
    double seed;
};

static int eval_option(void *ctx, const char *name, const char *value)
{
    struct eval_args *a = ctx;
    int taken = price_option("rl-eval", &a->src, name, value);
    if (taken != 0)
        return taken == 1 ? 0 : taken;
    if (strcmp(name, "model") == 0)
        a->model = value;
    else if (strcmp(name, "from") == 0)
        a->from = value;
    else if (strcmp(name, "out") == 0)
        a->out = value;
    else if (strcmp(name, "seed") == 0)
        return cli_parse_number("rl-eval", "--seed", value, 0, 9007199254740992.0, &a->seed);
    return 0;
}

typedef struct eval_series {
    double equity, peak, max_drawdown, sum_ret, sum_ret2, sum_log, turnover;
    double *w_prev; /* weights after the previous step, cash last */
    double *drift;  /* w_prev moved by the step's price changes (scratch) */
} eval_series;

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* Periods a year from the median spacing of the rows: daily bars (0.5 to
 * 1.5 days apart) count 252 trading days, others calendar time. */
static double periods_per_year(const int64_t *t, int64_t n)
{
    if (!t || n < 2)
        return 252.0;
    int64_t *d = malloc(sizeof *d * (size_t)(n - 1));
    if (!d)
        return 252.0;
    for (int64_t i = 1; i < n; i++)
        d[i - 1] = t[i] - t[i - 1];
    qsort(d, (size_t)(n - 1), sizeof *d, cmp_i64);
    double med = (double)d[(n - 1) / 2];
    free(d);
    if (med >= 0.5 * 86400 && med <= 1.5 * 86400)
        return 252.0;
    return med > 0 ? 365.25 * 86400.0 / med : 252.0;
}

int cli_rl_eval(int argc, char **argv)
{
    static const cli_option options[] = {{"model", 1}, {"prices", 1}, {"from", 1}, {"out", 1},
                                         {"seed", 1},  {"bars", 1},   {NULL, 0}};
    struct eval_args a = {0};
    int status = cli_parse_options("rl-eval", argc, argv, options, eval_usage, eval_option, &a);
    if (status != 0)
        return status < 0 ? CLI_EXIT_OK : status;
    if (!a.model || (!a.src.prices && !a.src.n_bars)) {
        fprintf(stderr, "botcopier rl-eval: --model and --prices (or --bars) are required\n%s",
                eval_usage);
        return CLI_EXIT_USAGE;
    }
    int64_t from = INT64_MIN;
    if (a.from && (status = cli_parse_time("rl-eval", "--from", a.from, &from)) != 0)
        return status;
    char out_path[4096];
    if (a.out)
        snprintf(out_path, sizeof out_path, "%s", a.out);
    else {
        const char *slash = strrchr(a.model, '/');
        snprintf(out_path, sizeof out_path, "%.*seval.csv",
                 slash ? (int)(slash - a.model + 1) : 0, a.model);
    }
    bc_policy *policy = NULL;
    bc_prices *prices = NULL;
    bc_env *env = NULL;
    FILE *csv = NULL;
    eval_series s[3];
    memset(s, 0, sizeof s);
    int32_t rc = bc_policy_load(a.model, &policy);
    if (rc != BC_OK)
        return cli_fail("rl-eval", a.model, rc);
    if ((status = load_prices("rl-eval", &a.src, &prices)) != 0)
        goto done;
    const int64_t n_rows = bc_prices_length(prices);
    const int32_t A = bc_prices_assets(prices);
    const int64_t *times = bc_prices_time(prices);
    const double *close = bc_prices_close(prices);
    int64_t start = 0;
    while (start < n_rows && times && times[start] < from)
        start++;
    rc = bc_env_create_from_prices(prices, 3, &env);
    /* one step for now (the features' lookback is checked against the
     * episode length); the length is set to the rest of the table below */
    if (rc == BC_OK)
        rc = bc_env_set(env, "episode_length", "1");
    if (rc == BC_OK)
        rc = bc_env_set(env, "features", bc_policy_features(policy));
    if (rc == BC_OK)
        rc = bc_env_set(env, "threads", "1");
    if (rc != BC_OK) {
        status = cli_fail("rl-eval", "environment", rc);
        goto done;
    }
    /* the first row an episode may start on is past the lookback: find it
     * by asking the env (start_row refuses rows inside the lookback) */
    int64_t first = start;
    char value[32];
    for (;;) {
        if (first >= n_rows - 1) {
            fprintf(stderr, "botcopier rl-eval: no row to evaluate on from %s (the table has "
                    "%lld rows and the features need a lookback)\n", a.from ? a.from : "the start",
                    (long long)n_rows);
            status = CLI_EXIT_FAILURE;
            goto done;
        }
        snprintf(value, sizeof value, "%lld", (long long)first);
        if (bc_env_set(env, "start_row", value) == BC_OK)
            break;
        first++;
    }
    if (first != start && a.from)
        fprintf(stderr, "rl-eval: --from %s is inside the features' lookback; starting at row "
                "%lld\n", a.from, (long long)first);
    const int64_t steps = n_rows - first;
    snprintf(value, sizeof value, "%lld", (long long)steps);
    if ((rc = bc_env_set(env, "episode_length", value)) != BC_OK ||
        (rc = bc_env_reset(env, (uint64_t)a.seed)) != BC_OK) {
        status = cli_fail("rl-eval", "environment", rc);
        goto done;
    }
    const int32_t D = bc_env_observation_size(env);
    /* features, assets, width and observation kind (ohlcv or close-only) */
    if ((rc = bc_policy_check_env(policy, env)) != BC_OK) {
        status = cli_fail("rl-eval", a.model, rc);
        goto done;
    }
    for (int32_t i = 0; i < D; i++) {
        char want[256], got[256];
        if (bc_policy_observation_name(policy, i, want, sizeof want, NULL) == BC_OK &&
            bc_env_observation_name(env, i, got, sizeof got, NULL) == BC_OK &&
            strcmp(want, got) != 0) {
            fprintf(stderr, "rl-eval: warning: observation column %d is '%s' here, '%s' in "
                    "training\n", (int)i, got, want);
            break;
        }
    }
    csv = fopen(out_path, "w");
    if (!csv) {
        fprintf(stderr, "botcopier rl-eval: cannot write %s: %s\n", out_path, strerror(errno));
        status = CLI_EXIT_FAILURE;
        goto done;
    }
    fprintf(csv, "time,policy_equity,equal_weight_equity,buy_and_hold_equity,action,cost");
    for (int32_t j = 0; j < A; j++)
        fprintf(csv, ",w_%s", bc_prices_asset_name(prices, j));
    fprintf(csv, ",w_cash\n");
    for (int k = 0; k < 3; k++) {
        s[k].equity = s[k].peak = 1.0;
        s[k].w_prev = calloc((size_t)A + 1, sizeof(double));
        s[k].drift = calloc((size_t)A + 1, sizeof(double));
        if (!s[k].w_prev || !s[k].drift) {
            status = cli_fail("rl-eval", "memory", BC_E_OUT_OF_MEMORY);
            goto done;
        }
        s[k].w_prev[A] = 1.0;
    }
    const double ppy = periods_per_year(times ? times + first : NULL, steps);
    int32_t actions[3];
    for (int64_t t = 0; t < steps; t++) {
        const int64_t row = bc_env_rows(env)[0];
        uint8_t first_step = t == 0;
        if ((rc = bc_policy_act(policy, bc_env_observations(env), 1, &first_step, &actions[0],
                                NULL)) != BC_OK) {
            status = cli_fail("rl-eval", "policy", rc);
            goto done;
        }
        actions[1] = BC_ENV_ACTION_EQUAL_WEIGHT;
        actions[2] = t == 0 ? BC_ENV_ACTION_EQUAL_WEIGHT : BC_ENV_ACTION_HOLD;
        if ((rc = bc_env_step(env, actions)) != BC_OK) {
            status = cli_fail("rl-eval", "step", rc);
            goto done;
        }
        const float *rew = bc_env_rewards(env);
        const double *w = bc_env_weights(env);
        for (int k = 0; k < 3; k++) {
            eval_series *e = &s[k];
            double r = rew[k];
            e->equity *= exp(r);
            e->peak = e->equity > e->peak ? e->equity : e->peak;
            double dd = 1.0 - e->equity / e->peak;
            e->max_drawdown = dd > e->max_drawdown ? dd : e->max_drawdown;
            e->sum_log += r;
            e->sum_ret += expm1(r);
            e->sum_ret2 += expm1(r) * expm1(r);
            /* turnover: half the distance from the drifted weights to the new ones */
            double *drift = e->drift, total = 0.0;
            for (int32_t j = 0; j <= A; j++) {
                double g = j < A && row > 0 ? close[row * A + j] / close[(row - 1) * A + j] : 1.0;
                drift[j] = e->w_prev[j] * g;
                total += drift[j];
            }
            double turn = 0.0;
            for (int32_t j = 0; j <= A; j++) {
                turn += fabs(w[(size_t)k * (A + 1) + j] - drift[j] / total);
                e->w_prev[j] = w[(size_t)k * (A + 1) + j];
            }
            e->turnover += 0.5 * turn;
        }
        char when[64] = "";
        if (times)
            cli_format_time(times[row], when, sizeof when);
        else
            snprintf(when, sizeof when, "%lld", (long long)row);
        fprintf(csv, "%s,%.10g,%.10g,%.10g,%s,%.10g", when, s[0].equity, s[1].equity,
                s[2].equity, bc_env_action_name(actions[0]), bc_env_costs(env)[0]);
        for (int32_t j = 0; j <= A; j++)
            fprintf(csv, ",%.6g", w[j]);
        fputc('\n', csv);
    }
    if (fclose(csv) != 0) {
        csv = NULL;
        fprintf(stderr, "botcopier rl-eval: writing %s failed\n", out_path);
        status = CLI_EXIT_FAILURE;
        goto done;
    }
    csv = NULL;
    printf("rl-eval: %lld steps from row %lld, %.0f periods a year\n", (long long)steps,
           (long long)first, ppy);
    printf("%-14s %12s %8s %13s %15s %10s\n", "strategy", "ann_return", "sharpe",
           "max_drawdown", "turnover/year", "final");
    static const char *const names[3] = {"policy", "equal_weight", "buy_and_hold"};
    for (int k = 0; k < 3; k++) {
        const double n = (double)steps, mean = s[k].sum_ret / n;
        const double var = n > 1 ? (s[k].sum_ret2 - n * mean * mean) / (n - 1) : 0.0;
        const double sharpe = var > 0 ? mean / sqrt(var) * sqrt(ppy) : 0.0;
        printf("%-14s %11.2f%% %8.3f %12.2f%% %15.2f %10.4f\n", names[k],
               100.0 * expm1(s[k].sum_log / n * ppy), sharpe, 100.0 * s[k].max_drawdown,
               s[k].turnover / n * ppy, s[k].equity);
    }
    printf("per-step weights: %s\n", out_path);
done:
    if (csv)
        fclose(csv);
    for (int k = 0; k < 3; k++) {
        free(s[k].w_prev);
        free(s[k].drift);
    }
    bc_env_free(env);
    bc_prices_free(prices);
    bc_policy_free(policy);
    return status;
}
