/*
 * net_objective.c - weighted softmax cross-entropy with L2 for a stack of
 * dense layers, and its gradient by backpropagation. Logistic regression
 * (no hidden layer, optimized by L-BFGS) and the MLP (minibatch Adam) both
 * train on this one function; the gradient checks in tests/test_train.c
 * hold it to central finite differences.
 */
#include "train/train.h"
#include "core/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bc_net_layout_from_model(const bc_model *m, bc_net_layout *net)
{
    memset(net, 0, sizeof *net);
    net->n_layers = m->n_layers;
    int64_t off = 0;
    for (int32_t l = 0; l < m->n_layers; l++) {
        const bc_model_layer *L = &m->layers[l];
        net->in[l] = L->in;
        net->out[l] = L->out;
        net->act[l] = L->activation;
        net->w_off[l] = off;
        off += (int64_t)L->in * L->out;
        net->b_off[l] = off;
        off += L->out;
        if (L->out > net->max_out)
            net->max_out = L->out;
    }
    net->n_params = off;
}

void bc_net_params_from_model(const bc_model *m, const bc_net_layout *net, float *params)
{
    for (int32_t l = 0; l < net->n_layers; l++) {
        memcpy(params + net->w_off[l], m->layers[l].weight,
               sizeof(float) * (size_t)net->in[l] * (size_t)net->out[l]);
        memcpy(params + net->b_off[l], m->layers[l].bias, sizeof(float) * (size_t)net->out[l]);
    }
}

void bc_net_params_to_model(bc_model *m, const bc_net_layout *net, const float *params)
{
    for (int32_t l = 0; l < net->n_layers; l++) {
        memcpy(m->layers[l].weight, params + net->w_off[l],
               sizeof(float) * (size_t)net->in[l] * (size_t)net->out[l]);
        memcpy(m->layers[l].bias, params + net->b_off[l], sizeof(float) * (size_t)net->out[l]);
    }
}

/* Rows per pass through the layers. A chunk of inputs stays in cache
 * between the forward and the backward product, so a large batch (the
 * logistic's whole training set) is read from memory once per evaluation
 * instead of twice, and the work buffers stay small. */
#define NET_CHUNK_ROWS 4096

int32_t bc_net_work_alloc(const bc_net_layout *net, int64_t rows, bc_net_work *work)
{
    memset(work, 0, sizeof *work);
    if (rows > NET_CHUNK_ROWS)
        rows = NET_CHUNK_ROWS;
    if (rows < 1)
        rows = 1;
    work->rows = rows;
    int ok = 1;
    for (int32_t l = 0; l < net->n_layers && ok; l++)
        ok = (work->acts[l] = malloc(sizeof(float) * (size_t)(rows * net->out[l]))) != NULL;
    for (int i = 0; i < 2 && ok; i++)
        ok = (work->delta[i] = malloc(sizeof(float) * (size_t)(rows * net->max_out))) != NULL;
    if (!ok) {
        bc_net_work_free(work);
        return bc_fail(BC_E_OUT_OF_MEMORY, "training: out of memory for %lld rows",
                       (long long)rows);
    }
    return BC_OK;
}

void bc_net_work_free(bc_net_work *work)
{
    for (int32_t l = 0; l < BC_MODEL_MAX_LAYERS; l++)
        free(work->acts[l]);
    free(work->delta[0]);
    free(work->delta[1]);
    memset(work, 0, sizeof *work);
}

/* Softmax cross-entropy per row: returns the weighted loss sum (double)
 * and, when want_delta, turns the logits into dL/dlogits = w (p - onehot) /
 * weight_sum in place. Probabilities are float (the gradient is float
 * anyway); the log-sum-exp of the loss is double. */
static double softmax_xent_rows(float *z, const int32_t *y, const float *w,
                                int64_t rows, int32_t C, double inv_wsum,
                                int want_delta)
{
    double total = 0.0;
    float stack_e[64];
    for (int64_t i = 0; i < rows; i++) {
        float *zi = z + i * C;
        float mx = zi[0];
        for (int32_t c = 1; c < C; c++)
            if (zi[c] > mx)
                mx = zi[c];
        /* exps kept for the delta when the class count fits the stack */
        float *e = C <= 64 ? stack_e : NULL;
        float s = 0.0f;
        for (int32_t c = 0; c < C; c++) {
            float v = expf(zi[c] - mx);
            if (e)
                e[c] = v;
            s += v;
        }
        /* s is in [1, C]: logf is accurate to float precision there, and the
         * loss is summed in double. */
        double wi = w ? (double)w[i] : 1.0;
        total += wi * ((double)logf(s) - ((double)zi[y[i]] - (double)mx));
        if (!want_delta)
            continue;
        float k = (float)(wi * inv_wsum), inv_s = 1.0f / s;
        for (int32_t c = 0; c < C; c++)
            zi[c] = k * ((e ? e[c] : expf(zi[c] - mx)) * inv_s - (c == y[i] ? 1.0f : 0.0f));
    }
    return total;
}

/* Forward and (when grad) backward for rows [0, B) of one chunk; gradients
 * are added into grad (beta = 1), so chunks accumulate. */
static int32_t chunk_loss_grad(bc_backend *backend, const bc_net_layout *net,
                               const float *params, const float *x, const int32_t *y,
                               const float *w, int32_t B, double inv_wsum, float *grad,
                               bc_net_work *work, double *data_loss)
{
    int32_t L = net->n_layers, rc = BC_OK;
    const float *prev = x;
    for (int32_t l = 0; l < L && rc == BC_OK; l++) {
        float *a = work->acts[l];
        const float *bias = params + net->b_off[l];
        for (int32_t r = 0; r < B; r++)
            memcpy(a + (int64_t)r * net->out[l], bias, sizeof(float) * (size_t)net->out[l]);
        rc = bc_backend_sgemm(backend, 0, 1, B, net->out[l], net->in[l], 1.0f, prev,
                              net->in[l], params + net->w_off[l], net->in[l], 1.0f, a,
                              net->out[l]);
        if (rc == BC_OK && net->act[l] != BC_ACT_IDENTITY)
            rc = backend->ops->activation(backend->state, net->act[l], a, a,
                                          (int64_t)B * net->out[l]);
        prev = a;
    }
    if (rc != BC_OK)
        return rc;
    int32_t C = net->out[L - 1];
    *data_loss += softmax_xent_rows(work->acts[L - 1], y, w, B, C, inv_wsum, grad != NULL);
    if (!grad)
        return BC_OK;
    /* Backward: delta holds dL/d(pre-activation) of layer l; the last
     * layer's was written over its logits by softmax_xent_rows. */
    float *delta = work->acts[L - 1];
    int which = 0;
    for (int32_t l = L - 1; l >= 0 && rc == BC_OK; l--) {
        const float *input = l > 0 ? work->acts[l - 1] : x;
        float *gb = grad + net->b_off[l];
        const float *W = params + net->w_off[l];
        rc = bc_backend_sgemm(backend, 1, 0, net->out[l], net->in[l], B, 1.0f, delta,
                              net->out[l], input, net->in[l], 1.0f, grad + net->w_off[l],
                              net->in[l]);
        for (int32_t r = 0; r < B; r++) {
            const float *d = delta + (int64_t)r * net->out[l];
            for (int32_t o = 0; o < net->out[l]; o++)
                gb[o] += d[o];
        }
        if (l == 0 || rc != BC_OK)
            break;
        /* d(input) = delta W, then through the previous activation. */
        float *next = work->delta[which];
        which ^= 1;
        rc = bc_backend_sgemm(backend, 0, 0, B, net->in[l], net->out[l], 1.0f, delta,
                              net->out[l], W, net->in[l], 0.0f, next, net->in[l]);
        const float *a = work->acts[l - 1];
        int64_t count = (int64_t)B * net->in[l];
        if (net->act[l - 1] == BC_ACT_RELU) {
            for (int64_t i = 0; i < count; i++)
                if (!(a[i] > 0.0f))
                    next[i] = 0.0f;
        } else if (net->act[l - 1] == BC_ACT_TANH) {
            for (int64_t i = 0; i < count; i++)
                next[i] *= 1.0f - a[i] * a[i];
        }
        delta = next;
    }
    return rc;
}

/* Data term over rows [r0, r1) (r0 a multiple of the chunk size), chunk
 * by chunk, with gradients added into grad. */
static int32_t rows_loss_grad(bc_backend *backend, const bc_net_layout *net,
                              const float *params, const float *x, const int32_t *y,
                              const float *w, int64_t r0, int64_t r1, double inv_wsum,
                              float *grad, bc_net_work *work, double *data_loss)
{
    int32_t rc = BC_OK;
    int32_t F = net->in[0];
    for (; r0 < r1 && rc == BC_OK; r0 += work->rows) {
        int32_t B = (int32_t)(r1 - r0 < work->rows ? r1 - r0 : work->rows);
        rc = chunk_loss_grad(backend, net, params, x + r0 * F, y + r0, w ? w + r0 : NULL, B,
                             inv_wsum, grad, work, data_loss);
    }
    return rc;
}

/* Adds the L2 term's gradient into grad (when not NULL); returns the sum of
 * squared weights. */
static double add_penalty(const bc_net_layout *net, const float *params, double l2,
                          float *grad)
{
    double penalty = 0.0;
    for (int32_t l = 0; l < net->n_layers; l++) {
        const float *W = params + net->w_off[l];
        float *gW = grad ? grad + net->w_off[l] : NULL;
        for (int64_t i = 0; i < (int64_t)net->in[l] * net->out[l]; i++) {
            penalty += (double)W[i] * W[i];
            if (gW)
                gW[i] += (float)l2 * W[i];
        }
    }
    return penalty;
}

int32_t bc_net_loss_grad(bc_backend *backend, const bc_net_layout *net,
                         const float *params, const float *x,
                         const int32_t *y, const float *w, int64_t rows,
                         double weight_sum, double l2, float *grad,
                         bc_net_work *work, double *loss)
{
    double inv = weight_sum > 0.0 ? 1.0 / weight_sum : 0.0;
    if (grad)
        memset(grad, 0, sizeof(float) * (size_t)net->n_params);
    double data_loss = 0.0;
    int32_t rc = rows_loss_grad(backend, net, params, x, y, w, 0, rows, inv, grad, work,
                                &data_loss);
    if (rc != BC_OK)
        return rc;
    double penalty = add_penalty(net, params, l2, grad);
    *loss = data_loss * inv + 0.5 * l2 * penalty;
    return BC_OK;
}

int32_t bc_net_par_alloc(const bc_net_layout *net, int64_t rows, int32_t threads,
                         bc_net_par *par)
{
    memset(par, 0, sizeof *par);
    if (threads < 1)
        threads = 1;
    /* More threads than chunks would idle. */
    int64_t chunks = (rows + NET_CHUNK_ROWS - 1) / NET_CHUNK_ROWS;
    if (threads > chunks)
        threads = chunks > 0 ? (int32_t)chunks : 1;
    par->work = calloc((size_t)threads, sizeof *par->work);
    par->grad = calloc((size_t)threads, sizeof *par->grad);
    if (!par->work || !par->grad) {
        free(par->work);
        free(par->grad);
        memset(par, 0, sizeof *par);
        return bc_fail(BC_E_OUT_OF_MEMORY, "training: out of memory for %d threads",
                       (int)threads);
    }
    par->threads = threads;
    int32_t rc = BC_OK;
    for (int32_t t = 0; t < threads && rc == BC_OK; t++) {
        rc = bc_net_work_alloc(net, rows, &par->work[t]);
        /* thread 0 accumulates into the caller's gradient */
        if (rc == BC_OK && t > 0 &&
            !(par->grad[t] = malloc(sizeof(float) * (size_t)net->n_params)))
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "training: out of memory for %d threads",
                         (int)threads);
    }
    if (rc != BC_OK)
        bc_net_par_free(par);
    return rc;
}

void bc_net_par_free(bc_net_par *par)
{
    for (int32_t t = 0; t < par->threads; t++) {
        if (par->work)
            bc_net_work_free(&par->work[t]);
        if (par->grad)
            free(par->grad[t]);
    }
    free(par->work);
    free(par->grad);
    memset(par, 0, sizeof *par);
}

/* One thread's share of an evaluation. */
typedef struct par_task {
    bc_backend *backend;
    const bc_net_layout *net;
    const float *params, *x, *w;
    const int32_t *y;
    int64_t r0, r1;
    double inv;
    float *grad; /* zeroed by the thread; NULL = loss only */
    bc_net_work *work;
    double data_loss;
    int32_t rc;
    char error[256]; /* the thread's message, raised again by the caller */
} par_task;

static void *par_run(void *arg)
{
    par_task *k = arg;
    if (k->grad)
        memset(k->grad, 0, sizeof(float) * (size_t)k->net->n_params);
    k->data_loss = 0.0;
    k->rc = rows_loss_grad(k->backend, k->net, k->params, k->x, k->y, k->w, k->r0, k->r1,
                           k->inv, k->grad, k->work, &k->data_loss);
    if (k->rc != BC_OK)
        snprintf(k->error, sizeof k->error, "%s", bc_last_error());
    return NULL;
}

int32_t bc_net_loss_grad_par(bc_backend *backend, const bc_net_layout *net,
                             const float *params, const float *x,
                             const int32_t *y, const float *w, int64_t rows,
                             double weight_sum, double l2, float *grad,
                             bc_net_par *par, double *loss)
{
    int32_t T = par->threads;
    int64_t chunks = (rows + NET_CHUNK_ROWS - 1) / NET_CHUNK_ROWS;
    /* Threads only on the cpu backend: a plugin's device calls are not
     * assumed reentrant. */
    if (T <= 1 || chunks < 2 || backend->ops != bc_cpu_backend_ops())
        return bc_net_loss_grad(backend, net, params, x, y, w, rows, weight_sum, l2, grad,
                                &par->work[0], loss);
    if (T > chunks)
        T = (int32_t)chunks;
    double inv = weight_sum > 0.0 ? 1.0 / weight_sum : 0.0;
    par_task *tasks = calloc((size_t)T, sizeof *tasks);
    if (!tasks)
        return bc_fail(BC_E_OUT_OF_MEMORY, "training: out of memory for %d threads", (int)T);
    /* A fixed partition: thread t takes chunks [t C / T, (t+1) C / T). */
    for (int32_t t = 0; t < T; t++) {
        par_task *k = &tasks[t];
        k->backend = backend;
        k->net = net;
        k->params = params;
        k->x = x;
        k->y = y;
        k->w = w;
        bc_share_rows(chunks, NET_CHUNK_ROWS, t, T, rows, &k->r0, &k->r1);
        k->inv = inv;
        k->grad = grad ? (t == 0 ? grad : par->grad[t]) : NULL;
        k->work = &par->work[t];
    }
    bc_run_shares(tasks, sizeof *tasks, T, par_run);
    /* Reduce in thread order: the same result for the same thread count. */
    int32_t rc = BC_OK;
    double data_loss = 0.0;
    for (int32_t t = 0; t < T; t++) {
        if (tasks[t].rc != BC_OK) {
            rc = bc_fail(tasks[t].rc, "%s", tasks[t].error);
            break;
        }
        data_loss += tasks[t].data_loss;
        if (grad && t > 0) {
            const float *g = par->grad[t];
            for (int64_t i = 0; i < net->n_params; i++)
                grad[i] += g[i];
        }
    }
    free(tasks);
    if (rc != BC_OK)
        return rc;
    double penalty = add_penalty(net, params, l2, grad);
    *loss = data_loss * inv + 0.5 * l2 * penalty;
    return BC_OK;
}

static int compare_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static double sorted_quantile(const float *v, int64_t n, double q)
{
    double pos = q * (double)(n - 1);
    int64_t lo = (int64_t)floor(pos);
    int64_t hi = lo + 1 < n ? lo + 1 : lo;
    double t = pos - (double)lo;
    return (double)v[lo] * (1.0 - t) + (double)v[hi] * t;
}

int32_t bc_normalization_fit(const float *x, int64_t n, int32_t F,
                             int32_t norm_kind, double *center, double *scale)
{
    for (int32_t j = 0; j < F; j++) {
        center[j] = 0.0;
        scale[j] = 1.0;
    }
    if (norm_kind == BC_NORM_NONE || n <= 0)
        return BC_OK;
    double *sum = calloc((size_t)F, sizeof(double));
    double *sq = calloc((size_t)F, sizeof(double));
    int64_t *cnt = calloc((size_t)F, sizeof(int64_t));
    if (!sum || !sq || !cnt) {
        free(sum);
        free(sq);
        free(cnt);
        return bc_fail(BC_E_OUT_OF_MEMORY, "normalization: out of memory");
    }
    /* Two passes (mean, then squared deviations) for a stable variance. */
    for (int64_t i = 0; i < n; i++)
        for (int32_t j = 0; j < F; j++) {
            float v = x[i * F + j];
            if (isfinite(v)) {
                sum[j] += v;
                cnt[j]++;
            }
        }
    for (int32_t j = 0; j < F; j++)
        center[j] = cnt[j] ? sum[j] / (double)cnt[j] : 0.0;
    for (int64_t i = 0; i < n; i++)
        for (int32_t j = 0; j < F; j++) {
            float v = x[i * F + j];
            if (isfinite(v)) {
                double d = v - center[j];
                sq[j] += d * d;
            }
        }
    for (int32_t j = 0; j < F; j++) {
        double sd = cnt[j] ? sqrt(sq[j] / (double)cnt[j]) : 0.0;
        scale[j] = sd > 1e-12 * (1.0 + fabs(center[j])) ? sd : 1.0;
    }
    int32_t rc = BC_OK;
    if (norm_kind == BC_NORM_ROBUST) {
        float *col = malloc(sizeof(float) * (size_t)n);
        if (!col)
            rc = bc_fail(BC_E_OUT_OF_MEMORY, "normalization: out of memory");
        for (int32_t j = 0; j < F && col; j++) {
            int64_t k = 0;
            for (int64_t i = 0; i < n; i++) {
                float v = x[i * F + j];
                if (isfinite(v))
                    col[k++] = v;
            }
            if (k == 0)
                continue;
            qsort(col, (size_t)k, sizeof(float), compare_float);
            center[j] = sorted_quantile(col, k, 0.5);
            double iqr = sorted_quantile(col, k, 0.75) - sorted_quantile(col, k, 0.25);
            if (iqr > 1e-12 * (1.0 + fabs(center[j])))
                scale[j] = iqr;
        }
        free(col);
    }
    free(sum);
    free(sq);
    free(cnt);
    return rc;
}
