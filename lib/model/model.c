/*
 * model.c - the dense softmax model: construction, normalization, the
 * allocation-free single-row forward the predictor uses, the batch forward
 * through the backend GEMM, metadata setters and the public accessors.
 * File formats live in bcm_file.c and model_json.c, training in lib/train.
 */
#include "model/model.h"
#include "model/trees.h"
#include "core/internal.h"
#include "model/platt.h"
#include "rl/policy_io.h"

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
    case BC_MODEL_TREES: return "trees";
    case BC_MODEL_POLICY: return "policy";
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
    bc_trees_free(m->trees);
    rl_policy_net_free(m->policy);
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
    if ((kind == BC_MODEL_LOGISTIC || kind == BC_MODEL_TREES || kind == BC_MODEL_POLICY) &&
        n_hidden != 0)
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
    /* Trees have no dense layers: bc_model_set_trees gives the ensemble;
     * a policy's network is its rl_policy_net. */
    for (int32_t l = 0; ok && kind != BC_MODEL_TREES && kind != BC_MODEL_POLICY && l <= n_hidden;
         l++) {
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
    if ((m->trees && (rc = bc_trees_clone(m->trees, &c->trees)) != BC_OK) ||
        (m->policy && (rc = rl_policy_net_clone(m->policy, &c->policy)) != BC_OK)) {
        bc_model_free(c);
        return rc;
    }
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
    c->allow_reentry = m->allow_reentry;
    c->no_reversal = m->no_reversal;
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

int32_t bc_model_set_trees(bc_model *m, struct bc_trees *trees)
{
    if (!m || !trees) {
        bc_trees_free(trees);
        return bc_fail_null("bc_model_set_trees", "m", (const void *)m, "trees",
                            (const void *)trees, (const char *)NULL);
    }
    if (m->kind != BC_MODEL_TREES || trees->n_classes != m->n_classes) {
        int32_t rc = bc_fail(BC_E_INVALID_ARGUMENT,
                             "bc_model_set_trees: a %s model with %d classes cannot take trees "
                             "for %d classes", bc_model_kind_name(m->kind), (int)m->n_classes,
                             (int)trees->n_classes);
        bc_trees_free(trees);
        return rc;
    }
    int32_t rc = bc_trees_validate(trees, m->n_features);
    if (rc != BC_OK) {
        bc_trees_free(trees);
        return rc;
    }
    bc_trees_free(m->trees);
    m->trees = trees;
    return BC_OK;
}

static void softmax_double(double *v, int32_t n);

/* The tree kind's single-row forward: the row as float (what XGBoost saw
 * in training), margins by trees.h's rule, softmax in double. scratch
 * holds F + C floats (2 * max_width doubles always do). */
static void trees_forward_row(const bc_model *m, const double *x, const float *xf_in,
                              double *probs, double *scratch)
{
    float *xf = (float *)(void *)scratch;
    float *margin = xf + m->n_features;
    if (!xf_in) {
        for (int32_t j = 0; j < m->n_features; j++)
            xf[j] = (float)x[j];
        xf_in = xf;
    }
    bc_trees_margin(m->trees, xf_in, margin);
    for (int32_t c = 0; c < m->n_classes; c++)
        probs[c] = (double)margin[c];
    softmax_double(probs, m->n_classes);
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

/* Single-row dense layers. Each output is a dot product of its float
 * weights w and the double row x, summed in double in one fixed order on
 * every machine: lane j (0..7) sums w[i]*x[i] for i = j mod 8 in increasing
 * i, each product and sum rounded on its own (no fused multiply-add; the
 * library is built with -ffp-contract=off), then the lanes are added as
 * ((l0+l4)+(l1+l5))+((l2+l6)+(l3+l7)). The AVX path and the portable one do
 * exactly these operations, so the result is the same bit for bit on every
 * machine, in the Linux library and in the Windows DLL. Four outputs are
 * summed side by side: their 32 lanes are independent chains, so the adds
 * overlap instead of waiting on each other. */
static inline double reduce_lanes(const double *lane)
{
    return ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
}

/* lanes[r*8 + j] for rows w + r*stride, r < R. */
static void dot_lanes_portable(const float *w, int32_t stride, int32_t R, const double *x,
                               int32_t n, double *lanes)
{
    for (int32_t r = 0; r < R; r++) {
        double *lane = lanes + r * 8;
        const float *wr = w + (size_t)r * (size_t)stride;
        for (int32_t j = 0; j < 8; j++)
            lane[j] = 0.0;
        int32_t i = 0;
        for (; i + 8 <= n; i += 8)
            for (int32_t j = 0; j < 8; j++)
                lane[j] += (double)wr[i + j] * x[i + j];
        for (int32_t j = 0; i < n; i++, j++)
            lane[j] += (double)wr[i] * x[i];
    }
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && !defined(__SANITIZE_ADDRESS__)
#include <immintrin.h>
#define BC_MODEL_AVX 1

/* The same lanes with AVX: lanes 0..3 and 4..7 of a row are two registers. */
__attribute__((target("avx"))) static void dot_lanes_avx(const float *w, int32_t stride,
                                                         int32_t R, const double *x, int32_t n,
                                                         double *lanes)
{
    __m256d lo[4], hi[4];
    for (int32_t r = 0; r < 4; r++)
        lo[r] = hi[r] = _mm256_setzero_pd();
    int32_t i = 0;
    if (R == 4) {
        for (; i + 8 <= n; i += 8) {
            __m256d xl = _mm256_loadu_pd(x + i), xh = _mm256_loadu_pd(x + i + 4);
            for (int32_t r = 0; r < 4; r++) {
                const float *wr = w + (size_t)r * (size_t)stride + i;
                lo[r] = _mm256_add_pd(lo[r], _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(wr)), xl));
                hi[r] = _mm256_add_pd(hi[r],
                                      _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(wr + 4)), xh));
            }
        }
    } else {
        for (; i + 8 <= n; i += 8) {
            __m256d xl = _mm256_loadu_pd(x + i), xh = _mm256_loadu_pd(x + i + 4);
            lo[0] = _mm256_add_pd(lo[0], _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(w + i)), xl));
            hi[0] = _mm256_add_pd(hi[0],
                                  _mm256_mul_pd(_mm256_cvtps_pd(_mm_loadu_ps(w + i + 4)), xh));
        }
    }
    for (int32_t r = 0; r < R; r++) {
        _mm256_storeu_pd(lanes + r * 8, lo[r]);
        _mm256_storeu_pd(lanes + r * 8 + 4, hi[r]);
        for (int32_t k = i, j = 0; k < n; k++, j++)
            lanes[r * 8 + j] += (double)w[(size_t)r * (size_t)stride + k] * x[k];
    }
}
#endif

static inline double activate(int32_t activation, double s)
{
    if (activation == BC_ACT_RELU)
        return s > 0.0 ? s : 0.0;
    if (activation == BC_ACT_TANH)
        return tanh(s);
    if (activation == BC_ACT_SIGMOID)
        return 1.0 / (1.0 + exp(-s));
    return s;
}

/* One dense layer on a single row: out[o] = act(bias[o] + w[o,:] . in). */
typedef void (*dot_lanes_fn)(const float *, int32_t, int32_t, const double *, int32_t, double *);

static void dense_row(const bc_model_layer *L, const double *in, double *out, dot_lanes_fn dot)
{
    double lanes[32];
    int32_t o = 0;
    for (; o + 4 <= L->out; o += 4) {
        dot(L->weight + (size_t)o * (size_t)L->in, L->in, 4, in, L->in, lanes);
        for (int32_t r = 0; r < 4; r++)
            out[o + r] = activate(L->activation, (double)L->bias[o + r] + reduce_lanes(lanes + r * 8));
    }
    for (; o < L->out; o++) {
        dot(L->weight + (size_t)o * (size_t)L->in, L->in, 1, in, L->in, lanes);
        out[o] = activate(L->activation, (double)L->bias[o] + reduce_lanes(lanes));
    }
}

/* Dense layers over a normalized row held in z[0..F) (the first max_width
 * doubles of scratch). This is the single-row hot path of every predictor. */
static void forward_normalized(const bc_model *m, double *z, double *probs, int32_t allow_avx)
{
    dot_lanes_fn dot = dot_lanes_portable;
#ifdef BC_MODEL_AVX
    if (allow_avx && __builtin_cpu_supports("avx"))
        dot = dot_lanes_avx;
#else
    (void)allow_avx;
#endif
    double *cur = z, *next = z + m->max_width;
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        dense_row(L, cur, l == m->n_layers - 1 ? probs : next, dot);
        double *t = cur;
        cur = next;
        next = t;
    }
    softmax_double(probs, m->n_classes);
}

void bc_model_forward_row(const bc_model *m, const double *x, double *probs,
                          double *scratch)
{
    bc_model_forward_row_with(m, x, probs, scratch, 1);
}

void bc_model_forward_row_with(const bc_model *m, const double *x, double *probs,
                               double *scratch, int32_t allow_avx)
{
    if (m->kind == BC_MODEL_TREES) {
        trees_forward_row(m, x, NULL, probs, scratch);
        return;
    }
    bc_model_normalize_row(m, x, scratch);
    forward_normalized(m, scratch, probs, allow_avx);
}

void bc_model_forward_row_f32(const bc_model *m, const float *x,
                              double *probs, double *scratch)
{
    if (m->kind == BC_MODEL_TREES) {
        trees_forward_row(m, NULL, x, probs, scratch);
        return;
    }
    for (int32_t j = 0; j < m->n_features; j++)
        scratch[j] = normalize_value(m, j, (double)x[j]);
    forward_normalized(m, scratch, probs, 1);
}

/* ---- the float single-row path (predictor decisions) ---------------------
 * The same layers in float arithmetic, as the ONNX export runs them: float
 * weights times the float-rounded normalized row, float sums. Each output's
 * dot product uses the lanes above (lane j sums i = j mod 8 in increasing
 * i, separate rounding of each product and sum, the fixed lane reduction),
 * so it too is the same bit for bit with or without AVX. One AVX register
 * holds a row's eight lanes: a quarter of the double path's work. */
static inline float reduce_lanes_f(const float *lane)
{
    return ((lane[0] + lane[4]) + (lane[1] + lane[5])) + ((lane[2] + lane[6]) + (lane[3] + lane[7]));
}

/* sums[r] = the dot product of row w + r*stride with x, r < R. */
static void dot_rows_portable_f(const float *w, int32_t stride, int32_t R, const float *x,
                                int32_t n, float *sums)
{
    for (int32_t r = 0; r < R; r++) {
        float lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        const float *wr = w + (size_t)r * (size_t)stride;
        int32_t i = 0;
        for (; i + 8 <= n; i += 8)
            for (int32_t j = 0; j < 8; j++)
                lane[j] += wr[i + j] * x[i + j];
        for (int32_t j = 0; i < n; i++, j++)
            lane[j] += wr[i] * x[i];
        sums[r] = reduce_lanes_f(lane);
    }
}

/* Normalized row rounded to float: normalize_value, written branch-free so
 * that it vectorizes. */
static inline __attribute__((always_inline)) void normalize_row_f(const bc_model *m,
                                                                  const double *x, float *z)
{
    const double *c = m->center, *s = m->scale, *lo = m->clip_low, *hi = m->clip_high;
    for (int32_t j = 0; j < m->n_features; j++) {
        double v = (x[j] - c[j]) / s[j];
        int missing = !(v - v == 0.0);
        v = v < lo[j] ? lo[j] : v;
        v = v > hi[j] ? hi[j] : v;
        z[j] = missing ? 0.0f : (float)v;
    }
}

static void normalize_row_f_portable(const bc_model *m, const double *x, float *z)
{
    normalize_row_f(m, x, z);
}

#ifdef BC_MODEL_AVX
/* normalize_row_f four features at a time, the same operations: divide,
 * clip by max/min (compare-and-select), NaN/inf (v - v != 0) to 0. */
__attribute__((target("avx"))) static void normalize_row_f_avx(const bc_model *m,
                                                               const double *x, float *z)
{
    const double *c = m->center, *s = m->scale, *lo = m->clip_low, *hi = m->clip_high;
    const __m256d zero = _mm256_setzero_pd();
    int32_t j = 0;
    for (; j + 4 <= m->n_features; j += 4) {
        __m256d v = _mm256_div_pd(_mm256_sub_pd(_mm256_loadu_pd(x + j), _mm256_loadu_pd(c + j)),
                                  _mm256_loadu_pd(s + j));
        __m256d finite = _mm256_cmp_pd(_mm256_sub_pd(v, v), zero, _CMP_EQ_OQ);
        __m256d l = _mm256_loadu_pd(lo + j), h = _mm256_loadu_pd(hi + j);
        /* max(l, v) is "l > v ? l : v" and min(h, v) "h < v ? h : v", the
         * scalar selects exactly (a NaN v stays NaN); a blend of compares
         * is the same, but gcc turns it into eight scalar branches. */
        v = _mm256_max_pd(l, v);
        v = _mm256_min_pd(h, v);
        _mm_storeu_ps(z + j, _mm256_cvtpd_ps(_mm256_and_pd(v, finite)));
    }
    for (; j < m->n_features; j++) {
        double v = (x[j] - c[j]) / s[j];
        int missing = !(v - v == 0.0);
        v = v < lo[j] ? lo[j] : v;
        v = v > hi[j] ? hi[j] : v;
        z[j] = missing ? 0.0f : (float)v;
    }
}

/* The same sums with AVX for R = 4 or 8 rows: a row's eight lanes are one
 * register; the tail past the last multiple of 8 is a masked load (the
 * masked-off lanes add +0, which leaves a lane unchanged: a lane that
 * starts at +0 and adds in round-to-nearest is never -0). The reduction
 * ((l0+l4)+(l1+l5))+((l2+l6)+(l3+l7)) of four rows at once is an add of the
 * halves and two horizontal adds, in exactly that order. Rows side by side
 * keep R independent add chains in flight. */
#define BC_AVX_DOT_ROWS(R)                                                                    \
    do {                                                                                      \
        __m256 a[R];                                                                          \
        for (int32_t r = 0; r < R; r++)                                                       \
            a[r] = _mm256_setzero_ps();                                                       \
        int32_t i = 0;                                                                        \
        for (; i + 8 <= n; i += 8) {                                                          \
            __m256 xv = _mm256_loadu_ps(x + i);                                               \
            for (int32_t r = 0; r < R; r++)                                                   \
                a[r] = _mm256_add_ps(                                                         \
                    a[r], _mm256_mul_ps(_mm256_loadu_ps(w + (size_t)r * (size_t)stride + i), xv)); \
        }                                                                                     \
        if (i < n) {                                                                          \
            int32_t rem = n - i;                                                              \
            __m256i mask = _mm256_setr_epi32(rem > 0 ? -1 : 0, rem > 1 ? -1 : 0,              \
                                             rem > 2 ? -1 : 0, rem > 3 ? -1 : 0,              \
                                             rem > 4 ? -1 : 0, rem > 5 ? -1 : 0,              \
                                             rem > 6 ? -1 : 0, 0);                            \
            __m256 xv = _mm256_maskload_ps(x + i, mask);                                      \
            for (int32_t r = 0; r < R; r++)                                                   \
                a[r] = _mm256_add_ps(                                                         \
                    a[r], _mm256_mul_ps(                                                      \
                              _mm256_maskload_ps(w + (size_t)r * (size_t)stride + i, mask), xv)); \
        }                                                                                     \
        for (int32_t q = 0; q < R; q += 4) {                                                  \
            __m128 h[4];                                                                      \
            for (int32_t r = 0; r < 4; r++) /* [l0+l4, l1+l5, l2+l6, l3+l7] */                \
                h[r] = _mm_add_ps(_mm256_castps256_ps128(a[q + r]),                           \
                                  _mm256_extractf128_ps(a[q + r], 1));                        \
            _mm_storeu_ps(sums + q,                                                           \
                          _mm_hadd_ps(_mm_hadd_ps(h[0], h[1]), _mm_hadd_ps(h[2], h[3])));     \
        }                                                                                     \
    } while (0)

__attribute__((target("avx"))) static void dot_rows_avx_f(const float *w, int32_t stride,
                                                          int32_t R, const float *x, int32_t n,
                                                          float *sums)
{
    if (R == 8)
        BC_AVX_DOT_ROWS(8);
    else if (R == 4)
        BC_AVX_DOT_ROWS(4);
    else
        dot_rows_portable_f(w, stride, R, x, n, sums);
}
#endif

/* s > 0 ? s : +0 without a branch (a NaN or -0 gives +0, as the select
 * does): the sign of a hidden unit's sum is data, and a branch on it is
 * mispredicted about half the time (measured: ~0.5 us of a 64-32 MLP row). */
static inline float relu_f(float s)
{
    uint32_t bits;
    memcpy(&bits, &s, sizeof bits);
    bits &= (uint32_t)0 - (uint32_t)(s > 0.0f);
    memcpy(&s, &bits, sizeof s);
    return s;
}

static inline float activate_f(int32_t activation, float s)
{
    if (activation == BC_ACT_RELU)
        return relu_f(s);
    if (activation == BC_ACT_TANH)
        return (float)tanh((double)s);
    if (activation == BC_ACT_SIGMOID)
        return (float)(1.0 / (1.0 + exp(-(double)s)));
    return s;
}

typedef void (*dot_rows_fn)(const float *, int32_t, int32_t, const float *, int32_t, float *);

/* out[o] = bias[o] + the fixed-lane dot product of weight row o and in. */
static void dense_sums_f(const float *weight, const float *bias, int32_t n_out, int32_t n_in,
                         const float *in, float *out, dot_rows_fn dot)
{
    float sums[8];
    int32_t o = 0;
    for (; o + 8 <= n_out; o += 8) {
        dot(weight + (size_t)o * (size_t)n_in, n_in, 8, in, n_in, sums);
        for (int32_t r = 0; r < 8; r++)
            out[o + r] = bias[o + r] + sums[r];
    }
    if (o + 4 <= n_out) {
        dot(weight + (size_t)o * (size_t)n_in, n_in, 4, in, n_in, sums);
        for (int32_t r = 0; r < 4; r++)
            out[o + r] = bias[o + r] + sums[r];
        o += 4;
    }
    for (; o < n_out; o++) {
        dot_rows_portable_f(weight + (size_t)o * (size_t)n_in, n_in, 1, in, n_in, sums);
        out[o] = bias[o] + sums[0];
    }
}

void bc_dense_rows_f32(const float *weight, const float *bias, int32_t n_out, int32_t n_in,
                       const float *x, float *y)
{
    dot_rows_fn dot = dot_rows_portable_f;
#ifdef BC_MODEL_AVX
    if (__builtin_cpu_supports("avx"))
        dot = dot_rows_avx_f;
#endif
    dense_sums_f(weight, bias, n_out, n_in, x, y, dot);
}

static void dense_row_f(const bc_model_layer *L, const float *in, float *out, dot_rows_fn dot)
{
    int32_t o;
    dense_sums_f(L->weight, L->bias, L->out, L->in, in, out, dot);
    /* The activation in a pass of its own: one test of the kind per layer,
     * and a ReLU pass the compiler vectorizes. */
    if (L->activation == BC_ACT_RELU) {
        for (o = 0; o < L->out; o++)
            out[o] = relu_f(out[o]);
    } else if (L->activation != BC_ACT_IDENTITY) {
        for (o = 0; o < L->out; o++)
            out[o] = activate_f(L->activation, out[o]);
    }
}

void bc_model_forward_row_fast(const bc_model *m, const double *x, double *probs,
                               double *scratch)
{
    bc_model_forward_row_fast_with(m, x, probs, scratch, 1);
}

void bc_model_forward_row_fast_with(const bc_model *m, const double *x, double *probs,
                                    double *scratch, int32_t allow_avx)
{
    if (m->kind == BC_MODEL_TREES) {
        trees_forward_row(m, x, NULL, probs, scratch);
        return;
    }
    float *cur = (float *)(void *)scratch; /* 2 x max_width floats fit in the doubles */
    float *next = cur + m->max_width;
    dot_rows_fn dot = dot_rows_portable_f;
    void (*normalize)(const bc_model *, const double *, float *) = normalize_row_f_portable;
#ifdef BC_MODEL_AVX
    if (allow_avx && __builtin_cpu_supports("avx")) {
        dot = dot_rows_avx_f;
        normalize = normalize_row_f_avx;
    }
#else
    (void)allow_avx;
#endif
    normalize(m, x, cur);
    for (int32_t l = 0; l < m->n_layers; l++) {
        dense_row_f(&m->layers[l], cur, next, dot);
        float *t = cur;
        cur = next;
        next = t;
    }
    for (int32_t c = 0; c < m->n_classes; c++)
        probs[c] = (double)cur[c];
    softmax_double(probs, m->n_classes);
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
    if (m->kind == BC_MODEL_TREES) {
        /* Trees read raw rows: the trainer hands them over unnormalized. */
        float *margin = malloc(sizeof(float) * (size_t)m->n_classes);
        double *p = malloc(sizeof(double) * (size_t)m->n_classes);
        if (!margin || !p) {
            free(margin);
            free(p);
            return bc_fail(BC_E_OUT_OF_MEMORY, "model forward: out of memory");
        }
        for (int64_t r = 0; r < n; r++) {
            bc_trees_margin(m->trees, xn + r * m->n_features, margin);
            for (int32_t c = 0; c < m->n_classes; c++)
                p[c] = (double)margin[c];
            softmax_double(p, m->n_classes);
            for (int32_t c = 0; c < m->n_classes; c++)
                probs[r * m->n_classes + c] = (float)p[c];
        }
        free(margin);
        free(p);
        (void)backend;
        return BC_OK;
    }
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
    if (m->kind == BC_MODEL_TREES) {
        if (m->n_layers != 0 || !m->trees || m->trees->n_classes != m->n_classes)
            return bc_fail(BC_E_CORRUPT, "trees model with %d layers and %s", (int)m->n_layers,
                           m->trees ? "trees for another class count" : "no trees");
        int32_t rc = bc_trees_validate(m->trees, m->n_features);
        if (rc != BC_OK)
            return rc;
    } else if (m->kind == BC_MODEL_POLICY) {
        if (m->n_layers != 0 || !m->policy || m->policy->net.obs != m->n_features ||
            m->policy->net.actions != m->n_classes)
            return bc_fail(BC_E_CORRUPT, "policy model with %d layers and %s", (int)m->n_layers,
                           m->policy ? "a network of another shape" : "no network");
    } else if (m->n_layers < 1 || (m->kind == BC_MODEL_LOGISTIC && m->n_layers != 1))
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

int32_t bc_model_rows_supported(const bc_model *m, const char *fn)
{
    if (m->kind == BC_MODEL_POLICY)
        return bc_fail(BC_E_UNSUPPORTED, "%s: a policy model is recurrent (it carries a GRU "
                       "state from step to step): step it with bc_policy_from_model and "
                       "bc_policy_step, or export it to ONNX", fn);
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
    if (m->kind == BC_MODEL_POLICY) {
        const rl_net *net = &m->policy->net;
        json_t *pol = json_object();
        json_object_set_new(pol, "observations", json_integer(net->obs));
        json_object_set_new(pol, "hidden_dim", json_integer(net->hidden));
        json_object_set_new(pol, "gru_layers", json_integer(net->layers));
        json_object_set_new(pol, "head_dim", json_integer(net->head));
        json_object_set_new(pol, "actions", json_integer(net->actions));
        json_object_set_new(pol, "parameters", json_integer(net->n_params));
        json_object_set_new(pol, "episode_length", json_integer(m->policy->episode_length));
        json_object_set_new(root, "policy", pol);
    }
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
