/*
 * cmd_serve.c - `botcopier serve`: the bandit router (lib/online/bandit.c)
 * behind HTTP for EAs and engines that choose between K models. Owns the
 * routes, the lock around the one router, durability (a reward is
 * acknowledged only after its state is on disk) and the Prometheus text.
 */
#include "tools/cli.h"
#include "tools/cli_http.h"
#include "tools/cli_observe.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char usage_text[] =
    "usage: botcopier serve --models K --state FILE [options]\n"
    "\n"
    "Serves a bandit router over K models on HTTP (JSON):\n"
    "  GET  /choose   -> {\"model\": i}          the model to trade next\n"
    "  POST /reward   {\"model\": i, \"reward\": r}  r in [0, 1]; answered 200 only once the\n"
    "                 new state is on disk (fsync), so an acknowledged reward survives a crash\n"
    "  GET  /metrics  Prometheus text exposition (choices, rewards, errors per model)\n"
    "  GET  /healthz  {\"status\": \"ok\", ...}\n"
    "Errors are JSON {\"error\": \"...\", \"status\": N} with 400 (bad JSON or field),\n"
    "404 (unknown path), 405 (wrong method), 413 (body too large), 500 (state not saved).\n"
    "\n"
    "options:\n"
    "  --models K            number of models (arms), 1..4096 (must match an existing state)\n"
    "  --state FILE          router state (JSON); loaded when it exists, else created\n"
    "  --policy P            thompson | ucb1 [thompson] (an existing state keeps its own)\n"
    "  --seed S              Thompson sampling seed for a new state [0]\n"
    "  --port P              TCP port, 0 = any free one (printed) [8008]\n"
    "  --bind ADDR           IPv4 address to listen on [127.0.0.1]\n"
    "  --threads N           worker threads, 1..64 [2]\n"
    "  --max-body BYTES      largest request body, 64..1048576 [4096]\n"
    "  --log DEST            auto | journal | jsonl:FILE | stderr [auto: the systemd journal\n"
    "                        when present, else JSON lines in FILE.log.jsonl beside --state]\n"
    "  --quiet               no request summary on stop\n"
    "Stops on SIGINT/SIGTERM after the requests in flight.\n";

typedef struct router {
    pthread_mutex_t lock;
    bc_bandit *bandit;
    const char *state_path;
    int32_t n_arms;
    /* metrics, under lock */
    uint64_t *chosen, *rewarded;
    double *reward_sum;
    uint64_t bad_requests, state_writes, state_write_errors;
    time_t started;
} router;

static void route_choose(void *ctx, const char *method, const char *body, size_t length,
                         cli_http_response *r)
{
    (void)method, (void)body, (void)length;
    router *rt = ctx;
    int32_t arm = -1;
    pthread_mutex_lock(&rt->lock);
    int32_t st = bc_bandit_choose(rt->bandit, &arm);
    if (st == BC_OK)
        rt->chosen[arm]++;
    pthread_mutex_unlock(&rt->lock);
    if (st != BC_OK) {
        cli_http_error(r, 500, "%s", bc_last_error());
        return;
    }
    char text[48];
    snprintf(text, sizeof text, "{\"model\":%d}", arm);
    cli_http_text(r, 200, "application/json", text);
}

/* Parses {"model": i, "reward": r}; 0, or -1 after filling a 400. */
static int parse_reward(const router *rt, const char *body, size_t length, int32_t *arm,
                        double *reward, cli_http_response *r)
{
    json_error_t err;
    json_t *o = json_loadb(body, length, JSON_REJECT_DUPLICATES, &err);
    if (!o) {
        cli_http_error(r, 400, "body is not JSON: %s (column %d)", err.text, err.column);
        return -1;
    }
    json_t *m = json_object_get(o, "model"), *v = json_object_get(o, "reward");
    int rc = -1;
    if (!json_is_object(o))
        cli_http_error(r, 400, "body must be a JSON object {\"model\": i, \"reward\": r}");
    else if (!json_is_integer(m))
        cli_http_error(r, 400, "\"model\" must be an integer 0..%d", rt->n_arms - 1);
    else if (json_integer_value(m) < 0 || json_integer_value(m) >= rt->n_arms)
        cli_http_error(r, 400, "\"model\" is %lld, expected 0..%d",
                       (long long)json_integer_value(m), rt->n_arms - 1);
    else if (!json_is_number(v))
        cli_http_error(r, 400, "\"reward\" must be a number in [0, 1]");
    else if (!(json_number_value(v) >= 0 && json_number_value(v) <= 1))
        cli_http_error(r, 400, "\"reward\" is %g, expected a number in [0, 1]",
                       json_number_value(v));
    else {
        *arm = (int32_t)json_integer_value(m);
        *reward = json_number_value(v);
        rc = 0;
    }
    json_decref(o);
    return rc;
}

static void route_reward(void *ctx, const char *method, const char *body, size_t length,
                         cli_http_response *r)
{
    (void)method;
    router *rt = ctx;
    int32_t arm;
    double reward;
    if (parse_reward(rt, body, length, &arm, &reward, r) != 0) {
        cli_log_event(BC_LOG_DEBUG, "POST /reward refused: %.*s", (int)r->length,
                      r->body ? r->body : "");
        pthread_mutex_lock(&rt->lock);
        rt->bad_requests++;
        pthread_mutex_unlock(&rt->lock);
        return;
    }
    pthread_mutex_lock(&rt->lock);
    /* Save first, then acknowledge: on a failed save the reward is taken
     * back, so a client that retries never counts it twice. */
    int64_t pulls;
    double sum;
    bc_bandit_arm_stats(rt->bandit, arm, &pulls, &sum);
    int32_t st = bc_bandit_reward(rt->bandit, arm, reward);
    if (st == BC_OK)
        st = bc_bandit_save(rt->bandit, rt->state_path);
    if (st == BC_OK) {
        rt->state_writes++;
        rt->rewarded[arm]++;
        rt->reward_sum[arm] += reward;
    } else {
        rt->state_write_errors++;
        bc_bandit_set_arm_stats(rt->bandit, arm, pulls, sum);
    }
    pthread_mutex_unlock(&rt->lock);
    if (st != BC_OK) {
        cli_log_event(BC_LOG_ERROR, "reward for model %d not recorded: %s", arm, bc_last_error());
        cli_http_error(r, 500, "reward not recorded: %s", bc_last_error());
        return;
    }
    char text[96];
    snprintf(text, sizeof text, "{\"model\":%d,\"reward\":%.17g,\"recorded\":true}", arm, reward);
    cli_http_text(r, 200, "application/json", text);
}

static void route_metrics(void *ctx, const char *method, const char *body, size_t length,
                          cli_http_response *r)
{
    (void)method, (void)body, (void)length;
    router *rt = ctx;
    size_t cap = 2048 + (size_t)rt->n_arms * 512, n = 0;
    char *text = malloc(cap);
    if (!text) {
        cli_http_error(r, 500, "out of memory");
        return;
    }
#define EMIT(...) n += (size_t)snprintf(text + n, cap - n, __VA_ARGS__)
    pthread_mutex_lock(&rt->lock);
    EMIT("# HELP botcopier_router_choices_total Models chosen by GET /choose.\n"
         "# TYPE botcopier_router_choices_total counter\n");
    for (int32_t i = 0; i < rt->n_arms; i++)
        EMIT("botcopier_router_choices_total{model=\"%d\"} %llu\n", i,
             (unsigned long long)rt->chosen[i]);
    EMIT("# HELP botcopier_router_rewards_total Rewards recorded by POST /reward.\n"
         "# TYPE botcopier_router_rewards_total counter\n");
    for (int32_t i = 0; i < rt->n_arms; i++)
        EMIT("botcopier_router_rewards_total{model=\"%d\"} %llu\n", i,
             (unsigned long long)rt->rewarded[i]);
    EMIT("# HELP botcopier_router_reward_sum Sum of rewards recorded since start.\n"
         "# TYPE botcopier_router_reward_sum counter\n");
    for (int32_t i = 0; i < rt->n_arms; i++)
        EMIT("botcopier_router_reward_sum{model=\"%d\"} %.17g\n", i, rt->reward_sum[i]);
    EMIT("# HELP botcopier_router_mean_reward Mean reward per model over the whole state.\n"
         "# TYPE botcopier_router_mean_reward gauge\n");
    for (int32_t i = 0; i < rt->n_arms; i++) {
        int64_t pulls;
        double sum;
        bc_bandit_arm_stats(rt->bandit, i, &pulls, &sum);
        EMIT("botcopier_router_mean_reward{model=\"%d\"} %.17g\n", i,
             pulls > 0 ? sum / (double)pulls : 0.0);
    }
    EMIT("# HELP botcopier_router_bad_requests_total Rewards refused as malformed.\n"
         "# TYPE botcopier_router_bad_requests_total counter\n"
         "botcopier_router_bad_requests_total %llu\n"
         "# HELP botcopier_router_state_writes_total State files written (fsync'd).\n"
         "# TYPE botcopier_router_state_writes_total counter\n"
         "botcopier_router_state_writes_total %llu\n"
         "# HELP botcopier_router_state_write_errors_total State writes that failed.\n"
         "# TYPE botcopier_router_state_write_errors_total counter\n"
         "botcopier_router_state_write_errors_total %llu\n"
         "# HELP botcopier_router_uptime_seconds Seconds since the service started.\n"
         "# TYPE botcopier_router_uptime_seconds gauge\n"
         "botcopier_router_uptime_seconds %lld\n",
         (unsigned long long)rt->bad_requests, (unsigned long long)rt->state_writes,
         (unsigned long long)rt->state_write_errors, (long long)(time(NULL) - rt->started));
    pthread_mutex_unlock(&rt->lock);
#undef EMIT
    r->status = 200;
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    r->body = text;
    r->length = n < cap ? n : cap - 1;
}

static void route_healthz(void *ctx, const char *method, const char *body, size_t length,
                          cli_http_response *r)
{
    (void)method, (void)body, (void)length;
    router *rt = ctx;
    char text[160];
    pthread_mutex_lock(&rt->lock);
    snprintf(text, sizeof text, "{\"status\":\"ok\",\"models\":%d,\"policy\":\"%s\",\"choices\":%lld}",
             rt->n_arms, bc_bandit_policy(rt->bandit) == BC_BANDIT_UCB1 ? "ucb1" : "thompson",
             (long long)bc_bandit_choices(rt->bandit));
    pthread_mutex_unlock(&rt->lock);
    cli_http_text(r, 200, "application/json", text);
}

static int parse_int(const char *option, const char *text, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi) {
        fprintf(stderr, "botcopier serve: %s is '%s', expected an integer in %ld..%ld\n",
                option, text, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

/* Loads the state when the file exists, else creates and saves a new one. */
static int open_router(router *rt, long models, int32_t policy, uint64_t seed)
{
    struct stat st;
    int32_t rc;
    if (stat(rt->state_path, &st) == 0) {
        rc = bc_bandit_load(rt->state_path, &rt->bandit);
        if (rc != BC_OK)
            return cli_fail("serve", "--state", rc);
        if (bc_bandit_arms(rt->bandit) != models) {
            fprintf(stderr, "botcopier serve: --models is %ld but %s holds %d models (use the "
                    "same count, or another --state)\n", models, rt->state_path,
                    bc_bandit_arms(rt->bandit));
            return CLI_EXIT_USAGE;
        }
        return 0;
    }
    rc = bc_bandit_create((int32_t)models, policy, seed, &rt->bandit);
    if (rc == BC_OK)
        rc = bc_bandit_save(rt->bandit, rt->state_path);
    return rc == BC_OK ? 0 : cli_fail("serve", "--state", rc);
}

struct serve_args {
    long models, port, threads, max_body;
    const char *bind_addr, *log_spec, *state_path;
    int32_t policy;
    uint64_t seed;
    int quiet;
};

static int serve_option(void *ctx, const char *name, const char *value)
{
    struct serve_args *a = ctx;
    if (strcmp(name, "models") == 0)
        return parse_int("--models", value, 1, 4096, &a->models) ? CLI_EXIT_USAGE : 0;
    if (strcmp(name, "port") == 0)
        return parse_int("--port", value, 0, 65535, &a->port) ? CLI_EXIT_USAGE : 0;
    if (strcmp(name, "threads") == 0)
        return parse_int("--threads", value, 1, 64, &a->threads) ? CLI_EXIT_USAGE : 0;
    if (strcmp(name, "max-body") == 0)
        return parse_int("--max-body", value, 64, 1048576, &a->max_body) ? CLI_EXIT_USAGE : 0;
    if (strcmp(name, "state") == 0) {
        a->state_path = value;
    } else if (strcmp(name, "bind") == 0) {
        a->bind_addr = value;
    } else if (strcmp(name, "log") == 0) {
        a->log_spec = value;
    } else if (strcmp(name, "quiet") == 0) {
        a->quiet = 1;
    } else if (strcmp(name, "policy") == 0) {
        if (strcmp(value, "thompson") == 0)
            a->policy = BC_BANDIT_THOMPSON;
        else if (strcmp(value, "ucb1") == 0)
            a->policy = BC_BANDIT_UCB1;
        else {
            fprintf(stderr, "botcopier serve: --policy is '%s', expected thompson or ucb1\n",
                    value);
            return CLI_EXIT_USAGE;
        }
    } else { /* seed */
        char *end = NULL;
        errno = 0;
        a->seed = strtoull(value, &end, 10);
        if (errno || end == value || *end || value[0] == '-') {
            fprintf(stderr, "botcopier serve: --seed is '%s', expected an unsigned integer\n",
                    value);
            return CLI_EXIT_USAGE;
        }
    }
    return 0;
}

int cli_serve(int argc, char **argv)
{
    static const cli_option serve_options[] = {
        {"models", 1}, {"state", 1}, {"policy", 1},   {"seed", 1},  {"port", 1},
        {"bind", 1},   {"threads", 1}, {"max-body", 1}, {"quiet", 0}, {"log", 1},
        {NULL, 0}};
    struct serve_args a = {.port = 8008, .threads = 2, .max_body = 4096,
                           .bind_addr = "127.0.0.1", .log_spec = "auto",
                           .policy = BC_BANDIT_THOMPSON};
    int parsed = cli_parse_options("serve", argc, argv, serve_options, usage_text, serve_option,
                                   &a);
    if (parsed != 0)
        return parsed < 0 ? CLI_EXIT_OK : parsed;
    if (!a.models || !a.state_path) {
        fprintf(stderr, "botcopier serve: --models and --state are required\n%s", usage_text);
        return CLI_EXIT_USAGE;
    }
    long models = a.models, port = a.port, threads = a.threads, max_body = a.max_body;
    const char *bind_addr = a.bind_addr, *log_spec = a.log_spec;
    int32_t policy = a.policy;
    uint64_t seed = a.seed;
    int quiet = a.quiet;
    router rt = {.lock = PTHREAD_MUTEX_INITIALIZER, .state_path = a.state_path};
    char default_log[4200];
    snprintf(default_log, sizeof default_log, "%s.log.jsonl", rt.state_path);
    int status = cli_log_open("serve", log_spec, default_log, BC_LOG_INFO);
    if (status)
        return status;
    status = open_router(&rt, models, policy, seed);
    if (status) {
        cli_log_close();
        return status;
    }
    rt.n_arms = (int32_t)models;
    rt.chosen = calloc((size_t)models, sizeof *rt.chosen);
    rt.rewarded = calloc((size_t)models, sizeof *rt.rewarded);
    rt.reward_sum = calloc((size_t)models, sizeof *rt.reward_sum);
    rt.started = time(NULL);
    const cli_http_route routes[] = {
        {"/choose", "GET", route_choose, &rt},   {"/reward", "POST", route_reward, &rt},
        {"/metrics", "GET", route_metrics, &rt}, {"/healthz", "GET", route_healthz, &rt},
    };
    cli_http_block_signals();
    cli_http *http = NULL;
    if (!rt.chosen || !rt.rewarded || !rt.reward_sum ||
        cli_http_start("serve", bind_addr, (int)port, (int)threads, (size_t)max_body, routes, 4,
                       &http) != 0) {
        bc_bandit_free(rt.bandit);
        free(rt.chosen);
        free(rt.rewarded);
        free(rt.reward_sum);
        cli_log_close();
        return CLI_EXIT_FAILURE;
    }
    printf("botcopier serve: %d models (%s), state %s, listening on http://%s:%d, logs to %s\n",
           rt.n_arms, bc_bandit_policy(rt.bandit) == BC_BANDIT_UCB1 ? "ucb1" : "thompson",
           rt.state_path, bind_addr, cli_http_port(http), cli_log_destination());
    fflush(stdout);
    cli_log_event(BC_LOG_INFO, "serving %d models (%s) from %s on %s:%d", rt.n_arms,
                  bc_bandit_policy(rt.bandit) == BC_BANDIT_UCB1 ? "ucb1" : "thompson",
                  rt.state_path, bind_addr, cli_http_port(http));
    int sig = cli_http_wait_for_signal();
    cli_http_stop(http);
    uint64_t chosen = 0, rewarded = 0;
    for (int32_t i = 0; i < rt.n_arms; i++)
        chosen += rt.chosen[i], rewarded += rt.rewarded[i];
    cli_log_event(BC_LOG_INFO, "stopped by signal %d after %llu choices and %llu rewards", sig,
                  (unsigned long long)chosen, (unsigned long long)rewarded);
    if (!quiet)
        fprintf(stderr, "botcopier serve: stopped by signal %d after %llu choices and %llu "
                "rewards\n", sig, (unsigned long long)chosen, (unsigned long long)rewarded);
    cli_log_close();
    bc_bandit_free(rt.bandit);
    free(rt.chosen);
    free(rt.rewarded);
    free(rt.reward_sum);
    return CLI_EXIT_OK;
}
