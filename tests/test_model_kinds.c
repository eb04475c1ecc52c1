/* test_model_kinds.c - the model-kind seam (lib/model/kind.h): every kind's
 * table is complete for what it is, the row entry points, the exporters'
 * reference forward and online updates reach one forward per kind, the
 * reference layer and the Platt rescale of probabilities against
 * independent long-double formulas. */
#include "test_util.h"
#include "export/export_ir.h"
#include "model/kind.h"
#include "model/platt.h"
#include "model/trees.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t lcg_state = 0x9E3779B97F4A7C15ull;
static double uniform(double lo, double hi)
{
    lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
    return lo + (hi - lo) * (double)(lcg_state >> 11) / 9007199254740992.0;
}

START_TEST(every_kind_has_a_complete_table)
{
    ck_assert_ptr_null(bc_model_kind_ops_of(0));
    ck_assert_ptr_null(bc_model_kind_ops_of(5));
    ck_assert_ptr_null(bc_model_kind_ops_of(-1));
    for (int32_t k = BC_MODEL_LOGISTIC; k <= BC_MODEL_POLICY; k++) {
        const bc_model_kind_ops *ops = bc_model_kind_ops_of(k);
        ck_assert_ptr_nonnull(ops);
        ck_assert_int_eq(ops->kind, k);
        ck_assert_str_eq(ops->name, bc_model_kind_name(k));
        ck_assert(ops->validate && ops->clone && ops->free_payload);
        int rows = k != BC_MODEL_POLICY;
        ck_assert_int_eq(ops->forward_row != NULL, rows);
        ck_assert_int_eq(ops->forward_row_f32 != NULL, rows);
        ck_assert_int_eq(ops->forward_row_fast != NULL, rows);
        ck_assert_int_eq(ops->forward_batch != NULL, rows);
        ck_assert_int_eq(ops->export_ir != NULL, rows);
        ck_assert_int_eq(ops->ir_logits != NULL, rows);
        /* Stored as .bcm sections, or as an image of its own: one of the two. */
        ck_assert_int_eq(ops->save_sections != NULL, rows);
        ck_assert_int_eq(ops->load_sections != NULL, rows);
        ck_assert_int_eq(ops->save_image != NULL, !rows);
        ck_assert_int_eq(ops->load_image != NULL && ops->image_magic != NULL, !rows);
        ck_assert_int_eq(ops->has_layers, k == BC_MODEL_LOGISTIC || k == BC_MODEL_MLP);
        ck_assert_int_eq(ops->no_rows != NULL, !rows);
        /* model.json for the row kinds, the metadata's own keys for the policy */
        ck_assert_int_eq(ops->json_body != NULL, rows);
        ck_assert_int_eq(ops->json_info != NULL, !rows);
    }
}
END_TEST

START_TEST(a_policy_is_refused_row_by_row)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_POLICY, 3, 2, NULL, 0, 0, &m));
    ck_assert_int_eq(bc_model_rows_supported(m, "test"), BC_E_UNSUPPORTED);
    double x[3] = {0, 0, 0}, p[2];
    ck_assert_int_eq(bc_model_predict(m, x, 1, 3, p, 2), BC_E_UNSUPPORTED);
    ck_assert_ptr_nonnull(strstr(bc_last_error(), "recurrent"));
    /* No network: the kind's own validation names it. */
    ck_assert_int_eq(bc_model_validate(m), BC_E_CORRUPT);
    ck_assert_ptr_nonnull(strstr(bc_last_error(), "no network"));
    bc_model_free(m);
}
END_TEST

/* sigmoid(a logit(P(act)) + b) as an odds power, then the other classes
 * scaled to share it in their raw proportions. */
static void platt_reference(double a, double b, const double *raw, long double *want, int C)
{
    long double act = 1.0L - (long double)raw[0];
    long double odds = act / (1.0L - act);
    long double cal = 1.0L / (1.0L + powl(odds, -(long double)a) * expl(-(long double)b));
    want[0] = 1.0L - cal;
    for (int c = 1; c < C; c++)
        want[c] = act > 0 ? (long double)raw[c] * cal / act : cal / (C - 1);
}

START_TEST(platt_apply_rescales_probabilities_like_the_reference)
{
    const double rows[][4] = {{0.5, 0.3, 0.15, 0.05}, {0.9, 0.02, 0.05, 0.03},
                              {0.1, 0.6, 0.2, 0.1}, {0.25, 0.25, 0.25, 0.25}};
    const double coefs[] = {0.5, 1.0, 2.3}, intercepts[] = {-1.0, 0.0, 0.7};
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double p[4];
                long double want[4];
                memcpy(p, rows[r], sizeof p);
                bc_platt_apply(coefs[i], intercepts[j], p, 4);
                platt_reference(coefs[i], intercepts[j], rows[r], want, 4);
                double sum = 0.0;
                for (int c = 0; c < 4; c++) {
                    ck_assert_msg(fabsl((long double)p[c] - want[c]) <= 1e-13L,
                                  "row %d class %d: %.17g vs %.17Lg", r, c, p[c], want[c]);
                    sum += p[c];
                }
                ck_assert_double_eq_tol(sum, 1.0, 1e-14);
            }
    /* P(act) = 0: the calibrated mass is shared equally. */
    double p[3] = {1.0, 0.0, 0.0};
    bc_platt_apply(1.0, 2.0, p, 3);
    ck_assert(p[1] > 0.0 && p[1] == p[2]);
    ck_assert_double_eq_tol(p[0] + p[1] + p[2], 1.0, 1e-15);
}
END_TEST

START_TEST(reference_layer_matches_long_double_sums)
{
    enum { IN = 37, OUT = 11 };
    float w[OUT * IN], b[OUT];
    double x[IN], y[OUT];
    for (int i = 0; i < OUT * IN; i++)
        w[i] = (float)uniform(-1, 1);
    for (int o = 0; o < OUT; o++)
        b[o] = (float)uniform(-0.5, 0.5);
    for (int i = 0; i < IN; i++)
        x[i] = uniform(-3, 3);
    const int32_t acts[] = {BC_ACT_IDENTITY, BC_ACT_RELU, BC_ACT_TANH, BC_ACT_SIGMOID};
    for (int a = 0; a < 4; a++) {
        bc_dense_layer_ref(w, b, OUT, IN, acts[a], x, y);
        for (int o = 0; o < OUT; o++) {
            long double s = b[o];
            for (int i = 0; i < IN; i++)
                s += (long double)w[o * IN + i] * x[i];
            long double want = acts[a] == BC_ACT_RELU      ? (s > 0 ? s : 0)
                               : acts[a] == BC_ACT_TANH    ? tanhl(s)
                               : acts[a] == BC_ACT_SIGMOID ? 1.0L / (1.0L + expl(-s))
                                                           : s;
            ck_assert_msg(fabsl((long double)y[o] - want) <= 1e-13L * (1.0L + fabsl(want)),
                          "activation %d output %d: %.17g vs %.17Lg", (int)acts[a], o, y[o],
                          want);
        }
    }
}
END_TEST

/* A calibrated MLP through every row path of the seam: the lane-ordered
 * double forward, the float decision forward, the f32-input forward and
 * the exporters' reference forward of its IR all give the same
 * probabilities (to double / float rounding). */
START_TEST(dense_paths_agree_through_the_seam)
{
    const int32_t hidden[2] = {19, 7};
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_MLP, 13, 4, hidden, 2, BC_ACT_TANH, &m));
    for (int32_t l = 0; l < m->n_layers; l++) {
        bc_model_layer *L = &m->layers[l];
        for (int64_t i = 0; i < (int64_t)L->in * L->out; i++)
            L->weight[i] = (float)uniform(-0.8, 0.8);
        for (int32_t o = 0; o < L->out; o++)
            L->bias[o] = (float)uniform(-0.3, 0.3);
    }
    for (int32_t j = 0; j < 13; j++) {
        m->center[j] = uniform(-2, 2);
        m->scale[j] = uniform(0.5, 3);
        m->clip_low[j] = -4.0;
        m->clip_high[j] = 4.0;
    }
    ck_assert_ok(bc_model_set_calibration(m, 1.4, -0.2));
    ck_assert_ok(bc_model_validate(m));
    bc_export_ir ir;
    ck_assert_ok(bc_export_ir_from_model(m, &ir));
    ck_assert_str_eq(ir.kind, "mlp");
    double scratch[256], ir_scratch[256];
    ck_assert_int_le(bc_model_scratch_doubles(m), 256);
    for (int r = 0; r < 50; r++) {
        double x[13], raw[4], fast[4], f32[4], cal[4], ref[4];
        float xf[13];
        for (int j = 0; j < 13; j++) {
            xf[j] = (float)uniform(-6, 6);
            x[j] = (double)xf[j];
        }
        if (r % 7 == 0)
            x[r % 13] = NAN; /* missing = center */
        if (r % 7 == 0)
            xf[r % 13] = NAN;
        bc_model_forward_row(m, x, raw, scratch);
        bc_model_forward_row_fast(m, x, fast, scratch);
        bc_model_forward_row_f32(m, xf, f32, scratch);
        bc_model_predict_row(m, x, cal, scratch);
        bc_export_ir_forward(&ir, x, ref, ir_scratch);
        for (int c = 0; c < 4; c++) {
            ck_assert_double_eq_tol(fast[c], raw[c], 1e-5);
            ck_assert_double_eq_tol(f32[c], raw[c], 1e-12);
            /* the IR's oracle is calibrated, as bc_model_predict_row */
            ck_assert_double_eq_tol(ref[c], cal[c], 1e-12);
        }
    }
    bc_model_free(m);
}
END_TEST

/* One stump (feature 1 < 0.5, missing left) adding to class 1's margin:
 * the model's rows and the IR's oracle give the same bits, and the
 * margins are the hand-computed ones. */
START_TEST(trees_paths_agree_through_the_seam)
{
    bc_trees *t = NULL;
    ck_assert_ok(bc_trees_alloc(2, 1, 3, &t));
    t->base_score[0] = 0.25f;
    t->base_score[1] = -0.5f;
    t->tree_start[0] = 0;
    t->tree_start[1] = 3;
    t->tree_class[0] = 1;
    t->feature[0] = 1;
    t->value[0] = 0.5f;
    t->left[0] = 1;
    t->right[0] = 2;
    t->default_left[0] = 1;
    t->feature[1] = t->feature[2] = -1;
    t->value[1] = 1.5f;
    t->value[2] = -2.0f;
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_TREES, 2, 2, NULL, 0, 0, &m));
    ck_assert_ok(bc_model_set_trees(m, t));
    bc_export_ir ir;
    ck_assert_ok(bc_export_ir_from_model(m, &ir));
    const double xs[][2] = {{0, 0.25}, {0, 0.5}, {0, 0.75}, {9, NAN}, {9, -INFINITY}};
    const double leaf[] = {1.5, -2.0, -2.0, 1.5, 1.5};
    for (int r = 0; r < 5; r++) {
        double a[2], b[2], c[2], scratch[16], ir_scratch[16];
        bc_model_forward_row(m, xs[r], a, scratch);
        bc_model_forward_row_fast(m, xs[r], b, scratch);
        bc_export_ir_forward(&ir, xs[r], c, ir_scratch);
        double m1 = -0.5 + leaf[r], e = exp(m1 - 0.25);
        ck_assert_double_eq_tol(a[1], e / (1.0 + e), 1e-15);
        ck_assert(a[0] == b[0] && a[1] == b[1] && a[0] == c[0] && a[1] == c[1]);
    }
    bc_model_free(m);
}
END_TEST

Suite *suite_model_kinds(void)
{
    Suite *s = suite_create("model_kinds");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, every_kind_has_a_complete_table);
    tcase_add_test(tc, a_policy_is_refused_row_by_row);
    tcase_add_test(tc, platt_apply_rescales_probabilities_like_the_reference);
    tcase_add_test(tc, reference_layer_matches_long_double_sums);
    tcase_add_test(tc, dense_paths_agree_through_the_seam);
    tcase_add_test(tc, trees_paths_agree_through_the_seam);
    suite_add_tcase(s, tc);
    return s;
}
