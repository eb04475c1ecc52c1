/*
 * online.c - online learning for a dense softmax model: a private mutable
 * copy of a shared model, and one gradient step on a few labeled rows
 * (new trades, labeled uncertain decisions). Plain C in double, no BLAS and
 * no jansson: it runs inside the Windows DLL, where an EA updates its clone.
 * The normalization statistics stay frozen; only weights and biases move.
 */
#include "core/internal.h"
#include "model/kind.h"
#include "model/model.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int32_t bc_model_copy(const bc_model *m, bc_model **out)
{
    if (out)
        *out = NULL;
    if (!m || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_copy: %s is NULL",
                       !m ? "model" : "out");
    return bc_model_clone(m, out);
}

static int64_t param_count(const bc_model *m)
{
    int64_t n = 0;
    for (int32_t l = 0; l < m->n_layers; l++)
        n += (int64_t)m->layers[l].out * (m->layers[l].in + 1);
    return n;
}

/* Derivative of a layer's activation from its output value a. */
static double activation_slope(int32_t activation, double a)
{
    switch (activation) {
    case BC_ACT_RELU:
        return a > 0.0 ? 1.0 : 0.0;
    case BC_ACT_TANH:
        return 1.0 - a * a;
    case BC_ACT_SIGMOID:
        return a * (1.0 - a);
    default:
        return 1.0;
    }
}

static int32_t check_update_args(const bc_model *m, const double *x, const int32_t *y,
                                 const double *weights, int32_t n, int32_t n_features,
                                 double learning_rate, double l2, double *weight_sum)
{
    if (!m || !x || !y)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_update: %s is NULL",
                       !m ? "model" : !x ? "x" : "y");
    if (n < 1)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_update: n = %d, needs at least 1 row",
                       (int)n);
    if (n_features != m->n_features)
        return bc_fail(BC_E_SHAPE, "bc_model_update: rows have %d features, the model takes %d",
                       (int)n_features, (int)m->n_features);
    if (!isfinite(learning_rate) || learning_rate < 0.0)
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "bc_model_update: learning_rate %g is not a finite value >= 0",
                       learning_rate);
    if (!isfinite(l2) || l2 < 0.0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_update: l2 %g is not a finite value >= 0",
                       l2);
    double sum = 0.0;
    for (int32_t i = 0; i < n; i++) {
        if (y[i] < 0 || y[i] >= m->n_classes)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_model_update: row %d has label %d, expected 0..%d", (int)i,
                           (int)y[i], (int)m->n_classes - 1);
        double w = weights ? weights[i] : 1.0;
        if (!isfinite(w) || w < 0.0)
            return bc_fail(BC_E_INVALID_ARGUMENT,
                           "bc_model_update: row %d has weight %g, expected a finite value >= 0",
                           (int)i, w);
        sum += w;
    }
    if (!(sum > 0.0))
        return bc_fail(BC_E_NO_DATA, "bc_model_update: the %d rows have zero total weight",
                       (int)n);
    *weight_sum = sum;
    return BC_OK;
}

/* Adds the gradient of (w_i / weight_sum) * -log softmax(f(z))[y] for one
 * normalized row z to grad (layout: per layer, weight [out x in] then bias
 * [out]). acts[l] holds layer l's input (acts[0] = z); delta/back are
 * max_width scratch rows. */
static void accumulate_row(const bc_model *m, double **acts, double *logits, int32_t y,
                           double scale, double *grad, const int64_t *offset, double *delta,
                           double *back)
{
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        /* The dense kind's reference layer (model/kind.h), every output kept. */
        bc_dense_layer_ref(L->weight, L->bias, L->out, L->in, L->activation, acts[l],
                           l == m->n_layers - 1 ? logits : acts[l + 1]);
    }
    /* d(-log softmax_y)/d logits = softmax - onehot(y). */
    double mx = logits[0], sum = 0.0;
    for (int32_t c = 1; c < m->n_classes; c++)
        if (logits[c] > mx)
            mx = logits[c];
    for (int32_t c = 0; c < m->n_classes; c++)
        sum += exp(logits[c] - mx);
    for (int32_t c = 0; c < m->n_classes; c++)
        delta[c] = scale * (exp(logits[c] - mx) / sum - (c == y ? 1.0 : 0.0));
    for (int32_t l = m->n_layers - 1; l >= 0; l--) {
        const bc_model_layer *L = &m->layers[l];
        double *gw = grad + offset[l], *gb = gw + (int64_t)L->out * L->in;
        for (int32_t o = 0; o < L->out; o++) {
            double d = delta[o];
            if (d == 0.0)
                continue;
            double *row = gw + (int64_t)o * L->in;
            for (int32_t i = 0; i < L->in; i++)
                row[i] += d * acts[l][i];
            gb[o] += d;
        }
        if (l == 0)
            break;
        const int32_t act = m->layers[l - 1].activation;
        for (int32_t i = 0; i < L->in; i++) {
            double s = 0.0;
            for (int32_t o = 0; o < L->out; o++)
                s += (double)L->weight[(size_t)o * (size_t)L->in + (size_t)i] * delta[o];
            back[i] = s * activation_slope(act, acts[l][i]);
        }
        memcpy(delta, back, sizeof *delta * (size_t)L->in);
    }
}

int32_t bc_model_update(bc_model *m, const double *x, const int32_t *y, const double *weights,
                        int32_t n, int32_t n_features, double learning_rate, double l2)
{
    double weight_sum = 0.0;
    int32_t rc = check_update_args(m, x, y, weights, n, n_features, learning_rate, l2,
                                   &weight_sum);
    if (rc != BC_OK)
        return rc;
    rc = bc_model_rows_supported(m, "bc_model_update");
    if (rc != BC_OK)
        return rc;
    if (m->kind == BC_MODEL_TREES)
        return bc_fail(BC_E_UNSUPPORTED, "bc_model_update: a trees model has no gradient "
                       "step; bc_model_boost adds boosting rounds to it");
    int64_t n_params = param_count(m), act_doubles = m->n_features;
    int64_t offset[BC_MODEL_MAX_LAYERS];
    int64_t off = 0;
    for (int32_t l = 0; l < m->n_layers; l++) {
        offset[l] = off;
        off += (int64_t)m->layers[l].out * (m->layers[l].in + 1);
        act_doubles += m->layers[l].out;
    }
    double *grad = calloc((size_t)n_params, sizeof *grad);
    double *work = malloc(sizeof *work * (size_t)(act_doubles + 2 * (int64_t)m->max_width));
    if (!grad || !work) {
        free(grad);
        free(work);
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_model_update: no memory for %lld parameters",
                       (long long)n_params);
    }
    double *acts[BC_MODEL_MAX_LAYERS + 1];
    acts[0] = work;
    for (int32_t l = 0; l < m->n_layers; l++)
        acts[l + 1] = acts[l] + (l == 0 ? m->n_features : m->layers[l - 1].out);
    double *logits = acts[m->n_layers];
    double *delta = logits + m->n_classes, *back = delta + m->max_width;

    for (int32_t i = 0; i < n; i++) {
        double w = weights ? weights[i] : 1.0;
        if (w == 0.0)
            continue;
        bc_model_normalize_row(m, x + (int64_t)i * n_features, acts[0]);
        accumulate_row(m, acts, logits, y[i], w / weight_sum, grad, offset, delta, back);
    }
    /* The step is computed whole before any weight moves, so a non-finite
     * result leaves the model as it was. */
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        double *gw = grad + offset[l];
        for (int64_t k = 0; k < (int64_t)L->out * L->in; k++)
            gw[k] += l2 * (double)L->weight[k];
    }
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        const double *g = grad + offset[l];
        for (int64_t k = 0; k < (int64_t)L->out * (L->in + 1); k++) {
            double before = k < (int64_t)L->out * L->in ? (double)L->weight[k]
                                                          : (double)L->bias[k - (int64_t)L->out * L->in];
            if (!isfinite(g[k]) || !(fabs(before - learning_rate * g[k]) <= FLT_MAX)) {
                rc = bc_fail(BC_E_NUMERIC,
                             "bc_model_update: layer %d parameter %lld: gradient %g gives a "
                             "non-finite weight",
                             (int)l, (long long)k, g[k]);
                free(grad);
                free(work);
                return rc;
            }
        }
    }
    for (int32_t l = 0; l < m->n_layers; l++) {
        bc_model_layer *L = &m->layers[l];
        const double *gw = grad + offset[l], *gb = gw + (int64_t)L->out * L->in;
        for (int64_t k = 0; k < (int64_t)L->out * L->in; k++)
            L->weight[k] = (float)((double)L->weight[k] - learning_rate * gw[k]);
        for (int32_t o = 0; o < L->out; o++)
            L->bias[o] = (float)((double)L->bias[o] - learning_rate * gb[o]);
    }
    free(grad);
    free(work);
    return BC_OK;
}
