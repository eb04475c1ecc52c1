/*
 * mlp.c - the MLP optimizer: Glorot/He uniform init and per-epoch minibatch
 * order both drawn from Philox keyed by the seed (so a seed reproduces the
 * model bit for bit on the same backend and thread count), Adam steps on
 * the backend, early stopping on the time-ordered validation tail with the
 * best epoch's weights restored.
 */
#include "train/train.h"
#include "core/internal.h"
#include "core/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Philox streams: init, then one per epoch for the shuffle. */
#define MLP_STREAM_INIT 1u
#define MLP_STREAM_SHUFFLE_BASE 1000u

static void init_params(const bc_net_layout *net, uint64_t seed, float *params)
{
    uint64_t counter = 0;
    uint32_t block[4];
    for (int32_t l = 0; l < net->n_layers; l++) {
        /* He for ReLU layers, Glorot otherwise (including the output). */
        double a = net->act[l] == BC_ACT_RELU ? sqrt(6.0 / net->in[l])
                                               : sqrt(6.0 / (net->in[l] + net->out[l]));
        float *W = params + net->w_off[l];
        int64_t count = (int64_t)net->in[l] * net->out[l];
        for (int64_t i = 0; i < count; i++) {
            if ((counter & 3) == 0)
                bc_philox_block(seed, MLP_STREAM_INIT, counter >> 2, block);
            float u = bc_philox_to_unit_float(block[counter & 3]);
            counter++;
            W[i] = (float)((2.0 * u - 1.0) * a);
        }
        memset(params + net->b_off[l], 0, sizeof(float) * (size_t)net->out[l]);
    }
}

/* Fisher-Yates with Philox draws: the epoch's row order. */
static void shuffle(int64_t *order, int64_t n, uint64_t seed, uint64_t epoch)
{
    for (int64_t i = 0; i < n; i++)
        order[i] = i;
    uint32_t block[4];
    for (int64_t i = n - 1, k = 0; i > 0; i--, k++) {
        if ((k & 1) == 0)
            bc_philox_block(seed, MLP_STREAM_SHUFFLE_BASE + epoch, (uint64_t)k >> 1, block);
        uint64_t r = ((uint64_t)block[(k & 1) * 2] << 32) | block[(k & 1) * 2 + 1];
        int64_t j = (int64_t)(r % (uint64_t)(i + 1));
        int64_t tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
    }
}

int32_t bc_fit_mlp(bc_fit_job *job)
{
    bc_net_layout net;
    bc_net_layout_from_model(job->model, &net);
    const int32_t F = job->model->n_features;
    int64_t B = job->batch_size < job->n_train ? job->batch_size : job->n_train;
    bc_net_work work;
    int32_t rc = bc_net_work_alloc(&net, B, &work);
    if (rc != BC_OK)
        return rc;
    size_t P = (size_t)net.n_params;
    float *params = malloc(sizeof(float) * P), *best = malloc(sizeof(float) * P);
    float *grad = malloc(sizeof(float) * P);
    float *m1 = calloc(P, sizeof(float)), *m2 = calloc(P, sizeof(float));
    float *xb = malloc(sizeof(float) * (size_t)B * (size_t)F), *wb = malloc(sizeof(float) * (size_t)B);
    int32_t *yb = malloc(sizeof(int32_t) * (size_t)B);
    int64_t *order = malloc(sizeof(int64_t) * (size_t)job->n_train);
    if (!params || !best || !grad || !m1 || !m2 || !xb || !wb || !yb || !order) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "mlp: out of memory");
        goto out;
    }
    init_params(&net, job->seed, params);
    memcpy(best, params, sizeof(float) * P);
    double best_valid = INFINITY;
    int32_t since_best = 0;
    int64_t step = 0;
    job->stop_reason = "epochs";
    for (int32_t epoch = 0; epoch < job->epochs; epoch++) {
        shuffle(order, job->n_train, job->seed, (uint64_t)epoch);
        double epoch_loss = 0.0, epoch_w = 0.0;
        for (int64_t start = 0; start < job->n_train; start += B) {
            if (__atomic_load_n(job->cancel, __ATOMIC_SEQ_CST)) {
                rc = bc_fail(BC_E_CANCELLED, "mlp: cancelled in epoch %d", (int)epoch + 1);
                goto out;
            }
            int64_t rows = job->n_train - start < B ? job->n_train - start : B;
            double wsum = 0.0;
            for (int64_t r = 0; r < rows; r++) {
                int64_t i = order[start + r];
                memcpy(xb + r * F, job->xn + i * F, sizeof(float) * (size_t)F);
                yb[r] = job->y[i];
                wb[r] = job->w[i];
                wsum += wb[r];
            }
            if (!(wsum > 0.0))
                continue; /* a batch of zero-weight rows carries no signal */
            double loss;
            rc = bc_net_loss_grad(job->backend, &net, params, xb, yb, wb, rows, wsum, job->l2,
                                  grad, &work, &loss);
            if (rc == BC_OK && !isfinite(loss))
                rc = bc_fail(BC_E_NUMERIC, "mlp: loss became %g in epoch %d (lower lr?)", loss,
                             (int)epoch + 1);
            if (rc != BC_OK)
                goto out;
            step++;
            rc = job->backend->ops->adam_update(job->backend->state, params, grad, m1, m2,
                                                (int64_t)P, (float)job->lr, 0.9f, 0.999f, 1e-8f,
                                                0.0f, step);
            if (rc != BC_OK)
                goto out;
            epoch_loss += loss * wsum;
            epoch_w += wsum;
        }
        job->iterations = epoch + 1;
        double train_loss = epoch_w > 0 ? epoch_loss / epoch_w : NAN;
        double valid_loss = NAN;
        if (job->n_valid > 0) {
            double acc;
            bc_net_params_to_model(job->model, &net, params);
            rc = bc_evaluate_rows(job->backend, job->model, job->xn + job->n_train * F,
                                  job->y + job->n_train, job->w + job->n_train, job->n_valid,
                                  1, &valid_loss, &acc, NULL);
            if (rc != BC_OK)
                goto out;
        }
        if (job->progress &&
            job->progress(epoch + 1, job->epochs, train_loss, valid_loss, job->progress_user)) {
            rc = bc_fail(BC_E_CANCELLED, "mlp: cancelled by the progress callback after epoch %d",
                         (int)epoch + 1);
            goto out;
        }
        if (job->n_valid > 0 && isfinite(valid_loss)) {
            if (valid_loss < best_valid) {
                best_valid = valid_loss;
                memcpy(best, params, sizeof(float) * P);
                since_best = 0;
            } else if (++since_best >= job->patience) {
                job->stop_reason = "early_stopping";
                break;
            }
        }
    }
    bc_net_params_to_model(job->model, &net, job->n_valid > 0 && isfinite(best_valid) ? best
                                                                                     : params);
out:
    free(params);
    free(best);
    free(grad);
    free(m1);
    free(m2);
    free(xb);
    free(wb);
    free(yb);
    free(order);
    bc_net_work_free(&work);
    return rc;
}
