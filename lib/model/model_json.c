/*
 * model_json.c - BotCopier's model.json export (jansson). Key names and
 * conventions are BotCopier's where it has them (DESIGN.md §7); see
 * bc_model_write_json in botcopier.h for each key's meaning. Export only:
 * the native, loadable format is .bcm.
 */
#include "model/model.h"
#include "model/kind.h"
#include "core/atomic_file.h"
#include "core/json_file.h"
#include "core/internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>

static json_t *doubles(const double *v, int32_t n)
{
    json_t *a = json_array();
    for (int32_t i = 0; a && i < n; i++)
        json_array_append_new(a, isnan(v[i]) ? json_null() : json_real(v[i]));
    return a;
}

static json_t *floats(const float *v, int32_t n)
{
    json_t *a = json_array();
    for (int32_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_real(v[i]));
    return a;
}

json_t *bc_model_json_floats(const float *v, int32_t n)
{
    return floats(v, n);
}

json_t *bc_model_json_doubles(const double *v, int32_t n)
{
    return doubles(v, n);
}

static json_t *strings(char *const *v, int32_t n)
{
    json_t *a = json_array();
    for (int32_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *parsed(const char *text)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

/* Clip bound in raw units: clip then normalize equals normalize then clip,
 * because normalization is increasing. JSON has no infinity: +-1e308. */
static double raw_clip(const bc_model *m, int32_t j, double z)
{
    if (isinf(z))
        return z > 0 ? 1e308 : -1e308;
    return m->center[j] + z * m->scale[j];
}

static json_t *build(const bc_model *m)
{
    json_t *root = json_object();
    if (!root)
        return NULL;
    int32_t F = m->n_features, C = m->n_classes;
    json_object_set_new(root, "model_type", json_string(bc_model_kind_name(m->kind)));
    json_object_set_new(root, "feature_names", strings(m->feature_names, F));
    json_object_set_new(root, "class_names", strings(m->class_names, C));
    json_object_set_new(root, "num_classes", json_integer(C));
    /* The kind's parameters (kind_dense.c, kind_trees.c). */
    const bc_model_kind_ops *kind = bc_model_kind_ops_of(m->kind);
    if (!kind->json_body || kind->json_body(m, root) != BC_OK) {
        json_decref(root);
        return NULL;
    }
    json_object_set_new(root, "threshold", json_real(m->threshold));
    if (m->allow_reentry)
        json_object_set_new(root, "allow_reentry", json_true());
    if (m->no_reversal)
        json_object_set_new(root, "allow_reversal", json_false());
    if (m->level_wait)
        json_object_set_new(root, "level_wait", json_true());
    if (m->breakeven_atr > 0.0)
        json_object_set_new(root, "breakeven_atr", json_real(m->breakeven_atr));
    if (m->max_hold > 0)
        json_object_set_new(root, "max_hold", json_integer(m->max_hold));
    if (m->class_thresholds)
        json_object_set_new(root, "class_thresholds", doubles(m->class_thresholds, C));
    json_object_set_new(root, "normalization", json_string(bc_norm_kind_name(m->norm_kind)));
    json_object_set_new(root, "feature_mean", doubles(m->center, F));
    json_object_set_new(root, "feature_std", doubles(m->scale, F));
    json_t *lo = json_array(), *hi = json_array();
    for (int32_t j = 0; j < F; j++) {
        json_array_append_new(lo, json_real(raw_clip(m, j, m->clip_low[j])));
        json_array_append_new(hi, json_real(raw_clip(m, j, m->clip_high[j])));
    }
    json_object_set_new(root, "clip_low", lo);
    json_object_set_new(root, "clip_high", hi);
    json_object_set_new(root, "feature_spec", json_string(m->feature_spec));
    json_object_set_new(root, "mode", json_string(m->mode));
    json_object_set_new(root, "feature_flags", parsed(m->feature_flags));
    json_object_set_new(root, "half_life_days", json_real(m->half_life_days));
    if (m->has_calibration) {
        json_object_set_new(root, "calibration_coef", json_real(m->calibration_coef));
        json_object_set_new(root, "calibration_intercept", json_real(m->calibration_intercept));
    }
    json_object_set_new(root, "validation_metrics", parsed(m->validation_metrics));
    char when[32] = "";
    time_t t = (time_t)m->trained_at;
    struct tm tm;
#if defined(_WIN32)
    if (gmtime_s(&tm, &t) == 0)
#else
    if (gmtime_r(&t, &tm))
#endif
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_set_new(root, "trained_at", json_string(when));
    json_object_set_new(root, "num_samples", json_integer(m->num_samples));
    json_object_set_new(root, "last_event_id", json_integer(m->last_event_id));
    bc_model_market_json(m, root);
    /* Keys the cloning pipeline attached (hourly_thresholds,
     * symbol_thresholds, risk_parity_*, symbol_embeddings, ...); the model's
     * own keys above win on a clash. */
    json_t *extra = json_loads(m->extra_json, 0, NULL);
    if (json_is_object(extra)) {
        const char *key;
        json_t *value;
        json_object_foreach(extra, key, value)
            if (!json_object_get(root, key))
                json_object_set(root, key, value);
    }
    json_decref(extra);
    return root;
}

static int32_t write_root(json_t *root, const char *path);

int32_t bc_model_write_json(const bc_model *m, const char *path)
{
    if (!m || !path)
        return bc_fail_null("bc_model_write_json", "m", (const void *)m, "path", (const void *)path, (const char *)NULL);
    int32_t rows_rc = bc_model_rows_supported(m, "bc_model_write_json");
    if (rows_rc != BC_OK)
        return rows_rc;
    json_t *root = build(m);
    if (!root)
        return bc_fail(BC_E_OUT_OF_MEMORY, "%s: out of memory building model.json", path);
    return write_root(root, path);
}

/* Copies text (length n) into buf with the two-call rules of every text
 * output: *length = n; capacity must exceed n (room for the NUL). */
static int32_t copy_out(const char *what, const char *text, size_t n, char *buf,
                        int64_t capacity, int64_t *length)
{
    if (length)
        *length = (int64_t)n;
    if (capacity <= (int64_t)n)
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "%s: capacity %lld, the text needs %zu bytes and "
                       "a NUL", what, (long long)capacity, n);
    memcpy(buf, text, n + 1);
    return BC_OK;
}

int32_t bc_model_json_text(const bc_model *m, char *buf, int64_t capacity, int64_t *length)
{
    if (!m || capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_json_text: %s",
                       !m ? "model is NULL" : "buf is NULL or capacity negative");
    int32_t rows_rc = bc_model_rows_supported(m, "bc_model_json_text");
    if (rows_rc != BC_OK)
        return rows_rc;
    json_t *root = build(m);
    char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_model_json_text: out of memory");
    size_t n = strlen(text);
    char *line = realloc(text, n + 2);
    if (!line) {
        free(text);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_model_json_text: out of memory");
    }
    line[n] = '\n'; /* the same bytes as the file bc_model_write_json writes */
    line[n + 1] = '\0';
    int32_t rc = copy_out("bc_model_json_text", line, n + 1, buf, capacity, length);
    free(line);
    return rc;
}

static int32_t class_index(const bc_model *m, const char *name)
{
    for (int32_t c = 0; c < m->n_classes; c++)
        if (strcmp(m->class_names[c], name) == 0)
            return c;
    return -1;
}

/* BotCopier's own consumers read a binary logistic model: prob = P(buy) =
 * sigmoid(coefficients . z + intercept), buy when prob > threshold, sell
 * when 1 - prob > threshold. A clone's 4-class softmax restricted to its
 * two entry classes is exactly that: P(long | long or short) =
 * sigmoid((w_long - w_short) . z + b_long - b_short). */
int32_t bc_model_write_botcopier_json(const bc_model *m, const char *path)
{
    if (!m || !path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_write_botcopier_json: model and path are "
                       "required");
    if (m->kind != BC_MODEL_LOGISTIC)
        return bc_fail(BC_E_UNSUPPORTED, "%s: BotCopier's consumers read a logistic model; this "
                       "model is %s (export model.json, ONNX or MQL5 instead)", path,
                       bc_model_kind_name(m->kind));
    int32_t buy, sell;
    if (m->n_classes == 2) {
        buy = 1, sell = 0;
    } else {
        buy = class_index(m, "open_long");
        sell = class_index(m, "open_short");
        if (buy < 0 || sell < 0)
            return bc_fail(BC_E_UNSUPPORTED, "%s: a %d-class model without open_long and "
                           "open_short classes has no buy/sell view", path, m->n_classes);
    }
    const int32_t F = m->n_features;
    const bc_model_layer *L = &m->layers[0];
    json_t *root = json_object(), *coef = json_array(), *mean = json_array(),
           *std = json_array(), *lo = json_array(), *hi = json_array();
    for (int32_t j = 0; j < F; j++) {
        json_array_append_new(coef, json_real((double)L->weight[(size_t)buy * F + j] -
                                              (double)L->weight[(size_t)sell * F + j]));
        json_array_append_new(mean, json_real(m->center[j]));
        json_array_append_new(std, json_real(m->scale[j]));
        json_array_append_new(lo, json_real(raw_clip(m, j, m->clip_low[j])));
        json_array_append_new(hi, json_real(raw_clip(m, j, m->clip_high[j])));
    }
    json_object_set_new(root, "model_type", json_string("logistic"));
    json_object_set_new(root, "feature_names", strings(m->feature_names, F));
    json_object_set_new(root, "coefficients", coef);
    json_object_set_new(root, "intercept",
                        json_real((double)L->bias[buy] - (double)L->bias[sell]));
    json_object_set_new(root, "threshold", json_real(0.5));
    json_object_set_new(root, "feature_mean", mean);
    json_object_set_new(root, "feature_std", std);
    json_object_set_new(root, "clip_low", lo);
    json_object_set_new(root, "clip_high", hi);
    json_object_set_new(root, "feature_spec", json_string(m->feature_spec ? m->feature_spec : ""));
    json_object_set_new(root, "num_samples", json_integer(m->num_samples));
    json_object_set_new(root, "last_event_id", json_integer(m->last_event_id));
    json_object_set_new(root, "botcopier_view", json_string(
        m->n_classes == 2 ? "binary logistic, unchanged"
                          : "direction only: prob = P(open_long | the clone opens), from the "
                            "open_long and open_short rows of the clone's softmax. Lost: when to "
                            "act at all (the none class), when to close (the close class), "
                            "per-class thresholds and Platt calibration; use model.json or the "
                            "library for those"));
    return write_root(root, path);
}

static int32_t write_root(json_t *root, const char *path)
{
    int32_t rc = bc_json_write_file(path, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    return rc;
}

#else

int32_t bc_model_write_json(const bc_model *m, const char *path)
{
    (void)m;
    (void)path;
    return bc_fail(BC_E_UNSUPPORTED, "bc_model_write_json: built without a JSON library");
}

int32_t bc_model_json_text(const bc_model *m, char *buf, int64_t capacity, int64_t *length)
{
    (void)m, (void)buf, (void)capacity;
    if (length)
        *length = 0;
    return bc_fail(BC_E_UNSUPPORTED, "bc_model_json_text: built without a JSON library");
}

int32_t bc_model_write_botcopier_json(const bc_model *m, const char *path)
{
    (void)m;
    (void)path;
    return bc_fail(BC_E_UNSUPPORTED, "bc_model_write_botcopier_json: built without a JSON "
                   "library");
}

#endif
