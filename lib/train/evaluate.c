/*
 * evaluate.c - a model's weighted log loss, accuracy and Brier score over
 * normalized rows, the rows split among threads (CPU backend) and the
 * partial sums added in thread order, so one thread count gives the same
 * figures on every run. The trainer's metrics and the MLP's early stopping
 * both read it.
 */
#include "train/train.h"
#include "core/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_OPENBLAS
#include <cblas.h>
#endif

/* One thread's share of bc_evaluate_rows: rows [r0, r1). */
typedef struct eval_task {
    bc_backend *backend;
    const bc_model *m;
    const float *xn, *w;
    const int32_t *y;
    float *probs;
    int given; /* probs already hold the rows' probabilities */
    int64_t r0, r1;
    double wsum, ll, hit, br;
    int32_t rc;
    char error[256]; /* the thread's message, raised again by the caller */
} eval_task;

static void *eval_run(void *arg)
{
    eval_task *k = arg;
    int32_t C = k->m->n_classes, F = k->m->n_features;
    k->rc = k->given ? BC_OK
                     : bc_model_forward_batch_normalized(k->m, k->backend, k->xn + k->r0 * F,
                                                         k->r1 - k->r0, k->probs + k->r0 * C);
    if (k->rc != BC_OK) {
        snprintf(k->error, sizeof k->error, "%s", bc_last_error());
        return NULL;
    }
    for (int64_t i = k->r0; i < k->r1; i++) {
        const float *p = k->probs + i * C;
        int32_t yi = k->y[i];
        double wi = k->w ? k->w[i] : 1.0;
        int32_t best = 0;
        for (int32_t c = 1; c < C; c++)
            if (p[c] > p[best])
                best = c;
        double py = p[yi] > 1e-15f ? p[yi] : 1e-15;
        k->ll -= wi * log(py);
        k->hit += wi * (best == yi);
        for (int32_t c = 0; c < C; c++) {
            double d = p[c] - (c == yi ? 1.0 : 0.0);
            k->br += wi * d * d;
        }
        k->wsum += wi;
    }
    return NULL;
}

/* Rows per share when the evaluation is split over threads. */
#define EVAL_SHARE_ROWS 4096

int32_t bc_evaluate_rows(bc_backend *backend, const bc_model *m, const float *xn,
                         const int32_t *y, const float *w, int64_t n, int32_t threads,
                         double *log_loss, double *accuracy, double *brier)
{
    return bc_evaluate_rows_given(backend, m, xn, NULL, y, w, n, threads, log_loss, accuracy,
                                  brier);
}

int32_t bc_evaluate_rows_given(bc_backend *backend, const bc_model *m, const float *xn,
                               const float *given, const int32_t *y, const float *w, int64_t n,
                               int32_t threads, double *log_loss, double *accuracy,
                               double *brier)
{
    int32_t C = m->n_classes;
    int64_t shares = (n + EVAL_SHARE_ROWS - 1) / EVAL_SHARE_ROWS;
    int32_t T = threads < 1 || backend->ops != bc_cpu_backend_ops() ? 1 : threads;
    if (T > shares)
        T = shares > 0 ? (int32_t)shares : 1;
    float *probs = given ? (float *)given
                         : malloc(sizeof(float) * (size_t)(n > 0 ? n : 1) * (size_t)C);
    eval_task *tasks = calloc((size_t)T, sizeof *tasks);
    if (!probs || !tasks) {
        if (!given)
            free(probs);
        free(tasks);
        return bc_fail(BC_E_OUT_OF_MEMORY, "evaluation: out of memory");
    }
#ifdef BC_HAVE_OPENBLAS
    /* As in the logistic objective: the threads split the rows. */
    int saved_blas_threads = openblas_get_num_threads();
    if (T > 1)
        openblas_set_num_threads(1);
#endif
    for (int32_t t = 0; t < T; t++) {
        eval_task *k = &tasks[t];
        k->backend = backend;
        k->m = m;
        k->xn = xn;
        k->w = w;
        k->y = y;
        k->probs = probs;
        k->given = given != NULL;
        bc_share_rows(shares, EVAL_SHARE_ROWS, t, T, n, &k->r0, &k->r1);
    }
    bc_run_shares(tasks, sizeof *tasks, T, eval_run);
#ifdef BC_HAVE_OPENBLAS
    if (T > 1)
        openblas_set_num_threads(saved_blas_threads);
#endif
    /* Partial sums added in thread order: deterministic per thread count. */
    int32_t rc = BC_OK;
    double wsum = 0, ll = 0, hit = 0, br = 0;
    for (int32_t t = 0; t < T && rc == BC_OK; t++) {
        if (tasks[t].rc != BC_OK) {
            rc = bc_fail(tasks[t].rc, "%s", tasks[t].error);
            break;
        }
        wsum += tasks[t].wsum;
        ll += tasks[t].ll;
        hit += tasks[t].hit;
        br += tasks[t].br;
    }
    if (!given)
        free(probs);
    free(tasks);
    if (rc != BC_OK)
        return rc;
    *log_loss = wsum > 0 ? ll / wsum : NAN;
    *accuracy = wsum > 0 ? hit / wsum : NAN;
    if (brier)
        *brier = wsum > 0 ? br / wsum : NAN;
    return BC_OK;
}
