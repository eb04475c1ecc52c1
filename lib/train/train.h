/*
 * train.h - internals the trainers share: the softmax network's loss and
 * gradient (one implementation for logistic regression and the MLP),
 * normalization statistics, and calibration helpers. Internal; the public
 * view is bc_trainer_* and bc_threshold_search / bc_platt_fit.
 */
#ifndef BC_TRAIN_TRAIN_H
#define BC_TRAIN_TRAIN_H

#include "model/model.h"
#include "backend/backend.h"

#include <stdint.h>

/* Parameter layout of a dense softmax network in one float vector:
 * layer l's weight [out x in] at w_off[l], bias [out] at b_off[l]. */
typedef struct bc_net_layout {
    int32_t n_layers;
    int32_t in[BC_MODEL_MAX_LAYERS], out[BC_MODEL_MAX_LAYERS];
    int32_t act[BC_MODEL_MAX_LAYERS];
    int64_t w_off[BC_MODEL_MAX_LAYERS], b_off[BC_MODEL_MAX_LAYERS];
    int64_t n_params;
    int32_t max_out; /* widest layer output */
} bc_net_layout;

void bc_net_layout_from_model(const bc_model *m, bc_net_layout *net);
void bc_net_params_from_model(const bc_model *m, const bc_net_layout *net, float *params);
void bc_net_params_to_model(bc_model *m, const bc_net_layout *net, const float *params);

/* Buffers for one chunk of rows (at most 4096, fewer when rows is
 * smaller): each layer's output and two deltas. bc_net_loss_grad takes any
 * number of rows and walks them chunk by chunk. */
typedef struct bc_net_work {
    int64_t rows;
    float *acts[BC_MODEL_MAX_LAYERS];
    float *delta[2];
} bc_net_work;

int32_t bc_net_work_alloc(const bc_net_layout *net, int64_t rows, bc_net_work *work);
void bc_net_work_free(bc_net_work *work);

/* Objective on rows x[rows x F] (normalized), labels y, weights w (NULL =
 * 1):
 *   L = (1/weight_sum) * sum_i w_i * -log softmax(f(x_i))[y_i]
 *       + (l2/2) * sum of squared weights (biases are not penalized)
 * Writes L to *loss and, when grad != NULL, dL/dparams into grad (same
 * layout as params). Products run on the backend's GEMM in float; the
 * per-row softmax and the loss sum run in double. */
int32_t bc_net_loss_grad(bc_backend *backend, const bc_net_layout *net,
                         const float *params, const float *x,
                         const int32_t *y, const float *w, int64_t rows,
                         double weight_sum, double l2, float *grad,
                         bc_net_work *work, double *loss);

/* Work for bc_net_loss_grad_par: per thread, chunk buffers and (threads
 * after the first) a private gradient. threads is capped at the number of
 * 4096-row chunks in rows. */
/* Rows [*r0, *r1) of share t of `shares` when `chunks` chunks of
 * chunk_rows rows (rows in all, the last chunk short) are split into
 * contiguous shares: share t takes chunks [chunks t / shares,
 * chunks (t + 1) / shares). */
void bc_share_rows(int64_t chunks, int64_t chunk_rows, int32_t t, int32_t shares, int64_t rows,
                   int64_t *r0, int64_t *r1);

/* Runs fn on each of `shares` tasks (an array of task_size bytes each) and
 * returns when all have finished: task 0 on the calling thread, the others
 * on their own threads; a task whose thread cannot start (or all of them,
 * when the thread table cannot be allocated) runs on the calling thread
 * after task 0. fn reports errors through its task; the caller reduces
 * the tasks in order. Training-only (not in the DLL). */
void bc_run_shares(void *tasks, size_t task_size, int32_t shares, void *(*fn)(void *));

typedef struct bc_net_par {
    int32_t threads;
    bc_net_work *work;
    float **grad;
} bc_net_par;

int32_t bc_net_par_alloc(const bc_net_layout *net, int64_t rows, int32_t threads,
                         bc_net_par *par);
void bc_net_par_free(bc_net_par *par);

/* bc_net_loss_grad with the chunks split over par->threads threads (a
 * fixed contiguous partition of the chunks; each thread sums its loss and
 * gradient privately, and the sums are added in thread order after the
 * join), so the result is deterministic for a given thread count and
 * equal to bc_net_loss_grad's for one thread. Runs on the calling thread
 * alone for one thread, a single chunk, or a backend other than cpu. The
 * backend's GEMM is called from every thread: the caller keeps OpenBLAS
 * single-threaded meanwhile. */
int32_t bc_net_loss_grad_par(bc_backend *backend, const bc_net_layout *net,
                             const float *params, const float *x,
                             const int32_t *y, const float *w, int64_t rows,
                             double weight_sum, double l2, float *grad,
                             bc_net_par *par, double *loss);

/* Per-feature center/scale over rows [0, n) of x[n x F], ignoring
 * non-finite values: mean/std (norm BC_NORM_ZSCORE) or median/IQR
 * (BC_NORM_ROBUST; IQR 0 falls back to std, then 1). A constant or empty
 * column gets scale 1. BC_NORM_NONE gives center 0, scale 1. */
int32_t bc_normalization_fit(const float *x, int64_t n, int32_t F,
                             int32_t norm_kind, double *center, double *scale);

/* One fit, as the trainer hands it to an optimizer: normalized rows, the
 * training rows first, then the time-ordered validation tail. */
typedef struct bc_fit_job {
    bc_backend *backend;
    bc_model *model;      /* layers sized; the optimizer writes the weights */
    const float *xn;      /* [(n_train + n_valid) x F] normalized */
    const int32_t *y;
    const float *w;       /* effective weights (sample x class weight) */
    int64_t n_train, n_valid;
    double train_wsum, valid_wsum;
    /* options */
    double l2, tol, lr;
    int32_t max_iter, epochs, batch_size, patience;
    uint64_t seed;
    int32_t threads; /* objective threads (logistic), >= 1 */
    bc_train_progress_fn progress;
    void *progress_user;
    volatile int32_t *cancel;
    /* results */
    int32_t iterations;
    const char *stop_reason; /* static: "converged", "max_iter", ... */
    /* optional: the fitted model's probabilities of every row
     * [(n_train + n_valid) x C], as its batch forward gives them, when the
     * fit computed them anyway (malloc'ed; the trainer evaluates from them
     * and frees them) */
    float *probs;
} bc_fit_job;

/* Multinomial logistic regression by L-BFGS (liblbfgs) from zero weights.
 * BC_E_UNSUPPORTED in builds without liblbfgs. */
int32_t bc_fit_logistic(bc_fit_job *job);

/* MLP by minibatch Adam with Philox-seeded init and shuffling, early
 * stopping on the validation tail (when there is one). */
int32_t bc_fit_mlp(bc_fit_job *job);

/* Options of the gradient-boosted trees fit (bc_trainer keys in
 * parentheses). */
typedef struct bc_trees_options {
    int32_t rounds;          /* most boosting rounds (rounds), default 300 */
    int32_t max_depth;       /* (max_depth), default 6 */
    double eta;              /* learning rate (eta), default 0.1 */
    double lambda;           /* L2 on leaf weights (lambda), default 1 */
    double min_child_weight; /* (min_child_weight), default 1 */
    int32_t max_bin;         /* histogram bins (max_bin), default 256 */
    int32_t patience;        /* rounds without validation gain before stopping */
} bc_trees_options;

/* Gradient-boosted trees through XGBoost (trees_fit.c) on the raw rows
 * job->xn (the trees kind is not normalized), early stopping on the
 * validation tail; sets the model's ensemble after checking its margins
 * against XGBoost's bit for bit. BC_E_UNSUPPORTED without XGBoost. */
int32_t bc_fit_trees(bc_fit_job *job, const bc_trees_options *opt);

/* Weighted mean log-loss and accuracy of the model on normalized rows.
 * threads > 1 (cpu backend) splits the rows in 4096-row shares over that
 * many threads, OpenBLAS single-threaded meanwhile; partial sums are added
 * in thread order (deterministic for a given thread count). */
int32_t bc_evaluate_rows(bc_backend *backend, const bc_model *m, const float *xn,
                         const int32_t *y, const float *w, int64_t n, int32_t threads,
                         double *log_loss, double *accuracy, double *brier);

/* bc_evaluate_rows with the rows' probabilities given ([n x C], as the
 * model's batch forward gives them; NULL: computed here): the same sums in
 * the same order, no forward pass. */
int32_t bc_evaluate_rows_given(bc_backend *backend, const bc_model *m, const float *xn,
                               const float *given, const int32_t *y, const float *w, int64_t n,
                               int32_t threads, double *log_loss, double *accuracy,
                               double *brier);

#endif /* BC_TRAIN_TRAIN_H */
