/*
 * model.c - the dense softmax model: construction, normalization, the
 * allocation-free single-row forward the predictor uses, the batch forward
 * through the backend GEMM, metadata setters and the public accessors.
 * File formats live in bcm_file.c and model_json.c, training in lib/train.
 */
#include "model/model.h"
#include "core/internal.h"

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

const char *bc_model_kind_name(int32_t kind)
{
    switch (kind) {
    case BC_MODEL_LOGISTIC: return "logistic";
    case BC_MODEL_MLP: return "mlp";
    default: return NULL;
    }
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
    for (int32_t l = 0; l < m->n_layers; l++) {
        free(m->layers[l].weight);
        free(m->layers[l].bias);
    }
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
    if (kind == BC_MODEL_LOGISTIC && n_hidden != 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "a logistic model has no hidden layers");
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
    for (int32_t l = 0; ok && l <= n_hidden; l++) {
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
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_clone: NULL argument");
    int32_t hidden[BC_MODEL_MAX_LAYERS];
    for (int32_t l = 0; l + 1 < m->n_layers; l++)
        hidden[l] = m->layers[l].out;
    int32_t act = m->n_layers > 1 ? m->layers[0].activation : BC_ACT_RELU;
    bc_model *c = NULL;
    int32_t rc = bc_model_create(m->kind, m->n_features, m->n_classes, hidden,
                                 m->n_layers - 1, act, &c);
    if (rc != BC_OK)
        return rc;
    size_t F = (size_t)m->n_features;
    memcpy(c->center, m->center, F * sizeof(double));
    memcpy(c->scale, m->scale, F * sizeof(double));
    memcpy(c->clip_low, m->clip_low, F * sizeof(double));
    memcpy(c->clip_high, m->clip_high, F * sizeof(double));
    c->norm_kind = m->norm_kind;
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        c->layers[l].activation = L->activation;
        memcpy(c->layers[l].weight, L->weight, sizeof(float) * (size_t)L->in * (size_t)L->out);
        memcpy(c->layers[l].bias, L->bias, sizeof(float) * (size_t)L->out);
    }
    c->threshold = m->threshold;
    c->has_calibration = m->has_calibration;
    c->calibration_coef = m->calibration_coef;
    c->calibration_intercept = m->calibration_intercept;
    memcpy(c->mode, m->mode, sizeof c->mode);
    c->half_life_days = m->half_life_days;
    c->trained_at = m->trained_at;
    c->num_samples = m->num_samples;
    c->last_event_id = m->last_event_id;
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
    double z = (x - m->center[j]) / m->scale[j];
    if (!isfinite(z))
        return 0.0; /* NaN/inf (missing) -> the center of the training data */
    if (z < m->clip_low[j])
        z = m->clip_low[j];
    if (z > m->clip_high[j])
        z = m->clip_high[j];
    return z;
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

static void softmax_double(double *v, int32_t n)
{
    double mx = v[0];
    for (int32_t i = 1; i < n; i++)
        if (v[i] > mx)
            mx = v[i];
    double s = 0.0;
    for (int32_t i = 0; i < n; i++) {
        v[i] = exp(v[i] - mx);
        s += v[i];
    }
    for (int32_t i = 0; i < n; i++)
        v[i] /= s;
}

/* Dense layers over a normalized row held in scratch[0..F). */
static void forward_normalized(const bc_model *m, double *scratch, double *probs)
{
    double *cur = scratch, *next = scratch + m->max_width;
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        double *dst = (l == m->n_layers - 1) ? probs : next;
        for (int32_t o = 0; o < L->out; o++) {
            const float *w = L->weight + (size_t)o * (size_t)L->in;
            /* Four partial sums: one running sum is a chain of dependent
             * adds (about 4 cycles each); four let them overlap. This is
             * the single-row hot path of every predictor. */
            double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
            int32_t i = 0;
            for (; i + 4 <= L->in; i += 4) {
                s0 += (double)w[i] * cur[i];
                s1 += (double)w[i + 1] * cur[i + 1];
                s2 += (double)w[i + 2] * cur[i + 2];
                s3 += (double)w[i + 3] * cur[i + 3];
            }
            for (; i < L->in; i++)
                s0 += (double)w[i] * cur[i];
            double s = (double)L->bias[o] + ((s0 + s1) + (s2 + s3));
            if (L->activation == BC_ACT_RELU)
                s = s > 0.0 ? s : 0.0;
            else if (L->activation == BC_ACT_TANH)
                s = tanh(s);
            else if (L->activation == BC_ACT_SIGMOID)
                s = 1.0 / (1.0 + exp(-s));
            dst[o] = s;
        }
        double *t = cur;
        cur = next;
        next = t;
    }
    softmax_double(probs, m->n_classes);
}

void bc_model_forward_row(const bc_model *m, const double *x, double *probs,
                          double *scratch)
{
    bc_model_normalize_row(m, x, scratch);
    forward_normalized(m, scratch, probs);
}

void bc_model_forward_row_f32(const bc_model *m, const float *x,
                              double *probs, double *scratch)
{
    for (int32_t j = 0; j < m->n_features; j++)
        scratch[j] = normalize_value(m, j, (double)x[j]);
    forward_normalized(m, scratch, probs);
}

double bc_model_act_probability(const bc_model *m, const double *probs)
{
    double p = 1.0 - probs[0];
    if (!m->has_calibration)
        return p;
    /* Clamp so the logit stays finite for saturated probabilities. */
    double pc = p < 1e-12 ? 1e-12 : (p > 1.0 - 1e-12 ? 1.0 - 1e-12 : p);
    double s = log(pc / (1.0 - pc));
    return 1.0 / (1.0 + exp(-(m->calibration_coef * s + m->calibration_intercept)));
}

void bc_model_predict_row(const bc_model *m, const double *x, double *probs,
                          double *scratch)
{
    bc_model_forward_row(m, x, probs, scratch);
    if (!m->has_calibration)
        return;
    double raw = 1.0 - probs[0];
    double cal = bc_model_act_probability(m, probs);
    probs[0] = 1.0 - cal;
    for (int32_t c = 1; c < m->n_classes; c++)
        probs[c] = raw > 0.0 ? probs[c] * (cal / raw) : cal / (m->n_classes - 1);
}

int32_t bc_model_forward_batch_normalized(const bc_model *m,
                                          bc_backend *backend,
                                          const float *xn, int64_t n,
                                          float *probs)
{
    if (n <= 0)
        return BC_OK;
    /* Chunks bound the work memory to chunk x max_width floats per buffer. */
    const int64_t chunk = 8192;
    float *buf[2];
    buf[0] = malloc(sizeof(float) * (size_t)chunk * (size_t)m->max_width);
    buf[1] = malloc(sizeof(float) * (size_t)chunk * (size_t)m->max_width);
    if (!buf[0] || !buf[1]) {
        free(buf[0]);
        free(buf[1]);
        return bc_fail(BC_E_OUT_OF_MEMORY, "model forward: out of memory");
    }
    int32_t rc = BC_OK;
    for (int64_t r0 = 0; r0 < n && rc == BC_OK; r0 += chunk) {
        int32_t rows = (int32_t)(n - r0 < chunk ? n - r0 : chunk);
        const float *cur = xn + r0 * m->n_features;
        for (int32_t l = 0; l < m->n_layers && rc == BC_OK; l++) {
            const bc_model_layer *L = &m->layers[l];
            float *dst = (l == m->n_layers - 1) ? probs + r0 * m->n_classes : buf[l & 1];
            for (int32_t r = 0; r < rows; r++)
                memcpy(dst + (size_t)r * (size_t)L->out, L->bias, sizeof(float) * (size_t)L->out);
            rc = bc_backend_sgemm(backend, 0, 1, rows, L->out, L->in, 1.0f, cur,
                                  L->in, L->weight, L->in, 1.0f, dst, L->out);
            if (rc == BC_OK && L->activation != BC_ACT_IDENTITY)
                rc = backend->ops->activation(backend->state, L->activation, dst,
                                              dst, (int64_t)rows * L->out);
            cur = dst;
        }
        if (rc == BC_OK)
            rc = backend->ops->softmax_rows(backend->state, probs + r0 * m->n_classes,
                                            rows, m->n_classes);
    }
    free(buf[0]);
    free(buf[1]);
    return rc;
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
    if (m->n_layers < 1 || (m->kind == BC_MODEL_LOGISTIC && m->n_layers != 1))
        return bc_fail(BC_E_CORRUPT, "%s model with %d layers",
                       bc_model_kind_name(m->kind), (int)m->n_layers);
    int32_t in = m->n_features;
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        int last = l == m->n_layers - 1;
        if (L->in != in || (last && L->out != m->n_classes))
            return bc_fail(BC_E_CORRUPT, "layer %d shape %dx%d does not chain", (int)l,
                           (int)L->out, (int)L->in);
        if (last ? L->activation != BC_ACT_IDENTITY
                 : (L->activation != BC_ACT_RELU && L->activation != BC_ACT_TANH))
            return bc_fail(BC_E_CORRUPT, "layer %d activation %d is invalid", (int)l,
                           (int)L->activation);
        for (int64_t i = 0; i < (int64_t)L->in * L->out; i++)
            if (!isfinite(L->weight[i]))
                return bc_fail(BC_E_CORRUPT, "layer %d weight %lld is not finite", (int)l,
                               (long long)i);
        for (int32_t i = 0; i < L->out; i++)
            if (!isfinite(L->bias[i]))
                return bc_fail(BC_E_CORRUPT, "layer %d bias %d is not finite", (int)l, (int)i);
        in = L->out;
    }
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

int32_t bc_model_predict(const bc_model *m, const double *x, int32_t n,
                         int32_t n_features, double *probs, int64_t capacity)
{
    if (!m || (!x && n > 0) || (!probs && n > 0))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_predict: NULL argument");
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
