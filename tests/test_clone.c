/* test_clone.c - the main job end to end on real data: clones of the test
 * bots (tests/data/bots, written independently in Python + TA-Lib) reach
 * their fidelity goals on the held-out tail; a clone run as a bot trades
 * like its target; the streaming predictor, its logs, replay, uncertain
 * labels and the weighting options behave as documented. */
#include "test_util.h"
#include "clone/clone.h"
#include "clone/predictor.h"
#include "model/model.h"
#include "model/trees.h"

#include <jansson.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static bc_trades *load_trades(const char *name)
{
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(test_data_path(name), &t, NULL));
    return t;
}

static bc_bars *load_bars(const char *name)
{
    bc_bars *b = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path(name), &b, NULL));
    return b;
}

/* Index of the last bar at or before time t (events sit inside their bar),
 * by bisection; -1 before the first bar. */
static int32_t clone_bar_of(const bc_bars *b, int64_t t)
{
    const int64_t *bt = bc_bars_time(b);
    int32_t lo = -1, hi = bc_bars_length(b) - 1; /* bt[lo] <= t (lo = -1: none) */
    while (lo < hi) {
        int32_t mid = lo + (hi - lo + 1) / 2;
        if (bt[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Fits with model trees (what model auto picks for the level bots), which
 * fits one kind instead of auto's three; auto where the build has no
 * XGBoost (the exits under test are the simulator's, whatever the kind). */
static void fit_trees_or_auto(bc_cloner *cl, const bc_trades *log, const bc_bars *bars,
                              bc_model **m)
{
    ck_assert_ok(bc_cloner_set(cl, "model", "trees"));
    int32_t fit = bc_cloner_fit(cl, log, bars, m);
    if (fit == BC_E_UNSUPPORTED) {
        ck_assert_ok(bc_cloner_set(cl, "model", "auto"));
        fit = bc_cloner_fit(cl, log, bars, m);
    }
    ck_assert_ok(fit);
}

static json_t *report_of(const bc_cloner *c)
{
    int32_t len = 0;
    ck_assert_int_eq(bc_cloner_report_json(c, NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    char *text = malloc((size_t)len + 1);
    ck_assert_ok(bc_cloner_report_json(c, text, len + 1, &len));
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    ck_assert_ptr_nonnull(root);
    return root;
}

static double report_number(json_t *root, const char *section, const char *key)
{
    json_t *obj = section ? json_object_get(root, section) : root;
    json_t *v = json_object_get(obj, key);
    ck_assert_msg(json_is_number(v), "report has no number %s.%s", section ? section : "", key);
    return json_number_value(v);
}

/* Fits a clone with default options but model kind (NULL: auto); returns
 * the model and the report. */
static bc_model *clone_bot_kind(const char *trades_name, const char *bars_name, const char *kind,
                                json_t **report)
{
    bc_trades *t = load_trades(trades_name);
    bc_bars *b = load_bars(bars_name);
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    if (kind)
        ck_assert_ok(bc_cloner_set(c, "model", kind));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    if (report)
        *report = report_of(c);
    bc_cloner_free(c);
    bc_trades_free(t);
    bc_bars_free(b);
    return m;
}

/* Fits a clone with default options; returns the model and the report. */
static bc_model *clone_bot(const char *trades_name, const char *bars_name, json_t **report)
{
    return clone_bot_kind(trades_name, bars_name, NULL, report);
}

/* The quality goal (issue: F1 >= 0.95 on the held-out tail), for every
 * test bot; values measured with the default options are in the comments.
 * macd_session (a MACD cross AND an 08-16 h session filter AND a 5-bar time
 * exit) needs the hour-of-day steps session(h,24) of the default set: with
 * hour_sin/hour_cos alone it reached 0.905 (entries at hours 7 and 17). */
static const struct {
    const char *trades, *bars;
    double min_f1;
} bots[] = {
    {"bots/sma_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", 0.95},        /* 1.000 */
    {"bots/rsi_levels_sp500_trades_raw.csv", "sp500_daily.csv", 0.95},           /* 1.000 */
    {"bots/ema_cross_time_exit_aapl_trades_raw.csv", "aapl_daily.csv", 0.95},    /* 1.000 */
    {"sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", 0.95},                  /* 1.000 */
    {"bots/stoch_googl_trades_raw.csv", "bots/googl_daily.csv", 0.95},           /* 1.000 */
    {"bots/macd_session_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", 0.95},     /* 1.000 */
    /* Periods outside the default set, found by the signal search (without
     * it: 0.708 and 0.235). The RSI(9) bot has 28 entries in all, 9 held
     * out: the search finds its four levels; the clone matched all 9 and
     * made one entry too many (0.947) until the exit levels got position-
     * signed copies (sixth session), then matches 8 of 9 (0.889: its
     * training slice holds 3 long entries, one entry is 0.06 F1); model
     * auto's rule candidate (seventeenth session) matches 9 of 9. */
    {"bots/sma_7_25_sp500_trades_raw.csv", "sp500_daily.csv", 0.95},             /* 1.000 */
    {"bots/rsi9_levels_aapl_trades_raw.csv", "aapl_daily.csv", 0.95},            /* 1.000 */
};

START_TEST(clones_of_the_test_bots_reach_their_held_out_fidelity)
{
    json_t *report = NULL;
    bc_model *m = clone_bot(bots[_i].trades, bots[_i].bars, &report);
    double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 >= bots[_i].min_f1, "%s: held-out fidelity F1 %.3f < %.2f", bots[_i].trades,
                  f1, bots[_i].min_f1);
    /* The per-bar metrics come with it and are sane. */
    double acc = report_number(report, "holdout", "accuracy");
    ck_assert(acc > 0.9 && acc <= 1.0);
    double brier = report_number(report, "holdout", "brier");
    ck_assert(brier >= 0.0 && brier < 0.2);
    ck_assert(report_number(report, "fidelity", "target_entries") > 0);
    json_decref(report);
    bc_model_free(m);
}
END_TEST

START_TEST(an_mlp_clone_reaches_the_goal_on_the_moving_average_bot)
{
    bc_trades *t = load_trades("bots/sma_cross_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "mlp"));
    ck_assert_ok(bc_cloner_set(c, "hidden", "32"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    json_t *report = report_of(c);
    ck_assert_str_eq(json_string_value(json_object_get(report, "model")), "mlp");
    double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 >= 0.95, "mlp held-out fidelity F1 %.3f", f1); /* measured 1.000 */
    json_decref(report);
    bc_model_free(m);
    bc_cloner_free(c);
    bc_bars_free(b);
    bc_trades_free(t);
}
END_TEST

START_TEST(a_clone_run_from_flat_trades_like_its_target_on_the_held_out_bars)
{
    json_t *report = NULL;
    bc_model *m = clone_bot("sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", &report);
    int64_t from = (int64_t)report_number(report, NULL, "holdout_start");
    bc_bars *b = load_bars("aapl_daily.csv");
    bc_trades *target = load_trades("sample_bot_aapl_trades_raw.csv");
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(m, b, from, INT64_MAX, &run));
    ck_assert_int_gt(bc_trades_count(run), 10);
    bc_trade_event e;
    e.struct_size = sizeof e;
    ck_assert_ok(bc_trades_get(run, 0, &e));
    ck_assert_int_eq(e.action, BC_ACTION_OPEN);
    ck_assert_str_eq(e.symbol, "AAPL");
    ck_assert_int_ge(e.time, from);
    ck_assert_int_eq(e.decision_id, e.time);
    /* The sample bot logs sl = 5 % and tp = 10 % of the entry (a
     * consistent rule) but holds positions past bars that touch them: no
     * broker orders, so the clone trades no levels. */
    json_t *sl = json_object_get(json_object_get(report, "exits"), "sl");
    ck_assert(json_is_true(json_object_get(sl, "consistent")));
    ck_assert(json_is_false(json_object_get(sl, "enforced")));
    ck_assert(json_is_false(json_object_get(sl, "used")));
    ck_assert(isnan(e.sl) && isnan(e.tp));
    /* Every event trades at its bar's close, exactly (the bars' own digits,
     * 116.150002 on 2017-01-03, never a float round-trip of them). */
    const int64_t *bt = bc_bars_time(b);
    const double *bc = bc_bars_column(b, BC_BAR_CLOSE);
    int32_t nb = bc_bars_length(b), checked = 0;
    for (int32_t k = 0; k < bc_trades_count(run); k++) {
        ck_assert_ok(bc_trades_get(run, k, &e));
        int32_t bar = 0;
        while (bar < nb && bt[bar] != e.time)
            bar++;
        ck_assert_msg(bar < nb, "event %d at %lld is on no bar", k, (long long)e.time);
        ck_assert_msg(e.price == bc[bar], "event %d: price %.17g, bar close %.17g", k, e.price,
                      bc[bar]);
        checked++;
    }
    ck_assert_int_gt(checked, 20);
    bc_fidelity f;
    f.struct_size = sizeof f;
    ck_assert_ok(bc_clone_compare(target, run, b, from, INT64_MAX, 1, &f));
    ck_assert_msg(f.f1 >= 0.95, "run vs target F1 %.3f (%d/%d/%d)", f.f1, f.matched,
                  f.target_entries, f.clone_entries);
    bc_trades_free(run);
    bc_trades_free(target);
    bc_bars_free(b);
    json_decref(report);
    bc_model_free(m);
}
END_TEST

/* The one closed-loop simulator trades its own decisions by the position
 * rules the header documents: a run's decision log, replayed here outside
 * the library (from flat, BUY opens long at the bar's close, SELL short, a
 * BUY while short reverses, CLOSE flattens, HOLD keeps), gives the run's
 * trade log event for event, and the position columns the model saw on
 * every decided bar are the replayed position's (pos_long, pos_short,
 * bars_held, upnl_atr = direction * (close - entry) / atr(14)). */
/* A closed loop that starts in a position held longer than the swing
 * window (CLONE_SWING_MAX bars) still gets its swing stop and risk target:
 * the window at the entry bar gives them (before: none, and a clone that
 * leaves exits to the broker held such a position to the slice's end; the
 * swing-stop bot's validation slice starts in a short held 20 bars). */
START_TEST(a_loop_started_in_an_old_swing_position_gets_its_levels)
{
    bc_model *m = clone_bot_kind("bots/heldout10/heldout10_swing_stop_2r_eurusd_trades_raw.csv",
                                 "bots/eurusd_1h.csv", "logistic", NULL);
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_int_eq(p->exits.sl.unit, CLONE_LEVEL_SWING);
    ck_assert_int_eq(p->exits.sl.n, 3);
    const double *h = bc_bars_column(b, BC_BAR_HIGH), *l = bc_bars_column(b, BC_BAR_LOW),
                 *c = bc_bars_column(b, BC_BAR_CLOSE);
    const int32_t n = bc_bars_length(b);
    double *zero = calloc((size_t)n * (size_t)p->n_market, sizeof *zero);
    ck_assert_ptr_nonnull(zero);
    const struct clone_sim_bars bars = {p->n_market, p->n_market, zero, NULL, h, l, c, c, NULL, 0, NULL};
    for (int32_t held = 5; held <= 3 * CLONE_SWING_MAX; held += 5) {
        const int32_t start = 1000, entry = start - held;
        double hi = fmax(h[entry], fmax(h[entry - 1], h[entry - 2]));
        if (!(hi > c[entry]))
            continue; /* the close at the extreme: no stop */
        struct clone_position pos = CLONE_FLAT;
        pos.direction = -1;
        pos.bars_held = held;
        pos.entry_price = c[entry];
        pos.sl = pos.tp = NAN;
        ck_assert_ok(clone_simulate(p, &bars, start, start, &pos, NULL));
        ck_assert_msg(p->pos.sl == hi, "held %d: stop %g, the entry window's high %g", held,
                      p->pos.sl, hi);
        ck_assert_double_eq_tol(p->pos.tp, c[entry] - 2.0 * (hi - c[entry]), 1e-12);
    }
    free(zero);
    bc_predictor_free(p);
    bc_bars_free(b);
    bc_model_free(m);
}
END_TEST

/* A memo of forward passes (struct clone_row_memo, the cloner's threshold
 * sweeps) changes no decision: a closed-loop run keeping its passes gives
 * the fills of a run without; a run reading the memo takes the kept
 * probabilities where a bar's inputs are the kept ones bit for bit (kept
 * probabilities of "open long" for sure: the clone buys at once) and a fresh
 * forward pass where they differ (every kept row moved: the first run's
 * fills again). */
START_TEST(a_memo_of_forward_passes_changes_no_decision)
{
    bc_model *m = clone_bot_kind("bots/rsi_levels_sp500_trades_raw.csv", "sp500_daily.csv",
                                 "logistic", NULL);
    bc_bars *b = load_bars("sp500_daily.csv");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    const int32_t n = bc_bars_length(b), width = p->n_market + p->has_position;
    const int32_t nf = bc_model_num_features(m), nc = p->n_classes, start = n / 2;
    ck_assert_int_eq(p->has_position, 1);
    double *market = malloc(sizeof *market * (size_t)n * (size_t)width);
    double *atr = malloc(sizeof *atr * (size_t)n);
    ck_assert_ptr_nonnull(market);
    ck_assert_ptr_nonnull(atr);
    ck_assert_ok(bc_features_compute_arrays(
        p->features, n, bc_bars_time(b), bc_bars_column(b, BC_BAR_OPEN),
        bc_bars_column(b, BC_BAR_HIGH), bc_bars_column(b, BC_BAR_LOW),
        bc_bars_column(b, BC_BAR_CLOSE), bc_bars_column(b, BC_BAR_VOLUME), NULL, NULL, market,
        (int64_t)n * width));
    for (int32_t i = 0; i < n; i++)
        atr[i] = market[(int64_t)i * width + p->n_market];
    struct clone_row_memo memo = {n, nf, nc, calloc((size_t)n, 1),
                                  malloc(sizeof(double) * (size_t)n * (size_t)nf),
                                  malloc(sizeof(double) * (size_t)n * (size_t)nc)};
    ck_assert_ptr_nonnull(memo.filled);
    struct clone_sim_bars bars = {p->n_market, width, market, NULL,
                                  bc_bars_column(b, BC_BAR_HIGH), bc_bars_column(b, BC_BAR_LOW),
                                  bc_bars_column(b, BC_BAR_CLOSE), atr, NULL, 0, NULL};
    struct clone_fill *plain = calloc((size_t)n, sizeof *plain),
                      *kept = calloc((size_t)n, sizeof *kept);
    ck_assert_ok(clone_simulate(p, &bars, start, n, NULL, plain));
    bars.memo = &memo;
    ck_assert_ok(clone_simulate(p, &bars, start, n, NULL, kept));
    ck_assert_ptr_null(p->memo); /* only while the run lasts */
    int32_t entries = 0, filled = 0;
    for (int32_t i = 0; i < n - start; i++) {
        ck_assert_int_eq(kept[i].decision, plain[i].decision);
        ck_assert_int_eq(kept[i].direction, plain[i].direction);
        ck_assert_int_eq(kept[i].exit, plain[i].exit);
        entries += plain[i].entered;
    }
    for (int32_t i = 0; i < n; i++)
        filled += memo.filled[i];
    ck_assert_int_ge(entries, 10);
    ck_assert_int_eq(filled, n - start);
    /* "open long" for sure on every kept bar: the memo is read, the clone
     * buys on the first bar (flat, as in the first run) */
    for (int32_t i = 0; i < n; i++)
        for (int32_t k = 0; k < nc; k++)
            memo.probs[(int64_t)i * nc + k] = k == BC_LABEL_OPEN_LONG ? 1.0 : 0.0;
    ck_assert_int_ne(plain[0].decision, BC_DECISION_BUY);
    ck_assert_ok(clone_simulate(p, &bars, start, n, NULL, kept));
    ck_assert_int_eq(kept[0].decision, BC_DECISION_BUY);
    /* every kept row moved: no bar matches, each gets its own pass */
    for (int32_t i = 0; i < n; i++)
        memo.rows[(int64_t)i * nf] += 1.0;
    ck_assert_ok(clone_simulate(p, &bars, start, n, NULL, kept));
    for (int32_t i = 0; i < n - start; i++)
        ck_assert_int_eq(kept[i].decision, plain[i].decision);
    free(plain);
    free(kept);
    free(memo.filled);
    free(memo.rows);
    free(memo.probs);
    free(market);
    free(atr);
    bc_predictor_free(p);
    bc_bars_free(b);
    bc_model_free(m);
}
END_TEST

START_TEST(the_simulator_trades_its_decisions_by_the_position_rules)
{
    static const char *const trades[] = {"bots/rsi_levels_sp500_trades_raw.csv",
                                         "bots/macd_session_eurusd_trades_raw.csv"};
    static const char *const bars[] = {"sp500_daily.csv", "bots/eurusd_1h.csv"};
    for (int k = 0; k < 2; k++) {
        /* not about the kind: the fast one (model auto validates three) */
        bc_model *m = clone_bot_kind(trades[k], bars[k], "logistic", NULL);
        bc_bars *b = load_bars(bars[k]);
        char log_path[] = "/tmp/bc_sim_decisionsXXXXXX";
        int fd = mkstemp(log_path);
        ck_assert_int_ge(fd, 0);
        close(fd);
        unlink(log_path);
        bc_predictor *p = NULL;
        ck_assert_ok(bc_predictor_create(m, &p));
        ck_assert_ok(bc_predictor_set(p, "decision_log", log_path));
        bc_trades *run = NULL;
        ck_assert_ok(bc_clone_run_predictor(p, b, INT64_MIN, INT64_MAX, &run));
        bc_predictor_free(p); /* flushes the log */
        bc_decisions *dec = NULL;
        ck_assert_ok(bc_decisions_read_csv(log_path, &dec, NULL));
        unlink(log_path);

        int32_t n = bc_bars_length(b), F = bc_model_num_features(m);
        const int64_t *t = bc_bars_time(b);
        const double *c = bc_bars_column(b, BC_BAR_CLOSE);
        bc_features *fa = NULL;
        ck_assert_ok(bc_features_create("atr(14)", &fa));
        double *atr = malloc(sizeof *atr * (size_t)n), *x = malloc(sizeof *x * (size_t)F);
        ck_assert_ok(bc_features_compute(fa, b, atr, n));
        int32_t col[4] = {-1, -1, -1, -1};
        static const char *const names[4] = {"pos_long", "pos_short", "bars_held", "upnl_atr"};
        for (int32_t j = 0; j < F; j++) {
            char name[256];
            int32_t len = 0;
            ck_assert_ok(bc_model_feature_name(m, j, name, sizeof name, &len));
            for (int q = 0; q < 4; q++)
                if (strcmp(name, names[q]) == 0)
                    col[q] = j;
        }
        for (int q = 0; q < 4; q++)
            ck_assert_int_ge(col[q], 0);

        int32_t direction = 0, entry_bar = -1, ev = 0, bar = 0, decided = 0;
        double entry = NAN;
        bc_trade_event e;
        e.struct_size = sizeof e;
        for (int32_t r = 0; r < bc_decisions_count(dec); r++) {
            bc_decision_row row;
            row.struct_size = sizeof row;
            ck_assert_ok(bc_decisions_get(dec, r, &row));
            while (bar < n && t[bar] != row.timestamp)
                bar++;
            ck_assert_msg(bar < n, "decision %d at %lld is on no bar", r, (long long)row.timestamp);
            int32_t got = 0;
            ck_assert_ok(bc_decisions_features(dec, r, x, F, &got));
            ck_assert_int_eq(got, F);
            /* The position the model saw: the replayed one. */
            ck_assert_double_eq(x[col[0]], direction > 0 ? 1.0 : 0.0);
            ck_assert_double_eq(x[col[1]], direction < 0 ? 1.0 : 0.0);
            ck_assert_double_eq(x[col[2]], direction ? (double)(bar - entry_bar) : 0.0);
            double upnl = direction ? direction * (c[bar] - entry) / atr[bar] : 0.0;
            ck_assert_msg(fabs(x[col[3]] - upnl) <= 1e-9 * (1.0 + fabs(upnl)),
                          "bar %d: upnl_atr %.17g, replayed %.17g", bar, x[col[3]], upnl);
            int32_t now = strcmp(row.action, "buy") == 0     ? 1
                          : strcmp(row.action, "sell") == 0  ? -1
                          : strcmp(row.action, "close") == 0 ? 0
                                                             : direction;
            int reentry = now != 0 && now == direction && strcmp(row.action, "hold") != 0;
            decided++;
            if (now == direction && !reentry)
                continue;
            if (direction != 0) {
                ck_assert_int_lt(ev, bc_trades_count(run));
                ck_assert_ok(bc_trades_get(run, ev++, &e));
                ck_assert_int_eq(e.action, BC_ACTION_CLOSE);
                ck_assert_int_eq(e.time, t[bar]);
                ck_assert_double_eq(e.price, c[bar]);
            }
            if (now != 0) {
                ck_assert_int_lt(ev, bc_trades_count(run));
                ck_assert_ok(bc_trades_get(run, ev++, &e));
                ck_assert_int_eq(e.action, BC_ACTION_OPEN);
                ck_assert_int_eq(e.order_type, now > 0 ? BC_ORDER_BUY : BC_ORDER_SELL);
                ck_assert_int_eq(e.time, t[bar]);
                ck_assert_double_eq(e.price, c[bar]);
                entry_bar = bar;
                entry = c[bar];
            }
            direction = now;
        }
        ck_assert_int_eq(ev, bc_trades_count(run));
        ck_assert_int_gt(ev, 20);
        ck_assert_int_gt(decided, n / 2);
        free(atr);
        free(x);
        bc_features_free(fa);
        bc_decisions_free(dec);
        bc_trades_free(run);
        bc_bars_free(b);
        bc_model_free(m);
    }
}
END_TEST

/* The Donchian bot (tests/data/bots) logs sl = entry -/+ 2 atr(14) and tp
 * = entry +/- 3 atr(14), and its broker closes at a level a later bar
 * touches. The clone learns both rules from the sl/tp columns (reported
 * as consistent), and its run trades them: every OPEN carries the levels
 * of the learned rule on its entry bar's atr(14), every position closes at
 * the first later bar that touches a level (the stop when both), at the
 * level, per the touch rule recomputed here; and where the clone enters
 * with the target, it exits on the same bar at the same price. */
START_TEST(a_clone_run_reproduces_the_targets_exits_at_its_atr_levels)
{
    bc_trades *log = load_trades("bots/donchian_atr_eurusd_trades_raw.csv");
    bc_bars *bars = load_bars("bots/eurusd_1h.csv");
    bc_cloner *cl = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&cl));
    fit_trees_or_auto(cl, log, bars, &m);
    json_t *report = report_of(cl);
    bc_cloner_free(cl);
    bc_trades_free(log);
    bc_bars_free(bars);
    json_t *exits = json_object_get(report, "exits");
    json_t *sl = json_object_get(exits, "sl"), *tp = json_object_get(exits, "tp");
    ck_assert(json_is_true(json_object_get(sl, "consistent")));
    ck_assert(json_is_true(json_object_get(tp, "consistent")));
    /* the log closes where a bar touches them: a broker's orders */
    ck_assert(json_is_true(json_object_get(sl, "used")));
    ck_assert(json_is_true(json_object_get(tp, "used")));
    ck_assert_int_eq((int)json_integer_value(json_object_get(sl, "ignored")), 0);
    ck_assert_int_gt((int)json_integer_value(json_object_get(sl, "touched")), 30);
    ck_assert_str_eq(json_string_value(json_object_get(sl, "unit")), "atr");
    ck_assert_str_eq(json_string_value(json_object_get(tp, "unit")), "atr");
    double k_sl = json_number_value(json_object_get(sl, "k"));
    double k_tp = json_number_value(json_object_get(tp, "k"));
    ck_assert_double_eq_tol(k_sl, 2.0, 0.01);
    ck_assert_double_eq_tol(k_tp, 3.0, 0.01);
    ck_assert_double_lt(json_number_value(json_object_get(sl, "relative_error")), 0.01);

    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_trades *run = NULL, *target = load_trades("bots/donchian_atr_eurusd_trades_raw.csv");
    ck_assert_ok(bc_clone_run(m, b, INT64_MIN, INT64_MAX, &run));
    int32_t n = bc_bars_length(b);
    const int64_t *t = bc_bars_time(b);
    const double *h = bc_bars_column(b, BC_BAR_HIGH), *l = bc_bars_column(b, BC_BAR_LOW),
                 *c = bc_bars_column(b, BC_BAR_CLOSE);
    bc_features *fa = NULL;
    ck_assert_ok(bc_features_create("atr(14)", &fa));
    double *atr = malloc(sizeof *atr * (size_t)n);
    ck_assert_ok(bc_features_compute(fa, b, atr, n));
    /* the target's trades: entry bar, direction, exit bar and price */
    struct {
        int32_t open_bar, order_type, close_bar;
        double close_price;
    } *tgt = calloc((size_t)bc_trades_count(target), sizeof *tgt);
    int32_t n_target = 0;
    for (int32_t q = 0; q < bc_trades_count(target); q++) {
        bc_trade_event e, f;
        e.struct_size = f.struct_size = sizeof e;
        ck_assert_ok(bc_trades_get(target, q, &e));
        if (e.action != BC_ACTION_OPEN)
            continue;
        tgt[n_target].open_bar = clone_bar_of(b, e.time);
        tgt[n_target].order_type = e.order_type;
        tgt[n_target].close_bar = -1;
        for (int32_t r = q + 1; r < bc_trades_count(target); r++) {
            ck_assert_ok(bc_trades_get(target, r, &f));
            if (f.ticket == e.ticket && f.action == BC_ACTION_CLOSE) {
                tgt[n_target].close_bar = clone_bar_of(b, f.time);
                tgt[n_target].close_price = f.price;
                break;
            }
        }
        n_target++;
    }
    int32_t at_level = 0, trades = 0, with_target = 0, same_exit = 0;
    for (int32_t k = 0; k < bc_trades_count(run); k++) {
        bc_trade_event o, x;
        o.struct_size = x.struct_size = sizeof o;
        ck_assert_ok(bc_trades_get(run, k, &o));
        if (o.action != BC_ACTION_OPEN)
            continue;
        int32_t i = 0;
        while (t[i] != o.time)
            i++;
        int32_t dir = o.order_type == BC_ORDER_BUY ? 1 : -1;
        ck_assert_double_eq_tol(o.sl, c[i] - dir * k_sl * atr[i], 1e-12);
        ck_assert_double_eq_tol(o.tp, c[i] + dir * k_tp * atr[i], 1e-12);
        /* the first later bar that touches a level */
        int32_t hit = -1;
        double level = NAN;
        for (int32_t j = i + 1; j < n && hit < 0; j++) {
            int hit_sl = dir > 0 ? l[j] <= o.sl : h[j] >= o.sl;
            int hit_tp = dir > 0 ? h[j] >= o.tp : l[j] <= o.tp;
            if (hit_sl || hit_tp) {
                hit = j;
                level = hit_sl ? o.sl : o.tp;
            }
        }
        /* its close: the next event of the run, same ticket */
        int32_t close_k = k + 1;
        while (close_k < bc_trades_count(run)) {
            ck_assert_ok(bc_trades_get(run, close_k, &x));
            if (x.ticket == o.ticket)
                break;
            close_k++;
        }
        if (close_k == bc_trades_count(run)) {
            ck_assert_int_lt(hit, 0); /* still open at the end: never touched */
            continue;
        }
        trades++;
        int32_t j = i;
        while (t[j] != x.time)
            j++;
        ck_assert_msg(hit < 0 || j <= hit, "ticket %lld held past its level's touch on bar %d",
                      (long long)o.ticket, hit);
        if (j == hit && x.price == level)
            at_level++;
        else
            ck_assert_double_eq(x.price, c[j]); /* a decision at the close */
        /* the target's trade entered on the same bar the same way */
        for (int32_t q = 0; q < n_target; q++)
            if (tgt[q].open_bar == i && tgt[q].order_type == o.order_type) {
                with_target++;
                same_exit += tgt[q].close_bar == j && fabs(tgt[q].close_price - x.price) < 2e-5;
                break;
            }
    }
    ck_assert_int_gt(trades, 150);
    ck_assert_int_ge(at_level, trades * 95 / 100); /* measured: every one */
    ck_assert_int_ge(with_target, trades * 95 / 100);
    ck_assert_int_ge(same_exit, with_target * 95 / 100); /* measured: every one */
    free(tgt);
    free(atr);
    bc_features_free(fa);
    bc_trades_free(run);
    bc_trades_free(target);
    bc_bars_free(b);
    json_decref(report);
    bc_model_free(m);
}
END_TEST

/* The ninth held-out set's swing-stop bot (tests/data/bots/heldout10/
 * make_heldout10_bots.py): its stop at the lowest low (a short: highest
 * high) of the 3 bars through the entry bar, its target at twice that risk,
 * both broker orders. The fit names the rule from the log (swing, n 3, k
 * 1; risk, k 2), and a run places every entry's levels by it, computed here
 * from the bars, and closes at a touched level. */
START_TEST(a_clone_run_places_a_swing_stop_and_a_two_r_target_like_its_target)
{
    bc_trades *log = load_trades("bots/heldout10/heldout10_swing_stop_2r_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_cloner *cl = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&cl));
    fit_trees_or_auto(cl, log, b, &m);
    json_t *report = report_of(cl);
    bc_cloner_free(cl);
    json_t *exits = json_object_get(report, "exits");
    json_t *sl = json_object_get(exits, "sl"), *tp = json_object_get(exits, "tp");
    ck_assert_str_eq(json_string_value(json_object_get(sl, "unit")), "swing");
    ck_assert_int_eq((int)json_integer_value(json_object_get(sl, "n")), 3);
    ck_assert_double_eq_tol(json_number_value(json_object_get(sl, "k")), 1.0, 1e-9);
    ck_assert_str_eq(json_string_value(json_object_get(tp, "unit")), "risk");
    ck_assert_double_eq_tol(json_number_value(json_object_get(tp, "k")), 2.0, 1e-9);
    ck_assert(json_is_true(json_object_get(sl, "used")));
    ck_assert(json_is_true(json_object_get(tp, "used")));
    /* the bot never closes itself: each close on the training bars is a
     * touch of its own levels, left out of training; the fit's touches
     * count the validation bars' opens too */
    int closes = (int)json_integer_value(json_object_get(exits, "closes_at_levels"));
    int touched = (int)(json_integer_value(json_object_get(sl, "touched")) +
                        json_integer_value(json_object_get(tp, "touched")));
    ck_assert_int_gt(closes, touched / 2);
    ck_assert_int_le(closes, touched);
    /* and the signal search saw no close of the bot's own to explain
     * (before: 28 and 26 "close" examples, best F1 0.58 / 0.57) */
    json_t *decisions = json_object_get(json_object_get(report, "search"), "decisions");
    for (int side = 0; side < 2; side++) {
        json_t *d = json_object_get(decisions, side ? "close_short" : "close_long");
        ck_assert_int_le((int)json_integer_value(json_object_get(d, "examples")), 1);
    }
    /* a model file keeps the rule: the run below reads it from there */
    char path[] = "/tmp/bc_swing_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_ok(bc_model_save(m, path));
    bc_model_free(m);
    m = NULL;
    ck_assert_ok(bc_model_load(path, &m));
    unlink(path);
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(m, b, INT64_MIN, INT64_MAX, &run));
    int32_t n = bc_bars_length(b);
    const int64_t *t = bc_bars_time(b);
    const double *h = bc_bars_column(b, BC_BAR_HIGH), *l = bc_bars_column(b, BC_BAR_LOW),
                 *c = bc_bars_column(b, BC_BAR_CLOSE);
    int32_t entries = 0, closed = 0, at_level = 0;
    for (int32_t k = 0; k < bc_trades_count(run); k++) {
        bc_trade_event o, x;
        o.struct_size = x.struct_size = sizeof o;
        ck_assert_ok(bc_trades_get(run, k, &o));
        if (o.action != BC_ACTION_OPEN)
            continue;
        int32_t i = 0;
        while (i < n && t[i] != o.time)
            i++;
        ck_assert_int_lt(i, n);
        ck_assert_int_ge(i, 2);
        int32_t dir = o.order_type == BC_ORDER_BUY ? 1 : -1;
        double lo = fmin(l[i], fmin(l[i - 1], l[i - 2])), hi = fmax(h[i], fmax(h[i - 1], h[i - 2]));
        double stop = dir > 0 ? lo : hi;
        entries++;
        if (!(dir * (c[i] - stop) > 0.0)) { /* the close at the extreme: no stop */
            ck_assert(isnan(o.sl) || o.sl == 0.0);
            continue;
        }
        ck_assert_double_eq_tol(o.sl, stop, 1e-12);
        ck_assert_double_eq_tol(o.tp, c[i] + 2.0 * (c[i] - stop), 1e-12);
        for (int32_t q = k + 1; q < bc_trades_count(run); q++) {
            ck_assert_ok(bc_trades_get(run, q, &x));
            if (x.ticket == o.ticket && x.action == BC_ACTION_CLOSE) {
                closed++;
                at_level += x.price == o.sl || x.price == o.tp;
                break;
            }
        }
    }
    ck_assert_int_gt(entries, 60);
    /* the bot never closes itself; the clone may, but mostly its levels do */
    ck_assert_int_ge(at_level, closed * 8 / 10);
    /* measured: held-out F1 0.593 with no rule (atr fits: relative error
     * 0.55), 0.902 with it (trees; logistic 0.70) */
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.8);
    bc_trades_free(run);
    bc_trades_free(log);
    bc_bars_free(b);
    json_decref(report);
    bc_model_free(m);
}
END_TEST

START_TEST(the_streaming_predictor_makes_the_runs_decisions_bar_by_bar)
{
    bc_model *m = clone_bot("bots/sma_cross_eurusd_trades_raw.csv", "bots/eurusd_1h.csv", NULL);
    /* no day count (position_day=auto, the default: the log enters more
     * than once on some UTC days) */
    ck_assert_str_ne(m->feature_names[m->n_features - 1], CLONE_DAY_NAME);
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(m, b, INT64_MIN, INT64_MAX, &run));
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    const int64_t *t = bc_bars_time(b);
    const double *o = bc_bars_column(b, BC_BAR_OPEN), *h = bc_bars_column(b, BC_BAR_HIGH),
                 *l = bc_bars_column(b, BC_BAR_LOW), *c = bc_bars_column(b, BC_BAR_CLOSE),
                 *v = bc_bars_column(b, BC_BAR_VOLUME);
    int32_t n = bc_bars_length(b), k = 0, direction = 0;
    double probs[4];
    for (int32_t i = 0; i < n; i++) {
        int32_t d = -1;
        ck_assert_ok(bc_predictor_update(p, t[i], o[i], h[i], l[i], c[i], v[i], probs, 4, &d));
        ck_assert_double_eq_tol(probs[0] + probs[1] + probs[2] + probs[3], 1.0, 1e-9);
        int32_t now = d == BC_DECISION_BUY ? 1 : d == BC_DECISION_SELL ? -1
                      : d == BC_DECISION_CLOSE ? 0 : direction;
        if (now == direction)
            continue;
        bc_trade_event e;
        e.struct_size = sizeof e;
        if (direction != 0) { /* the run logs the close first */
            ck_assert_ok(bc_trades_get(run, k++, &e));
            ck_assert_int_eq(e.action, BC_ACTION_CLOSE);
            ck_assert_int_eq(e.time, t[i]);
        }
        if (now != 0) {
            ck_assert_ok(bc_trades_get(run, k++, &e));
            ck_assert_int_eq(e.action, BC_ACTION_OPEN);
            ck_assert_int_eq(e.order_type, now > 0 ? BC_ORDER_BUY : BC_ORDER_SELL);
            ck_assert_int_eq(e.time, t[i]);
            ck_assert_double_eq(e.price, c[i]);
        }
        direction = now;
        int32_t dir = 9;
        ck_assert_ok(bc_predictor_position(p, &dir, NULL, NULL));
        ck_assert_int_eq(dir, direction);
    }
    ck_assert_int_eq(k, bc_trades_count(run));
    ck_assert_int_gt(k, 100);
    bc_predictor_free(p);
    bc_trades_free(run);
    bc_bars_free(b);
    bc_model_free(m);
}
END_TEST

/* The live path allocates nothing: after the first bar, a predictor's
 * updates (features, position state, forward pass, decision) leave the
 * heap as it was, for a logistic and an MLP clone. */
START_TEST(the_predictor_allocates_nothing_per_bar)
{
    for (int kind = 0; kind < 2; kind++) {
        bc_trades *tr = load_trades("bots/sma_cross_eurusd_trades_raw.csv");
        bc_bars *b = load_bars("bots/eurusd_1h.csv");
        bc_cloner *cl = NULL;
        bc_model *m = NULL;
        ck_assert_ok(bc_cloner_create(&cl));
        if (kind) {
            ck_assert_ok(bc_cloner_set(cl, "model", "mlp"));
            ck_assert_ok(bc_cloner_set(cl, "epochs", "5"));
        }
        ck_assert_ok(bc_cloner_fit(cl, tr, b, &m));
        bc_cloner_free(cl);
        bc_trades_free(tr);
        bc_predictor *p = NULL;
        ck_assert_ok(bc_predictor_create(m, &p));
        const int64_t *t = bc_bars_time(b);
        const double *o = bc_bars_column(b, BC_BAR_OPEN), *h = bc_bars_column(b, BC_BAR_HIGH),
                     *l = bc_bars_column(b, BC_BAR_LOW), *c = bc_bars_column(b, BC_BAR_CLOSE),
                     *v = bc_bars_column(b, BC_BAR_VOLUME);
        double probs[4];
        int32_t d = 0;
        ck_assert_ok(bc_predictor_update(p, t[0], o[0], h[0], l[0], c[0], v[0], probs, 4, &d));
        struct mallinfo2 before = mallinfo2();
        int32_t acted = 0;
        for (int32_t i = 1; i < bc_bars_length(b); i++) {
            ck_assert_ok(bc_predictor_update(p, t[i], o[i], h[i], l[i], c[i], v[i], probs, 4, &d));
            acted += d != BC_DECISION_HOLD;
        }
        struct mallinfo2 after = mallinfo2();
        ck_assert_uint_eq(after.uordblks, before.uordblks);
        ck_assert_uint_eq(after.hblkhd, before.hblkhd);
        ck_assert_int_gt(acted, 50); /* the loop really decided */
        bc_predictor_free(p);
        bc_bars_free(b);
        bc_model_free(m);
    }
}
END_TEST

START_TEST(the_predictor_holds_in_lookback_and_checks_its_inputs)
{
    bc_model *m =
        clone_bot_kind("sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", "logistic", NULL);
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    double probs[4];
    int32_t d = -1;
    ck_assert_ok(bc_predictor_update(p, 86400, 10, 11, 9, 10, 100, probs, 4, &d));
    ck_assert_int_eq(d, BC_DECISION_HOLD);
    ck_assert_double_eq(probs[0], 1.0);
    ck_assert_status_msg(bc_predictor_update(p, 86400, 10, 11, 9, 10, 100, probs, 4, &d),
                         BC_E_INVALID_ARGUMENT, "86400");
    ck_assert_status_msg(bc_predictor_update(p, 2 * 86400, 10, 11, 9, 10, 100, probs, 3, &d),
                         BC_E_BUFFER_TOO_SMALL, "3");
    ck_assert_status_msg(bc_predictor_set(p, "treshold", "0.5"), BC_E_UNKNOWN_KEY, "treshold");
    ck_assert_status_msg(bc_predictor_set(p, "threshold", "1.5"), BC_E_INVALID_ARGUMENT, "1.5");
    ck_assert_status_msg(bc_predictor_set(p, "auto_position", "yes"), BC_E_INVALID_ARGUMENT, "yes");
    ck_assert_status_msg(bc_predictor_set_position(p, 2, 0, 10.0), BC_E_INVALID_ARGUMENT, "2");
    ck_assert_status_msg(bc_predictor_set_position(p, 1, 0, -3.0), BC_E_INVALID_ARGUMENT, "-3");
    ck_assert_ok(bc_predictor_set_position(p, -1, 7, 12.5));
    int32_t dir = 0, held = 0;
    double entry = 0;
    ck_assert_ok(bc_predictor_position(p, &dir, &held, &entry));
    ck_assert_int_eq(dir, -1);
    ck_assert_int_eq(held, 7);
    ck_assert_double_eq(entry, 12.5);
    ck_assert_ok(bc_predictor_set(p, "auto_position", "0"));
    ck_assert_ok(bc_predictor_update(p, 2 * 86400, 10, 11, 9, 10, 100, NULL, 0, &d));
    ck_assert_ok(bc_predictor_position(p, &dir, &held, NULL));
    ck_assert_int_eq(held, 8); /* one more bar held */
    ck_assert_ok(bc_predictor_reset(p));
    ck_assert_ok(bc_predictor_position(p, &dir, &held, NULL));
    ck_assert_int_eq(dir, 0);
    bc_predictor_free(p);
    bc_predictor_free(NULL);
    bc_model_free(m);
}
END_TEST

static char *temp_path(const char *name)
{
    static char path[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "/tmp/bc_test_clone_%d_%s", (int)getpid(), name);
    unlink(path[k]);
    return path[k];
}

START_TEST(decisions_and_uncertain_ones_are_logged_and_read_back)
{
    bc_model *m =
        clone_bot_kind("sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", "logistic", NULL);
    bc_bars *b = load_bars("aapl_daily.csv");
    char *dec = temp_path("decisions.csv"), *unc = temp_path("uncertain.csv");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_set(p, "decision_log", dec));
    ck_assert_ok(bc_predictor_set(p, "uncertain_log", unc));
    ck_assert_ok(bc_predictor_set(p, "uncertainty_margin", "0.3"));
    ck_assert_ok(bc_predictor_set(p, "model_version", "v7"));
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run_predictor(p, b, INT64_MIN, INT64_MAX, &run));
    bc_predictor_free(p); /* closes the logs */
    bc_decisions *all = NULL, *uncertain = NULL;
    ck_assert_ok(bc_decisions_read_csv(dec, &all, NULL));
    ck_assert_ok(bc_decisions_read_csv(unc, &uncertain, NULL));
    /* One row per decided bar: every bar after the features' lookback. */
    int32_t n_all = bc_decisions_count(all), n_bars = bc_bars_length(b);
    ck_assert_int_gt(n_all, n_bars - 100);
    int32_t nu = bc_decisions_count(uncertain);
    ck_assert_int_gt(nu, 0);
    ck_assert_int_lt(nu, bc_bars_length(b));
    for (int32_t i = 0; i < nu; i++) {
        bc_decision_row r;
        r.struct_size = sizeof r;
        ck_assert_ok(bc_decisions_get(uncertain, i, &r));
        ck_assert_msg(fabs(r.probability - r.threshold) < 0.3, "row %d p %g thr %g", i,
                      r.probability, r.threshold);
        ck_assert_int_eq(r.has_label, 0);
        ck_assert_str_eq(r.model_version, "v7");
        double x[256];
        int32_t nx = 0;
        ck_assert_ok(bc_decisions_features(uncertain, i, x, 256, &nx));
        ck_assert_int_eq(nx, bc_model_num_features(m));
    }
    bc_decision_row first;
    first.struct_size = sizeof first;
    ck_assert_ok(bc_decisions_get(all, 0, &first));
    ck_assert_int_eq(first.event_id, bc_bars_time(b)[n_bars - n_all]);
    ck_assert_int_eq(first.timestamp, first.event_id);
    bc_decisions_free(all);
    bc_decisions_free(uncertain);
    bc_trades_free(run);
    bc_bars_free(b);
    bc_model_free(m);
    unlink(dec);
    unlink(unc);
}
END_TEST

START_TEST(replay_finds_divergences_only_where_a_decision_flips)
{
    bc_model *m =
        clone_bot_kind("sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", "logistic", NULL);
    bc_bars *b = load_bars("aapl_daily.csv");
    char *dec = temp_path("replay_decisions.csv"), *div = temp_path("divergences.csv");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_set(p, "decision_log", dec));
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run_predictor(p, b, INT64_MIN, INT64_MAX, &run));
    bc_predictor_free(p);
    bc_decisions *d = NULL;
    ck_assert_ok(bc_decisions_read_csv(dec, &d, NULL));
    int32_t n = -1;
    ck_assert_ok(bc_replay_decisions(m, d, run, 1.0, div, &n));
    ck_assert_int_eq(n, 0); /* the same model decides the same */
    /* A model trained with a much higher fixed threshold acts less often. */
    bc_trades *t = load_trades("sample_bot_aapl_trades_raw.csv");
    bc_cloner *c = NULL;
    bc_model *strict = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic")); /* not about the kind: the fast one */
    ck_assert_ok(bc_cloner_set(c, "threshold", "0.999"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &strict));
    ck_assert_ok(bc_replay_decisions(strict, d, run, 2.5, div, &n));
    ck_assert_int_gt(n, 0);
    bc_divergences *dv = NULL;
    ck_assert_ok(bc_divergences_read_csv(div, &dv, NULL));
    ck_assert_int_eq(bc_divergences_count(dv), n);
    int with_profit = 0;
    for (int32_t i = 0; i < n; i++) {
        bc_divergence r;
        r.struct_size = sizeof r;
        ck_assert_ok(bc_divergences_get(dv, i, &r));
        ck_assert_double_eq(r.weight, 2.5);
        /* Same weights (only the threshold differs): the same P(act), which
         * cleared the old bar and not the new one. */
        ck_assert_double_eq_tol(r.old_prob, r.new_prob, 1e-9);
        ck_assert(r.new_prob < 0.999);
        with_profit += r.profit != 0.0;
    }
    ck_assert_int_gt(with_profit, 0);
    ck_assert_status_msg(bc_replay_decisions(m, d, run, 0.0, div, &n), BC_E_INVALID_ARGUMENT, "0");
    bc_divergences_free(dv);
    bc_model_free(strict);
    bc_cloner_free(c);
    bc_trades_free(t);
    bc_decisions_free(d);
    bc_trades_free(run);
    bc_bars_free(b);
    bc_model_free(m);
    unlink(dec);
    unlink(div);
}
END_TEST

static int64_t model_num_samples(const bc_model *m)
{
    char buf[65536];
    int32_t len = 0;
    ck_assert_ok(bc_model_info_json(m, buf, sizeof buf, &len));
    json_t *root = json_loads(buf, 0, NULL);
    ck_assert_ptr_nonnull(root);
    int64_t n = (int64_t)json_integer_value(json_object_get(root, "num_samples"));
    json_decref(root);
    return n;
}

/* Probability of class 1 for one row with every feature 0. */
static double probe(const bc_model *m)
{
    double x[256] = {0}, probs[4];
    ck_assert_ok(bc_model_predict(m, x, 1, bc_model_num_features(m), probs, 4));
    return probs[1];
}

START_TEST(labelled_uncertain_decisions_replay_and_half_life_shape_training)
{
    bc_trades *t = load_trades("sample_bot_aapl_trades_raw.csv");
    bc_bars *b = load_bars("aapl_daily.csv");
    bc_cloner *c = NULL;
    bc_model *base = NULL, *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic")); /* not about the kind: the fast one */
    ck_assert_ok(bc_cloner_fit(c, t, b, &base));
    int64_t base_rows = model_num_samples(base);

    /* Uncertain decisions with a label filled in join training. */
    char *unc = temp_path("labelled.csv"), *div = temp_path("replay.csv");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(base, &p));
    ck_assert_ok(bc_predictor_set(p, "uncertain_log", unc));
    ck_assert_ok(bc_predictor_set(p, "uncertainty_margin", "0.5"));
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run_predictor(p, b, INT64_MIN, INT64_MAX, &run));
    bc_predictor_free(p);
    bc_decisions *d = NULL;
    ck_assert_ok(bc_decisions_read_csv(unc, &d, NULL));
    int32_t n_unc = bc_decisions_count(d);
    ck_assert_int_gt(n_unc, 100);
    bc_decision_log *log = NULL;
    char *labelled = temp_path("labelled2.csv");
    ck_assert_ok(bc_decision_log_open(labelled, 1, &log));
    static double xs[40][256];
    int32_t nxs = 0, labels[40];
    for (int32_t i = 0; i < 40; i++) {
        bc_decision_row r;
        r.struct_size = sizeof r;
        ck_assert_ok(bc_decisions_get(d, i + 60, &r));
        ck_assert_ok(bc_decisions_features(d, i + 60, xs[i], 256, &nxs));
        labels[i] = i % 2 ? BC_LABEL_NONE : BC_LABEL_OPEN_LONG;
        r.label = labels[i];
        r.has_label = 1;
        ck_assert_ok(bc_decision_log_write(log, &r, xs[i], nxs));
    }
    ck_assert_ok(bc_decision_log_close(log));
    ck_assert_ok(bc_cloner_set(c, "uncertain_file", labelled));
    /* Direction and size: on the labelled rows, a model trained with them
     * gives the labels a higher probability than the base model (class
     * index = label: 0 none, 1 open long), and weight 5 more than weight 1
     * (measured 0.520 base, 0.568 at weight 5). */
    double mean_p[2];
    for (int32_t k = 0; k < 2; k++) {
        ck_assert_ok(bc_cloner_set(c, "uncertain_weight", k ? "5" : "1"));
        ck_assert_ok(bc_cloner_fit(c, t, b, &m));
        ck_assert_int_eq(model_num_samples(m), base_rows + 40);
        double pm[4];
        mean_p[k] = 0;
        for (int32_t i = 0; i < 40; i++) {
            ck_assert_ok(bc_model_predict(m, xs[i], 1, nxs, pm, 4));
            mean_p[k] += pm[labels[i]] / 40;
        }
        bc_model_free(m);
    }
    double before = 0, pb[4];
    for (int32_t i = 0; i < 40; i++) {
        ck_assert_ok(bc_model_predict(base, xs[i], 1, nxs, pb, 4));
        before += pb[labels[i]] / 40;
    }
    ck_assert_msg(before < mean_p[0] && mean_p[0] < mean_p[1] && mean_p[1] > before + 0.02,
                  "labelled rows: mean P(label) base %.3f, weight 1 %.3f, weight 5 %.3f", before,
                  mean_p[0], mean_p[1]);
    ck_assert_ok(bc_cloner_set(c, "uncertain_file", ""));

    /* Divergences weigh their bars: a different model. */
    bc_decisions *all = NULL;
    char *dec = temp_path("all.csv");
    ck_assert_ok(bc_predictor_create(base, &p));
    ck_assert_ok(bc_predictor_set(p, "decision_log", dec));
    bc_trades_free(run);
    ck_assert_ok(bc_clone_run_predictor(p, b, INT64_MIN, INT64_MAX, &run));
    bc_predictor_free(p);
    ck_assert_ok(bc_decisions_read_csv(dec, &all, NULL));
    bc_divergences *dv = NULL;
    ck_assert_ok(bc_divergences_create(&dv));
    for (int32_t i = 100; i < 400; i += 3) {
        bc_decision_row r;
        r.struct_size = sizeof r;
        ck_assert_ok(bc_decisions_get(all, i, &r));
        bc_divergence x = {sizeof x, 0, r.event_id, 0.9, 0.1, 1.0, 4.0};
        ck_assert_ok(bc_divergences_append(dv, &x));
    }
    ck_assert_ok(bc_divergences_write_csv(dv, div));
    ck_assert_ok(bc_cloner_set(c, "replay_file", div));
    ck_assert_ok(bc_cloner_set(c, "replay_weight", "3"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    ck_assert_int_eq(model_num_samples(m), base_rows);
    ck_assert(fabs(probe(m) - probe(base)) > 1e-6);
    bc_model_free(m);
    ck_assert_ok(bc_cloner_set(c, "replay_file", ""));

    /* Time decay: old bars count less, a different model again. */
    ck_assert_ok(bc_cloner_set(c, "half_life_days", "90"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    ck_assert(fabs(probe(m) - probe(base)) > 1e-6);
    bc_model_free(m);

    bc_divergences_free(dv);
    bc_decisions_free(all);
    bc_decisions_free(d);
    bc_trades_free(run);
    bc_model_free(base);
    bc_cloner_free(c);
    bc_trades_free(t);
    bc_bars_free(b);
    unlink(unc);
    unlink(labelled);
    unlink(div);
    unlink(dec);
}
END_TEST

static bc_trade_event event(int32_t action, int32_t type, int64_t ticket, int64_t time,
                            const char *symbol)
{
    bc_trade_event e;
    memset(&e, 0, sizeof e);
    e.struct_size = sizeof e;
    e.action = action;
    e.order_type = type;
    e.event_id = -1;
    e.decision_id = -1;
    e.ticket = ticket;
    e.time = time;
    e.lots = 0.1;
    e.price = 100.0;
    e.sl = e.tp = e.profit = e.book_bid_vol = e.book_ask_vol = NAN;
    snprintf(e.symbol, sizeof e.symbol, "%s", symbol);
    return e;
}

START_TEST(one_clone_learns_a_log_of_two_symbols_with_per_symbol_state)
{
    bc_trades *t = load_trades("bots/macd_two_symbols_trades_raw.csv");
    bc_bars *aapl = load_bars("aapl_daily.csv"), *googl = load_bars("bots/googl_daily.csv");
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic")); /* not about the kind: the fast one */
    /* Bars for one symbol only: the error names the one without. */
    ck_assert_ok(bc_cloner_add_bars(c, "AAPL", aapl));
    ck_assert_status_msg(bc_cloner_fit(c, t, NULL, &m), BC_E_INVALID_ARGUMENT, "'GOOGL'");
    ck_assert_status_msg(bc_cloner_fit(c, t, aapl, &m), BC_E_INVALID_ARGUMENT, "2 symbols");
    ck_assert_ok(bc_cloner_add_bars(c, "GOOGL", googl));
    ck_assert_ok(bc_cloner_fit(c, t, NULL, &m));
    json_t *report = report_of(c);
    ck_assert_str_eq(json_string_value(json_object_get(report, "symbol")), "GOOGL,AAPL");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.95);
    json_t *per = json_object_get(json_object_get(report, "fidelity"), "symbols");
    ck_assert_int_eq((int)json_object_size(per), 2);
    double total = report_number(report, "fidelity", "target_entries");
    double aapl_n = json_number_value(json_object_get(json_object_get(per, "AAPL"), "target_entries"));
    double googl_n = json_number_value(json_object_get(json_object_get(per, "GOOGL"), "target_entries"));
    ck_assert_double_eq(aapl_n + googl_n, total);
    ck_assert(aapl_n > 0 && googl_n > 0);
    /* The one model trades either symbol as a bot. */
    int64_t from = (int64_t)report_number(report, NULL, "holdout_start");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_set(p, "symbol", "AAPL"));
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run_predictor(p, aapl, from, INT64_MAX, &run));
    bc_trade_event e;
    e.struct_size = sizeof e;
    ck_assert_ok(bc_trades_get(run, 0, &e));
    ck_assert_str_eq(e.symbol, "AAPL");
    bc_trades_free(run);
    bc_predictor_free(p);
    /* 'symbol' narrows a multi-symbol log to one symbol. */
    bc_model_free(m);
    ck_assert_ok(bc_cloner_set(c, "symbol", "AAPL"));
    ck_assert_ok(bc_cloner_fit(c, t, NULL, &m));
    json_decref(report);
    report = report_of(c);
    ck_assert_str_eq(json_string_value(json_object_get(report, "symbol")), "AAPL");
    json_decref(report);
    bc_model_free(m);
    ck_assert_status_msg(bc_cloner_add_bars(c, "", aapl), BC_E_INVALID_ARGUMENT, "symbol");
    bc_cloner_free(c);
    bc_bars_free(aapl);
    bc_bars_free(googl);
    bc_trades_free(t);
}
END_TEST

START_TEST(the_cloner_names_what_is_wrong_with_its_inputs)
{
    bc_bars *b = load_bars("aapl_daily.csv");
    const int64_t *bt = bc_bars_time(b);
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_create(&t));
    bc_trade_event e = event(BC_ACTION_OPEN, 0, 1, bt[100], "AAPL");
    ck_assert_ok(bc_trades_append(t, &e));
    e = event(BC_ACTION_OPEN, 1, 2, bt[120], "MSFT");
    ck_assert_ok(bc_trades_append(t, &e));
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_status_msg(bc_cloner_fit(c, t, b, &m), BC_E_INVALID_ARGUMENT, "'MSFT'");
    ck_assert_status_msg(bc_cloner_fit(c, t, b, &m), BC_E_INVALID_ARGUMENT, "'AAPL'");
    ck_assert_ptr_null(m);
    ck_assert_ok(bc_cloner_set(c, "symbol", "GOOG"));
    ck_assert_status_msg(bc_cloner_fit(c, t, b, &m), BC_E_NO_DATA, "GOOG");
    ck_assert_ok(bc_cloner_set(c, "symbol", "AAPL"));
    e = event(BC_ACTION_OPEN, 0, 3, bt[0] - 86400, "AAPL");
    ck_assert_ok(bc_trades_append(t, &e));
    ck_assert_status_msg(bc_cloner_fit(c, t, b, &m), BC_E_INVALID_ARGUMENT, "precedes the first bar");
    ck_assert_status_msg(bc_cloner_report_json(c, NULL, 0, NULL), BC_E_STATE, "no successful fit");

    ck_assert_status_msg(bc_cloner_set(c, "holdout", "0.95"), BC_E_INVALID_ARGUMENT, "0.95");
    ck_assert_status_msg(bc_cloner_set(c, "model", "forest"), BC_E_INVALID_ARGUMENT, "forest");
    ck_assert_status_msg(bc_cloner_set(c, "hidden", "64,,2"), BC_E_INVALID_ARGUMENT, "64,,2");
    ck_assert_status_msg(bc_cloner_set(c, "l2", "-1"), BC_E_INVALID_ARGUMENT, "-1");
    ck_assert_status_msg(bc_cloner_set(c, "colour", "red"), BC_E_UNKNOWN_KEY, "colour");
    ck_assert_ok(bc_cloner_set(c, "features", "rsi(14),bogus(3)"));
    bc_trades *ok = load_trades("sample_bot_aapl_trades_raw.csv");
    ck_assert_status_msg(bc_cloner_fit(c, ok, b, &m), BC_E_PARSE, "bogus");
    /* Too few bars for train, validation and held-out slices. */
    ck_assert_ok(bc_cloner_set(c, "features", ""));
    bc_bars *few = NULL;
    ck_assert_ok(bc_bars_from_arrays(60, bt, NULL, NULL, NULL, bc_bars_column(b, BC_BAR_CLOSE), NULL,
                                     &few));
    bc_trades *early = NULL;
    ck_assert_ok(bc_trades_create(&early));
    e = event(BC_ACTION_OPEN, 0, 1, bt[55], "AAPL");
    ck_assert_ok(bc_trades_append(early, &e));
    ck_assert_status_msg(bc_cloner_fit(c, early, few, &m), BC_E_NO_DATA, "too few");
    bc_trades_free(early);
    bc_bars_free(few);
    bc_trades_free(ok);
    bc_cloner_free(c);
    bc_cloner_free(NULL);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

START_TEST(a_cloned_model_carries_its_metadata_through_the_bcm_file)
{
    json_t *report = NULL;
    bc_model *m = clone_bot("sample_bot_aapl_trades_raw.csv", "aapl_daily.csv", &report);
    char name[256];
    int32_t len = 0, F = bc_model_num_features(m);
    ck_assert_int_eq(bc_model_num_classes(m), 4);
    int saw_pos = 0, saw_signed = 0;
    for (int32_t j = 0; j < F; j++) {
        ck_assert_ok(bc_model_feature_name(m, j, name, sizeof name, &len));
        saw_pos += strcmp(name, "bars_held") == 0;
        saw_signed += strncmp(name, "pos_dir*cross(", 14) == 0;
    }
    ck_assert_int_eq(saw_pos, 1);
    ck_assert_int_gt(saw_signed, 5);
    ck_assert_int_eq((int)report_number(report, NULL, "features"), F);
    int64_t size = 0;
    bc_model_save_bytes(m, NULL, 0, &size);
    uint8_t *buf = malloc((size_t)size);
    ck_assert_ok(bc_model_save_bytes(m, buf, size, &size));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, size, &back));
    bc_bars *b = load_bars("aapl_daily.csv");
    bc_trades *r1 = NULL, *r2 = NULL;
    ck_assert_ok(bc_clone_run(m, b, INT64_MIN, INT64_MAX, &r1));
    ck_assert_ok(bc_clone_run(back, b, INT64_MIN, INT64_MAX, &r2));
    ck_assert_int_eq(bc_trades_count(r1), bc_trades_count(r2));
    for (int32_t i = 0; i < bc_trades_count(r1); i++) {
        bc_trade_event a, z;
        a.struct_size = z.struct_size = sizeof a;
        ck_assert_ok(bc_trades_get(r1, i, &a));
        ck_assert_ok(bc_trades_get(r2, i, &z));
        ck_assert_int_eq(a.time, z.time);
        ck_assert_int_eq(a.action, z.action);
    }
    bc_trades *none = NULL;
    ck_assert_status_msg(bc_clone_run(m, b, 10, 5, &none), BC_E_INVALID_ARGUMENT, "after");
    ck_assert_status_msg(bc_clone_run(m, b, 0, 10, &none), BC_E_NO_DATA, "no bar");
    ck_assert_ptr_null(none);
    bc_trades_free(r1);
    bc_trades_free(r2);
    bc_bars_free(b);
    bc_model_free(back);
    free(buf);
    json_decref(report);
    bc_model_free(m);
}
END_TEST

START_TEST(above_marks_the_bars_where_a_level_holds_in_batch_and_streaming)
{
    bc_bars *b = load_bars("aapl_daily.csv");
    int32_t n = bc_bars_length(b);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("rsi(14),above(rsi(14),50),above(close,sma(20))", &f));
    ck_assert_int_eq(bc_features_count(f), 3);
    char name[64];
    int32_t len = 0;
    ck_assert_ok(bc_features_name(f, 1, name, sizeof name, &len));
    ck_assert_str_eq(name, "above(rsi(14),50)");
    double *x = malloc(sizeof *x * (size_t)n * 3);
    const double *close = bc_bars_column(b, BC_BAR_CLOSE);
    ck_assert_ok(bc_features_compute_arrays(f, n, bc_bars_time(b), NULL, NULL, NULL, close, NULL, NULL,
                                            NULL, x, (int64_t)n * 3));
    int ones = 0, zeros = 0;
    for (int32_t i = 0; i < n; i++) {
        double rsi = x[i * 3], above = x[i * 3 + 1];
        if (isnan(rsi)) {
            ck_assert(isnan(above));
            continue;
        }
        ck_assert_double_eq(above, rsi > 50.0 ? 1.0 : 0.0);
        ones += above == 1.0;
        zeros += above == 0.0;
    }
    ck_assert(ones > 100 && zeros > 100);
    /* Streaming gives the same column. */
    ck_assert_ok(bc_features_reset(f));
    double row[3];
    for (int32_t i = 0; i < n; i++) {
        ck_assert_ok(bc_features_update(f, bc_bars_time(b)[i], close[i], close[i], close[i], close[i],
                                        0.0, row, 3));
        ck_assert(isnan(row[2]) ? isnan(x[i * 3 + 2]) : row[2] == x[i * 3 + 2]);
    }
    free(x);
    bc_features_free(f);
    bc_bars_free(b);
}
END_TEST

START_TEST(default_features_build_and_leave_out_drifting_columns)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(bc_clone_default_features(), &f));
    ck_assert_int_gt(bc_features_count(f), 30);
    ck_assert_int_le(bc_features_lookback(f), 60);
    ck_assert_ptr_null(strstr(bc_clone_default_features(), "month"));
    ck_assert_ptr_nonnull(strstr(bc_clone_default_features(), "cross(sma(10),sma(30))"));
    bc_features_free(f);
}
END_TEST

static int json_array_has(json_t *array, const char *text)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), text) == 0)
            return 1;
    }
    return 0;
}

/* An and(...) item of array holding both conditions, in either order. */
static int json_array_has_and(json_t *array, const char *one, const char *other)
{
    char ab[256], ba[256];
    snprintf(ab, sizeof ab, "and(%s,%s)", one, other);
    snprintf(ba, sizeof ba, "and(%s,%s)", other, one);
    return json_array_has(array, ab) || json_array_has(array, ba);
}

static char *model_spec(const bc_model *m)
{
    int32_t len = 0;
    bc_model_feature_spec(m, NULL, 0, &len);
    char *spec = malloc((size_t)len + 1);
    ck_assert_ok(bc_model_feature_spec(m, spec, len + 1, &len));
    return spec;
}

START_TEST(the_signal_search_finds_the_uncommon_periods_a_bot_trades_on)
{
    json_t *report = NULL;
    bc_model *m = clone_bot("bots/sma_7_25_sp500_trades_raw.csv", "sp500_daily.csv", &report);
    json_t *search = json_object_get(report, "search");
    ck_assert_int_eq((int)report_number(search, NULL, "per_decision"), 2);
    json_t *added = json_object_get(search, "added");
    ck_assert(json_array_has(added, "cross(sma(7),sma(25))"));
    /* A reversal bot: every decision is the one cross, which the default
     * set lacks (its best there is far below) and the search's best is. */
    json_t *decisions = json_object_get(search, "decisions");
    const char *names[4] = {"open_long", "open_short", "close_long", "close_short"};
    for (int t = 0; t < 4; t++) {
        json_t *d = json_object_get(decisions, names[t]);
        ck_assert_int_gt((int)report_number(d, NULL, "examples"), 50);
        ck_assert_double_lt(report_number(d, NULL, "spec_f1"), 0.6);
        ck_assert_double_eq(report_number(d, NULL, "best_f1"), 1.0);
    }
    /* The model carries the chosen items in its spec, so the predictor
     * rebuilds them; a second fit chooses the same. */
    char *spec = model_spec(m);
    ck_assert_ptr_nonnull(strstr(spec, "cross(sma(7),sma(25))"));
    ck_assert_ptr_nonnull(strstr(spec, bc_clone_default_features()));
    bc_model *again = clone_bot("bots/sma_7_25_sp500_trades_raw.csv", "sp500_daily.csv", NULL);
    char *spec_again = model_spec(again);
    ck_assert_str_eq(spec, spec_again);
    free(spec);
    free(spec_again);
    bc_model_free(again);
    json_decref(report);
    bc_model_free(m);
}
END_TEST

/* Fits a bot (the sma(7)/sma(25) one in most tests) with logistic regression (these tests are
 * about the feature spec and the search, whatever model auto would pick)
 * and the given cloner options (key, value pairs, NULL-terminated);
 * returns its report. */
static json_t *fit_logistic(bc_trades *t, bc_bars *b, const char *const *options, char **spec)
{
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic")); /* not about the kind: the fast one */
    for (int i = 0; options && options[i]; i += 2)
        ck_assert_ok(bc_cloner_set(c, options[i], options[i + 1]));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    json_t *report = report_of(c);
    if (spec)
        *spec = model_spec(m);
    bc_model_free(m);
    bc_cloner_free(c);
    return report;
}

/* fit_logistic on a multi-symbol log: bars[i] added as symbols[i], i < n. */
static json_t *fit_logistic_symbols(bc_trades *t, int n, const char *const *symbols,
                                    bc_bars *const *bars)
{
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic")); /* not about the kind: the fast one */
    for (int i = 0; i < n; i++)
        ck_assert_ok(bc_cloner_add_bars(c, symbols[i], bars[i]));
    ck_assert_ok(bc_cloner_fit(c, t, NULL, &m));
    json_t *report = report_of(c);
    bc_model_free(m);
    bc_cloner_free(c);
    return report;
}

START_TEST(without_the_search_the_default_set_misses_an_uncommon_cross)
{
    bc_trades *t = load_trades("bots/sma_7_25_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    char *spec = NULL;
    const char *off[] = {"search", "0", NULL};
    json_t *report = fit_logistic(t, b, off, &spec);
    ck_assert_int_eq(json_array_size(json_object_get(json_object_get(report, "search"), "added")), 0);
    ck_assert_str_eq(spec, bc_clone_default_features());
    /* measured 0.708: the default crosses are near, not the bot's own */
    ck_assert_double_lt(report_number(report, "fidelity", "f1"), 0.8);
    json_decref(report);
    free(spec);
    /* A spec of the user's own is used as given unless search is set. */
    const char *mine[] = {"features", "cross(sma(5),sma(20)),rsi(14)", NULL};
    report = fit_logistic(t, b, mine, &spec);
    ck_assert_str_eq(spec, "cross(sma(5),sma(20)),rsi(14)");
    ck_assert_int_eq((int)report_number(json_object_get(report, "search"), NULL, "per_decision"), 0);
    json_decref(report);
    free(spec);
    const char *mine_searched[] = {"features", "cross(sma(5),sma(20)),rsi(14)", "search", "1", NULL};
    report = fit_logistic(t, b, mine_searched, &spec);
    ck_assert_str_eq(spec, "cross(sma(5),sma(20)),rsi(14),cross(sma(7),sma(25))");
    ck_assert_double_eq(report_number(report, "fidelity", "f1"), 1.0);
    json_decref(report);
    free(spec);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

START_TEST(the_level_search_finds_both_conditions_of_a_compound_rule_at_their_levels)
{
    /* bband_rsi_eurusd opens long when the close is below bbands(20,2).lower
     * AND rsi(14) < 35 (short: above .upper AND rsi > 65). Below the lower
     * band is zscore(close,20) < -2 (both use the population deviation), so
     * the pair search should name exactly those two levels for the longs,
     * from the bot's own definition (tests/data/bots/make_test_bots.py). */
    bc_trades *t = load_trades("bots/bband_rsi_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    json_t *report = report_of(c);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "above(rsi(14),35)"), "rsi(14) < 35 not found");
    ck_assert_msg(json_array_has(added, "above(zscore(close,20),-2)"), "the lower band not found");
    /* and the rule itself as one column: below the band AND rsi below 35 */
    ck_assert_msg(json_array_has_and(added, "above(-2,zscore(close,20))", "above(35,rsi(14))"),
                  "the conjunction of the two levels not added");
    ck_assert_double_eq(report_number(json_object_get(json_object_get(search, "decisions"),
                                                      "open_long"), NULL, "best_f1"), 1.0);
    /* measured 1.000 held out (0.833 for logistic regression before the
     * level search) */
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_model_free(m);
    bc_cloner_free(c);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* One cloner's fit of the compound band/rsi bot on its own thread: the
 * report's "search" and "fidelity" as JSON text (caller frees). */
struct fit_job {
    char *search, *fidelity;
};

static void *fit_bband_rsi(void *arg)
{
    struct fit_job *job = arg;
    bc_trades *t = load_trades("bots/bband_rsi_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    if (bc_cloner_create(&c) == BC_OK && bc_cloner_set(c, "model", "logistic") == BC_OK &&
        bc_cloner_fit(c, t, b, &m) == BC_OK) {
        json_t *report = report_of(c);
        job->search = json_dumps(json_object_get(report, "search"), JSON_SORT_KEYS);
        job->fidelity = json_dumps(json_object_get(report, "fidelity"), JSON_SORT_KEYS);
        json_decref(report);
    }
    bc_model_free(m);
    bc_cloner_free(c);
    bc_trades_free(t);
    bc_bars_free(b);
    return NULL;
}

START_TEST(two_cloners_on_two_threads_fit_as_each_does_alone)
{
    /* A cloner belongs to one thread; two cloners on two threads at once
     * must each find what one finds alone (the level search once sorted
     * its columns through a comparator reading process-wide statics). */
    struct fit_job alone = {0}, job[2] = {{0}};
    fit_bband_rsi(&alone);
    ck_assert_ptr_nonnull(alone.search);
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, fit_bband_rsi, &job[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 2; i++) {
        ck_assert_ptr_nonnull(job[i].search);
        ck_assert_str_eq(job[i].search, alone.search);
        ck_assert_str_eq(job[i].fidelity, alone.fidelity);
        free(job[i].search);
        free(job[i].fidelity);
    }
    free(alone.search);
    free(alone.fidelity);
}
END_TEST

/* The first n bars of b and the events of t up to the last of them. */
static void head_of(const bc_bars *b, const bc_trades *t, int32_t n, bc_bars **bars_out,
                    bc_trades **trades_out)
{
    const int64_t *time = bc_bars_time(b);
    ck_assert_ok(bc_bars_from_arrays(n, time, bc_bars_column(b, BC_BAR_OPEN),
                                     bc_bars_column(b, BC_BAR_HIGH), bc_bars_column(b, BC_BAR_LOW),
                                     bc_bars_column(b, BC_BAR_CLOSE),
                                     bc_bars_column(b, BC_BAR_VOLUME), bars_out));
    ck_assert_ok(bc_trades_create(trades_out));
    for (int32_t i = 0; i < bc_trades_count(t); i++) {
        bc_trade_event e;
        e.struct_size = sizeof e;
        ck_assert_ok(bc_trades_get(t, i, &e));
        if (e.time <= time[n - 1])
            ck_assert_ok(bc_trades_append(*trades_out, &e));
    }
}

static int added_names(json_t *added, const char *text)
{
    for (size_t i = 0; i < json_array_size(added); i++)
        if (strstr(json_string_value(json_array_get(added, i)), text))
            return 1;
    return 0;
}

START_TEST(the_search_holds_long_trend_periods_where_the_series_is_long_enough)
{
    /* heldout5's Connors RSI-2 bot trades rsi(2) levels only above sma(200)
     * (long) or below it (short). On S&P 500's 5,104 bars the grid holds
     * periods 100..200 (20 bars per period), and the search names the
     * close's ratio to sma(200) for the entries. On the first 3,900 bars 20
     * bars per period admit 100 and 150 only, but the bot first acts after
     * its sma(200) has 200 bars, so a 200-bar lookback costs it no decision's
     * example and the grid holds 200 again; so does a log that first acts
     * on bar 199, sma(200)'s first value (the heldout26 %b bot's AAPL half
     * does); one that acts before it keeps the grid to 150 (its lookback,
     * the grid's longest item, stays below 199). */
    bc_trades *t = load_trades("bots/heldout5/heldout5_connors_rsi2_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    ck_assert_int_ge(bc_bars_length(b), 4000);
    json_t *full = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(full, "search"), "added");
    ck_assert_msg(added_names(added, "ratio(close,sma(200))"), "the sma(200) filter not found");
    ck_assert_int_ge((int)report_number(full, NULL, "lookback"), 199); /* sma(200)'s */
    bc_bars *head = NULL;
    bc_trades *head_trades = NULL;
    head_of(b, t, 3900, &head, &head_trades);
    bc_trade_event first;
    first.struct_size = sizeof first;
    ck_assert_ok(bc_trades_get(head_trades, 0, &first));
    ck_assert_int_ge(clone_bar_of(head, first.time), 200);
    json_t *cut = fit_logistic(head_trades, head, NULL, NULL);
    json_t *cut_added = json_object_get(json_object_get(cut, "search"), "added");
    ck_assert_msg(added_names(cut_added, "(200)"), "no 200-bar item where the log acts after 200 bars");
    struct clone_search *s = NULL;
    ck_assert_ok(clone_search_create(&s, 3900, 198, 0)); /* acts on bar 198 */
    ck_assert_int_lt(clone_search_lookback(s), 199);
    clone_search_free(s);
    ck_assert_ok(clone_search_create(&s, 3900, 199, 0)); /* sma(200)'s first bar */
    ck_assert_int_ge(clone_search_lookback(s), 199);
    clone_search_free(s);
    ck_assert_ok(clone_search_create(&s, 3900, 200, 0));
    ck_assert_int_ge(clone_search_lookback(s), 199);
    clone_search_free(s);
    ck_assert_ok(clone_search_create(&s, 4000, 0, 0)); /* 20 bars per period */
    ck_assert_int_ge(clone_search_lookback(s), 199);
    clone_search_free(s);
    json_decref(full);
    json_decref(cut);
    bc_trades_free(head_trades);
    bc_bars_free(head);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* Whether the model has an input named exactly name. */
static int model_has_input(const bc_model *m, const char *name)
{
    char buf[512];
    for (int32_t j = 0; j < bc_model_num_features(m); j++) {
        int32_t len = 0;
        ck_assert_ok(bc_model_feature_name(m, j, buf, sizeof buf, &len));
        if (strcmp(buf, name) == 0)
            return 1;
    }
    return 0;
}

START_TEST(levels_found_for_an_exit_enter_signed_by_the_position)
{
    /* heldout5's turtle bot opens on a close beyond the previous 40 bars'
     * extreme and closes a long below the previous 15 bars' lowest low, a
     * short above their highest high: one close class, two levels, each
     * meaning "close" for one side only. The search reports the exit
     * levels, the model takes each times the position's direction as well
     * (a long below the low and a short above the high then weigh apart),
     * and the entry levels get no such copy. Measured with logistic
     * regression: F1 0.933 without the signed copies, 0.966 with them. */
    bc_trades *t = load_trades("bots/heldout5/heldout5_turtle_breakout_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    json_t *report = report_of(c);
    json_t *search = json_object_get(report, "search");
    json_t *exits = json_object_get(search, "exit_levels");
    ck_assert_msg(added_names(exits, "min(low,15)@1)"), "the long's exit level not reported");
    ck_assert_msg(added_names(exits, "max(high,15)@1)"), "the short's exit level not reported");
    ck_assert_msg(!added_names(exits, ",40)@1)"), "an entry level reported as an exit's");
    json_t *added = json_object_get(search, "added");
    int signed_levels = 0;
    for (size_t i = 0; i < json_array_size(added); i++) {
        const char *item = json_string_value(json_array_get(added, i));
        char name[512];
        snprintf(name, sizeof name, "pos_dir*%s", item);
        int exit_level = 0;
        for (size_t k = 0; k < json_array_size(exits); k++)
            exit_level |= strcmp(json_string_value(json_array_get(exits, k)), item) == 0;
        ck_assert_msg(model_has_input(m, item), "%s not a model input", item);
        ck_assert_msg(model_has_input(m, name) == exit_level, "%s: signed copy %s", item,
                      exit_level ? "missing" : "on an entry level");
        signed_levels += exit_level;
    }
    ck_assert_int_eq(signed_levels, (int)json_array_size(exits));
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.95);
    json_decref(report);
    bc_model_free(m);
    bc_cloner_free(c);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

START_TEST(the_signal_search_sees_only_the_training_bars)
{
    /* The log cut at the first validation bar: the search scores the same
     * bars with the same labels, so it reports the same examples and F1s
     * and chooses the same; what the bot did later is never scored. */
    bc_trades *t = load_trades("bots/sma_7_25_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    /* (no calibration or threshold search: the cut log has no validation
     * entries to fit them on) */
    const char *fixed[] = {"calibrate", "0", "threshold", "0.5", NULL};
    json_t *full = fit_logistic(t, b, fixed, NULL);
    int32_t val_start = (int32_t)(report_number(full, NULL, "lookback") +
                                  report_number(full, NULL, "train_bars"));
    int64_t cut = bc_bars_time(b)[val_start];
    bc_trades *head = NULL;
    ck_assert_ok(bc_trades_create(&head));
    int32_t kept = 0;
    for (int32_t i = 0; i < bc_trades_count(t); i++) {
        bc_trade_event e;
        e.struct_size = sizeof e;
        ck_assert_ok(bc_trades_get(t, i, &e));
        if (e.time < cut) {
            ck_assert_ok(bc_trades_append(head, &e));
            kept++;
        }
    }
    ck_assert(kept > 100 && kept < bc_trades_count(t) - 100);
    json_t *cut_report = fit_logistic(head, b, fixed, NULL);
    json_t *a = json_object_get(full, "search"), *z = json_object_get(cut_report, "search");
    ck_assert(json_equal(json_object_get(a, "decisions"), json_object_get(z, "decisions")));
    ck_assert(json_equal(json_object_get(a, "added"), json_object_get(z, "added")));
    json_decref(full);
    json_decref(cut_report);
    bc_trades_free(head);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

START_TEST(a_found_signal_that_leaves_too_few_bars_is_dropped)
{
    /* Bars for exactly 200 usable after the spec's lookback (the least
     * that holdout and validation 0.05 take): the search finds
     * cross(sma(7),sma(25)), whose longer lookback would leave 199, so the
     * clone keeps the spec as given; with 10 bars more it takes it. */
    bc_trades *t = load_trades("bots/sma_7_25_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    const char *spec = "cross(sma(5),sma(20))";
    bc_features *f = NULL, *atr = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    ck_assert_ok(bc_features_create("atr(14)", &atr));
    int32_t lookback = bc_features_lookback(f) > bc_features_lookback(atr) ? bc_features_lookback(f)
                                                                              : bc_features_lookback(atr);
    bc_features_free(f);
    bc_features_free(atr);
    const char *options[] = {"features", spec,  "search",    "1",   "holdout",   "0.05", "validation",
                             "0.05",     "calibrate", "0", "threshold", "0.5",  NULL};
    for (int extra = 0; extra <= 10; extra += 10) {
        bc_bars *few = NULL;
        bc_trades *head = NULL;
        head_of(b, t, lookback + 200 + extra, &few, &head);
        char *got = NULL;
        json_t *report = fit_logistic(head, few, options, &got);
        json_t *added = json_object_get(json_object_get(report, "search"), "added");
        if (extra == 0) {
            ck_assert_str_eq(got, spec);
            ck_assert_int_eq(json_array_size(added), 0);
            ck_assert_int_eq((int)report_number(report, NULL, "lookback"), lookback);
        } else {
            ck_assert_str_eq(got, "cross(sma(5),sma(20)),cross(sma(7),sma(25))");
            ck_assert(json_array_has(added, "cross(sma(7),sma(25))"));
        }
        json_decref(report);
        free(got);
        bc_trades_free(head);
        bc_bars_free(few);
    }
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* A synthetic rule bot's log on bars b (symbol sym): spec's n columns every
 * bar (bars where one is NaN are skipped); flat, rule(v) gives the side to
 * open (+1, -1, 0) at the close; a position closes after `hold` bars. The
 * count of entries into *entries. */
typedef int (*synthetic_rule)(const double *v);

static bc_trades *synthetic_bot(const bc_bars *b, const char *spec, int32_t n, const char *sym,
                                synthetic_rule rule, int32_t hold, int32_t *entries)
{
    const int64_t *bt = bc_bars_time(b);
    const double *close = bc_bars_column(b, BC_BAR_CLOSE);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    ck_assert_int_eq(bc_features_count(f), n);
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_create(&t));
    int32_t dir = 0, entry = 0, ticket = 0;
    *entries = 0;
    double v[8];
    for (int32_t i = 0; i < bc_bars_length(b); i++) {
        ck_assert_ok(bc_features_update(f, bt[i], bc_bars_column(b, BC_BAR_OPEN)[i],
                                        bc_bars_column(b, BC_BAR_HIGH)[i],
                                        bc_bars_column(b, BC_BAR_LOW)[i], close[i],
                                        bc_bars_column(b, BC_BAR_VOLUME)[i], v, n));
        int ok = 1;
        for (int32_t k = 0; k < n; k++)
            ok &= isfinite(v[k]) != 0;
        if (!ok)
            continue;
        bc_trade_event e;
        if (dir != 0) {
            if (i - entry >= hold) {
                e = event(BC_ACTION_CLOSE, dir > 0 ? BC_ORDER_BUY : BC_ORDER_SELL, ticket, bt[i], sym);
                e.price = close[i];
                ck_assert_ok(bc_trades_append(t, &e));
                dir = 0;
            }
            continue;
        }
        if ((dir = rule(v)) != 0) {
            entry = i;
            ++*entries;
            e = event(BC_ACTION_OPEN, dir > 0 ? BC_ORDER_BUY : BC_ORDER_SELL, ++ticket, bt[i], sym);
            e.price = close[i];
            ck_assert_ok(bc_trades_append(t, &e));
        }
    }
    bc_features_free(f);
    return t;
}

/* QStick(8) crossing 0 on the close's side of sma(50) */
static int qstick_rule(const double *v)
{
    return v[0] == 1.0 && v[1] > 0.0 ? 1 : v[0] == -1.0 && v[1] <= 0.0 ? -1 : 0;
}

/* a month's first bar above sma(50) with rsi(14) under 65 */
static int month_start_rule(const double *v)
{
    return v[0] == 1.0 && v[1] > 0.0 && v[2] < 65.0;
}

/* the close crossing ema(21) on the side of ema(21) over ema(55) */
static int pullback_rule(const double *v)
{
    return v[0] == 1.0 && v[1] > 1.0 ? 1 : v[0] == -1.0 && v[1] < 1.0 ? -1 : 0;
}

START_TEST(the_mirrored_sides_of_a_rule_take_one_second_condition)
{
    /* A synthetic mirrored bot on AAPL's daily bars: flat, QStick(8)
     * crossing above 0 with the close above sma(50) (zscore(close,50) > 0)
     * opens long, crossing below 0 with the close below it opens short; out
     * after 7 bars. Its ~60 entries leave dozens of columns that complete
     * the long side's pair on the training bars alike; the pair search kept
     * the first found, so the level grid's order decided: rsi(20) > 51.5
     * for the longs, rsi(25) <= 49.8 for the shorts. Both sides now take
     * the one column that completes them both, the bot's own. */
    bc_bars *b = load_bars("aapl_daily.csv");
    int32_t entries;
    bc_trades *t = synthetic_bot(b, "cross(ratio(mean(close,8),mean(open,8)),1),zscore(close,50)", 2,
                                 "AAPL", qstick_rule, 7, &entries);
    ck_assert_int_gt(entries, 40);
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "cross(ratio(mean(close,8),mean(open,8)),1)"),
                  "the QStick cross not found");
    ck_assert_msg(json_array_has(added, "above(zscore(close,50),0)"), "the close over sma(50) not found");
    ck_assert_msg(!added_names(added, "rsi("), "an rsi level taken for the close over sma(50)");
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

START_TEST(a_third_condition_that_removes_most_wrong_bars_joins_below_the_triple_margin)
{
    /* A synthetic three-condition bot on S&P 500's daily bars: long on a
     * month's first bar (monthbar 1) while the close is above sma(50)
     * (zscore(close,50) > 0) and rsi(14) < 65; out after 5 bars. On the
     * training bars the pair of the first two marks the entries at F1 near
     * 0.91, its 13 or so false entries the months that began with rsi(14) at
     * 65 or more: the third takes them all away, short of the triple
     * margin (0.15) but not of CLONE_SEARCH_MARGIN. */
    bc_bars *b = load_bars("sp500_daily.csv");
    int32_t entries;
    bc_trades *t = synthetic_bot(b, "monthbar,zscore(close,50),rsi(14)", 3, "SPX500",
                                 month_start_rule, 5, &entries);
    ck_assert_int_gt(entries, 100);
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *open_long = json_object_get(json_object_get(search, "decisions"), "open_long");
    ck_assert_double_ge(report_number(open_long, NULL, "best_f1"), 0.99);
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(added_names(added, "rsi(14)"), "the rsi(14) condition not found");
    ck_assert_msg(added_names(added, "monthbar"), "the month's first bar not found");
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

START_TEST(a_fast_average_over_a_slow_one_is_a_level_item)
{
    /* A synthetic pullback bot on EURUSD's hourly bars: flat, the close
     * crossing above ema(21) while ema(21) is above ema(55) opens long, the
     * mirror short; out after 5 bars. The level grid holds the fast average
     * over the slow one, so the pair's second is the bot's own trend side
     * (before it, the close over sma(100) stood in). */
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    int32_t entries;
    bc_trades *t = synthetic_bot(b, "cross(close,ema(21)),ratio(ema(21),ema(55))", 2, "EURUSD",
                                 pullback_rule, 5, &entries);
    ck_assert_int_gt(entries, 40);
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(added_names(added, "ratio(ema(21),ema(55))"), "the trend side not found");
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* rsi(14) < 45, the close above sma(100), volume above its 20-bar mean and
 * a down candle -> long; the mirror -> short */
static int four_conditions_rule(const double *v)
{
    if (v[2] <= 1.0)
        return 0;
    if (v[0] < 45.0 && v[1] > 1.0 && v[3] < 1.0)
        return 1;
    return v[0] > 55.0 && v[1] < 1.0 && v[3] > 1.0 ? -1 : 0;
}

START_TEST(the_mirrored_side_of_a_four_condition_rule_takes_the_fourth_and_one_level)
{
    /* A synthetic four-condition bot on S&P 500's daily bars (make_test_bots.py
     * four_conditions_sp500): flat, rsi(14) < 45, the close above sma(100),
     * volume above its 20-bar mean and a down candle opens long, the mirror
     * short; out after 5 bars. The longs' three conditions take a fourth
     * (fourth_condition); the ~15 training shorts stopped at three (F1
     * 0.938: two wrong bars, fewer than FOURTH_MIN_REMOVED) and cut the
     * volume at 1.01. The shorts take the longs' fourth column
     * (mirror_fourth) and, the wrong bars gone, the volume cut of both
     * sides is the one level 1 (mirror_levels). */
    bc_bars *b = load_bars("sp500_daily.csv");
    int32_t entries;
    bc_trades *t = synthetic_bot(b, "rsi(14),ratio(close,sma(100)),ratio(volume,mean(volume,20)),"
                                    "ratio(close,open)",
                                 4, "SPX500", four_conditions_rule, 5, &entries);
    ck_assert_int_gt(entries, 60);
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *decisions = json_object_get(search, "decisions");
    ck_assert_double_ge(report_number(json_object_get(decisions, "open_long"), NULL, "best_f1"),
                        0.99);
    ck_assert_double_ge(report_number(json_object_get(decisions, "open_short"), NULL, "best_f1"),
                        0.99);
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "above(ratio(volume,mean(volume,20)),1)"),
                  "the volume over its mean not cut at 1");
    ck_assert_msg(!added_names(added, "above(ratio(volume,mean(volume,20)),1.0"),
                  "a second volume level taken");
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

START_TEST(the_search_option_takes_auto_or_a_count_up_to_8)
{
    bc_cloner *c = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "search", "auto"));
    ck_assert_ok(bc_cloner_set(c, "search", "0"));
    ck_assert_ok(bc_cloner_set(c, "search", "8"));
    ck_assert_status_msg(bc_cloner_set(c, "search", "9"), BC_E_INVALID_ARGUMENT, "'9'");
    ck_assert_status_msg(bc_cloner_set(c, "search", "1.5"), BC_E_INVALID_ARGUMENT, "1.5");
    ck_assert_status_msg(bc_cloner_set(c, "search", "-1"), BC_E_INVALID_ARGUMENT, "-1");
    ck_assert_status_msg(bc_cloner_set(c, "search", "on"), BC_E_INVALID_ARGUMENT, "'on'");
    bc_cloner_free(c);
}
END_TEST

/* A bot that logs sl/tp at 1.5 / 2.5 ATR and closes at the bar's close
 * beyond them (tests/data/bots/make_test_bots.py mental_stop_ema_cross_eurusd):
 * the levels are consistent, not enforced, so not traded by the simulator;
 * the trees clone takes the level columns after its six and records the
 * rules. Measured held-out F1 1.000 (0.982 with position_levels=none). */
START_TEST(a_mental_stop_clone_measures_the_unenforced_levels)
{
    bc_trades *log = load_trades("bots/mental_stop_ema_cross_eurusd_trades_raw.csv");
    bc_bars *bars = load_bars("bots/eurusd_1h.csv");
    bc_cloner *cl = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&cl));
    ck_assert_ok(bc_cloner_set(cl, "model", "trees"));
    ck_assert_status_msg(bc_cloner_set(cl, "position_levels", "some"), BC_E_INVALID_ARGUMENT,
                         "'some'");
    ck_assert_ok(bc_cloner_fit(cl, log, bars, &m));
    json_t *report = report_of(cl);
    json_t *exits = json_object_get(report, "exits");
    json_t *sl = json_object_get(exits, "sl"), *tp = json_object_get(exits, "tp");
    ck_assert(json_is_true(json_object_get(sl, "consistent")));
    ck_assert(json_is_false(json_object_get(sl, "used")));
    ck_assert(json_is_false(json_object_get(tp, "used")));
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.99);
    /* Names after the six standard columns and giveback_atr (layout 7 + 4),
     * and the rules in the model. */
    int32_t F = bc_model_num_features(m), at = -1;
    char name[256];
    int32_t len = 0;
    for (int32_t j = 0; j < F; j++) {
        ck_assert_ok(bc_model_feature_name(m, j, name, sizeof name, &len));
        if (strcmp(name, "mfe_atr") == 0)
            at = j + 1;
    }
    ck_assert_int_gt(at, 0);
    ck_assert_ok(bc_model_feature_name(m, at, name, sizeof name, &len));
    ck_assert_str_eq(name, "giveback_atr");
    at++;
    static const char *const want[4] = {"sl_bar_atr", "sl_close_atr", "tp_bar_atr", "tp_close_atr"};
    for (int32_t j = 0; j < 4; j++) {
        ck_assert_ok(bc_model_feature_name(m, at + j, name, sizeof name, &len));
        ck_assert_str_eq(name, want[j]);
    }
    struct clone_exit_rules levels, broker;
    clone_model_levels(m, &levels);
    clone_model_exits(m, &broker);
    ck_assert_int_eq(levels.sl.unit, CLONE_LEVEL_ATR);
    ck_assert_int_eq(levels.tp.unit, CLONE_LEVEL_ATR);
    ck_assert_double_eq_tol(levels.sl.k, json_number_value(json_object_get(sl, "k")), 1e-9);
    ck_assert_double_eq_tol(levels.sl.k, 1.5, 0.01);
    ck_assert_double_eq_tol(levels.tp.k, 2.5, 0.01);
    ck_assert_int_eq(broker.sl.unit, CLONE_LEVEL_NONE); /* not the simulator's to fill */
    ck_assert_int_eq(broker.tp.unit, CLONE_LEVEL_NONE);
    json_decref(report);
    bc_model_free(m);
    /* position_levels=none: the same fit without the block. */
    ck_assert_ok(bc_cloner_set(cl, "position_levels", "none"));
    ck_assert_ok(bc_cloner_fit(cl, log, bars, &m));
    F = bc_model_num_features(m);
    for (int32_t j = 0; j < F; j++) {
        ck_assert_ok(bc_model_feature_name(m, j, name, sizeof name, &len));
        ck_assert_str_ne(name, "sl_close_atr");
    }
    bc_model_free(m);
    bc_cloner_free(cl);
    bc_trades_free(log);
    bc_bars_free(bars);
}
END_TEST

/* A take-profit at an indicator's value: a log on the S&P 500's daily bars
 * that goes long when the close is an atr(14) below its 20-bar mean (short
 * an atr above it), its broker take-profit AT that mean at entry (sma(20),
 * the Bollinger middle; computed here from the closes, not by the
 * library) and its stop 2 atr(14) the other way, held to a touch. The fit
 * names the target's unit (to_sma, n 20, k 1: the distance from the entry
 * price to the mean), consistent and used; a run from the saved model file
 * places every entry's target at c + dir * |c - sma(20)| (the mean itself
 * where the mean lies on the target's side) and closes at a touched
 * level. */
/* An S&P 500 position opened at bar i's close (dir +1 long, -1 short) with
 * broker levels sl and tp, held to the first bar whose range touches one
 * (the stop first on a bar touching both), both events appended to log
 * (logged at 20:00 of their bars); the closing bar, or -1 when no later bar
 * touches either (nothing appended). */
static int32_t append_held_to_touch(bc_trades *log, const bc_bars *b, int32_t i, int32_t dir,
                                    double sl, double tp, int64_t ticket)
{
    const int32_t n = bc_bars_length(b);
    const int64_t *t = bc_bars_time(b);
    const double *h = bc_bars_column(b, BC_BAR_HIGH), *l = bc_bars_column(b, BC_BAR_LOW),
                 *c = bc_bars_column(b, BC_BAR_CLOSE);
    int32_t j = i + 1, hit = 0;
    double price = NAN;
    for (; j < n && !hit; j++) {
        if (dir > 0 ? l[j] <= sl : h[j] >= sl)
            hit = 1, price = sl;
        else if (dir > 0 ? h[j] >= tp : l[j] <= tp)
            hit = 1, price = tp;
    }
    if (!hit)
        return -1;
    bc_trade_event e = event(BC_ACTION_OPEN, dir > 0 ? BC_ORDER_BUY : BC_ORDER_SELL, ticket,
                             t[i] + 72000, "SPX500");
    e.price = c[i];
    e.sl = sl;
    e.tp = tp;
    ck_assert_ok(bc_trades_append(log, &e));
    e.action = BC_ACTION_CLOSE;
    e.time = t[j - 1] + 72000;
    e.price = price;
    ck_assert_ok(bc_trades_append(log, &e));
    return j - 1;
}

START_TEST(a_target_at_the_moving_average_is_learned_and_placed_there)
{
    bc_bars *b = load_bars("sp500_daily.csv");
    const int32_t n = bc_bars_length(b);
    const double *c = bc_bars_column(b, BC_BAR_CLOSE);
    double *sma = malloc(sizeof *sma * (size_t)n), *atr = malloc(sizeof *atr * (size_t)n);
    ck_assert_ptr_nonnull(sma);
    ck_assert_ptr_nonnull(atr);
    bc_features *fa = NULL;
    ck_assert_ok(bc_features_create("atr(14)", &fa));
    ck_assert_ok(bc_features_compute(fa, b, atr, n));
    bc_features_free(fa);
    for (int32_t i = 0; i < n; i++) {
        double sum = 0.0;
        for (int32_t j = i - 19; j <= i && i >= 19; j++)
            sum += c[j];
        sma[i] = i >= 19 ? sum / 20.0 : NAN;
    }
    bc_trades *log = NULL;
    ck_assert_ok(bc_trades_create(&log));
    int64_t ticket = 1;
    int32_t opens = 0;
    for (int32_t i = 20; i < n - 1; i++) {
        if (!(atr[i] > 0.0) || !isfinite(sma[i]))
            continue;
        int32_t dir = c[i] < sma[i] - atr[i] ? 1 : c[i] > sma[i] + atr[i] ? -1 : 0;
        if (!dir)
            continue;
        const int32_t k = append_held_to_touch(log, b, i, dir, c[i] - dir * 2.0 * atr[i], sma[i], ticket);
        if (k < 0)
            break;
        ticket++;
        opens++;
        i = k; /* flat again after the closing bar */
    }
    ck_assert_int_gt(opens, 100);
    bc_cloner *cl = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&cl));
    ck_assert_ok(bc_cloner_set(cl, "model", "logistic"));
    ck_assert_ok(bc_cloner_fit(cl, log, b, &m));
    json_t *report = report_of(cl);
    bc_cloner_free(cl);
    json_t *exits = json_object_get(report, "exits");
    json_t *sl = json_object_get(exits, "sl"), *tp = json_object_get(exits, "tp");
    ck_assert_str_eq(json_string_value(json_object_get(tp, "unit")), "to_sma");
    ck_assert_int_eq((int)json_integer_value(json_object_get(tp, "n")), 20);
    const double k_tp = json_number_value(json_object_get(tp, "k"));
    ck_assert_double_eq_tol(k_tp, 1.0, 1e-6);
    ck_assert(json_is_true(json_object_get(tp, "consistent")));
    ck_assert(json_is_true(json_object_get(tp, "used")));
    ck_assert_str_eq(json_string_value(json_object_get(sl, "unit")), "atr");
    ck_assert(json_is_true(json_object_get(sl, "used")));
    /* the model file keeps the rule; the run reads it from there */
    char path[] = "/tmp/bc_to_sma_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_ok(bc_model_save(m, path));
    bc_model_free(m);
    m = NULL;
    ck_assert_ok(bc_model_load(path, &m));
    unlink(path);
    struct clone_exit_rules broker;
    clone_model_exits(m, &broker);
    ck_assert_int_eq(broker.tp.unit, CLONE_LEVEL_TO_SMA);
    ck_assert_int_eq(broker.tp.n, 20);
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(m, b, INT64_MIN, INT64_MAX, &run));
    int32_t entries = 0, at_mean = 0, closed = 0, at_level = 0;
    for (int32_t k = 0; k < bc_trades_count(run); k++) {
        bc_trade_event o, x;
        o.struct_size = x.struct_size = sizeof o;
        ck_assert_ok(bc_trades_get(run, k, &o));
        if (o.action != BC_ACTION_OPEN)
            continue;
        int32_t i = clone_bar_of(b, o.time), dir = o.order_type == BC_ORDER_BUY ? 1 : -1;
        ck_assert_int_ge(i, 19);
        entries++;
        const double scale = 1e-12 * c[i];
        /* the fitted k (1 to the log's rounding) times |c - sma(20)| */
        ck_assert_double_eq_tol(o.tp, c[i] + dir * k_tp * fabs(c[i] - sma[i]), scale);
        ck_assert_double_eq_tol(o.sl, c[i] - dir * 2.0 * atr[i], 1e-3 * atr[i]);
        if (dir * (sma[i] - c[i]) > 0.0) {
            ck_assert_double_eq_tol(o.tp, sma[i], 1e-6 * fabs(c[i] - sma[i]) + scale);
            at_mean++;
        }
        for (int32_t q = k + 1; q < bc_trades_count(run); q++) {
            ck_assert_ok(bc_trades_get(run, q, &x));
            if (x.ticket == o.ticket && x.action == BC_ACTION_CLOSE) {
                closed++;
                at_level += x.price == o.sl || x.price == o.tp;
                break;
            }
        }
    }
    ck_assert_int_gt(entries, 50);
    ck_assert_int_ge(at_mean, entries * 9 / 10);
    ck_assert_int_ge(at_level, closed * 8 / 10);
    bc_trades_free(run);
    bc_trades_free(log);
    free(sma);
    free(atr);
    bc_bars_free(b);
    json_decref(report);
    bc_model_free(m);
}
END_TEST

/* The level search's fast sweeps (a cut over the rows a mask keeps, read
 * from a bitmap of their places; an F1 that cannot win left undivided;
 * the cached row lists) give the reference sweeps' cuts field for field on
 * random tables: ties, -0 and 0, NaN and inf, masks of every density. */
START_TEST(the_fast_level_sweeps_equal_the_reference_sweeps)
{
    static const int32_t shapes[][2] = {{1, 3}, {2, 4}, {63, 4}, {64, 8}, {65, 8}, {700, 20}, {3001, 10}};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
        for (uint64_t seed = 1; seed <= 3; seed++) {
            int64_t mismatches = -1;
            ck_assert_ok(clone_search_cut_check(seed * 1000 + k, shapes[k][0], shapes[k][1],
                                                &mismatches));
            ck_assert_msg(mismatches == 0, "%lld mismatches on %d x %d (seed %llu)",
                          (long long)mismatches, shapes[k][0], shapes[k][1],
                          (unsigned long long)seed);
        }
}
END_TEST

/* The simulations' memo of the exit rules' own ATR values (clone_sim_bars
 * exit_memo: the cloner's) changes no fill: runs from many starts, and over
 * two series in turn, give a predictor reading its memo the fills of one
 * replaying its engines from bar 0 each run, and a replayed run after the
 * memoized ones the same fills again. */
static void sim_bars_of(bc_predictor *p, const bc_bars *b, double **market, double **atr,
                        struct clone_sim_bars *out)
{
    const int32_t n = bc_bars_length(b), width = p->n_market + p->has_position;
    *market = malloc(sizeof **market * (size_t)n * (size_t)width);
    *atr = malloc(sizeof **atr * (size_t)n);
    ck_assert_ptr_nonnull(*market);
    ck_assert_ptr_nonnull(*atr);
    ck_assert_ok(bc_features_compute_arrays(
        p->features, n, bc_bars_time(b), bc_bars_column(b, BC_BAR_OPEN),
        bc_bars_column(b, BC_BAR_HIGH), bc_bars_column(b, BC_BAR_LOW),
        bc_bars_column(b, BC_BAR_CLOSE), bc_bars_column(b, BC_BAR_VOLUME), NULL, NULL, *market,
        (int64_t)n * width));
    for (int32_t i = 0; i < n; i++)
        (*atr)[i] = (*market)[(int64_t)i * width + p->n_market];
    *out = (struct clone_sim_bars){p->n_market, width, *market, NULL,
                                   bc_bars_column(b, BC_BAR_HIGH), bc_bars_column(b, BC_BAR_LOW),
                                   bc_bars_column(b, BC_BAR_CLOSE), *atr, NULL, 0, NULL};
}

static int same_doubles(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

START_TEST(a_memo_of_the_exit_atrs_changes_no_fill)
{
    bc_model *m = clone_bot_kind("bots/rsi_levels_sp500_trades_raw.csv", "sp500_daily.csv",
                                 "logistic", NULL);
    bc_bars *series[2] = {load_bars("sp500_daily.csv"), load_bars("aapl_daily.csv")};
    bc_predictor *plain = NULL, *memo = NULL;
    ck_assert_ok(bc_predictor_create(m, &plain));
    ck_assert_ok(bc_predictor_create(m, &memo));
    /* an atr(10) stop and a target at 3 average ranges of 20 bars: each
     * rule with an engine of its own */
    const struct clone_exit_rules exits = {{CLONE_LEVEL_ATR, 1.5, 10}, {CLONE_LEVEL_RANGE, 3.0, 20}, 0.0};
    ck_assert_ok(clone_predictor_set_exits(plain, &exits));
    ck_assert_ok(clone_predictor_set_exits(memo, &exits));
    ck_assert_ptr_nonnull(memo->exit_atr[0]);
    ck_assert_ptr_nonnull(memo->exit_atr[1]);
    double *market[2], *atr[2];
    struct clone_sim_bars bars[2];
    for (int s = 0; s < 2; s++)
        sim_bars_of(plain, series[s], &market[s], &atr[s], &bars[s]);
    const int32_t n0 = bc_bars_length(series[0]), n1 = bc_bars_length(series[1]);
    /* starts and ends on series 0 and 1, later and earlier, the whole
     * series, a start at 0, a run in a position taken bars before */
    const struct {
        int s;
        int32_t start, end;
        int held;
    } runs[] = {{0, n0 / 2, n0 / 2 + 300, 0}, {0, n0 / 4, n0 / 4 + 200, 1}, {1, n1 / 2, n1, 0},
                {0, n0 / 2, n0 / 2 + 300, 1},  {0, n0 - 400, n0, 0},          {1, 0, n1 / 3, 0},
                {0, 0, 250, 1},                {1, n1 / 3, n1 / 3 + 100, 1},  {0, 30, n0, 0}};
    const int32_t longest = n0 > n1 ? n0 : n1;
    struct clone_fill *a = calloc((size_t)longest, sizeof *a), *b = calloc((size_t)longest, sizeof *b);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    int32_t entries = 0, level_exits = 0;
    for (size_t r = 0; r <= sizeof runs / sizeof runs[0]; r++) {
        /* the last: a replayed run on the memo's predictor */
        const size_t q = r < sizeof runs / sizeof runs[0] ? r : 0;
        struct clone_sim_bars with = bars[runs[q].s], without = bars[runs[q].s];
        with.exit_memo = r < sizeof runs / sizeof runs[0];
        struct clone_position initial = CLONE_FLAT;
        initial.direction = 1;
        initial.bars_held = 5;
        initial.entry_price = bc_bars_column(series[runs[q].s], BC_BAR_CLOSE)[runs[q].start];
        initial.sl = initial.tp = NAN;
        const struct clone_position *init = runs[q].held && runs[q].start >= 5 ? &initial : NULL;
        ck_assert_ok(clone_simulate(plain, &without, runs[q].start, runs[q].end, init, a));
        ck_assert_ok(clone_simulate(memo, &with, runs[q].start, runs[q].end, init, b));
        ck_assert_ptr_null(memo->exit_memo_on); /* only while the run lasts */
        for (int32_t i = 0; i < runs[q].end - runs[q].start; i++) {
            ck_assert_int_eq(b[i].decision, a[i].decision);
            ck_assert_int_eq(b[i].direction, a[i].direction);
            ck_assert_int_eq(b[i].entered, a[i].entered);
            ck_assert_int_eq(b[i].exit, a[i].exit);
            ck_assert(same_doubles(b[i].exit_price, a[i].exit_price));
            ck_assert(same_doubles(b[i].entry_price, a[i].entry_price));
            ck_assert(same_doubles(b[i].sl, a[i].sl));
            ck_assert(same_doubles(b[i].tp, a[i].tp));
            entries += a[i].entered;
            level_exits += a[i].exit == CLONE_EXIT_SL || a[i].exit == CLONE_EXIT_TP;
        }
    }
    ck_assert_int_ge(entries, 20);
    ck_assert_int_ge(level_exits, 5);
    free(a);
    free(b);
    for (int s = 0; s < 2; s++) {
        free(market[s]);
        free(atr[s]);
        bc_bars_free(series[s]);
    }
    bc_predictor_free(plain);
    bc_predictor_free(memo);
    bc_model_free(m);
}
END_TEST

/* Model auto's rule candidate (auto_rule): a logistic fit with every market
 * column the search did not add zeroed in its training rows. On the RSI(9)
 * levels bot the search finds all four levels; the logistic fit on every
 * column closed its longs on rsi(7) >= 58 and held out 0.889, while the rule
 * candidate, no lower on both walk-forward folds (F1 1.000 against 0.944,
 * firm 1.000 against 0.900), holds out 1.000. Its weights on the columns the
 * search did not add (and on their position-signed copies) are exactly 0;
 * auto_rule off keeps the earlier choice. */
static int is_search_item(json_t *added, const char *name)
{
    for (size_t k = 0; k < json_array_size(added); k++)
        if (strcmp(json_string_value(json_array_get(added, k)), name) == 0)
            return 1;
    return 0;
}

START_TEST(model_auto_keeps_the_search_rule_when_it_decides_no_worse)
{
    json_t *report = NULL;
    bc_model *m = clone_bot("bots/rsi9_levels_aapl_trades_raw.csv", "aapl_daily.csv", &report);
    ck_assert_str_eq(json_string_value(json_object_get(report, "model_auto_chose")), "rule");
    ck_assert_str_eq(json_string_value(json_object_get(report, "model")), "logistic");
    ck_assert(json_is_number(json_object_get(json_object_get(report, "model_auto"), "rule")));
    double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 >= 0.97, "held-out F1 %.3f", f1); /* measured 1.000 */
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_int_ge((int)json_array_size(added), 4);
    ck_assert_int_eq(m->n_layers, 1);
    const bc_model_layer *L = &m->layers[0];
    int market = 1, used = 0;
    for (int32_t j = 0; j < m->n_features; j++) {
        const char *name = m->feature_names[j];
        if (strcmp(name, "pos_long") == 0)
            market = 0; /* the position state follows the market columns */
        const char *signed_of = strncmp(name, "pos_dir*", 8) == 0 ? name + 8 : NULL;
        int search = is_search_item(added, signed_of ? signed_of : name);
        double sum = 0.0;
        for (int32_t o = 0; o < L->out; o++)
            sum += fabs((double)L->weight[(int64_t)o * L->in + j]);
        if ((market || signed_of) && !search)
            ck_assert_msg(sum == 0.0, "%s has weight %g", name, sum);
        used += search && sum > 0.0;
    }
    ck_assert_int_ge(used, 4);
    json_decref(report);
    bc_model_free(m);

    bc_trades *t = load_trades("bots/rsi9_levels_aapl_trades_raw.csv");
    bc_bars *b = load_bars("aapl_daily.csv");
    bc_cloner *c = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_int_eq(bc_cloner_set(c, "auto_rule", "1"), BC_E_INVALID_ARGUMENT);
    ck_assert_ok(bc_cloner_set(c, "auto_rule", "off"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    report = report_of(c);
    ck_assert(json_object_get(json_object_get(report, "model_auto"), "rule") == NULL);
    ck_assert_str_ne(json_string_value(json_object_get(report, "model_auto_chose")), "rule");
    json_decref(report);
    bc_model_free(m);
    bc_cloner_free(c);
    bc_bars_free(b);
    bc_trades_free(t);
}
END_TEST

/* A log on the S&P 500's daily bars whose broker stop and target are k x
 * the close's population standard deviation over 20 bars (std written
 * here in float64 by two passes, not by the library): entries where the
 * close is an atr(14) from its 20-bar mean, as above, held to a touch of
 * either level. sd_k 0 puts the levels at 2 and 3 x atr(14) instead. */
static bc_trades *stop_log(const bc_bars *b, const double *sd, const double *atr, int use_sd,
                           int32_t *opens)
{
    const int32_t n = bc_bars_length(b);
    const double *c = bc_bars_column(b, BC_BAR_CLOSE);
    bc_trades *log = NULL;
    ck_assert_ok(bc_trades_create(&log));
    int64_t ticket = 1;
    *opens = 0;
    for (int32_t i = 20; i < n - 1; i++) {
        if (!(atr[i] > 0.0) || !(sd[i] > 0.0))
            continue;
        double mean = 0.0;
        for (int32_t j = i - 19; j <= i; j++)
            mean += c[j] / 20.0;
        int32_t dir = c[i] < mean - atr[i] ? 1 : c[i] > mean + atr[i] ? -1 : 0;
        if (!dir)
            continue;
        const double unit = use_sd ? sd[i] : atr[i];
        const int32_t k = append_held_to_touch(log, b, i, dir, c[i] - dir * 2.0 * unit,
                                               c[i] + dir * 3.0 * unit, ticket);
        if (k < 0)
            break;
        ticket++;
        (*opens)++;
        i = k;
    }
    return log;
}

/* Stops in standard deviations of the close: the fit names the unit
 * (stddev, n 20) with k 2 and 3, consistent and used, while the same
 * entries with atr(14) stops still learn atr; the saved model file keeps
 * the rule, and a run from it places every entry's levels at c -/+ k x
 * the independent float64 std of the 20 closes through the entry bar and
 * closes at a touched level. */
START_TEST(stops_in_standard_deviations_are_learned_and_placed_there)
{
    bc_bars *b = load_bars("sp500_daily.csv");
    const int32_t n = bc_bars_length(b);
    const double *c = bc_bars_column(b, BC_BAR_CLOSE);
    double *sd = malloc(sizeof *sd * (size_t)n), *atr = malloc(sizeof *atr * (size_t)n);
    ck_assert_ptr_nonnull(sd);
    ck_assert_ptr_nonnull(atr);
    bc_features *fa = NULL;
    ck_assert_ok(bc_features_create("atr(14)", &fa));
    ck_assert_ok(bc_features_compute(fa, b, atr, n));
    bc_features_free(fa);
    for (int32_t i = 0; i < n; i++) {
        double mean = 0.0, ss = 0.0;
        for (int32_t j = i - 19; j <= i && i >= 19; j++)
            mean += c[j];
        mean /= 20.0;
        for (int32_t j = i - 19; j <= i && i >= 19; j++)
            ss += (c[j] - mean) * (c[j] - mean);
        sd[i] = i >= 19 ? sqrt(ss / 20.0) : NAN;
    }
    static const char *const want[2] = {"atr", "stddev"};
    for (int use_sd = 0; use_sd < 2; use_sd++) {
        int32_t opens = 0;
        bc_trades *log = stop_log(b, sd, atr, use_sd, &opens);
        ck_assert_int_gt(opens, 100);
        bc_cloner *cl = NULL;
        bc_model *m = NULL;
        ck_assert_ok(bc_cloner_create(&cl));
        ck_assert_ok(bc_cloner_set(cl, "model", "logistic"));
        ck_assert_ok(bc_cloner_fit(cl, log, b, &m));
        json_t *report = report_of(cl);
        bc_cloner_free(cl);
        json_t *exits = json_object_get(report, "exits");
        json_t *fit[2] = {json_object_get(exits, "sl"), json_object_get(exits, "tp")};
        double k[2];
        for (int s = 0; s < 2; s++) {
            ck_assert_str_eq(json_string_value(json_object_get(fit[s], "unit")), want[use_sd]);
            if (use_sd)
                ck_assert_int_eq((int)json_integer_value(json_object_get(fit[s], "n")), 20);
            else
                ck_assert(json_object_get(fit[s], "n") == NULL);
            k[s] = json_number_value(json_object_get(fit[s], "k"));
            ck_assert_double_eq_tol(k[s], 2.0 + s, 1e-6);
            ck_assert(json_is_true(json_object_get(fit[s], "consistent")));
            ck_assert(json_is_true(json_object_get(fit[s], "used")));
        }
        json_decref(report);
        bc_trades_free(log);
        if (!use_sd) {
            bc_model_free(m);
            continue;
        }
        /* the model file keeps the rule; the run reads it from there */
        char path[] = "/tmp/bc_stddev_XXXXXX";
        int fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        close(fd);
        ck_assert_ok(bc_model_save(m, path));
        bc_model_free(m);
        m = NULL;
        ck_assert_ok(bc_model_load(path, &m));
        unlink(path);
        struct clone_exit_rules broker;
        clone_model_exits(m, &broker);
        ck_assert_int_eq(broker.sl.unit, CLONE_LEVEL_STDDEV);
        ck_assert_int_eq(broker.tp.unit, CLONE_LEVEL_STDDEV);
        ck_assert_int_eq(broker.sl.n, 20);
        ck_assert_int_eq(broker.tp.n, 20);
        bc_trades *run = NULL;
        ck_assert_ok(bc_clone_run(m, b, INT64_MIN, INT64_MAX, &run));
        int32_t entries = 0, closed = 0, at_level = 0;
        for (int32_t q = 0; q < bc_trades_count(run); q++) {
            bc_trade_event o, x;
            o.struct_size = x.struct_size = sizeof o;
            ck_assert_ok(bc_trades_get(run, q, &o));
            if (o.action != BC_ACTION_OPEN)
                continue;
            int32_t i = clone_bar_of(b, o.time), dir = o.order_type == BC_ORDER_BUY ? 1 : -1;
            ck_assert_int_ge(i, 19);
            entries++;
            /* the engine's running sums against two passes: 1e-7 of a std */
            ck_assert_double_eq_tol(o.sl, c[i] - dir * k[0] * sd[i], 1e-7 * sd[i]);
            ck_assert_double_eq_tol(o.tp, c[i] + dir * k[1] * sd[i], 1e-7 * sd[i]);
            for (int32_t r = q + 1; r < bc_trades_count(run); r++) {
                ck_assert_ok(bc_trades_get(run, r, &x));
                if (x.ticket == o.ticket && x.action == BC_ACTION_CLOSE) {
                    closed++;
                    at_level += x.price == o.sl || x.price == o.tp;
                    break;
                }
            }
        }
        ck_assert_int_gt(entries, 50);
        ck_assert_int_ge(at_level, closed * 8 / 10);
        bc_trades_free(run);
        bc_model_free(m);
    }
    free(sd);
    free(atr);
    bc_bars_free(b);
}
END_TEST

/* "Exit on a signal OR after N bars held" in model auto's rule candidate:
 * the seventeenth held-out set's relative volatility bot (tests/data/bots/
 * heldout18/make_heldout18_bots.py: RVI(10,14) crossing 60 / 40 enters, a
 * long closes below 50, a short above 50, or after 15 bars). The rule
 * candidate read bars held as a number and closed one bar late on 4 of its
 * 7 held-out time stops (held-out F1 0.951); it now reads the cut bars held
 * >= 15 learned from the training exits, through the column's own
 * normalization and clip (the raw interval [14, 15]), and holds out 1.000.
 * The model file keeps the cut: a run of the reloaded model over every bar
 * holds no position past 15 bars and closes many at 15. */
START_TEST(the_rule_candidate_learns_a_time_stop_as_a_bars_held_cut)
{
    json_t *report = NULL;
    bc_model *m = clone_bot("bots/heldout18/heldout18_relative_volatility_aapl_trades_raw.csv",
                            "aapl_daily.csv", &report);
    ck_assert_str_eq(json_string_value(json_object_get(report, "model_auto_chose")), "rule");
    double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 >= 0.99, "held-out F1 %.3f", f1); /* measured 1.000 */
    json_decref(report);
    int32_t held = -1;
    for (int32_t j = 0; j < m->n_features; j++)
        if (strcmp(m->feature_names[j], "bars_held") == 0)
            held = j;
    ck_assert_int_ge(held, 0);
    const double lo = m->center[held] + m->clip_low[held] * m->scale[held];
    const double hi = m->center[held] + m->clip_high[held] * m->scale[held];
    ck_assert_msg(fabs(lo - 14.0) < 1e-9 && fabs(hi - 15.0) < 1e-9, "bars held clip [%g, %g]", lo,
                  hi);
    double *x = calloc((size_t)m->n_features, sizeof *x);
    double *z = calloc((size_t)m->n_features, sizeof *z);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(z);
    const double held_at[] = {0, 1, 13, 14, 15, 16, 40};
    double zs[7];
    for (int k = 0; k < 7; k++) {
        x[held] = held_at[k];
        bc_model_normalize_row(m, x, z);
        zs[k] = z[held];
    }
    for (int k = 1; k < 4; k++)
        ck_assert(fabs(zs[k] - zs[0]) < 1e-12);
    for (int k = 5; k < 7; k++)
        ck_assert(fabs(zs[k] - zs[4]) < 1e-12);
    ck_assert(zs[4] > zs[3] + 1.0);
    free(x);
    free(z);

    int64_t size = 0;
    bc_model_save_bytes(m, NULL, 0, &size);
    uint8_t *buf = malloc((size_t)size);
    ck_assert_ok(bc_model_save_bytes(m, buf, size, &size));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, size, &back));
    free(buf);
    bc_bars *b = load_bars("aapl_daily.csv");
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(back, b, INT64_MIN, INT64_MAX, &run));
    const int64_t *times = bc_bars_time(b);
    const int32_t n = bc_bars_length(b);
    int32_t open_at = -1, at_15 = 0, longest = 0, closes = 0;
    for (int32_t i = 0; i < bc_trades_count(run); i++) {
        bc_trade_event e;
        e.struct_size = sizeof e;
        ck_assert_ok(bc_trades_get(run, i, &e));
        int32_t bar = 0;
        while (bar + 1 < n && times[bar + 1] <= e.time)
            bar++;
        if (e.action == BC_ACTION_OPEN) {
            open_at = bar;
        } else if (e.action == BC_ACTION_CLOSE && open_at >= 0) {
            int32_t h = bar - open_at;
            longest = h > longest ? h : longest;
            at_15 += h == 15;
            closes++;
            open_at = -1;
        }
    }
    ck_assert_int_ge(closes, 50);
    ck_assert_int_le(longest, 15);
    ck_assert_int_ge(at_15, 10); /* measured 23 of 95 */
    bc_trades_free(run);
    bc_bars_free(b);
    bc_model_free(back);
    bc_model_free(m);
}
END_TEST

/* ---- the predictor's levels for a host that places the orders ---------- */

/* The hand model: test_stop_model (test_export_model.c), exits NULL for a
 * model without stop rules. */

/* A host trades the predictor (auto_position 0) as an EA with a broker:
 * a position entered on an earlier bar whose levels the bar touched is
 * closed there and reported flat before the decision at the bar's close
 * (the simulator's touch, which comes before the model decides); a decision
 * that enters is filled at the close and reported with
 * bc_predictor_set_position(direction, 1, close) (one bar held at the next
 * decision: the entry bar is the bar just decided), and the order's sl / tp
 * are bc_predictor_levels. It opens the positions of bc_clone_run on the
 * same bars with exactly its sl / tp, for an atr(14) stop with an atr(20)
 * target, a range stop with a stddev target, and a swing stop with a 2R
 * target. */
static void check_host_levels_on(const bc_model *m, const bc_bars *bars, const char *exits,
                                 int32_t want_rules)
{
    const int32_t n = bc_bars_length(bars);
    const int64_t *time = bc_bars_time(bars);
    const double *col[5];
    for (int k = 0; k < 5; k++)
        col[k] = bc_bars_column(bars, k);
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(m, bars, INT64_MIN, INT64_MAX, &run));
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_set(p, "auto_position", "0"));
    double sl = 0.0, tp = 0.0;
    int32_t rules = -1;
    ck_assert_ok(bc_predictor_levels(p, &sl, &tp, &rules)); /* flat: no levels */
    ck_assert(isnan(sl) && isnan(tp));
    ck_assert_int_eq(rules, want_rules);
    int32_t dir = 0, e = 0, opens = 0, with_levels = 0;
    for (int32_t i = 0; i < n; i++) {
        const double h = col[1][i], l = col[2][i], c = col[3][i];
        int32_t d = -1;
        /* the broker's fill inside the bar, reported before the decision
         * at its close */
        int touched = (dir > 0 && (l <= sl || h >= tp)) || (dir < 0 && (h >= sl || l <= tp));
        if (touched) {
            dir = 0;
            sl = tp = NAN;
            ck_assert_ok(bc_predictor_set_position(p, 0, 0, 0.0));
        }
        ck_assert_ok(bc_predictor_update(p, time[i], col[0][i], h, l, c, col[4][i], NULL, 0, &d));
        int32_t target = d == BC_DECISION_BUY ? 1 : d == BC_DECISION_SELL ? -1
                         : d == BC_DECISION_CLOSE ? 0 : dir;
        if (target == dir && (target == 0 || d == BC_DECISION_HOLD))
            continue;
        dir = target;
        /* bars held as the next decision sees it: one, the entry this bar */
        ck_assert_ok(bc_predictor_set_position(p, dir, dir ? 1 : 0, c));
        ck_assert_ok(bc_predictor_levels(p, &sl, &tp, NULL));
        if (!dir) {
            ck_assert(isnan(sl) && isnan(tp));
            continue;
        }
        /* the run's next open */
        bc_trade_event ev;
        do {
            ck_assert_msg(e < bc_trades_count(run), "%s: the host opens at %lld, the run no more",
                          exits, (long long)time[i]);
            ev.struct_size = (uint32_t)sizeof ev;
            ck_assert_ok(bc_trades_get(run, e++, &ev));
        } while (ev.action != BC_ACTION_OPEN);
        const int32_t want_dir = ev.order_type == BC_ORDER_SELL ? -1 : 1;
        ck_assert_msg(ev.time == time[i] && want_dir == dir && ev.price == c,
                      "%s open %d: the run %lld %d, the host %lld %d", exits, (int)opens,
                      (long long)ev.time, (int)want_dir, (long long)time[i], (int)dir);
        ck_assert_msg((sl == ev.sl || (isnan(sl) && isnan(ev.sl))) &&
                          (tp == ev.tp || (isnan(tp) && isnan(ev.tp))),
                      "%s open %d at %lld: sl %.17g tp %.17g, the run's %.17g %.17g", exits,
                      (int)opens, (long long)ev.time, sl, tp, ev.sl, ev.tp);
        with_levels += (isfinite(sl) || !(want_rules & 1)) && (isfinite(tp) || !(want_rules & 2));
        opens++;
    }
    for (; e < bc_trades_count(run); e++) {
        bc_trade_event ev;
        ev.struct_size = (uint32_t)sizeof ev;
        ck_assert_ok(bc_trades_get(run, e, &ev));
        ck_assert_msg(ev.action != BC_ACTION_OPEN, "%s: the run opens at %lld after the host's %d",
                      exits, (long long)ev.time, (int)opens);
    }
    ck_assert_msg(opens >= 20 && with_levels >= opens / 2,
                  "%s: %d opens, %d with the rules' levels", exits, (int)opens, (int)with_levels);
    bc_predictor_free(p);
    bc_trades_free(run);
}

static void check_host_levels(const char *exits, int32_t want_rules)
{
    bc_model *m = test_stop_model(exits);
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    check_host_levels_on(m, bars, exits, want_rules);
    bc_bars_free(bars);
    bc_model_free(m);
}

START_TEST(a_host_places_the_levels_of_bc_clone_run_from_the_predictor)
{
    check_host_levels("{\"sl\":{\"unit\":\"atr\",\"k\":1.5},"
                      "\"tp\":{\"unit\":\"atr\",\"k\":2.5,\"n\":20}}",
                      3);
    check_host_levels("{\"sl\":{\"unit\":\"range\",\"k\":2,\"n\":20},"
                      "\"tp\":{\"unit\":\"stddev\",\"k\":3,\"n\":20}}",
                      3);
    check_host_levels("{\"sl\":{\"unit\":\"swing\",\"k\":1,\"n\":3},"
                      "\"tp\":{\"unit\":\"risk\",\"k\":2}}",
                      3);
    check_host_levels("{\"sl\":{\"unit\":\"stddev\",\"k\":2,\"n\":10},\"tp\":null}", 1);
}
END_TEST

/* The same host on the clones the cloner fits of two tuning stop bots: the
 * Donchian bot's atr(14) rule and heldout15's stddev(20) rule. */
START_TEST(a_host_places_the_levels_of_fitted_atr_and_stddev_clones)
{
    static const char *const stop_bots[2][3] = {
        {"bots/heldout/heldout_donchian_atr_eurusd_trades_raw.csv",
         "bots/heldout/eurusd_1h_2017.csv", "\"unit\":\"atr\""},
        {"bots/heldout15/heldout15_stddev_sltp_eurusd_trades_raw.csv",
         "bots/heldout/eurusd_1h_2017.csv", "\"unit\":\"stddev\""},
    };
    for (int b = 0; b < 2; b++) {
        bc_bars *bars = NULL;
        bc_trades *t = NULL;
        ck_assert_ok(bc_bars_read_csv(test_data_path(stop_bots[b][1]), &bars, NULL));
        ck_assert_ok(bc_trades_read_csv(test_data_path(stop_bots[b][0]), &t, NULL));
        bc_cloner *c = NULL;
        bc_model *m = NULL;
        ck_assert_ok(bc_cloner_create(&c));
        ck_assert_ok(bc_cloner_fit(c, t, bars, &m));
        bc_cloner_free(c);
        bc_trades_free(t);
        /* the unit under test is the clone's stop-loss rule */
        const char *exits = strstr(m->extra_json, "\"exits\"");
        ck_assert_ptr_nonnull(exits);
        const char *sl = strstr(exits, "\"sl\"");
        ck_assert_msg(sl && strstr(sl, stop_bots[b][2]) && strstr(sl, stop_bots[b][2]) < strstr(sl, "}"),
                      "%s: %.200s", stop_bots[b][0], exits);
        check_host_levels_on(m, bars, stop_bots[b][0], 3);
        bc_model_free(m);
        bc_bars_free(bars);
    }
}
END_TEST

/* NULL predictor: an error; NULL outputs are skipped; flat and a model
 * without rules: NaN levels, rules 0; a position reported at a price gets
 * that price's levels, and a reset forgets them. */
START_TEST(the_predictor_levels_refuse_null_and_are_nan_without_a_level)
{
    double sl = 0.0, tp = 0.0;
    int32_t rules = -1;
    ck_assert_int_eq(bc_predictor_levels(NULL, &sl, &tp, &rules), BC_E_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(bc_last_error(), "NULL predictor"));
    bc_model *m = test_stop_model(NULL);
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_levels(p, NULL, NULL, NULL));
    ck_assert_ok(bc_predictor_levels(p, &sl, &tp, &rules));
    ck_assert(isnan(sl) && isnan(tp));
    ck_assert_int_eq(rules, 0);
    ck_assert_ok(bc_predictor_set_position(p, 1, 0, 100.0));
    ck_assert_ok(bc_predictor_levels(p, &sl, &tp, &rules)); /* held, but no rule */
    ck_assert(isnan(sl) && isnan(tp));
    ck_assert_int_eq(rules, 0);
    bc_predictor_free(p);
    bc_model_free(m);

    m = test_stop_model("{\"sl\":{\"unit\":\"price\",\"k\":0.02},"
                        "\"tp\":{\"unit\":\"points\",\"k\":3}}");
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_set(p, "auto_position", "0"));
    ck_assert_ok(bc_predictor_set_position(p, -1, 0, 100.0));
    ck_assert_ok(bc_predictor_levels(p, &sl, &tp, &rules));
    ck_assert_double_eq_tol(sl, 102.0, 1e-12); /* a short's stop above */
    ck_assert_double_eq_tol(tp, 97.0, 1e-12);
    ck_assert_int_eq(rules, 3);
    ck_assert_ok(bc_predictor_set_position(p, 0, 0, 0.0));
    ck_assert_ok(bc_predictor_levels(p, &sl, &tp, NULL));
    ck_assert(isnan(sl) && isnan(tp));
    ck_assert_ok(bc_predictor_set_position(p, 1, 3, 50.0));
    ck_assert_ok(bc_predictor_reset(p));
    ck_assert_ok(bc_predictor_levels(p, &sl, &tp, &rules));
    ck_assert(isnan(sl) && isnan(tp));
    ck_assert_int_eq(rules, 3);
    bc_predictor_free(p);
    bc_model_free(m);
}
END_TEST

/* The mirror of a condition learned on one side of a mirrored bot: a
 * two-output indicator's output swapped for its twin (aroon up / down, +DI
 * / -DI, vortex + / -, RWI high / low), inside a level item too; a price's
 * .high / .low and items with no such output have none. */
START_TEST(a_two_output_level_item_mirrors_to_its_twin_output)
{
    static const char *const pairs[][2] = {
        {"aroon(25).up", "aroon(25).down"},
        {"aroon(14).down", "aroon(14).up"},
        {"dmi(14).plus", "dmi(14).minus"},
        {"dmi(7).minus", "dmi(7).plus"},
        {"vortex(14).plus", "vortex(14).minus"},
        {"rwi(10).high", "rwi(10).low"},
        {"rwi(10).low", "rwi(10).high"},
        {"diff(dmi(14).plus,dmi(14).minus)", "diff(dmi(14).minus,dmi(14).plus)"},
        {"mean(aroon(25).up,3)", "mean(aroon(25).down,3)"},
    };
    char twin[64], back[64];
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        ck_assert_int_eq(clone_search_twin(pairs[k][0], twin, sizeof twin), 1);
        ck_assert_str_eq(twin, pairs[k][1]);
        ck_assert_int_eq(clone_search_twin(twin, back, sizeof back), 1);
        ck_assert_str_eq(back, pairs[k][0]);
    }
    static const char *const none[] = {"rsi(14)", "ratio(close,prevday.high)", "aroonosc(25)",
                                       "adx(14)", "macd(12,26,9).hist", "fractal(2).up",
                                       "bbands(20,2).upper"};
    for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) {
        ck_assert_int_eq(clone_search_twin(none[k], twin, sizeof twin), 0);
        ck_assert_str_eq(twin, "");
    }
    /* a twin that does not fit the buffer is none */
    ck_assert_int_eq(clone_search_twin("aroon(25).up", twin, 14), 0);
    ck_assert_str_eq(twin, "");
    ck_assert_int_eq(clone_search_twin("aroon(25).up", twin, 15), 1);
    ck_assert_str_eq(twin, "aroon(25).down");
    ck_assert_int_eq(clone_search_twin(NULL, twin, sizeof twin), 0);
}
END_TEST

/* A level cut's threshold text: the roundest number between the bars it
 * separates; among equally round tens a customary oscillator level (the
 * aroon bot's [52, 76): 70, not 60), else the first. */
START_TEST(a_level_cut_takes_a_customary_ten_among_equally_round_ones)
{
    static const struct {
        double lo, hi;
        const char *text;
    } cases[] = {
        {52.0, 76.0, "70"},     /* 60 and 70: 70 */
        {52.0, 66.0, "60"},     /* 60 alone */
        {12.0, 36.0, "20"},     /* 20 and 30: the first customary */
        {31.0, 48.0, "40"},     /* 40 alone */
        {41.0, 66.0, "50"},     /* a 50 is rounder than any ten */
        {-76.0, -52.0, "-70"},  /* either sign */
        {-88.0, -72.0, "-80"},  /* Williams %R's -80 */
        {82.0, 99.0, "90"},     /* no customary one: the first */
        {0.9955, 1.0146, "1"},  /* not a ten: as before */
        {45.3, 45.9, "45.5"},
    };
    char text[40];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        clone_search_round(cases[k].lo, cases[k].hi, text, sizeof text);
        ck_assert_msg(strcmp(text, cases[k].text) == 0, "[%g, %g): %s, not %s", cases[k].lo,
                      cases[k].hi, text, cases[k].text);
    }
}
END_TEST

/* The bar a level closed (s20): the simulator's broker fills the touched
 * level inside the bar and the model decides at the close on the position
 * the bot then had, flat, so it may enter on that bar (the heldout10
 * swing-stop bot does); a model with level_wait (the cloner learns it
 * where the bot skips such entries) enters a bar later. The flag survives
 * the .bcm file. */
static int32_t level_bar_entries(const bc_trades *run, int32_t *level_closes)
{
    int32_t n = bc_trades_count(run), same = 0;
    *level_closes = 0;
    for (int32_t i = 0; i + 1 < n; i++) {
        bc_trade_event a, z;
        a.struct_size = z.struct_size = (uint32_t)sizeof a;
        ck_assert_ok(bc_trades_get(run, i, &a));
        ck_assert_ok(bc_trades_get(run, i + 1, &z));
        if (a.action != BC_ACTION_CLOSE || !(a.price == a.sl || a.price == a.tp))
            continue;
        (*level_closes)++;
        same += z.action == BC_ACTION_OPEN && z.time == a.time;
    }
    return same;
}

START_TEST(a_bar_whose_level_filled_is_decided_flat_and_level_wait_enters_later)
{
    bc_model *m = test_stop_model("{\"sl\":{\"unit\":\"atr\",\"k\":1.5},"
                                  "\"tp\":{\"unit\":\"atr\",\"k\":2.5}}");
    bc_bars *b = load_bars("aapl_daily.csv");
    bc_trades *run = NULL;
    int32_t closes = 0;
    ck_assert_ok(bc_clone_run(m, b, INT64_MIN, INT64_MAX, &run));
    const int32_t entered = level_bar_entries(run, &closes);
    ck_assert_msg(entered > 0 && closes > entered, "%d level closes, %d entries on their bars",
                  (int)closes, (int)entered);
    bc_trades_free(run);
    m->level_wait = 1;
    int64_t size = 0;
    bc_model_save_bytes(m, NULL, 0, &size);
    uint8_t *buf = malloc((size_t)size);
    ck_assert_ptr_nonnull(buf);
    ck_assert_ok(bc_model_save_bytes(m, buf, size, &size));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, size, &back));
    free(buf);
    ck_assert_int_eq(back->level_wait, 1);
    ck_assert_ok(bc_clone_run(back, b, INT64_MIN, INT64_MAX, &run));
    ck_assert_int_eq(level_bar_entries(run, &closes), 0);
    ck_assert_int_gt(closes, 0);
    bc_trades_free(run);
    bc_model_free(back);
    bc_bars_free(b);
    bc_model_free(m);
}
END_TEST

/* The break-even move (clone_breakeven_step): a long's stop to the entry
 * once the bar's high reaches entry + k x entry ATR, a short's once its
 * low reaches entry - k x ATR; never before, never lowering a stop at or
 * beyond the entry, nothing for k 0, a flat position or no entry ATR. */
START_TEST(the_break_even_step_moves_a_stop_to_the_entry_once_reached)
{
    struct clone_position pos = CLONE_FLAT;
    pos.direction = 1;
    pos.entry_price = 100.0;
    pos.entry_atr = 2.0;
    pos.sl = 97.0;
    clone_breakeven_step(&pos, 1.0, 101.99, 99.0);
    ck_assert_double_eq(pos.sl, 97.0);
    clone_breakeven_step(&pos, 0.0, 110.0, 99.0);
    ck_assert_double_eq(pos.sl, 97.0);
    clone_breakeven_step(&pos, 1.0, 102.0, 99.0);
    ck_assert_double_eq(pos.sl, 100.0);
    pos.sl = 101.0; /* a stop beyond the entry stays */
    clone_breakeven_step(&pos, 1.0, 105.0, 99.0);
    ck_assert_double_eq(pos.sl, 101.0);
    pos.sl = NAN; /* no stop: the move places one */
    clone_breakeven_step(&pos, 0.5, 101.0, 99.0);
    ck_assert_double_eq(pos.sl, 100.0);
    pos = CLONE_FLAT;
    pos.direction = -1;
    pos.entry_price = 100.0;
    pos.entry_atr = 2.0;
    pos.sl = 103.0;
    clone_breakeven_step(&pos, 1.5, 110.0, 97.01);
    ck_assert_double_eq(pos.sl, 103.0);
    clone_breakeven_step(&pos, 1.5, 110.0, 97.0);
    ck_assert_double_eq(pos.sl, 100.0);
    pos.entry_atr = NAN;
    pos.sl = 103.0;
    clone_breakeven_step(&pos, 1.5, 110.0, 90.0);
    ck_assert_double_eq(pos.sl, 103.0);
    pos = CLONE_FLAT;
    pos.sl = 5.0;
    clone_breakeven_step(&pos, 1.0, 1e9, -1e9);
    ck_assert_double_eq(pos.sl, 5.0);
}
END_TEST

/* Closes of run at the entry price of their position. */
static int32_t closes_at_entry(const bc_trades *run)
{
    int32_t n = bc_trades_count(run), at = 0;
    double entry = NAN;
    for (int32_t i = 0; i < n; i++) {
        bc_trade_event e;
        e.struct_size = (uint32_t)sizeof e;
        ck_assert_ok(bc_trades_get(run, i, &e));
        if (e.action == BC_ACTION_OPEN)
            entry = e.price;
        else if (e.action == BC_ACTION_CLOSE)
            at += e.price == entry;
    }
    return at;
}

/* The heldout11 break-even bot (sl 1.5, tp 3 x ATR(14); the stop to the
 * entry once a bar's high reaches entry + 1 x ATR; the log's opens keep
 * the first stop): the clone learns the move at 1 ATR from the log's
 * closes, carries it through the .bcm file and model.json (a model without
 * it has no section and loads 0, as files from before it), and its run
 * closes at the entry price where the move put the stop (none without the
 * move); its held-out fidelity is the floor's. A plain sl/tp bot (heldout4
 * RSI(3)) learns no move. */
START_TEST(a_clone_learns_a_break_even_stop_and_carries_it_through_its_files)
{
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(
        test_data_path("bots/heldout11/heldout11_breakeven_stop_eurusd_trades_raw.csv"), &t, NULL));
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    bc_cloner_free(c);
    bc_trades_free(t);
    ck_assert_double_eq(m->breakeven_atr, 1.0);
    int64_t size = 0;
    bc_model_save_bytes(m, NULL, 0, &size);
    uint8_t *buf = malloc((size_t)size);
    ck_assert_ptr_nonnull(buf);
    ck_assert_ok(bc_model_save_bytes(m, buf, size, &size));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, size, &back));
    free(buf);
    ck_assert_double_eq(back->breakeven_atr, 1.0);
    int64_t len = 0;
    bc_model_json_text(back, NULL, 0, &len);
    char *text = malloc((size_t)len + 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_ok(bc_model_json_text(back, text, len + 1, &len));
    ck_assert_ptr_nonnull(strstr(text, "\"breakeven_atr\""));
    free(text);
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(back, b, INT64_MIN, INT64_MAX, &run));
    const int32_t moved = closes_at_entry(run);
    ck_assert_msg(moved >= 30, "%d closes at the entry price", (int)moved);
    bc_trades_free(run);
    /* without the move: no section, loads as a file from before it */
    back->breakeven_atr = 0.0;
    bc_model_save_bytes(back, NULL, 0, &size);
    buf = malloc((size_t)size);
    ck_assert_ptr_nonnull(buf);
    ck_assert_ok(bc_model_save_bytes(back, buf, size, &size));
    bc_model *old = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, size, &old));
    ck_assert_ptr_null(memmem(buf, (size_t)size, "breakeven", 9));
    free(buf);
    ck_assert_double_eq(old->breakeven_atr, 0.0);
    ck_assert_ok(bc_clone_run(old, b, INT64_MIN, INT64_MAX, &run));
    ck_assert_int_eq(closes_at_entry(run), 0);
    bc_trades_free(run);
    bc_model_free(old);
    bc_model_free(back);
    bc_model_free(m);
    bc_bars_free(b);
    b = load_bars("sp500_daily.csv");
    ck_assert_ok(bc_trades_read_csv(
        test_data_path("bots/heldout4/heldout4_rsi3_sltp_sp500_trades_raw.csv"), &t, NULL));
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    bc_cloner_free(c);
    bc_trades_free(t);
    ck_assert_double_eq(m->breakeven_atr, 0.0);
    bc_model_free(m);
    bc_bars_free(b);
}
END_TEST

/* A level grid crossing paired with the bot's session window takes its
 * level from the window's hours (search.c's session_cross): the heldout22
 * t-statistic bot (tstat(24) crossing below -1.5 -> long, above 1.5 ->
 * short, 08-15 h) had its long crossing fitted over the whole day at -1.53
 * (a crossing at -1.52 at an hour it never trades moved it) and entered an
 * hour late or not at all on held-out crossings between -1.53 and -1.5;
 * within 08-15 h the roundest level of equal cuts is the bot's -1.5. The
 * search does not depend on the model (logistic: the fastest fit). */
START_TEST(a_crossing_in_the_session_window_takes_its_level_from_the_windows_hours)
{
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(
        test_data_path("bots/heldout22/heldout22_tstat_session_eurusd_trades_raw.csv"), &t, NULL));
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    json_t *report = report_of(c);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "and(cross(-1.5,tstat(24)),session(8,16))"),
                  "the long crossing in 08-15 h not at -1.5");
    ck_assert_msg(json_array_has(added, "and(cross(tstat(24),1.5),session(8,16))"),
                  "the short crossing in 08-15 h not at 1.5");
    ck_assert_msg(!json_array_has(added, "cross(-1.53,tstat(24))"),
                  "the whole day's level is still there");
    json_decref(report);
    bc_model_free(m);
    bc_cloner_free(c);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* bc_predictor_set_position and the break-even move: the heldout11
 * break-even bot's clone (breakeven_atr 1) run by a predictor that follows
 * its own decisions. Wherever its position's stop has moved to the entry,
 * the same position reported again (bc_predictor_position's direction,
 * bars held and entry price: a host reporting its position mid-trade)
 * keeps the move, where it used to get its entry stop back. A second
 * predictor that observed the same bars (a host restarted mid-trade), told
 * the position, moves the stop exactly where a bar after the entry bar in
 * its window of the last CLONE_SWING_MAX bars reached entry +- 1 x the ATR
 * it takes for the entry's (the last bar's). */
START_TEST(a_position_reported_again_mid_trade_keeps_its_break_even_move)
{
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(
        test_data_path("bots/heldout11/heldout11_breakeven_stop_eurusd_trades_raw.csv"), &t, NULL));
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    bc_cloner_free(c);
    bc_trades_free(t);
    const double k = m->breakeven_atr;
    ck_assert_double_eq(k, 1.0);
    const int32_t n = bc_bars_length(b);
    const int64_t *time = bc_bars_time(b);
    const double *col[5];
    for (int j = 0; j < 5; j++)
        col[j] = bc_bars_column(b, j);
    bc_predictor *own = NULL, *restarted = NULL;
    ck_assert_ok(bc_predictor_create(m, &own));
    ck_assert_ok(bc_predictor_create(m, &restarted));
    ck_assert_ok(bc_predictor_set(restarted, "auto_position", "0"));
    int32_t kept = 0, moved = 0, not_moved = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t d = -1, dir = 0, held = 0;
        ck_assert_ok(bc_predictor_update(own, time[i], col[0][i], col[1][i], col[2][i], col[3][i],
                                         col[4][i], NULL, 0, &d));
        ck_assert_ok(bc_predictor_observe(restarted, time[i], col[0][i], col[1][i], col[2][i],
                                          col[3][i], col[4][i]));
        double entry = NAN, sl = NAN, again = NAN;
        ck_assert_ok(bc_predictor_position(own, &dir, &held, &entry));
        if (!dir)
            continue;
        ck_assert_ok(bc_predictor_levels(own, &sl, NULL, NULL));
        if (sl == entry) { /* the move made: reported again, kept */
            ck_assert_ok(bc_predictor_set_position(own, dir, held, entry));
            ck_assert_ok(bc_predictor_levels(own, &again, NULL, NULL));
            ck_assert_msg(again == entry, "bar %d: the stop %.17g after the report, the entry %.17g",
                          (int)i, again, entry);
            kept++;
        }
        /* the bars after the entry bar (i + 1 - held) fed since, in the window */
        ck_assert_ok(bc_predictor_set_position(restarted, dir, held, entry));
        const double reach = k * restarted->last_atr;
        int reached = 0;
        for (int32_t j = i + 2 - held; j <= i; j++)
            if (j > i - CLONE_SWING_MAX)
                reached |= dir > 0 ? col[1][j] >= entry + reach : col[2][j] <= entry - reach;
        ck_assert_ok(bc_predictor_levels(restarted, &again, NULL, NULL));
        ck_assert_msg((again == entry) == reached, "bar %d: held %d, stop %.17g, entry %.17g, "
                      "reached %d", (int)i, (int)held, again, entry, reached);
        moved += reached;
        not_moved += !reached;
        ck_assert_ok(bc_predictor_set_position(restarted, 0, 0, 0.0));
    }
    /* measured: 3816 bars kept, 31 moved (most moves come in a position's first
     * bars, and most positions that made one are held well past the window), 3886 not */
    ck_assert_msg(kept >= 1000 && moved >= 20 && not_moved >= 1000, "%d kept, %d moved, %d not",
                  (int)kept, (int)moved, (int)not_moved);
    bc_predictor_free(restarted);
    bc_predictor_free(own);
    bc_model_free(m);
    bc_bars_free(b);
}
END_TEST

/* The twenty-second session's tie rule (search.c, mirror_seconds): the
 * heldout22 PMO bot (tests/data/bots/heldout22, a tuning bot: flat,
 * pmo(35,20)'s line crossing its signal up while below 0 -> long, down
 * while above 0 -> short, out on the opposite cross) leads both sides
 * with the grid's PMO signal cross; beside it ppo(12,26) and the PMO's own
 * line both mark every training entry (F1 1 each side). The mirrored
 * sides' common second took the customary-period column, ppo(12,26) at 0
 * and -0.3 (held out 0.891); at equal F1 the column of the first's own
 * indicator now goes before a customary period, as the pair search's own
 * ties do: the PMO's sign at 0 on both sides (held out 1.000). */
START_TEST(mirrored_seconds_at_equal_f1_take_the_first_signals_own_indicator)
{
    bc_trades *t = load_trades("bots/heldout22/heldout22_pmo_signal_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "cross(pmo(35,20).line,pmo(35,20).signal)"),
                  "the PMO signal cross not found");
    ck_assert_msg(json_array_has(added, "above(pmo(35,20).line,0)"), "the PMO's sign not taken");
    ck_assert_msg(!added_names(added, "ppo(12,26)"), "ppo(12,26) stood in for the PMO's sign");
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout23 trend template (flat, close > sma(50) > sma(150) > sma(200)
 * and the close crossing above the previous 20 bars' highest high -> long,
 * the mirror -> short; out on the close crossing sma(50) against the
 * trade): the level grid's averages stack at Minervini's 50/150/200 is the
 * breakout's second condition on both sides, where the search had stood
 * in with ratio(sma(50),sma(200)) and ratio(ema(50),ema(200)) (held out
 * 0.727 -> 1.000). */
START_TEST(a_breakout_in_a_stacked_trend_takes_the_averages_stack)
{
    bc_trades *t = load_trades("bots/heldout23/heldout23_trend_template_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "above(and(above(sma(50),sma(150)),above(sma(150),"
                                        "sma(200))),0)"),
                  "the long stack not taken");
    ck_assert_msg(json_array_has(added, "above(and(above(sma(150),sma(50)),above(sma(200),"
                                        "sma(150))),0)"),
                  "the short stack not taken");
    ck_assert_msg(!added_names(added, "ratio(sma(50),sma(200))"),
                  "ratio(sma(50),sma(200)) stood in for the stack");
    json_t *decisions = json_object_get(search, "decisions");
    double long_f1 = json_number_value(
        json_object_get(json_object_get(decisions, "open_long"), "best_f1"));
    ck_assert_msg(long_f1 > 0.999, "open long F1 %.3f", long_f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* Both opening decisions' searched rules fit their training bars (the
 * search's best_f1 for open_long and open_short is 1). */
static void assert_both_opens_fit(json_t *search)
{
    json_t *decisions = json_object_get(search, "decisions");
    for (int side = 0; side < 2; side++) {
        double f1 = json_number_value(json_object_get(
            json_object_get(decisions, side ? "open_short" : "open_long"), "best_f1"));
        ck_assert_msg(f1 > 0.999, "side %d F1 %.3f", side, f1);
    }
}

/* The stand-in split (search.c, split_condition and mirror_split): the
 * heldout20 holy grail bot (tests/data/bots/heldout20, a tuning bot: flat,
 * adx(14) > 30, +DI(14) over -DI(14) and the low at or below ema(20) with
 * the close above it -> long, the mirror -> short) is four conditions. The
 * greedy search took three, an rsi level standing in for the DI side and
 * the close's side at once: rsi(13) > 52.5 fit the 23 training longs
 * exactly, rsi(16) < 45.9 the 20 shorts at F1 0.950, and held out the
 * clone missed 8 of 39 entries (0.849, trees). The short side's stand-in
 * now splits into the close under ema(20) and -DI over +DI (1.000), and the
 * long side takes the same two columns (held out 1.000). */
START_TEST(a_stand_in_for_two_conditions_splits_into_the_bots_four)
{
    bc_trades *t = load_trades("bots/heldout20/heldout20_holy_grail_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "and(and(and(above(adx(14),30),above(1,ratio(low,ema(20)))),"
                                        "above(ratio(close,ema(20)),1)),above(diff(dmi(14).plus,"
                                        "dmi(14).minus),0))"),
                  "the long rule not found");
    ck_assert_msg(json_array_has(added, "and(and(and(above(adx(14),30),above(ratio(high,ema(20)),1)),"
                                        "above(1,ratio(close,ema(20)))),above(0,diff(dmi(14).plus,"
                                        "dmi(14).minus)))"),
                  "the short rule not found");
    ck_assert_msg(!added_names(added, "rsi("), "an rsi level stood in for the DI and close sides");
    assert_both_opens_fit(search);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* The stand-in signal (search.c, signal_split, and the previous bar's
 * places in its range, s29_place): the heldout29 80-20's bot (Raschke; the
 * previous bar opened in the top 20 % of its range and closed in the bottom
 * 20 %, today's low under the previous low and the close back above it ->
 * long, the mirror -> short; out after 3 bars) is four conditions, two of
 * them on the previous bar's open and close places. The search led each
 * side with the candle's body over its range crossing a level
 * (cross(ratio(diff(close,open),diff(high,low)),-0.709): both places at
 * once, roughly) beside the low and close conditions, F1 0.894 / 0.918 on
 * the training bars, and held out the clone missed 8 of 87 entries and
 * took 16 the bot did not (0.868). The signal now splits into the previous
 * bar's open place above 0.8 and close place at or below 0.2 (the bot's
 * levels), every training and held-out entry matched. */
START_TEST(a_signal_standing_in_for_two_conditions_splits_into_the_bars_places)
{
    bc_trades *t = load_trades("bots/heldout29/heldout29_eighty_twenty_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "and(and(and(above(0,streak(low)),above(ratio(close,low@1),"
                                        "1)),above(ratio(diff(open,low),diff(high,low))@1,0.8)),"
                                        "above(0.2,ratio(diff(close,low),diff(high,low))@1))"),
                  "the long rule not found");
    ck_assert_msg(json_array_has(added, "and(and(and(above(1,ratio(close,high@1)),above(streak(high),"
                                        "0)),above(0.2,ratio(diff(open,low),diff(high,low))@1)),"
                                        "above(ratio(diff(close,low),diff(high,low))@1,0.8))"),
                  "the short rule not found");
    ck_assert_msg(!added_names(added, "cross("), "a body cross stood in for the two places");
    assert_both_opens_fit(search);
    ck_assert_double_eq(report_number(report, "fidelity", "f1"), 1.0);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout14 VWMA trend (flat, the close crossing above vwma(20) while above
 * sma(200) -> long, below it while below -> short; out on the close
 * crossing vwma(20) back): without a volume-weighted average the search
 * stood in with zscore(close,20) crossing -0.01, the close against the
 * plain sma(20) (held out 0.970); with vwma(n) in the engine and its cross
 * in the grid it takes the bot's own cross, paired with the trend side
 * (held out 1.000). */
START_TEST(a_vwma_trend_bot_takes_the_close_crossing_vwma)
{
    bc_trades *t = load_trades("bots/heldout14/heldout14_vwma_trend_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cross(close,vwma(20))"), "the VWMA cross not found");
    ck_assert_msg(!added_names(added, "zscore(close,20)"), "zscore(close,20) stood in for it");
    assert_both_opens_fit(search);
    ck_assert_double_eq(report_number(report, "fidelity", "f1"), 1.0);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout26 hikkake (TA-Lib CDLHIKKAKE +200, the confirmed bullish hikkake,
 * -> long, -200 -> short; out after 5 bars): without cdlhikkake the trees
 * stood in with bar-against-bar ratios (held out 0.232); with it in the
 * level grid the search cuts it at the confirmation on both sides (100 <
 * cut < 200 and -200 <= cut < -100) and the exits are the 5-bar stop (held
 * out 1.000). */
START_TEST(a_confirmed_hikkake_bot_takes_the_cdlhikkake_confirmation)
{
    bc_trades *t = load_trades("bots/heldout26/heldout26_hikkake_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "above(cdlhikkake,100)"), "the long confirmation not found");
    ck_assert_msg(json_array_has(added, "above(cdlhikkake,-200)"),
                  "the short confirmation not found");
    assert_both_opens_fit(search);
    json_t *stop = json_object_get(
        json_object_get(json_object_get(search, "decisions"), "close_long"), "time_stop");
    ck_assert_int_eq(json_integer_value(json_object_get(stop, "bars")), 5);
    ck_assert_double_eq(report_number(report, "fidelity", "f1"), 1.0);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout26 R3 (Connors and Alvarez: the close above sma(200), RSI(2)
 * falling three days in a row with its value on the first of them below
 * 60, and RSI(2) < 10 -> long; the mirror short; out on RSI(2) > 70 / <
 * 30): without rsi(2)@2 the search stood in for the first day's RSI with
 * stoch(5,3,3).k < 35 / > 60 and missed six longs (held out 0.912); with
 * it in the level grid the four-condition pairs take it cut at 60 / 40
 * (held out 1.000). */
START_TEST(an_r3_bot_takes_the_first_falling_days_rsi)
{
    bc_trades *t = load_trades("bots/heldout26/heldout26_r3_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    /* The long side's first day (rsi(2)@2 < 60) has a stand-in since the
     * %b run items joined the level grid: max(zscore(close,5),3) < 0.5
     * (three closes under the 0.75 %b line) fits the same training
     * entries and is taken first; the held-out F1 is 1.000 either way. */
    ck_assert_msg(json_array_has(added, "above(rsi(2)@2,60)") ||
                      json_array_has(added, "above(max(zscore(close,5),3),0.5)"),
                  "the long side's first day not found");
    ck_assert_msg(json_array_has(added, "above(rsi(2)@2,40)"), "the short side's 40 not found");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout25 acceleration bands (flat, the close crossing above Headley's
 * upper band sma(high (1 + f), 20), f = 4 (high - low) / (high + low) ->
 * long, below the lower band sma(low (1 - f), 20) -> short; sl 1.5, tp 2.5
 * atr(14) at the broker, out also after 24 bars): without the bands the
 * search stood in with the close's distance from sma(20) / ema(20) in ATR
 * units (held out 0.817); with accbands(n) in the engine and the close's
 * crosses of accbands(20) in the signal grid it takes both (training F1 1
 * each), and the exits stay the broker's ATR levels and the 24-bar stop. */
START_TEST(an_acceleration_band_breakout_takes_the_close_crossing_the_bands)
{
    bc_trades *t = load_trades("bots/heldout25/heldout25_accel_bands_sltp_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cross(close,accbands(20).upper)"),
                  "the upper band's cross not found");
    ck_assert_msg(json_array_has(added, "cross(close,accbands(20).lower)"),
                  "the lower band's cross not found");
    assert_both_opens_fit(search);
    json_t *exits = json_object_get(report, "exits");
    const char *legs[] = {"sl", "tp"};
    const double k[] = {1.5, 2.5};
    for (int i = 0; i < 2; i++) {
        json_t *leg = json_object_get(exits, legs[i]);
        ck_assert_str_eq(json_string_value(json_object_get(leg, "unit")), "atr");
        ck_assert_double_eq_tol(json_number_value(json_object_get(leg, "k")), k[i], 0.01);
        ck_assert(json_is_true(json_object_get(leg, "used")));
    }
    json_t *stop = json_object_get(
        json_object_get(json_object_get(search, "decisions"), "close_short"), "time_stop");
    ck_assert_int_eq(json_integer_value(json_object_get(stop, "bars")), 24);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout28 Wilder's volatility system (always in; reverse when the close
 * falls back 3 x atr(7) from the best close since the entry): its give-back
 * column in atr(14) separates the reversals from the held bars at F1 0.85
 * on the training bars, in atr(7) at 1.000, so the cloner measures the
 * position in atr(7) (report position_atr, model clone.position_atr 7) and
 * the search, the stop explaining every reversal, adds nothing for them:
 * held out 1.000. Forced to atr(14) (position_atr=14: the clone before the
 * choice) the same log clones to 0.692. */
START_TEST(a_volatility_system_measures_its_position_in_wilders_atr_7)
{
    bc_trades *t =
        load_trades("bots/heldout28/heldout28_volatility_system_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    double f1[2];
    for (int forced = 0; forced < 2; forced++) {
        bc_cloner *c = NULL;
        bc_model *m = NULL;
        ck_assert_ok(bc_cloner_create(&c));
        if (forced)
            ck_assert_ok(bc_cloner_set(c, "position_atr", "14"));
        fit_trees_or_auto(c, t, b, &m);
        json_t *report = report_of(c);
        json_t *pa = json_object_get(report, "position_atr");
        ck_assert_int_eq(json_integer_value(json_object_get(pa, "period")), forced ? 14 : 7);
        int32_t period = 0;
        ck_assert_ok(clone_model_position_atr(m, &period));
        ck_assert_int_eq(period, forced ? 14 : 7);
        bc_predictor *p = NULL;
        ck_assert_ok(bc_predictor_create(m, &p));
        ck_assert_str_eq(p->atr_spec, forced ? "atr(14)" : "atr(7)");
        bc_predictor_free(p);
        if (!forced) {
            json_t *tried = json_object_get(pa, "giveback_f1");
            ck_assert_double_eq_tol(json_number_value(json_object_get(tried, "7")), 1.0, 1e-9);
            ck_assert(json_number_value(json_object_get(tried, "14")) < 0.9);
            json_t *added = json_object_get(json_object_get(report, "search"), "added");
            ck_assert(json_is_array(added));
            ck_assert_int_eq(json_array_size(added), 0);
            ck_assert_int_gt(json_integer_value(json_object_get(pa, "search_skipped")), 20);
        }
        f1[forced] = report_number(report, "fidelity", "f1");
        json_decref(report);
        bc_model_free(m);
        bc_cloner_free(c);
    }
    ck_assert_double_eq_tol(f1[0], 1.0, 1e-9);
    ck_assert_msg(f1[1] < 0.9, "atr(14) also clones it (%.3f)", f1[1]);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* clone.position_atr in the model file: a clone written before the key
 * (old_position_layouts) loads with the position in atr(14) and saves back
 * byte for byte; a model with the key keeps it through save and load; a
 * key that is no atr period is refused where the file is loaded, naming
 * the value; the cloner's option takes auto or a period. */
START_TEST(the_position_atr_key_round_trips_and_old_files_read_as_atr_14)
{
    const char *path = test_data_path("old_position_layouts/trees_extended_giveback_levels.bcm");
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    rewind(f);
    uint8_t *file = malloc((size_t)size);
    ck_assert_ptr_nonnull(file);
    ck_assert_int_eq((long)fread(file, 1, (size_t)size, f), size);
    fclose(f);
    bc_model *m = NULL;
    ck_assert_ok(bc_model_load_bytes(file, size, &m));
    ck_assert_ptr_null(strstr(m->extra_json, "position_atr"));
    int32_t period = 0;
    ck_assert_ok(clone_model_position_atr(m, &period));
    ck_assert_int_eq(period, 14);
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_str_eq(p->atr_spec, "atr(14)");
    bc_predictor_free(p);
    int64_t len = 0;
    const int32_t flags[2] = {0, BC_MODEL_SAVE_UNCOMPRESSED};
    int same = 0;
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(bc_model_save_bytes_ex(m, NULL, 0, &len, flags[k]),
                         BC_E_BUFFER_TOO_SMALL);
        uint8_t *again = malloc((size_t)len);
        ck_assert_ptr_nonnull(again);
        ck_assert_ok(bc_model_save_bytes_ex(m, again, len, &len, flags[k]));
        same += len == size && memcmp(again, file, (size_t)size) == 0;
        free(again);
    }
    ck_assert_msg(same == 1, "the re-saved old model differs from its file");
    free(file);

    /* the key through save and load */
    json_t *extra = json_loads(m->extra_json, 0, NULL);
    ck_assert_ptr_nonnull(extra);
    json_object_set_new(json_object_get(extra, "clone"), "position_atr", json_integer(7));
    char *text = json_dumps(extra, JSON_COMPACT);
    ck_assert_ok(bc_model_set_extra_json(m, text));
    free(text);
    ck_assert_ok(bc_model_save_bytes(m, NULL, 0, &len) == BC_E_BUFFER_TOO_SMALL ? BC_OK : -1);
    uint8_t *bytes = malloc((size_t)len);
    ck_assert_ok(bc_model_save_bytes(m, bytes, len, &len));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(bytes, len, &back));
    ck_assert_ok(clone_model_position_atr(back, &period));
    ck_assert_int_eq(period, 7);
    ck_assert_ok(bc_predictor_create(back, &p));
    ck_assert_str_eq(p->atr_spec, "atr(7)");
    bc_predictor_free(p);
    bc_model_free(back);
    free(bytes);

    /* no atr period: refused at load, naming the value */
    static const char *const bad[] = {"1", "7.5", "\"7\"", "1001"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *v = json_loads(bad[i], JSON_DECODE_ANY, NULL);
        ck_assert_ptr_nonnull(v);
        json_object_set_new(json_object_get(extra, "clone"), "position_atr", v);
        text = json_dumps(extra, JSON_COMPACT);
        ck_assert_ok(bc_model_set_extra_json(m, text));
        free(text);
        ck_assert_ok(bc_model_save_bytes(m, NULL, 0, &len) == BC_E_BUFFER_TOO_SMALL ? BC_OK : -1);
        bytes = malloc((size_t)len);
        ck_assert_ok(bc_model_save_bytes(m, bytes, len, &len));
        back = NULL;
        ck_assert_status_msg(bc_model_load_bytes(bytes, len, &back), BC_E_CORRUPT,
                             "clone.position_atr");
        ck_assert_ptr_null(back);
        free(bytes);
    }
    json_decref(extra);
    bc_model_free(m);

    bc_cloner *c = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "position_atr", "auto"));
    ck_assert_ok(bc_cloner_set(c, "position_atr", "22"));
    ck_assert_status_msg(bc_cloner_set(c, "position_atr", "1"), BC_E_INVALID_ARGUMENT,
                         "position_atr '1'");
    ck_assert_status_msg(bc_cloner_set(c, "position_atr", "7x"), BC_E_INVALID_ARGUMENT,
                         "position_atr '7x'");
    bc_cloner_free(c);
}
END_TEST

/* heldout25 Keltner 1960 (flat, the close crossing above sma(typprice,10) +
 * sma(high-low,10) -> long, below the lower line -> short; out on the close
 * crossing the middle): the grid had no such channel (its items' text as a
 * ratio exceeds the grid's length) and the search stood in with
 * ratio(diff(close,sma(10)),atr(10)) crossing 0.9 (held out 0.800); with
 * keltner1960(n) in the engine and its crosses in the grid it takes the
 * channel's own lines (held out 1.000). */
START_TEST(a_keltner_1960_breakout_takes_the_channels_own_crosses)
{
    bc_trades *t = load_trades("bots/heldout25/heldout25_keltner1960_aapl_trades_raw.csv");
    bc_bars *b = load_bars("aapl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cross(close,keltner1960(10).upper)"),
                  "the upper cross not found");
    ck_assert_msg(json_array_has(added, "cross(keltner1960(10).lower,close)"),
                  "the lower cross not found");
    ck_assert_double_eq(report_number(report, "fidelity", "f1"), 1.0);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout26 MACD-V (flat, 100 (ema(12) - ema(26)) / atr(26) above 50 and
 * crossing above its signal ema(9) -> long, below -50 and crossing below
 * -> short; out on the opposite cross) on EURUSD 2017 hourly bars: MACD's
 * own signal cross is another event (the ATR moves between the bars) and
 * the item's text as ratios exceeds the grid's length; the search stood in
 * with tstat(24), pmo and stochastic levels (held out 0.457 through the
 * CLI). With macdv(f,s,a,g) in the engine, its signal cross in the signal
 * grid and its line in the level grid, the search takes the cross and the
 * line cut at +-50, Spiroglou's customary levels (held out 1.000). */
START_TEST(a_macdv_bot_takes_the_signal_cross_beyond_its_momentum_levels)
{
    bc_trades *t = load_trades("bots/heldout26/heldout26_macdv_trend_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "cross(macdv(12,26,26,9).line,macdv(12,26,26,9).signal)"),
                  "the signal cross not found");
    ck_assert_msg(json_array_has(added, "above(macdv(12,26,26,9).line,50)"),
                  "the long momentum level not found");
    ck_assert_msg(json_array_has(added, "above(macdv(12,26,26,9).line,-50)") ||
                      added_names(added, "above(-50,macdv(12,26,26,9).line)"),
                  "the short momentum level not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.97, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout27 triple screen (Elder: the weekly MACD(12,26,9) histogram of
 * whole ISO weeks' closes rising over the last two completed weeks, the
 * force index ema(2) below 0 on the previous day and the close above the
 * previous day's high -> long, the mirror short; out on the close beyond
 * the previous day's opposite extreme) on S&P 500 daily bars: without a
 * weekly MACD the search stood in for the tide with a fitted firosc and
 * stc(23,50,10) and read the force through cross(force(2),0) (held out
 * 0.676 through the CLI). With weekmacd(f,s,g)'s slope and force(2)@1 in
 * the level grid the search joins the three conditions, each cut at its
 * sign or 1 (held out 1.000 logistic, 0.991 trees by default). */
START_TEST(a_triple_screen_takes_the_weekly_tide_the_force_and_the_breakout)
{
    bc_trades *t = load_trades("bots/heldout27/heldout27_triple_screen_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    int triple = 0;
    for (size_t i = 0; i < json_array_size(added); i++) {
        const char *item = json_string_value(json_array_get(added, i));
        triple |= strncmp(item, "and(and(", 8) == 0 && strstr(item, "ratio(close,high@1),1)") &&
                  strstr(item, "above(0,force(2)@1)") &&
                  strstr(item, "above(weekmacd(12,26,9).slope,0)");
    }
    ck_assert_msg(triple, "the long triple not found");
    ck_assert_msg(added_names(added, "above(0,weekmacd(12,26,9).slope)"),
                  "the falling tide not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.97, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout27 choppiness filter (flat, Dreiss' CHOP(14) crossing under 38.2
 * -> long while linregslope(14) > 0, short while < 0; out when CHOP closes
 * over 61.8 or the slope turns against the trade) on EURUSD hourly bars:
 * the pair search took the level chop(14) < 38.2 beside ret(14)'s sign,
 * which tied the crossing on the training bars and re-entered on the bars
 * after an exit on the slope's flip (held out 0.952 through the CLI). With
 * Dreiss' crossings in the signal grid and a level first's own crossing
 * winning its tied pair, the search takes the crossing (held out 0.968),
 * still beside ret(14), whose sign ties the slope's on every training entry
 * (one held-out long taken short). With ratio(linregslope(14),atr(14)) in
 * the level grid and mirror_seconds' ties going to the side cut that also
 * holds on the bars the bot keeps its trade (the slope's sign on all of
 * them, the bot leaving on its flip; ret(14) on 0.95), both sides take the
 * slope's sign (held out 1.000; the slope's column alone 0.968). */
START_TEST(a_choppiness_filter_takes_the_crossing_under_38_2)
{
    bc_trades *t = load_trades("bots/heldout27/heldout27_chop_slope_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    /* the default model choice (trees here; logistic's 36 entries 0.896) */
    const char *auto_model[] = {"model", "auto", NULL};
    json_t *report = fit_logistic(t, b, auto_model, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(added_names(added, "and(above(0,cross(chop(14),38.2)),"),
                  "the crossing under 38.2 not paired");
    ck_assert_msg(!added_names(added, "and(above(38.2,chop(14)),"), "the level still paired");
    ck_assert_msg(json_array_has(added, "and(above(0,cross(chop(14),38.2)),"
                                        "above(ratio(linregslope(14),atr(14)),0))"),
                  "the long side is not the slope's sign");
    ck_assert_msg(json_array_has(added, "and(above(0,cross(chop(14),38.2)),"
                                        "above(0,ratio(linregslope(14),atr(14))))"),
                  "the short side is not the slope's sign");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.99, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout28 historical-volatility setup (Connors and Raschke: the previous
 * bar's HV(6) / HV(100) below 0.5, TA-Lib STDDEV of log returns, and that
 * bar inside the one before it or the narrowest of 4; flat, the close above
 * its high -> long, below its low -> short; sl 1.5, tp 3 atr(14) at the
 * broker) on S&P 500 daily bars: the grid had the setup bar's range rank and
 * bar-against-bar ratios but no volatility ratio of 6 and 100 bars (only
 * ratio(vol(10),vol(50)), never chosen); the search took the previous
 * bar's high with chvol(10,10) and t3 cuts (held out 0.099 through the CLI,
 * 66 clone entries for 35). With ratio(vol(6),vol(100))@1 in the level
 * grid the long side's triple joins it, cut near the sample ratio's 0.545
 * (the population 0.5), the setup bar's NR4 and the break of its high
 * (0.954 of the training longs; the inside bars the rank misses are the
 * rest). */
START_TEST(a_volatility_ratio_setup_takes_hv6_over_hv100_with_the_narrow_range)
{
    bc_trades *t = load_trades("bots/heldout28/heldout28_hv_ratio_sltp_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    int triple = 0;
    for (size_t i = 0; i < json_array_size(added); i++) {
        const char *item = json_string_value(json_array_get(added, i));
        triple |= strncmp(item, "and(and(", 8) == 0 && strstr(item, "ratio(vol(6),vol(100))@1)") &&
                  strstr(item, "rank(diff(high,low),4)@1)") &&
                  strstr(item, "above(ratio(close,high@1),1)");
    }
    ck_assert_msg(triple, "the long triple not found");
    const double f1 = report_number(report, "fidelity", "f1");
    /* measured 0.667 (logistic; trees, the CLI's choice, 0.778) */
    ck_assert_msg(f1 > 0.6, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout26 HT trend mode (flat, in TA-Lib's HT_TRENDMODE = 1 the close
 * crossing above kama(30) -> long, below -> short; out on the opposite cross
 * or the mode turning 0) on EURUSD 2017 hourly bars: the signal grid has
 * cross(close,kama(30)) but httrendmode sat in the reserve, which only
 * unexplained decisions reach, so the cross stood ungated (73 clone entries
 * for 29, held out 0.392 through the CLI). In the level grid the pair
 * search gates the cross with above(httrendmode,0) (held out 1.000). */
START_TEST(a_trend_mode_gate_joins_the_kama_cross)
{
    bc_trades *t = load_trades("bots/heldout26/heldout26_ht_trendmode_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "and(cross(close,kama(30)),above(httrendmode,0))"),
                  "the gated cross not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.97, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout27 WaveTrend (LazyBear's wavetrend(10,21,4); flat, 06:00-17:59,
 * wt1 crossing above wt2 while wt1 < -53 -> long, the mirror above 53 ->
 * short; out on the opposite cross or the 20:00 bar) on EURUSD 2017 hourly
 * bars: without the family the search found only above(cci(14),-115)
 * (held out 0.492 through the CLI). With wavetrend(n1,n2,n3) in the
 * engine, its cross in the signal grid and wt1 in the level grid, the
 * search takes the cross, fits wt1's cut at the bot's -53 / 53 (LazyBear's
 * second levels; the grid spells no level) and joins the session window
 * (held out 1.000). */
START_TEST(a_wavetrend_bot_takes_the_wt_cross_beyond_its_levels_in_the_session)
{
    bc_trades *t = load_trades("bots/heldout27/heldout27_wavetrend_session_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(added_names(added, "cross(wavetrend(10,21,4).wt1,wavetrend(10,21,4).wt2)"),
                  "the wt1 / wt2 cross not found");
    ck_assert_msg(json_array_has(added, "above(wavetrend(10,21,4).wt1,-53)") ||
                      added_names(added, "above(-53,wavetrend(10,21,4).wt1)"),
                  "the long level not found");
    ck_assert_msg(json_array_has(added, "above(wavetrend(10,21,4).wt1,53)"),
                  "the short level not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.97, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout27 cyber cycle (Ehlers' cybercycle(0.07) of the midpoint; flat,
 * the cycle crossing above its trigger (the cycle a bar earlier) while
 * below 0 -> long, the mirror -> short; out after 5 bars) on S&P 500 daily
 * bars: without the family the search stood in with stochrsi and hma(9)
 * turns (held out 0.658 through the CLI). With cybercycle(alpha) in the
 * engine, its trigger cross in the signal grid and the cycle in the level
 * grid, the search gates the cross by the cycle's sign (held out 1.000). */
START_TEST(a_cyber_cycle_bot_takes_the_trigger_cross_gated_by_the_sign)
{
    bc_trades *t = load_trades("bots/heldout27/heldout27_cyber_cycle_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "cross(cybercycle(0.07),cybercycle(0.07)@1)"),
                  "the trigger cross not found");
    ck_assert_msg(json_array_has(added, "and(cross(cybercycle(0.07),cybercycle(0.07)@1),"
                                        "above(0,cybercycle(0.07)))"),
                  "the cross gated by the cycle's sign not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.97, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout28 trend detection index (Pee's tdi(20): mom = close - close@20,
 * direction = the sum of the last 20 mom, TDI = |direction| - the sum of
 * |mom| of the 20 bars before those; flat, TDI crossing above 0 -> the
 * direction's side; out when the direction turns against the trade) on
 * EURUSD hourly bars: the grammar has no |x| or rolling sum of one, so
 * without the family the search stood in with other items (held out 0.286
 * with trees through the CLI). With tdi(n) in the engine and both its
 * outputs in the level grid, the search crosses tdi(20).tdi's cut at 0,
 * gates the cross by the direction's sign and exits on its turn (held out
 * 1.000; fails without either level item). */
START_TEST(a_trend_detection_bot_takes_the_zero_cross_on_the_directions_side)
{
    bc_trades *t = load_trades("bots/heldout28/heldout28_tdi_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cross(tdi(20).tdi,0)"), "the zero cross not found");
    ck_assert_msg(json_array_has(added, "and(cross(tdi(20).tdi,0),above(tdi(20).direction,0))"),
                  "the cross gated by the direction's sign not found");
    ck_assert_msg(json_array_has(json_object_get(search, "exit_levels"),
                                 "above(tdi(20).direction,0)"),
                  "the exit on the direction's turn not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.97, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout29 trend continuation factor (Pee's tcf(35): plus / minus the
 * close's up / down change, cf+ / cf- their runs' running totals; TCF+ =
 * the 35-bar sum of plus - cf-, TCF- of minus - cf+; flat, TCF+ crossing
 * above 0 -> long, TCF- -> short; out when the trade's line is back at or
 * below 0) on EURUSD hourly bars: the grammar has no run-resetting total,
 * so without the family the search stood in with other items (held out
 * 0.189 through the CLI). With tcf(n) in the engine and both its lines in
 * the level grid, the search crosses TCF+'s cut at 0, takes TCF-'s side
 * above 0 for the short and exits on either line's cut (held out 0.991;
 * fails without the level items). */
START_TEST(a_trend_continuation_bot_takes_its_lines_zero_crossings_and_exits)
{
    bc_trades *t = load_trades("bots/heldout29/heldout29_tcf_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cross(tcf(35).plus,0)"), "the long's zero cross not found");
    ck_assert_msg(json_array_has(added, "above(tcf(35).minus,0)"), "the short's side not found");
    json_t *exits = json_object_get(search, "exit_levels");
    ck_assert_msg(json_array_has(exits, "above(tcf(35).plus,0)") &&
                      json_array_has(exits, "above(tcf(35).minus,0)"),
                  "the exits at the lines' zero not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.97, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout29 TD range expansion index (DeMark's tdrei(5): 100 x the 5-bar
 * sum of the qualified 2-bar high + low changes over the sum of their
 * sizes; flat, from 07:00 to 15:59, REI crossing back above -45 after 1 to
 * 5 bars at or below it -> long, back below 45 -> short; out at the
 * opposite zone or on the 18:00 bar) on EURUSD hourly 2017 bars: the
 * grammar has no qualified sum, so without the family the search stood in
 * with other items (held out 0.389 with trees through the CLI). With
 * tdrei(n) in the engine and tdrei(5) in the level grid, the search
 * crosses its cuts at DeMark's -45 / 45 inside session(7,16) and exits at
 * the opposite zone (held out 0.936; fails without the level item). */
START_TEST(a_td_rei_bot_takes_the_zone_crossings_in_its_session)
{
    bc_trades *t = load_trades("bots/heldout29/heldout29_td_rei_session_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "and(cross(tdrei(5),-45),session(7,16))"),
                  "the long crossing in the session not found");
    ck_assert_msg(json_array_has(added, "and(cross(45,tdrei(5)),session(7,16))"),
                  "the short crossing in the session not found");
    ck_assert_msg(json_array_has(json_object_get(search, "exit_levels"), "above(tdrei(5),45)"),
                  "the exit at the opposite zone not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.9, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout28 rainbow oscillator (Widner's rainbow(10,10): 100 x (close - the
 * mean of ten recursive 2-bar smas) / the 10-bar closing range; flat, the
 * oscillator crossing above -50 -> long, below 50 -> short; out when it
 * closes above / below 0; AAPL and GOOGL daily): the grammar's averages of
 * items could nest the smas but has no sum of ten, so without the family
 * the search stood in with zscore(close,8) cuts (held out 0.747). With
 * rainbow(n,r) in the engine and rainbow(10,10) in the level grid, the
 * search crosses its cuts at the bot's -50 / 50 and exits at 0 (held out
 * 1.000; fails without the level item). */
START_TEST(a_rainbow_bot_takes_the_oscillators_crossings_and_its_zero_exit)
{
    bc_trades *t = load_trades("bots/heldout28/heldout28_rainbow_two_symbols_trades_raw.csv");
    bc_bars *aapl = load_bars("aapl_daily.csv"), *googl = load_bars("bots/googl_daily.csv");
    const char *const symbols[] = {"AAPL", "GOOGL"};
    json_t *report = fit_logistic_symbols(t, 2, symbols, (bc_bars *const[]){aapl, googl});
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cross(rainbow(10,10),-50)"),
                  "the long crossing not found");
    ck_assert_msg(json_array_has(added, "cross(50,rainbow(10,10))"),
                  "the short crossing not found");
    ck_assert_msg(json_array_has(json_object_get(search, "exit_levels"), "above(rainbow(10,10),0)"),
                  "the exit at 0 not found");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(aapl);
    bc_bars_free(googl);
}
END_TEST

/* heldout28 market thermometer (Elder's thermo(22): temp = max(high -
 * high@1, low@1 - low, 0); flat, the close above ema(22) with ema(22)
 * rising, temp below its ema(22) and a down close -> long, the mirror ->
 * short; out on temp above 3 x its average or the close back across
 * ema(22)) on S&P 500 daily bars: the grammar has no bar-by-bar maximum of
 * two series, and without the family the search stood in with Elder-ray
 * changes for the quiet day and missed the spike exits (held out 0.871
 * through the CLI). With thermo(n) in the engine and thermo(22).ratio,
 * ratio(close,ema(22)) in the level grid the entries are the three cuts
 * (ratio below 1); the spike exit is either_exit's second condition beside
 * the close's side of ema(22), a level cut that leads (the spec's best
 * discrete column, a cross of ema(20), reaches 0.86 only): held out 1.000. */
START_TEST(a_thermometer_bot_takes_the_quiet_day_and_the_spike_exit)
{
    bc_trades *t = load_trades("bots/heldout28/heldout28_thermometer_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(added_names(added, "above(1,thermo(22).ratio)"), "the quiet day not found");
    ck_assert_msg(added_names(added, "ratio(close,ema(22))"), "the value line's side not found");
    ck_assert_msg(json_array_has(added, "above(thermo(22).ratio,3)"), "the spike exit not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.97, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout29 three-line break (Nison, Beyond Candlesticks: the closes' line
 * chart; a close beyond the last three lines' extreme turns its colour;
 * always in, each turn closes the trade and opens the other way) on GOOGL
 * daily bars: no other item turns where the chart does (without
 * linebreak(n) the default clone held out 0.595). With
 * cross(linebreak(3).trend,0) in the signal grid the search takes it and
 * every held-out turn is matched. */
START_TEST(a_three_line_break_bot_takes_the_line_breaks_turn)
{
    bc_trades *t = load_trades("bots/heldout29/heldout29_three_line_break_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "cross(linebreak(3).trend,0)"), "the turn not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.999, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout29 Ultimate Bands (Ehlers' UltimateSmoother(20) of the close as
 * mid, bands mid +- 1 sd of the close about it over 20 bars; flat, the close
 * below the lower band -> long, above the upper -> short; out when the close
 * is back across mid; AAPL daily): the grammar has no square root of a mean
 * of squares, so without the family the search stood in with other band
 * items (held out 0.701, mlp). With usmooth/uband in the engine and
 * uband(20) in the level grid, the search cuts it at the bands' -1 / +1 and
 * exits at 0 (held out 1.000; fails without the level item). */
START_TEST(an_ultimate_bands_bot_takes_the_band_cuts_and_the_mid_exit)
{
    bc_trades *t = load_trades("bots/heldout29/heldout29_ultimate_bands_aapl_trades_raw.csv");
    bc_bars *b = load_bars("aapl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "above(uband(20),-1)"), "the lower band not found");
    ck_assert_msg(json_array_has(added, "above(uband(20),1)"), "the upper band not found");
    ck_assert_msg(json_array_has(json_object_get(search, "exit_levels"), "above(uband(20),0)"),
                  "the exit at mid not found");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout29 ergodic candlestick oscillator (Blau's eco(32,5,5): 100 x
 * ema(ema(close - open, 32), 5) / ema(ema(high - low, 32), 5), its ema(5)
 * signal; flat, the line crossing above its signal while below 0 -> long,
 * below it while above 0 -> short; out on the opposite cross; S&P 500 and
 * AAPL daily): the grammar could spell the line but its signal cross is
 * too long a name for the search, which stood in with other items (held
 * out 0.577, trees). With eco(r,s,k) in the engine, its signal cross in the
 * signal grid and its line in the level grid, the search gates the cross
 * on the side of 0 (held out 1.000; fails without the signal item). */
START_TEST(an_ergodic_candlestick_bot_takes_the_signal_cross_on_the_side_of_0)
{
    bc_trades *t = load_trades("bots/heldout29/heldout29_eco_two_symbols_trades_raw.csv");
    bc_bars *spx = load_bars("sp500_daily.csv"), *aapl = load_bars("aapl_daily.csv");
    const char *const symbols[] = {"SPX500", "AAPL"};
    json_t *report = fit_logistic_symbols(t, 2, symbols, (bc_bars *const[]){spx, aapl});
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "cross(eco(32,5,5).line,eco(32,5,5).signal)"),
                  "the signal cross not found");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(spx);
    bc_bars_free(aapl);
}
END_TEST

/* heldout30 directional trend index (Blau's dti(14,10,5): hmu = max(high -
 * high[1], 0), lmd = max(low[1] - low, 0), 100 x ema(ema(ema(hmu - lmd, 14),
 * 10), 5) over the same of |hmu - lmd|; always in on its zero line, each
 * cross of 0 turns the trade; GOOGL daily): the grammar has no max(x, 0) of
 * a bar-to-bar change, so the search stood in with other items (held out
 * 0.333, trees). With dti(r,s,u) in the engine, its cross of 0 in the signal
 * grid and its side of 0 in the level grid, the search takes the cross for
 * the turns and the side for the exits (held out 1.000; fails without the
 * grid items). */
START_TEST(a_directional_trend_index_bot_turns_on_its_zero_cross)
{
    bc_trades *t = load_trades("bots/heldout30/heldout30_dti_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    ck_assert_msg(json_array_has(json_object_get(search, "added"), "cross(dti(14,10,5),0)"),
                  "the zero cross not found");
    ck_assert_msg(json_array_has(json_object_get(search, "exit_levels"), "above(dti(14,10,5),0)"),
                  "the side of 0 not found");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout30 QQE (rsima = ema(rsi(14), 5), dar = 4.236 ema(ema(|rsima -
 * rsima[1]|, 27), 27), a supertrend-like trail on rsima; flat, rsima
 * crossing above the trail while above 50 -> long, below it while below 50
 * -> short; out on the opposite cross; S&P 500 and GOOGL daily): the
 * grammar has no trailing line, so the search stood in with other items
 * (held out 0.396, trees). With qqe(n,m,k) in the engine, its trail cross in
 * the signal grid and its line in the level grid, the search gates the
 * cross on the line's side of 50 (held out 1.000; fails without the signal
 * item). */
START_TEST(a_qqe_bot_takes_the_trail_cross_on_the_side_of_50)
{
    bc_trades *t = load_trades("bots/heldout30/heldout30_qqe_two_symbols_trades_raw.csv");
    bc_bars *spx = load_bars("sp500_daily.csv"), *googl = load_bars("bots/googl_daily.csv");
    const char *const symbols[] = {"SPX500", "GOOGL"};
    json_t *report = fit_logistic_symbols(t, 2, symbols, (bc_bars *const[]){spx, googl});
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "cross(qqe(14,5,4.236).line,qqe(14,5,4.236).trail)"),
                  "the trail cross not found");
    ck_assert_msg(json_array_has(added, "above(qqe(14,5,4.236).line,50)"),
                  "the side of 50 not found");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(spx);
    bc_bars_free(googl);
}
END_TEST

/* heldout30 simple decycler (Ehlers: the close less his two-pole high-pass
 * at 125; flat, the close above decycler x 1.005 -> long, below x 0.995 ->
 * short; a long out below the lower line, a short above the upper; S&P 500
 * daily): the grammar has no two-pole high-pass, so without the family the
 * search stood in with averages (held out 0.612, logistic). With decycler(n)
 * in the engine and ratio(close,decycler(125)) in the level grid, the
 * search cuts it at his 1.005 / 0.995 lines for the entries and the exits
 * (held out 1.000; fails without the level item). */
START_TEST(a_decycler_bot_takes_the_hysteresis_lines)
{
    bc_trades *t = load_trades("bots/heldout30/heldout30_decycler_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    json_t *exits = json_object_get(search, "exit_levels");
    ck_assert_msg(json_array_has(added, "above(ratio(close,decycler(125)),1.005)"),
                  "the upper line not found");
    ck_assert_msg(json_array_has(exits, "above(ratio(close,decycler(125)),0.995)"),
                  "the lower line's exit not found");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout30 Kirshenbaum bands (ema(20) -+ 1.75 standard errors of the
 * close about its 20-bar least-squares line; flat, the close below the
 * lower band -> long, above the upper -> short; out when the close is back
 * across the ema; GOOGL daily): the grammar spells the close's place in
 * them, ratio(diff(close,ema(20)),linregse(20)), which the level grid did
 * not hold (held out 0.833, trees, z-score and channel items standing in).
 * With it there the search cuts it at the upper band's 1.75 and exits at
 * the ema's 0 (the lower cut first the training gap's rounder -1.8, then
 * -1.75 mirrored about 0: the next case; fails without the level item). */
START_TEST(a_kirshenbaum_bands_bot_takes_the_band_cut_and_the_ema_exit)
{
    bc_trades *t = load_trades("bots/heldout30/heldout30_kirshenbaum_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "above(ratio(diff(close,ema(20)),linregse(20)),1.75)"),
                  "the upper band not found");
    ck_assert_msg(json_array_has(json_object_get(search, "exit_levels"),
                                 "above(ratio(diff(close,ema(20)),linregse(20)),0)"),
                  "the exit at the ema not found");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.94);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* The same bot's two band cuts about the item's centre 0: the long
 * side's training bars leave no entry between -1.8 and -1.75, so its own
 * cut was the gap's rounder -1.8 (three held-out longs between them
 * missed); the short side's 1.75 mirrored lies in that gap and the centre
 * 0 is rounder than either cut, so the long side takes -1.75
 * (mirror_centre; fails without it: -1.8). */
START_TEST(a_kirshenbaum_bands_bot_cuts_both_bands_about_the_centre)
{
    bc_trades *t = load_trades("bots/heldout30/heldout30_kirshenbaum_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "above(ratio(diff(close,ema(20)),linregse(20)),-1.75)"),
                  "the lower band not mirrored");
    ck_assert_msg(!json_array_has(added, "above(ratio(diff(close,ema(20)),linregse(20)),-1.8)"),
                  "the lower band cut at the gap's -1.8");
    ck_assert_msg(json_array_has(added, "above(ratio(diff(close,ema(20)),linregse(20)),1.75)"),
                  "the upper band moved");
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout30 three inside (TA-Lib CDL3INSIDE +100 -> long, -100 -> short when
 * flat, out after 5 bars; S&P 500 and GOOGL daily in one log): without
 * cdl3inside nothing in the grids spelled the third bar (the harami holds
 * only the first two) and the clone stood in with a one-bar turn of the
 * close (held out 0.044); with it in the signal grid the search takes it
 * alone, both sides, and the 5-bar stop (held out 1.000). */
START_TEST(a_three_inside_bot_takes_talibs_three_inside_pattern)
{
    bc_trades *t =
        load_trades("bots/heldout30/heldout30_three_inside_sp500_googl_trades_raw.csv");
    bc_bars *spx = load_bars("sp500_daily.csv"), *googl = load_bars("bots/googl_daily.csv");
    const char *const symbols[] = {"SPX500", "GOOGL"};
    json_t *report = fit_logistic_symbols(t, 2, symbols, (bc_bars *const[]){spx, googl});
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cdl3inside"), "the three inside pattern not found");
    assert_both_opens_fit(search);
    json_t *stop = json_object_get(
        json_object_get(json_object_get(search, "decisions"), "close_long"), "time_stop");
    ck_assert_int_eq(json_integer_value(json_object_get(stop, "bars")), 5);
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(spx);
    bc_bars_free(googl);
}
END_TEST

/* heldout30 cumulative RSI (Connors and Alvarez: the close above sma(200)
 * and RSI(2) + RSI(2)@1 < 35 -> long; below sma(200) and the sum > 165 ->
 * short; out on RSI(2) above 65 / below 35): without mean(rsi(2),2) the
 * search stood in with RSI(2) alone below 15 / above 87.35 (held out
 * 0.857, trees); with it in the level grid the search cuts it at 17.5 /
 * 82.5 (the sum's 35 / 165) beside the sma(200) side (held out 1.000). */
START_TEST(a_cumulative_rsi_bot_takes_the_two_day_mean_of_rsi_2)
{
    bc_trades *t = load_trades("bots/heldout30/heldout30_cum_rsi_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cross(17.5,mean(rsi(2),2))"),
                  "the long side's 35 not found");
    ck_assert_msg(json_array_has(added, "above(mean(rsi(2),2),82.5)"),
                  "the short side's 165 not found");
    assert_both_opens_fit(search);
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout25 psychological line, its S&P 500 half (flat, PSY(12) = 100 x the
 * up closes among the last 12 / 12 crossing below 30 -> long, above 70 ->
 * short; out on its crossing 50 against the trade): the level grid's
 * mean(above(close,close@1),12) is PSY / 100, cut at 0.3 / 0.7 by the
 * search (the whole two-symbol log held out 0.304 -> 1.000). */
START_TEST(a_psychological_line_bot_takes_the_share_of_up_closes)
{
    bc_trades *t = load_trades("bots/heldout25/heldout25_psy_two_symbols_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    const char *spx[] = {"symbol", "SPX500", NULL};
    json_t *report = fit_logistic(t, b, spx, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(added_names(added, "mean(above(close,close@1),12)"), "PSY(12) not taken");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout26 %b strategy on its two symbols (Connors and Alvarez: flat, the
 * close above sma(200) and %b of bbands(5,1) below 0.2 on three days in a
 * row -> long, the mirror above 0.8 below sma(200) -> short; out on %b
 * beyond 0.8 / 0.2; S&P 500 and AAPL): %b is (zscore(close,5) + 1) / 2, and
 * without the level grid's max / min(zscore(close,5),3) the search stood in
 * with stoch(5,3,3) and zscore cuts (held out 0.698); AAPL's first entry is
 * on its bar 199, sma(200)'s first value, where the grid held periods up to
 * 150 only and ema(150) stood in for the trend (the run items alone 0.935;
 * with the 200 bars 1.000). */
START_TEST(a_percent_b_bot_takes_the_three_day_run_above_sma_200)
{
    bc_trades *t = load_trades("bots/heldout26/heldout26_percent_b_two_symbols_trades_raw.csv");
    bc_bars *spx = load_bars("sp500_daily.csv"), *aapl = load_bars("aapl_daily.csv");
    const char *const symbols[] = {"SPX500", "AAPL"};
    json_t *report = fit_logistic_symbols(t, 2, symbols, (bc_bars *const[]){spx, aapl});
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has_and(added, "above(-0.6,max(zscore(close,5),3))",
                                     "above(ratio(close,sma(200)),1)"),
                  "the long entry's run below -0.6 above sma(200) not found");
    ck_assert_msg(json_array_has_and(added, "above(min(zscore(close,5),3),0.6)",
                                     "above(1,ratio(close,sma(200)))"),
                  "the short entry's run above 0.6 below sma(200) not found");
    ck_assert_msg(!added_names(added, "ema(150)"), "ema(150) stood in for the trend");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(spx);
    bc_bars_free(aapl);
}
END_TEST

/* heldout27 stochastic pop (Raschke and Connors: flat, ADX(14) < 20 and
 * slow %K of stoch(8,3,3) crossing above 80 -> long, below 20 -> short; out
 * on %K crossing back): with 7 and 9 only in the level grid's %K periods the
 * search stood in with stoch(7,3,3) / stoch(9,3,3) levels (held out 0.862,
 * trees); with 8 it takes the 8-bar %K's crossing gated by the ADX ceiling
 * (held out 1.000). */
START_TEST(a_stochastic_pop_takes_the_8_bar_k_crossing_under_the_adx_ceiling)
{
    bc_trades *t = load_trades("bots/heldout27/heldout27_stochastic_pop_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "and(cross(stoch(8,3,3).k,80),above(20,adx(14)))"),
                  "the long pop (%%K(8) crossing 80 under ADX 20) not found");
    ck_assert_msg(added_names(added, "cross(20,stoch(8,3,3).k)"), "the short pop not found");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout27 DV2 on three symbols (Varadi: DV2 = the 252-day percent rank of
 * the 2-day mean of close / medprice - 1; the close above sma(200) and DV2
 * < 10 -> long, below it and DV2 > 90 -> short; out across 50; S&P 500,
 * AAPL and GOOGL): rank(mean(ratio(close,medprice),2),252) is DV2 / 100
 * (to 1/252: rank counts today), and without it in the level grid the
 * search stood in with bar-against-bar ratios (held out 0.596); with it the
 * pairs take it cut near 0.1 / 0.9 beside the sma(200) side (held out
 * 1.000). */
START_TEST(a_dv2_bot_on_three_symbols_takes_the_years_rank_of_the_close_in_its_range)
{
    bc_trades *t = load_trades("bots/heldout27/heldout27_dv2_three_symbols_trades_raw.csv");
    bc_bars *spx = load_bars("sp500_daily.csv"), *aapl = load_bars("aapl_daily.csv"),
            *googl = load_bars("bots/googl_daily.csv");
    const char *const symbols[] = {"SPX500", "AAPL", "GOOGL"};
    json_t *report = fit_logistic_symbols(t, 3, symbols, (bc_bars *const[]){spx, aapl, googl});
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    const char *dv2 = "rank(mean(ratio(close,medprice),2),252)";
    ck_assert_msg(added_names(added, dv2), "DV2 not taken");
    int long_pair = 0, short_pair = 0;
    for (size_t i = 0; i < json_array_size(added); i++) {
        const char *name = json_string_value(json_array_get(added, i));
        if (!name || strncmp(name, "and(", 4) != 0 || !strstr(name, dv2))
            continue;
        long_pair |= strstr(name, "above(ratio(close,sma(200)),1)") != NULL;
        short_pair |= strstr(name, "above(1,ratio(close,sma(200)))") != NULL;
    }
    ck_assert_msg(long_pair && short_pair, "DV2 not paired with the sma(200) side both ways");
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.97);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(spx);
    bc_bars_free(aapl);
    bc_bars_free(googl);
}
END_TEST

/* heldout26 London opening range breakout (the 08:00 bar's high and low; one
 * trade a day, flat in 09:00-12:59, the close above the high -> long, below
 * the low -> short; sl 1, tp 2 atr(14) at the broker; out also on the 17:00
 * bar): without the opening bar's range the search stood in with
 * zscore(close,5) and the previous bar's low (held out 0.683, trees); with
 * the close over dayhigh(8,9) / daylow(8,9) in the intraday level grid it
 * takes their crossings inside session(9,13) (held out 0.953), the broker
 * levels unchanged. */
START_TEST(a_london_opening_range_breakout_takes_the_0800_bars_range)
{
    bc_trades *t = load_trades("bots/heldout26/heldout26_london_orb_sltp_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(added_names(added, "cross(ratio(close,dayhigh(8,9)),"),
                  "the crossing of the 08:00 high not found");
    ck_assert_msg(added_names(added, "ratio(close,daylow(8,9)))"),
                  "the crossing of the 08:00 low not found");
    json_t *exits = json_object_get(report, "exits");
    const char *legs[] = {"sl", "tp"};
    const double k[] = {1.0, 2.0};
    for (int i = 0; i < 2; i++) {
        json_t *leg = json_object_get(exits, legs[i]);
        ck_assert_str_eq(json_string_value(json_object_get(leg, "unit")), "atr");
        ck_assert_double_eq_tol(json_number_value(json_object_get(leg, "k")), k[i], 0.01);
        ck_assert(json_is_true(json_object_get(leg, "used")));
    }
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.90);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* The day count (trades_today, clone.h) on the London opening range
 * breakout's own log: the bot takes one trade a day, so every entry it
 * labels has 0 entries before it that day, while bars where its market
 * rule holds again (flat, 09:00-12:59, the close beyond the 08:00 bar's
 * high or low) after the day's trade closed - by its stop or target at
 * the broker - are not entries: there the count is 1, the one column that
 * tells them from the entries (the clone's three extra same-day entries
 * after a broker exit, held out). */
START_TEST(one_trade_a_day_is_the_day_count_of_the_opening_range_breakouts_log)
{
    bc_trades *tr = load_trades("bots/heldout26/heldout26_london_orb_sltp_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    const int32_t n = bc_bars_length(b), n_ev = bc_trades_count(tr);
    const int64_t *bt = bc_bars_time(b);
    const double *high = bc_bars_column(b, BC_BAR_HIGH), *low = bc_bars_column(b, BC_BAR_LOW),
                 *close = bc_bars_column(b, BC_BAR_CLOSE);
    struct clone_event *ev = malloc(sizeof *ev * (size_t)n_ev);
    int32_t *labels = malloc(sizeof *labels * (size_t)n);
    struct clone_position *state = malloc(sizeof *state * (size_t)n);
    double *day = malloc(sizeof *day * (size_t)n);
    ck_assert(ev && labels && state && day);
    int32_t m = 0;
    for (int32_t k = 0; k < n_ev; k++) {
        bc_trade_event e;
        e.struct_size = sizeof e;
        ck_assert_ok(bc_trades_get(tr, k, &e));
        if (e.action == BC_ACTION_OPEN || e.action == BC_ACTION_CLOSE)
            ev[m++] = (struct clone_event){e.time, e.ticket, e.line, e.action, e.order_type};
    }
    ck_assert_ok(clone_label_bars(n, bt, close, m, ev, labels, state, NULL));
    clone_day_counts(n, bt, labels, day);
    int32_t entries = 0, skipped = 0, again = 0;
    double range_high = NAN, range_low = NAN;
    int64_t range_day = INT64_MIN;
    for (int32_t i = 0; i < n; i++) {
        const int64_t d = clone_day_of(bt[i]), hour = (bt[i] - d * 86400) / 3600;
        if (hour == 8) {
            range_high = high[i];
            range_low = low[i];
            range_day = d;
        }
        const int open = labels[i] == CLONE_LABEL_OPEN_LONG || labels[i] == CLONE_LABEL_OPEN_SHORT;
        if (open) {
            entries++;
            ck_assert_msg(day[i] == 0.0, "entry at bar %d with %g entries that day", (int)i, day[i]);
        }
        if (range_day == d && state[i].direction == 0 && hour >= 9 && hour <= 12 &&
            (close[i] > range_high || close[i] < range_low) && labels[i] != CLONE_LABEL_CLOSE) {
            if (day[i] >= 1.0) {
                again++;
                ck_assert_msg(!open, "a second entry at bar %d", (int)i);
            } else {
                skipped += !open;
            }
        }
    }
    ck_assert_int_gt(entries, 100);
    /* the breakout again after the day's trade (33 bars), never an entry */
    ck_assert_msg(again >= 20, "%d breakout bars after the day's trade", (int)again);
    /* the day's first breakout bar flat is an entry but for a few (a bar
     * the stop or target closed, an ATR not yet defined) */
    ck_assert_msg(skipped * 20 < entries, "%d of %d first breakouts not taken", (int)skipped,
                  (int)entries);
    free(ev);
    free(labels);
    free(state);
    free(day);
    bc_trades_free(tr);
    bc_bars_free(b);
}
END_TEST

/* Labelled uncertain rows logged by a day-count clone (position_day=1:
 * trades_today the last of the row) join its training at their width and
 * in their columns: 40 more samples, P(label) on them up at weight 5;
 * the same file refused by the clone without the column (BC_E_SHAPE
 * naming trades_today), not read misaligned. */
START_TEST(uncertain_rows_of_a_day_count_clone_join_its_training)
{
    bc_trades *t = load_trades("bots/heldout26/heldout26_london_orb_sltp_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_cloner *c = NULL;
    bc_model *base = NULL, *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic"));
    ck_assert_ok(bc_cloner_set(c, "position_day", "1"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &base));
    const int32_t F = bc_model_num_features(base);
    ck_assert_str_eq(base->feature_names[F - 1], CLONE_DAY_NAME);
    const int64_t base_rows = model_num_samples(base);
    char *unc = temp_path("day_unc.csv"), *labelled = temp_path("day_labelled.csv");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(base, &p));
    ck_assert_ok(bc_predictor_set(p, "uncertain_log", unc));
    ck_assert_ok(bc_predictor_set(p, "uncertainty_margin", "0.5"));
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run_predictor(p, b, INT64_MIN, INT64_MAX, &run));
    bc_predictor_free(p);
    bc_decisions *d = NULL;
    ck_assert_ok(bc_decisions_read_csv(unc, &d, NULL));
    ck_assert_int_ge(bc_decisions_count(d), 40);
    bc_decision_log *log = NULL;
    ck_assert_ok(bc_decision_log_open(labelled, 1, &log));
    static double xs[40][256];
    int32_t nxs = 0, labels[40], day_ones = 0;
    for (int32_t i = 0; i < 40; i++) {
        bc_decision_row r;
        r.struct_size = sizeof r;
        ck_assert_ok(bc_decisions_get(d, i, &r));
        ck_assert_ok(bc_decisions_features(d, i, xs[i], 256, &nxs));
        ck_assert_int_eq(nxs, F);
        day_ones += xs[i][F - 1] >= 1.0;
        labels[i] = i % 2 ? BC_LABEL_NONE : BC_LABEL_OPEN_LONG;
        r.label = labels[i];
        r.has_label = 1;
        ck_assert_ok(bc_decision_log_write(log, &r, xs[i], nxs));
    }
    ck_assert_ok(bc_decision_log_close(log));
    bc_decisions_free(d);
    ck_assert_ok(bc_cloner_set(c, "uncertain_file", labelled));
    ck_assert_ok(bc_cloner_set(c, "uncertain_weight", "5"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    ck_assert_int_eq(model_num_samples(m), base_rows + 40);
    double before = 0.0, after = 0.0, pb[4], pm[4];
    for (int32_t i = 0; i < 40; i++) {
        ck_assert_ok(bc_model_predict(base, xs[i], 1, nxs, pb, 4));
        ck_assert_ok(bc_model_predict(m, xs[i], 1, nxs, pm, 4));
        before += pb[labels[i]] / 40;
        after += pm[labels[i]] / 40;
    }
    ck_assert_msg(after > before + 0.02, "labelled day-count rows: mean P(label) %.3f -> %.3f "
                  "(%d of 40 with trades_today >= 1)", before, after, (int)day_ones);
    bc_model_free(m);
    m = NULL;
    /* the clone without the column: refused, the message naming it */
    ck_assert_ok(bc_cloner_set(c, "position_day", "0"));
    ck_assert_status_msg(bc_cloner_fit(c, t, b, &m), BC_E_SHAPE, CLONE_DAY_NAME);
    ck_assert_ptr_null(m);
    bc_trades_free(run);
    bc_model_free(base);
    bc_cloner_free(c);
    bc_bars_free(b);
    bc_trades_free(t);
    unlink(unc);
    unlink(labelled);
}
END_TEST

/* explain offers a day-count clone's rules the column trades_today: a
 * bot that buys the first up bar (close > open) from 08:00 to 19:00 UTC of
 * each day and closes 2 bars later, never again that day - its clone
 * (position_day=1) enters on up bars only while trades_today is 0, and its
 * flat rule says so (trades_today < 1), on the target's own bars too. */
START_TEST(explain_names_the_day_count_of_a_one_trade_a_day_clone)
{
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    const int32_t n = bc_bars_length(b);
    const int64_t *bt = bc_bars_time(b);
    const double *o = bc_bars_column(b, BC_BAR_OPEN), *cl = bc_bars_column(b, BC_BAR_CLOSE);
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_create(&t));
    bc_trade_event ev;
    memset(&ev, 0, sizeof ev);
    ev.struct_size = sizeof ev;
    ev.order_type = BC_ORDER_BUY;
    ev.lots = 0.1;
    ev.sl = ev.tp = ev.book_bid_vol = ev.book_ask_vol = NAN;
    ev.decision_id = -1;
    snprintf(ev.symbol, sizeof ev.symbol, "EURUSD");
    int64_t day = INT64_MIN, id = 1;
    int32_t entries = 0;
    for (int32_t i = 50; i + 2 < n; i++) {
        const int64_t hour = (bt[i] % 86400) / 3600;
        if (bt[i] / 86400 == day || hour < 8 || hour >= 20 || !(cl[i] > o[i]))
            continue;
        day = bt[i] / 86400;
        ev.ticket = id;
        ev.event_id = id++;
        ev.action = BC_ACTION_OPEN;
        ev.time = bt[i];
        ev.price = cl[i];
        ck_assert_ok(bc_trades_append(t, &ev));
        ev.event_id = id++;
        ev.action = BC_ACTION_CLOSE;
        ev.time = bt[i + 2];
        ev.price = cl[i + 2];
        ck_assert_ok(bc_trades_append(t, &ev));
        entries++;
        i += 2;
    }
    ck_assert_int_ge(entries, 100);
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic"));
    ck_assert_ok(bc_cloner_set(c, "position_day", "1"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    ck_assert_str_eq(m->feature_names[m->n_features - 1], CLONE_DAY_NAME);
    const bc_bars *series[1] = {b};
    int32_t len = 0;
    ck_assert_int_eq(bc_model_explain(m, series, t, NULL, 1, 0, 0, NULL, 0, &len),
                     BC_E_BUFFER_TOO_SMALL);
    char *text = malloc((size_t)len + 1);
    ck_assert_ok(bc_model_explain(m, series, t, NULL, 1, 0, 0, text, len + 1, &len));
    json_t *root = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(root);
    json_t *rules = json_object_get(json_object_get(root, "open_long"), "rules");
    int found = 0;
    for (size_t r = 0; r < json_array_size(rules); r++) {
        json_t *rule = json_array_get(rules, r), *cond = json_object_get(rule, "conditions");
        for (size_t k = 0; k < json_array_size(cond); k++) {
            json_t *ck = json_array_get(cond, k);
            if (strcmp(json_string_value(json_object_get(ck, "feature")), CLONE_DAY_NAME) != 0)
                continue;
            ck_assert_double_eq(json_number_value(json_object_get(ck, "below")), 1.0);
            ck_assert_double_ge(json_number_value(json_object_get(rule, "precision")), 0.95);
            ck_assert_double_ge(json_number_value(json_object_get(rule, "target_precision")),
                                0.95);
            found = 1;
        }
    }
    ck_assert_msg(found, "no open_long rule names %s: %s", CLONE_DAY_NAME, text);
    free(text);
    json_decref(root);
    bc_model_free(m);
    bc_cloner_free(c);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* position_day=auto tries the day count only where the log shows one
 * entry a day as its rule: the heldout25 stiffness bot also never enters
 * twice on one UTC day, but because it holds into the next day (flat 6
 * bars after a day's entry: no entry there has probability 0.73 at its
 * entry rate), so its clone is the one without the column, held out as
 * position_day=0's; with the column it is lower (1.000 -> 0.982; an auto
 * trusting the training and validation slices alone, 1.000 / 1.000 either
 * way, took it: this case fails so). */
START_TEST(a_bot_that_holds_into_the_next_day_shows_no_day_rule)
{
    bc_trades *t = load_trades("bots/heldout25/heldout25_stiffness_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    double f1[3];
    const char *values[3] = {"0", "1", "auto"};
    for (int32_t k = 0; k < 3; k++) {
        ck_assert_ok(bc_cloner_set(c, "position_day", values[k]));
        ck_assert_ok(bc_cloner_fit(c, t, b, &m));
        json_t *report = report_of(c);
        f1[k] = report_number(report, "fidelity", "f1");
        json_decref(report);
        const int day = strcmp(m->feature_names[m->n_features - 1], CLONE_DAY_NAME) == 0;
        ck_assert_msg(day == (k == 1), "position_day=%s: day count %s", values[k],
                      day ? "taken" : "left out");
        bc_model_free(m);
        m = NULL;
    }
    ck_assert_msg(f1[1] < f1[0], "held out %.3f with the day count, %.3f without", f1[1], f1[0]);
    ck_assert_msg(f1[2] == f1[0], "auto %.3f, position_day=0 %.3f", f1[2], f1[0]);
    bc_cloner_free(c);
    bc_bars_free(b);
    bc_trades_free(t);
}
END_TEST

/* The day count as the clone's last input (position_day=auto takes it
 * for this log of one entry a day on intraday bars): the London opening range
 * breakout's clone enters no more after a stop or target the same day
 * (held out 0.953 with position_day=0: three extra same-day entries after
 * a broker exit; 0.988 with it). The model file keeps the
 * column by name (saved, loaded, saved again: the same bytes; the
 * predictor finds it), the MQL5 and decision ONNX exports take it, and the live predictor, told the target's position after each bar
 * as a host would, feeds the model the day count the training rows had
 * (bc_model_event_rows: the target's, clone_day_counts) bar for bar. */
START_TEST(a_one_trade_a_day_clone_takes_the_day_count_and_streams_it_as_trained)
{
    bc_trades *t = load_trades("bots/heldout26/heldout26_london_orb_sltp_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic"));
    ck_assert_ok(bc_cloner_set(c, "position_day", "0"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    json_t *report = report_of(c);
    const double f0 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f0 < 0.97, "held out %.3f without the day count", f0);
    ck_assert_str_ne(m->feature_names[m->n_features - 1], CLONE_DAY_NAME);
    json_decref(report);
    bc_model_free(m);
    /* position_day=auto: a log of one entry a day as its rule (flat 871
     * bars after its day's trade at 92 entries in 1613 flat bars before
     * one: p 6e-23), the slices no worse */
    ck_assert_ok(bc_cloner_set(c, "position_day", "auto"));
    ck_assert_ok(bc_cloner_fit(c, t, b, &m));
    report = report_of(c);
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.98, "held out %.3f", f1);
    const int32_t F = m->n_features;
    ck_assert_str_eq(m->feature_names[F - 1], CLONE_DAY_NAME);
    /* the .bcm keeps it: the same bytes again, the predictor finds it */
    int64_t len = 0, len2 = 0;
    ck_assert_int_eq(bc_model_save_bytes(m, NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    uint8_t *bytes = malloc((size_t)len), *again = malloc((size_t)len);
    ck_assert_ok(bc_model_save_bytes(m, bytes, len, &len));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(bytes, len, &back));
    ck_assert_ok(bc_model_save_bytes(back, again, len, &len2));
    ck_assert_int_eq(len2, len);
    ck_assert(memcmp(bytes, again, (size_t)len) == 0);
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(back, &p));
    ck_assert_int_eq(p->n_day, 1);
    ck_assert_int_eq(p->n_market + p->n_position + p->n_signed + 1, F);
    /* the exports take it: the generated predictor counts it (the
     * export_decision twin decides bar for bar as the predictor), the
     * decision ONNX graph reads it from its features row */
    int64_t text_len = 0;
    ck_assert_int_eq(bc_export_mql5_text(back, "bot", NULL, 0, &text_len), BC_E_BUFFER_TOO_SMALL);
    char *text = malloc((size_t)text_len + 1);
    ck_assert_ok(bc_export_mql5_text(back, "bot", text, text_len + 1, &text_len));
    ck_assert_ptr_nonnull(strstr(text, "bot_day_entries++; /* trades_today */"));
    ck_assert_ptr_nonnull(strstr(text, "/* trades_today */"));
    free(text);
    ck_assert_int_eq(bc_export_onnx_decision_bytes(back, NULL, 0, &text_len), BC_E_BUFFER_TOO_SMALL);
    ck_assert_int_gt(text_len, 0);
    /* the training rows' day column against the live predictor's */
    int32_t n = 0;
    ck_assert_ok(bc_model_event_rows(back, b, t, -1, 0.0, NULL, NULL, NULL, NULL, 0, &n, NULL));
    double *x = malloc(sizeof *x * (size_t)n * (size_t)F);
    int32_t *y = malloc(sizeof *y * (size_t)n);
    int64_t *when = malloc(sizeof *when * (size_t)n);
    ck_assert_ok(bc_model_event_rows(back, b, t, -1, 0.0, x, y, NULL, when, n, &n, NULL));
    const int32_t nb = bc_bars_length(b), n_ev = bc_trades_count(t);
    const int64_t *bt = bc_bars_time(b);
    const double *o = bc_bars_column(b, BC_BAR_OPEN), *h = bc_bars_column(b, BC_BAR_HIGH),
                 *l = bc_bars_column(b, BC_BAR_LOW), *cl = bc_bars_column(b, BC_BAR_CLOSE),
                 *v = bc_bars_column(b, BC_BAR_VOLUME);
    struct clone_event *ev = malloc(sizeof *ev * (size_t)n_ev);
    int32_t *labels = malloc(sizeof *labels * (size_t)nb), m_ev = 0;
    struct clone_position *state = malloc(sizeof *state * (size_t)nb);
    for (int32_t k = 0; k < n_ev; k++) {
        bc_trade_event e;
        e.struct_size = sizeof e;
        ck_assert_ok(bc_trades_get(t, k, &e));
        if (e.action == BC_ACTION_OPEN || e.action == BC_ACTION_CLOSE)
            ev[m_ev++] = (struct clone_event){e.time, e.ticket, e.line, e.action, e.order_type};
    }
    ck_assert_ok(clone_label_bars(nb, bt, cl, m_ev, ev, labels, state, NULL));
    ck_assert_ok(bc_predictor_set(p, "auto_position", "0"));
    int32_t k = 0, compared = 0, ones = 0;
    double probs[4];
    for (int32_t i = 0; i < nb && k < n; i++) {
        int32_t d = -1;
        ck_assert_ok(bc_predictor_update(p, bt[i], o[i], h[i], l[i], cl[i], v[i], probs, 4, &d));
        if (when[k] == bt[i]) {
            ck_assert_msg(p->row[F - 1] == x[(int64_t)k * F + F - 1],
                          "bar %d: live day count %g, trained %g", (int)i, p->row[F - 1],
                          x[(int64_t)k * F + F - 1]);
            ones += p->row[F - 1] >= 1.0;
            compared++;
            k++;
        }
        /* the host reports the target's position after the bar */
        const struct clone_position *after = i + 1 < nb ? &state[i + 1] : &state[i];
        ck_assert_ok(bc_predictor_set_position(p, after->direction, after->bars_held,
                                               after->direction ? after->entry_price : 0.0));
    }
    ck_assert_int_eq(compared, n);
    ck_assert_int_gt(ones, 1000);
    free(ev);
    free(labels);
    free(state);
    free(x);
    free(y);
    free(when);
    free(bytes);
    free(again);
    bc_predictor_free(p);
    bc_model_free(back);
    json_decref(report);
    bc_cloner_free(c);
    bc_model_free(m);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout27 projection bands (Widner's bands(14): the last 14 highs each
 * projected to today along the 14-bar regression slope of the highs, the
 * upper band their maximum, the lows likewise; PO = 100 (close - lower) /
 * (upper - lower) below 20 -> long, above 80 -> short; out when PO closes
 * beyond 50) on GOOGL daily bars: without the bands the search stood in with
 * ratio(close,tsf(14)), ema(5) and a fitted firosc (held out 0.755). With
 * pbands(14).po in the level grid it cuts the oscillator at the bot's 20 and
 * 80 and exits at 50 by itself (held out 1.000). */
START_TEST(a_projection_band_bot_takes_the_oscillators_own_levels)
{
    bc_trades *t = load_trades("bots/heldout27/heldout27_projection_bands_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "above(pbands(14).po,20)"), "the long level not found");
    ck_assert_msg(json_array_has(added, "above(pbands(14).po,80)"), "the short level not found");
    ck_assert_msg(json_array_has(json_object_get(search, "exit_levels"), "above(pbands(14).po,50)"),
                  "the exit level not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.97, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout28 premier stochastic (Leibfarth's PSO: k = fast %K(8), s =
 * ema(ema(0.1 (k - 50), 5), 5), PSO = (e^s - 1) / (e^s + 1); flat, 07:00-15:59,
 * PSO crossing above -0.2 -> long, below 0.2 -> short; out when PSO closes
 * beyond the opposite 0.2, or on the 18:00 bar) on EURUSD 2017 hourly bars.
 * PSO = tanh(s / 2) is monotone in s and the EMAs are linear, so PSO's
 * levels +-0.2 are ema(ema(stoch(8,1,1).k,5),5)'s 50 -+ 20 atanh(0.2) =
 * 45.95 / 54.05 (his +-0.9: 20.56 / 79.44): without the item the search
 * stood in with fisher(10), stoch(9,3,3).k and cci(10) cuts (held out 0.389
 * through the CLI). With it in the level grid the search fits its crossings
 * at 45.9 / 54.1 and joins them to session(7,16) (held out 0.990, trees). */
#define PSO "ema(ema(stoch(8,1,1).k,5),5)"
START_TEST(a_premier_stochastic_bot_takes_the_crossings_of_leibfarths_levels)
{
    bc_trades *t = load_trades("bots/heldout28/heldout28_pso_session_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(added_names(added, "cross(" PSO ",45.9"), "the long crossing not found");
    ck_assert_msg(added_names(added, "cross(54.1," PSO ")") ||
                      added_names(added, "cross(54," PSO ")"),
                  "the short crossing not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.9, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST
#undef PSO

/* heldout28 standard error bands (Andersen's 21-bar least-squares line of
 * the closes, its end value LR and standard error SE; mid = sma(LR, 3),
 * bands mid +- 2 sma(SE, 3); the close below the lower band -> long, above
 * the upper -> short; out when the close is back beyond mid) on GOOGL daily
 * bars: without the item the search stood in with the unsmoothed 20-bar
 * channel ratio(diff(close,linreg(20)),linregse(20)) cut at -1.62 / 1.7
 * (held out 0.756 through the CLI). With the close's place in Andersen's
 * smoothed bands, ratio(diff(close,mean(linreg(21),3)),mean(linregse(21),3)),
 * in the level grid the search cuts it at his -2 / 2 and exits at 0, the
 * middle line (held out 0.977). */
#define SE_BANDS "ratio(diff(close,mean(linreg(21),3)),mean(linregse(21),3))"
START_TEST(a_standard_error_band_bot_takes_andersens_smoothed_bands)
{
    bc_trades *t = load_trades("bots/heldout28/heldout28_se_bands_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(added_names(added, "above(" SE_BANDS ",-2)") ||
                      added_names(added, "above(-2," SE_BANDS ")"),
                  "the lower band not found");
    ck_assert_msg(added_names(added, "above(" SE_BANDS ",2)"), "the upper band not found");
    ck_assert_msg(json_array_has(json_object_get(search, "exit_levels"), "above(" SE_BANDS ",0)"),
                  "the middle line not found");
    const double f1 = report_number(report, "fidelity", "f1");
    ck_assert_msg(f1 > 0.95, "held out %.3f", f1);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST
#undef SE_BANDS

/* heldout27 Crabel stretch breakout (the stretch: the mean over the 10
 * previous days of min(high - open, open - low); flat, the close above open
 * + stretch -> long, below open - stretch -> short; sl 1.25, tp 2.5 atr(10)
 * at the broker, no other exit) on AAPL daily bars: without the stretch the
 * search stood in with ratio(close,open) levels (held out 0.850). With
 * ratio(diff(close,open),stretch(10)@1) in the level grid it cuts that item
 * at +1 and -1 (held out 0.950), the broker levels 1.25 / 2.5 atr(10). */
START_TEST(a_stretch_breakout_takes_the_move_beyond_crabels_stretch)
{
    bc_trades *t = load_trades("bots/heldout27/heldout27_crabel_stretch_sltp_aapl_trades_raw.csv");
    bc_bars *b = load_bars("aapl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *added = json_object_get(json_object_get(report, "search"), "added");
    ck_assert_msg(json_array_has(added, "above(ratio(diff(close,open),stretch(10)@1),1)"),
                  "the long breakout not found");
    ck_assert_msg(json_array_has(added, "above(ratio(diff(close,open),stretch(10)@1),-1)"),
                  "the short breakout not found");
    json_t *exits = json_object_get(report, "exits");
    const char *legs[] = {"sl", "tp"};
    const double k[] = {1.25, 2.5};
    for (int i = 0; i < 2; i++) {
        json_t *leg = json_object_get(exits, legs[i]);
        ck_assert_str_eq(json_string_value(json_object_get(leg, "unit")), "atr");
        ck_assert_int_eq((int)json_integer_value(json_object_get(leg, "n")), 10);
        ck_assert_double_eq_tol(json_number_value(json_object_get(leg, "k")), k[i], 0.01);
        ck_assert(json_is_true(json_object_get(leg, "used")));
    }
    ck_assert_double_ge(report_number(report, "fidelity", "f1"), 0.93);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout25 Camarilla fade (the previous trading day's L3 = C - 1.1 (H - L)
 * / 4, H3 = C + 1.1 (H - L) / 4, days of fewer than 12 hourly bars skipped;
 * in 08:00-15:59 the close crossing below L3 long, above H3 short; out at
 * 20:00 or beyond C): without camarilla the search took bbands(20,2)'s
 * crossings (held out 0.450); with the levels (a Sunday's bars in no day)
 * and their crossings in the grid both opens are the crossing inside
 * session(8,16) at training F1 1 (held out 0.972 with trees). */
START_TEST(a_camarilla_fade_takes_the_l3_and_h3_crossings_in_the_session)
{
    bc_trades *t = load_trades("bots/heldout25/heldout25_camarilla_session_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "and(above(0,cross(close,camarilla.l3)),session(8,16))"),
                  "the L3 crossing in the session not found");
    ck_assert_msg(json_array_has(added, "and(cross(close,camarilla.h3),session(8,16))"),
                  "the H3 crossing in the session not found");
    assert_both_opens_fit(search);
    ck_assert(report_number(report, "fidelity", "f1") > 0.95);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout29 R-Breaker breakout (the previous trading day's break buy =
 * sell setup + 0.25 (sell setup - buy setup), sell setup = H + 0.35 (C - L),
 * buy setup = L - 0.35 (H - C), break sell the mirror; the close crossing
 * them, broker sl 1.5 / tp 3 atr(14)): without rbreaker the clone held out
 * 0.409 (trees); with the break levels' crossings in the grid the search
 * takes both and the held-out entries are all matched. */
START_TEST(an_r_breaker_takes_the_break_level_crossings)
{
    bc_trades *t = load_trades("bots/heldout29/heldout29_r_breaker_sltp_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cross(close,rbreaker.bbreak)"),
                  "the break buy crossing not found");
    ck_assert_msg(json_array_has(added, "cross(close,rbreaker.sbreak)"),
                  "the break sell crossing not found");
    ck_assert(report_number(report, "fidelity", "f1") > 0.95);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout30 DeMark's projected range (the previous trading day's X = H + 2L
 * + C, 2H + L + C or H + L + 2C as C is below, above or at O; projected high
 * X / 2 - L, low X / 2 - H; the close crossing them, broker sl 2 / tp 3
 * atr(14)): without dmpivot the clone held out 0.231 (trees); with the
 * projected high / low crossings in the grid the search takes both, and
 * with camarilla's days ending the Friday at a Sunday's bars (the
 * generator's days: a Sunday-evening session is no day) the held-out F1 is
 * over 0.95 (0.915 when a Sunday's bars kept Thursday's levels). */
START_TEST(a_demark_range_bot_takes_the_projected_high_and_low_crossings)
{
    bc_trades *t =
        load_trades("bots/heldout30/heldout30_demark_range_sltp_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "cross(close,dmpivot.r1)"),
                  "the projected high crossing not found");
    ck_assert_msg(json_array_has(added, "cross(close,dmpivot.s1)"),
                  "the projected low crossing not found");
    ck_assert(report_number(report, "fidelity", "f1") > 0.95);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout23 Darvas box (the box top max(high,10) as of three bars ago,
 * confirmed when the three bars since stayed below it; flat, confirmed and
 * the close above it -> long, the lows mirrored -> short; ATR sl/tp and a
 * 24-bar exit): the level grid's box items, the close over the top
 * ratio(close,max(high,10)@3) and the top held ratio(max(high,3)@1,
 * max(high,10)@3), are both sides' pairs (training F1 1 each), where the
 * search had taken the fractal cross and the close over the 10-bar high
 * (held out 0.485 -> 1.000). */
START_TEST(a_darvas_box_breakout_takes_the_box_top_and_its_three_held_bars)
{
    bc_trades *t = load_trades("bots/heldout23/heldout23_darvas_sltp_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(added_names(added, "ratio(close,max(high,10)@3)"), "the box top not taken");
    ck_assert_msg(added_names(added, "ratio(max(high,3)@1,max(high,10)@3)"),
                  "the top's three held bars not taken");
    ck_assert_msg(added_names(added, "ratio(close,min(low,10)@3)"), "the box bottom not taken");
    ck_assert_msg(added_names(added, "ratio(min(low,3)@1,min(low,10)@3)"),
                  "the bottom's three held bars not taken");
    assert_both_opens_fit(search);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout25 gap and range (flat, the open below the previous bar's low and
 * the close in the top quarter of its range -> long, the open above the
 * previous high and the close in the bottom quarter -> short; out when the
 * close crosses back beyond the gap bar's open, or after 5 bars): the
 * level grid's gap items ratio(open,low@1) / ratio(open,high@1) cut at 1,
 * paired with the close's place in its range cut at 0.75 / 0.25, are both
 * sides' rules (training F1 1 each), where the search had stood in with
 * the opening gap over the previous close, ratio(open,close@1) < 0.9967,
 * and the low under the previous low (held out 0.609 -> 0.977). */
START_TEST(a_gap_beyond_the_previous_range_takes_the_open_over_its_low_and_high)
{
    bc_trades *t = load_trades("bots/heldout25/heldout25_gap_range_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "and(above(1,ratio(open,low@1)),"
                                        "above(ratio(diff(close,low),diff(high,low)),0.75))"),
                  "the gap down with the close in the top quarter not found");
    ck_assert_msg(json_array_has(added, "and(above(ratio(open,high@1),1),"
                                        "above(0.25,ratio(diff(close,low),diff(high,low))))"),
                  "the gap up with the close in the bottom quarter not found");
    ck_assert_msg(!added_names(added, "ratio(open,close@1)"), "the gap over the close stood in");
    assert_both_opens_fit(search);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* heldout25 Aroon dip (flat, aroonosc(25) > 50 and the close below the
 * lowest of the 3 previous closes -> long, the mirror short; out when the
 * close clears the previous bar's high / low): the level grid's 3-close
 * channel ratio(close,min(close,3)@1) / ratio(close,max(close,3)@1) cut at
 * 1 beside the oscillator are both sides' rules (the search had taken
 * ret(3) < 0 and ret(2) < 0, which a close between close@1 and the others
 * passes), and with the exits explained by the close against the previous
 * bar's range alone the clone takes no max_hold: two of the training
 * trades end at the longest hold (14 bars) by chance, and a held-out short
 * of 33 bars was closed at 29 and re-entered under the limit of 28
 * (0.987 -> 1.000). */
START_TEST(a_dip_under_the_three_previous_closes_takes_the_short_close_channel)
{
    bc_trades *t = load_trades("bots/heldout25/heldout25_aroonosc_dip_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "and(above(1,ratio(close,min(close,3)@1)),"
                                        "above(aroonosc(25),50))"),
                  "the close under the 3 previous closes beside the oscillator not found");
    ck_assert_msg(added_names(added, "ratio(close,max(close,3)@1)"),
                  "the close over the 3 previous closes not found");
    ck_assert_msg(!added_names(added, "ret(2)"), "ret(2) stood in");
    assert_both_opens_fit(search);
    ck_assert_double_eq(report_number(report, "fidelity", "f1"), 1.0);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* a box set two bars ago (the 20-bar channel as of @2), held since
 * (the two bars after it under its top / over its bottom) and the close
 * beyond it */
static int displaced_box_rule(const double *v)
{
    return v[1] < 1.0 && v[0] > 1.0 ? 1 : v[3] > 1.0 && v[2] < 1.0 ? -1 : 0;
}

/* A synthetic displaced-channel bot on EUR/USD's hourly bars: flat, the
 * 20-bar box top as of four bars ago max(high,20)@2, held since
 * (max(high,2)@1 under it) and the close above it -> long, the lows
 * mirrored -> short; out after 12 bars. Neither its 20 nor its 4 is the
 * Darvas bot's 10 / 3: the level grid's displaced channels (n 10 / 20 / 55,
 * k 2..5) and their held pairs find both sides' rule by default. */
START_TEST(a_displaced_channel_held_k_bars_is_found_by_the_displacement_grid)
{
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    int32_t entries;
    bc_trades *t = synthetic_bot(b,
                                 "ratio(close,max(high,20)@2),ratio(max(high,2)@1,max(high,20)@2),"
                                 "ratio(close,min(low,20)@2),ratio(min(low,2)@1,min(low,20)@2)",
                                 4, "EURUSD", displaced_box_rule, 12, &entries);
    ck_assert_int_gt(entries, 40);
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(added_names(added, "ratio(close,max(high,20)@2)"), "the displaced top not taken");
    ck_assert_msg(added_names(added, "ratio(max(high,2)@1,max(high,20)@2)"),
                  "the top's held bars not taken");
    ck_assert_msg(added_names(added, "ratio(close,min(low,20)@2)"),
                  "the displaced bottom not taken");
    ck_assert_msg(added_names(added, "ratio(min(low,2)@1,min(low,20)@2)"),
                  "the bottom's held bars not taken");
    assert_both_opens_fit(search);
    ck_assert_double_gt(report_number(report, "fidelity", "f1"), 0.99);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* the close crossing ema(21) in an ordered ema 8/21/55 stack, mirrored */
static int stack_pullback_rule(const double *v)
{
    if (v[0] == 1.0 && v[1] > v[2] && v[2] > v[3])
        return 1;
    return v[0] == -1.0 && v[1] < v[2] && v[2] < v[3] ? -1 : 0;
}

/* A synthetic stack bot on EURUSD's hourly bars: flat, the close crossing
 * above ema(21) while ema(8) > ema(21) > ema(55) opens long, the mirror
 * short; out after 5 bars. The level grid's ordered stacks (twenty-third
 * session: customary triples of sma and ema, both orders) hold the bot's
 * 8/21/55, so both sides take the stack beside the cross (without them
 * the search took three stand-ins a side, the cross with
 * ratio(ema(9),ema(21)) and ratio(close,smma(50)) or ratio(ema(21),ema(55))). */
START_TEST(a_cross_in_an_ordered_stack_of_three_averages_takes_the_stack)
{
    bc_bars *b = load_bars("bots/eurusd_1h.csv");
    int32_t entries;
    bc_trades *t = synthetic_bot(b, "cross(close,ema(21)),ema(8),ema(21),ema(55)", 4, "EURUSD",
                                 stack_pullback_rule, 5, &entries);
    ck_assert_int_gt(entries, 40);
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "above(and(above(ema(8),ema(21)),above(ema(21),"
                                        "ema(55))),0)"),
                  "the long stack not taken");
    ck_assert_msg(json_array_has(added, "above(and(above(ema(21),ema(8)),above(ema(55),"
                                        "ema(21))),0)"),
                  "the short stack not taken");
    assert_both_opens_fit(search);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* the skew of the last 48 returns crossing below -0.75 -> long, above
 * 0.75 -> short, in 07-16 h (session(7,17) > 0) */
static int skew_session_rule(const double *v)
{
    return v[2] > 0.0 && v[0] == 1.0 ? 1 : v[2] > 0.0 && v[1] == 1.0 ? -1 : 0;
}

/* the cyber cycle crossing its trigger (itself a bar earlier): up -> long,
 * down -> short */
static int cycle_trigger_rule(const double *v)
{
    return v[0] == 1.0 ? 1 : v[0] == -1.0 ? -1 : 0;
}

/* search_refine's decimal moves: a synthetic Ehlers cyber cycle bot at
 * alpha 0.1 on the S&P 500's daily bars (flat, the cycle crossing its
 * trigger; out after 6 bars). The grid holds the cycle at Ehlers' 0.07: the
 * search takes cross(cybercycle(0.07),cybercycle(0.07)@1), a stand-in
 * (0.577 through the CLI); the refinement moves the alpha, both copies at
 * once, to the customary 0.1 (1.000). Without the decimal moves (integer
 * parameters only) the item stays at 0.07. */
START_TEST(an_off_grid_cyber_cycle_alpha_is_refined_after_the_search)
{
    bc_bars *b = load_bars("sp500_daily.csv");
    int32_t entries;
    bc_trades *t = synthetic_bot(b, "cross(cybercycle(0.1),cybercycle(0.1)@1)", 1, "SP500",
                                 cycle_trigger_rule, 6, &entries);
    ck_assert_int_gt(entries, 300);
    double f1[2];
    for (int k = 0; k < 2; k++) {
        const char *off[] = {"search_refine", "0", NULL};
        json_t *report = fit_logistic(t, b, k == 0 ? off : NULL, NULL);
        json_t *search = json_object_get(report, "search");
        json_t *added = json_object_get(search, "added");
        f1[k] = report_number(report, "fidelity", "f1");
        if (k == 0)
            ck_assert_msg(!added_names(added, "cybercycle(0.1)"),
                          "alpha 0.1 found without refining");
        else
            ck_assert_msg(json_array_has(added, "cross(cybercycle(0.1),cybercycle(0.1)@1)"),
                          "the alpha not refined");
        json_decref(report);
    }
    ck_assert_msg(f1[0] < 0.95, "without refining %.3f", f1[0]);
    ck_assert_msg(f1[1] > 0.99, "refined %.3f", f1[1]);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* One trading window for both sides (search.c, session_sides): a synthetic
 * two-sided session bot on the 2017 EUR/USD hours (the heldout23 skew
 * bot's rule, out after 10 bars instead of at 18:00: 21 long and 46 short
 * entries). Its shorts take their crossing inside the session window in
 * the pair search; its longs' crossing ties there with volume above 1.2 of
 * its mean (training F1 1 each) and kept that cut, a stand-in for the
 * hours. The shorts' window is now offered to the longs' crossing and
 * taken at equal F1: both sides and(crossing,session(7,17)). */
START_TEST(the_other_side_takes_the_session_window_its_mirror_took)
{
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    int32_t entries;
    bc_trades *t = synthetic_bot(b, "cross(-0.75,skew(48)),cross(skew(48),0.75),session(7,17)", 3,
                                 "EURUSD", skew_session_rule, 10, &entries);
    ck_assert_int_gt(entries, 50);
    json_t *report = fit_logistic(t, b, NULL, NULL);
    json_t *search = json_object_get(report, "search");
    json_t *added = json_object_get(search, "added");
    ck_assert_msg(json_array_has(added, "and(cross(skew(48),0.75),session(7,17))"),
                  "the short crossing not in the window");
    ck_assert_msg(json_array_has(added, "and(cross(-0.75,skew(48)),session(7,17))"),
                  "the long crossing did not take the shorts' window");
    ck_assert_msg(!added_names(added, "ratio(volume,mean(volume,20))"),
                  "the volume cut still stands in for the hours");
    assert_both_opens_fit(search);
    json_decref(report);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* cci(17) crossing back above -100 -> long, back under 100 -> short */
static int cci_cross_rule(const double *v)
{
    return v[0] == 1.0 ? 1 : v[1] == 1.0 ? -1 : 0;
}

/* search_refine: a synthetic cci(17) cross bot on the S&P 500's daily bars
 * (flat, cci(17) crossing back above -100 -> long, back under 100 ->
 * short; out after 8 bars). The level grid's cci periods are 14 and 20:
 * without the refinement the search crosses cci(20) at -110 and 104.5 and
 * cci(14) at -83 and 86, stand-ins (measured 0.788 through the CLI); the
 * refinement moves the periods to 17 and the crossings' levels to the round
 * -100 / 100, and names the moves in the report (1.000). The option takes
 * 0 or 1. */
START_TEST(an_off_grid_cci_period_is_refined_after_the_search)
{
    bc_bars *b = load_bars("sp500_daily.csv");
    int32_t entries;
    bc_trades *t = synthetic_bot(b, "cross(cci(17),-100),cross(100,cci(17))", 2, "SP500",
                                 cci_cross_rule, 8, &entries);
    ck_assert_int_gt(entries, 200);
    double f1[2];
    for (int k = 0; k < 2; k++) {
        bc_cloner *c = NULL;
        ck_assert_ok(bc_cloner_create(&c));
        ck_assert_int_eq(bc_cloner_set(c, "search_refine", "2"), BC_E_INVALID_ARGUMENT);
        bc_cloner_free(c);
        const char *off[] = {"search_refine", "0", NULL};
        json_t *report = fit_logistic(t, b, k == 0 ? off : NULL, NULL);
        json_t *search = json_object_get(report, "search");
        json_t *added = json_object_get(search, "added");
        json_t *refined = json_object_get(search, "refined");
        f1[k] = report_number(report, "fidelity", "f1");
        if (k == 0) {
            ck_assert_ptr_null(refined);
            ck_assert_msg(!added_names(added, "cci(17)"), "cci(17) found without refining");
        } else {
            ck_assert_msg(json_array_has(added, "cross(cci(17),-100)"), "the long cross not refined");
            ck_assert_msg(json_array_has(added, "cross(100,cci(17))"), "the short cross not refined");
            ck_assert_msg(json_array_size(refined) >= 2, "the moves not in the report");
            ck_assert_msg(strstr(json_string_value(json_array_get(refined, 0)), " -> ") != NULL,
                          "a move is not 'from -> to'");
        }
        json_decref(report);
    }
    ck_assert_msg(f1[0] < 0.95, "without refining %.3f", f1[0]);
    ck_assert_msg(f1[1] > 0.99, "refined %.3f", f1[1]);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* search_reserve: the heldout25 stiffness bot (flat, stiffness(50,30).up
 * crossing above 90 -> long, .down crossing above 90 -> short; out when the
 * trade's own line crosses back below 50) on EURUSD 2017 hourly bars.
 * stiffness is in neither grid (at Katsanos' (100,60) in the level grid it
 * was never taken and cost the heldout11 sma5 dip bot 1.000 -> 0.918 as a
 * chance filter): without the reserve step the search stands in with
 * learned filters (held out 0.048 through the CLI); with it each of the four
 * decisions, unexplained after the search, takes its stiffness item moved
 * from (100,60) to the bot's (50,30) - the long entry as the crossing, the
 * .up seed from the short side's .down twin - and the report lists them and
 * the step's column runs. The option takes 0 or 1. */
START_TEST(a_reserve_family_at_its_own_periods_explains_the_unexplained_decisions)
{
    bc_trades *t = load_trades("bots/heldout25/heldout25_stiffness_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    {
        bc_cloner *c = NULL;
        ck_assert_ok(bc_cloner_create(&c));
        ck_assert_int_eq(bc_cloner_set(c, "search_reserve", "2"), BC_E_INVALID_ARGUMENT);
        ck_assert_ptr_nonnull(strstr(bc_last_error(), "'2'"));
        ck_assert_ok(bc_cloner_set(c, "search_reserve", "1"));
        bc_cloner_free(c);
    }
    double f1[2];
    for (int k = 0; k < 2; k++) {
        const char *off[] = {"search_reserve", "0", NULL};
        json_t *report = fit_logistic(t, b, k == 0 ? off : NULL, NULL);
        json_t *search = json_object_get(report, "search");
        json_t *added = json_object_get(search, "added");
        json_t *reserve = json_object_get(search, "reserve");
        f1[k] = report_number(report, "fidelity", "f1");
        if (k == 0) {
            ck_assert_ptr_null(reserve);
            ck_assert_msg(!added_names(added, "stiffness("), "stiffness taken without the reserve");
        } else {
            ck_assert_msg(json_array_has(added, "cross(stiffness(50,30).up,90)"),
                          "the long entry not found");
            ck_assert_msg(json_array_has(added, "above(stiffness(50,30).down,90)"),
                          "the short entry not found");
            ck_assert_msg(json_array_has(added, "above(50,stiffness(50,30).up)"),
                          "the long exit not found");
            json_t *items = json_object_get(reserve, "items");
            ck_assert_int_eq((int)json_array_size(items), 4);
            ck_assert_msg(json_array_has(items, "cross(stiffness(50,30).up,90)"),
                          "the report does not list the reserve's items");
            const json_int_t runs = json_integer_value(json_object_get(reserve, "column_runs"));
            ck_assert_int_gt(runs, 0);
            ck_assert_int_le(runs, 2000);
            ck_assert_msg(!added_names(added, "firosc("), "a stand-in stayed beside the reserve's");
        }
        json_decref(report);
    }
    ck_assert_msg(f1[0] < 0.5, "without the reserve %.3f", f1[0]);
    ck_assert_msg(f1[1] > 0.95, "with the reserve %.3f", f1[1]);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* search_dwell: the heldout29 TD REI bot (DeMark's TD REI(5); flat, 07:00-
 * 15:59, REI crossing back above -45 after 1 to 5 bars at or below it ->
 * long, back below 45 after 1 to 5 bars at or above it -> short; out at the
 * opposite zone or on the 18:00 bar) on EURUSD 2017 hourly bars. The search
 * finds the crossings in the session but not the stay before them: without
 * the step each entry also fires after six or more bars in the zone (0.936
 * held out through the CLI); with it each entry takes its crossing with the
 * bars beyond the level bounded below 6, fitted on the training rows
 * (DeMark's five bars), and every held-out entry is matched. The option
 * takes 0 or 1. */
START_TEST(a_crossing_after_a_short_stay_in_the_zone_bounds_the_stay)
{
    bc_trades *t = load_trades("bots/heldout29/heldout29_td_rei_session_eurusd_trades_raw.csv");
    bc_bars *b = load_bars("bots/heldout/eurusd_1h_2017.csv");
    {
        bc_cloner *c = NULL;
        ck_assert_ok(bc_cloner_create(&c));
        ck_assert_int_eq(bc_cloner_set(c, "search_dwell", "2"), BC_E_INVALID_ARGUMENT);
        ck_assert_ptr_nonnull(strstr(bc_last_error(), "'2'"));
        ck_assert_ok(bc_cloner_set(c, "search_dwell", "1"));
        bc_cloner_free(c);
    }
    double f1[2];
    for (int k = 0; k < 2; k++) {
        const char *off[] = {"search_dwell", "0", NULL};
        json_t *report = fit_logistic(t, b, k == 0 ? off : NULL, NULL);
        json_t *added = json_object_get(json_object_get(report, "search"), "added");
        f1[k] = report_number(report, "fidelity", "f1");
        ck_assert_msg(json_array_has(added, "cross(tdrei(5),-45)"), "the long crossing not found");
        json_t *dwell = json_object_get(json_object_get(report, "search"), "dwell");
        if (k == 0) {
            ck_assert_msg(!added_names(added, "since("), "a stay bounded without the step");
            ck_assert_ptr_null(dwell);
        } else {
            ck_assert_int_eq((int)json_array_size(dwell), 2);
            ck_assert_msg(json_array_has(dwell, "and(and(cross(tdrei(5),-45),session(7,16)),"
                                                "above(6,since(above(tdrei(5)@1,-45))))"),
                          "the report does not list the bounded crossings");
            ck_assert_msg(json_array_has(added, "and(and(cross(tdrei(5),-45),session(7,16)),"
                                                "above(6,since(above(tdrei(5)@1,-45))))"),
                          "the long entry's stay not bounded");
            ck_assert_msg(json_array_has(added, "and(and(cross(45,tdrei(5)),session(7,16)),"
                                                "above(6,since(above(45,tdrei(5)@1))))"),
                          "the short entry's stay not bounded");
        }
        json_decref(report);
    }
    ck_assert_msg(f1[0] < 0.97, "without the step %.3f", f1[0]);
    ck_assert_msg(f1[1] > 0.99, "with the step %.3f", f1[1]);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* search_prune: the heldout28 standard-error bands bot (Andersen's bands,
 * mid = sma(linreg(21),3) +- 2 sma(linregse(21),3); flat, the close under
 * the lower band -> long, over the upper -> short, out back across mid) on
 * GOOGL daily bars. The search builds each decision's rule condition by
 * condition: a 20-bar regression channel cut at -1.622 first, Andersen's
 * band at -2 beside it, which alone makes no training bar wrong; kept, the
 * stand-in vetoes held-out entries where the two part (0.977 measured).
 * Pruned, each decision is the band alone, no and() column, every held-out
 * entry matched. The option takes 0 or 1. */
START_TEST(a_condition_that_fixes_no_training_bar_leaves_the_rule)
{
    bc_trades *t = load_trades("bots/heldout28/heldout28_se_bands_googl_trades_raw.csv");
    bc_bars *b = load_bars("bots/googl_daily.csv");
    {
        bc_cloner *c = NULL;
        ck_assert_ok(bc_cloner_create(&c));
        ck_assert_int_eq(bc_cloner_set(c, "search_prune", "2"), BC_E_INVALID_ARGUMENT);
        ck_assert_ptr_nonnull(strstr(bc_last_error(), "'2'"));
        ck_assert_ok(bc_cloner_set(c, "search_prune", "0"));
        bc_cloner_free(c);
    }
    const char *band = "ratio(diff(close,mean(linreg(21),3)),mean(linregse(21),3))";
    char item[160];
    double f1[2];
    for (int k = 0; k < 2; k++) {
        const char *off[] = {"search_prune", "0", NULL};
        json_t *report = fit_logistic(t, b, k == 0 ? off : NULL, NULL);
        json_t *added = json_object_get(json_object_get(report, "search"), "added");
        f1[k] = report_number(report, "fidelity", "f1");
        const double cuts[] = {-2, 2, 0};
        for (int w = 0; w < 3; w++) {
            snprintf(item, sizeof item, "above(%s,%g)", band, cuts[w]);
            ck_assert_msg(json_array_has(added, item), "%s not added", item);
        }
        if (k == 0)
            ck_assert_msg(added_names(added, "linreg(20)") && added_names(added, "and("),
                          "the stand-in was not taken without the step: nothing to prune");
        else
            ck_assert_msg(!added_names(added, "linreg(20)") && !added_names(added, "and(") &&
                              !added_names(added, "zlema("),
                          "a condition that fixes no training bar stayed");
        json_decref(report);
    }
    ck_assert_msg(f1[0] < 0.99, "without the step %.3f", f1[0]);
    ck_assert_msg(f1[1] > 0.999, "with the step %.3f", f1[1]);
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

/* trees_path_rule: the heldout21 VHF bot exits a short on the close
 * crossing above ema(20) alone (every training short exit, and no such
 * cross without one: the search's close-short F1 in the spec is 1), yet
 * its trees clone cut those exits on the position's path (mae_atr) and
 * held a held-out short that never went against it past its cross (F1
 * 0.941 with trees_path_rule 0). With the rule the path splits the
 * training and validation decisions do without leave the trees: fewer
 * path splits (69 taken out), all 18 held-out entries matched; the option
 * takes 0 or 1. */
START_TEST(a_trees_clone_leaves_out_path_splits_where_a_signal_explains_the_exits)
{
    bc_trades *t = load_trades("bots/heldout21/heldout21_vhf_trend_sp500_trades_raw.csv");
    bc_bars *b = load_bars("sp500_daily.csv");
    double f1[2];
    int32_t path_splits[2];
    for (int k = 0; k < 2; k++) {
        bc_cloner *c = NULL;
        bc_model *m = NULL;
        ck_assert_ok(bc_cloner_create(&c));
        ck_assert_ok(bc_cloner_set(c, "model", "trees"));
        if (k == 0) {
            ck_assert_ok(bc_cloner_set(c, "trees_path_rule", "0"));
            ck_assert_int_eq(bc_cloner_set(c, "trees_path_rule", "2"), BC_E_INVALID_ARGUMENT);
        }
        int32_t fit = bc_cloner_fit(c, t, b, &m);
        if (fit == BC_E_UNSUPPORTED) { /* a build without XGBoost: no trees */
            bc_cloner_free(c);
            bc_trades_free(t);
            bc_bars_free(b);
            return;
        }
        ck_assert_ok(fit);
        json_t *report = report_of(c);
        f1[k] = report_number(report, "fidelity", "f1");
        json_t *bypassed = json_object_get(report, "trees_path_bypassed");
        if (k == 0)
            ck_assert_ptr_null(bypassed);
        else /* measured 69 when every trial recomputed every training row
              * and both closed loops in full (28e22ae): recomputing only
              * what a split moves must take out the same */
            ck_assert_int_eq(json_integer_value(bypassed), 69);
        json_decref(report);
        path_splits[k] = 0;
        const bc_trees *tr = m->trees;
        ck_assert_ptr_nonnull(tr);
        for (int32_t i = 0; i < tr->n_nodes; i++)
            if (tr->feature[i] >= 0) {
                const char *name = m->feature_names[tr->feature[i]];
                path_splits[k] += strcmp(name, "mae_atr") == 0 || strcmp(name, "mfe_atr") == 0 ||
                                  strcmp(name, "upnl_atr") == 0;
            }
        bc_model_free(m);
        bc_cloner_free(c);
    }
    ck_assert_msg(path_splits[1] < path_splits[0], "path splits %d -> %d", (int)path_splits[0],
                  (int)path_splits[1]);
    ck_assert_msg(f1[0] < 0.97, "without the rule F1 %.3f", f1[0]);  /* measured 0.941 */
    ck_assert_msg(f1[1] > 0.999, "with the rule F1 %.3f", f1[1]);    /* measured 1.000 */
    bc_trades_free(t);
    bc_bars_free(b);
}
END_TEST

Suite *suite_clone(void)
{
    Suite *s = suite_create("clone");
    TCase *tc = tcase_create("core");
    /* a default clone takes about 5 s alone; make check runs the TSan and
     * Python suites beside this one, and a loaded 2-core machine once took
     * over 60 s for the hourly MACD-session bot */
    tcase_set_timeout(tc, 180);
    /* a trees clone of a bot with 174 entries, then a run: longer on a
     * loaded machine */
    TCase *levels = tcase_create("levels");
    tcase_set_timeout(levels, 300);
    tcase_add_test(levels, a_clone_run_reproduces_the_targets_exits_at_its_atr_levels);
    tcase_add_test(levels, a_clone_run_places_a_swing_stop_and_a_two_r_target_like_its_target);
    tcase_add_test(levels, a_mental_stop_clone_measures_the_unenforced_levels);
    tcase_add_test(levels, a_loop_started_in_an_old_swing_position_gets_its_levels);
    tcase_add_test(levels, a_memo_of_forward_passes_changes_no_decision);
    tcase_add_test(levels, a_target_at_the_moving_average_is_learned_and_placed_there);
    tcase_add_test(levels, stops_in_standard_deviations_are_learned_and_placed_there);
    tcase_add_test(levels, a_trees_clone_leaves_out_path_splits_where_a_signal_explains_the_exits);
    suite_add_tcase(s, levels);
    /* logistic clones of synthetic bots (the pair search's choices) */
    TCase *pairs = tcase_create("pairs");
    tcase_set_timeout(pairs, 180);
    tcase_add_test(pairs, the_mirrored_sides_of_a_rule_take_one_second_condition);
    tcase_add_test(pairs, a_third_condition_that_removes_most_wrong_bars_joins_below_the_triple_margin);
    tcase_add_test(pairs, a_fast_average_over_a_slow_one_is_a_level_item);
    tcase_add_test(pairs, the_mirrored_side_of_a_four_condition_rule_takes_the_fourth_and_one_level);
    suite_add_tcase(s, pairs);
    tcase_add_loop_test(tc, clones_of_the_test_bots_reach_their_held_out_fidelity, 0,
                        (int)(sizeof bots / sizeof bots[0]));
    tcase_add_test(tc, an_mlp_clone_reaches_the_goal_on_the_moving_average_bot);
    tcase_add_test(tc, a_clone_run_from_flat_trades_like_its_target_on_the_held_out_bars);
    tcase_add_test(tc, the_simulator_trades_its_decisions_by_the_position_rules);
    tcase_add_test(tc, the_streaming_predictor_makes_the_runs_decisions_bar_by_bar);
    tcase_add_test(tc, the_predictor_holds_in_lookback_and_checks_its_inputs);
    tcase_add_test(tc, the_predictor_allocates_nothing_per_bar);
    tcase_add_test(tc, decisions_and_uncertain_ones_are_logged_and_read_back);
    tcase_add_test(tc, replay_finds_divergences_only_where_a_decision_flips);
    tcase_add_test(tc, labelled_uncertain_decisions_replay_and_half_life_shape_training);
    tcase_add_test(tc, one_clone_learns_a_log_of_two_symbols_with_per_symbol_state);
    tcase_add_test(tc, the_cloner_names_what_is_wrong_with_its_inputs);
    tcase_add_test(tc, a_cloned_model_carries_its_metadata_through_the_bcm_file);
    tcase_add_test(tc, above_marks_the_bars_where_a_level_holds_in_batch_and_streaming);
    tcase_add_test(tc, default_features_build_and_leave_out_drifting_columns);
    tcase_add_test(tc, the_signal_search_finds_the_uncommon_periods_a_bot_trades_on);
    tcase_add_test(tc, the_level_search_finds_both_conditions_of_a_compound_rule_at_their_levels);
    tcase_add_test(tc, two_cloners_on_two_threads_fit_as_each_does_alone);
    tcase_add_test(tc, the_search_holds_long_trend_periods_where_the_series_is_long_enough);
    tcase_add_test(tc, without_the_search_the_default_set_misses_an_uncommon_cross);
    tcase_add_test(tc, the_signal_search_sees_only_the_training_bars);
    tcase_add_test(tc, levels_found_for_an_exit_enter_signed_by_the_position);
    tcase_add_test(tc, the_search_option_takes_auto_or_a_count_up_to_8);
    tcase_add_test(tc, a_found_signal_that_leaves_too_few_bars_is_dropped);
    tcase_add_test(tc, model_auto_keeps_the_search_rule_when_it_decides_no_worse);
    suite_add_tcase(s, tc);
    /* model auto on one bot (about 5 s alone), its own case to run alone */
    TCase *time_stop = tcase_create("timestop");
    tcase_set_timeout(time_stop, 180);
    tcase_add_test(time_stop, the_rule_candidate_learns_a_time_stop_as_a_bars_held_cut);
    suite_add_tcase(s, time_stop);
    TCase *sweeps = tcase_create("sweeps");
    tcase_add_test(sweeps, the_fast_level_sweeps_equal_the_reference_sweeps);
    tcase_add_test(sweeps, a_memo_of_the_exit_atrs_changes_no_fill);
    tcase_add_test(sweeps, a_two_output_level_item_mirrors_to_its_twin_output);
    tcase_add_test(sweeps, a_level_cut_takes_a_customary_ten_among_equally_round_ones);
    suite_add_tcase(s, sweeps);
    TCase *breakeven = tcase_create("breakeven");
    tcase_set_timeout(breakeven, 180);
    tcase_add_test(breakeven, the_break_even_step_moves_a_stop_to_the_entry_once_reached);
    tcase_add_test(breakeven, a_clone_learns_a_break_even_stop_and_carries_it_through_its_files);
    suite_add_tcase(s, breakeven);
    /* synthetic hosts and two fitted stop clones: about 30 s alone, past 120 s
     * on a loaded two-core machine (two timeouts seen with load 5-6) */
    TCase *host = tcase_create("host levels");
    tcase_set_timeout(host, 300);
    tcase_add_test(host, a_host_places_the_levels_of_bc_clone_run_from_the_predictor);
    tcase_add_test(host, the_predictor_levels_refuse_null_and_are_nan_without_a_level);
    tcase_add_test(host, a_host_places_the_levels_of_fitted_atr_and_stddev_clones);
    tcase_add_test(host, a_bar_whose_level_filled_is_decided_flat_and_level_wait_enters_later);
    suite_add_tcase(s, host);
    TCase *session_level = tcase_create("session level");
    tcase_set_timeout(session_level, 180);
    tcase_add_test(session_level,
                   a_crossing_in_the_session_window_takes_its_level_from_the_windows_hours);
    suite_add_tcase(s, session_level);
    /* one clone (about 10 s alone) and two predictors over its bars */
    TCase *reported = tcase_create("reported break-even");
    tcase_set_timeout(reported, 180);
    tcase_add_test(reported, a_position_reported_again_mid_trade_keeps_its_break_even_move);
    suite_add_tcase(s, reported);
    TCase *ties = tcase_create("search ties");
    tcase_set_timeout(ties, 120);
    tcase_add_test(ties, mirrored_seconds_at_equal_f1_take_the_first_signals_own_indicator);
    tcase_add_test(ties, a_vwma_trend_bot_takes_the_close_crossing_vwma);
    tcase_add_test(ties, a_keltner_1960_breakout_takes_the_channels_own_crosses);
    tcase_add_test(ties, a_psychological_line_bot_takes_the_share_of_up_closes);
    tcase_add_test(ties, a_camarilla_fade_takes_the_l3_and_h3_crossings_in_the_session);
    tcase_add_test(ties, an_r_breaker_takes_the_break_level_crossings);
    tcase_add_test(ties, a_demark_range_bot_takes_the_projected_high_and_low_crossings);
    suite_add_tcase(s, ties);
    /* two logistic clones on 6k hourly bars (heldout26: MACD-V, HT trend mode) */
    TCase *heldout26 = tcase_create("heldout26 grid items");
    tcase_set_timeout(heldout26, 600);
    tcase_add_test(heldout26, a_macdv_bot_takes_the_signal_cross_beyond_its_momentum_levels);
    tcase_add_test(heldout26, a_trend_mode_gate_joins_the_kama_cross);
    suite_add_tcase(s, heldout26);
    /* two logistic clones (heldout27: WaveTrend on 6k hourly bars, the cyber
     * cycle on 5k daily bars) */
    TCase *heldout27 = tcase_create("heldout27 grid items");
    tcase_set_timeout(heldout27, 600);
    tcase_add_test(heldout27, a_wavetrend_bot_takes_the_wt_cross_beyond_its_levels_in_the_session);
    tcase_add_test(heldout27, a_cyber_cycle_bot_takes_the_trigger_cross_gated_by_the_sign);
    suite_add_tcase(s, heldout27);
    /* two logistic clones on daily bars (heldout27: projection bands,
     * Crabel's stretch with broker stops) */
    TCase *h27_bands = tcase_create("heldout27 band and stretch items");
    tcase_set_timeout(h27_bands, 300);
    tcase_add_test(h27_bands, a_projection_band_bot_takes_the_oscillators_own_levels);
    tcase_add_test(h27_bands, a_stretch_breakout_takes_the_move_beyond_crabels_stretch);
    suite_add_tcase(s, h27_bands);
    /* two logistic clones (heldout28: Leibfarth's premier stochastic in a
     * session on 6k hourly bars, Andersen's standard error bands on daily
     * bars) */
    TCase *h28 = tcase_create("heldout28 pso and se bands items");
    tcase_set_timeout(h28, 600);
    tcase_add_test(h28, a_premier_stochastic_bot_takes_the_crossings_of_leibfarths_levels);
    tcase_add_test(h28, a_standard_error_band_bot_takes_andersens_smoothed_bands);
    suite_add_tcase(s, h28);
    /* two logistic clones (heldout27: the triple screen on 5k daily bars, the
     * choppiness filter on 4k hourly bars) */
    TCase *h27_screen = tcase_create("heldout27 screen and chop items");
    tcase_set_timeout(h27_screen, 300);
    tcase_add_test(h27_screen, a_triple_screen_takes_the_weekly_tide_the_force_and_the_breakout);
    tcase_add_test(h27_screen, a_choppiness_filter_takes_the_crossing_under_38_2);
    suite_add_tcase(s, h27_screen);
    /* one logistic clone on 5k daily bars (heldout28: the HV ratio setup) */
    TCase *h28_hv = tcase_create("heldout28 volatility ratio");
    tcase_set_timeout(h28_hv, 300);
    tcase_add_test(h28_hv, a_volatility_ratio_setup_takes_hv6_over_hv100_with_the_narrow_range);
    suite_add_tcase(s, h28_hv);
    /* one logistic clone (heldout28: the trend detection index on 4k hourly
     * bars, about 5 s alone) */
    TCase *h28_tdi = tcase_create("heldout28 trend detection index");
    tcase_set_timeout(h28_tdi, 180);
    tcase_add_test(h28_tdi, a_trend_detection_bot_takes_the_zero_cross_on_the_directions_side);
    suite_add_tcase(s, h28_tdi);
    /* one logistic clone (heldout29: the trend continuation factor on 4k
     * hourly bars, a few seconds alone) */
    TCase *h29_tcf = tcase_create("heldout29 trend continuation factor");
    tcase_set_timeout(h29_tcf, 180);
    tcase_add_test(h29_tcf, a_trend_continuation_bot_takes_its_lines_zero_crossings_and_exits);
    suite_add_tcase(s, h29_tcf);
    /* one logistic clone (heldout29: TD REI in a session on 2017's hourly
     * bars, a few seconds alone) */
    TCase *h29_rei = tcase_create("heldout29 TD range expansion index");
    tcase_set_timeout(h29_rei, 180);
    tcase_add_test(h29_rei, a_td_rei_bot_takes_the_zone_crossings_in_its_session);
    suite_add_tcase(s, h29_rei);
    /* one two-symbol logistic clone (heldout28: the rainbow oscillator on
     * AAPL and GOOGL daily, a few seconds alone) */
    TCase *h28_rainbow = tcase_create("heldout28 rainbow oscillator");
    tcase_set_timeout(h28_rainbow, 180);
    tcase_add_test(h28_rainbow, a_rainbow_bot_takes_the_oscillators_crossings_and_its_zero_exit);
    suite_add_tcase(s, h28_rainbow);
    /* one logistic clone (heldout29: Ehlers' Ultimate Bands on AAPL daily,
     * a few seconds alone) */
    TCase *h29_ubands = tcase_create("heldout29 ultimate bands");
    tcase_set_timeout(h29_ubands, 180);
    tcase_add_test(h29_ubands, an_ultimate_bands_bot_takes_the_band_cuts_and_the_mid_exit);
    suite_add_tcase(s, h29_ubands);
    /* two logistic clones (heldout30: the simple decycler on S&P 500 daily,
     * Kirshenbaum bands on GOOGL daily, seconds each alone) */
    TCase *h30_kdc = tcase_create("heldout30 decycler kirshenbaum");
    tcase_set_timeout(h30_kdc, 240);
    tcase_add_test(h30_kdc, a_decycler_bot_takes_the_hysteresis_lines);
    tcase_add_test(h30_kdc, a_kirshenbaum_bands_bot_takes_the_band_cut_and_the_ema_exit);
    tcase_add_test(h30_kdc, a_kirshenbaum_bands_bot_cuts_both_bands_about_the_centre);
    suite_add_tcase(s, h30_kdc);
    /* one two-symbol logistic clone (heldout29: the ergodic candlestick
     * oscillator on S&P 500 and AAPL daily, a few seconds alone) */
    TCase *h29_eco = tcase_create("heldout29 ergodic candlestick oscillator");
    tcase_set_timeout(h29_eco, 180);
    tcase_add_test(h29_eco, an_ergodic_candlestick_bot_takes_the_signal_cross_on_the_side_of_0);
    suite_add_tcase(s, h29_eco);
    /* one logistic clone (heldout30: the directional trend index on GOOGL
     * daily, about 1 s alone) */
    TCase *h30_dti = tcase_create("heldout30 directional trend index");
    tcase_set_timeout(h30_dti, 180);
    tcase_add_test(h30_dti, a_directional_trend_index_bot_turns_on_its_zero_cross);
    suite_add_tcase(s, h30_dti);
    /* one two-symbol logistic clone (heldout30: the QQE on S&P 500 and
     * GOOGL daily, a few seconds alone) */
    TCase *h30_qqe = tcase_create("heldout30 qqe");
    tcase_set_timeout(h30_qqe, 180);
    tcase_add_test(h30_qqe, a_qqe_bot_takes_the_trail_cross_on_the_side_of_50);
    suite_add_tcase(s, h30_qqe);
    /* two logistic clones (heldout30: three inside on S&P 500 and GOOGL
     * daily, the cumulative RSI on S&P 500 daily; a few seconds each alone) */
    TCase *h30_t1 = tcase_create("heldout30 three inside and cumulative RSI");
    tcase_set_timeout(h30_t1, 180);
    tcase_add_test(h30_t1, a_three_inside_bot_takes_talibs_three_inside_pattern);
    tcase_add_test(h30_t1, a_cumulative_rsi_bot_takes_the_two_day_mean_of_rsi_2);
    suite_add_tcase(s, h30_t1);
    /* one logistic clone (heldout28: the thermometer on 5k daily bars) */
    TCase *heldout28 = tcase_create("heldout28 thermometer items");
    tcase_set_timeout(heldout28, 300);
    tcase_add_test(heldout28, a_thermometer_bot_takes_the_quiet_day_and_the_spike_exit);
    suite_add_tcase(s, heldout28);
    /* one logistic clone (heldout29: the three-line break on GOOGL daily,
     * about 1 s alone) */
    TCase *h29_lb = tcase_create("heldout29 three-line break");
    tcase_set_timeout(h29_lb, 180);
    tcase_add_test(h29_lb, a_three_line_break_bot_takes_the_line_breaks_turn);
    suite_add_tcase(s, h29_lb);
    /* one logistic clone (about 10 s alone) */
    TCase *accbands = tcase_create("acceleration bands");
    tcase_set_timeout(accbands, 180);
    tcase_add_test(accbands, an_acceleration_band_breakout_takes_the_close_crossing_the_bands);
    suite_add_tcase(s, accbands);
    /* two logistic clones (heldout26: the %b run, the opening range) */
    TCase *h26 = tcase_create("percent b and opening range");
    tcase_set_timeout(h26, 240);
    tcase_add_test(h26, a_percent_b_bot_takes_the_three_day_run_above_sma_200);
    tcase_add_test(h26, a_london_opening_range_breakout_takes_the_0800_bars_range);
    tcase_add_test(h26, one_trade_a_day_is_the_day_count_of_the_opening_range_breakouts_log);
    tcase_add_test(h26, a_one_trade_a_day_clone_takes_the_day_count_and_streams_it_as_trained);
    tcase_add_test(h26, uncertain_rows_of_a_day_count_clone_join_its_training);
    suite_add_tcase(s, h26);
    /* three clones of the stiffness bot (one per position_day), one
     * logistic clone of a one-trade-a-day bot */
    TCase *h25_day = tcase_create("day rule not shown");
    tcase_set_timeout(h25_day, 180);
    tcase_add_test(h25_day, a_bot_that_holds_into_the_next_day_shows_no_day_rule);
    tcase_add_test(h25_day, explain_names_the_day_count_of_a_one_trade_a_day_clone);
    suite_add_tcase(s, h25_day);
    /* two logistic clones (about 10 s each alone) and the 80-20's (about 7 s
     * alone) */
    TCase *box = tcase_create("stack and box");
    tcase_set_timeout(box, 180);
    tcase_add_test(box, a_breakout_in_a_stacked_trend_takes_the_averages_stack);
    tcase_add_test(box, a_stand_in_for_two_conditions_splits_into_the_bots_four);
    tcase_add_test(box, a_signal_standing_in_for_two_conditions_splits_into_the_bars_places);
    tcase_add_test(box, a_darvas_box_breakout_takes_the_box_top_and_its_three_held_bars);
    suite_add_tcase(s, box);
    /* one logistic clone of a synthetic bot (about 5 s alone) */
    TCase *displaced = tcase_create("displaced channel");
    tcase_set_timeout(displaced, 180);
    tcase_add_test(displaced, a_displaced_channel_held_k_bars_is_found_by_the_displacement_grid);
    suite_add_tcase(s, displaced);
    /* two logistic clones of S&P 500 daily bots (about 2 s each alone) */
    TCase *r3_hikkake = tcase_create("hikkake and R3");
    tcase_set_timeout(r3_hikkake, 180);
    tcase_add_test(r3_hikkake, a_confirmed_hikkake_bot_takes_the_cdlhikkake_confirmation);
    tcase_add_test(r3_hikkake, an_r3_bot_takes_the_first_falling_days_rsi);
    suite_add_tcase(s, r3_hikkake);
    /* one logistic clone (about 10 s alone) */
    TCase *stacks = tcase_create("ordered stacks");
    tcase_set_timeout(stacks, 120);
    tcase_add_test(stacks, a_cross_in_an_ordered_stack_of_three_averages_takes_the_stack);
    suite_add_tcase(s, stacks);
    /* one logistic clone (about 10 s alone) */
    TCase *sides = tcase_create("session sides");
    tcase_set_timeout(sides, 180);
    tcase_add_test(sides, the_other_side_takes_the_session_window_its_mirror_took);
    suite_add_tcase(s, sides);
    /* two logistic clones of a synthetic bot (about 5 s each alone) */
    TCase *refine = tcase_create("search refine");
    tcase_set_timeout(refine, 180);
    tcase_add_test(refine, an_off_grid_cci_period_is_refined_after_the_search);
    tcase_add_test(refine, an_off_grid_cyber_cycle_alpha_is_refined_after_the_search);
    suite_add_tcase(s, refine);
    /* two logistic clones of the heldout25 stiffness bot (about 5 s each alone) */
    TCase *reserve = tcase_create("search reserve");
    tcase_set_timeout(reserve, 180);
    tcase_add_test(reserve, a_reserve_family_at_its_own_periods_explains_the_unexplained_decisions);
    suite_add_tcase(s, reserve);
    /* two logistic clones of the heldout29 TD REI bot (about 4 s each alone) */
    TCase *dwell = tcase_create("search dwell");
    tcase_set_timeout(dwell, 180);
    tcase_add_test(dwell, a_crossing_after_a_short_stay_in_the_zone_bounds_the_stay);
    suite_add_tcase(s, dwell);
    /* two logistic clones of the heldout28 standard-error bands bot (about 3 s each alone) */
    TCase *prune = tcase_create("search prune");
    tcase_set_timeout(prune, 180);
    tcase_add_test(prune, a_condition_that_fixes_no_training_bar_leaves_the_rule);
    suite_add_tcase(s, prune);
    /* two logistic clones of GOOGL daily bots (about 10 s each alone) */
    TCase *gap = tcase_create("gap and short channel");
    tcase_set_timeout(gap, 180);
    tcase_add_test(gap, a_gap_beyond_the_previous_range_takes_the_open_over_its_low_and_high);
    tcase_add_test(gap, a_dip_under_the_three_previous_closes_takes_the_short_close_channel);
    suite_add_tcase(s, gap);
    /* two logistic clones: GOOGL daily (about 3 s alone) and a three-symbol
     * daily log (about 10 s alone) */
    TCase *h27 = tcase_create("stochastic pop and DV2");
    tcase_set_timeout(h27, 180);
    tcase_add_test(h27, a_stochastic_pop_takes_the_8_bar_k_crossing_under_the_adx_ceiling);
    tcase_add_test(h27, a_dv2_bot_on_three_symbols_takes_the_years_rank_of_the_close_in_its_range);
    suite_add_tcase(s, h27);
    /* the position's atr period: one trees clone of GOOGL daily twice
     * (about 3 s each) and the model file's key */
    TCase *patr = tcase_create("position atr");
    tcase_set_timeout(patr, 120);
    tcase_add_test(patr, a_volatility_system_measures_its_position_in_wilders_atr_7);
    tcase_add_test(patr, the_position_atr_key_round_trips_and_old_files_read_as_atr_14);
    suite_add_tcase(s, patr);
    return s;
}
