/* test_online.c - online learning (bc_model_copy, bc_model_update): the step
 * is the gradient of the trainer's objective (checked against central
 * finite differences for logistic regression and a tanh/relu MLP), it
 * lowers the loss on the rows it saw, learning rate 0 is a no-op, the
 * normalization stays frozen, copies are independent, and bad input leaves
 * the model untouched with a message naming the value. */
#include "test_util.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>

enum { ROWS = 12, FEATURES = 3 };

static void make_rows(double *x, int32_t *y, double *w, int32_t n_classes)
{
    for (int i = 0; i < ROWS; i++) {
        x[i * FEATURES + 0] = 50.0 + 10.0 * sin(0.7 * i);
        x[i * FEATURES + 1] = -2.0 + 0.3 * i;
        x[i * FEATURES + 2] = (i % 5 == 3) ? NAN : cos(1.3 * i);
        y[i] = i % n_classes;
        w[i] = 0.5 + 0.25 * (i % 3);
    }
}

/* Sets normalization and deterministic nonzero weights. */
static void fill_model(bc_model *m)
{
    double center[FEATURES] = {50.0, -0.5, 0.0}, scale[FEATURES] = {10.0, 1.5, 1.0};
    for (int j = 0; j < FEATURES; j++) {
        m->norm_kind = BC_NORM_ZSCORE;
        m->center[j] = center[j];
        m->scale[j] = scale[j];
        m->clip_low[j] = -4.0;
        m->clip_high[j] = 4.0;
    }
    float v = 0.3f;
    for (int32_t l = 0; l < m->n_layers; l++) {
        for (int32_t k = 0; k < m->layers[l].in * m->layers[l].out; k++, v = -v * 0.87f + 0.05f)
            m->layers[l].weight[k] = v;
        for (int32_t o = 0; o < m->layers[l].out; o++)
            m->layers[l].bias[o] = 0.1f * (float)(o - 1);
    }
}

static bc_model *logistic3(void)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, FEATURES, 3, NULL, 0, 0, &m));
    fill_model(m);
    return m;
}

static bc_model *mlp(int32_t activation)
{
    int32_t hidden[2] = {4, 3};
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_MLP, FEATURES, 4, hidden, 2, activation, &m));
    fill_model(m);
    return m;
}

/* The objective bc_model_update descends, computed independently through
 * the model's forward pass. */
static double objective(const bc_model *m, const double *x, const int32_t *y, const double *w,
                        double l2)
{
    double probs[16], scratch[64], sum = 0.0, wsum = 0.0, sq = 0.0;
    for (int i = 0; i < ROWS; i++) {
        bc_model_forward_row(m, x + i * FEATURES, probs, scratch);
        sum += w[i] * -log(probs[y[i]]);
        wsum += w[i];
    }
    for (int32_t l = 0; l < m->n_layers; l++)
        for (int32_t k = 0; k < m->layers[l].in * m->layers[l].out; k++)
            sq += (double)m->layers[l].weight[k] * m->layers[l].weight[k];
    return sum / wsum + 0.5 * l2 * sq;
}

/* For every parameter p: the step with learning rate 1 moved p by -dL/dp;
 * compare with (L(p + h) - L(p - h)) / (2h), h the float-exact offsets. */
static void check_gradient(bc_model *m)
{
    double x[ROWS * FEATURES], w[ROWS];
    int32_t y[ROWS];
    make_rows(x, y, w, m->n_classes);
    const double l2 = 0.01;
    bc_model *stepped = NULL;
    ck_assert_ok(bc_model_copy(m, &stepped));
    ck_assert_ok(bc_model_update(stepped, x, y, w, ROWS, FEATURES, 1.0, l2));
    int checked = 0;
    for (int32_t l = 0; l < m->n_layers; l++) {
        int32_t nw = m->layers[l].in * m->layers[l].out;
        for (int32_t k = 0; k < nw + m->layers[l].out; k++) {
            float *p = k < nw ? &m->layers[l].weight[k] : &m->layers[l].bias[k - nw];
            const float *q = k < nw ? &stepped->layers[l].weight[k] : &stepped->layers[l].bias[k - nw];
            float p0 = *p;
            float up = p0 + 1e-3f, down = p0 - 1e-3f;
            *p = up;
            double lu = objective(m, x, y, w, l2);
            *p = down;
            double ld = objective(m, x, y, w, l2);
            *p = p0;
            double numeric = (lu - ld) / ((double)up - (double)down);
            double analytic = (double)p0 - (double)*q;
            ck_assert_msg(fabs(numeric - analytic) <= 2e-5 + 1e-3 * fabs(numeric),
                          "layer %d param %d: step says %.9g, finite difference %.9g", l, k,
                          analytic, numeric);
            checked++;
        }
    }
    ck_assert_int_gt(checked, 0);
    bc_model_free(stepped);
}

START_TEST(logistic_step_is_the_objective_gradient)
{
    bc_model *m = logistic3();
    check_gradient(m);
    bc_model_free(m);
}
END_TEST

START_TEST(mlp_step_is_the_objective_gradient_through_tanh_and_relu)
{
    bc_model *m = mlp(BC_ACT_TANH);
    check_gradient(m);
    bc_model_free(m);
    m = mlp(BC_ACT_RELU);
    check_gradient(m);
    bc_model_free(m);
}
END_TEST

START_TEST(steps_lower_the_loss_on_the_given_rows)
{
    bc_model *models[2] = {logistic3(), mlp(BC_ACT_TANH)};
    for (int t = 0; t < 2; t++) {
        bc_model *m = models[t];
        double x[ROWS * FEATURES], w[ROWS];
        int32_t y[ROWS];
        make_rows(x, y, w, m->n_classes);
        double before = objective(m, x, y, w, 0.0);
        ck_assert_ok(bc_model_update(m, x, y, w, ROWS, FEATURES, 0.5, 0.0));
        double one = objective(m, x, y, w, 0.0);
        for (int e = 0; e < 100; e++)
            ck_assert_ok(bc_model_update(m, x, y, w, ROWS, FEATURES, 0.5, 0.0));
        double many = objective(m, x, y, w, 0.0);
        ck_assert_msg(one < before && many < one - 0.05,
                      "model %d: loss %.6f -> %.6f after one step -> %.6f after 101", t, before,
                      one, many);
        bc_model_free(m);
    }
}
END_TEST

START_TEST(one_row_sgd_moves_towards_its_label)
{
    bc_model *m = logistic3();
    double x[FEATURES] = {55.0, 0.5, -0.2}, probs[3], after[3];
    int32_t y = 2;
    ck_assert_ok(bc_model_predict(m, x, 1, FEATURES, probs, 3));
    ck_assert_ok(bc_model_update(m, x, &y, NULL, 1, FEATURES, 0.5, 0.0));
    ck_assert_ok(bc_model_predict(m, x, 1, FEATURES, after, 3));
    ck_assert_msg(after[2] > probs[2], "P(label) %.6f -> %.6f", probs[2], after[2]);
    bc_model_free(m);
}
END_TEST

START_TEST(zero_learning_rate_leaves_every_weight_bitwise)
{
    bc_model *m = mlp(BC_ACT_RELU), *ref = NULL;
    ck_assert_ok(bc_model_copy(m, &ref));
    double x[ROWS * FEATURES], w[ROWS];
    int32_t y[ROWS];
    make_rows(x, y, w, m->n_classes);
    ck_assert_ok(bc_model_update(m, x, y, w, ROWS, FEATURES, 0.0, 0.5));
    for (int32_t l = 0; l < m->n_layers; l++) {
        ck_assert_mem_eq(m->layers[l].weight, ref->layers[l].weight,
                         sizeof(float) * (size_t)m->layers[l].in * (size_t)m->layers[l].out);
        ck_assert_mem_eq(m->layers[l].bias, ref->layers[l].bias,
                         sizeof(float) * (size_t)m->layers[l].out);
    }
    bc_model_free(ref);
    bc_model_free(m);
}
END_TEST

START_TEST(normalization_stays_frozen_and_copies_are_independent)
{
    bc_model *m = logistic3(), *copy = NULL;
    ck_assert_ok(bc_model_copy(m, &copy));
    double x[ROWS * FEATURES], w[ROWS], p_orig[ROWS * 3], p_copy[ROWS * 3];
    int32_t y[ROWS];
    make_rows(x, y, w, 3);
    ck_assert_ok(bc_model_predict(m, x, ROWS, FEATURES, p_orig, ROWS * 3));
    ck_assert_ok(bc_model_predict(copy, x, ROWS, FEATURES, p_copy, ROWS * 3));
    ck_assert_mem_eq(p_orig, p_copy, sizeof p_orig);

    ck_assert_ok(bc_model_update(copy, x, y, w, ROWS, FEATURES, 0.2, 0.0));
    ck_assert_mem_eq(copy->center, m->center, sizeof(double) * FEATURES);
    ck_assert_mem_eq(copy->scale, m->scale, sizeof(double) * FEATURES);
    ck_assert_double_eq(copy->clip_high[1], 4.0);
    double again[ROWS * 3];
    ck_assert_ok(bc_model_predict(m, x, ROWS, FEATURES, again, ROWS * 3));
    ck_assert_mem_eq(again, p_orig, sizeof again); /* the original did not move */
    ck_assert_ok(bc_model_predict(copy, x, ROWS, FEATURES, p_copy, ROWS * 3));
    ck_assert_int_ne(memcmp(p_copy, p_orig, sizeof p_orig), 0);
    bc_model_free(copy);
    bc_model_free(m);
}
END_TEST

START_TEST(bad_input_is_refused_and_leaves_the_model_unchanged)
{
    bc_model *m = logistic3(), *ref = NULL;
    ck_assert_ok(bc_model_copy(m, &ref));
    double x[ROWS * FEATURES], w[ROWS];
    int32_t y[ROWS];
    make_rows(x, y, w, 3);

    y[4] = 3;
    ck_assert_status_msg(bc_model_update(m, x, y, w, ROWS, FEATURES, 0.1, 0.0),
                         BC_E_INVALID_ARGUMENT, "row 4 has label 3, expected 0..2");
    y[4] = -1;
    ck_assert_status_msg(bc_model_update(m, x, y, w, ROWS, FEATURES, 0.1, 0.0),
                         BC_E_INVALID_ARGUMENT, "row 4 has label -1");
    y[4] = 1;
    ck_assert_status_msg(bc_model_update(m, x, y, w, ROWS, 2, 0.1, 0.0), BC_E_SHAPE,
                         "rows have 2 features, the model takes 3");
    ck_assert_status_msg(bc_model_update(m, x, y, w, ROWS, FEATURES, NAN, 0.0),
                         BC_E_INVALID_ARGUMENT, "learning_rate nan");
    ck_assert_status_msg(bc_model_update(m, x, y, w, ROWS, FEATURES, -0.1, 0.0),
                         BC_E_INVALID_ARGUMENT, "learning_rate -0.1");
    ck_assert_status_msg(bc_model_update(m, x, y, w, ROWS, FEATURES, 0.1, -1.0),
                         BC_E_INVALID_ARGUMENT, "l2 -1");
    ck_assert_status_msg(bc_model_update(m, x, y, w, 0, FEATURES, 0.1, 0.0),
                         BC_E_INVALID_ARGUMENT, "n = 0");
    ck_assert_status_msg(bc_model_update(m, NULL, y, w, ROWS, FEATURES, 0.1, 0.0),
                         BC_E_INVALID_ARGUMENT, "x is NULL");
    w[7] = -2.0;
    ck_assert_status_msg(bc_model_update(m, x, y, w, ROWS, FEATURES, 0.1, 0.0),
                         BC_E_INVALID_ARGUMENT, "row 7 has weight -2");
    w[7] = INFINITY;
    ck_assert_status_msg(bc_model_update(m, x, y, w, ROWS, FEATURES, 0.1, 0.0),
                         BC_E_INVALID_ARGUMENT, "row 7 has weight inf");
    for (int i = 0; i < ROWS; i++)
        w[i] = 0.0;
    ck_assert_status_msg(bc_model_update(m, x, y, w, ROWS, FEATURES, 0.1, 0.0), BC_E_NO_DATA,
                         "zero total weight");
    ck_assert_status_msg(bc_model_update(m, x, y, NULL, ROWS, FEATURES, 1e300, 0.0), BC_E_NUMERIC,
                         "non-finite weight");
    ck_assert_mem_eq(m->layers[0].weight, ref->layers[0].weight, sizeof(float) * 9);
    ck_assert_mem_eq(m->layers[0].bias, ref->layers[0].bias, sizeof(float) * 3);

    bc_model *out = (bc_model *)&out;
    ck_assert_status_msg(bc_model_copy(NULL, &out), BC_E_INVALID_ARGUMENT, "model is NULL");
    ck_assert_ptr_null(out);
    bc_model_free(ref);
    bc_model_free(m);
}
END_TEST

Suite *suite_online(void)
{
    Suite *s = suite_create("online");
    TCase *tc = tcase_create("update");
    tcase_add_test(tc, logistic_step_is_the_objective_gradient);
    tcase_add_test(tc, mlp_step_is_the_objective_gradient_through_tanh_and_relu);
    tcase_add_test(tc, steps_lower_the_loss_on_the_given_rows);
    tcase_add_test(tc, one_row_sgd_moves_towards_its_label);
    tcase_add_test(tc, zero_learning_rate_leaves_every_weight_bitwise);
    tcase_add_test(tc, normalization_stays_frozen_and_copies_are_independent);
    tcase_add_test(tc, bad_input_is_refused_and_leaves_the_model_unchanged);
    suite_add_tcase(s, tc);
    return s;
}
