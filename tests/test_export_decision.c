/* test_export_decision.c - the no-DLL route end to end: clones of every test
 * bot (tests/data/bots, default options; a trees and a logistic clone too)
 * exported as MQL5, the C twin of the .mqh compiled and fed the bars one by
 * one through <prefix>_update, against bc_predictor_update on the same bars:
 * the same decision on every bar, raw probabilities and P(act) within 1e-9.
 * The twin computes every input itself (features, ATR, position state,
 * position-signed columns) and applies the predictor's rule (allowed
 * actions, calibration, per-class thresholds). */
#include "test_util.h"
#include "c_driver.h"

#include "export/export_ir.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bc_bars *load_bars(const char *name)
{
    bc_bars *b = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path(name), &b, NULL));
    return b;
}

static const struct {
    const char *trades, *bars, *bars2, *symbol2, *model;
    int levels; /* the clone has the sl/tp level columns */
} bots[] = {
    {"bots/sma_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, NULL, 0},
    {"bots/rsi_levels_sp500_trades_raw.csv", "sp500_daily.csv", NULL, NULL, NULL, 0},
    {"bots/macd_session_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, NULL, 0},
    {"bots/ema_cross_time_exit_aapl_trades_raw.csv", "aapl_daily.csv", NULL, NULL, NULL, 0},
    {"bots/stoch_googl_trades_raw.csv", "bots/googl_daily.csv", NULL, NULL, NULL, 0},
    {"bots/sma_7_25_sp500_trades_raw.csv", "sp500_daily.csv", NULL, NULL, NULL, 0},
    {"bots/rsi9_levels_aapl_trades_raw.csv", "aapl_daily.csv", NULL, NULL, NULL, 0},
    {"bots/bband_rsi_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, NULL, 0},
    {"bots/adx_sma_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, NULL, 0},
    {"bots/zscore_session_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, NULL, 0},
    {"bots/donchian_atr_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, NULL, 0},
    {"bots/bband_level_time_stop_sp500_trades_raw.csv", "sp500_daily.csv", NULL, NULL, NULL, 0},
    {"bots/macd_two_symbols_trades_raw.csv", "aapl_daily.csv", "bots/googl_daily.csv", "GOOGL",
     NULL, 0},
    {"sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", NULL, NULL, NULL, 0},
    {"bots/sma_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, "trees", 0},
    {"bots/bband_rsi_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, "logistic", 0},
    {"sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", NULL, NULL, "mlp", 0},
    /* "trees/extended": a trees clone with position_columns=extended */
    {"bots/donchian_atr_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL,
     "trees/extended", 0},
    /* level columns: ATR-unit sl and tp after the six (default options:
     * trees), after the sixteen, after a logistic clone's four
     * (position_levels=all); a price-unit tp alone (trees) */
    {"bots/mental_stop_ema_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, NULL, 1},
    {"bots/mental_stop_ema_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL,
     "trees/extended", 1},
    {"bots/mental_stop_ema_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL,
     "logistic/levels", 1},
    {"bots/rsi_target_time_stop_sp500_trades_raw.csv", "sp500_daily.csv", NULL, NULL, "trees", 1},
    /* giveback_atr: the trees clones above take it (layouts 7, 11, 17,
     * 21); a trailing-stop bot whose clone cuts on it, and a clone in the
     * layout before it (position_giveback=0: the six, as older model files) */
    {"bots/heldout7/heldout7_chandelier_trail_eurusd_trades_raw.csv", "bots/heldout/eurusd_1h_2017.csv",
     NULL, NULL, "trees", 0},
    {"bots/sma_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL, "trees/v6", 0},
    /* the entry-bar columns (position_entry_bar=1, layouts 9, 19, 23): the
     * doji-dip bot that exits at the first close above its entry bar's
     * high, whose clone cuts on close_ebar_fav_atr; the extended set with
     * the level block after them */
    {"bots/heldout19/heldout19_doji_dip_eurusd_trades_raw.csv", "bots/heldout/eurusd_1h_2017.csv",
     NULL, NULL, "trees/eb", 0},
    {"bots/mental_stop_ema_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL, NULL,
     "trees/eb-extended", 1},
    /* model auto's rule candidate with its time-stop cut: bars_held clipped
     * by its normalization to the two values 14 and 15 (cloner_fit.c) */
    {"bots/heldout18/heldout18_relative_volatility_aapl_trades_raw.csv", "aapl_daily.csv", NULL,
     NULL, NULL, 0},
    /* the day count trades_today (position_day=1, the last input): the
     * London opening-range breakout that takes one trade a day, its
     * logistic clone counting its own entries (auto position) and the
     * ones set_position reports entered */
    {"bots/heldout26/heldout26_london_orb_sltp_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL,
     NULL, "logistic/day", 0},
};

static bc_model *clone_of(int i, bc_bars *bars)
{
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(test_data_path(bots[i].trades), &t, NULL));
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    if (bots[i].model && strcmp(bots[i].model, "trees/extended") == 0) {
        ck_assert_ok(bc_cloner_set(c, "model", "trees"));
        ck_assert_ok(bc_cloner_set(c, "position_columns", "extended"));
    } else if (bots[i].model && strcmp(bots[i].model, "trees/v6") == 0) {
        ck_assert_ok(bc_cloner_set(c, "model", "trees"));
        ck_assert_ok(bc_cloner_set(c, "position_giveback", "0"));
    } else if (bots[i].model && strncmp(bots[i].model, "trees/eb", 8) == 0) {
        ck_assert_ok(bc_cloner_set(c, "model", "trees"));
        ck_assert_ok(bc_cloner_set(c, "position_entry_bar", "1"));
        if (strcmp(bots[i].model, "trees/eb-extended") == 0)
            ck_assert_ok(bc_cloner_set(c, "position_columns", "extended"));
    } else if (bots[i].model && strcmp(bots[i].model, "logistic/day") == 0) {
        ck_assert_ok(bc_cloner_set(c, "model", "logistic"));
        ck_assert_ok(bc_cloner_set(c, "position_day", "1"));
    } else if (bots[i].model && strcmp(bots[i].model, "logistic/levels") == 0) {
        ck_assert_ok(bc_cloner_set(c, "model", "logistic"));
        ck_assert_ok(bc_cloner_set(c, "position_levels", "all"));
    } else if (bots[i].model) {
        ck_assert_ok(bc_cloner_set(c, "model", bots[i].model));
    }
    bc_bars *other = NULL;
    if (bots[i].bars2) {
        other = load_bars(bots[i].bars2);
        ck_assert_ok(bc_cloner_add_bars(c, "AAPL", bars));
        ck_assert_ok(bc_cloner_add_bars(c, bots[i].symbol2, other));
        ck_assert_ok(bc_cloner_fit(c, t, NULL, &m));
    } else {
        ck_assert_ok(bc_cloner_fit(c, t, bars, &m));
    }
    bc_cloner_free(c);
    bc_bars_free(other);
    bc_trades_free(t);
    return m;
}

/* Runs the twin compiled from dir/driver.c on m's bars and compares every
 * bar with bc_predictor_update. auto_position 0: both are told the position
 * by set_position one bar late (the decision filled at its bar's close), as
 * an EA that takes fills from the terminal does. */
static void compare_runs(int i, const bc_model *m, const bc_bars *bars, const char *dir,
                         int auto_position)
{
    FILE *f;
    /* The library first: its decisions say where the EA's position goes. */
    int32_t n = bc_bars_length(bars), C = bc_model_num_classes(m);
    const int64_t *time = bc_bars_time(bars);
    const double *col[5];
    for (int k = 0; k < 5; k++)
        col[k] = bc_bars_column(bars, k);
    int32_t *dec = malloc(sizeof *dec * (size_t)n);
    double *pact = malloc(sizeof *pact * (size_t)n), *thr = malloc(sizeof *thr * (size_t)n);
    double *probs = malloc(sizeof *probs * (size_t)n * (size_t)C);
    int *set_dir = malloc(sizeof *set_dir * (size_t)n), *set_held = malloc(sizeof *set_held * (size_t)n);
    double *set_price = malloc(sizeof *set_price * (size_t)n);
    ck_assert(dec && pact && thr && probs && set_dir && set_held && set_price);
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_set(p, "auto_position", auto_position ? "1" : "0"));
    int pending = 0, held_dir = 0, entry = 0;
    double entry_price = NAN;
    int32_t counts[4] = {0, 0, 0, 0};
    for (int32_t b = 0; b < n; b++) {
        set_dir[b] = 9;
        set_held[b] = 0;
        set_price[b] = 0.0;
        if (!auto_position && pending) {
            /* Last bar's decision filled at its close: held_dir since then. */
            set_dir[b] = held_dir;
            set_held[b] = held_dir ? b - entry : 0;
            set_price[b] = held_dir ? entry_price : 0.0;
            ck_assert_ok(bc_predictor_set_position(p, set_dir[b], set_held[b],
                                                   held_dir ? entry_price : 0.0));
            pending = 0;
        }
        ck_assert_ok(bc_predictor_update(p, time[b], col[0][b], col[1][b], col[2][b], col[3][b],
                                         col[4][b], probs + (size_t)b * C, C, &dec[b]));
        ck_assert_ok(bc_predictor_last(p, &pact[b], &thr[b]));
        counts[dec[b] & 3]++;
        int target = dec[b] == BC_DECISION_BUY ? 1 : dec[b] == BC_DECISION_SELL ? -1
                   : dec[b] == BC_DECISION_CLOSE ? 0 : held_dir;
        if (dec[b] != BC_DECISION_HOLD && (target != held_dir || target != 0)) {
            held_dir = target;
            entry = b;
            entry_price = col[3][b];
            pending = 1;
        }
    }
    bc_predictor_free(p);
    ck_assert_msg(counts[1] + counts[2] > 0 && counts[3] + counts[1] + counts[2] > 2,
                  "%s: the clone never trades (%d buys, %d sells, %d closes)", bots[i].trades,
                  counts[1], counts[2], counts[3]);

    f = c_driver_file(dir, "bars.txt", "w");
    fprintf(f, "%d\n", auto_position);
    for (int32_t b = 0; b < n; b++)
        fprintf(f, "%lld %a %a %a %a %a %d %d %a\n", (long long)time[b], col[0][b], col[1][b],
                col[2][b], col[3][b], col[4][b], set_dir[b], set_held[b], set_price[b]);
    ck_assert_int_eq(fclose(f), 0);
    f = c_driver_run(dir, "bars.txt", "out.txt");
    double worst_prob = 0.0, worst_pact = 0.0;
    for (int32_t b = 0; b < n; b++) {
        int d = -9;
        double got_pact = 0.0, got_thr = 0.0, got;
        ck_assert_int_eq(fscanf(f, "%d %la %la", &d, &got_pact, &got_thr), 3);
        ck_assert_msg(d == dec[b], "%s%s%s bar %d (time %lld): library decides %d (P(act) %.17g, "
                      "threshold %g), the generated code %d (P(act) %.17g)", bots[i].trades,
                      bots[i].model ? " model " : "", bots[i].model ? bots[i].model : "", (int)b,
                      (long long)time[b], dec[b], pact[b], thr[b], d, got_pact);
        ck_assert_msg(isnan(got_pact) == isnan(pact[b]), "bar %d: P(act) %g vs %g", (int)b,
                      got_pact, pact[b]);
        if (!isnan(pact[b]))
            worst_pact = fmax(worst_pact, fabs(got_pact - pact[b]));
        ck_assert_msg(got_thr == thr[b], "bar %d: threshold %g vs %g", (int)b, got_thr, thr[b]);
        for (int32_t k = 0; k < C; k++) {
            ck_assert_int_eq(fscanf(f, "%la", &got), 1);
            worst_prob = fmax(worst_prob, fabs(got - probs[(size_t)b * C + k]));
        }
    }
    fclose(f);
    if (getenv("BC_TEST_VERBOSE"))
        fprintf(stderr, "%s %s auto %d: worst |dp| %g, |dP(act)| %g; %d buys %d sells %d closes\n",
                bots[i].trades, bots[i].model ? bots[i].model : "default", auto_position,
                worst_prob, worst_pact, counts[1], counts[2], counts[3]);
    ck_assert_msg(worst_prob <= 1e-9 && worst_pact <= 1e-9,
                  "%s: worst probability difference %g, P(act) %g", bots[i].trades, worst_prob,
                  worst_pact);
    free(dec);
    free(pact);
    free(thr);
    free(probs);
    free(set_dir);
    free(set_held);
    free(set_price);
}

/* Clones bot i, writes the C twin of its .mqh with a driver, and compares
 * it with the library with and without auto position. */
static void check_bot(int i)
{
    bc_bars *bars = load_bars(bots[i].bars);
    bc_model *m = clone_of(i, bars);
    char *src = NULL;
    ck_assert_ok(bc_export_model_source_c(m, "clone", &src));
    ck_assert_ptr_nonnull(strstr(src, "int clone_update("));
    /* The level block is there exactly when the clone takes it. */
    int32_t F = bc_model_num_features(m), has_levels = 0, has_giveback = 0, has_mfe = 0;
    int32_t has_entry_bar = 0, has_day = 0;
    for (int32_t j = 0; j < F; j++) {
        char name[256];
        int32_t len = 0;
        ck_assert_ok(bc_model_feature_name(m, j, name, sizeof name, &len));
        has_levels |= strcmp(name, "tp_close_atr") == 0;
        has_giveback |= strcmp(name, "giveback_atr") == 0;
        has_mfe |= strcmp(name, "mfe_atr") == 0;
        has_entry_bar |= strcmp(name, "close_ebar_adv_atr") == 0;
        has_day |= j == F - 1 && strcmp(name, "trades_today") == 0;
    }
    /* the day count, the last input, exactly when asked for */
    ck_assert_int_eq(has_day, bots[i].model && strcmp(bots[i].model, "logistic/day") == 0);
    ck_assert_int_eq(strstr(src, "/* trades_today */") != NULL, has_day);
    ck_assert_int_eq(has_levels, bots[i].levels);
    ck_assert_int_eq(strstr(src, "/* tp_close_atr */") != NULL, bots[i].levels);
    /* giveback_atr: every trees clone (after the six or sixteen) but the
     * one asked for the layout before it; the dense kinds keep their four. */
    int trees = bots[i].model && strncmp(bots[i].model, "trees", 5) == 0;
    if (trees)
        ck_assert_int_eq(has_giveback, strcmp(bots[i].model, "trees/v6") != 0);
    ck_assert_int_eq(has_giveback, has_giveback && has_mfe);
    ck_assert_int_eq(strstr(src, "/* giveback_atr */") != NULL, has_giveback);
    /* the entry-bar columns exactly when asked for */
    ck_assert_int_eq(has_entry_bar, bots[i].model && strncmp(bots[i].model, "trees/eb", 8) == 0);
    ck_assert_int_eq(strstr(src, "/* close_ebar_fav_atr */") != NULL, has_entry_bar);
    char dir[] = "/tmp/bc_export_decision_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    /* Input: one bar per line, then the position to set before it (the
     * direction, bars held, entry price; 9 = none). */
    fprintf(f, "%s\n#include <stdio.h>\nint main(void)\n{\n"
            "    long long t;\n    double o, h, l, c, v, price, p[clone_N_CLASSES];\n"
            "    int dir, held, automatic;\n    if (scanf(\"%%d\", &automatic) != 1)\n        return 2;\n"
            "    clone_reset();\n    clone_set_auto_position(automatic);\n"
            "    while (scanf(\"%%lld %%la %%la %%la %%la %%la %%d %%d %%la\", &t, &o, &h, &l, &c,\n"
            "                 &v, &dir, &held, &price) == 9) {\n"
            "        if (dir != 9 && !clone_set_position(dir, held, price))\n            return 3;\n"
            "        int d = clone_update(t, o, h, l, c, v, p);\n"
            "        printf(\"%%d %%a %%a\", d, clone_last_p_act, clone_last_threshold);\n"
            "        for (int k = 0; k < clone_N_CLASSES; k++)\n            printf(\" %%a\", p[k]);\n"
            "        printf(\"\\n\");\n    }\n    return 0;\n}\n",
            src);
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    for (int auto_position = 1; auto_position >= 0; auto_position--)
        compare_runs(i, m, bars, dir, auto_position);
    c_driver_remove(dir);
    bc_model_free(m);
    bc_bars_free(bars);
}

START_TEST(generated_predictor_decides_as_bc_predictor_on_every_test_bot_and_position_source)
{
    check_bot(_i);
}
END_TEST

START_TEST(the_decision_section_is_there_for_clones_and_names_its_inputs)
{
    bc_bars *bars = load_bars("aapl_daily.csv");
    bc_model *m = clone_of(13, bars);
    int64_t len = 0;
    ck_assert_int_eq(bc_export_mql5_text(m, "clone", NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    char *text = malloc((size_t)len + 1);
    ck_assert_ok(bc_export_mql5_text(m, "clone", text, len + 1, &len));
    ck_assert_ptr_nonnull(strstr(text, "int clone_update(long bar_time,"));
    ck_assert_ptr_nonnull(strstr(text, "void clone_forward(const double &x[], double &probs[])"));
    ck_assert_ptr_nonnull(strstr(text, "/* pos_long */"));
    ck_assert_ptr_nonnull(strstr(text, "/* upnl_atr */"));
    ck_assert_ptr_null(strstr(text, "isfinite("));
    ck_assert_ptr_null(strstr(text, "OnnxRun"));
    free(text);
    bc_model_free(m);
    bc_bars_free(bars);
}
END_TEST

/* End to end on the tuning bots whose clones trade a stop-loss /
 * take-profit rule, one bot per unit the cloner learned on them (atr(14),
 * atr(10), atr(20), price, points, a 3-bar swing stop with a 2R target,
 * range(20), stddev(20), to_linreg(50)): the C twin of the clone's .mqh,
 * driven as an EA whose broker fills its orders (a bar that touches the
 * position's _sl / _tp closes it before that bar's decision, as
 * bc_clone_run's simulator), opens the same positions on the
 * same bars as bc_clone_run (botcopier run) with the same sl / tp (1e-9:
 * the generated features'). Then a restarted EA: the bars fed again with
 * _observe, and each of the run's positions set 2 and 5 bars after its
 * entry (set_position, then flat again): the generated levels are
 * bc_predictor_levels' after the same calls (to the bit for the swing,
 * price and points units, which read no generated engine), and for those
 * units, 2 bars held, the run's own levels at that entry. */
static const struct {
    const char *trades, *bars, *unit;
} stop_bots[] = {
    {"bots/heldout/heldout_donchian_atr_eurusd_trades_raw.csv", "bots/heldout/eurusd_1h_2017.csv", "atr"},
    {"bots/heldout4/heldout4_rsi3_sltp_sp500_trades_raw.csv", "sp500_daily.csv", "atr(10)"},
    {"bots/heldout19/heldout19_momentum_sltp_sp500_trades_raw.csv", "sp500_daily.csv", "atr(20)"},
    {"bots/heldout9/heldout9_percent_sltp_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", "price"},
    {"bots/heldout14/heldout14_big_candle_pips_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", "points"},
    {"bots/heldout10/heldout10_swing_stop_2r_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", "swing"},
    {"bots/heldout13/heldout13_range_sltp_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", "range"},
    {"bots/heldout15/heldout15_stddev_sltp_eurusd_trades_raw.csv", "bots/heldout/eurusd_1h_2017.csv",
     "stddev"},
    {"bots/heldout16/heldout16_linreg_channel_sltp_sp500_trades_raw.csv", "sp500_daily.csv",
     "to_linreg"},
};

/* A restart of the stop-bot test: before bar `at` a position of the run
 * is set (direction, bars held, its entry price), whose entry the run gave
 * the levels sl / tp. */
struct restart {
    int32_t at, dir, held;
    double price, sl, tp;
};

/* Writes dir/restarts.txt (a line per bar: the position to set before it,
 * 9 for none, then the bar) for every open of run, 2 and 5 bars held (the
 * first that falls on a bar); returns the restarts in bar order, at -1
 * closing them. */
static struct restart *write_restarts(const char *dir, const bc_bars *bars, const bc_trades *run)
{
    const c_driver_series bs = c_driver_series_of(bars);
    const int32_t n = bs.n, events = bc_trades_count(run);
    const int64_t *time = bs.time;
    struct restart *rs = calloc((size_t)n + 1, sizeof *rs), *sorted = calloc((size_t)n + 1, sizeof *rs);
    int32_t *set = malloc(sizeof *set * (size_t)n), count = 0, b = 0;
    ck_assert(rs && sorted && set);
    for (int32_t i = 0; i < n; i++)
        set[i] = -1;
    for (int32_t e = 0; e < events; e++) {
        bc_trade_event ev;
        ev.struct_size = (uint32_t)sizeof ev;
        ck_assert_ok(bc_trades_get(run, e, &ev));
        if (ev.action != BC_ACTION_OPEN)
            continue;
        while (b < n && time[b] < ev.time)
            b++;
        ck_assert(b < n && time[b] == ev.time);
        for (int32_t h = 2; h <= 5; h += 3)
            if (b + h < n && set[b + h] < 0) {
                set[b + h] = count;
                rs[count++] = (struct restart){b + h, ev.order_type == BC_ORDER_SELL ? -1 : 1, h,
                                               ev.price, ev.sl, ev.tp};
            }
    }
    FILE *f = c_driver_file(dir, "restarts.txt", "w");
    for (int32_t i = 0; i < n; i++) {
        const struct restart *r = set[i] >= 0 ? &rs[set[i]] : NULL;
        c_driver_restart_line(f, r ? (int)r->dir : 9, r ? (int)r->held : 0, r ? r->price : 0.0,
                              &bs, i);
        if (r)
            *sorted++ = *r;
    }
    ck_assert_int_eq(fclose(f), 0);
    sorted->at = -1;
    sorted -= count;
    free(set);
    free(rs);
    return sorted;
}

/* The generated code's restart lines ("R sl tp") against a predictor
 * given the same bars and positions: == where exact (else the generated
 * features' 1e-9), and where exact, 2 bars held, the run's levels. */
static void check_restarts(const char *bot, const bc_model *m, const bc_bars *bars,
                           const struct restart *rs, int exact, FILE *out)
{
    const c_driver_series bs = c_driver_series_of(bars);
    const int32_t n = bs.n;
    const int64_t *time = bs.time;
    const double *const *col = bs.col;
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_set(p, "auto_position", "0"));
    int32_t checked = 0, at_entry = 0;
    for (int32_t i = 0, r = 0; i < n; i++) {
        for (; rs[r].at == i; r++) {
            double want[2], got[2];
            ck_assert_ok(bc_predictor_set_position(p, rs[r].dir, rs[r].held, rs[r].price));
            ck_assert_ok(bc_predictor_levels(p, &want[0], &want[1], NULL));
            ck_assert_ok(bc_predictor_set_position(p, 0, 0, 0.0));
            ck_assert_msg(fscanf(out, " R %la %la", &got[0], &got[1]) == 2,
                          "%s: no restart line for bar %d", bot, (int)i);
            const double run[2] = {rs[r].sl, rs[r].tp};
            for (int k = 0; k < 2; k++) {
                const int same = got[k] == want[k] || (isnan(got[k]) && isnan(want[k])) ||
                                 (!exact && fabs(got[k] - want[k]) <= 1e-9 * fmax(1.0, fabs(want[k])));
                ck_assert_msg(same, "%s restart at bar %d, %d held: %s %.17g, the predictor's %.17g",
                              bot, (int)i, (int)rs[r].held, k ? "tp" : "sl", got[k], want[k]);
                const int entry = !exact || rs[r].held != 2 || got[k] == run[k] ||
                                  (isnan(got[k]) && isnan(run[k]));
                ck_assert_msg(entry, "%s restart at bar %d: %s %.17g, the run's at the entry %.17g",
                              bot, (int)i, k ? "tp" : "sl", got[k], run[k]);
            }
            checked++;
            at_entry += exact && rs[r].held == 2 && isfinite(got[0]);
        }
        ck_assert_ok(bc_predictor_observe(p, time[i], col[0][i], col[1][i], col[2][i], col[3][i],
                                          col[4][i]));
    }
    ck_assert_msg(checked >= 20 && (!exact || at_entry >= 10), "%s: %d restarts, %d at the entry's",
                  bot, (int)checked, (int)at_entry);
    bc_predictor_free(p);
}

START_TEST(exported_clones_place_the_stops_botcopier_run_places)
{
    bc_bars *bars = load_bars(stop_bots[_i].bars);
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(test_data_path(stop_bots[_i].trades), &t, NULL));
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_fit(c, t, bars, &m));
    bc_cloner_free(c);
    bc_trades_free(t);
    /* the rule the clone trades is the unit under test */
    char *src = NULL;
    ck_assert_ok(bc_export_model_source_c(m, "clone", &src));
    char unit[64];
    snprintf(unit, sizeof unit, "/* the stop-loss: %s", stop_bots[_i].unit);
    if (strchr(stop_bots[_i].unit, '('))
        snprintf(unit, sizeof unit, "/* the stop-loss: atr, %s */", stop_bots[_i].unit);
    ck_assert_msg(strstr(src, unit) != NULL, "%s: no '%s' in the generated code",
                  stop_bots[_i].trades, unit);
    char dir[] = "/tmp/bc_export_stop_bots_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    /* The EA: it reports its position (auto position 0). A position
     * entered on an earlier bar whose _sl / _tp the bar reached is closed
     * there and reported flat before the decision at the bar's close (the
     * simulator's touch, which comes before the model decides; a level_wait
     * clone then enters a bar later), then the decision is filled at the
     * close (a BUY while long: closed and entered again) and reported (an
     * entry one bar held: this bar's), which places the new position's
     * levels. */
    fprintf(f, "%s\n#include <stdio.h>\nint main(void)\n{\n"
            "    long long t;\n    double o, h, l, c, v, p[clone_N_CLASSES];\n"
            "    int dir = 0;\n    int d;\n    int target;\n    int closed;\n"
            "    clone_reset();\n    clone_set_auto_position(0);\n"
            "    while (scanf(\"%%lld %%la %%la %%la %%la %%la\", &t, &o, &h, &l, &c, &v) == 6) {\n"
            "        closed = (dir > 0 && (l <= clone_sl || h >= clone_tp)) ||\n"
            "                 (dir < 0 && (h >= clone_sl || l <= clone_tp));\n"
            "        if (closed) {\n            dir = 0;\n"
            "            if (!clone_set_position(0, 0, 0.0))\n                return 3;\n        }\n"
            "        d = clone_update(t, o, h, l, c, v, p);\n"
            "        if (d < 0)\n            return 4;\n"
            "        target = d == clone_DECISION_BUY ? 1 : d == clone_DECISION_SELL ? -1 :\n"
            "                 d == clone_DECISION_CLOSE ? 0 : dir;\n"
            "        if (target != dir || (target != 0 && d != clone_DECISION_HOLD)) {\n"
            "            dir = target;\n"
            "            if (!clone_set_position(dir, dir != 0 ? 1 : 0, dir != 0 ? c : 0.0))\n"
            "                return 3;\n"
            "            if (dir != 0)\n"
            "                printf(\"%%lld %%d %%a %%a %%a\\n\", t, dir, c, clone_sl, clone_tp);\n"
            "        }\n"
            "    }\n",
            src);
    c_driver_put_restarts(f, dir);
    fprintf(f, "    return 0;\n}\n");
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    c_driver_write_bars(dir, "bars.txt", bars);
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(m, bars, INT64_MIN, INT64_MAX, &run));
    const int exact = strcmp(stop_bots[_i].unit, "swing") == 0 ||
                      strcmp(stop_bots[_i].unit, "price") == 0 ||
                      strcmp(stop_bots[_i].unit, "points") == 0;
    struct restart *rs = write_restarts(dir, bars, run);
    FILE *out = c_driver_run(dir, "bars.txt", "out.txt");
    int32_t opens = 0, with_levels = 0;
    for (int32_t e = 0; e < bc_trades_count(run); e++) {
        bc_trade_event ev;
        ev.struct_size = (uint32_t)sizeof ev;
        ck_assert_ok(bc_trades_get(run, e, &ev));
        if (ev.action != BC_ACTION_OPEN)
            continue;
        long long got_t = 0;
        int got_dir = 0;
        double price = 0.0, sl = 0.0, tp = 0.0;
        ck_assert_msg(fscanf(out, "%lld %d %la %la %la", &got_t, &got_dir, &price, &sl, &tp) == 5,
                      "%s: the run opens at %lld, the generated code no more", stop_bots[_i].trades,
                      (long long)ev.time);
        const int dir_want = ev.order_type == BC_ORDER_SELL ? -1 : 1;
        ck_assert_msg(got_t == ev.time && got_dir == dir_want && price == ev.price,
                      "%s open %d: the run %lld %d at %.17g, the generated code %lld %d at %.17g",
                      stop_bots[_i].trades, (int)opens, (long long)ev.time, dir_want, ev.price,
                      got_t, got_dir, price);
        const double want[2] = {ev.sl, ev.tp}, got[2] = {sl, tp};
        for (int k = 0; k < 2; k++)
            ck_assert_msg(fabs(got[k] - want[k]) <= 1e-9 * fmax(1.0, fabs(want[k])) ||
                              (isnan(got[k]) && isnan(want[k])),
                          "%s open %d at %lld: %s %.17g, the run's %.17g", stop_bots[_i].trades,
                          (int)opens, (long long)ev.time, k ? "tp" : "sl", got[k], want[k]);
        with_levels += isfinite(ev.sl) && isfinite(ev.tp);
        opens++;
    }
    long long extra = 0;
    int dummy = 0;
    ck_assert_msg(fscanf(out, "%lld %d", &extra, &dummy) != 2,
                  "%s: the generated code opens at %lld after the run's %d opens",
                  stop_bots[_i].trades, extra, (int)opens);
    check_restarts(stop_bots[_i].trades, m, bars, rs, exact, out);
    free(rs);
    fclose(out);
    ck_assert_msg(opens >= 20 && with_levels >= opens / 2, "%s: %d opens, %d with both levels",
                  stop_bots[_i].trades, (int)opens, (int)with_levels);
    bc_trades_free(run);
    c_driver_remove(dir);
    bc_model_free(m);
    bc_bars_free(bars);
}
END_TEST

/* The break-even move end to end: the heldout11 break-even bot (sl 1.5,
 * tp 3 x atr(14); the stop to the entry once a bar's high reaches entry +
 * 1 x ATR) cloned with its move (breakeven_atr 1), the C twin of its .mqh
 * driven as an EA whose broker fills _sl / _tp (the stop first) before each
 * bar's decision, as the simulator: the same opens (time, direction,
 * price, sl, tp; levels to 1e-9, the generated features') and the same
 * closes (time and price, == for the closes at the entry price, which the
 * move made) as bc_clone_run, with the move's closes at the entry there. */
START_TEST(exported_clone_moves_the_stop_to_break_even_as_botcopier_run)
{
    bc_bars *bars = load_bars("bots/eurusd_1h.csv");
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(
        test_data_path("bots/heldout11/heldout11_breakeven_stop_eurusd_trades_raw.csv"), &t, NULL));
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_fit(c, t, bars, &m));
    bc_cloner_free(c);
    bc_trades_free(t);
    ck_assert_double_eq(m->breakeven_atr, 1.0);
    char *src = NULL;
    ck_assert_ok(bc_export_model_source_c(m, "clone", &src));
    ck_assert_msg(strstr(src, "clone_entry_price + 1 * clone_entry_atr") != NULL,
                  "no break-even move in the generated code");
    char dir[] = "/tmp/bc_export_breakeven_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    fprintf(f, "%s\n#include <stdio.h>\nint main(void)\n{\n"
            "    long long t;\n    double o, h, l, c, v, p[clone_N_CLASSES];\n"
            "    int dir = 0;\n    int d;\n    int target;\n    int sl_hit;\n    int tp_hit;\n"
            "    clone_reset();\n    clone_set_auto_position(0);\n"
            "    while (scanf(\"%%lld %%la %%la %%la %%la %%la\", &t, &o, &h, &l, &c, &v) == 6) {\n"
            "        sl_hit = (dir > 0 && l <= clone_sl) || (dir < 0 && h >= clone_sl);\n"
            "        tp_hit = (dir > 0 && h >= clone_tp) || (dir < 0 && l <= clone_tp);\n"
            "        if (sl_hit || tp_hit) {\n"
            "            printf(\"C %%lld %%a\\n\", t, sl_hit ? clone_sl : clone_tp);\n"
            "            dir = 0;\n"
            "            if (!clone_set_position(0, 0, 0.0))\n                return 3;\n        }\n"
            "        d = clone_update(t, o, h, l, c, v, p);\n"
            "        if (d < 0)\n            return 4;\n"
            "        target = d == clone_DECISION_BUY ? 1 : d == clone_DECISION_SELL ? -1 :\n"
            "                 d == clone_DECISION_CLOSE ? 0 : dir;\n"
            "        if (target != dir || (target != 0 && d != clone_DECISION_HOLD)) {\n"
            "            if (dir != 0)\n                printf(\"C %%lld %%a\\n\", t, c);\n"
            "            dir = target;\n"
            "            if (!clone_set_position(dir, dir != 0 ? 1 : 0, dir != 0 ? c : 0.0))\n"
            "                return 3;\n"
            "            if (dir != 0)\n"
            "                printf(\"O %%lld %%d %%a %%a %%a\\n\", t, dir, c, clone_sl, clone_tp);\n"
            "        }\n"
            "    }\n    return 0;\n}\n",
            src);
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    c_driver_write_bars(dir, "bars.txt", bars);
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(m, bars, INT64_MIN, INT64_MAX, &run));
    FILE *out = c_driver_run(dir, "bars.txt", "out.txt");
    int32_t opens = 0, closes = 0, at_entry = 0;
    double entry = NAN;
    for (int32_t e = 0; e < bc_trades_count(run); e++) {
        bc_trade_event ev;
        ev.struct_size = (uint32_t)sizeof ev;
        ck_assert_ok(bc_trades_get(run, e, &ev));
        long long got_t = 0;
        int got_dir = 0;
        double price = 0.0, sl = 0.0, tp = 0.0;
        if (ev.action == BC_ACTION_OPEN) {
            ck_assert_msg(fscanf(out, " O %lld %d %la %la %la", &got_t, &got_dir, &price, &sl,
                                 &tp) == 5,
                          "the run opens at %lld, the generated code does not", (long long)ev.time);
            const int dir_want = ev.order_type == BC_ORDER_SELL ? -1 : 1;
            ck_assert_msg(got_t == ev.time && got_dir == dir_want && price == ev.price,
                          "open %d: the run %lld %d at %.17g, the generated code %lld %d at %.17g",
                          (int)opens, (long long)ev.time, dir_want, ev.price, got_t, got_dir, price);
            const double want[2] = {ev.sl, ev.tp}, got[2] = {sl, tp};
            for (int k = 0; k < 2; k++)
                ck_assert_msg(fabs(got[k] - want[k]) <= 1e-9 * fmax(1.0, fabs(want[k])),
                              "open %d: %s %.17g, the run's %.17g", (int)opens, k ? "tp" : "sl",
                              got[k], want[k]);
            entry = ev.price;
            opens++;
        } else if (ev.action == BC_ACTION_CLOSE) {
            ck_assert_msg(fscanf(out, " C %lld %la", &got_t, &price) == 2,
                          "the run closes at %lld, the generated code does not", (long long)ev.time);
            const int be = ev.price == entry;
            ck_assert_msg(got_t == ev.time && (be ? price == ev.price
                                                  : fabs(price - ev.price) <= 1e-9),
                          "close %d: the run %lld at %.17g, the generated code %lld at %.17g",
                          (int)closes, (long long)ev.time, ev.price, got_t, price);
            at_entry += be;
            closes++;
        }
    }
    char extra = 0;
    ck_assert_msg(fscanf(out, " %c", &extra) != 1, "the generated code trades after the run's %d opens",
                  (int)opens);
    fclose(out);
    ck_assert_msg(opens >= 100 && at_entry >= 30, "%d opens, %d closes at the entry price",
                  (int)opens, (int)at_entry);
    bc_trades_free(run);
    c_driver_remove(dir);
    bc_model_free(m);
    bc_bars_free(bars);
}
END_TEST

/* A position reported again keeps its break-even move in the generated
 * code as in the library (bc_predictor_set_position): the heldout11
 * break-even clone's C twin driven as an EA whose broker fills _sl / _tp,
 * which reports its position after every bar (the same position: the move
 * its updates made stays), and every 97th bar restarts mid-trade (a reset,
 * the bars so far observed, the position reported: the move made again
 * from the last CLONE_SWING_MAX bars), against bc_predictor driven the
 * same way: the same decisions, positions and stops on every bar (== where
 * the stop is at the entry). */
START_TEST(a_reported_position_keeps_its_break_even_move_in_the_generated_code)
{
    bc_bars *bars = load_bars("bots/eurusd_1h.csv");
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(
        test_data_path("bots/heldout11/heldout11_breakeven_stop_eurusd_trades_raw.csv"), &t, NULL));
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_fit(c, t, bars, &m));
    bc_cloner_free(c);
    bc_trades_free(t);
    ck_assert_double_eq(m->breakeven_atr, 1.0);
    char *src = NULL;
    ck_assert_ok(bc_export_model_source_c(m, "clone", &src));
    char dir[] = "/tmp/bc_export_breakeven_report_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    fprintf(f, "%s\n#include <stdio.h>\n"
            "static long long T[8192];\n"
            "static double O[8192], H[8192], L[8192], C[8192], V[8192];\n"
            "int main(void)\n{\n"
            "    double p[clone_N_CLASSES];\n    double entry = 0.0;\n"
            "    int n = 0;\n    int i;\n    int j;\n    int d;\n    int dir = 0;\n"
            "    int target;\n    int entry_bar = 0;\n    int hit;\n"
            "    while (n < 8192 && scanf(\"%%lld %%la %%la %%la %%la %%la\", &T[n], &O[n], &H[n],\n"
            "                             &L[n], &C[n], &V[n]) == 6)\n        n++;\n"
            "    clone_reset();\n    clone_set_auto_position(0);\n"
            "    for (i = 0; i < n; i++) {\n"
            "        hit = (dir > 0 && (L[i] <= clone_sl || H[i] >= clone_tp)) ||\n"
            "              (dir < 0 && (H[i] >= clone_sl || L[i] <= clone_tp));\n"
            "        if (hit) {\n            dir = 0;\n"
            "            if (!clone_set_position(0, 0, 0.0))\n                return 3;\n        }\n"
            "        d = clone_update(T[i], O[i], H[i], L[i], C[i], V[i], p);\n"
            "        if (d < 0)\n            return 4;\n"
            "        target = d == clone_DECISION_BUY ? 1 : d == clone_DECISION_SELL ? -1 :\n"
            "                 d == clone_DECISION_CLOSE ? 0 : dir;\n"
            "        if (target != dir || (target != 0 && d != clone_DECISION_HOLD)) {\n"
            "            dir = target;\n            entry = C[i];\n            entry_bar = i;\n"
            "            if (!clone_set_position(dir, dir != 0 ? 1 : 0, dir != 0 ? entry : 0.0))\n"
            "                return 3;\n"
            "        } else if (dir != 0) {\n"
            "            if (i %% 97 == 0) {\n"
            "                clone_reset();\n                clone_set_auto_position(0);\n"
            "                for (j = 0; j <= i; j++)\n"
            "                    if (clone_observe(T[j], O[j], H[j], L[j], C[j], V[j]) < 0)\n"
            "                        return 5;\n            }\n"
            "            if (!clone_set_position(dir, i + 1 - entry_bar, entry))\n"
            "                return 3;\n        }\n"
            "        printf(\"%%d %%d %%a\\n\", d, dir, dir != 0 ? clone_sl : 0.0);\n"
            "    }\n    return 0;\n}\n",
            src);
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    c_driver_write_bars(dir, "bars.txt", bars);
    FILE *out = c_driver_run(dir, "bars.txt", "out.txt");
    const int32_t n = bc_bars_length(bars);
    const int64_t *time = bc_bars_time(bars);
    const double *col[5];
    for (int k = 0; k < 5; k++)
        col[k] = bc_bars_column(bars, k);
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_set(p, "auto_position", "0"));
    int32_t pos = 0, entry_bar = 0, at_entry = 0, restarts = 0, restarts_at_entry = 0;
    double entry = 0.0, sl = NAN, tp = NAN;
    for (int32_t i = 0; i < n; i++) {
        const double h = col[1][i], l = col[2][i];
        if ((pos > 0 && (l <= sl || h >= tp)) || (pos < 0 && (h >= sl || l <= tp))) {
            pos = 0;
            ck_assert_ok(bc_predictor_set_position(p, 0, 0, 0.0));
        }
        int32_t d = -1;
        ck_assert_ok(bc_predictor_update(p, time[i], col[0][i], h, l, col[3][i], col[4][i], NULL,
                                         0, &d));
        const int32_t target = d == BC_DECISION_BUY ? 1 : d == BC_DECISION_SELL ? -1
                               : d == BC_DECISION_CLOSE ? 0 : pos;
        int restart = 0;
        if (target != pos || (target != 0 && d != BC_DECISION_HOLD)) {
            pos = target;
            entry = col[3][i];
            entry_bar = i;
            ck_assert_ok(bc_predictor_set_position(p, pos, pos ? 1 : 0, pos ? entry : 0.0));
        } else if (pos != 0) {
            if (i % 97 == 0) {
                restart = 1;
                bc_predictor_free(p);
                ck_assert_ok(bc_predictor_create(m, &p));
                ck_assert_ok(bc_predictor_set(p, "auto_position", "0"));
                for (int32_t j = 0; j <= i; j++)
                    ck_assert_ok(bc_predictor_observe(p, time[j], col[0][j], col[1][j], col[2][j],
                                                      col[3][j], col[4][j]));
            }
            ck_assert_ok(bc_predictor_set_position(p, pos, i + 1 - entry_bar, entry));
        }
        ck_assert_ok(bc_predictor_levels(p, &sl, &tp, NULL));
        int got_d = -1, got_dir = 9;
        double got_sl = NAN;
        ck_assert_msg(fscanf(out, " %d %d %la", &got_d, &got_dir, &got_sl) == 3,
                      "bar %d: the generated code stopped", (int)i);
        ck_assert_msg(got_d == d && got_dir == pos, "bar %d: decision %d position %d, the "
                      "generated code's %d %d", (int)i, (int)d, (int)pos, got_d, got_dir);
        if (pos != 0) {
            ck_assert_msg(sl == entry ? got_sl == entry
                                      : fabs(got_sl - sl) <= 1e-9 * fmax(1.0, fabs(sl)),
                          "bar %d: the stop %.17g, the generated code's %.17g (entry %.17g)",
                          (int)i, sl, got_sl, entry);
            at_entry += sl == entry;
            restarts += restart;
            restarts_at_entry += restart && sl == entry;
        }
    }
    fclose(out);
    /* measured: 522 bars at the entry, 17 restarts, 6 of them at the entry */
    ck_assert_msg(at_entry >= 100 && restarts >= 10 && restarts_at_entry >= 3, "%d bars with the stop at the entry, %d "
                  "restarts (%d at the entry)", (int)at_entry, (int)restarts,
                  (int)restarts_at_entry);
    bc_predictor_free(p);
    c_driver_remove(dir);
    bc_model_free(m);
    bc_bars_free(bars);
}
END_TEST

Suite *suite_export_decision(void)
{
    Suite *s = suite_create("export_decision");
    TCase *tc = tcase_create("compiled");
    tcase_set_timeout(tc, 600); /* clones, compiles and runs 24 bots: minutes on a loaded machine */
    /* BC_TEST_FIRST_BOT=k starts at bots[k] (a re-check of the last rows
     * on a loaded machine); the full run takes every bot. */
    const char *first = getenv("BC_TEST_FIRST_BOT");
    int start = first ? atoi(first) : 0, count = (int)(sizeof bots / sizeof bots[0]);
    tcase_add_loop_test(tc, generated_predictor_decides_as_bc_predictor_on_every_test_bot_and_position_source,
                        start >= 0 && start < count ? start : 0, count);
    tcase_add_test(tc, the_decision_section_is_there_for_clones_and_names_its_inputs);
    tcase_add_loop_test(tc, exported_clones_place_the_stops_botcopier_run_places, 0,
                        (int)(sizeof stop_bots / sizeof stop_bots[0]));
    suite_add_tcase(s, tc);
    /* one clone (about 10 s alone), a compile and a run: its own case */
    TCase *breakeven = tcase_create("breakeven");
    tcase_set_timeout(breakeven, 300);
    tcase_add_test(breakeven, exported_clone_moves_the_stop_to_break_even_as_botcopier_run);
    suite_add_tcase(s, breakeven);
    TCase *reported = tcase_create("reported break-even");
    tcase_set_timeout(reported, 300);
    tcase_add_test(reported, a_reported_position_keeps_its_break_even_move_in_the_generated_code);
    suite_add_tcase(s, reported);
    return s;
}
