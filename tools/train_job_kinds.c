/* train_job_kinds.c - the train-job kinds that start from the active
 * version instead of a refit: "online" (rows of the trade-log events after
 * its last_event_id, time-decay weights), "active" (labelled uncertain
 * decisions as extra weighted rows), "replay" (the bars whose decision
 * diverged, with their weight) - each a few bc_model_update steps on a
 * copy (for a trees model, bc_model_boost's added boosting rounds), saved
 * as the candidate the gate then judges - and "monitor"
 * (bc_monitor_check of the active version; a retrain verdict queues one
 * job through bc_jobs_enqueue_triggered). The rows and the step are the
 * library's (bc_model_event_rows, bc_model_update); this file picks the
 * rows and weights of each kind. */
#include "tools/cli.h"
#include "tools/cli_lifecycle.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* The model's info JSON (bc_model_info_json), NULL when unavailable. */
static json_t *model_info(const bc_model *m)
{
    int32_t len = 0;
    if (bc_model_info_json(m, NULL, 0, &len) != BC_E_BUFFER_TOO_SMALL && len <= 0)
        return NULL;
    char *text = malloc((size_t)len + 1);
    json_t *info = text && bc_model_info_json(m, text, len + 1, &len) == BC_OK
                       ? json_loads(text, 0, NULL)
                       : NULL;
    free(text);
    return info;
}

static int model_is_trees(const bc_model *m)
{
    json_t *info = model_info(m);
    const char *kind = jstr(info, "model_type");
    int trees = kind && strcmp(kind, "trees") == 0;
    json_decref(info);
    return trees;
}

int lc_read_active(const char *db, const char *store, const char *key, struct lc_active *out,
                   char *why, size_t cap)
{
    memset(out, 0, sizeof *out);
    out->last_event_id = -1;
    bc_registry *reg = NULL;
    int32_t rc = bc_registry_open(db, store, &reg);
    char buf[1 << 16];
    int32_t len = 0;
    if (rc == BC_OK)
        rc = bc_registry_json(reg, "active", key, 0, buf, sizeof buf, &len);
    bc_registry_free(reg);
    if (rc == BC_E_NOT_FOUND) {
        snprintf(why, cap, "%s has no active version to start from (a full or scheduled "
                 "retrain makes one)", key);
        return LC_TRAIN_SKIPPED;
    }
    if (rc != BC_OK)
        return cli_fail("train-job", key, rc);
    json_t *act = json_loads(buf, 0, NULL);
    out->version = (int64_t)jnum(act, "version", 0);
    json_t *last = json_object_get(act, "last_event_id");
    if (json_is_integer(last))
        out->last_event_id = (int64_t)json_integer_value(last);
    snprintf(out->file, sizeof out->file, "%s", jstr(act, "file") ? jstr(act, "file") : "");
    json_decref(act);
    return 0;
}

/* Growable training rows. */
struct rows {
    double *x, *w;
    int32_t *y;
    int32_t n, cap, width;
};

static int rows_reserve(struct rows *r, int32_t more)
{
    if (r->n + more <= r->cap)
        return 0;
    int32_t cap = r->cap ? r->cap : 64;
    while (cap < r->n + more)
        cap *= 2;
    double *x = realloc(r->x, sizeof *x * (size_t)cap * (size_t)r->width);
    if (x)
        r->x = x;
    double *w = realloc(r->w, sizeof *w * (size_t)cap);
    if (w)
        r->w = w;
    int32_t *y = realloc(r->y, sizeof *y * (size_t)cap);
    if (y)
        r->y = y;
    if (!x || !w || !y)
        return -1;
    r->cap = cap;
    return 0;
}

/* Appends the rows of the events after `after` (none is not a failure:
 * *got = 0). The time-decay weights are bc_model_event_rows'. Keeps the
 * times of the rows in *times when wanted (the caller frees). */
static int32_t event_rows(const bc_model *m, const bc_bars *bars, const bc_trades *trades,
                          int64_t after, double half_life, struct rows *r, int64_t **times,
                          int32_t *got, int64_t *last_event_id)
{
    int32_t n = 0;
    *got = 0;
    int32_t rc = bc_model_event_rows(m, bars, trades, after, half_life, NULL, NULL, NULL, NULL,
                                     0, &n, last_event_id);
    if (rc == BC_E_NO_DATA)
        return BC_OK;
    if (rc != BC_OK)
        return rc;
    if (rows_reserve(r, n) != 0)
        return BC_E_OUT_OF_MEMORY;
    int64_t *t = times ? malloc(sizeof *t * (size_t)n) : NULL;
    if (times && !t)
        return BC_E_OUT_OF_MEMORY;
    rc = bc_model_event_rows(m, bars, trades, after, half_life,
                             r->x + (int64_t)r->n * r->width, r->y + r->n, r->w + r->n, t, n, &n,
                             last_event_id);
    if (rc != BC_OK) {
        free(t);
        return rc;
    }
    r->n += n;
    *got = n;
    if (times)
        *times = t;
    return BC_OK;
}

/* Labelled uncertain decisions (their logged features, label 0..3) as rows
 * of weight `weight`. */
static int uncertain_rows(const char *path, int32_t width, double weight, int64_t before,
                          struct rows *r, int32_t *got, int32_t *held_back, int64_t *t_min,
                          int64_t *t_max)
{
    bc_decisions *dec = NULL;
    bc_rejects *rej = NULL;
    *got = 0;
    int32_t rc = bc_decisions_read_csv(path, &dec, &rej);
    if (rc == BC_OK && bc_rejects_total(rej) > 0)
        fprintf(stderr, "botcopier train-job: %s: %lld rows rejected and skipped\n", path,
                (long long)bc_rejects_total(rej));
    bc_rejects_free(rej);
    if (rc != BC_OK)
        return cli_fail("train-job", path, rc);
    int status = 0;
    for (int32_t i = 0; i < bc_decisions_count(dec) && status == 0; i++) {
        bc_decision_row row;
        memset(&row, 0, sizeof row);
        row.struct_size = (uint32_t)sizeof row;
        bc_decisions_get(dec, i, &row);
        if (!row.has_label)
            continue;
        if (row.timestamp >= before) {
            (*held_back)++; /* inside the gate window: never learned */
            continue;
        }
        if (!(row.label >= 0 && row.label <= 3 && row.label == floor(row.label))) {
            fprintf(stderr, "botcopier train-job: %s row %d: label %g is not 0..3 (none, open "
                    "long, open short, close)\n", path, (int)i + 1, row.label);
            status = CLI_EXIT_FAILURE;
            break;
        }
        if (rows_reserve(r, 1) != 0) {
            status = cli_fail("train-job", path, BC_E_OUT_OF_MEMORY);
            break;
        }
        int32_t nf = 0;
        rc = bc_decisions_features(dec, i, r->x + (int64_t)r->n * width, width, &nf);
        if (rc != BC_OK || nf != width) {
            fprintf(stderr, "botcopier train-job: %s row %d: %d features, the active model "
                    "takes %d\n", path, (int)i + 1, (int)nf, (int)width);
            status = CLI_EXIT_FAILURE;
            break;
        }
        r->y[r->n] = (int32_t)row.label;
        r->w[r->n] = weight;
        r->n++;
        (*got)++;
        if (row.timestamp < *t_min)
            *t_min = row.timestamp;
        if (row.timestamp > *t_max)
            *t_max = row.timestamp;
    }
    bc_decisions_free(dec);
    return status;
}

/* The bars whose decision diverged (decision_id = the bar's time), their
 * label from the bot's log, weight REPLAY_WEIGHT x the divergence's. */
static int replay_rows(const char *path, const bc_model *m, const bc_bars *bars,
                       const bc_trades *trades, double replay_weight, struct rows *r,
                       int32_t *got, int64_t *t_min, int64_t *t_max)
{
    bc_divergences *div = NULL;
    *got = 0;
    int32_t rc = bc_divergences_read_csv(path, &div, NULL);
    if (rc != BC_OK)
        return cli_fail("train-job", path, rc);
    struct rows all = {.width = r->width};
    int64_t *times = NULL;
    int32_t n_all = 0;
    rc = event_rows(m, bars, trades, INT64_MIN, 0.0, &all, &times, &n_all, NULL);
    int status = rc == BC_OK ? 0 : cli_fail("train-job", "replay rows", rc);
    for (int32_t k = 0; status == 0 && k < bc_divergences_count(div); k++) {
        bc_divergence d;
        memset(&d, 0, sizeof d);
        d.struct_size = (uint32_t)sizeof d;
        bc_divergences_get(div, k, &d);
        /* times are increasing: binary search for the bar. */
        int32_t lo = 0, hi = n_all - 1, at = -1;
        while (lo <= hi) {
            int32_t mid = lo + (hi - lo) / 2;
            if (times[mid] == d.decision_id) {
                at = mid;
                break;
            }
            if (times[mid] < d.decision_id)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        if (at < 0)
            continue; /* a decision outside these bars */
        if (rows_reserve(r, 1) != 0) {
            status = cli_fail("train-job", path, BC_E_OUT_OF_MEMORY);
            break;
        }
        memcpy(r->x + (int64_t)r->n * r->width, all.x + (int64_t)at * r->width,
               sizeof *r->x * (size_t)r->width);
        r->y[r->n] = all.y[at];
        r->w[r->n] = replay_weight * (isfinite(d.weight) && d.weight > 0 ? d.weight : 1.0);
        r->n++;
        (*got)++;
        if (times[at] < *t_min)
            *t_min = times[at];
        if (times[at] > *t_max)
            *t_max = times[at];
    }
    fprintf(stderr, "botcopier train-job: %d of %d divergences matched a bar before the gate "
            "window\n", (int)*got, (int)bc_divergences_count(div));
    free(times);
    free(all.x);
    free(all.y);
    free(all.w);
    bc_divergences_free(div);
    return status;
}

int lc_train_update(const char *dir, const char *kind, json_t *spec, json_t *settings,
                    const struct lc_active *active, const bc_bars *bars,
                    const bc_trades *trades, int64_t gate_from, json_t *metrics,
                    int64_t *rows_from, int64_t *rows_to, char *why, size_t cap)
{
    bc_model *m = NULL;
    int32_t rc = bc_model_load(active->file, &m);
    if (rc != BC_OK)
        return cli_fail("train-job", active->file, rc);
    /* The row's bookmark wins; a version added before schema 2 has none. */
    int64_t after = active->last_event_id >= 0 ? active->last_event_id
                                                : bc_model_last_event_id(m);
    struct rows r = {.width = bc_model_num_features(m)};
    int32_t n_events = 0, n_extra = 0, held_back = 0;
    int64_t last_id = -1, t_min = INT64_MAX, t_max = INT64_MIN, *times = NULL;
    int status = 0;
    rc = event_rows(m, bars, trades, after, jnum(settings, "ONLINE_HALF_LIFE_DAYS", 30), &r,
                    &times, &n_events, &last_id);
    if (rc == BC_OK && n_events > 0) {
        t_min = times[0];
        t_max = times[n_events - 1];
    }
    free(times);
    if (rc == BC_E_UNSUPPORTED) {
        snprintf(why, cap, "the active version %lld cannot be updated online: %s",
                 (long long)active->version, bc_last_error());
        status = LC_TRAIN_SKIPPED;
    } else if (rc != BC_OK) {
        status = cli_fail("train-job", "event rows", rc);
    }
    if (status == 0 && strcmp(kind, "active") == 0) {
        const char *path = jstr(spec, "uncertain");
        if (!path) {
            fprintf(stderr, "botcopier train-job: an active job needs the spec's \"uncertain\" "
                    "(a labelled uncertain_decisions.csv)\n");
            status = CLI_EXIT_USAGE;
        } else {
            status = uncertain_rows(path, r.width, jnum(settings, "UNCERTAIN_WEIGHT", 2),
                                    gate_from, &r, &n_extra, &held_back, &t_min, &t_max);
        }
    } else if (status == 0 && strcmp(kind, "replay") == 0) {
        const char *path = jstr(spec, "divergences");
        if (!path) {
            fprintf(stderr, "botcopier train-job: a replay job needs the spec's \"divergences\" "
                    "(a divergences.csv of botcopier replay)\n");
            status = CLI_EXIT_USAGE;
        } else {
            status = replay_rows(path, m, bars, trades, jnum(settings, "REPLAY_WEIGHT", 1), &r,
                                 &n_extra, &t_min, &t_max);
        }
    }
    if (status == 0 && r.n == 0) {
        if (strcmp(kind, "online") == 0)
            snprintf(why, cap, "no trade-log event after last_event_id %lld before the gate "
                     "window (from %lld; the newest GATE_WINDOW is held out for the gate)",
                     (long long)after, (long long)gate_from);
        else
            snprintf(why, cap, "no %s rows and no trade-log event after last_event_id %lld "
                     "before the gate window (from %lld; the newest GATE_WINDOW is held out "
                     "for the gate)",
                     strcmp(kind, "active") == 0 ? "labelled uncertain" : "diverged-bar",
                     (long long)after, (long long)gate_from);
        status = LC_TRAIN_SKIPPED;
    }
    double rate = jnum(settings, "ONLINE_LEARNING_RATE", 0.05), l2 = jnum(settings, "ONLINE_L2",
                                                                          1e-4);
    int32_t epochs = (int32_t)jnum(settings, "ONLINE_EPOCHS", 20), added = 0;
    int trees = status == 0 && model_is_trees(m);
    if (status == 0 && trees) {
        /* A trees model grows: more boosting rounds on the same rows and
         * weights, from its own raw scores, within ONLINE_MAX_TREES. */
        int32_t max_trees = (int32_t)jnum(settings, "ONLINE_MAX_TREES", 1500);
        rc = bc_model_boost(m, r.x, r.y, r.w, r.n, r.width,
                            (int32_t)jnum(settings, "ONLINE_TREES_ROUNDS", 10), 0,
                            jnum(settings, "ONLINE_TREES_ETA", 0.1), 1.0, max_trees, &added);
        if (rc == BC_E_STATE || rc == BC_E_UNSUPPORTED) {
            snprintf(why, cap, "the active version %lld (trees) cannot be updated online: %s%s",
                     (long long)active->version, bc_last_error(),
                     rc == BC_E_STATE ? " (ONLINE_MAX_TREES reached: a full retrain starts a "
                                        "new ensemble)" : "");
            status = LC_TRAIN_SKIPPED;
        } else if (rc != BC_OK) {
            status = cli_fail("train-job", "online boosting", rc);
        }
    }
    for (int32_t e = 0; status == 0 && !trees && e < epochs; e++) {
        rc = bc_model_update(m, r.x, r.y, r.w, r.n, r.width, rate, l2);
        if (rc != BC_OK)
            status = cli_fail("train-job", "online update", rc);
    }
    if (status == 0 && n_events > 0 && (rc = bc_model_set_last_event_id(m, last_id)) != BC_OK)
        status = cli_fail("train-job", "last_event_id", rc);
    char path[4200];
    snprintf(path, sizeof path, "%s/model.bcm", dir);
    if (status == 0 && (rc = bc_model_save(m, path)) != BC_OK)
        status = cli_fail("train-job", path, rc);
    if (status == 0) {
        json_object_set_new(metrics, "update_rows", json_integer(r.n));
        json_object_set_new(metrics, "event_rows", json_integer(n_events));
        json_object_set_new(metrics, "extra_rows", json_integer(n_extra));
        if (held_back > 0)
            json_object_set_new(metrics, "held_back_rows", json_integer(held_back));
        *rows_from = t_min;
        *rows_to = t_max;
        if (trees)
            json_object_set_new(metrics, "rounds_added", json_integer(added));
        fprintf(stderr, "botcopier train-job: %s update of version %lld: %d event rows, %d %s "
                "rows, %d %s, last_event_id %lld -> %lld\n", kind,
                (long long)active->version, (int)n_events, (int)n_extra,
                strcmp(kind, "replay") == 0 ? "diverged" : "uncertain",
                trees ? (int)added : (int)epochs, trees ? "boosting rounds" : "steps",
                (long long)after, (long long)bc_model_last_event_id(m));
    }
    free(r.x);
    free(r.y);
    free(r.w);
    bc_model_free(m);
    return status;
}

int lc_train_monitor(const char *dir, const char *db, const char *store, const char *key,
                     int64_t job_id, json_t *spec, json_t *settings,
                     const struct lc_active *active, char *why, size_t cap)
{
    const char *bars_path = jstr(spec, "live_bars") ? jstr(spec, "live_bars") : jstr(spec, "bars");
    const char *decisions_path = jstr(spec, "decisions");
    if (!bars_path) {
        fprintf(stderr, "botcopier train-job: %s: a monitor job needs the spec's \"live_bars\" "
                "(or \"bars\")\n", key);
        return CLI_EXIT_USAGE;
    }
    bc_monitor *mon = NULL;
    bc_model *model = NULL;
    bc_bars *bars = NULL;
    bc_rejects *rejects = NULL;
    bc_decisions *decisions = NULL;
    int status = 0;
    int32_t rc = bc_monitor_create(&mon);
    if (rc != BC_OK)
        status = cli_fail("train-job", "monitor", rc);
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(spec, "monitor"), k, v) {
        char text[64];
        if (json_is_string(v))
            snprintf(text, sizeof text, "%s", json_string_value(v));
        else
            snprintf(text, sizeof text, "%.17g", json_number_value(v));
        if (status == 0 && (rc = bc_monitor_set(mon, k, text)) != BC_OK)
            status = cli_fail("train-job", "the spec's monitor settings", rc);
    }
    if (status == 0 && (rc = bc_model_load(active->file, &model)) != BC_OK)
        status = cli_fail("train-job", active->file, rc);
    if (status == 0 && (rc = bc_bars_read_csv(bars_path, &bars, &rejects)) != BC_OK)
        status = cli_fail("train-job", bars_path, rc);
    if (status == 0 && decisions_path &&
        (rc = bc_decisions_read_csv(decisions_path, &decisions, NULL)) != BC_OK)
        status = cli_fail("train-job", decisions_path, rc);
    if (status == 0) {
        rc = bc_monitor_check(mon, model, bars, decisions, bc_rejects_total(rejects));
        if (rc == BC_E_NOT_FOUND || rc == BC_E_STATE) {
            snprintf(why, cap, "cannot monitor version %lld: %s", (long long)active->version,
                     bc_last_error());
            status = LC_TRAIN_SKIPPED;
        } else if (rc != BC_OK) {
            status = cli_fail("train-job", bars_path, rc);
        }
    }
    json_t *report = NULL;
    if (status == 0) {
        int64_t len = 0;
        bc_monitor_report_json(mon, NULL, 0, &len);
        char *text = malloc((size_t)len + 1);
        if (text && bc_monitor_report_json(mon, text, len + 1, &len) == BC_OK)
            report = json_loads(text, 0, NULL);
        free(text);
        if (!report)
            status = cli_fail("train-job", "monitor report", BC_E_OUT_OF_MEMORY);
    }
    int64_t enqueued = 0;
    char reason[4001] = "", trigger[200] = "";
    int retrain = status == 0 && json_is_true(json_object_get(report, "retrain"));
    bc_registry *reg = NULL;
    if (status == 0 && (rc = bc_registry_open(db, store, &reg)) != BC_OK)
        status = cli_fail("train-job", db, rc);
    if (status == 0 && retrain) {
        size_t off = (size_t)snprintf(reason, sizeof reason, "monitor of version %lld:",
                                      (long long)active->version);
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(report, "reasons"), i, item)
            if (off < sizeof reason)
                off += (size_t)snprintf(reason + off, sizeof reason - off, "%s %s",
                                        i ? ";" : "", json_string_value(item));
        /* One verdict = the live data it saw: its newest bar and the
         * decisions' count. The same data never queues a second job. */
        int32_t n = bc_bars_length(bars);
        snprintf(trigger, sizeof trigger, "monitor:%lld:%d",
                 (long long)(n ? bc_bars_time(bars)[n - 1] : 0),
                 (int)bc_decisions_count(decisions));
        const char *retrain_kind = jstr(settings, "MONITOR_RETRAIN_KIND");
        int64_t now = time(NULL);
        rc = bc_jobs_enqueue_triggered(reg, key, retrain_kind ? retrain_kind : "retrain",
                                       trigger, reason, now, now, &enqueued);
        if (rc != BC_OK)
            status = cli_fail("train-job", "queue the retrain", rc);
    }
    if (status == 0) {
        int64_t now = time(NULL);
        bc_registry_metric_add(reg, job_id, key, active->version, "monitor_retrain", retrain, now);
        json_t *r = json_object();
        json_object_set_new(r, "monitor", json_string(json_string_value(
                                              json_object_get(report, "status"))));
        json_object_set_new(r, "retrain", json_boolean(retrain));
        json_object_set_new(r, "enqueued", json_integer(enqueued));
        json_object_set_new(r, "reason", json_string(reason));
        json_object_set_new(r, "trigger", json_string(trigger));
        char path[4200];
        snprintf(path, sizeof path, "%s/result.json", dir);
        if (json_dump_file(r, path, JSON_INDENT(1)) != 0) {
            fprintf(stderr, "botcopier train-job: cannot write %s\n", path);
            status = CLI_EXIT_FAILURE;
        }
        json_decref(r);
        fprintf(stderr, "botcopier train-job: %s: monitor says %s%s%s\n", key,
                json_string_value(json_object_get(report, "status")),
                retrain ? (enqueued ? ": queued a retrain, " : ": a retrain is queued or was "
                                                              "queued for this data already, ")
                        : "",
                reason);
    }
    bc_registry_free(reg);
    json_decref(report);
    bc_decisions_free(decisions);
    bc_rejects_free(rejects);
    bc_bars_free(bars);
    bc_model_free(model);
    bc_monitor_free(mon);
    return status;
}
