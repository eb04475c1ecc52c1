/* cli_lifecycle.c - the training service's settings (seed 001's variables,
 * same names and defaults, plus the daemon's own) and opening the registry
 * of a run folder. */
#include "tools/cli_lifecycle.h"
#include "tools/cli.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const struct lc_setting lc_settings[LC_SETTINGS] = {
    {"TRAINING_CRON_SCHEDULE", "0 2,14,22 * * *", 1, 0,
     "cron schedule of every job without its own (UTC)"},
    {"TRAINING_BATCH_SIZE", "1000", 0, 1e9,
     "data points (bars) per training session: the latest N; 0 or a full retrain = all"},
    {"MAX_CONCURRENT_TRAINING_JOBS", "3", 1, 256, "jobs one daemon runs at once"},
    {"TRAINING_JOB_TIMEOUT", "3600", 1, 1e7, "seconds before a job is killed (a failed attempt)"},
    {"TRAINING_RETRY_ATTEMPTS", "3", 0, 100,
     "retries of a failed job (so 1 + N attempts) before it is 'dead'"},
    {"MIN_TRAINING_DATA_POINTS", "100", 1, 1e9,
     "fewer data points (bars) than this: the job is 'skipped', not retried"},
    {"MODEL_RETENTION_DAYS", "30", 0, 36500,
     "inactive model versions, finished jobs and metrics older than this are removed"},
    {"ML_TRAINING_DEBUG", "false", 1, 0, "true: log at DEBUG level (overrides LOG_LEVEL)"},
    {"LOG_LEVEL", "INFO", 1, 0, "ERROR, WARN, INFO or DEBUG"},
    {"HEARTBEAT_INTERVAL", "30", 1, 86400, "seconds between heartbeat rows and lease renewals"},
    {"LEASE_TIMEOUT", "120", 2, 1e7,
     "seconds without a heartbeat after which another daemon takes a running job back"},
    {"RETRY_BACKOFF", "60", 0, 1e7, "seconds before the first retry, doubled for each next"},
    {"POLL_INTERVAL", "1", 0.05, 3600, "seconds between looks at the queue"},
    {"CLEANUP_INTERVAL", "3600", 1, 1e7,
     "seconds between retention and crash-recovery passes (one at start too)"},
    {"SHUTDOWN_GRACE", "30", 0, 1e7,
     "on SIGTERM, seconds running jobs may finish before they are stopped and requeued"},
    {"GATE_METRIC", "fidelity_f1", 1, 0,
     "validation gate metric: fidelity_f1 or a key of the trainer's metrics"},
    {"GATE_MARGIN", "0", -1e9, 1e9, "a candidate is activated when it beats the active by more"},
    {"GATE_WINDOW", "0.3", 0.05, 0.9,
     "held-out fraction of the data (the latest bars) the gate compares models on"},
    {"ACTIVATION_DELAY_MS", "0", 0, 600000, "fault injection for tests: pause inside activation"},
    {"STARTING_DEADLINE", "0", 0, 1e7,
     "at start, a tick missed at most this many seconds ago is still queued (0: none)"},
    {"ONLINE_HALF_LIFE_DAYS", "30", 0, 1e6,
     "online/active/replay jobs: time-decay half-life of event rows' weights (0: none)"},
    {"ONLINE_LEARNING_RATE", "0.05", 0, 1e6, "online/active/replay jobs: gradient step size"},
    {"ONLINE_EPOCHS", "20", 1, 1e6, "online/active/replay jobs: full-batch steps over the rows"},
    {"ONLINE_L2", "0.0001", 0, 1e6, "online/active/replay jobs: L2 penalty of the update"},
    {"UNCERTAIN_WEIGHT", "2", 1e-9, 1e9,
     "active jobs: weight of each labelled uncertain decision (event rows weigh <= 1)"},
    {"REPLAY_WEIGHT", "1", 1e-9, 1e9,
     "replay jobs: a diverged bar weighs REPLAY_WEIGHT x its divergence's weight"},
    {"MONITOR_RETRAIN_KIND", "retrain", 1, 0,
     "kind of the job a monitor retrain verdict queues: retrain, full, online, active or "
     "replay"},
    {"ONLINE_TREES_ROUNDS", "10", 1, 100000,
     "online/active/replay jobs on a trees model: boosting rounds added per update"},
    {"ONLINE_TREES_ETA", "0.1", 1e-6, 1,
     "online/active/replay jobs on a trees model: learning rate of the added rounds"},
    {"ONLINE_MAX_TREES", "1500", 1, 1048576,
     "online/active/replay jobs on a trees model: most trees in all (rounds are cut to fit; "
     "at the cap the job is skipped until a full retrain starts a new ensemble)"},
    {"GATE_ACCEPT_TIES", "false", 1, 0,
     "false: a candidate must score above the active + GATE_MARGIN (an equal score, e.g. an "
     "update that changes no decision, is rejected); true: an equal score passes too"},
};

static int set_value(const char *command, int i, const char *text, const char *from,
                     struct lc_values *v)
{
    if (strlen(text) >= sizeof v->text[i]) {
        fprintf(stderr, "botcopier %s: %s from %s is too long\n", command, lc_settings[i].name,
                from);
        return CLI_EXIT_USAGE;
    }
    if (lc_settings[i].lo <= lc_settings[i].hi) {
        char *end = NULL;
        errno = 0;
        double x = strtod(text, &end);
        if (end == text || *end || errno || !isfinite(x) || x < lc_settings[i].lo ||
            x > lc_settings[i].hi) {
            fprintf(stderr, "botcopier %s: %s = '%s' (from %s) must be a number in %g..%g\n",
                    command, lc_settings[i].name, text, from, lc_settings[i].lo,
                    lc_settings[i].hi);
            return CLI_EXIT_USAGE;
        }
        v->num[i] = x;
    } else if (i == LC_CRON) {
        bc_cron *c = NULL;
        int32_t rc = bc_cron_parse(text, &c);
        bc_cron_free(c);
        if (rc != BC_OK) {
            fprintf(stderr, "botcopier %s: %s (from %s): %s\n", command, lc_settings[i].name,
                    from, bc_last_error());
            return CLI_EXIT_USAGE;
        }
    } else if ((i == LC_DEBUG || i == LC_GATE_ACCEPT_TIES) && strcmp(text, "true") != 0 &&
               strcmp(text, "false") != 0) {
        fprintf(stderr, "botcopier %s: %s = '%s' (from %s) must be true or false\n", command,
                lc_settings[i].name, text, from);
        return CLI_EXIT_USAGE;
    } else if (i == LC_LOG_LEVEL && strcmp(text, "ERROR") && strcmp(text, "WARN") &&
               strcmp(text, "INFO") && strcmp(text, "DEBUG")) {
        fprintf(stderr, "botcopier %s: LOG_LEVEL = '%s' (from %s) must be ERROR, WARN, INFO or "
                "DEBUG\n", command, text, from);
        return CLI_EXIT_USAGE;
    } else if (i == LC_MONITOR_KIND && strcmp(text, "retrain") && strcmp(text, "full") &&
               strcmp(text, "online") && strcmp(text, "active") && strcmp(text, "replay")) {
        fprintf(stderr, "botcopier %s: MONITOR_RETRAIN_KIND = '%s' (from %s) must be retrain, "
                "full, online, active or replay\n", command, text, from);
        return CLI_EXIT_USAGE;
    }
    snprintf(v->text[i], sizeof v->text[i], "%s", text);
    return 0;
}

int lc_settings_load(const char *command, const char *settings_json, struct lc_values *v)
{
    memset(v, 0, sizeof *v);
    for (int i = 0; i < LC_SETTINGS; i++)
        if (set_value(command, i, lc_settings[i].dflt, "default", v) != 0)
            return CLI_EXIT_FAILURE;
    json_t *cfg = settings_json ? json_loads(settings_json, 0, NULL) : NULL;
    if (cfg) {
        const char *key;
        json_t *val;
        json_object_foreach(cfg, key, val) {
            int i = 0;
            while (i < LC_SETTINGS && strcmp(lc_settings[i].name, key) != 0)
                i++;
            if (i == LC_SETTINGS) {
                fprintf(stderr, "botcopier %s: config setting '%s' is unknown (see botcopier "
                        "daemon --help)\n", command, key);
                json_decref(cfg);
                return CLI_EXIT_USAGE;
            }
            char buf[256];
            if (json_is_string(val))
                snprintf(buf, sizeof buf, "%s", json_string_value(val));
            else if (json_is_integer(val))
                snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(val));
            else if (json_is_real(val))
                snprintf(buf, sizeof buf, "%.17g", json_real_value(val));
            else if (json_is_boolean(val))
                snprintf(buf, sizeof buf, "%s", json_is_true(val) ? "true" : "false");
            else
                snprintf(buf, sizeof buf, "(not a string, number or boolean)");
            if (set_value(command, i, buf, "the config file", v) != 0) {
                json_decref(cfg);
                return CLI_EXIT_USAGE;
            }
        }
        json_decref(cfg);
    }
    for (int i = 0; i < LC_SETTINGS; i++) {
        const char *env = getenv(lc_settings[i].name);
        if (env && *env && set_value(command, i, env, "the environment", v) != 0)
            return CLI_EXIT_USAGE;
    }
    return 0;
}

int lc_locate(const char *command, const char *run_dir, const char *db, char *db_buf,
              char *store_buf, size_t cap)
{
    if (!run_dir || !*run_dir)
        run_dir = ".";
    if (!db || !*db)
        db = getenv("BOTCOPIER_DB");
    if (mkdir(run_dir, 0775) != 0 && errno != EEXIST) {
        fprintf(stderr, "botcopier %s: cannot create run folder %s: %s\n", command, run_dir,
                strerror(errno));
        return CLI_EXIT_FAILURE;
    }
    if (!db || !*db)
        snprintf(db_buf, cap, "%s/registry.db", run_dir);
    else
        snprintf(db_buf, cap, "%s", db);
    snprintf(store_buf, cap, "%s/models", run_dir);
    return 0;
}

int lc_open_registry(const char *command, const char *run_dir, const char *db,
                     bc_registry **out)
{
    char dbpath[4096], store[4096];
    int st = lc_locate(command, run_dir, db, dbpath, store, sizeof dbpath);
    if (st != 0)
        return st;
    int32_t rc = bc_registry_open(dbpath, store, out);
    return rc == BC_OK ? 0 : cli_fail(command, "registry", rc);
}
