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
    struct clone_position p = {-1, 4, 110.0, 2.5, 0.8, 2.4, NAN, NAN, NAN, NAN, NAN};
    double f[CLONE_POSITION_FEATURES];
    clone_position_features(&p, 104.0, 2.0, f, CLONE_POSITION_FEATURES);
    ck_assert_double_eq(f[0], 0.0);
    ck_assert_double_eq(f[1], 1.0);
    ck_assert_double_eq(f[2], 4.0);
    ck_assert_double_eq(f[3], 3.0); /* short from 110 to 104 = +6 = 3 ATRs */
    ck_assert_double_eq(f[4], 0.8);
    ck_assert_double_eq(f[5], 2.4);
    struct clone_position flat = CLONE_FLAT;
    clone_position_features(&flat, 104.0, 2.0, f, CLONE_POSITION_FEATURES);
    ck_assert_double_eq(f[0] + f[1] + f[2] + f[3] + f[4] + f[5], 0.0);
    /* A model from before the excursions reads four columns only. */
    f[4] = f[5] = -7.0;
    clone_position_features(&p, 104.0, 2.0, f, CLONE_POSITION_FEATURES_V1);
    ck_assert_double_eq(f[4], -7.0);
    ck_assert_str_eq(clone_position_feature_names[2], "bars_held");
}
END_TEST

/* The extended columns by hand: a short entered at 110 with entry ATR 2.5
 * (the bar's ATR 2.0 is not the unit), bar high 112, low 103, close 104. */
/* The level block by hand. A long entered at 100 with entry ATR 2 under
 * sl = 1.5 ATR (level 97) and tp = 3 % of the price (level 103); the bar
 * has high 104, low 96.5, close 98 (the bar's ATR 4 is not the unit). */
/* Swing and risk levels by hand: a long entered at 100 whose window's low
 * is 97 and high 101 (entry ATR 2, not their unit). */
START_TEST(a_swing_stop_sits_at_the_windows_extreme_and_a_risk_target_at_its_multiple)
{
    const struct clone_exit_rules rules = {{CLONE_LEVEL_SWING, 1.0, 3}, {CLONE_LEVEL_RISK, 2.0, 0}, 0.0};
    const double two[2] = {2.0, 2.0};
    double sl, tp;
    clone_entry_levels(&rules, 1, 100.0, two, 97.0, 101.0, &sl, &tp);
    ck_assert_double_eq(sl, 97.0);
    ck_assert_double_eq(tp, 106.0); /* 100 + 2 x 3 */
    /* a short: the high is the stop, the target below by twice the risk */
    clone_entry_levels(&rules, -1, 100.0, two, 97.0, 101.0, &sl, &tp);
    ck_assert_double_eq(sl, 101.0);
    ck_assert_double_eq(tp, 98.0);
    /* k scales the distance (a stop beyond the swing: 1.5 x 3 below) */
    const struct clone_exit_rules wide = {{CLONE_LEVEL_SWING, 1.5, 3}, {CLONE_LEVEL_ATR, 2.0, 0}, 0.0};
    clone_entry_levels(&wide, 1, 100.0, two, 97.0, 101.0, &sl, &tp);
    ck_assert_double_eq(sl, 95.5);
    ck_assert_double_eq(tp, 104.0); /* an atr target beside it: 2 x 2 */
    /* a close at the window's extreme leaves no distance: no stop, and no
     * target measured by it; unknown extremes neither; flat: none */
    clone_entry_levels(&rules, 1, 97.0, two, 97.0, 101.0, &sl, &tp);
    ck_assert(isnan(sl) && isnan(tp));
    clone_entry_levels(&rules, 1, 100.0, two, NAN, NAN, &sl, &tp);
    ck_assert(isnan(sl) && isnan(tp));
    clone_entry_levels(&rules, 0, 100.0, two, 97.0, 101.0, &sl, &tp);
    ck_assert(isnan(sl) && isnan(tp));
    /* the old units through the same function: clone_level_price's */
    const struct clone_exit_rules atr = {{CLONE_LEVEL_ATR, 1.5, 0}, {CLONE_LEVEL_PRICE, 0.03, 0}, 0.0};
    clone_entry_levels(&atr, 1, 100.0, two, 97.0, 101.0, &sl, &tp);
    ck_assert_double_eq(sl, 97.0);
    ck_assert_double_eq_tol(tp, 103.0, 1e-12);
    /* each level its own atr period: the stop 1.5 atr(20) = 3, the target
     * 2 atr(10) = 1 (atr(14) 2 is neither's) */
    const struct clone_exit_rules periods = {{CLONE_LEVEL_ATR, 1.5, 20}, {CLONE_LEVEL_ATR, 2.0, 10}, 0.0};
    char spec[64];
    ck_assert_int_eq(clone_exit_unit_spec(&periods.sl, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "atr(20)");
    ck_assert_int_eq(clone_exit_unit_spec(&periods.tp, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "atr(10)");
    /* atr(14), a price rule: none */
    ck_assert_int_eq(clone_exit_unit_spec(&atr.sl, spec, sizeof spec), 0);
    ck_assert_str_eq(spec, "");
    ck_assert_int_eq(clone_exit_unit_spec(&atr.tp, spec, sizeof spec), 0);
    const double own[2] = {2.0, 0.5};
    clone_entry_levels(&periods, -1, 100.0, own, NAN, NAN, &sl, &tp);
    ck_assert_double_eq(sl, 103.0);
    ck_assert_double_eq(tp, 99.0);
    /* the average bar range: its own engine, mean(diff(high,low),n); the
     * stop 2 ranges, the target 3 (the heldout13 range bot's rule) */
    const struct clone_exit_rules range = {{CLONE_LEVEL_RANGE, 2.0, 20}, {CLONE_LEVEL_RANGE, 3.0, 20}, 0.0};
    ck_assert_int_eq(clone_exit_unit_spec(&range.sl, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "mean(diff(high,low),20)");
    const double avg_range[2] = {0.5, 0.5};
    clone_entry_levels(&range, 1, 100.0, avg_range, NAN, NAN, &sl, &tp);
    ck_assert_double_eq(sl, 99.0);
    ck_assert_double_eq(tp, 101.5);
    /* a range rule without its window is no engine (a model file's rule
     * without n is refused when read) */
    const struct clone_level_rule no_window = {CLONE_LEVEL_RANGE, 2.0, 0};
    ck_assert_int_eq(clone_exit_unit_spec(&no_window, spec, sizeof spec), 0);
    /* a level at an indicator: the engine is the indicator itself, the
     * unit |entry - L|; a long's target at sma(20) = 104 is k 1 of it, the
     * stop as far below; a short from 100 with the line at 98 the same,
     * mirrored; the line on the other side still measures |entry - L| */
    const struct clone_exit_rules to = {{CLONE_LEVEL_TO_LINREG, 1.0, 50},
                                        {CLONE_LEVEL_TO_SMA, 1.0, 20}, 0.0};
    ck_assert_int_eq(clone_exit_unit_spec(&to.sl, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "linreg(50)");
    ck_assert_int_eq(clone_exit_unit_spec(&to.tp, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "sma(20)");
    const struct clone_level_rule to_ema = {CLONE_LEVEL_TO_EMA, 1.0, 50},
                                  to_mid = {CLONE_LEVEL_TO_MIDPRICE, 1.0, 20},
                                  to_none = {CLONE_LEVEL_TO_SMA, 1.0, 0};
    ck_assert_int_eq(clone_exit_unit_spec(&to_ema, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "ema(50)");
    ck_assert_int_eq(clone_exit_unit_spec(&to_mid, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "midprice(20)");
    ck_assert_int_eq(clone_exit_unit_spec(&to_none, spec, sizeof spec), 0);
    const double at[2] = {104.0, 104.0};
    clone_entry_levels(&to, 1, 100.0, at, NAN, NAN, &sl, &tp);
    ck_assert_double_eq(sl, 96.0);
    ck_assert_double_eq(tp, 104.0);
    const double below[2] = {98.0, 98.0};
    clone_entry_levels(&to, -1, 100.0, below, NAN, NAN, &sl, &tp);
    ck_assert_double_eq(sl, 102.0);
    ck_assert_double_eq(tp, 98.0);
    clone_entry_levels(&to, 1, 100.0, below, NAN, NAN, &sl, &tp);
    ck_assert_double_eq(tp, 102.0);
    ck_assert_double_eq(clone_level_unit(&to.tp, 100.0, 98.0), 2.0);
    /* at the level: no distance, no level */
    const double on[2] = {100.0, 100.0};
    clone_entry_levels(&to, 1, 100.0, on, NAN, NAN, &sl, &tp);
    ck_assert(isnan(sl) && isnan(tp));
    /* the close's standard deviation: its own engine, bbands(n,1)'s
     * half-width; the stop 2 stds, the target 3 (the heldout15 stddev
     * bot's rule); without its window no engine; the longest window's
     * spec fits the callers' 64 bytes */
    const struct clone_exit_rules sdev = {{CLONE_LEVEL_STDDEV, 2.0, 20}, {CLONE_LEVEL_STDDEV, 3.0, 10}, 0.0};
    ck_assert_int_eq(clone_exit_unit_spec(&sdev.sl, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "diff(bbands(20,1).upper,bbands(20,1).middle)");
    ck_assert_int_eq(clone_exit_unit_spec(&sdev.tp, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "diff(bbands(10,1).upper,bbands(10,1).middle)");
    const struct clone_level_rule sd_long = {CLONE_LEVEL_STDDEV, 2.0, CLONE_EXIT_MAX_ATR},
                                  sd_none = {CLONE_LEVEL_STDDEV, 2.0, 0};
    ck_assert_int_eq(clone_exit_unit_spec(&sd_long, spec, sizeof spec), 1);
    ck_assert_str_eq(spec, "diff(bbands(1000,1).upper,bbands(1000,1).middle)");
    bc_features *sd_engine = NULL; /* one column, the engine's lookback n - 1 */
    ck_assert_ok(bc_features_create(spec, &sd_engine));
    ck_assert_int_eq(bc_features_count(sd_engine), 1);
    ck_assert_int_eq(bc_features_lookback(sd_engine), CLONE_EXIT_MAX_ATR - 1);
    bc_features_free(sd_engine);
    ck_assert_int_eq(clone_exit_unit_spec(&sd_none, spec, sizeof spec), 0);
    const double sds[2] = {0.25, 0.5};
    clone_entry_levels(&sdev, -1, 100.0, sds, NAN, NAN, &sl, &tp);
    ck_assert_double_eq(sl, 100.5);
    ck_assert_double_eq(tp, 98.5);
    ck_assert_double_eq(clone_level_unit(&sdev.sl, 100.0, 0.25), 0.25);
    ck_assert_str_eq(clone_level_unit_name(CLONE_LEVEL_STDDEV), "stddev");
    /* the names: one table both ways */
    for (int32_t u = 1; u < CLONE_LEVEL_UNITS; u++) {
        const char *name = clone_level_unit_name(u);
        ck_assert_int_eq(clone_level_unit_from_name(name, strlen(name)), u);
    }
    ck_assert_str_eq(clone_level_unit_name(CLONE_LEVEL_TO_LINREG), "to_linreg");
    ck_assert_str_eq(clone_level_unit_name(CLONE_LEVEL_UNITS), "none");
    ck_assert_int_eq(clone_level_unit_from_name("to_sm", 5), CLONE_LEVEL_NONE);
    ck_assert_int_eq(clone_level_unit_from_name("none", 4), CLONE_LEVEL_NONE);
}
END_TEST

START_TEST(level_columns_measure_the_bar_against_the_fitted_levels_in_entry_atrs)
{
    const struct clone_exit_rules rules = {{CLONE_LEVEL_ATR, 1.5, 0}, {CLONE_LEVEL_PRICE, 0.03, 0}, 0.0};
    struct clone_position p = {1, 3, 100.0, 2.0, 0.0, 0.0, NAN, NAN, NAN, NAN, NAN};
    double f[CLONE_POSITION_FEATURES_EXT + CLONE_POSITION_LEVELS];
    clone_position_levels(&p, &rules, 104.0, 96.5, 98.0, 4.0, f);
    ck_assert_double_eq_tol(f[0], (96.5 - 97.0) / 2.0, 1e-12); /* sl_bar_atr: the low passed it */
    ck_assert_double_eq_tol(f[1], (98.0 - 97.0) / 2.0, 1e-12); /* sl_close_atr: the close did not */
    ck_assert_double_eq_tol(f[2], (103.0 - 104.0) / 2.0, 1e-12); /* tp_bar_atr: touched */
    ck_assert_double_eq_tol(f[3], (103.0 - 98.0) / 2.0, 1e-12);  /* tp_close_atr */
    /* The same short: the levels mirror (sl 103, tp 97), the distances too. */
    p.direction = -1;
    clone_position_levels(&p, &rules, 104.0, 96.5, 98.0, 4.0, f);
    ck_assert_double_eq_tol(f[0], (103.0 - 104.0) / 2.0, 1e-12);
    ck_assert_double_eq_tol(f[1], (103.0 - 98.0) / 2.0, 1e-12);
    ck_assert_double_eq_tol(f[2], (96.5 - 97.0) / 2.0, 1e-12);
    ck_assert_double_eq_tol(f[3], (98.0 - 97.0) / 2.0, 1e-12);
    /* No entry ATR: the bar's is the unit (and the ATR level's unit). */
    p.direction = 1;
    p.entry_atr = NAN;
    clone_position_levels(&p, &rules, 104.0, 96.5, 98.0, 4.0, f);
    ck_assert_double_eq_tol(f[1], (98.0 - 94.0) / 4.0, 1e-12);
    ck_assert_double_eq_tol(f[3], (103.0 - 98.0) / 4.0, 1e-12);
    /* Only a take-profit rule: the stop columns stay 0; flat: all 0. */
    const struct clone_exit_rules tp_only = {{CLONE_LEVEL_NONE, 0.0, 0}, {CLONE_LEVEL_POINTS, 2.0, 0}, 0.0};
    clone_position_levels(&p, &tp_only, 104.0, 96.5, 98.0, 4.0, f);
    ck_assert_double_eq(f[0], 0.0);
    ck_assert_double_eq(f[1], 0.0);
    ck_assert_double_eq_tol(f[3], (102.0 - 98.0) / 4.0, 1e-12);
    struct clone_position flat = CLONE_FLAT;
    clone_position_levels(&flat, &rules, 104.0, 96.5, 98.0, 4.0, f);
    for (int j = 0; j < CLONE_POSITION_LEVELS; j++)
        ck_assert_double_eq(f[j], 0.0);
    /* Assembled after the six standard columns (layout 10) and after the
     * sixteen extended ones (layout 20), the same numbers. */
    p.entry_atr = 2.0;
    double g[CLONE_POSITION_FEATURES_EXT + CLONE_POSITION_LEVELS];
    clone_position_levels(&p, &rules, 104.0, 96.5, 98.0, 4.0, f);
    clone_position_inputs(&p, 104.0, 96.5, 98.0, 4.0, CLONE_POSITION_FEATURES + CLONE_POSITION_LEVELS,
                          &rules, NULL, NULL, 0, g);
    for (int j = 0; j < CLONE_POSITION_LEVELS; j++)
        ck_assert_double_eq(g[CLONE_POSITION_FEATURES + j], f[j]);
    clone_position_inputs(&p, 104.0, 96.5, 98.0, 4.0, CLONE_POSITION_FEATURES_EXT + CLONE_POSITION_LEVELS,
                          &rules, NULL, NULL, 0, g);
    for (int j = 0; j < CLONE_POSITION_LEVELS; j++)
        ck_assert_double_eq(g[CLONE_POSITION_FEATURES_EXT + j], f[j]);
    ck_assert_double_eq_tol(g[8], -1.0, 1e-12); /* close_entry_atr still there */
}
END_TEST

START_TEST(position_layouts_name_their_columns_with_the_level_block_last)
{
    static const int32_t layouts[] = {0, 4, 6, 8, 10, 16, 20, 7, 11, 17, 21, 9, 13, 19, 23};
    static const int32_t bases[] = {0, 4, 6, 4, 6, 16, 16, 7, 7, 17, 17, 9, 9, 19, 19};
    static const int32_t cores[] = {0, 4, 6, 4, 6, 16, 16, 6, 6, 16, 16, 6, 6, 16, 16};
    for (int k = 0; k < 15; k++) {
        ck_assert(clone_position_layout_valid(layouts[k]));
        ck_assert_int_eq(clone_position_base(layouts[k]), bases[k]);
        ck_assert_int_eq(clone_position_core(bases[k]), cores[k]);
        ck_assert_int_eq(clone_position_has_giveback(bases[k]), bases[k] != cores[k]);
        ck_assert_int_eq(clone_position_has_entry_bar(bases[k]), bases[k] == 9 || bases[k] == 19);
    }
    static const int32_t invalid[] = {1, 2, 5, 12, 14, 18, 22, 24};
    for (int k = 0; k < 8; k++)
        ck_assert_msg(!clone_position_layout_valid(invalid[k]), "%d columns", invalid[k]);
    ck_assert_str_eq(clone_position_column_name(7, 5), "mfe_atr");
    ck_assert_str_eq(clone_position_column_name(7, 6), "giveback_atr");
    ck_assert_str_eq(clone_position_column_name(11, 6), "giveback_atr");
    ck_assert_str_eq(clone_position_column_name(11, 7), "sl_bar_atr");
    ck_assert_str_eq(clone_position_column_name(17, 15), "held_33_up");
    ck_assert_str_eq(clone_position_column_name(17, 16), "giveback_atr");
    ck_assert_str_eq(clone_position_column_name(21, 16), "giveback_atr");
    ck_assert_str_eq(clone_position_column_name(21, 20), "tp_close_atr");
    ck_assert_str_eq(clone_position_column_name(10, 5), "mfe_atr");
    ck_assert_str_eq(clone_position_column_name(10, 6), "sl_bar_atr");
    ck_assert_str_eq(clone_position_column_name(8, 4), "sl_bar_atr");
    ck_assert_str_eq(clone_position_column_name(20, 15), "held_33_up");
    ck_assert_str_eq(clone_position_column_name(20, 19), "tp_close_atr");
    ck_assert_str_eq(clone_position_column_name(9, 6), "giveback_atr");
    ck_assert_str_eq(clone_position_column_name(9, 7), "close_ebar_fav_atr");
    ck_assert_str_eq(clone_position_column_name(9, 8), "close_ebar_adv_atr");
    ck_assert_str_eq(clone_position_column_name(13, 8), "close_ebar_adv_atr");
    ck_assert_str_eq(clone_position_column_name(13, 9), "sl_bar_atr");
    ck_assert_str_eq(clone_position_column_name(19, 16), "giveback_atr");
    ck_assert_str_eq(clone_position_column_name(19, 17), "close_ebar_fav_atr");
    ck_assert_str_eq(clone_position_column_name(23, 18), "close_ebar_adv_atr");
    ck_assert_str_eq(clone_position_column_name(23, 22), "tp_close_atr");
}
END_TEST

START_TEST(extended_position_columns_give_bar_levels_in_entry_atrs_and_held_buckets)
{
    struct clone_position p = {-1, 4, 110.0, 2.5, 0.8, 2.4, NAN, NAN, NAN, NAN, NAN};
    double f[CLONE_POSITION_FEATURES_EXT];
    clone_position_inputs(&p, 112.0, 103.0, 104.0, 2.0, CLONE_POSITION_FEATURES_EXT, NULL, NULL, NULL, 0,
                          f);
    ck_assert_double_eq(f[3], 3.0); /* upnl_atr stays in the bar's ATR */
    ck_assert_double_eq_tol(f[6], 7.0 / 2.5, 1e-15);  /* bar_fav_atr: 110 - 103 */
    ck_assert_double_eq_tol(f[7], 2.0 / 2.5, 1e-15);  /* bar_adv_atr: 112 - 110 */
    ck_assert_double_eq_tol(f[8], 6.0 / 2.5, 1e-15);  /* close_entry_atr */
    const int32_t held[] = {1, 2, 3, 4, 5, 8, 9, 16, 17, 32, 33, 500};
    const int32_t bucket[] = {0, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6};
    for (int k = 0; k < 12; k++) {
        p.bars_held = held[k];
        clone_position_extra(&p, 112.0, 103.0, 104.0, 2.0, f + 6);
        for (int b = 0; b < 7; b++)
            ck_assert_double_eq(f[9 + b], b == bucket[k] ? 1.0 : 0.0);
    }
    /* No entry ATR: the bar's is the unit; a long's best is its high. */
    struct clone_position q = {1, 1, 100.0, NAN, 0.0, 0.0, NAN, NAN, NAN, NAN, NAN};
    clone_position_extra(&q, 103.0, 99.0, 101.0, 2.0, f + 6);
    ck_assert_double_eq(f[6], 1.5);
    ck_assert_double_eq(f[7], 0.5);
    ck_assert_double_eq(f[8], 0.5);
    struct clone_position flat = CLONE_FLAT;
    clone_position_extra(&flat, 103.0, 99.0, 101.0, 2.0, f + 6);
    for (int j = 6; j < CLONE_POSITION_FEATURES_EXT; j++)
        ck_assert_double_eq(f[j], 0.0);
    ck_assert_str_eq(clone_position_feature_names[CLONE_POSITION_FEATURES_EXT - 1], "held_33_up");
    /* The cloner option takes standard or extended, nothing else. */
    bc_cloner *c = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "position_columns", "extended"));
    ck_assert_ok(bc_cloner_set(c, "position_columns", "standard"));
    ck_assert_int_eq(bc_cloner_set(c, "position_columns", "wide"), BC_E_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(bc_last_error(), "'wide'"));
    bc_cloner_free(c);
}
END_TEST

START_TEST(close_and_open_the_same_way_on_one_bar_is_a_reentry)
{
    int64_t t[8];
    double c[8];
    daily(8, t, c);
    const int64_t h20 = 20 * 3600;
    const struct clone_event ev[] = {
        {t[1] + h20, 1, 11, 1, 0},      /* bar 1: open long ticket 1 */
        {t[3] + h20, 1, 12, 3, 0},      /* bar 3: stop hit on ticket 1 ... */
        {t[3] + h20 + 60, 2, 13, 1, 0}, /* ... and a new long, ticket 2 */
        {t[5] + h20, 2, 14, 3, 0},      /* bar 5: close -> flat */
    };
    int32_t labels[8];
    struct clone_position st[8];
    ck_assert_ok(clone_label_bars(8, t, c, 4, ev, labels, st, NULL));
    const int32_t want[8] = {0, CLONE_LABEL_OPEN_LONG, 0, CLONE_LABEL_OPEN_LONG, 0,
                             CLONE_LABEL_CLOSE, 0, 0};
    const int32_t held[8] = {0, 0, 1, 2, 1, 2, 0, 0};
    for (int i = 0; i < 8; i++) {
        ck_assert_msg(labels[i] == want[i], "bar %d label %d want %d", i, labels[i], want[i]);
        ck_assert_int_eq(st[i].bars_held, held[i]);
    }
    ck_assert_double_eq(st[3].entry_price, c[1]);
    ck_assert_double_eq(st[4].entry_price, c[3]); /* the entry starts again */
}
END_TEST

START_TEST(excursions_are_running_extremes_in_entry_atrs_reset_by_an_entry)
{
    /* Long from bar 1 (close 100, atr 2), re-entered on bar 4 (close 103,
     * atr 4), flat after bar 6. */
    const int32_t n = 8;
    struct clone_position st[8];
    const int32_t dir[8] = {0, 0, 1, 1, 1, 1, 1, 0};
    const int32_t held[8] = {0, 0, 1, 2, 3, 1, 2, 0};
    const double entry[8] = {NAN, NAN, 100, 100, 100, 103, 103, NAN};
    const double high[8] = {99, 101, 102, 105, 104, 104, 110, 100};
    const double low[8] = {97, 99, 97, 99, 101, 101, 102, 95};
    const double atr[8] = {2, 2, 2, 3, 4, 4, 4, 4};
    for (int i = 0; i < n; i++) {
        st[i] = CLONE_FLAT;
        st[i].direction = dir[i];
        st[i].bars_held = held[i];
        st[i].entry_price = entry[i];
    }
    const double close[8] = {98, 100, 99, 104, 103, 102, 108, 96};
    clone_fill_excursions(n, high, low, close, atr, st);
    ck_assert_double_eq(st[2].entry_atr, 2.0);
    ck_assert_double_eq(st[2].mae_atr, 1.5); /* (100 - 97) / 2 */
    ck_assert_double_eq(st[2].mfe_atr, 1.0); /* (102 - 100) / 2 */
    ck_assert_double_eq(st[3].mae_atr, 1.5); /* running: the low of bar 2 stays worst */
    ck_assert_double_eq(st[3].mfe_atr, 2.5); /* (105 - 100) / 2 */
    ck_assert_double_eq(st[5].entry_atr, 4.0);
    ck_assert_double_eq(st[5].mae_atr, 0.5); /* new entry: (103 - 101) / 4 */
    ck_assert_double_eq(st[5].mfe_atr, 0.25);
    ck_assert_double_eq(st[6].mfe_atr, 1.75); /* (110 - 103) / 4 */
    ck_assert_double_eq(st[7].mae_atr + st[7].mfe_atr, 0.0);
    /* A short's adverse side is the high. */
    struct clone_position s = CLONE_FLAT;
    s.direction = -1;
    s.bars_held = 1;
    s.entry_price = 50.0;
    clone_excursion_step(&s, 52.0, 45.0, 46.0, 2.0);
    ck_assert_double_eq(s.mae_atr, 1.0);
    ck_assert_double_eq(s.mfe_atr, 2.5);
}
END_TEST

/* giveback_atr against a loop of its own: the labelled positions of a
 * log (a long, a re-entry long on the bar that closed it, a reversal to
 * short, flat, a short, a re-entry short) on a wavy series with a NaN and a
 * zero atr; the reference takes the entry bar from bars_held and the best
 * close over close[entry..t] directly, in float64. */
START_TEST(giveback_is_the_fall_from_the_best_close_since_entry_in_current_atrs)
{
    enum { N = 44 };
    int64_t t[N];
    double c[N], h[N], l[N], a[N];
    daily(N, t, c);
    for (int i = 0; i < N; i++) {
        c[i] = 100.0 + 6.0 * sin(0.45 * i) + 0.2 * i;
        h[i] = c[i] + 0.7;
        l[i] = c[i] - 0.9;
        a[i] = 1.0 + 0.05 * i;
    }
    a[9] = NAN;
    a[24] = 0.0;
    const int64_t h20 = 20 * 3600;
    const struct clone_event ev[] = {
        {t[3] + h20, 1, 1, 1, 0},       /* bar 3: long, ticket 1 */
        {t[12] + h20, 1, 2, 3, 0},      /* bar 12: close ticket 1 ... */
        {t[12] + h20 + 60, 2, 3, 1, 0}, /* ... and long again: a re-entry */
        {t[18] + h20, 2, 4, 3, 0},      /* bar 18: reversal to short */
        {t[18] + h20 + 60, 3, 5, 1, 1},
        {t[27] + h20, 3, 6, 3, 1},      /* bar 27: flat */
        {t[30] + h20, 4, 7, 1, 1},      /* bar 30: short, ticket 4 */
        {t[36] + h20, 4, 8, 3, 1},      /* bar 36: close and short again */
        {t[36] + h20 + 60, 5, 9, 1, 1},
    };
    int32_t labels[N];
    struct clone_position st[N];
    ck_assert_ok(clone_label_bars(N, t, c, 9, ev, labels, st, NULL));
    clone_fill_excursions(N, h, l, c, a, st);
    ck_assert_int_eq(st[13].bars_held, 1); /* the re-entry starts again */
    ck_assert_int_eq(st[37].bars_held, 1);
    int held = 0, positive = 0;
    for (int i = 0; i < N; i++) {
        double want = 0.0;
        int d = st[i].direction;
        if (d != 0 && a[i] > 0.0 && isfinite(a[i])) {
            int e = i - st[i].bars_held;
            double best = c[e];
            for (int k = e + 1; k <= i; k++)
                best = d > 0 ? (c[k] > best ? c[k] : best) : (c[k] < best ? c[k] : best);
            want = d * (best - c[i]) / a[i];
        }
        held += d != 0;
        positive += want > 0.0;
        double row[CLONE_POSITION_FEATURES_EXT_GB + CLONE_POSITION_LEVELS];
        const int32_t layouts[3] = {7, 17, 11}, at[3] = {6, 16, 6};
        struct clone_exit_rules none = {{0, 0.0, 0}, {0, 0.0, 0}, 0.0};
        for (int k = 0; k < 3; k++) {
            clone_position_inputs(&st[i], h[i], l[i], c[i], a[i], layouts[k], &none, NULL, NULL,
                                  0, row);
            ck_assert_msg(fabs(row[at[k]] - want) <= 1e-12 * (1.0 + fabs(want)),
                          "bar %d layout %d: giveback %.17g want %.17g", i, layouts[k],
                          row[at[k]], want);
            ck_assert_double_ge(row[at[k]], 0.0);
        }
        /* The columns before it are the six (or sixteen) as they were. */
        double six[CLONE_POSITION_FEATURES_EXT];
        clone_position_inputs(&st[i], h[i], l[i], c[i], a[i], 16, NULL, NULL, NULL, 0, six);
        clone_position_inputs(&st[i], h[i], l[i], c[i], a[i], 17, NULL, NULL, NULL, 0, row);
        for (int j = 0; j < 16; j++)
            ck_assert_double_eq(row[j], six[j]);
    }
    ck_assert_int_gt(held, 25);
    ck_assert_int_gt(positive, 10);
    /* Flat, a NaN or zero atr, a NaN close: 0. */
    double g = clone_position_giveback(&st[28], c[28], a[28]);
    ck_assert_int_eq(st[28].direction, 0);
    ck_assert_double_eq(g, 0.0);
    ck_assert_double_eq(clone_position_giveback(&st[9], c[9], a[9]), 0.0);
    ck_assert_double_eq(clone_position_giveback(&st[24], c[24], a[24]), 0.0);
    ck_assert_double_eq(clone_position_giveback(&st[8], NAN, 1.0), 0.0);
    /* A long entered at 100: closes 103, 101 give back 2 of atr 2 = 1; a
     * short entered at 50: closes 47, 48 give back 1 of atr 0.5 = 2. */
    struct clone_position p = CLONE_FLAT;
    p.direction = 1;
    p.entry_price = 100.0;
    clone_excursion_step(&p, 104.0, 99.0, 103.0, 2.0);
    ck_assert_double_eq(clone_position_giveback(&p, 103.0, 2.0), 0.0);
    clone_excursion_step(&p, 103.0, 100.0, 101.0, 2.0);
    ck_assert_double_eq(p.best_close, 103.0);
    ck_assert_double_eq(clone_position_giveback(&p, 101.0, 2.0), 1.0);
    struct clone_position s = CLONE_FLAT;
    s.direction = -1;
    s.entry_price = 50.0;
    clone_excursion_step(&s, 51.0, 46.0, 47.0, 0.5);
    clone_excursion_step(&s, 49.0, 46.5, 48.0, 0.5);
    ck_assert_double_eq(s.best_close, 47.0);
    ck_assert_double_eq(clone_position_giveback(&s, 48.0, 0.5), 2.0);
    /* A close below the entry on the first bar: the entry price is the best. */
    struct clone_position q = CLONE_FLAT;
    q.direction = 1;
    q.entry_price = 100.0;
    clone_excursion_step(&q, 100.5, 97.0, 98.0, 4.0);
    ck_assert_double_eq(clone_position_giveback(&q, 98.0, 4.0), 0.5);
}
END_TEST

/* The touch rule against hand-computed cases: a long at 100 with sl 98
 * and tp 103; a short at 50 with sl 51 and tp 48. */
START_TEST(a_bar_touching_a_level_closes_there_and_the_stop_wins_a_tie)
{
    double price = -1.0;
    /* long: low 98.5 / high 102.9 touch nothing */
    ck_assert_int_eq(clone_level_touch(1, 98.0, 103.0, 102.9, 98.5, &price), CLONE_EXIT_NONE);
    /* low exactly at the stop: closed at 98 */
    ck_assert_int_eq(clone_level_touch(1, 98.0, 103.0, 101.0, 98.0, &price), CLONE_EXIT_SL);
    ck_assert_double_eq(price, 98.0);
    /* a gap far through the stop still fills at the level */
    ck_assert_int_eq(clone_level_touch(1, 98.0, 103.0, 95.0, 90.0, &price), CLONE_EXIT_SL);
    ck_assert_double_eq(price, 98.0);
    ck_assert_int_eq(clone_level_touch(1, 98.0, 103.0, 103.5, 99.0, &price), CLONE_EXIT_TP);
    ck_assert_double_eq(price, 103.0);
    /* both inside one bar: the stop-loss (the worst case) */
    ck_assert_int_eq(clone_level_touch(1, 98.0, 103.0, 104.0, 97.0, &price), CLONE_EXIT_SL);
    ck_assert_double_eq(price, 98.0);
    /* short: the high reaches the stop, the low the target */
    ck_assert_int_eq(clone_level_touch(-1, 51.0, 48.0, 50.9, 48.1, &price), CLONE_EXIT_NONE);
    ck_assert_int_eq(clone_level_touch(-1, 51.0, 48.0, 51.2, 49.0, &price), CLONE_EXIT_SL);
    ck_assert_double_eq(price, 51.0);
    ck_assert_int_eq(clone_level_touch(-1, 51.0, 48.0, 50.0, 47.5, &price), CLONE_EXIT_TP);
    ck_assert_double_eq(price, 48.0);
    ck_assert_int_eq(clone_level_touch(-1, 51.0, 48.0, 52.0, 47.0, &price), CLONE_EXIT_SL);
    /* no levels, or flat: never */
    ck_assert_int_eq(clone_level_touch(1, NAN, NAN, 1e9, -1e9, &price), CLONE_EXIT_NONE);
    ck_assert_int_eq(clone_level_touch(0, 98.0, 103.0, 1e9, -1e9, &price), CLONE_EXIT_NONE);
    /* only a take-profit */
    ck_assert_int_eq(clone_level_touch(1, NAN, 103.0, 103.0, 50.0, &price), CLONE_EXIT_TP);

    /* Levels from a rule: 2 ATRs against, 3 with; 1 % of the price; 0.5
     * points. */
    struct clone_level_rule atr2 = {CLONE_LEVEL_ATR, 2.0, 0}, atr3 = {CLONE_LEVEL_ATR, 3.0, 0},
                            pct = {CLONE_LEVEL_PRICE, 0.01, 0}, pts = {CLONE_LEVEL_POINTS, 0.5, 0},
                            none = {CLONE_LEVEL_NONE, 2.0, 0};
    ck_assert_double_eq_tol(clone_level_price(&atr2, 1, -1, 100.0, 1.5), 97.0, 1e-12);
    ck_assert_double_eq_tol(clone_level_price(&atr3, 1, +1, 100.0, 1.5), 104.5, 1e-12);
    ck_assert_double_eq_tol(clone_level_price(&atr2, -1, -1, 100.0, 1.5), 103.0, 1e-12);
    ck_assert_double_eq_tol(clone_level_price(&atr3, -1, +1, 100.0, 1.5), 95.5, 1e-12);
    ck_assert_double_eq_tol(clone_level_price(&pct, 1, -1, 200.0, NAN), 198.0, 1e-12);
    ck_assert_double_eq_tol(clone_level_price(&pts, -1, +1, 10.0, NAN), 9.5, 1e-12);
    ck_assert(isnan(clone_level_price(&none, 1, -1, 100.0, 1.5)));
    ck_assert(isnan(clone_level_price(&atr2, 1, -1, 100.0, NAN))); /* ATR unknown */
    ck_assert(isnan(clone_level_price(&atr2, 0, -1, 100.0, 1.5)));
}
END_TEST

/* The search's intraday test (search.c clone_bars_intraday): hourly bars
 * are intraday, daily ones (one bar a UTC day) are not; two bars of one
 * day before 1970 are, a lone bar is not. Only intraday series get the
 * day-range items (dayhigh/daylow) in the level grid. */
START_TEST(only_bars_finer_than_a_day_are_intraday)
{
    static const char *const files[] = {"bots/eurusd_1h.csv", "bots/heldout/eurusd_1h_2017.csv",
                                        "aapl_daily.csv", "sp500_daily.csv",
                                        "bots/googl_daily.csv"};
    for (int k = 0; k < 5; k++) {
        bc_bars *b = NULL;
        ck_assert_ok(bc_bars_read_csv(test_data_path(files[k]), &b, NULL));
        ck_assert_msg(clone_bars_intraday(b) == (k < 2), "%s", files[k]);
        bc_bars_free(b);
    }
    const int64_t t[3] = {-86400 + 3600, -86400 + 7200, 5};
    const double c[3] = {1, 2, 3};
    bc_bars *b = NULL;
    ck_assert_ok(bc_bars_from_arrays(2, t, NULL, NULL, NULL, c, NULL, &b));
    ck_assert_int_eq(clone_bars_intraday(b), 1);
    bc_bars_free(b);
    /* one gap of two inside a day: not most of them */
    ck_assert_ok(bc_bars_from_arrays(3, t, NULL, NULL, NULL, c, NULL, &b));
    ck_assert_int_eq(clone_bars_intraday(b), 0);
    bc_bars_free(b);
    const int64_t u[3] = {-86400 + 3600, 3600, 86400 + 3600}; /* daily, across 1970 */
    ck_assert_ok(bc_bars_from_arrays(3, u, NULL, NULL, NULL, c, NULL, &b));
    ck_assert_int_eq(clone_bars_intraday(b), 0);
    bc_bars_free(b);
    ck_assert_ok(bc_bars_from_arrays(1, t, NULL, NULL, NULL, c, NULL, &b));
    ck_assert_int_eq(clone_bars_intraday(b), 0);
    bc_bars_free(b);
}
END_TEST

/* The entry-bar columns against a loop of their own: the labelled
 * positions of giveback's log (a long, a re-entry long on the bar that
 * closed it, a reversal to short, flat, a short, a re-entry short) with the
 * entry bar taken from bars_held, its high and low read directly, the unit
 * its atr (the bar's where that is NaN: bar 18, the reversal's entry) in
 * float64; then hand cases, and a position with no entry bar known taking
 * the first bar stepped. */
START_TEST(entry_bar_columns_are_the_close_against_the_entry_bars_high_and_low)
{
    enum { N = 44 };
    int64_t t[N];
    double c[N], h[N], l[N], a[N];
    daily(N, t, c);
    for (int i = 0; i < N; i++) {
        c[i] = 100.0 + 6.0 * sin(0.45 * i) + 0.2 * i;
        h[i] = c[i] + 0.7 + 0.1 * (i % 3);
        l[i] = c[i] - 0.9 - 0.05 * (i % 4);
        a[i] = 1.0 + 0.05 * i;
    }
    a[18] = NAN;
    a[24] = 0.0;
    const int64_t h20 = 20 * 3600;
    const struct clone_event ev[] = {
        {t[3] + h20, 1, 1, 1, 0},       {t[12] + h20, 1, 2, 3, 0},
        {t[12] + h20 + 60, 2, 3, 1, 0}, {t[18] + h20, 2, 4, 3, 0},
        {t[18] + h20 + 60, 3, 5, 1, 1}, {t[27] + h20, 3, 6, 3, 1},
        {t[30] + h20, 4, 7, 1, 1},      {t[36] + h20, 4, 8, 3, 1},
        {t[36] + h20 + 60, 5, 9, 1, 1},
    };
    int32_t labels[N];
    struct clone_position st[N];
    ck_assert_ok(clone_label_bars(N, t, c, 9, ev, labels, st, NULL));
    clone_fill_excursions(N, h, l, c, a, st);
    int held = 0, above = 0, below = 0;
    for (int i = 0; i < N; i++) {
        double want[2] = {0.0, 0.0};
        int d = st[i].direction;
        if (d != 0) {
            int e = i - st[i].bars_held;
            double u = a[e] > 0.0 && isfinite(a[e]) ? a[e] : a[i];
            if (u > 0.0 && isfinite(u)) {
                want[0] = d * (c[i] - (d > 0 ? h[e] : l[e])) / u;
                want[1] = d * (c[i] - (d > 0 ? l[e] : h[e])) / u;
            }
            ck_assert_double_eq(st[i].entry_high, h[e]);
            ck_assert_double_eq(st[i].entry_low, l[e]);
        }
        held += d != 0;
        above += want[0] > 0.0;
        below += want[1] < 0.0;
        double row[CLONE_POSITION_FEATURES_EXT_EB + CLONE_POSITION_LEVELS];
        const int32_t layouts[3] = {9, 19, 13}, at[3] = {7, 17, 7};
        struct clone_exit_rules none = {{0, 0.0, 0}, {0, 0.0, 0}, 0.0};
        for (int k = 0; k < 3; k++) {
            clone_position_inputs(&st[i], h[i], l[i], c[i], a[i], layouts[k], &none, NULL, NULL,
                                  0, row);
            for (int j = 0; j < 2; j++)
                ck_assert_msg(fabs(row[at[k] + j] - want[j]) <= 1e-12 * (1.0 + fabs(want[j])),
                              "bar %d layout %d column %d: %.17g want %.17g", i, layouts[k], j,
                              row[at[k] + j], want[j]);
        }
        /* The seventeen before them as layout 17 has them. */
        double seventeen[CLONE_POSITION_FEATURES_EXT_GB];
        clone_position_inputs(&st[i], h[i], l[i], c[i], a[i], 17, NULL, NULL, NULL, 0, seventeen);
        clone_position_inputs(&st[i], h[i], l[i], c[i], a[i], 19, NULL, NULL, NULL, 0, row);
        for (int j = 0; j < 17; j++)
            ck_assert_double_eq(row[j], seventeen[j]);
    }
    ck_assert_int_gt(held, 25);
    ck_assert_int_gt(above, 3);
    ck_assert_int_gt(below, 3);
    /* A long whose entry bar spans 99 .. 101, entry atr 2: close 102 is
     * 0.5 above its high and 1.5 above its low; close 98.6 is back 0.2
     * below the low. A short's (49 .. 51, atr 0.5) close 48: 2 past its
     * low, 6 from its high. Flat or a NaN close: 0. */
    struct clone_position p = CLONE_FLAT;
    p.direction = 1;
    p.bars_held = 2;
    p.entry_price = 100.0;
    p.entry_atr = 2.0;
    p.entry_high = 101.0;
    p.entry_low = 99.0;
    double f[2];
    clone_position_entry_bar(&p, 102.0, 7.0, f);
    ck_assert_double_eq(f[0], 0.5);
    ck_assert_double_eq(f[1], 1.5);
    clone_position_entry_bar(&p, 98.6, 7.0, f);
    ck_assert_double_eq_tol(f[1], -0.2, 1e-12);
    clone_position_entry_bar(&p, NAN, 7.0, f);
    ck_assert_double_eq(f[0], 0.0);
    ck_assert_double_eq(f[1], 0.0);
    struct clone_position s = p;
    s.direction = -1;
    s.entry_atr = 0.5;
    s.entry_high = 51.0;
    s.entry_low = 49.0;
    clone_position_entry_bar(&s, 48.0, 7.0, f);
    ck_assert_double_eq(f[0], 2.0);
    ck_assert_double_eq(f[1], 6.0);
    struct clone_position flat = CLONE_FLAT;
    clone_position_entry_bar(&flat, 48.0, 1.0, f);
    ck_assert_double_eq(f[0], 0.0);
    ck_assert_double_eq(f[1], 0.0);
    /* No entry bar known (a host's position set before any bar): the first
     * bar stepped stands for it and stays. */
    struct clone_position q = CLONE_FLAT;
    q.direction = 1;
    q.entry_price = 100.0;
    clone_excursion_step(&q, 100.5, 97.0, 98.0, 4.0);
    clone_excursion_step(&q, 104.0, 99.0, 103.0, 4.0);
    ck_assert_double_eq(q.entry_high, 100.5);
    ck_assert_double_eq(q.entry_low, 97.0);
    clone_position_entry_bar(&q, 103.0, 4.0, f);
    ck_assert_double_eq(f[0], 0.625);
    ck_assert_double_eq(f[1], 1.5);
}
END_TEST

/* The day count against a loop of its own: a day is found by whole-day
 * division rounded down by hand (not bc_second_of_day), the entries by
 * scanning the day's earlier bars' labels. Hourly bars across three UTC
 * days before and after 1970 (day -1 and days 0, 1), with entries,
 * a reversal, a re-entry, skipped and close labels; then the cap and a gap
 * of days. */
static int64_t floor_day(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

START_TEST(the_day_count_is_the_days_entries_before_the_bar_capped)
{
    enum { N = 60 };
    int64_t t[N];
    int32_t labels[N];
    double got[N], stream[N];
    for (int i = 0; i < N; i++) {
        t[i] = -86400 + 3 * 3600 + (int64_t)i * 3600 + (i >= 30 ? 86400 : 0); /* 03:00 of day -1 on */
        labels[i] = CLONE_LABEL_NONE;
    }
    const int opens[] = {2, 5, 6, 9, 21, 22, 23, 24, 25, 40, 41, 55};
    for (size_t k = 0; k < sizeof opens / sizeof *opens; k++)
        labels[opens[k]] = k % 2 ? CLONE_LABEL_OPEN_SHORT : CLONE_LABEL_OPEN_LONG;
    labels[3] = CLONE_LABEL_CLOSE;
    labels[7] = CLONE_LABEL_SKIP;
    labels[42] = CLONE_LABEL_CLOSE;
    clone_day_counts(N, t, labels, got);
    struct clone_day_count c = CLONE_DAY_START;
    for (int i = 0; i < N; i++) {
        int32_t want = 0;
        for (int j = i - 1; j >= 0 && floor_day(t[j]) == floor_day(t[i]); j--)
            want += labels[j] == CLONE_LABEL_OPEN_LONG || labels[j] == CLONE_LABEL_OPEN_SHORT;
        if (want > CLONE_DAY_CAP)
            want = CLONE_DAY_CAP;
        ck_assert_msg(got[i] == (double)want, "bar %d (%lld): %g, want %d", i, (long long)t[i],
                      got[i], (int)want);
        stream[i] = clone_day_bar(&c, t[i]);
        if (labels[i] == CLONE_LABEL_OPEN_LONG || labels[i] == CLONE_LABEL_OPEN_SHORT)
            clone_day_entered(&c);
        ck_assert_double_eq(stream[i], got[i]);
    }
    /* the bars of 21:00-23:00 of day -1 and 00:00 of day 0 (1970-01-01) */
    ck_assert_int_eq(clone_day_of(t[20]), -1);
    ck_assert_int_eq(clone_day_of(t[21]), 0);
    ck_assert_double_eq(got[10], 4 > CLONE_DAY_CAP ? CLONE_DAY_CAP : 4);
    ck_assert_double_eq(got[21], 0.0); /* a new day, entries of the last one forgotten */
    ck_assert_double_eq(got[26], CLONE_DAY_CAP); /* five entries that day: capped */
    ck_assert_double_eq(got[30], 0.0); /* 09:00 of day 1, after a gap */
    ck_assert_double_eq(got[41], 1.0);
    ck_assert_double_eq(got[43], 2.0);
    ck_assert_int_eq(clone_day_of(-1), -1);
    ck_assert_int_eq(clone_day_of(0), 0);
    ck_assert_int_eq(clone_day_of(86399), 0);
    ck_assert_int_eq(clone_day_of(-86400), -1);
    ck_assert_int_eq(clone_day_of(-86401), -2);
    /* daily bars: one decision a day, always 0 */
    int64_t d[5];
    int32_t all_open[5];
    for (int i = 0; i < 5; i++) {
        d[i] = (int64_t)i * 86400;
        all_open[i] = CLONE_LABEL_OPEN_LONG;
    }
    clone_day_counts(5, d, all_open, got);
    for (int i = 0; i < 5; i++)
        ck_assert_double_eq(got[i], 0.0);
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
    tcase_add_test(tc, extended_position_columns_give_bar_levels_in_entry_atrs_and_held_buckets);
    tcase_add_test(tc, close_and_open_the_same_way_on_one_bar_is_a_reentry);
    tcase_add_test(tc, level_columns_measure_the_bar_against_the_fitted_levels_in_entry_atrs);
    tcase_add_test(tc, position_layouts_name_their_columns_with_the_level_block_last);
    tcase_add_test(tc, excursions_are_running_extremes_in_entry_atrs_reset_by_an_entry);
    tcase_add_test(tc, giveback_is_the_fall_from_the_best_close_since_entry_in_current_atrs);
    tcase_add_test(tc, a_bar_touching_a_level_closes_there_and_the_stop_wins_a_tie);
    tcase_add_test(tc, a_swing_stop_sits_at_the_windows_extreme_and_a_risk_target_at_its_multiple);
    tcase_add_test(tc, only_bars_finer_than_a_day_are_intraday);
    tcase_add_test(tc, entry_bar_columns_are_the_close_against_the_entry_bars_high_and_low);
    tcase_add_test(tc, the_day_count_is_the_days_entries_before_the_bar_capped);
    suite_add_tcase(s, tc);
    return s;
}
