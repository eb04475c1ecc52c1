/*
 * monitor_report.c - a model's health in one report: drift of each feature
 * against its training profile, data quality of the bars, change detectors
 * over the decision log, each ending "ok", "warn" or "retrain" by the rules
 * documented at bc_monitor_set. Composes the plain-C checks of this folder;
 * the report is built with jansson (BC_E_UNSUPPORTED without it).
 */
#include "monitor/monitor.h"
#include "model/model.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>

enum { STATUS_OK = 0, STATUS_WARN = 1, STATUS_RETRAIN = 2 };
static const char *const status_names[] = {"ok", "warn", "retrain"};

struct settings {
    double psi_warn, psi_retrain, ks_alpha, ks_min_statistic, missing_warn, missing_retrain;
    double quality_warn, quality_retrain, warmup_bars;
    double ph_delta, ph_threshold, ph_min_samples, cusum_k, cusum_h, cusum_warmup;
    double bar_seconds, mad_window, mad_min, mad_threshold, stale_run, weekend_closed;
};

/* Every numeric setting: its key, where it lives, its range and default
 * (-1 for warmup_bars and bar_seconds: "take the model's"). */
static const struct setting {
    const char *key;
    size_t offset;
    double lo, hi, initial;
} setting_table[] = {
#define S(key, lo, hi, initial) {#key, offsetof(struct settings, key), lo, hi, initial}
    S(psi_warn, 0, 1e6, 0.1),
    S(psi_retrain, 0, 1e6, 0.25),
    S(ks_alpha, 0, 1, 0.01),
    S(ks_min_statistic, 0, 1, 0.1),
    S(missing_warn, 0, 1, 0.05),
    S(missing_retrain, 0, 1, 0.25),
    S(quality_warn, 0, 1, 0.02),
    S(quality_retrain, 0, 1, 0.1),
    S(warmup_bars, 0, 1e9, -1),
    S(ph_delta, 0, 1e12, 0.005),
    S(ph_threshold, 1e-12, 1e12, 10),
    S(ph_min_samples, 1, 1e9, 30),
    S(cusum_k, 0, 1e6, 0.5),
    S(cusum_h, 1e-12, 1e6, 5),
    S(cusum_warmup, 2, 1e9, 30),
    S(bar_seconds, 0, 1e9, -1),
    S(mad_window, 5, 10000, 100),
    S(mad_min, 3, 10000, 20),
    S(mad_threshold, 1e-12, 1e6, 5),
    S(stale_run, 2, 1e6, 5),
    S(weekend_closed, 0, 1, 1),
#undef S
};
#define N_SETTINGS (sizeof setting_table / sizeof setting_table[0])

/* Settings that must be whole numbers. */
static int integer_setting(const char *key)
{
    static const char *const keys[] = {"warmup_bars", "ph_min_samples", "cusum_warmup",
                                       "bar_seconds", "mad_window", "mad_min", "stale_run",
                                       "weekend_closed"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return 1;
    return 0;
}

struct bc_monitor {
    struct settings s;
    int stream_label; /* detector_stream: 0 probability, 1 label */
    bc_profile *profile;
    char *report;
    int retrain;
};

static double *setting_slot(struct settings *s, const struct setting *t)
{
    return (double *)((char *)s + t->offset);
}

BC_API int32_t bc_monitor_create(bc_monitor **out)
{
    if (out)
        *out = NULL;
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_monitor_create: out is NULL");
    bc_monitor *m = calloc(1, sizeof *m);
    if (!m)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_monitor_create");
    for (size_t i = 0; i < N_SETTINGS; i++)
        *setting_slot(&m->s, &setting_table[i]) = setting_table[i].initial;
    *out = m;
    return BC_OK;
}

BC_API void bc_monitor_free(bc_monitor *m)
{
    if (!m)
        return;
    bc_profile_free(m->profile);
    free(m->report);
    free(m);
}

BC_API int32_t bc_monitor_set(bc_monitor *m, const char *key, const char *value)
{
    if (!m || !key || !value)
        return bc_fail_null("bc_monitor_set", "monitor", (const void *)m, "key",
                            (const void *)key, "value", (const void *)value, (const char *)NULL);
    if (strcmp(key, "detector_stream") == 0) {
        if (strcmp(value, "probability") == 0)
            m->stream_label = 0;
        else if (strcmp(value, "label") == 0)
            m->stream_label = 1;
        else
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_monitor_set: detector_stream is '%s', "
                           "expected probability or label", value);
        return BC_OK;
    }
    for (size_t i = 0; i < N_SETTINGS; i++) {
        const struct setting *t = &setting_table[i];
        if (strcmp(key, t->key) != 0)
            continue;
        char *end = NULL;
        double v = strtod(value, &end);
        if (end == value || *end || !(v >= t->lo && v <= t->hi) ||
            (integer_setting(key) && v != floor(v)))
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_monitor_set: %s is '%s', expected %s %g..%g",
                           key, value, integer_setting(key) ? "an integer" : "a number", t->lo,
                           t->hi);
        *setting_slot(&m->s, t) = v;
        return BC_OK;
    }
    return bc_fail(BC_E_UNKNOWN_KEY, "bc_monitor_set: unknown key '%s' (see bc_monitor_set in "
                   "botcopier.h for the list)", key);
}

BC_API int32_t bc_monitor_set_profile(bc_monitor *m, const bc_profile *p)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_monitor_set_profile: monitor is NULL");
    bc_profile *copy = NULL;
    if (p) {
        int32_t rc = bc_profile_alloc(p->n_features, p->bins, p->n_quantiles, &copy);
        if (rc != BC_OK)
            return rc;
        int64_t per = (int64_t)(p->bins - 1) + p->bins + p->n_quantiles;
        memcpy(copy->storage, p->storage, sizeof *p->storage * (size_t)(per * p->n_features));
        for (int32_t j = 0; j < p->n_features; j++) {
            memcpy(copy->features[j].name, p->features[j].name, BC_PROFILE_NAME_MAX);
            copy->features[j].n = p->features[j].n;
            copy->features[j].missing = p->features[j].missing;
        }
    }
    bc_profile_free(m->profile);
    m->profile = copy;
    return BC_OK;
}

/* JSON number, or null for NaN/inf (JSON has no NaN). */
static json_t *number(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static void add_reason(json_t *reasons, const char *fmt, ...) BC_PRINTF(2, 3);
static void add_reason(json_t *reasons, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    json_array_append_new(reasons, json_string(text));
}

/* Drift of every model feature the feature engine computes from bars. */
static int32_t check_drift(const bc_monitor *mon, const bc_model *model, const bc_profile *prof,
                           const bc_bars *bars, json_t *reasons, json_t **out, int *status)
{
    const struct settings *s = &mon->s;
    bc_features *engine = NULL;
    int32_t rc = bc_features_create(model->feature_spec, &engine);
    if (rc != BC_OK)
        return bc_fail_context(rc, "bc_monitor_check: the model's feature spec: ");
    int32_t n = bc_bars_length(bars), C = bc_features_count(engine);
    int64_t warmup = s->warmup_bars >= 0 ? (int64_t)s->warmup_bars : bc_features_lookback(engine);
    if (warmup >= n) {
        bc_features_free(engine);
        return bc_fail(BC_E_NO_DATA, "bc_monitor_check: %d bars, none left after %lld warmup bars",
                       n, (long long)warmup);
    }
    double *x = malloc(sizeof *x * (size_t)n * (size_t)(C > 0 ? C : 1));
    char **names = calloc((size_t)(C > 0 ? C : 1), sizeof *names);
    if (!x || !names)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "bc_monitor_check: %d bars x %d features", n, C);
    if (rc == BC_OK)
        rc = bc_features_compute(engine, bars, x, (int64_t)n * C);
    for (int32_t c = 0; rc == BC_OK && c < C; c++) {
        int32_t len = 0;
        bc_features_name(engine, c, NULL, 0, &len);
        names[c] = malloc((size_t)len + 1);
        rc = names[c] ? bc_features_name(engine, c, names[c], len + 1, &len)
                      : bc_fail(BC_E_OUT_OF_MEMORY, "bc_monitor_check: feature names");
    }
    json_t *features = json_array();
    int worst = STATUS_OK, compared = 0, skipped = 0;
    for (int32_t j = 0; rc == BC_OK && j < model->n_features; j++) {
        const char *name = model->feature_names[j];
        int32_t c = 0;
        while (c < C && strcmp(names[c], name) != 0)
            c++;
        int32_t pj = -1;
        for (int32_t k = 0; k < prof->n_features && pj < 0; k++)
            if (strcmp(prof->features[k].name, name) == 0)
                pj = k;
        if (c == C || pj < 0) {
            skipped++; /* position state and other inputs bars alone do not give */
            continue;
        }
        double r[BC_DRIFT_RESULTS];
        int32_t cr = bc_profile_compare(prof, pj, x + warmup * C + c, n - warmup, C, r,
                                        BC_DRIFT_RESULTS);
        if (cr == BC_E_NO_DATA) {
            bc_clear_error();
            const bc_profile_feature *f = &prof->features[pj];
            r[BC_DRIFT_PSI] = r[BC_DRIFT_KS] = r[BC_DRIFT_KS_P_VALUE] = NAN;
            r[BC_DRIFT_MISSING_TRAINING] = (double)f->missing / (double)(f->n + f->missing);
            r[BC_DRIFT_MISSING_LIVE] = f->n == 0 ? NAN : 1.0;
            r[BC_DRIFT_N_LIVE] = 0;
        } else if (cr != BC_OK) {
            rc = cr;
            break;
        }
        compared++;
        int st = STATUS_OK;
        double psi = r[BC_DRIFT_PSI], ks = r[BC_DRIFT_KS], p = r[BC_DRIFT_KS_P_VALUE];
        double extra_missing = r[BC_DRIFT_MISSING_LIVE] - r[BC_DRIFT_MISSING_TRAINING];
        if (psi >= s->psi_retrain) {
            st = STATUS_RETRAIN;
            add_reason(reasons, "drift: feature %s PSI %.4f >= psi_retrain %g", name, psi,
                       s->psi_retrain);
        } else if (psi >= s->psi_warn) {
            st = STATUS_WARN;
        }
        if (p < s->ks_alpha && ks >= s->ks_min_statistic) {
            if (st < STATUS_RETRAIN)
                add_reason(reasons, "drift: feature %s KS %.4f >= ks_min_statistic %g with "
                           "p-value %.3g < ks_alpha %g", name, ks, s->ks_min_statistic, p,
                           s->ks_alpha);
            st = STATUS_RETRAIN;
        } else if (p < s->ks_alpha && st < STATUS_WARN) {
            st = STATUS_WARN;
        }
        if (extra_missing >= s->missing_retrain) {
            if (st < STATUS_RETRAIN)
                add_reason(reasons, "drift: feature %s missing %.4f live vs %.4f in training "
                           "(+%g or more)", name, r[BC_DRIFT_MISSING_LIVE],
                           r[BC_DRIFT_MISSING_TRAINING], s->missing_retrain);
            st = STATUS_RETRAIN;
        } else if (extra_missing >= s->missing_warn && st < STATUS_WARN) {
            st = STATUS_WARN;
        }
        if (st > worst)
            worst = st;
        json_array_append_new(
            features, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:s}", "name", name, "psi",
                                number(psi), "ks", number(ks), "ks_p_value", number(p),
                                "missing_training", number(r[BC_DRIFT_MISSING_TRAINING]),
                                "missing_live", number(r[BC_DRIFT_MISSING_LIVE]), "n_live",
                                (json_int_t)r[BC_DRIFT_N_LIVE], "status", status_names[st]));
    }
    if (rc == BC_OK)
        *out = json_pack("{s:s, s:I, s:I, s:i, s:i, s:o}", "status", status_names[worst], "rows",
                         (json_int_t)(n - warmup), "warmup_bars", (json_int_t)warmup,
                         "features_compared", compared, "features_skipped", skipped, "features",
                         features);
    else
        json_decref(features);
    *status = worst;
    for (int32_t c = 0; names && c < C; c++)
        free(names[c]);
    free(names);
    free(x);
    bc_features_free(engine);
    return rc;
}

static int32_t check_quality(const bc_monitor *mon, const bc_model *model, const bc_bars *bars,
                             int64_t rejected, json_t *reasons, json_t **out, int *status)
{
    const struct settings *s = &mon->s;
    int64_t bar_seconds = s->bar_seconds >= 0 ? (int64_t)s->bar_seconds : model->market.bar_seconds;
    bc_quality *q = NULL;
    int32_t rc = bc_quality_create(bar_seconds, &q);
    /* mad_window before mad_min: mad_min is checked against the window. */
    static const char *const keys[] = {"mad_window", "mad_min", "mad_threshold", "stale_run",
                                       "weekend_closed"};
    const double values[] = {s->mad_window, s->mad_min, s->mad_threshold, s->stale_run,
                             s->weekend_closed};
    for (int i = 0; rc == BC_OK && i < 5; i++)
        rc = bc_quality_set(q, keys[i], values[i]);
    int32_t n = bc_bars_length(bars);
    const int64_t *t = bc_bars_time(bars);
    const double *o = bc_bars_column(bars, BC_BAR_OPEN), *h = bc_bars_column(bars, BC_BAR_HIGH);
    const double *l = bc_bars_column(bars, BC_BAR_LOW), *c = bc_bars_column(bars, BC_BAR_CLOSE);
    const double *v = bc_bars_column(bars, BC_BAR_VOLUME);
    int64_t flagged = 0;
    for (int32_t i = 0; rc == BC_OK && i < n; i++) {
        int32_t flags = 0;
        rc = bc_quality_update(q, t[i], o[i], h[i], l[i], c[i], v[i], &flags);
        flagged += flags != 0;
    }
    int64_t k[BC_QUALITY_COUNTS];
    if (rc == BC_OK)
        rc = bc_quality_counts(q, k, BC_QUALITY_COUNTS);
    bc_quality_free(q);
    if (rc != BC_OK)
        return rc;
    /* Rows the reader refused count as flagged bars. */
    double total = (double)n + (double)rejected;
    double bad = (double)flagged + (double)rejected;
    double fraction = total > 0 ? bad / total : 0.0;
    int st = fraction >= s->quality_retrain ? STATUS_RETRAIN
             : fraction >= s->quality_warn  ? STATUS_WARN
                                            : STATUS_OK;
    if (st == STATUS_RETRAIN)
        add_reason(reasons, "quality: %.4f of bars flagged >= quality_retrain %g (missing %lld, "
                   "gaps %lld, outliers %lld, stale %lld, rejected rows %lld)", fraction,
                   s->quality_retrain, (long long)k[BC_QUALITY_MISSING_BARS],
                   (long long)k[BC_QUALITY_GAPS], (long long)k[BC_QUALITY_OUTLIERS],
                   (long long)k[BC_QUALITY_STALE_BARS], (long long)rejected);
    json_t *counts = json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "missing",
        (json_int_t)k[BC_QUALITY_MISSING_BARS], "gaps", (json_int_t)k[BC_QUALITY_GAPS],
        "gap_bars", (json_int_t)k[BC_QUALITY_GAP_BARS], "outliers",
        (json_int_t)k[BC_QUALITY_OUTLIERS], "stale_bars", (json_int_t)k[BC_QUALITY_STALE_BARS],
        "stale_runs", (json_int_t)k[BC_QUALITY_STALE_RUNS], "longest_stale_run",
        (json_int_t)k[BC_QUALITY_LONGEST_RUN], "out_of_order",
        (json_int_t)k[BC_QUALITY_OUT_OF_ORDER_BARS], "inconsistent",
        (json_int_t)k[BC_QUALITY_INCONSISTENT_BARS], "weekend_gaps",
        (json_int_t)k[BC_QUALITY_WEEKEND_GAPS], "rejected_rows", (json_int_t)rejected);
    *out = json_pack("{s:s, s:I, s:I, s:f, s:o}", "status", status_names[st], "bar_seconds",
                     (json_int_t)bar_seconds, "bars", (json_int_t)n, "flagged_fraction", fraction,
                     "counts", counts);
    *status = st;
    return BC_OK;
}

static json_t *detector_json(const bc_detector *d, int64_t first_alarm)
{
    double st[BC_DETECTOR_STATES];
    bc_detector_state(d, st, BC_DETECTOR_STATES);
    return json_pack("{s:I, s:I, s:o, s:o}", "alarms", (json_int_t)st[BC_DETECTOR_ALARMS],
                     "first_alarm", (json_int_t)first_alarm, "statistic_up",
                     number(st[BC_DETECTOR_UP]), "statistic_down", number(st[BC_DETECTOR_DOWN]));
}

static int32_t check_detectors(const bc_monitor *mon, const bc_decisions *decisions,
                               json_t *reasons, json_t **out, int *status)
{
    const struct settings *s = &mon->s;
    bc_detector *ph = NULL, *cu = NULL;
    int32_t rc = bc_detector_create(BC_DETECTOR_PAGE_HINKLEY, &ph);
    if (rc == BC_OK)
        rc = bc_detector_create(BC_DETECTOR_CUSUM, &cu);
    if (rc == BC_OK)
        rc = bc_detector_set(ph, "delta", s->ph_delta);
    if (rc == BC_OK)
        rc = bc_detector_set(ph, "threshold", s->ph_threshold);
    if (rc == BC_OK)
        rc = bc_detector_set(ph, "min_samples", s->ph_min_samples);
    if (rc == BC_OK)
        rc = bc_detector_set(cu, "k", s->cusum_k);
    if (rc == BC_OK)
        rc = bc_detector_set(cu, "h", s->cusum_h);
    if (rc == BC_OK)
        rc = bc_detector_set(cu, "warmup", s->cusum_warmup);
    int32_t n = bc_decisions_count(decisions);
    int64_t used = 0, first_ph = 0, first_cu = 0;
    for (int32_t i = 0; rc == BC_OK && i < n; i++) {
        bc_decision_row row = {.struct_size = sizeof row};
        rc = bc_decisions_get(decisions, i, &row);
        if (rc != BC_OK)
            break;
        double x;
        if (mon->stream_label) {
            if (!row.has_label || !isfinite(row.label))
                continue;
            double thr = isfinite(row.threshold) ? row.threshold : 0.5;
            x = (row.probability >= thr) == (row.label > 0.5) ? 1.0 : 0.0;
        } else {
            x = row.probability;
        }
        if (!isfinite(x))
            continue;
        used++;
        int32_t a = 0, b = 0;
        rc = bc_detector_update(ph, x, &a);
        if (rc == BC_OK)
            rc = bc_detector_update(cu, x, &b);
        if (a && !first_ph)
            first_ph = used;
        if (b && !first_cu)
            first_cu = used;
    }
    if (rc == BC_OK) {
        int st = first_ph || first_cu ? STATUS_RETRAIN : STATUS_OK;
        const char *stream = mon->stream_label ? "label" : "probability";
        if (first_ph)
            add_reason(reasons, "detectors: Page-Hinkley alarm on the %s stream at decision %lld",
                       stream, (long long)first_ph);
        if (first_cu)
            add_reason(reasons, "detectors: CUSUM alarm on the %s stream at decision %lld",
                       stream, (long long)first_cu);
        *out = json_pack("{s:s, s:s, s:I, s:o, s:o}", "status", status_names[st], "stream",
                         stream, "n", (json_int_t)used, "page_hinkley",
                         detector_json(ph, first_ph), "cusum", detector_json(cu, first_cu));
        *status = st;
    }
    bc_detector_free(ph);
    bc_detector_free(cu);
    return rc;
}

BC_API int32_t bc_monitor_check(bc_monitor *mon, const bc_model *model, const bc_bars *bars,
                                const bc_decisions *decisions, int64_t rejected_rows)
{
    if (!mon || !model || !bars)
        return bc_fail_null("bc_monitor_check", "monitor", (const void *)mon, "model",
                            (const void *)model, "bars", (const void *)bars, (const char *)NULL);
    if (rejected_rows < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_monitor_check: rejected_rows is %lld, expected "
                       ">= 0", (long long)rejected_rows);
    if (!model->feature_spec || !model->feature_spec[0])
        return bc_fail(BC_E_STATE, "bc_monitor_check: the model has no feature spec, so its "
                       "features cannot be computed from bars");
    if (mon->s.mad_min > mon->s.mad_window)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_monitor_check: mad_min %g exceeds mad_window %g",
                       mon->s.mad_min, mon->s.mad_window);
    bc_profile *owned = NULL;
    const bc_profile *prof = mon->profile;
    int32_t rc = BC_OK;
    if (!prof) {
        rc = bc_model_profile(model, &owned);
        if (rc != BC_OK)
            return bc_fail_context(rc, "bc_monitor_check: ");
        prof = owned;
    }
    json_t *reasons = json_array(), *drift = NULL, *quality = NULL, *detectors = NULL;
    int s_drift = 0, s_quality = 0, s_detectors = 0;
    rc = check_drift(mon, model, prof, bars, reasons, &drift, &s_drift);
    if (rc == BC_OK)
        rc = check_quality(mon, model, bars, rejected_rows, reasons, &quality, &s_quality);
    if (rc == BC_OK && decisions)
        rc = check_detectors(mon, decisions, reasons, &detectors, &s_detectors);
    bc_profile_free(owned);
    if (rc != BC_OK) {
        json_decref(reasons);
        json_decref(drift);
        json_decref(quality);
        json_decref(detectors);
        return rc;
    }
    int worst = s_drift > s_quality ? s_drift : s_quality;
    if (s_detectors > worst)
        worst = s_detectors;
    json_t *settings = json_object();
    for (size_t i = 0; i < N_SETTINGS; i++)
        json_object_set_new(settings, setting_table[i].key,
                            json_real(*setting_slot(&mon->s, &setting_table[i])));
    json_object_set_new(settings, "detector_stream",
                        json_string(mon->stream_label ? "label" : "probability"));
    json_t *root = json_pack("{s:b, s:s, s:o, s:o, s:o, s:o, s:o}", "retrain",
                             worst == STATUS_RETRAIN, "status", status_names[worst], "reasons",
                             reasons, "drift", drift, "quality", quality, "detectors",
                             detectors ? detectors : json_null(), "settings", settings);
    char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(root);
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_monitor_check: the report");
    free(mon->report);
    mon->report = text;
    mon->retrain = worst == STATUS_RETRAIN;
    return BC_OK;
}

BC_API int32_t bc_monitor_report_json(const bc_monitor *m, char *buf, int64_t capacity,
                                      int64_t *length)
{
    if (!m || !length || capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_monitor_report_json: monitor or length is "
                       "NULL, or buf NULL with capacity %lld", (long long)capacity);
    if (!m->report)
        return bc_fail(BC_E_STATE, "bc_monitor_report_json: no check has run yet");
    int64_t len = (int64_t)strlen(m->report);
    *length = len;
    if (capacity > len) {
        memcpy(buf, m->report, (size_t)len + 1);
        return BC_OK;
    }
    if (capacity == 0 && !buf)
        return BC_OK;
    return bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_monitor_report_json: capacity %lld, need %lld",
                   (long long)capacity, (long long)len + 1);
}

BC_API int32_t bc_monitor_retrain(const bc_monitor *m)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_monitor_retrain: monitor is NULL");
    if (!m->report)
        return bc_fail(BC_E_STATE, "bc_monitor_retrain: no check has run yet");
    return m->retrain;
}

#else /* no jansson: the Windows DLL */

static int32_t no_json(const char *fn)
{
    return bc_fail(BC_E_UNSUPPORTED, "%s: not in this build (no JSON library)", fn);
}

BC_API int32_t bc_monitor_create(bc_monitor **out)
{
    if (out)
        *out = NULL;
    return no_json("bc_monitor_create");
}

BC_API void bc_monitor_free(bc_monitor *m)
{
    (void)m;
}

BC_API int32_t bc_monitor_set(bc_monitor *m, const char *key, const char *value)
{
    (void)m, (void)key, (void)value;
    return no_json("bc_monitor_set");
}

BC_API int32_t bc_monitor_set_profile(bc_monitor *m, const bc_profile *p)
{
    (void)m, (void)p;
    return no_json("bc_monitor_set_profile");
}

BC_API int32_t bc_monitor_check(bc_monitor *m, const bc_model *model, const bc_bars *bars,
                                const bc_decisions *decisions, int64_t rejected_rows)
{
    (void)m, (void)model, (void)bars, (void)decisions, (void)rejected_rows;
    return no_json("bc_monitor_check");
}

BC_API int32_t bc_monitor_report_json(const bc_monitor *m, char *buf, int64_t capacity,
                                      int64_t *length)
{
    (void)m, (void)buf, (void)capacity, (void)length;
    return no_json("bc_monitor_report_json");
}

BC_API int32_t bc_monitor_retrain(const bc_monitor *m)
{
    (void)m;
    return no_json("bc_monitor_retrain");
}
#endif
