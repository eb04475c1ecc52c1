/* test_train.c - the training objective against finite differences, the
 * logistic and MLP trainers (recovery of a known model, determinism,
 * class balancing, time-ordered validation, options, progress and
 * cancellation), threshold search and Platt calibration. */
#include "test_util.h"
#include "train/train.h"
#include "core/rng.h"

#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>

/* Deterministic standard normals (Box-Muller over Philox). */
static void normals(uint64_t seed, float *out, int64_t n)
{
    for (int64_t i = 0; i < n; i += 2) {
        uint32_t b[4];
        bc_philox_block(seed, 77, (uint64_t)i, b);
        double u1 = (bc_philox_to_unit_float(b[0]) + 1e-7), u2 = bc_philox_to_unit_float(b[1]);
        double r = sqrt(-2.0 * log(u1));
        out[i] = (float)(r * cos(2 * M_PI * u2));
        if (i + 1 < n)
            out[i + 1] = (float)(r * sin(2 * M_PI * u2));
    }
}

/* Labels drawn from softmax(x W^T + b) with known W[C x F], b[C]. */
static void softmax_labels(const float *x, int64_t n, int32_t F, int32_t C, const double *W,
                           const double *b, uint64_t seed, int32_t *y)
{
    for (int64_t i = 0; i < n; i++) {
        double z[8], s = 0, mx = -1e300;
        for (int32_t c = 0; c < C; c++) {
            z[c] = b[c];
            for (int32_t j = 0; j < F; j++)
                z[c] += W[c * F + j] * x[i * F + j];
            if (z[c] > mx)
                mx = z[c];
        }
        for (int32_t c = 0; c < C; c++)
            s += (z[c] = exp(z[c] - mx));
        uint32_t blk[4];
        bc_philox_block(seed, 5, (uint64_t)i, blk);
        double u = bc_philox_to_unit_float(blk[0]) * s, acc = 0;
        y[i] = C - 1;
        for (int32_t c = 0; c < C; c++) {
            acc += z[c];
            if (u < acc) {
                y[i] = c;
                break;
            }
        }
    }
}

/* Analytic gradient of bc_net_loss_grad vs central differences in double,
 * on a model with the given hidden layers, with weights and L2. */
static void check_gradient(const int32_t *hidden, int32_t n_hidden, int32_t act)
{
    const int32_t F = 4, C = 3, N = 40;
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(n_hidden ? BC_MODEL_MLP : BC_MODEL_LOGISTIC, F, C, hidden,
                                 n_hidden, act, &m));
    bc_net_layout net;
    bc_net_layout_from_model(m, &net);
    float *params = malloc(sizeof(float) * (size_t)net.n_params);
    float *grad = malloc(sizeof(float) * (size_t)net.n_params);
    normals(11, params, net.n_params);
    for (int64_t i = 0; i < net.n_params; i++)
        params[i] *= 0.7f;
    float x[40 * 4], w[40];
    int32_t y[40];
    normals(12, x, N * F);
    double wsum = 0;
    for (int32_t i = 0; i < N; i++) {
        y[i] = (i * 7) % C;
        w[i] = 0.25f + (float)(i % 5) * 0.5f; /* uneven weights */
        wsum += w[i];
    }
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    bc_net_work work;
    ck_assert_ok(bc_net_work_alloc(&net, N, &work));
    const double l2 = 0.3;
    double loss;
    ck_assert_ok(bc_net_loss_grad(be, &net, params, x, y, w, N, wsum, l2, grad, &work, &loss));
    ck_assert(isfinite(loss) && loss > 0);
    double worst = 0;
    for (int64_t p = 0; p < net.n_params; p++) {
        /* ReLU: a small step so no kink is crossed. */
        const float h = act == BC_ACT_RELU && n_hidden ? 1e-3f : 1e-2f;
        float saved = params[p];
        double lp, lm;
        params[p] = saved + h;
        ck_assert_ok(bc_net_loss_grad(be, &net, params, x, y, w, N, wsum, l2, NULL, &work, &lp));
        params[p] = saved - h;
        ck_assert_ok(bc_net_loss_grad(be, &net, params, x, y, w, N, wsum, l2, NULL, &work, &lm));
        params[p] = saved;
        double fd = (lp - lm) / (2.0 * ((double)(saved + h) - (double)saved));
        double err = fabs(fd - grad[p]);
        /* float products bound the agreement near 1e-5; a wrong term (a
         * missing weight, the L2 part, an activation derivative) is off by
         * 1e-2 or more. */
        ck_assert_msg(err <= (h < 1e-2f ? 1e-3 : 2e-4) + 2e-3 * fabs(fd), "param %lld: analytic %.8g, numeric %.8g",
                      (long long)p, (double)grad[p], fd);
        if (err > worst)
            worst = err;
    }
    bc_net_work_free(&work);
    bc_backend_free(be);
    free(params);
    free(grad);
    bc_model_free(m);
}

START_TEST(logistic_gradient_matches_finite_differences_with_weights_and_l2)
{
    check_gradient(NULL, 0, BC_ACT_RELU);
}
END_TEST

START_TEST(mlp_tanh_gradient_matches_finite_differences_with_weights_and_l2)
{
    int32_t hidden[2] = {5, 3};
    check_gradient(hidden, 2, BC_ACT_TANH);
}
END_TEST

START_TEST(mlp_relu_gradient_matches_finite_differences_with_weights_and_l2)
{
    int32_t hidden[1] = {6};
    check_gradient(hidden, 1, BC_ACT_RELU);
}
END_TEST

START_TEST(threaded_objective_matches_one_thread_and_repeats_bit_for_bit)
{
    /* Three full 4096-row chunks and a partial one, weights and L2. */
    const int32_t F = 5, C = 3, N = 3 * 4096 + 100;
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, F, C, NULL, 0, BC_ACT_IDENTITY, &m));
    bc_net_layout net;
    bc_net_layout_from_model(m, &net);
    float *params = malloc(sizeof(float) * (size_t)net.n_params);
    float *g1 = malloc(sizeof(float) * (size_t)net.n_params);
    float *gp = malloc(sizeof(float) * (size_t)net.n_params);
    float *gq = malloc(sizeof(float) * (size_t)net.n_params);
    float *x = malloc(sizeof(float) * (size_t)N * F), *w = malloc(sizeof(float) * N);
    int32_t *y = malloc(sizeof(int32_t) * N);
    normals(21, params, net.n_params);
    normals(22, x, (int64_t)N * F);
    double wsum = 0;
    for (int32_t i = 0; i < N; i++) {
        y[i] = (i * 5) % C;
        w[i] = 0.5f + (float)(i % 3);
        wsum += w[i];
    }
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    bc_net_work work;
    ck_assert_ok(bc_net_work_alloc(&net, N, &work));
    double l1, lp, lq, lnull;
    ck_assert_ok(bc_net_loss_grad(be, &net, params, x, y, w, N, wsum, 0.2, g1, &work, &l1));

    /* One thread: the same computation, bit for bit. */
    bc_net_par par;
    ck_assert_ok(bc_net_par_alloc(&net, N, 1, &par));
    ck_assert_int_eq(par.threads, 1);
    ck_assert_ok(bc_net_loss_grad_par(be, &net, params, x, y, w, N, wsum, 0.2, gp, &par, &lp));
    ck_assert(lp == l1);
    ck_assert_int_eq(memcmp(gp, g1, sizeof(float) * (size_t)net.n_params), 0);
    bc_net_par_free(&par);

    /* Three threads: the float sums regroup, so equal to rounding; and the
     * same result on every call. Loss-only evaluation gives the same loss. */
    ck_assert_ok(bc_net_par_alloc(&net, N, 3, &par));
    ck_assert_int_eq(par.threads, 3);
    ck_assert_ok(bc_net_loss_grad_par(be, &net, params, x, y, w, N, wsum, 0.2, gp, &par, &lp));
    ck_assert_ok(bc_net_loss_grad_par(be, &net, params, x, y, w, N, wsum, 0.2, gq, &par, &lq));
    ck_assert_ok(bc_net_loss_grad_par(be, &net, params, x, y, w, N, wsum, 0.2, NULL, &par,
                                      &lnull));
    ck_assert_msg(fabs(lp - l1) <= 1e-12 * fabs(l1), "loss %.17g vs one thread %.17g", lp, l1);
    ck_assert(lq == lp && lnull == lp);
    ck_assert_int_eq(memcmp(gp, gq, sizeof(float) * (size_t)net.n_params), 0);
    for (int64_t i = 0; i < net.n_params; i++)
        ck_assert_msg(fabsf(gp[i] - g1[i]) <= 1e-5f + 1e-5f * fabsf(g1[i]),
                      "grad[%lld] %.9g vs one thread %.9g", (long long)i, (double)gp[i],
                      (double)g1[i]);
    bc_net_par_free(&par);

    /* More threads than chunks: capped at the chunk count. */
    ck_assert_ok(bc_net_par_alloc(&net, N, 64, &par));
    ck_assert_int_eq(par.threads, 4);
    bc_net_par_free(&par);

    bc_net_work_free(&work);
    bc_backend_free(be);
    bc_model_free(m);
    free(params);
    free(g1);
    free(gp);
    free(gq);
    free(x);
    free(w);
    free(y);
}
END_TEST

START_TEST(objective_loss_equals_hand_computed_value)
{
    /* One feature, two classes, W = [[0],[1]], b = [0, 0]: logits (0, x). */
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 1, 2, NULL, 0, 0, &m));
    bc_net_layout net;
    bc_net_layout_from_model(m, &net);
    float params[4] = {0.0f, 1.0f, 0.0f, 0.0f};
    float x[2] = {0.0f, 2.0f}, w[2] = {1.0f, 3.0f};
    int32_t y[2] = {1, 0};
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    bc_net_work work;
    ck_assert_ok(bc_net_work_alloc(&net, 2, &work));
    double loss;
    ck_assert_ok(bc_net_loss_grad(be, &net, params, x, y, w, 2, 4.0, 0.5, NULL, &work, &loss));
    /* row 0: -log(1/2); row 1: -log(1/(1+e^2)); weighted mean + 0.5/2 * 1 */
    double expect = (1.0 * log(2.0) + 3.0 * log(1.0 + exp(2.0))) / 4.0 + 0.25;
    ck_assert_double_eq_tol(loss, expect, 1e-6);
    bc_net_work_free(&work);
    bc_backend_free(be);
    bc_model_free(m);
}
END_TEST

enum { GEN_N = 6000, GEN_F = 4, GEN_C = 3 };
static const double gen_W[GEN_C * GEN_F] = {0.0, 0.0, 0.0, 0.0, 1.5, -1.0, 0.5, 0.0,
                                            -1.0, 0.5, 0.0, 1.2};
static const double gen_b[GEN_C] = {0.3, -0.2, 0.1};

static void make_data(float **x, int32_t **y)
{
    *x = malloc(sizeof(float) * GEN_N * GEN_F);
    *y = malloc(sizeof(int32_t) * GEN_N);
    normals(3, *x, GEN_N * GEN_F);
    softmax_labels(*x, GEN_N, GEN_F, GEN_C, gen_W, gen_b, 9, *y);
}

START_TEST(logistic_recovers_known_softmax_model)
{
    float *x;
    int32_t *y;
    make_data(&x, &y);
    bc_trainer *t = NULL;
    ck_assert_ok(bc_trainer_create("logistic", &t));
    ck_assert_ok(bc_trainer_set(t, "normalize", "none"));
    ck_assert_ok(bc_trainer_set(t, "clip", "none"));
    ck_assert_ok(bc_trainer_set(t, "l2", "0"));
    ck_assert_ok(bc_trainer_set(t, "validation_fraction", "0"));
    ck_assert_ok(bc_trainer_set(t, "mode", "heavy"));
    bc_model *m = NULL;
    ck_assert_ok(bc_trainer_fit(t, x, y, NULL, GEN_N, GEN_F, GEN_C, &m));
    /* Softmax is shift-invariant per feature: compare W[c] - W[0]. */
    const bc_model_layer *L = &m->layers[0];
    for (int32_t c = 1; c < GEN_C; c++)
        for (int32_t j = 0; j < GEN_F; j++) {
            double got = L->weight[c * GEN_F + j] - L->weight[j];
            double want = gen_W[c * GEN_F + j] - gen_W[j];
            ck_assert_msg(fabs(got - want) < 0.15, "W[%d][%d] = %g, generated %g", c, j, got,
                          want);
        }
    ck_assert_str_eq(m->mode, "heavy");
    ck_assert_ptr_nonnull(strstr(m->feature_flags, "\"multi_timeframe\":true"));
    ck_assert_int_eq(m->num_samples, GEN_N);
    ck_assert(m->trained_at > 1600000000);
    ck_assert_ptr_nonnull(strstr(m->validation_metrics, "\"train_log_loss\""));
    bc_model_free(m);
    bc_trainer_free(t);
    free(x);
    free(y);
}
END_TEST

START_TEST(logistic_with_l2_matches_penalized_optimum_gradient_zero)
{
    float *x;
    int32_t *y;
    make_data(&x, &y);
    bc_trainer *t = NULL;
    ck_assert_ok(bc_trainer_create("logistic", &t));
    ck_assert_ok(bc_trainer_set(t, "l2", "0.05"));
    ck_assert_ok(bc_trainer_set(t, "tol", "1e-7"));
    ck_assert_ok(bc_trainer_set(t, "validation_fraction", "0"));
    bc_model *m = NULL;
    ck_assert_ok(bc_trainer_fit(t, x, y, NULL, GEN_N, GEN_F, GEN_C, &m));
    /* At the optimum of the penalized objective the gradient vanishes. */
    bc_net_layout net;
    bc_net_layout_from_model(m, &net);
    float *xn = malloc(sizeof(float) * GEN_N * GEN_F), params[64], grad[64];
    for (int32_t i = 0; i < GEN_N; i++)
        bc_model_normalize_row_f32(m, x + i * GEN_F, xn + i * GEN_F);
    bc_net_params_from_model(m, &net, params);
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    bc_net_work work;
    ck_assert_ok(bc_net_work_alloc(&net, GEN_N, &work));
    double loss;
    ck_assert_ok(bc_net_loss_grad(be, &net, params, xn, y, NULL, GEN_N, GEN_N, 0.05, grad,
                                  &work, &loss));
    for (int64_t p = 0; p < net.n_params; p++)
        ck_assert_msg(fabs(grad[p]) < 1e-4, "gradient %lld is %g at the optimum", (long long)p,
                      (double)grad[p]);
    bc_net_work_free(&work);
    bc_backend_free(be);
    free(xn);
    bc_model_free(m);
    bc_trainer_free(t);
    free(x);
    free(y);
}
END_TEST

START_TEST(sample_weights_equal_repeated_rows)
{
    /* Weight 2 on a row is the same objective as the row twice. */
    float *x;
    int32_t *y;
    make_data(&x, &y);
    const int32_t n = 400;
    float *w = malloc(sizeof(float) * n), *x2 = malloc(sizeof(float) * 2 * n * GEN_F);
    int32_t *y2 = malloc(sizeof(int32_t) * 2 * n), n2 = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t reps = (i % 3 == 0) ? 2 : 1;
        w[i] = (float)reps;
        for (int32_t r = 0; r < reps; r++) {
            memcpy(x2 + n2 * GEN_F, x + i * GEN_F, sizeof(float) * GEN_F);
            y2[n2++] = y[i];
        }
    }
    bc_trainer *t = NULL;
    ck_assert_ok(bc_trainer_create("logistic", &t));
    ck_assert_ok(bc_trainer_set(t, "normalize", "none"));
    ck_assert_ok(bc_trainer_set(t, "validation_fraction", "0"));
    ck_assert_ok(bc_trainer_set(t, "l2", "0.01"));
    ck_assert_ok(bc_trainer_set(t, "tol", "1e-8"));
    bc_model *a = NULL, *b = NULL;
    ck_assert_ok(bc_trainer_fit(t, x, y, w, n, GEN_F, GEN_C, &a));
    ck_assert_ok(bc_trainer_fit(t, x2, y2, NULL, n2, GEN_F, GEN_C, &b));
    for (int32_t i = 0; i < GEN_C * GEN_F; i++)
        ck_assert_double_eq_tol(a->layers[0].weight[i], b->layers[0].weight[i], 2e-3);
    bc_model_free(a);
    bc_model_free(b);
    bc_trainer_free(t);
    free(w);
    free(x2);
    free(y2);
    free(x);
    free(y);
}
END_TEST

START_TEST(balanced_class_weight_raises_rare_class_probability)
{
    /* 95% class 0 with one weakly informative feature. */
    const int32_t n = 2000;
    float *x = malloc(sizeof(float) * n);
    int32_t *y = malloc(sizeof(int32_t) * n);
    normals(21, x, n);
    for (int32_t i = 0; i < n; i++) {
        y[i] = (i % 20 == 0) ? 1 : 0;
        if (y[i])
            x[i] += 1.0f;
    }
    double mean_p[2];
    for (int bal = 0; bal < 2; bal++) {
        bc_trainer *t = NULL;
        ck_assert_ok(bc_trainer_create("logistic", &t));
        ck_assert_ok(bc_trainer_set(t, "class_weight", bal ? "balanced" : "none"));
        ck_assert_ok(bc_trainer_set(t, "validation_fraction", "0"));
        bc_model *m = NULL;
        ck_assert_ok(bc_trainer_fit(t, x, y, NULL, n, 1, 2, &m));
        double *xd = malloc(sizeof(double) * n), *p = malloc(sizeof(double) * 2 * n);
        double s = 0, wsum = 0;
        for (int32_t i = 0; i < n; i++)
            xd[i] = x[i];
        ck_assert_ok(bc_model_predict(m, xd, n, 1, p, 2 * n));
        /* balanced: class c weighs n / (2 n_c); n_1 = 100, n_0 = 1900 */
        for (int32_t i = 0; i < n; i++) {
            double wi = bal ? (y[i] ? n / 200.0 : n / 3800.0) : 1.0;
            s += wi * p[2 * i + 1];
            wsum += wi;
        }
        mean_p[bal] = s / wsum;
        free(xd);
        free(p);
        bc_model_free(m);
        bc_trainer_free(t);
    }
    /* With an intercept, the optimum's weighted mean probability equals the
     * weighted class frequency: 5% unbalanced, 50% balanced. */
    ck_assert_double_eq_tol(mean_p[0], 0.05, 0.002);
    ck_assert_double_eq_tol(mean_p[1], 0.5, 0.01);
    free(x);
    free(y);
}
END_TEST

START_TEST(validation_tail_is_the_last_rows_and_normalization_uses_train_only)
{
    /* Feature 0 shifts by +100 in the last 25% of rows: a shuffled split or
     * statistics over all rows would see the shift. */
    const int32_t n = 400, F = 2;
    float *x = malloc(sizeof(float) * n * F);
    int32_t *y = malloc(sizeof(int32_t) * n);
    normals(31, x, n * F);
    for (int32_t i = 0; i < n; i++) {
        y[i] = x[i * F + 1] > 0;
        if (i >= 300)
            x[i * F] += 100.0f;
    }
    bc_trainer *t = NULL;
    ck_assert_ok(bc_trainer_create("logistic", &t));
    ck_assert_ok(bc_trainer_set(t, "validation_fraction", "0.25"));
    bc_model *m = NULL;
    ck_assert_ok(bc_trainer_fit(t, x, y, NULL, n, F, 2, &m));
    double mean = 0;
    for (int32_t i = 0; i < 300; i++)
        mean += x[i * F];
    ck_assert_double_eq_tol(m->center[0], mean / 300, 1e-6);
    ck_assert_int_eq(m->num_samples, 300);
    ck_assert_ptr_nonnull(strstr(m->validation_metrics, "\"num_valid\":100"));
    bc_model_free(m);
    bc_trainer_free(t);
    free(x);
    free(y);
}
END_TEST

static bc_model *fit_mlp(const char *seed, const char *epochs)
{
    float *x;
    int32_t *y;
    make_data(&x, &y);
    bc_trainer *t = NULL;
    ck_assert_ok(bc_trainer_create("mlp", &t));
    ck_assert_ok(bc_trainer_set(t, "hidden", "16,8"));
    ck_assert_ok(bc_trainer_set(t, "seed", seed));
    ck_assert_ok(bc_trainer_set(t, "epochs", epochs));
    ck_assert_ok(bc_trainer_set(t, "batch_size", "128"));
    ck_assert_ok(bc_trainer_set(t, "lr", "0.01"));
    bc_model *m = NULL;
    ck_assert_ok(bc_trainer_fit(t, x, y, NULL, 3000, GEN_F, GEN_C, &m));
    bc_trainer_free(t);
    free(x);
    free(y);
    return m;
}

START_TEST(mlp_same_seed_gives_bit_identical_model)
{
    bc_model *a = fit_mlp("7", "4"), *b = fit_mlp("7", "4"), *c = fit_mlp("8", "4");
    int differs = 0;
    for (int32_t l = 0; l < a->n_layers; l++) {
        size_t count = (size_t)a->layers[l].in * (size_t)a->layers[l].out;
        ck_assert_int_eq(memcmp(a->layers[l].weight, b->layers[l].weight, count * sizeof(float)), 0);
        ck_assert_int_eq(memcmp(a->layers[l].bias, b->layers[l].bias,
                                (size_t)a->layers[l].out * sizeof(float)), 0);
        differs |= memcmp(a->layers[l].weight, c->layers[l].weight, count * sizeof(float)) != 0;
    }
    ck_assert_msg(differs, "another seed gave the same weights");
    bc_model_free(a);
    bc_model_free(b);
    bc_model_free(c);
}
END_TEST

/* A logistic fit on all GEN_N rows (two 4096-row chunks) with the given
 * thread count. */
static bc_model *fit_logistic_threads(const char *threads)
{
    float *x;
    int32_t *y;
    make_data(&x, &y);
    bc_trainer *t = NULL;
    ck_assert_ok(bc_trainer_create("logistic", &t));
    ck_assert_ok(bc_trainer_set(t, "validation_fraction", "0"));
    ck_assert_ok(bc_trainer_set(t, "threads", threads));
    bc_model *m = NULL;
    ck_assert_ok(bc_trainer_fit(t, x, y, NULL, GEN_N, GEN_F, GEN_C, &m));
    bc_trainer_free(t);
    free(x);
    free(y);
    return m;
}

START_TEST(logistic_same_thread_count_gives_bit_identical_model)
{
    bc_model *a = fit_logistic_threads("2"), *b = fit_logistic_threads("2");
    bc_model *one = fit_logistic_threads("1");
    const bc_model_layer *A = &a->layers[0], *B = &b->layers[0], *O = &one->layers[0];
    size_t count = (size_t)A->in * (size_t)A->out;
    ck_assert_int_eq(memcmp(A->weight, B->weight, count * sizeof(float)), 0);
    ck_assert_int_eq(memcmp(A->bias, B->bias, (size_t)A->out * sizeof(float)), 0);
    /* One thread reaches the same optimum up to the optimizer's tolerance. */
    for (size_t i = 0; i < count; i++)
        ck_assert_msg(fabsf(A->weight[i] - O->weight[i]) < 1e-2f,
                      "weight %zu: %g with 2 threads, %g with 1", i, (double)A->weight[i],
                      (double)O->weight[i]);
    bc_model_free(a);
    bc_model_free(b);
    bc_model_free(one);
}
END_TEST

START_TEST(mlp_learns_known_model_to_near_bayes_log_loss)
{
    bc_model *m = fit_mlp("1", "30");
    /* Validation log-loss close to that of the generating model. */
    float *x;
    int32_t *y;
    make_data(&x, &y);
    double bayes = 0, *p = malloc(sizeof(double) * GEN_C);
    for (int32_t i = 2400; i < 3000; i++) {
        double z[GEN_C], s = 0;
        for (int32_t c = 0; c < GEN_C; c++) {
            z[c] = gen_b[c];
            for (int32_t j = 0; j < GEN_F; j++)
                z[c] += gen_W[c * GEN_F + j] * x[i * GEN_F + j];
            s += exp(z[c]);
        }
        bayes -= z[y[i]] - log(s);
    }
    bayes /= 600;
    const char *ll = strstr(m->validation_metrics, "\"log_loss\":");
    ck_assert_ptr_nonnull(ll);
    double got = strtod(ll + strlen("\"log_loss\":"), NULL);
    ck_assert_msg(got < bayes + 0.05, "validation log-loss %g, generating model %g", got, bayes);
    free(p);
    free(x);
    free(y);
    bc_model_free(m);
}
END_TEST

static int32_t count_calls(int32_t it, int32_t total, double tl, double vl, void *user)
{
    int32_t *calls = user;
    ck_assert_int_eq(it, *calls + 1);
    ck_assert(total > 0 && isfinite(tl));
    (void)vl;
    return ++*calls >= 3; /* cancel on the third call */
}

START_TEST(progress_callback_sees_each_iteration_and_can_cancel)
{
    float *x;
    int32_t *y;
    make_data(&x, &y);
    const char *kinds[2] = {"logistic", "mlp"};
    for (int k = 0; k < 2; k++) {
        bc_trainer *t = NULL;
        ck_assert_ok(bc_trainer_create(kinds[k], &t));
        ck_assert_ok(bc_trainer_set(t, "tol", "1e-12"));
        int32_t calls = 0;
        ck_assert_ok(bc_trainer_set_progress(t, count_calls, &calls));
        bc_model *m = NULL;
        ck_assert_status_msg(bc_trainer_fit(t, x, y, NULL, GEN_N, GEN_F, GEN_C, &m),
                             BC_E_CANCELLED, "cancel");
        ck_assert_int_eq(calls, 3);
        ck_assert_ptr_null(m);
        /* A cancel request before the fit stops it too, then clears. */
        ck_assert_ok(bc_trainer_set_progress(t, NULL, NULL));
        ck_assert_ok(bc_trainer_cancel(t));
        ck_assert_int_eq(bc_trainer_fit(t, x, y, NULL, GEN_N, GEN_F, GEN_C, &m), BC_E_CANCELLED);
        ck_assert_ok(bc_trainer_set(t, "epochs", "1"));
        ck_assert_ok(bc_trainer_fit(t, x, y, NULL, 500, GEN_F, GEN_C, &m));
        bc_model_free(m);
        bc_trainer_free(t);
    }
    free(x);
    free(y);
}
END_TEST

/* OpenBLAS's thread count inside an MLP fit: one by default where a
 * step's products are small (they gain nothing from its threads, which
 * spin on busy cores), its own count where they are large, the threads
 * option's count when set; the caller's count again after the fit. Read through dlsym (the test does not link OpenBLAS; the
 * library does, test_version checks it). */
static int (*blas_get_threads)(void);

static int32_t note_blas_threads(int32_t it, int32_t total, double tl, double vl, void *user)
{
    (void)it;
    (void)total;
    (void)tl;
    (void)vl;
    *(int *)user = blas_get_threads();
    return 0;
}

/* Under ThreadSanitizer only the single-threaded case runs: OpenBLAS's own
 * threads hand results back through spin flags TSan does not see, so any
 * threaded product reads as a race there. */
#if defined(__SANITIZE_THREAD__)
#define BLAS_THREAD_CASES 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define BLAS_THREAD_CASES 1
#endif
#endif
#ifndef BLAS_THREAD_CASES
#define BLAS_THREAD_CASES 3
#endif

START_TEST(an_mlp_fit_runs_openblas_single_threaded_unless_told)
{
    blas_get_threads = (int (*)(void))dlsym(RTLD_DEFAULT, "openblas_get_num_threads");
    void (*set_threads)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "openblas_set_num_threads");
    ck_assert_msg(blas_get_threads && set_threads, "OpenBLAS's thread calls not found");
    float *x;
    int32_t *y;
    make_data(&x, &y);
    set_threads(3);
    ck_assert_int_eq(blas_get_threads(), 3);
    /* default threads and small layers: one; the option's count; default
     * threads and a 256-row batch through 256 x 256 (2^24 multiply-adds):
     * OpenBLAS's own count */
    static const char *const threads[3] = {"0", "2", "0"};
    static const char *const hidden[3] = {"32", "32", "256,256"};
    static const int want[3] = {1, 2, 3};
    for (int k = 0; k < BLAS_THREAD_CASES; k++) {
        bc_trainer *t = NULL;
        ck_assert_ok(bc_trainer_create("mlp", &t));
        ck_assert_ok(bc_trainer_set(t, "epochs", "2"));
        ck_assert_ok(bc_trainer_set(t, "threads", threads[k]));
        ck_assert_ok(bc_trainer_set(t, "hidden", hidden[k]));
        int seen = -1;
        ck_assert_ok(bc_trainer_set_progress(t, note_blas_threads, &seen));
        bc_model *m = NULL;
        ck_assert_ok(bc_trainer_fit(t, x, y, NULL, 500, GEN_F, GEN_C, &m));
        ck_assert_int_eq(seen, want[k]);
        ck_assert_int_eq(blas_get_threads(), 3);
        bc_model_free(m);
        bc_trainer_free(t);
    }
    set_threads(0);
    free(x);
    free(y);
}
END_TEST

START_TEST(trainer_options_are_checked)
{
    bc_trainer *t = NULL;
    ck_assert_status_msg(bc_trainer_create("forest", &t), BC_E_NOT_FOUND, "forest");
    ck_assert_ok(bc_trainer_create("mlp", &t));
    ck_assert_status_msg(bc_trainer_set(t, "learning_rate", "1"), BC_E_UNKNOWN_KEY, "learning_rate");
    ck_assert_status_msg(bc_trainer_set(t, "l2", "-1"), BC_E_INVALID_ARGUMENT, "-1");
    ck_assert_status_msg(bc_trainer_set(t, "l2", "abc"), BC_E_INVALID_ARGUMENT, "abc");
    ck_assert_status_msg(bc_trainer_set(t, "hidden", "64,,32"), BC_E_INVALID_ARGUMENT, "64,,32");
    ck_assert_status_msg(bc_trainer_set(t, "hidden", "64,"), BC_E_INVALID_ARGUMENT, "hidden");
    ck_assert_status_msg(bc_trainer_set(t, "hidden", "0"), BC_E_INVALID_ARGUMENT, "hidden");
    ck_assert_status_msg(bc_trainer_set(t, "validation_fraction", "0.95"), BC_E_INVALID_ARGUMENT,
                         "0.95");
    ck_assert_status_msg(bc_trainer_set(t, "activation", "gelu"), BC_E_INVALID_ARGUMENT, "gelu");
    ck_assert_status_msg(bc_trainer_set(t, "seed", "-3"), BC_E_INVALID_ARGUMENT, "seed");
    ck_assert_status_msg(bc_trainer_set(t, "mode", "turbo"), BC_E_INVALID_ARGUMENT, "turbo");
    ck_assert_status_msg(bc_trainer_set(t, "backend", "tpu"), BC_E_INVALID_ARGUMENT, "tpu");
    ck_assert_ok(bc_trainer_set(t, "hidden", "64,32"));
    ck_assert_ok(bc_trainer_set(t, "seed", "18446744073709551615"));
    bc_trainer_free(t);
    bc_trainer_free(NULL);
}
END_TEST

START_TEST(fit_refuses_bad_inputs_with_specific_status)
{
    float x[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    int32_t y[4] = {0, 1, 0, 1}, bad_y[4] = {0, 1, 2, 1};
    float w_nan[4] = {1, NAN, 1, 1}, w_zero[4] = {0, 0, 0, 0};
    bc_trainer *t = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_trainer_create("logistic", &t));
    ck_assert_ok(bc_trainer_set(t, "validation_fraction", "0"));
    ck_assert_status_msg(bc_trainer_fit(t, x, bad_y, NULL, 4, 2, 2, &m), BC_E_INVALID_ARGUMENT,
                         "row 2");
    ck_assert_status_msg(bc_trainer_fit(t, x, y, w_nan, 4, 2, 2, &m), BC_E_NUMERIC, "row 1");
    ck_assert_status_msg(bc_trainer_fit(t, x, y, w_zero, 4, 2, 2, &m), BC_E_NO_DATA, "weight");
    ck_assert_status_msg(bc_trainer_fit(t, x, y, NULL, 1, 2, 2, &m), BC_E_NO_DATA, "training rows");
    ck_assert_status_msg(bc_trainer_fit(t, x, y, NULL, 4, 0, 2, &m), BC_E_SHAPE, "n_features=0");
    ck_assert_status_msg(bc_trainer_fit(t, NULL, y, NULL, 4, 2, 2, &m), BC_E_INVALID_ARGUMENT,
                         "x is NULL");
    ck_assert_ptr_null(m);
    /* NaN features are missing values, not errors. */
    x[3] = NAN;
    ck_assert_ok(bc_trainer_fit(t, x, y, NULL, 4, 2, 2, &m));
    bc_model_free(m);
    bc_trainer_free(t);
}
END_TEST

START_TEST(robust_normalization_uses_median_and_iqr)
{
    const int32_t n = 5;
    float x[5] = {1, 2, 3, 4, 1000};
    double center, scale;
    ck_assert_ok(bc_normalization_fit(x, n, 1, BC_NORM_ROBUST, &center, &scale));
    ck_assert_double_eq_tol(center, 3.0, 1e-12);
    ck_assert_double_eq_tol(scale, 2.0, 1e-12); /* p75 4 - p25 2 */
    ck_assert_ok(bc_normalization_fit(x, n, 1, BC_NORM_ZSCORE, &center, &scale));
    ck_assert_double_eq_tol(center, 202.0, 1e-9);
    float constant[3] = {7, 7, NAN};
    ck_assert_ok(bc_normalization_fit(constant, 3, 1, BC_NORM_ZSCORE, &center, &scale));
    ck_assert_double_eq_tol(center, 7.0, 1e-12);
    ck_assert_double_eq(scale, 1.0);
}
END_TEST

START_TEST(threshold_search_maximizes_f1)
{
    /* Sorted scores: .9+ .8+ .7- .6+ .3- .2+ ; thresholds give F1:
     * .9: 2/(2+0+3)=.4, .8: 4/(4+0+2)=.667, .7: 4/(4+1+2)=.571,
     * .6: 6/(6+1+1)=.75, .3: 6/(6+2+1)=.667, .2: 8/(8+2)=.8 */
    double s[6] = {0.3, 0.9, 0.6, 0.2, 0.8, 0.7};
    int32_t pos[6] = {0, 1, 1, 1, 1, 0};
    double thr, f1;
    ck_assert_ok(bc_threshold_search(s, pos, NULL, 6, &thr, &f1));
    ck_assert_double_eq(thr, 0.2);
    ck_assert_double_eq_tol(f1, 0.8, 1e-12);
    /* Weight 5 on the negative at .3 makes .6 best: 6/(6+1+1) = .75 vs
     * .2: 8/(8+6) = .571. */
    double w[6] = {5, 1, 1, 1, 1, 1};
    ck_assert_ok(bc_threshold_search(s, pos, w, 6, &thr, &f1));
    ck_assert_double_eq(thr, 0.6);
    ck_assert_double_eq_tol(f1, 0.75, 1e-12);
    int32_t none[6] = {0};
    ck_assert_status_msg(bc_threshold_search(s, none, NULL, 6, &thr, &f1), BC_E_NO_DATA, "positive");
    s[0] = NAN;
    ck_assert_status_msg(bc_threshold_search(s, pos, NULL, 6, &thr, &f1), BC_E_NUMERIC, "score 0");
}
END_TEST

START_TEST(platt_recovers_known_slope_and_intercept)
{
    /* Targets drawn with P(1) = sigmoid(2 logit(p) - 0.5). */
    const int32_t n = 20000;
    double *p = malloc(sizeof(double) * n);
    int32_t *t = malloc(sizeof(int32_t) * n);
    for (int32_t i = 0; i < n; i++) {
        uint32_t b[4];
        bc_philox_block(123, 0, (uint64_t)i, b);
        p[i] = 0.02 + 0.96 * bc_philox_to_unit_float(b[0]);
        double s = log(p[i] / (1 - p[i]));
        t[i] = bc_philox_to_unit_float(b[1]) < 1.0 / (1.0 + exp(-(2.0 * s - 0.5)));
    }
    double a, c;
    ck_assert_ok(bc_platt_fit(p, t, NULL, n, &a, &c));
    ck_assert_double_eq_tol(a, 2.0, 0.1);
    ck_assert_double_eq_tol(c, -0.5, 0.1);
    int32_t ones[3] = {1, 1, 1};
    ck_assert_status_msg(bc_platt_fit(p, ones, NULL, 3, &a, &c), BC_E_NO_DATA, "both classes");
    free(p);
    free(t);
}
END_TEST


START_TEST(trainer_records_the_feature_spec_and_names_in_the_model)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("rsi(14), macd(12,26,9).hist", &f));
    int32_t n = bc_bars_length(bars), k = bc_features_count(f);
    double *xd = malloc(sizeof(double) * n * k);
    ck_assert_ok(bc_features_compute(f, bars, xd, (int64_t)n * k));
    /* Rows after the lookback, labeled by the next bar's direction. */
    int32_t start = bc_features_lookback(f), rows = n - start - 1;
    float *x = malloc(sizeof(float) * rows * k);
    int32_t *y = malloc(sizeof(int32_t) * rows);
    const double *close = bc_bars_column(bars, BC_BAR_CLOSE);
    for (int32_t i = 0; i < rows; i++) {
        for (int32_t j = 0; j < k; j++)
            x[i * k + j] = (float)xd[(int64_t)(start + i) * k + j];
        y[i] = close[start + i + 1] > close[start + i];
    }
    bc_trainer *t = NULL;
    ck_assert_ok(bc_trainer_create("logistic", &t));
    ck_assert_status_msg(bc_trainer_set(t, "features", "rsi(14),nope(3)"), BC_E_PARSE, "nope");
    ck_assert_ok(bc_trainer_set(t, "features", "rsi(14),macd(12,26,9)"));
    bc_model *m = NULL;
    /* Four columns in the spec (rsi and the three macd outputs), two in x. */
    ck_assert_status_msg(bc_trainer_fit(t, x, y, NULL, rows, k, 2, &m), BC_E_SHAPE,
                         "gives 4 columns, x has 2");
    ck_assert_ok(bc_trainer_set(t, "features", "rsi(14), macd(12,26,9).hist"));
    ck_assert_ok(bc_trainer_fit(t, x, y, NULL, rows, k, 2, &m));
    char spec[256], name[64];
    ck_assert_ok(bc_model_feature_spec(m, spec, sizeof spec, NULL));
    ck_assert_str_eq(spec, "rsi(14),macd(12,26,9).hist");
    ck_assert_ok(bc_model_feature_name(m, 1, name, sizeof name, NULL));
    ck_assert_str_eq(name, "macd(12,26,9).hist");
    bc_model_free(m);
    bc_trainer_free(t);
    free(x);
    free(y);
    free(xd);
    bc_features_free(f);
    bc_bars_free(bars);
}
END_TEST

Suite *suite_train(void)
{
    Suite *s = suite_create("train");
    TCase *tc = tcase_create("train");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, logistic_gradient_matches_finite_differences_with_weights_and_l2);
    tcase_add_test(tc, mlp_tanh_gradient_matches_finite_differences_with_weights_and_l2);
    tcase_add_test(tc, mlp_relu_gradient_matches_finite_differences_with_weights_and_l2);
    tcase_add_test(tc, threaded_objective_matches_one_thread_and_repeats_bit_for_bit);
    tcase_add_test(tc, objective_loss_equals_hand_computed_value);
    tcase_add_test(tc, logistic_recovers_known_softmax_model);
    tcase_add_test(tc, logistic_with_l2_matches_penalized_optimum_gradient_zero);
    tcase_add_test(tc, sample_weights_equal_repeated_rows);
    tcase_add_test(tc, balanced_class_weight_raises_rare_class_probability);
    tcase_add_test(tc, validation_tail_is_the_last_rows_and_normalization_uses_train_only);
    tcase_add_test(tc, mlp_same_seed_gives_bit_identical_model);
    tcase_add_test(tc, logistic_same_thread_count_gives_bit_identical_model);
    tcase_add_test(tc, mlp_learns_known_model_to_near_bayes_log_loss);
    tcase_add_test(tc, progress_callback_sees_each_iteration_and_can_cancel);
    tcase_add_test(tc, an_mlp_fit_runs_openblas_single_threaded_unless_told);
    tcase_add_test(tc, trainer_options_are_checked);
    tcase_add_test(tc, fit_refuses_bad_inputs_with_specific_status);
    tcase_add_test(tc, robust_normalization_uses_median_and_iqr);
    tcase_add_test(tc, threshold_search_maximizes_f1);
    tcase_add_test(tc, platt_recovers_known_slope_and_intercept);
    tcase_add_test(tc, trainer_records_the_feature_spec_and_names_in_the_model);
    suite_add_tcase(s, tc);
    return s;
}
