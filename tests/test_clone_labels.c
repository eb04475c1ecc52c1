/* test_clone_labels.c - events align to the last bar at or before them
 * (DESIGN.md §5), bars get none / open long / open short / close, and the
 * position before each decision (direction, bars held, entry) is exact. */
#include "test_util.h"
#include "clone/clone.h"

#include <math.h>

/* Daily bars stamped at midnight: day d starts at d * 86400. */
#define DAY 86400

static void daily(int n, int64_t *t, double *c)
{
    for (int i = 0; i < n; i++) {
        t[i] = (int64_t)(i + 1) * DAY;
        c[i] = 100.0 + i;
    }
}

START_TEST(events_align_to_the_last_bar_at_or_before_them)
{
    int64_t t[5];
    double c[5];
    daily(5, t, c);
    ck_assert_int_eq(clone_bar_index(5, t, t[0] - 1), -1);
    ck_assert_int_eq(clone_bar_index(5, t, t[0]), 0);
    ck_assert_int_eq(clone_bar_index(5, t, t[2] + 20 * 3600), 2); /* 20:00 of day 3 */
    ck_assert_int_eq(clone_bar_index(5, t, t[3]), 3);
    ck_assert_int_eq(clone_bar_index(5, t, t[4] + 10 * DAY), 4);
}
END_TEST

START_TEST(open_close_and_reversal_give_the_documented_labels_and_state)
{
    int64_t t[10];
    double c[10];
    daily(10, t, c);
    const int64_t h20 = 20 * 3600;
    const struct clone_event ev[] = {
        {t[1] + h20, 1, 11, 1, 0}, /* bar 1: open long ticket 1 */
        {t[4] + h20, 1, 12, 3, 0}, /* bar 4: close ticket 1 ... */
        {t[4] + h20, 2, 13, 1, 1}, /* ... and open short ticket 2 (reversal) */
        {t[5] + h20, 2, 14, 2, 1}, /* bar 5: MODIFY is ignored */
        {t[7] + h20, 2, 15, 3, 1}, /* bar 7: close short -> flat */
    };
    int32_t labels[10];
    struct clone_position st[10];
    int32_t trips = -1;
    ck_assert_ok(clone_label_bars(10, t, c, 5, ev, labels, st, &trips));
    const int32_t want[10] = {0, CLONE_LABEL_OPEN_LONG, 0, 0, CLONE_LABEL_OPEN_SHORT, 0, 0,
                              CLONE_LABEL_CLOSE, 0, 0};
    const int32_t dir[10] = {0, 0, 1, 1, 1, -1, -1, -1, 0, 0};
    const int32_t held[10] = {0, 0, 1, 2, 3, 1, 2, 3, 0, 0};
    for (int i = 0; i < 10; i++) {
        ck_assert_msg(labels[i] == want[i], "bar %d label %d want %d", i, labels[i], want[i]);
        ck_assert_int_eq(st[i].direction, dir[i]);
        ck_assert_int_eq(st[i].bars_held, held[i]);
    }
    ck_assert_double_eq(st[2].entry_price, c[1]);
    ck_assert_double_eq(st[6].entry_price, c[4]);
    ck_assert(isnan(st[9].entry_price));
    ck_assert_int_eq(trips, 0);
}
END_TEST

START_TEST(an_open_and_close_inside_one_bar_leaves_no_label_and_is_counted)
{
    int64_t t[4];
    double c[4];
    daily(4, t, c);
    const struct clone_event ev[] = {{t[2] + 60, 7, 2, 1, 1}, {t[2] + 120, 7, 3, 3, 1}};
    int32_t labels[4];
    struct clone_position st[4];
    int32_t trips = 0;
    ck_assert_ok(clone_label_bars(4, t, c, 2, ev, labels, st, &trips));
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(labels[i], CLONE_LABEL_NONE);
        ck_assert_int_eq(st[i].direction, 0);
    }
    ck_assert_int_eq(trips, 1);
}
END_TEST

START_TEST(adding_to_a_position_is_not_a_new_entry)
{
    int64_t t[6];
    double c[6];
    daily(6, t, c);
    const struct clone_event ev[] = {
        {t[1], 1, 2, 1, 0}, {t[2], 2, 3, 1, 0}, {t[3], 1, 4, 3, 0}, {t[4], 2, 5, 3, 0}};
    int32_t labels[6];
    struct clone_position st[6];
    ck_assert_ok(clone_label_bars(6, t, c, 4, ev, labels, st, NULL));
    const int32_t want[6] = {0, CLONE_LABEL_OPEN_LONG, 0, 0, CLONE_LABEL_CLOSE, 0};
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(labels[i], want[i]);
    ck_assert_int_eq(st[4].bars_held, 3); /* held since bar 1 */
}
END_TEST

START_TEST(an_event_before_the_first_bar_is_refused_naming_its_line)
{
    int64_t t[3];
    double c[3];
    daily(3, t, c);
    const struct clone_event ev[] = {{t[0] - 1, 1, 42, 1, 0}};
    int32_t labels[3];
    struct clone_position st[3];
    ck_assert_status_msg(clone_label_bars(3, t, c, 1, ev, labels, st, NULL),
                         BC_E_INVALID_ARGUMENT, "line 42");
}
END_TEST

START_TEST(position_features_give_direction_bars_held_and_pnl_in_atrs)
{
    struct clone_position p = {-1, 4, 110.0};
    double f[CLONE_POSITION_FEATURES];
    clone_position_features(&p, 104.0, 2.0, f);
    ck_assert_double_eq(f[0], 0.0);
    ck_assert_double_eq(f[1], 1.0);
    ck_assert_double_eq(f[2], 4.0);
    ck_assert_double_eq(f[3], 3.0); /* short from 110 to 104 = +6 = 3 ATRs */
    struct clone_position flat = {0, 0, NAN};
    clone_position_features(&flat, 104.0, 2.0, f);
    ck_assert_double_eq(f[0] + f[1] + f[2] + f[3], 0.0);
    ck_assert_str_eq(clone_position_feature_names[2], "bars_held");
}
END_TEST

Suite *suite_clone_labels(void)
{
    Suite *s = suite_create("clone_labels");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, events_align_to_the_last_bar_at_or_before_them);
    tcase_add_test(tc, open_close_and_reversal_give_the_documented_labels_and_state);
    tcase_add_test(tc, an_open_and_close_inside_one_bar_leaves_no_label_and_is_counted);
    tcase_add_test(tc, adding_to_a_position_is_not_a_new_entry);
    tcase_add_test(tc, an_event_before_the_first_bar_is_refused_naming_its_line);
    tcase_add_test(tc, position_features_give_direction_bars_held_and_pnl_in_atrs);
    suite_add_tcase(s, tc);
    return s;
}
