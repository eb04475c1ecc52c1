/*
 * logistic.c - multinomial logistic regression by L-BFGS. The optimizer is
 * Debian's liblbfgs (Okazaki's port of Nocedal's L-BFGS, More-Thuente line
 * search); the objective is bc_net_loss_grad on the whole training set, so
 * every product runs on the backend GEMM. L-BFGS works in double on the
 * parameter vector; the products are float.
 */
#include "train/train.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_LBFGS
#include <lbfgs.h>
#ifdef BC_HAVE_OPENBLAS
#include <cblas.h>
#endif

/* Returned by the progress hook to stop; outside liblbfgs's status range. */
#define LOGISTIC_CANCELLED 7001

typedef struct logistic_state {
    bc_fit_job *job;
    bc_net_layout net;
    bc_net_par par;
    float *params, *grad;
    int32_t error; /* first backend failure inside the objective */
} logistic_state;

static lbfgsfloatval_t objective(void *instance, const lbfgsfloatval_t *theta,
                                 lbfgsfloatval_t *g, const int n, const lbfgsfloatval_t step)
{
    (void)step;
    logistic_state *s = instance;
    bc_fit_job *job = s->job;
    for (int i = 0; i < n; i++)
        s->params[i] = (float)theta[i];
    double loss = 0.0;
    int32_t rc = bc_net_loss_grad_par(job->backend, &s->net, s->params, job->xn, job->y,
                                      job->w, job->n_train, job->train_wsum, job->l2, s->grad,
                                      &s->par, &loss);
    if (rc != BC_OK && s->error == BC_OK)
        s->error = rc;
    for (int i = 0; i < n; i++)
        g[i] = s->grad[i];
    return rc == BC_OK ? loss : INFINITY;
}

static int progress(void *instance, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                    const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                    const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int n, int k,
                    int ls)
{
    (void)x;
    (void)g;
    (void)xnorm;
    (void)gnorm;
    (void)step;
    (void)n;
    (void)ls;
    logistic_state *s = instance;
    bc_fit_job *job = s->job;
    job->iterations = k;
    if (s->error != BC_OK)
        return LOGISTIC_CANCELLED;
    if (__atomic_load_n(job->cancel, __ATOMIC_SEQ_CST))
        return LOGISTIC_CANCELLED;
    if (job->progress && job->progress(k, job->max_iter, fx, NAN, job->progress_user) != 0)
        return LOGISTIC_CANCELLED;
    return 0;
}

int32_t bc_fit_logistic(bc_fit_job *job)
{
    logistic_state s;
    memset(&s, 0, sizeof s);
    s.job = job;
    bc_net_layout_from_model(job->model, &s.net);
    int n = (int)s.net.n_params;
    int32_t rc = bc_net_par_alloc(&s.net, job->n_train, job->threads, &s.par);
    if (rc != BC_OK)
        return rc;
    int32_t threads = s.par.threads;
#ifdef BC_HAVE_OPENBLAS
    /* The threads split the rows; OpenBLAS runs single-threaded inside
     * each (skinny products gain nothing from its own threads). */
    int saved_blas_threads = openblas_get_num_threads();
    if (threads > 1)
        openblas_set_num_threads(1);
#endif
    s.params = calloc((size_t)n, sizeof(float));
    s.grad = calloc((size_t)n, sizeof(float));
    lbfgsfloatval_t *theta = lbfgs_malloc(n);
    if (!s.params || !s.grad || !theta) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "logistic: out of memory");
        goto out;
    }
    for (int i = 0; i < n; i++)
        theta[i] = 0.0;
    lbfgs_parameter_t param;
    lbfgs_parameter_init(&param);
    param.m = 10;
    param.epsilon = job->tol;
    param.max_iterations = job->max_iter;
    lbfgsfloatval_t fx = 0;
    int ret = lbfgs(n, theta, &fx, objective, progress, &s, &param);
    if (s.error != BC_OK) {
        rc = s.error;
        goto out;
    }
    if (ret == LOGISTIC_CANCELLED) {
        rc = bc_fail(BC_E_CANCELLED, "logistic: cancelled after %d iterations",
                     (int)job->iterations);
        goto out;
    }
    switch (ret) {
    case LBFGS_SUCCESS:
    case LBFGS_ALREADY_MINIMIZED:
        job->stop_reason = "converged";
        break;
    case LBFGSERR_MAXIMUMITERATION:
        job->stop_reason = "max_iter";
        break;
    case LBFGSERR_ROUNDING_ERROR:
    case LBFGSERR_MINIMUMSTEP:
    case LBFGSERR_MAXIMUMSTEP:
    case LBFGSERR_MAXIMUMLINESEARCH:
    case LBFGSERR_WIDTHTOOSMALL:
    case LBFGSERR_INCREASEGRADIENT:
        /* The line search cannot improve further at float precision: liblbfgs
         * has restored the best point, which is the answer. */
        job->stop_reason = "precision_limit";
        bc_log(BC_LOG_DEBUG, "logistic: L-BFGS stopped with status %d after %d iterations",
               ret, (int)job->iterations);
        break;
    case LBFGSERR_OUTOFMEMORY:
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "logistic: L-BFGS is out of memory");
        goto out;
    default:
        rc = bc_fail(BC_E_INTERNAL, "logistic: L-BFGS failed with status %d", ret);
        goto out;
    }
    if (!isfinite(fx)) {
        rc = bc_fail(BC_E_NUMERIC, "logistic: the loss is not finite (%g)", (double)fx);
        goto out;
    }
    for (int i = 0; i < n; i++)
        s.params[i] = (float)theta[i];
    bc_net_params_to_model(job->model, &s.net, s.params);
out:
    lbfgs_free(theta);
    free(s.params);
    free(s.grad);
    bc_net_par_free(&s.par);
#ifdef BC_HAVE_OPENBLAS
    if (threads > 1)
        openblas_set_num_threads(saved_blas_threads);
#endif
    return rc;
}

#else

int32_t bc_fit_logistic(bc_fit_job *job)
{
    (void)job;
    return bc_fail(BC_E_UNSUPPORTED, "logistic training needs liblbfgs, absent from this build");
}

#endif
