/*
 * cli_lifecycle.h - what the lifecycle commands share (daemon, train-job,
 * status, metrics, models, retrain, export of the active model): the
 * daemon's settings with their defaults, and where the registry is.
 */
#ifndef BC_TOOLS_CLI_LIFECYCLE_H
#define BC_TOOLS_CLI_LIFECYCLE_H

#include "botcopier.h"

#include <jansson.h>

#include <stddef.h>

/* One setting: the seed's variable name, its default (text), the range of
 * a number (lo > hi: text) and what it does. */
struct lc_setting {
    const char *name, *dflt;
    double lo, hi;
    const char *help;
};
#define LC_SETTINGS 31
extern const struct lc_setting lc_settings[LC_SETTINGS];

/* Values of every setting, as text and (for numbers) as a double. */
struct lc_values {
    char text[LC_SETTINGS][256];
    double num[LC_SETTINGS];
};
enum {
    LC_CRON, LC_BATCH, LC_MAX_JOBS, LC_TIMEOUT, LC_RETRIES, LC_MIN_POINTS, LC_RETENTION,
    LC_DEBUG, LC_LOG_LEVEL, LC_HEARTBEAT, LC_LEASE, LC_BACKOFF, LC_POLL, LC_CLEANUP,
    LC_GRACE, LC_GATE_METRIC, LC_GATE_MARGIN, LC_GATE_WINDOW, LC_ACTIVATION_DELAY,
    LC_STARTING_DEADLINE,
    /* the online / active / replay / monitor job kinds */
    LC_ONLINE_HALF_LIFE, LC_ONLINE_RATE, LC_ONLINE_EPOCHS, LC_ONLINE_L2, LC_UNCERTAIN_WEIGHT,
    LC_REPLAY_WEIGHT, LC_MONITOR_KIND,
    /* online/active/replay updates of a trees model (bc_model_boost) */
    LC_ONLINE_TREES_ROUNDS, LC_ONLINE_TREES_ETA, LC_ONLINE_MAX_TREES,
    /* the gate's rule for an equal score */
    LC_GATE_ACCEPT_TIES
};

/* Defaults, then the config's "settings" object (a JSON object text, may be
 * NULL), then the environment (variables of the same names). Prints the
 * offending name and value and returns CLI_EXIT_USAGE on a bad one. */
int lc_settings_load(const char *command, const char *settings_json, struct lc_values *v);

/* The database: --db, else $BOTCOPIER_DB, else RUN_DIR/registry.db; the
 * store: RUN_DIR/models. Opens the registry or prints the failure and
 * returns its exit code. */
int lc_open_registry(const char *command, const char *run_dir, const char *db,
                     bc_registry **out);

/* The same locations as text (cap bytes each), without opening anything;
 * creates the run folder. Returns 0 or an exit code. */
int lc_locate(const char *command, const char *run_dir, const char *db, char *db_buf,
              char *store_buf, size_t cap);

/* train-job's exit code of a skipped job (too few data points, nothing new
 * to learn, no active version to start from): not retried. */
#define LC_TRAIN_SKIPPED 3

/* The active version of a model key, as train-job starts from it. */
struct lc_active {
    int64_t version, last_event_id; /* -1: the row records none */
    char file[4400];
};

/* Reads key's active version (tools/train_job_kinds.c). Returns 0,
 * LC_TRAIN_SKIPPED with *why filled when the key has none, or the exit
 * code of a failure (printed). */
int lc_read_active(const char *db, const char *store, const char *key, struct lc_active *out,
                   char *why, size_t cap);

/* Kinds "online", "active", "replay": writes DIR/model.bcm, the active
 * version after ONLINE_EPOCHS bc_model_update steps on the kind's rows -
 * for a trees model, ONLINE_TREES_ROUNDS more boosting rounds
 * (bc_model_boost, eta ONLINE_TREES_ETA, at most ONLINE_MAX_TREES trees in
 * all) - with metrics update_rows, event_rows, extra_rows (rounds_added for
 * trees, held_back_rows for labelled decisions inside the gate window).
 * bars and trades are the spec's up to the gate window (times before
 * gate_from): the candidate never learns the window it is gated on; a
 * labelled decision at or after gate_from is held back too. *rows_from,
 * *rows_to: the times of the first and last row learned. Returns 0,
 * LC_TRAIN_SKIPPED (*why: nothing to learn) or an exit code. */
int lc_train_update(const char *dir, const char *kind, json_t *spec, json_t *settings,
                    const struct lc_active *active, const bc_bars *bars,
                    const bc_trades *trades, int64_t gate_from, json_t *metrics,
                    int64_t *rows_from, int64_t *rows_to, char *why, size_t cap);

/* Kind "monitor": bc_monitor_check of the active version on the spec's
 * live_bars (else bars) and decisions; a retrain verdict queues one job of
 * MONITOR_RETRAIN_KIND (bc_jobs_enqueue_triggered, reason = the verdict's
 * reasons). Writes DIR/result.json {monitor, retrain, enqueued, reason,
 * trigger}. Returns 0, LC_TRAIN_SKIPPED or an exit code. */
int lc_train_monitor(const char *dir, const char *db, const char *store, const char *key,
                     int64_t job_id, json_t *spec, json_t *settings,
                     const struct lc_active *active, char *why, size_t cap);

/* The usage lines of --run-dir and --db, shared by the commands. */
#define LC_LOCATION_USAGE \
    "  --run-dir DIR   run folder: registry.db (SQLite) and models/ [.]\n" \
    "  --db URL        database: postgresql://user@host:port/db, sqlite:PATH or a\n" \
    "                  path [$BOTCOPIER_DB, else RUN_DIR/registry.db]\n"

#endif
