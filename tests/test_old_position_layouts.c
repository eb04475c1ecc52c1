/* test_old_position_layouts.c - clones written before the giveback_atr
 * column (position layouts 6 and 20) and before the entry-bar columns (7
 * and 21), tests/data/old_position_layouts, cloned and run once with those
 * builds (make_old_layouts.py), still load in
 * their own layout and decide bit for bit as they did: the decision of
 * every bar of eurusd_1h and the raw probabilities of the last 400. */
#include "test_util.h"
#include "clone/clone.h"
#include "clone/predictor.h"

#include <math.h>
#include <stdlib.h>

static void check_pinned(const char *name, int32_t want_position)
{
    char path[256];
    snprintf(path, sizeof path, "old_position_layouts/%s.bcm", name);
    bc_model *m = NULL;
    ck_assert_ok(bc_model_load(test_data_path(path), &m));
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_int_eq(p->n_position, want_position);
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    snprintf(path, sizeof path, "old_position_layouts/%s_expected.txt", name);
    FILE *f = fopen(test_data_path(path), "r");
    ck_assert_ptr_nonnull(f);
    int n = 0, C = 0, last = 0;
    ck_assert_int_eq(fscanf(f, "%d %d %d ", &n, &C, &last), 3);
    ck_assert_int_eq(n, bc_bars_length(bars));
    ck_assert_int_eq(C, bc_model_num_classes(m));
    ck_assert(C <= 8);
    char *decisions = malloc((size_t)n + 2);
    ck_assert_ptr_nonnull(decisions);
    ck_assert_int_eq(fscanf(f, "%s", decisions), 1);
    ck_assert_int_eq((int)strlen(decisions), n);
    const int64_t *t = bc_bars_time(bars);
    const double *col[5];
    for (int k = 0; k < 5; k++)
        col[k] = bc_bars_column(bars, k);
    int actions = 0;
    for (int i = 0; i < n; i++) {
        double probs[8];
        int32_t d = -1;
        ck_assert_ok(bc_predictor_update(p, t[i], col[0][i], col[1][i], col[2][i], col[3][i],
                                         col[4][i], probs, C, &d));
        ck_assert_msg(d == decisions[i] - '0', "%s bar %d: decision %d, pinned %c", name, i, d,
                      decisions[i]);
        actions += d != 0;
        if (i < n - last)
            continue;
        int bar = -1;
        ck_assert_int_eq(fscanf(f, "%d", &bar), 1);
        ck_assert_int_eq(bar, i);
        for (int k = 0; k < C; k++) {
            char hex[64];
            ck_assert_int_eq(fscanf(f, "%63s", hex), 1);
            double want = strtod(hex, NULL);
            ck_assert_msg(memcmp(&want, &probs[k], sizeof want) == 0,
                          "%s bar %d class %d: %a, pinned %a", name, i, k, probs[k], want);
        }
    }
    ck_assert_int_gt(actions, 50);
    fclose(f);
    free(decisions);
    bc_bars_free(bars);
    bc_predictor_free(p);
    bc_model_free(m);
}

START_TEST(a_clone_of_layout_6_from_before_giveback_decides_as_it_did)
{
    check_pinned("trees_six", CLONE_POSITION_FEATURES);
}
END_TEST

START_TEST(a_clone_of_layout_20_from_before_giveback_decides_as_it_did)
{
    check_pinned("trees_extended_levels", CLONE_POSITION_FEATURES_EXT + CLONE_POSITION_LEVELS);
}
END_TEST

/* Clones from before the entry-bar columns (layouts 7 and 21: giveback_atr
 * last before the level block, whose first name is not an entry-bar one)
 * load in their own layout and decide as they did. */
START_TEST(a_clone_of_layout_7_from_before_the_entry_bar_columns_decides_as_it_did)
{
    check_pinned("trees_seven", CLONE_POSITION_FEATURES_GB);
}
END_TEST

START_TEST(a_clone_of_layout_21_from_before_the_entry_bar_columns_decides_as_it_did)
{
    check_pinned("trees_extended_giveback_levels",
                 CLONE_POSITION_FEATURES_EXT_GB + CLONE_POSITION_LEVELS);
}
END_TEST

Suite *suite_old_position_layouts(void)
{
    Suite *s = suite_create("old_position_layouts");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_clone_of_layout_6_from_before_giveback_decides_as_it_did);
    tcase_add_test(tc, a_clone_of_layout_20_from_before_giveback_decides_as_it_did);
    tcase_add_test(tc, a_clone_of_layout_7_from_before_the_entry_bar_columns_decides_as_it_did);
    tcase_add_test(tc, a_clone_of_layout_21_from_before_the_entry_bar_columns_decides_as_it_did);
    suite_add_tcase(s, tc);
    return s;
}
