/* test_clone_metrics.c - classification metrics against values scikit-learn
 * 1.9.1 computed once for the same arrays (accuracy_score, f1_score,
 * precision_score, recall_score, roc_auc_score one-vs-rest), the Brier sum
 * over classes, and clone fidelity matching on hand-made entry lists. */
#include "test_util.h"
#include "clone/clone.h"

#include <math.h>

static const int32_t Y[12] = {0, 0, 1, 2, 3, 0, 1, 0, 2, 3, 0, 0};
static const int32_t PRED[12] = {0, 1, 1, 2, 0, 0, 1, 0, 3, 3, 0, 2};
static const double PROBS[12 * 4] = {
    .7, .1, .1, .1,  .4, .5, .05, .05, .2, .6, .1, .1,  .1, .1, .7, .1,
    .5, .1, .1, .3,  .8, .1, .05, .05, .3, .5, .1, .1,  .6, .2, .1, .1,
    .2, .1, .3, .4,  .1, .1, .1, .7,   .7, .1, .1, .1,  .3, .1, .5, .1};

START_TEST(metrics_match_scikit_learn_on_four_classes)
{
    struct clone_metrics m;
    ck_assert_ok(clone_compute_metrics(12, 4, Y, PRED, PROBS, &m));
    ck_assert_int_eq(m.n, 12);
    ck_assert_double_eq_tol(m.accuracy, 0.6666666666666666, 1e-12);
    const double f1[4] = {0.7272727272727273, 0.8, 0.5, 0.5};
    const double precision[4] = {0.8, 0.6666666666666666, 0.5, 0.5};
    const double recall[4] = {0.6666666666666666, 1.0, 0.5, 0.5};
    const double auc[4] = {0.9305555555555556, 0.9750000000000001, 0.9500000000000001,
                           0.9500000000000001};
    const int64_t support[4] = {6, 2, 2, 2};
    for (int k = 0; k < 4; k++) {
        ck_assert_double_eq_tol(m.cls[k].f1, f1[k], 1e-12);
        ck_assert_double_eq_tol(m.cls[k].precision, precision[k], 1e-12);
        ck_assert_double_eq_tol(m.cls[k].recall, recall[k], 1e-12);
        ck_assert_double_eq_tol(m.cls[k].roc_auc, auc[k], 1e-12);
        ck_assert_int_eq(m.cls[k].support, support[k]);
    }
    ck_assert_double_eq_tol(m.macro_roc_auc, 0.951388888888889, 1e-12);
    ck_assert_double_eq_tol(m.macro_f1, (0.7272727272727273 + 0.8 + 0.5 + 0.5) / 4, 1e-12);
    ck_assert_double_eq_tol(m.brier, 0.3475, 1e-12);
}
END_TEST

START_TEST(roc_auc_counts_ties_as_half_and_is_nan_without_negatives)
{
    const double score[4] = {0.5, 0.5, 0.5, 0.5};
    const uint8_t pos[4] = {1, 0, 1, 0};
    double auc;
    ck_assert_ok(clone_roc_auc(4, score, pos, &auc));
    ck_assert_double_eq_tol(auc, 0.5, 1e-15);
    const uint8_t all_pos[4] = {1, 1, 1, 1};
    ck_assert_ok(clone_roc_auc(4, score, all_pos, &auc));
    ck_assert(isnan(auc));
}
END_TEST

START_TEST(metrics_refuse_a_class_outside_the_range)
{
    const int32_t y[2] = {0, 4}, pred[2] = {0, 0};
    const double p[8] = {1, 0, 0, 0, 1, 0, 0, 0};
    struct clone_metrics m;
    ck_assert_status_msg(clone_compute_metrics(2, 4, y, pred, p, &m), BC_E_INVALID_ARGUMENT,
                         "row 1");
}
END_TEST

START_TEST(fidelity_matches_within_one_bar_and_same_direction_only)
{
    /* target entries at bars 10 long, 20 short, 30 long, 40 short */
    const int32_t tb[4] = {10, 20, 30, 40}, td[4] = {1, -1, 1, -1};
    /* clone: 11 long (match), 20 long (wrong direction), 32 long (too far),
     * 39 short (match), 41 short (second one for 40: not matched twice) */
    const int32_t cb[5] = {11, 20, 32, 39, 41}, cd[5] = {1, 1, 1, -1, -1};
    struct clone_fidelity f;
    ck_assert_ok(clone_fidelity_match(4, tb, td, 5, cb, cd, 1, &f));
    ck_assert_int_eq(f.matched, 2);
    ck_assert_int_eq(f.target_entries, 4);
    ck_assert_int_eq(f.clone_entries, 5);
    ck_assert_double_eq_tol(f.precision, 2.0 / 5.0, 1e-15);
    ck_assert_double_eq_tol(f.recall, 2.0 / 4.0, 1e-15);
    ck_assert_double_eq_tol(f.f1, 2 * 0.4 * 0.5 / 0.9, 1e-15);
}
END_TEST

START_TEST(fidelity_is_perfect_for_identical_entries_and_for_two_empty_lists)
{
    const int32_t b[3] = {1, 5, 9}, d[3] = {1, -1, 1};
    struct clone_fidelity f;
    ck_assert_ok(clone_fidelity_match(3, b, d, 3, b, d, 1, &f));
    ck_assert_double_eq(f.f1, 1.0);
    ck_assert_ok(clone_fidelity_match(0, NULL, NULL, 0, NULL, NULL, 1, &f));
    ck_assert_double_eq(f.f1, 1.0);
    ck_assert_ok(clone_fidelity_match(3, b, d, 0, NULL, NULL, 1, &f));
    ck_assert_double_eq(f.f1, 0.0);
    ck_assert_double_eq(f.recall, 0.0);
}
END_TEST

Suite *suite_clone_metrics(void)
{
    Suite *s = suite_create("clone_metrics");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, metrics_match_scikit_learn_on_four_classes);
    tcase_add_test(tc, roc_auc_counts_ties_as_half_and_is_nan_without_negatives);
    tcase_add_test(tc, metrics_refuse_a_class_outside_the_range);
    tcase_add_test(tc, fidelity_matches_within_one_bar_and_same_direction_only);
    tcase_add_test(tc, fidelity_is_perfect_for_identical_entries_and_for_two_empty_lists);
    suite_add_tcase(s, tc);
    return s;
}
