/*
 * model.c - the model every kind shares: construction, normalization,
 * copies, validation, metadata setters, the public accessors, and the
 * forward entry points, each one call into the model's kind table
 * (model/kind.h; the passes themselves live in kind_dense.c, kind_trees.c,
 * kind_policy.c). File formats live in bcm_file.c and model_json.c,
 * training in lib/train.
 */
#include "model/model.h"
#include "model/kind.h"
#include "model/trees.h"
#include "core/internal.h"
#include "model/platt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

char *bc_model_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Indexed by enum bc_model_kind. */
static const bc_model_kind_ops *const kinds[] = {
    NULL, &bc_model_kind_logistic, &bc_model_kind_mlp, &bc_model_kind_trees,
    &bc_model_kind_policy};

const bc_model_kind_ops *bc_model_kind_ops_of(int32_t kind)
{
    return kind > 0 && kind < (int32_t)(sizeof kinds / sizeof *kinds) ? kinds[kind] : NULL;
}

/* The table of a model's kind (a model's kind is valid from
 * bc_model_create on). */
#define KIND(m) (kinds[(m)->kind])

const char *bc_model_kind_name(int32_t kind)
{
    const bc_model_kind_ops *k = bc_model_kind_ops_of(kind);
    return k ? k->name : NULL;
}

const char *bc_norm_kind_name(int32_t norm_kind)
{
    switch (norm_kind) {
    case BC_NORM_NONE: return "none";
    case BC_NORM_ZSCORE: return "zscore";
    case BC_NORM_ROBUST: return "robust";
    default: return NULL;
    }
}

static void free_names(char **names, int32_t n)
{
    if (!names)
        return;
    for (int32_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

void bc_model_free(bc_model *m)
{
    if (!m)
        return;
    free(m->center);
    free(m->scale);
    free(m->clip_low);
    free(m->clip_high);
    KIND(m)->free_payload(m);
    free_names(m->class_names, m->n_classes);
    free_names(m->feature_names, m->n_features);
    free(m->feature_spec);
    free(m->class_thresholds);
    free(m->feature_flags);
    free(m->validation_metrics);
    free(m->extra_json);
    free(m);
}

static char **default_names(const char *prefix, int32_t n)
{
    char **names = n > 0 ? calloc((size_t)n, sizeof *names) : NULL;
    if (!names)
        return NULL;
    for (int32_t i = 0; i < n; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%s%d", prefix, (int)i);
        names[i] = bc_model_strdup(buf);
        if (!names[i]) {
            free_names(names, n);
            return NULL;
        }
    }
    return names;
}

int32_t bc_model_create(int32_t kind, int32_t n_features, int32_t n_classes,
                        const int32_t *hidden, int32_t n_hidden,
                        int32_t activation, bc_model **out)
{
    if (!out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_create: out is NULL");
    *out = NULL;
    if (!bc_model_kind_name(kind))
        return bc_fail(BC_E_INVALID_ARGUMENT, "model kind %d is unknown", (int)kind);
    if (n_features < 1 || n_classes < 2)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "model needs n_features >= 1 and n_classes >= 2 (got %d, %d)",
                       (int)n_features, (int)n_classes);
    if ((kind != BC_MODEL_MLP) && n_hidden != 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "a %s model has no hidden layers",
                       bc_model_kind_name(kind));
    if (n_hidden < 0 || n_hidden + 1 > BC_MODEL_MAX_LAYERS || (n_hidden && !hidden))
        return bc_fail(BC_E_INVALID_ARGUMENT, "model: %d hidden layers (at most %d)",
                       (int)n_hidden, BC_MODEL_MAX_LAYERS - 1);
    if (n_hidden && activation != BC_ACT_RELU && activation != BC_ACT_TANH)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "model: hidden activation %d is not relu or tanh", (int)activation);
    for (int32_t i = 0; i < n_hidden; i++)
        if (hidden[i] < 1 || hidden[i] > 65536)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "model: hidden layer %d has width %d (expected 1..65536)",
                           (int)i, (int)hidden[i]);

    bc_model *m = calloc(1, sizeof *m);
    if (!m)
        return bc_fail(BC_E_OUT_OF_MEMORY, "model: out of memory");
    m->kind = kind;
    m->n_features = n_features;
    m->n_classes = n_classes;
    m->norm_kind = BC_NORM_NONE;
    m->threshold = 0.5;
    m->last_event_id = -1;
    m->center = calloc((size_t)n_features, sizeof(double));
    m->scale = malloc(sizeof(double) * (size_t)n_features);
    m->clip_low = malloc(sizeof(double) * (size_t)n_features);
    m->clip_high = malloc(sizeof(double) * (size_t)n_features);
    m->class_names = default_names("", n_classes);
    m->feature_names = default_names("f", n_features);
    m->feature_spec = bc_model_strdup("");
    m->feature_flags = bc_model_strdup("{}");
    m->validation_metrics = bc_model_strdup("{}");
    m->extra_json = bc_model_strdup("{}");
    int ok = m->center && m->scale && m->clip_low && m->clip_high &&
             m->class_names && m->feature_names && m->feature_spec &&
             m->feature_flags && m->validation_metrics && m->extra_json;
    if (ok)
        for (int32_t j = 0; j < n_features; j++) {
            m->scale[j] = 1.0;
            m->clip_low[j] = -INFINITY;
            m->clip_high[j] = INFINITY;
        }
    m->max_width = n_features > n_classes ? n_features : n_classes;
    int32_t in = n_features;
    /* Only the dense kinds have layers: bc_model_set_trees gives a trees
     * model its ensemble; a policy's network is its rl_policy_net. */
    for (int32_t l = 0; ok && bc_model_kind_ops_of(kind)->has_layers && l <= n_hidden; l++) {
        bc_model_layer *L = &m->layers[l];
        L->in = in;
        L->out = l < n_hidden ? hidden[l] : n_classes;
        L->activation = l < n_hidden ? activation : BC_ACT_IDENTITY;
        L->weight = calloc((size_t)L->in * (size_t)L->out, sizeof(float));
        L->bias = calloc((size_t)L->out, sizeof(float));
        m->n_layers = l + 1;
        ok = L->weight && L->bias;
        if (L->out > m->max_width)
            m->max_width = L->out;
        in = L->out;
    }
    if (!ok) {
        bc_model_free(m);
        return bc_fail(BC_E_OUT_OF_MEMORY, "model: out of memory");
    }
    *out = m;
    return BC_OK;
}

static int32_t copy_doubles(double **dst, const double *src, int32_t n)
{
    *dst = NULL;
    if (!src)
        return 1;
    *dst = malloc(sizeof(double) * (size_t)n);
    if (*dst)
        memcpy(*dst, src, sizeof(double) * (size_t)n);
    return *dst != NULL;
}

int32_t bc_model_clone(const bc_model *m, bc_model **out)
{
    if (!m || !out)
        return bc_fail_null("bc_model_clone", "m", (const void *)m, "out", (const void *)out, (const char *)NULL);
    int32_t hidden[BC_MODEL_MAX_LAYERS];
    for (int32_t l = 0; l + 1 < m->n_layers; l++)
        hidden[l] = m->layers[l].out;
    int32_t act = m->n_layers > 1 ? m->layers[0].activation : BC_ACT_RELU;
    bc_model *c = NULL;
    int32_t rc = bc_model_create(m->kind, m->n_features, m->n_classes, hidden,
                                 m->n_layers > 0 ? m->n_layers - 1 : 0, act, &c);
    if (rc != BC_OK)
        return rc;
    if ((rc = KIND(m)->clone(m, c)) != BC_OK) {
        bc_model_free(c);
        return rc;
    }
    size_t F = (size_t)m->n_features;
    memcpy(c->center, m->center, F * sizeof(double));
    memcpy(c->scale, m->scale, F * sizeof(double));
    memcpy(c->clip_low, m->clip_low, F * sizeof(double));
    memcpy(c->clip_high, m->clip_high, F * sizeof(double));
    c->norm_kind = m->norm_kind;
    c->threshold = m->threshold;
    c->allow_reentry = m->allow_reentry;
    c->no_reversal = m->no_reversal;
    c->level_wait = m->level_wait;
    c->breakeven_atr = m->breakeven_atr;
    c->max_hold = m->max_hold;
    c->has_calibration = m->has_calibration;
    c->calibration_coef = m->calibration_coef;
    c->calibration_intercept = m->calibration_intercept;
    memcpy(c->mode, m->mode, sizeof c->mode);
    c->half_life_days = m->half_life_days;
    c->trained_at = m->trained_at;
    c->num_samples = m->num_samples;
    c->last_event_id = m->last_event_id;
    c->market = m->market;
    rc = bc_model_set_feature_names(c, (const char *const *)m->feature_names);
    if (rc == BC_OK)
        rc = bc_model_set_class_names(c, (const char *const *)m->class_names);
    if (rc == BC_OK)
        rc = bc_model_set_feature_spec(c, m->feature_spec);
    if (rc == BC_OK)
        rc = bc_model_set_mode(c, m->mode, m->feature_flags);
    if (rc == BC_OK)
        rc = bc_model_set_validation_metrics(c, m->validation_metrics);
    if (rc == BC_OK)
        rc = bc_model_set_extra_json(c, m->extra_json);
    if (rc == BC_OK && !copy_doubles(&c->class_thresholds, m->class_thresholds, m->n_classes))
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "model: out of memory");
    if (rc != BC_OK) {
        bc_model_free(c);
        return rc;
    }
    *out = c;
    return BC_OK;
}

int64_t bc_model_scratch_doubles(const bc_model *m)
{
    return 2 * (int64_t)m->max_width;
}

static inline double normalize_value(const bc_model *m, int32_t j, double x)
{
    return bc_norm_value(m->center[j], m->scale[j], m->clip_low[j], m->clip_high[j], x);
}

void bc_model_normalize_row(const bc_model *m, const double *x, double *z)
{
    for (int32_t j = 0; j < m->n_features; j++)
        z[j] = normalize_value(m, j, x[j]);
}

void bc_model_normalize_row_f32(const bc_model *m, const float *x, float *z)
{
    for (int32_t j = 0; j < m->n_features; j++)
        z[j] = (float)normalize_value(m, j, (double)x[j]);
}

void bc_model_normalize_rows_f32(const bc_model *m, const float *x, int64_t n, float *z)
{
    const int32_t F = m->n_features;
    for (int64_t i = 0; i < n; i++) {
        const float *xi = x + i * F;
        float *zi = z + i * F;
        /* Branch-free so the compiler can vectorize the inner loop. */
        for (int32_t j = 0; j < F; j++) {
            double v = ((double)xi[j] - m->center[j]) / m->scale[j];
            int missing = !isfinite(v);
            v = v < m->clip_low[j] ? m->clip_low[j] : v;
            v = v > m->clip_high[j] ? m->clip_high[j] : v;
            zi[j] = missing ? 0.0f : (float)v;
        }
    }
}

/* ---- the forwards: one per kind, reached through its table --------------- */

void bc_model_forward_row(const bc_model *m, const double *x, double *probs, double *scratch)
{
    KIND(m)->forward_row(m, x, probs, scratch, 1);
}

void bc_model_forward_row_with(const bc_model *m, const double *x, double *probs,
                               double *scratch, int32_t allow_avx)
{
    KIND(m)->forward_row(m, x, probs, scratch, allow_avx);
}

void bc_model_forward_row_f32(const bc_model *m, const float *x, double *probs, double *scratch)
{
    KIND(m)->forward_row_f32(m, x, probs, scratch);
}

void bc_model_forward_row_fast(const bc_model *m, const double *x, double *probs,
                               double *scratch)
{
    KIND(m)->forward_row_fast(m, x, probs, scratch, 1);
}

void bc_model_forward_row_fast_with(const bc_model *m, const double *x, double *probs,
                                    double *scratch, int32_t allow_avx)
{
    KIND(m)->forward_row_fast(m, x, probs, scratch, allow_avx);
}

double bc_model_act_probability(const bc_model *m, const double *probs)
{
    double p = 1.0 - probs[0];
    if (!m->has_calibration)
        return p;
    return bc_platt_rescale(m->calibration_coef, m->calibration_intercept, p);
}

void bc_model_predict_row(const bc_model *m, const double *x, double *probs,
                          double *scratch)
{
    bc_model_forward_row(m, x, probs, scratch);
    if (m->has_calibration)
        bc_platt_apply(m->calibration_coef, m->calibration_intercept, probs, m->n_classes);
}

int32_t bc_model_forward_batch_normalized(const bc_model *m,
                                          bc_backend *backend,
                                          const float *xn, int64_t n,
                                          float *probs)
{
    if (n <= 0)
        return BC_OK;
    const bc_model_kind_ops *k = KIND(m);
    if (!k->forward_batch)
        return bc_fail(BC_E_UNSUPPORTED, "model forward: a %s model has no batch forward",
                       k->name);
    return k->forward_batch(m, backend, xn, n, probs);
}

/* ---- metadata setters ---------------------------------------------------- */

static int32_t set_names(char ***slot, int32_t n, const char *const *names,
                         const char *what)
{
    if (!names)
        return bc_fail(BC_E_INVALID_ARGUMENT, "model: %s names are NULL", what);
    for (int32_t i = 0; i < n; i++) {
        if (!names[i])
            return bc_fail(BC_E_INVALID_ARGUMENT, "model: %s name %d is NULL", what, (int)i);
        if (strlen(names[i]) >= BC_MODEL_NAME_MAX)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "model: %s name %d is longer than %d bytes", what,
                           (int)i, BC_MODEL_NAME_MAX - 1);
    }
    char **copy = n > 0 ? calloc((size_t)n, sizeof *copy) : NULL;
    if (!copy)
        return bc_fail(BC_E_OUT_OF_MEMORY, "model: out of memory");
    for (int32_t i = 0; i < n; i++)
        if (!(copy[i] = bc_model_strdup(names[i]))) {
            free_names(copy, n);
            return bc_fail(BC_E_OUT_OF_MEMORY, "model: out of memory");
        }
    free_names(*slot, n);
    *slot = copy;
    return BC_OK;
}

int32_t bc_model_set_feature_names(bc_model *m, const char *const *names)
{
    return set_names(&m->feature_names, m->n_features, names, "feature");
}

int32_t bc_model_set_class_names(bc_model *m, const char *const *names)
{
    return set_names(&m->class_names, m->n_classes, names, "class");
}

static int32_t set_text(char **slot, const char *text, const char *what)
{
    if (!text)
        return bc_fail(BC_E_INVALID_ARGUMENT, "model: %s is NULL", what);
    char *copy = bc_model_strdup(text);
    if (!copy)
        return bc_fail(BC_E_OUT_OF_MEMORY, "model: out of memory");
    free(*slot);
    *slot = copy;
    return BC_OK;
}

int32_t bc_model_set_feature_spec(bc_model *m, const char *spec)
{
    return set_text(&m->feature_spec, spec, "feature spec");
}

int32_t bc_model_set_threshold(bc_model *m, double threshold)
{
    if (!(threshold >= 0.0 && threshold <= 1.0))
        return bc_fail(BC_E_INVALID_ARGUMENT, "model: threshold %g is outside [0, 1]", threshold);
    m->threshold = threshold;
    return BC_OK;
}

int32_t bc_model_set_class_thresholds(bc_model *m, const double *per_class)
{
    if (per_class)
        for (int32_t c = 0; c < m->n_classes; c++)
            if (!isnan(per_class[c]) && !(per_class[c] >= 0.0 && per_class[c] <= 1.0))
                return bc_fail(BC_E_INVALID_ARGUMENT,
                               "model: threshold %g of class %d is outside [0, 1]",
                               per_class[c], (int)c);
    double *copy = NULL;
    if (per_class && !copy_doubles(&copy, per_class, m->n_classes))
        return bc_fail(BC_E_OUT_OF_MEMORY, "model: out of memory");
    free(m->class_thresholds);
    m->class_thresholds = copy;
    return BC_OK;
}

int32_t bc_model_set_calibration(bc_model *m, double coef, double intercept)
{
    if (!isfinite(coef) || !isfinite(intercept))
        return bc_fail(BC_E_NUMERIC, "model: calibration coef %g intercept %g must be finite",
                       coef, intercept);
    m->has_calibration = 1;
    m->calibration_coef = coef;
    m->calibration_intercept = intercept;
    return BC_OK;
}

int32_t bc_model_set_mode(bc_model *m, const char *mode,
                          const char *feature_flags_json)
{
    if (!mode || strlen(mode) >= sizeof m->mode)
        return bc_fail(BC_E_INVALID_ARGUMENT, "model: mode '%s' is not a mode name",
                       mode ? mode : "(null)");
    int32_t rc = set_text(&m->feature_flags, feature_flags_json ? feature_flags_json : "{}",
                          "feature flags");
    if (rc == BC_OK)
        snprintf(m->mode, sizeof m->mode, "%s", mode);
    return rc;
}

int32_t bc_model_set_training_info(bc_model *m, double half_life_days,
                                   int64_t trained_at, int64_t num_samples,
                                   int64_t last_event_id)
{
    if (!(half_life_days >= 0.0) || !isfinite(half_life_days))
        return bc_fail(BC_E_INVALID_ARGUMENT, "model: half_life_days %g must be >= 0",
                       half_life_days);
    m->half_life_days = half_life_days;
    m->trained_at = trained_at;
    m->num_samples = num_samples;
    m->last_event_id = last_event_id;
    return BC_OK;
}

int32_t bc_model_set_validation_metrics(bc_model *m, const char *json)
{
    return set_text(&m->validation_metrics, json, "validation metrics");
}

int32_t bc_model_set_extra_json(bc_model *m, const char *json)
{
    return set_text(&m->extra_json, json, "extra JSON");
}

int32_t bc_model_validate(const bc_model *m)
{
    if (!bc_model_kind_name(m->kind))
        return bc_fail(BC_E_CORRUPT, "model kind %d is unknown", (int)m->kind);
    if (!bc_norm_kind_name(m->norm_kind))
        return bc_fail(BC_E_CORRUPT, "normalization kind %d is unknown", (int)m->norm_kind);
    int32_t rc = KIND(m)->validate(m);
    if (rc != BC_OK)
        return rc;
    for (int32_t j = 0; j < m->n_features; j++) {
        if (!isfinite(m->center[j]) || !isfinite(m->scale[j]) || !(m->scale[j] > 0.0))
            return bc_fail(BC_E_CORRUPT, "feature %d normalization center %g scale %g is invalid",
                           (int)j, m->center[j], m->scale[j]);
        if (isnan(m->clip_low[j]) || isnan(m->clip_high[j]) || m->clip_low[j] > m->clip_high[j])
            return bc_fail(BC_E_CORRUPT, "feature %d clip range [%g, %g] is invalid", (int)j,
                           m->clip_low[j], m->clip_high[j]);
    }
    if (!(m->threshold >= 0.0 && m->threshold <= 1.0))
        return bc_fail(BC_E_CORRUPT, "threshold %g is outside [0, 1]", m->threshold);
    if (m->has_calibration &&
        (!isfinite(m->calibration_coef) || !isfinite(m->calibration_intercept)))
        return bc_fail(BC_E_CORRUPT, "calibration is not finite");
    return BC_OK;
}

/* ---- public accessors ---------------------------------------------------- */

int32_t bc_model_num_features(const bc_model *m) { return m ? m->n_features : 0; }
int32_t bc_model_num_classes(const bc_model *m) { return m ? m->n_classes : 0; }

static int32_t copy_out_text(const char *text, char *buf, int32_t capacity,
                             int32_t *length, const char *what)
{
    size_t n = strlen(text);
    if (n > INT32_MAX - 1)
        return bc_fail(BC_E_INTERNAL, "%s is too long", what);
    if (length)
        *length = (int32_t)n;
    if (capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "%s: buffer NULL or capacity %d", what,
                       (int)capacity);
    if ((size_t)capacity <= n)
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "%s needs %d bytes plus NUL, capacity is %d",
                       what, (int)n, (int)capacity);
    memcpy(buf, text, n + 1);
    return BC_OK;
}

int32_t bc_model_feature_spec(const bc_model *m, char *buf, int32_t capacity,
                              int32_t *length)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_feature_spec: model is NULL");
    return copy_out_text(m->feature_spec, buf, capacity, length, "feature spec");
}

int32_t bc_model_feature_name(const bc_model *m, int32_t index, char *buf,
                              int32_t capacity, int32_t *length)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_feature_name: model is NULL");
    if (index < 0 || index >= m->n_features)
        return bc_fail(BC_E_INVALID_ARGUMENT, "feature index %d is outside 0..%d",
                       (int)index, (int)m->n_features - 1);
    return copy_out_text(m->feature_names[index], buf, capacity, length, "feature name");
}

int32_t bc_model_rows_supported(const bc_model *m, const char *fn)
{
    if (!KIND(m)->forward_row)
        return bc_fail(BC_E_UNSUPPORTED, "%s: %s", fn, KIND(m)->no_rows);
    return BC_OK;
}

int32_t bc_model_predict(const bc_model *m, const double *x, int32_t n,
                         int32_t n_features, double *probs, int64_t capacity)
{
    if (!m || (!x && n > 0) || (!probs && n > 0))
        return bc_fail_null("bc_model_predict", "model", (const void *)m, "x", (const void *)x,
                            "probs", (const void *)probs, (const char *)NULL);
    int32_t rows_rc = bc_model_rows_supported(m, "bc_model_predict");
    if (rows_rc != BC_OK)
        return rows_rc;
    if (n < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_predict: n = %d", (int)n);
    if (n_features != m->n_features)
        return bc_fail(BC_E_SHAPE, "bc_model_predict: rows have %d features, the model takes %d",
                       (int)n_features, (int)m->n_features);
    if (capacity < (int64_t)n * m->n_classes)
        return bc_fail(BC_E_BUFFER_TOO_SMALL,
                       "bc_model_predict: probs needs %lld doubles, capacity is %lld",
                       (long long)n * m->n_classes, (long long)capacity);
    double stack_scratch[512];
    double *scratch = stack_scratch;
    int64_t need = bc_model_scratch_doubles(m);
    if (need > (int64_t)(sizeof stack_scratch / sizeof stack_scratch[0])) {
        scratch = malloc(sizeof(double) * (size_t)need);
        if (!scratch)
            return bc_fail(BC_E_OUT_OF_MEMORY, "bc_model_predict: out of memory");
    }
    for (int32_t i = 0; i < n; i++)
        bc_model_predict_row(m, x + (int64_t)i * n_features, probs + (int64_t)i * m->n_classes,
                             scratch);
    if (scratch != stack_scratch)
        free(scratch);
    return BC_OK;
}

#ifdef BC_HAVE_JANSSON
/* A JSON text stored by a setter, parsed for embedding; invalid text is
 * embedded as a string so information is never dropped. */
static json_t *embedded_json(const char *text)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

int32_t bc_model_metadata_json(const bc_model *m, char **out_text)
{
    json_t *root = json_object();
    json_t *hidden = json_array();
    json_t *classes = json_array();
    if (!root || !hidden || !classes) {
        json_decref(root);
        json_decref(hidden);
        json_decref(classes);
        return bc_fail(BC_E_OUT_OF_MEMORY, "model info: out of memory");
    }
    for (int32_t l = 0; l + 1 < m->n_layers; l++)
        json_array_append_new(hidden, json_integer(m->layers[l].out));
    for (int32_t c = 0; c < m->n_classes; c++)
        json_array_append_new(classes, json_string(m->class_names[c]));
    json_object_set_new(root, "model_type", json_string(bc_model_kind_name(m->kind)));
    json_object_set_new(root, "num_features", json_integer(m->n_features));
    json_object_set_new(root, "num_classes", json_integer(m->n_classes));
    json_object_set_new(root, "class_names", classes);
    json_object_set_new(root, "hidden", hidden);
    json_object_set_new(root, "activation",
                        json_string(m->n_layers > 1 && m->layers[0].activation == BC_ACT_TANH
                                        ? "tanh" : (m->n_layers > 1 ? "relu" : "none")));
    json_object_set_new(root, "normalization", json_string(bc_norm_kind_name(m->norm_kind)));
    json_object_set_new(root, "feature_spec", json_string(m->feature_spec));
    json_object_set_new(root, "threshold", json_real(m->threshold));
    if (m->has_calibration) {
        json_object_set_new(root, "calibration_coef", json_real(m->calibration_coef));
        json_object_set_new(root, "calibration_intercept", json_real(m->calibration_intercept));
    }
    json_object_set_new(root, "mode", json_string(m->mode));
    json_object_set_new(root, "feature_flags", embedded_json(m->feature_flags));
    json_object_set_new(root, "half_life_days", json_real(m->half_life_days));
    json_object_set_new(root, "trained_at", json_integer(m->trained_at));
    json_object_set_new(root, "num_samples", json_integer(m->num_samples));
    json_object_set_new(root, "last_event_id", json_integer(m->last_event_id));
    json_object_set_new(root, "validation_metrics", embedded_json(m->validation_metrics));
    bc_model_market_json(m, root);
    if (KIND(m)->json_info) /* the kind's own keys (a policy's network) */
        KIND(m)->json_info(m, root);
    char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "model info: out of memory");
    *out_text = text;
    return BC_OK;
}
#endif

int32_t bc_model_info_json(const bc_model *m, char *buf, int32_t capacity,
                           int32_t *length)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_info_json: model is NULL");
#ifdef BC_HAVE_JANSSON
    char *text = NULL;
    int32_t rc = bc_model_metadata_json(m, &text);
    if (rc != BC_OK)
        return rc;
    rc = copy_out_text(text, buf, capacity, length, "model info");
    free(text);
    return rc;
#else
    (void)buf;
    (void)capacity;
    (void)length;
    return bc_fail(BC_E_UNSUPPORTED, "bc_model_info_json: built without a JSON library");
#endif
}
