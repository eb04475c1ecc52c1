/*
 * cli_lifecycle.h - what the lifecycle commands share (daemon, train-job,
 * status, metrics, models, retrain, export of the active model): the
 * daemon's settings with their defaults, and where the registry is.
 */
#ifndef BC_TOOLS_CLI_LIFECYCLE_H
#define BC_TOOLS_CLI_LIFECYCLE_H

#include "botcopier.h"

#include <stddef.h>

/* One setting: the seed's variable name, its default (text), the range of
 * a number (lo > hi: text) and what it does. */
struct lc_setting {
    const char *name, *dflt;
    double lo, hi;
    const char *help;
};
#define LC_SETTINGS 20
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
    LC_STARTING_DEADLINE
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

/* The usage lines of --run-dir and --db, shared by the commands. */
#define LC_LOCATION_USAGE \
    "  --run-dir DIR   run folder: registry.db (SQLite) and models/ [.]\n" \
    "  --db URL        database: postgresql://user@host:port/db, sqlite:PATH or a\n" \
    "                  path [$BOTCOPIER_DB, else RUN_DIR/registry.db]\n"

#endif
