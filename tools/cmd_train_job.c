/* cmd_train_job.c - `botcopier train-job --job DIR/job.json`: one attempt of
 * one training job, as the daemon runs it in a child process (so a crash or
 * a hang stays in the child). Trains a candidate (the built-in cloner, the
 * job's own trainer command, or for kinds online/active/replay an update of
 * the active version: train_job_kinds.c), adds it to the registry as a
 * staged version, scores it against the active version on the held-out
 * window (the validation gate) and writes DIR/result.json; a monitor job
 * checks the active version instead (train_job_kinds.c). Publishing (and
 * activating) is the daemon's: one transaction with the job's completion.
 * Exit codes: 0 candidate staged (or monitored), 3 skipped (too few data
 * points, nothing new to learn), 1 failure. */
#include "tools/cli.h"
#include "tools/cli_lifecycle.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { TRAIN_EXIT_SKIPPED = LC_TRAIN_SKIPPED };

static const char train_job_usage[] =
    "usage: botcopier train-job --job DIR/job.json\n"
    "  Runs one attempt of a training job as `botcopier daemon` prepares it: job.json\n"
    "  holds {job: the job row with its spec, settings, db, store}; writes the model,\n"
    "  report.json and result.json ({version, passed, candidate_score, active_score,\n"
    "  data_from, data_to}, {monitor, retrain, enqueued, reason, trigger} for a monitor\n"
    "  job, or {skipped}) into DIR. Kinds scheduled and retrain refit on the latest\n"
    "  TRAINING_BATCH_SIZE bars, full on all; online, active and replay update the\n"
    "  active version (see botcopier daemon --help). Exit 0 staged (or monitored),\n"
    "  3 skipped, 1 failed.\n";

struct train_args {
    const char *job;
};

static int train_option(void *ctx, const char *name, const char *value)
{
    (void)name;
    ((struct train_args *)ctx)->job = value;
    return 0;
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static double jnum(json_t *o, const char *key, double dflt)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : dflt;
}

static int write_result(const char *dir, json_t *result)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/result.json", dir);
    int rc = json_dump_file(result, path, JSON_INDENT(1));
    json_decref(result);
    if (rc != 0) {
        fprintf(stderr, "botcopier train-job: cannot write %s\n", path);
        return CLI_EXIT_FAILURE;
    }
    return 0;
}

/* Ends the attempt as skipped (not retried), saying why. */
static int skip_job(const char *dir, const char *key, const char *why)
{
    json_t *r = json_object();
    json_object_set_new(r, "skipped", json_string(why));
    fprintf(stderr, "botcopier train-job: %s: %s\n", key, why);
    return write_result(dir, r) == 0 ? TRAIN_EXIT_SKIPPED : CLI_EXIT_FAILURE;
}

/* The latest n bars of all (a full copy when n covers them). */
static int32_t latest_bars(const bc_bars *all, int32_t n, bc_bars **out)
{
    int32_t len = bc_bars_length(all), start = n > 0 && n < len ? len - n : 0;
    return bc_bars_from_arrays(len - start, bc_bars_time(all) + start,
                               bc_bars_column(all, BC_BAR_OPEN) + start,
                               bc_bars_column(all, BC_BAR_HIGH) + start,
                               bc_bars_column(all, BC_BAR_LOW) + start,
                               bc_bars_column(all, BC_BAR_CLOSE) + start,
                               bc_bars_column(all, BC_BAR_VOLUME) + start, out);
}

/* The events at or after `from` (an event before the first bar is an
 * error for the cloner). */
static int32_t trades_since(const bc_trades *all, int64_t from, bc_trades **out)
{
    int32_t rc = bc_trades_create(out);
    for (int32_t i = 0; rc == BC_OK && i < bc_trades_count(all); i++) {
        bc_trade_event e;
        memset(&e, 0, sizeof e);
        e.struct_size = sizeof e;
        if ((rc = bc_trades_get(all, i, &e)) == BC_OK && e.time >= from)
            rc = bc_trades_append(*out, &e);
    }
    return rc;
}

/* The bars of all before time t (the first ones); *out NULL when none. */
static int32_t bars_before(const bc_bars *all, int64_t t, bc_bars **out)
{
    const int64_t *time = bc_bars_time(all);
    int32_t n = 0, len = bc_bars_length(all);
    while (n < len && time[n] < t)
        n++;
    *out = NULL;
    if (n == 0)
        return BC_OK;
    return bc_bars_from_arrays(n, time, bc_bars_column(all, BC_BAR_OPEN),
                               bc_bars_column(all, BC_BAR_HIGH), bc_bars_column(all, BC_BAR_LOW),
                               bc_bars_column(all, BC_BAR_CLOSE),
                               bc_bars_column(all, BC_BAR_VOLUME), out);
}

/* The events before time t. */
static int32_t trades_before(const bc_trades *all, int64_t t, bc_trades **out)
{
    int32_t rc = bc_trades_create(out);
    for (int32_t i = 0; rc == BC_OK && i < bc_trades_count(all); i++) {
        bc_trade_event e;
        memset(&e, 0, sizeof e);
        e.struct_size = sizeof e;
        if ((rc = bc_trades_get(all, i, &e)) == BC_OK && e.time < t)
            rc = bc_trades_append(*out, &e);
    }
    return rc;
}

/* Runs the job's own trainer: /bin/sh -c COMMAND in DIR's parent folder
 * with BOTCOPIER_JOB_DIR, BOTCOPIER_JOB_KIND, BOTCOPIER_SYMBOL,
 * BOTCOPIER_JOB_SPEC and (with the spec's bars) BOTCOPIER_GATE_FROM (the
 * first bar time of the gate window, which it must not train on) set; it
 * must write DIR/model.bcm. */
static int run_trainer(const char *command, const char *dir, const char *kind, json_t *spec,
                       int64_t gate_from)
{
    char spec_path[4200];
    snprintf(spec_path, sizeof spec_path, "%s/spec.json", dir);
    json_dump_file(spec, spec_path, JSON_INDENT(1));
    setenv("BOTCOPIER_JOB_DIR", dir, 1);
    setenv("BOTCOPIER_JOB_KIND", kind, 1);
    setenv("BOTCOPIER_JOB_SPEC", spec_path, 1);
    setenv("BOTCOPIER_SYMBOL", jstr(spec, "symbol") ? jstr(spec, "symbol") : "", 1);
    char gf[24];
    snprintf(gf, sizeof gf, "%lld", (long long)gate_from);
    if (gate_from > 0)
        setenv("BOTCOPIER_GATE_FROM", gf, 1);
    else
        unsetenv("BOTCOPIER_GATE_FROM");
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "botcopier train-job: fork: %s\n", strerror(errno));
        return CLI_EXIT_FAILURE;
    }
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* dies with this attempt */
        execl("/bin/sh", "sh", "-c", command, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "botcopier train-job: trainer '%s' was killed by signal %d (%s)\n",
                command, WTERMSIG(status), strsignal(WTERMSIG(status)));
        return CLI_EXIT_FAILURE;
    }
    if (WEXITSTATUS(status) == TRAIN_EXIT_SKIPPED)
        return TRAIN_EXIT_SKIPPED;
    if (WEXITSTATUS(status) != 0) {
        fprintf(stderr, "botcopier train-job: trainer '%s' exited with status %d\n", command,
                WEXITSTATUS(status));
        return CLI_EXIT_FAILURE;
    }
    return 0;
}

static int clone_model(const char *dir, json_t *spec, const char *kind, json_t *settings,
                       const bc_bars *bars, const bc_trades *trades, json_t *metrics)
{
    bc_cloner *cloner = NULL;
    int32_t rc = bc_cloner_create(&cloner);
    const char *model = jstr(spec, "model");
    char holdout[40];
    snprintf(holdout, sizeof holdout, "%.17g", jnum(settings, "GATE_WINDOW", 0.3));
    if (rc == BC_OK && model)
        rc = bc_cloner_set(cloner, "model", model);
    if (rc == BC_OK)
        rc = bc_cloner_set(cloner, "holdout", holdout);
    json_t *opts = json_object_get(spec, "options");
    const char *key;
    json_t *val;
    json_object_foreach(opts, key, val) {
        char buf[512];
        if (rc != BC_OK)
            break;
        if (json_is_string(val))
            snprintf(buf, sizeof buf, "%s", json_string_value(val));
        else if (json_is_integer(val))
            snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(val));
        else
            snprintf(buf, sizeof buf, "%.17g", json_number_value(val));
        rc = bc_cloner_set(cloner, key, buf);
    }
    bc_model *m = NULL;
    if (rc == BC_OK)
        rc = bc_cloner_fit(cloner, trades, bars, &m);
    char path[4200];
    snprintf(path, sizeof path, "%s/model.bcm", dir);
    if (rc == BC_OK)
        rc = bc_model_save(m, path);
    bc_model_free(m);
    if (rc == BC_OK) {
        snprintf(path, sizeof path, "%s/report.json", dir);
        rc = bc_cloner_write_report(cloner, path);
    }
    if (rc == BC_OK) {
        json_t *report = json_load_file(path, 0, NULL);
        json_t *h = json_object_get(report, "holdout"), *f = json_object_get(report, "fidelity");
        static const char *const hk[] = {"accuracy", "macro_f1", "roc_auc", "brier"};
        for (size_t i = 0; i < 4; i++)
            if (json_is_number(json_object_get(h, hk[i])))
                json_object_set(metrics, hk[i], json_object_get(h, hk[i]));
        if (json_is_number(json_object_get(f, "f1")))
            json_object_set(metrics, "holdout_fidelity_f1", json_object_get(f, "f1"));
        /* The cloner's held-out tail: the gate window must lie inside it. */
        if (json_is_integer(json_object_get(report, "holdout_start")))
            json_object_set(metrics, "holdout_from", json_object_get(report, "holdout_start"));
        json_decref(report);
    }
    int status = rc == BC_OK ? 0 : cli_fail("train-job", kind, rc);
    bc_cloner_free(cloner);
    return status;
}

/* Opens the registry, adds the model as a staged version, runs the gate,
 * records the metrics and writes result.json. */
static int32_t publish(const char *db, const char *store, const char *key, const char *dir,
                       json_t *settings, const char *gate_metric, json_t *metrics, int64_t from,
                       int64_t to, int64_t job_id, const bc_bars *bars, const bc_trades *trades,
                       int64_t gate_from, int64_t gate_to, int64_t parent_from,
                       bc_registry **regp, int64_t *versionp)
{
    int32_t rc = bc_registry_open(db, store, regp);
    bc_registry *reg = *regp;
    int64_t version = 0;
    char margin[40];
    snprintf(margin, sizeof margin, "%.17g", jnum(settings, "GATE_MARGIN", 0));
    if (rc == BC_OK && gate_metric)
        rc = bc_registry_set(reg, "gate_metric", gate_metric);
    if (rc == BC_OK)
        rc = bc_registry_set(reg, "gate_margin", margin);
    if (rc == BC_OK)
        rc = bc_registry_set(reg, "gate_accept_ties",
                             jstr(settings, "GATE_ACCEPT_TIES") &&
                                     strcmp(jstr(settings, "GATE_ACCEPT_TIES"), "true") == 0
                                 ? "1"
                                 : "0");
    /* The parent: the version an update started from, else the version
     * active when this attempt publishes. */
    int64_t parent = parent_from;
    if (rc == BC_OK && parent == 0) {
        char buf[1 << 16];
        int32_t len = 0;
        int32_t q = bc_registry_json(reg, "active", key, time(NULL), buf, sizeof buf, &len);
        if (q == BC_OK) {
            json_t *act = json_loads(buf, 0, NULL);
            parent = (int64_t)jnum(act, "version", 0);
            json_decref(act);
        } else if (q != BC_E_NOT_FOUND) {
            rc = q;
        }
    }
    char model_path[4200];
    snprintf(model_path, sizeof model_path, "%s/model.bcm", dir);
    char *mtext = json_dumps(metrics, JSON_COMPACT);
    if (rc == BC_OK)
        rc = bc_registry_add(reg, key, model_path, mtext, from, to, parent, job_id, time(NULL),
                             1, &version);
    free(mtext);
    double cs = NAN, as = NAN;
    int32_t passed = 0;
    if (rc == BC_OK)
        rc = bc_registry_gate(reg, version, bars, trades, gate_from, gate_to, &cs, &as,
                              &passed);
    int64_t now = time(NULL);
    const char *mk;
    json_t *mv;
    json_object_foreach(metrics, mk, mv)
        if (rc == BC_OK && json_is_number(mv))
            rc = bc_registry_metric_add(reg, job_id, key, version, mk, json_number_value(mv),
                                        now);
    if (rc == BC_OK)
        rc = bc_registry_metric_add(reg, job_id, key, version, "gate_candidate_score", cs, now);
    if (rc == BC_OK && !isnan(as))
        rc = bc_registry_metric_add(reg, job_id, key, version, "gate_active_score", as, now);
    if (rc != BC_OK)
        return rc;
    json_t *r = json_object();
    json_object_set_new(r, "version", json_integer(version));
    json_object_set_new(r, "passed", json_integer(passed));
    json_object_set_new(r, "candidate_score", isnan(cs) ? json_null() : json_real(cs));
    json_object_set_new(r, "active_score", isnan(as) ? json_null() : json_real(as));
    json_object_set_new(r, "data_from", json_integer(from));
    json_object_set_new(r, "data_to", json_integer(to));
    fprintf(stderr, "botcopier train-job: %s: version %lld staged, %s %.4f vs active %.4f: "
            "%s\n", key, (long long)version, gate_metric ? gate_metric : "fidelity_f1", cs, as,
            passed ? "passes the gate" : "does not pass");
    /* Without result.json the daemon records "wrote no version". */
    if (write_result(dir, r) == 0)
        *versionp = version;
    return BC_OK;
}

int cli_train_job(int argc, char **argv)
{
    static const cli_option options[] = {{"job", 1}, {NULL, 0}};
    struct train_args a = {0};
    int parsed = cli_parse_options("train-job", argc, argv, options, train_job_usage,
                                   train_option, &a);
    if (parsed != 0)
        return parsed < 0 ? CLI_EXIT_OK : parsed;
    if (!a.job) {
        fprintf(stderr, "botcopier train-job: --job is required\n%s", train_job_usage);
        return CLI_EXIT_USAGE;
    }
    cli_progress_for("train-job", 0);
    json_error_t jerr;
    json_t *root = json_load_file(a.job, 0, &jerr);
    json_t *job = json_object_get(root, "job"), *settings = json_object_get(root, "settings");
    json_t *spec = json_object_get(job, "spec");
    const char *db = jstr(root, "db"), *store = jstr(root, "store"), *kind = jstr(job, "kind");
    const char *key = jstr(job, "job_key");
    if (!root || !json_is_object(spec) || !db || !store || !kind || !key) {
        fprintf(stderr, "botcopier train-job: %s: %s\n", a.job,
                root ? "needs job.spec, job.kind, job.job_key, db and store" : jerr.text);
        json_decref(root);
        return CLI_EXIT_USAGE;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", a.job);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int64_t job_id = (int64_t)jnum(job, "id", 0);
    int full = strcmp(kind, "full") == 0, monitor = strcmp(kind, "monitor") == 0;
    int update = strcmp(kind, "online") == 0 || strcmp(kind, "active") == 0 ||
                 strcmp(kind, "replay") == 0;
    struct lc_active active;
    memset(&active, 0, sizeof active);
    char why[1024] = "";
    if (update || monitor) {
        int st = lc_read_active(db, store, key, &active, why, sizeof why);
        if (st == 0 && monitor)
            st = lc_train_monitor(dir, db, store, key, job_id, spec, settings, &active, why,
                                  sizeof why);
        if (st == TRAIN_EXIT_SKIPPED)
            st = skip_job(dir, key, why);
        if (st != 0 || monitor) {
            json_decref(root);
            return st;
        }
    }
    const char *trades_path = jstr(spec, "trades"), *bars_path = jstr(spec, "bars");
    const char *trainer = jstr(spec, "trainer");
    const char *gate_metric = jstr(settings, "GATE_METRIC");
    int fidelity = !gate_metric || strcmp(gate_metric, "fidelity_f1") == 0;
    int status = 0;
    bc_bars *all = NULL, *bars = NULL;
    bc_trades *all_trades = NULL, *trades = NULL;
    json_t *metrics = json_object();
    int64_t from = 0, to = 0, gate_from = 0, gate_to = 0;
    if (bars_path && trades_path) {
        if ((status = cli_read_bars("train-job", bars_path, dir, &all)) == 0 &&
            (status = cli_read_trades("train-job", trades_path, dir, &all_trades)) == 0) {
            int32_t batch = full ? 0 : (int32_t)jnum(settings, "TRAINING_BATCH_SIZE", 1000);
            int32_t rc = latest_bars(all, batch, &bars);
            if (rc == BC_OK)
                rc = trades_since(all_trades, bc_bars_time(bars)[0], &trades);
            if (rc != BC_OK)
                status = cli_fail("train-job", bars_path, rc);
        }
        if (status == 0) {
            int32_t n = bc_bars_length(bars);
            double min_points = jnum(settings, "MIN_TRAINING_DATA_POINTS", 100);
            json_object_set_new(metrics, "data_points", json_integer(n));
            if (n < min_points) {
                snprintf(why, sizeof why, "%d data points, fewer than MIN_TRAINING_DATA_POINTS "
                         "= %g", (int)n, min_points);
                status = skip_job(dir, key, why);
            } else {
                /* The gate window: the batch's newest GATE_WINDOW, never
                 * trained on (the built-in cloner's held-out tail may be
                 * shorter: then the window is that tail, below). The
                 * version's data range is what comes before it. */
                const int64_t *t = bc_bars_time(bars);
                int32_t held = (int32_t)ceil(n * jnum(settings, "GATE_WINDOW", 0.3));
                if (held < 1)
                    held = 1;
                if (held >= n) {
                    snprintf(why, sizeof why, "%d data points leave none before the gate "
                             "window of %d bars", (int)n, (int)held);
                    status = skip_job(dir, key, why);
                } else {
                    from = t[0];
                    to = t[n - held - 1];
                    gate_from = t[n - held];
                    gate_to = t[n - 1];
                    json_object_set_new(metrics, "gate_window_from", json_integer(gate_from));
                }
            }
        }
    } else if (update) {
        fprintf(stderr, "botcopier train-job: %s: a %s job needs the spec's trades and bars\n",
                key, kind);
        status = CLI_EXIT_USAGE;
    } else if (!trainer) {
        fprintf(stderr, "botcopier train-job: %s: the spec needs trades and bars (or a "
                "trainer)\n", key);
        status = CLI_EXIT_USAGE;
    } else if (fidelity) {
        fprintf(stderr, "botcopier train-job: %s: GATE_METRIC fidelity_f1 needs the spec's "
                "trades and bars\n", key);
        status = CLI_EXIT_USAGE;
    }
    if (status == 0 && update) {
        /* From the active version, on every bar before the gate window
         * (the features warm up on the bars before the new events); the
         * window itself is never learned, only gated on. */
        bc_bars *head = NULL;
        bc_trades *head_trades = NULL;
        int32_t rc = bars_before(all, gate_from, &head);
        if (rc == BC_OK)
            rc = trades_before(all_trades, gate_from, &head_trades);
        if (rc != BC_OK) {
            status = cli_fail("train-job", bars_path, rc);
        } else if (!head) {
            snprintf(why, sizeof why, "no bar before the gate window (from %lld)",
                     (long long)gate_from);
            status = TRAIN_EXIT_SKIPPED;
        } else {
            status = lc_train_update(dir, kind, spec, settings, &active, head, head_trades,
                                     gate_from, metrics, &from, &to, why, sizeof why);
        }
        bc_bars_free(head);
        bc_trades_free(head_trades);
        if (status == TRAIN_EXIT_SKIPPED)
            status = skip_job(dir, key, why);
    } else if (status == 0) {
        status = trainer ? run_trainer(trainer, dir, kind, spec, gate_from)
                         : clone_model(dir, spec, kind, settings, bars, trades, metrics);
        /* The cloner holds out lround((n - lookback) * GATE_WINDOW) bars
         * (and calibrates on the ones before): when its held-out tail
         * starts later, the gate window is that tail, and the version's
         * data range ends on the bar before it. */
        json_t *hf = json_object_get(metrics, "holdout_from");
        if (status == 0 && !trainer && json_is_integer(hf) && json_integer_value(hf) > gate_from) {
            const int64_t *t = bc_bars_time(bars);
            int32_t k = bc_bars_length(bars);
            gate_from = json_integer_value(hf);
            while (k > 0 && t[k - 1] >= gate_from)
                k--;
            to = k > 0 ? t[k - 1] : from;
            json_object_set_new(metrics, "gate_window_from", json_integer(gate_from));
        }
        char extra[4200];
        snprintf(extra, sizeof extra, "%s/metrics.json", dir);
        json_t *more = trainer && status == 0 ? json_load_file(extra, 0, NULL) : NULL;
        if (json_is_object(more))
            json_object_update(metrics, more);
        json_decref(more);
    }
    bc_registry *reg = NULL;
    int64_t version = 0;
    /* A database restart (BC_E_IO) is waited out: up to 60 tries a second
     * apart; a half-done add is undone by itself or by cleanup. */
    for (int tries = 0; status == 0 && tries < 60; tries++) {
        int32_t rc = publish(db, store, key, dir, settings, gate_metric, metrics, from, to,
                             job_id, bars, trades, gate_from, gate_to, active.version, &reg,
                             &version);
        if (rc == BC_OK)
            break;
        if (rc != BC_E_IO || tries == 59) {
            status = cli_fail("train-job", key, rc);
            break;
        }
        fprintf(stderr, "botcopier train-job: %s: database unavailable, retrying: %s\n", key,
                bc_last_error());
        bc_registry_free(reg);
        reg = NULL;
        sleep(1);
    }
    bc_registry_free(reg);
    json_decref(metrics);
    bc_bars_free(all);
    bc_bars_free(bars);
    bc_trades_free(all_trades);
    bc_trades_free(trades);
    json_decref(root);
    return status;
}
