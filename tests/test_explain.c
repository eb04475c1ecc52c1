/* test_explain.c - "explain the bot": round thresholds that keep every row
 * on its side, the shallow CART against a brute-force search, rules of
 * clones of the test bots naming the bots' own indicators and levels
 * (tests/data/bots/README.md) with support and precision recounted
 * independently, the rules in the CLI and report.json, and bad input. */
#include "test_util.h"

#include "clone/explain.h"
#include "clone/predictor.h"
#include "clone/run.h"
#include "model/model.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Significant digits of t: the fewest with which %.*e reads back as t. */
static int significant_digits(double t)
{
    if (t == 0.0)
        return 0;
    for (int d = 1; d <= 17; d++) {
        char s[64];
        snprintf(s, sizeof s, "%.*e", d - 1, t);
        if (strtod(s, NULL) == t)
            return d;
    }
    return 17;
}

START_TEST(snapped_thresholds_are_the_roundest_number_that_splits_the_rows_alike)
{
    static const struct {
        double below, above, expected;
    } cases[] = {
        {29.6, 30.4, 30.0},   {12.0, 48.0, 30.0},   {-35.0, -25.0, -30.0}, {-0.2, 0.1, 0.0},
        {0.95, 1.5, 1.0},     {64.99, 65.01, 65.0}, {0.29, 0.31, 0.3},     {11.5, 12.5, 12.0},
        {95.0, 105.0, 100.0}, {7.0, 8.0, 8.0},      {0.0, 1.0, 1.0},       {-1.0, 0.0, 0.0},
        {1.0812, 1.0816, 1.0814},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double t = clone_explain_snap(cases[i].below, cases[i].above);
        ck_assert_msg(t == cases[i].expected, "snap(%g, %g) = %.17g, expected %g", cases[i].below,
                      cases[i].above, t, cases[i].expected);
    }
    /* Random gaps: t in (below, above], and no number of fewer significant
     * digits in the gap (searched by rounding up below at each digit count,
     * with decimal text as the reference). */
    srand(7);
    for (int k = 0; k < 2000; k++) {
        double a = pow(10.0, (rand() % 9) - 4) * (1.0 + rand() / (double)RAND_MAX * 9.0);
        double b = a * (1.0 + pow(10.0, -(rand() % 6) - 1) * (rand() / (double)RAND_MAX + 0.01));
        double t = clone_explain_snap(a, b);
        ck_assert_msg(a < t && t <= b, "snap(%.17g, %.17g) = %.17g outside the gap", a, b, t);
        int digits = significant_digits(t);
        for (int d = 1; d < digits; d++) {
            /* The smallest d-digit decimal above a, via text: round a to d
             * digits, bump the last digit when that is not above a. */
            char s[64];
            snprintf(s, sizeof s, "%.*e", d - 1, a);
            double r = strtod(s, NULL);
            if (!(r > a)) {
                int exponent = atoi(strchr(s, 'e') + 1);
                r = strtod(s, NULL) + pow(10.0, exponent - (d - 1));
            }
            ck_assert_msg(!(r > a && r <= b && significant_digits(r) <= d),
                          "snap(%.17g, %.17g) = %.17g (%d digits), but %.17g has %d", a, b, t,
                          digits, r, d);
        }
    }
}
END_TEST

/* Gini cost of the best single split by brute force in float64: every
 * column, every cut between distinct values, both sides >= min_leaf. */
static double brute_force_root_cost(int64_t n, int32_t m, const double *x, const uint8_t *y,
                                    int64_t min_leaf)
{
    double best = INFINITY;
    for (int32_t j = 0; j < m; j++)
        for (int64_t c = 0; c < n; c++) {
            double t = x[j * n + c];
            double nl = 0, pl = 0, nr = 0, pr = 0;
            for (int64_t i = 0; i < n; i++) {
                if (x[j * n + i] <= t) {
                    nl++;
                    pl += y[i];
                } else {
                    nr++;
                    pr += y[i];
                }
            }
            if (nl < min_leaf || nr < min_leaf)
                continue;
            double cost = nl * (1 - (pl / nl) * (pl / nl) - (1 - pl / nl) * (1 - pl / nl)) +
                          nr * (1 - (pr / nr) * (pr / nr) - (1 - pr / nr) * (1 - pr / nr));
            if (cost < best)
                best = cost;
        }
    return best;
}

START_TEST(the_cart_finds_a_planted_rule_and_the_best_root_split)
{
    /* y = (x0 < 30) and (x1 > 0.5); x2 is noise. */
    enum { N = 600, M = 3 };
    static double x[M * N];
    static uint8_t y[N];
    srand(11);
    for (int i = 0; i < N; i++) {
        x[i] = (rand() % 1000) / 10.0;
        x[N + i] = rand() % 2;
        x[2 * N + i] = rand() / (double)RAND_MAX;
        y[i] = x[i] < 30.0 && x[N + i] > 0.5;
    }
    struct clone_cart_node nodes[15];
    int32_t n_nodes = 0;
    ck_assert_ok(clone_cart_fit(N, M, x, y, 3, 5, nodes, &n_nodes));
    ck_assert_int_ge(n_nodes, 5);
    /* The positive leaf holds every positive and nothing else, reached by
     * x0 < 30 and x1 >= 1 (the round thresholds). */
    int found = 0;
    for (int k = 0; k < n_nodes; k++)
        if (nodes[k].feature < 0 && nodes[k].positives > 0) {
            ck_assert_int_eq(nodes[k].positives, nodes[k].rows);
            found += (int)nodes[k].positives;
        }
    int positives = 0;
    for (int i = 0; i < N; i++)
        positives += y[i];
    ck_assert_int_eq(found, positives);
    for (int k = 0; k < n_nodes; k++) {
        if (nodes[k].feature == 0)
            ck_assert_double_eq(nodes[k].threshold, 30.0);
        if (nodes[k].feature == 1)
            ck_assert_double_eq(nodes[k].threshold, 1.0);
        ck_assert_int_ne(nodes[k].feature, 2);
    }
    /* Noisy labels: the root split is the brute-force optimum. */
    for (int i = 0; i < N; i++)
        y[i] = (x[2 * N + i] + 0.02 * x[i] + (rand() % 3 == 0)) > 1.2;
    ck_assert_ok(clone_cart_fit(N, M, x, y, 1, 20, nodes, &n_nodes));
    ck_assert_int_eq(n_nodes, 3);
    const struct clone_cart_node *l = &nodes[nodes[0].left], *r = &nodes[nodes[0].right];
    ck_assert_int_ge(l->rows, 20);
    ck_assert_int_ge(r->rows, 20);
    double g = 2.0 * (double)l->positives * (double)(l->rows - l->positives) / (double)l->rows +
               2.0 * (double)r->positives * (double)(r->rows - r->positives) / (double)r->rows;
    ck_assert_double_eq_tol(g, brute_force_root_cost(N, M, x, y, 20), 1e-9);
    /* Same data, same tree. */
    struct clone_cart_node again[3];
    int32_t n_again = 0;
    ck_assert_ok(clone_cart_fit(N, M, x, y, 1, 20, again, &n_again));
    ck_assert_int_eq(again[0].feature, nodes[0].feature);
    ck_assert_double_eq(again[0].threshold, nodes[0].threshold);
    ck_assert_status_msg(clone_cart_fit(N, M, x, y, 7, 5, nodes, &n_nodes), BC_E_INVALID_ARGUMENT,
                         "depth 7");
}
END_TEST

static bc_bars *load_bars(const char *name)
{
    bc_bars *b = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path(name), &b, NULL));
    return b;
}

/* A clone with default options but model logistic: what model auto keeps
 * for each of these bots (README), without validating the other kinds. */
/* A clone of a test bot: model kind (logistic, or auto, the default). */
static bc_model *clone_bot_kind(const char *trades_name, const bc_bars *bars, const char *kind)
{
    bc_trades *t = NULL;
    ck_assert_ok(bc_trades_read_csv(test_data_path(trades_name), &t, NULL));
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", kind));
    ck_assert_ok(bc_cloner_fit(c, t, bars, &m));
    bc_cloner_free(c);
    bc_trades_free(t);
    return m;
}

static bc_model *clone_bot(const char *trades_name, const bc_bars *bars)
{
    return clone_bot_kind(trades_name, bars, "logistic");
}

static json_t *explain(const bc_model *m, const bc_bars *bars)
{
    int32_t len = 0;
    ck_assert_int_eq(bc_model_explain(m, &bars, NULL, NULL, 1, 0, 0, NULL, 0, &len),
                     BC_E_BUFFER_TOO_SMALL);
    char *text = malloc((size_t)len + 1);
    ck_assert_ok(bc_model_explain(m, &bars, NULL, NULL, 1, 0, 0, text, len + 1, &len));
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    ck_assert_ptr_nonnull(root);
    return root;
}

/* The rule of decision key in state whose conditions mention feature;
 * NULL when none. */
static json_t *rule_on(json_t *root, const char *key, const char *state, const char *feature)
{
    size_t i;
    json_t *rule;
    json_array_foreach(json_object_get(json_object_get(root, key), "rules"), i, rule)
    {
        if (strcmp(json_string_value(json_object_get(rule, "state")), state) != 0)
            continue;
        size_t j;
        json_t *c;
        json_array_foreach(json_object_get(rule, "conditions"), j, c)
        {
            if (strcmp(json_string_value(json_object_get(c, "feature")), feature) == 0)
                return c;
        }
    }
    return NULL;
}

static double num(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    ck_assert_msg(json_is_number(v), "no number %s", key);
    return json_number_value(v);
}

/* Totals add up: per decision and overall, coverage = explained /
 * decisions, and each rule's precision = hits / support. */
static void check_totals(json_t *root)
{
    static const char *const keys[] = {"open_long", "open_short", "close"};
    double decisions = 0, explained = 0;
    for (int k = 0; k < 3; k++) {
        json_t *d = json_object_get(root, keys[k]);
        decisions += num(d, "decisions");
        explained += num(d, "explained");
        double hits = 0;
        size_t i;
        json_t *rule;
        json_array_foreach(json_object_get(d, "rules"), i, rule)
        {
            ck_assert_double_eq_tol(num(rule, "precision"), num(rule, "hits") / num(rule, "support"),
                                    1e-9);
            ck_assert_double_ge(num(rule, "support"), 5);
            hits += num(rule, "hits");
        }
        ck_assert_double_eq(hits, num(d, "explained"));
    }
    ck_assert_double_eq(decisions, num(root, "decisions"));
    ck_assert_double_eq(explained, num(root, "explained"));
    /* (the JSON keeps 10 significant digits) */
    ck_assert_double_eq_tol(num(root, "coverage"), explained / decisions, 1e-9);
    ck_assert_double_eq_tol(num(root, "unexplained_share"), 1.0 - explained / decisions, 1e-9);
}

START_TEST(the_rsi_bots_rules_name_rsi14_at_its_levels_with_recounted_support)
{
    /* flat & rsi(14) < 30 -> long until rsi > 50; flat & rsi > 70 -> short
     * until rsi < 50. */
    bc_bars *bars = load_bars("sp500_daily.csv");
    bc_model *m = clone_bot("bots/rsi_levels_sp500_trades_raw.csv", bars);
    json_t *root = explain(m, bars);
    check_totals(root);
    ck_assert_double_ge(num(root, "coverage"), 0.95);
    json_t *c = rule_on(root, "open_long", "flat", "rsi(14)");
    ck_assert_msg(c && !json_object_get(c, "min"), "no 'rsi(14) < x' rule opening long");
    double below = num(c, "below");
    ck_assert_double_ge(below, 28.0);
    ck_assert_double_le(below, 32.0);
    ck_assert_str_eq(json_string_value(json_object_get(c, "text")), "rsi(14) < 30");
    c = rule_on(root, "open_short", "flat", "rsi(14)");
    ck_assert_msg(c && !json_object_get(c, "below"), "no 'rsi(14) >= x' rule opening short");
    ck_assert_double_ge(num(c, "min"), 68.0);
    ck_assert_double_le(num(c, "min"), 72.0);
    c = rule_on(root, "close", "long", "rsi(14)");
    ck_assert_ptr_nonnull(c);
    ck_assert_double_ge(num(c, "min"), 45.0);
    ck_assert_double_le(num(c, "min"), 55.0);
    c = rule_on(root, "close", "short", "rsi(14)");
    ck_assert_ptr_nonnull(c);
    ck_assert_double_ge(num(c, "below"), 45.0);
    ck_assert_double_le(num(c, "below"), 55.0);

    /* Recount the open-long rule from a closed-loop run and batch
     * features, outside the explain code: flat bars past the lookback with
     * rsi(14) below the threshold, and those on which the clone opened. */
    json_t *rule = json_array_get(json_object_get(json_object_get(root, "open_long"), "rules"), 0);
    ck_assert_int_eq((int)json_array_size(json_object_get(rule, "conditions")), 1);
    int32_t n = bc_bars_length(bars);
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    int32_t lookback = p->lookback;
    struct clone_fill *after = malloc(sizeof *after * (size_t)n);
    ck_assert_ok(clone_run_bars(p, bars, 0, n, NULL, after));
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("rsi(14)", &f));
    double *rsi = malloc(sizeof *rsi * (size_t)n);
    ck_assert_ok(bc_features_compute(f, bars, rsi, n));
    int64_t support = 0, hits = 0;
    for (int32_t i = lookback; i < n; i++) {
        int before = i > 0 ? after[i - 1].direction : 0;
        if (before != 0 || !(rsi[i] < below))
            continue;
        support++;
        hits += after[i].direction == 1 && after[i].entered;
    }
    ck_assert_int_eq(support, (int64_t)num(rule, "support"));
    ck_assert_int_eq(hits, (int64_t)num(rule, "hits"));
    ck_assert_int_ge(hits, 20);

    /* With the target's log: the bot's own rule is exactly this one, so
     * the rule holds on the target's bars with precision 1 and its hits
     * are the log's long entries (counted from the log's events). */
    bc_trades *log = NULL;
    ck_assert_ok(bc_trades_read_csv(test_data_path("bots/rsi_levels_sp500_trades_raw.csv"), &log,
                                    NULL));
    const bc_bars *series[1] = {bars};
    int32_t len = 0;
    ck_assert_int_eq(bc_model_explain(m, series, log, NULL, 1, 0, 0, NULL, 0, &len),
                     BC_E_BUFFER_TOO_SMALL);
    char *text = malloc((size_t)len + 1);
    ck_assert_ok(bc_model_explain(m, series, log, NULL, 1, 0, 0, text, len + 1, &len));
    json_t *with_target = json_loads(text, 0, NULL);
    free(text);
    int64_t long_entries = 0, entries = 0, closes = 0;
    const int64_t *bar_time = bc_bars_time(bars);
    for (int32_t i = 0; i < bc_trades_count(log); i++) {
        bc_trade_event e;
        e.struct_size = sizeof e;
        ck_assert_ok(bc_trades_get(log, i, &e));
        if (e.time < bar_time[lookback])
            continue;
        entries += e.action == BC_ACTION_OPEN;
        closes += e.action == BC_ACTION_CLOSE;
        long_entries += e.action == BC_ACTION_OPEN && e.order_type == BC_ORDER_BUY;
    }
    json_t *target_rule =
        json_array_get(json_object_get(json_object_get(with_target, "open_long"), "rules"), 0);
    ck_assert_int_eq((int64_t)num(target_rule, "target_hits"), long_entries);
    ck_assert_int_eq((int64_t)num(target_rule, "target_support"), long_entries);
    ck_assert_double_eq(num(target_rule, "target_precision"), 1.0);
    json_t *target = json_object_get(with_target, "target");
    ck_assert_int_eq((int64_t)num(target, "decisions"), entries + closes);
    ck_assert_double_ge(num(target, "coverage"), 0.95);
    ck_assert_double_eq_tol(num(target, "unexplained_share"), 1.0 - num(target, "coverage"), 1e-9);
    /* The clone's own figures do not change with the log. */
    ck_assert_double_eq(num(with_target, "explained"), num(root, "explained"));
    json_decref(with_target);
    /* A log whose event precedes the first bar is refused, naming it. */
    bc_trades *early = NULL;
    ck_assert_ok(bc_trades_create(&early));
    bc_trade_event ev;
    memset(&ev, 0, sizeof ev);
    ev.struct_size = sizeof ev;
    ev.action = BC_ACTION_OPEN;
    ev.order_type = BC_ORDER_BUY;
    ev.event_id = 1;
    ev.ticket = 1;
    ev.time = bar_time[0] - 86400 * 30;
    ev.lots = 0.1;
    ev.price = 100.0;
    ev.sl = ev.tp = ev.book_bid_vol = ev.book_ask_vol = NAN;
    snprintf(ev.symbol, sizeof ev.symbol, "SPX500");
    ck_assert_ok(bc_trades_append(early, &ev));
    ck_assert_status_msg(bc_model_explain(m, series, early, NULL, 1, 0, 0, NULL, 0, &len),
                         BC_E_INVALID_ARGUMENT, "explain: trades: ");
    bc_trades_free(early);
    bc_trades_free(log);
    free(rsi);
    free(after);
    bc_features_free(f);
    bc_predictor_free(p);
    json_decref(root);
    bc_model_free(m);
    bc_bars_free(bars);
}
END_TEST

START_TEST(cross_band_and_time_stop_bots_get_their_events_and_bars_held)
{
    /* stochastics: %K crossing %D up while %K < 30 -> long; down while
     * %K > 70 -> short; close on the opposite cross. */
    bc_bars *bars = load_bars("bots/googl_daily.csv");
    bc_model *m = clone_bot("bots/stoch_googl_trades_raw.csv", bars);
    json_t *root = explain(m, bars);
    check_totals(root);
    ck_assert_double_ge(num(root, "coverage"), 0.9);
    json_t *c = rule_on(root, "open_long", "flat", "cross(stoch(14,3,3).k,stoch(14,3,3).d)");
    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(json_string_value(json_object_get(c, "text")),
                     "stoch(14,3,3).k crosses above stoch(14,3,3).d");
    c = rule_on(root, "open_long", "flat", "stoch(14,3,3).k");
    ck_assert_ptr_nonnull(c);
    ck_assert_double_ge(num(c, "below"), 25.0);
    ck_assert_double_le(num(c, "below"), 35.0);
    json_decref(root);
    bc_model_free(m);
    bc_bars_free(bars);

    /* band level with an 8-bar time stop, cloned as a user would (model
     * auto): a logistic fit on every column closes some longs at 7 bars
     * (held out 0.983; explain reports that faithfully), model auto's rule
     * candidate on the search's columns is the bot (1.000). */
    bars = load_bars("sp500_daily.csv");
    m = clone_bot_kind("bots/bband_level_time_stop_sp500_trades_raw.csv", bars, "auto");
    root = explain(m, bars);
    check_totals(root);
    ck_assert_double_ge(num(root, "coverage"), 0.9);
    c = rule_on(root, "close", "long", "bars_held");
    ck_assert_ptr_nonnull(c);
    ck_assert_double_eq(num(c, "min"), 8.0);
    ck_assert_str_eq(json_string_value(json_object_get(c, "text")), "bars_held >= 8");
    /* the short side's level: the band cross or zscore(close,20) > 2 */
    c = rule_on(root, "open_short", "flat", "cross(close,bbands(20,2).upper)");
    if (!c) {
        c = rule_on(root, "open_short", "flat", "above(zscore(close,20),2)");
        ck_assert_ptr_nonnull(c);
        ck_assert_str_eq(json_string_value(json_object_get(c, "text")), "zscore(close,20) > 2");
    }
    /* The bot's level (close below the lower band at 2 standard
     * deviations) as the clone sees it: the band cross, or - for a trees
     * clone, which takes the z-score level feature, or the level search's
     * above(zscore(close,20),-2.001) - zscore < -2, the same condition. */
    json_t *rule = json_array_get(json_object_get(json_object_get(root, "open_long"), "rules"), 0);
    const char *text = json_string_value(json_object_get(rule, "text"));
    ck_assert_msg(strstr(text, "opens long when flat and close crosses below bbands(20,2).lower") ||
                      strstr(text, "opens long when flat and zscore(close,20) < -2 ") ||
                      strstr(text, "opens long when flat and zscore(close,20) <= -2"),
                  "first open_long rule: %s", text);
    /* A shallower tree explains no more than a deeper one; the same call
     * gives the same text. */
    int32_t len1 = 0, len2 = 0;
    static char a[1 << 16], b[1 << 16];
    ck_assert_ok(bc_model_explain(m, (const bc_bars *const *)&bars, NULL, NULL, 1, 1, 0, a, sizeof a,
                                  &len1));
    ck_assert_ok(bc_model_explain(m, (const bc_bars *const *)&bars, NULL, NULL, 1, 1, 0, b, sizeof b,
                                  &len2));
    ck_assert_str_eq(a, b);
    json_t *shallow = json_loads(a, 0, NULL);
    ck_assert_double_le(num(shallow, "explained"), num(root, "explained"));
    ck_assert_double_eq(num(shallow, "max_depth"), 1);
    json_decref(shallow);
    json_decref(root);
    bc_model_free(m);
    bc_bars_free(bars);
}
END_TEST

START_TEST(explain_names_what_is_wrong_with_its_inputs)
{
    bc_bars *bars = load_bars("sp500_daily.csv");
    bc_model *m = clone_bot("bots/rsi_levels_sp500_trades_raw.csv", bars);
    const bc_bars *series[1] = {bars};
    char buf[16];
    int32_t len = -1;
    ck_assert_status_msg(bc_model_explain(NULL, series, NULL, NULL, 1, 0, 0, NULL, 0, &len),
                         BC_E_INVALID_ARGUMENT, "model");
    ck_assert_status_msg(bc_model_explain(m, NULL, NULL, NULL, 1, 0, 0, NULL, 0, &len),
                         BC_E_INVALID_ARGUMENT, "bars");
    ck_assert_status_msg(bc_model_explain(m, series, NULL, NULL, 1, 0, 0, NULL, 0, NULL),
                         BC_E_INVALID_ARGUMENT, "length");
    ck_assert_status_msg(bc_model_explain(m, series, NULL, NULL, 0, 0, 0, NULL, 0, &len),
                         BC_E_INVALID_ARGUMENT, "0 series");
    ck_assert_status_msg(bc_model_explain(m, series, NULL, NULL, 1, 7, 0, NULL, 0, &len),
                         BC_E_INVALID_ARGUMENT, "max_depth 7");
    ck_assert_status_msg(bc_model_explain(m, series, NULL, NULL, 1, 0, -3, NULL, 0, &len),
                         BC_E_INVALID_ARGUMENT, "min_support -3");
    ck_assert_status_msg(bc_model_explain(m, series, NULL, NULL, 1, 0, 0, NULL, 16, &len),
                         BC_E_INVALID_ARGUMENT, "NULL");
    const bc_bars *none[1] = {NULL};
    ck_assert_status_msg(bc_model_explain(m, none, NULL, NULL, 1, 0, 0, NULL, 0, &len),
                         BC_E_INVALID_ARGUMENT, "bars[0]");
    ck_assert_status_msg(bc_model_explain(m, series, NULL, NULL, 1, 0, 0, buf, sizeof buf, &len),
                         BC_E_BUFFER_TOO_SMALL, "capacity 16");
    ck_assert_int_gt(len, 16);
    const char *unknown[1] = {"NOPE"};
    int32_t rc = bc_model_explain(m, series, NULL, unknown, 1, 0, 0, NULL, 0, &len);
    ck_assert_msg(rc == BC_E_BUFFER_TOO_SMALL || rc == BC_E_NOT_FOUND, "%d", rc);
    /* Bars that never leave the lookback: nothing to explain. */
    int64_t t[10];
    double c[10];
    for (int i = 0; i < 10; i++) {
        t[i] = 86400 * (int64_t)(i + 1);
        c[i] = 100.0 + i;
    }
    bc_bars *few = NULL;
    ck_assert_ok(bc_bars_from_arrays(10, t, c, c, c, c, NULL, &few));
    const bc_bars *short_series[1] = {few};
    ck_assert_status_msg(bc_model_explain(m, short_series, NULL, NULL, 1, 0, 0, NULL, 0, &len),
                         BC_E_NO_DATA, "10 bars");
    /* A model with no feature spec has no bar features to state rules in. */
    bc_model *plain = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 2, 3, NULL, 0, 0, &plain));
    ck_assert_status_msg(bc_model_explain(plain, series, NULL, NULL, 1, 0, 0, NULL, 0, &len),
                         BC_E_UNSUPPORTED, "feature spec");
    bc_model_free(plain);
    bc_bars_free(few);
    bc_model_free(m);
    bc_bars_free(bars);
}
END_TEST

/* Runs "botcopier <args>" from the source tree; stdout+stderr in *out. */
static int run_cli(const char *args, const char **out)
{
    static char buf[65536];
    const char *cli = getenv("BC_CLI");
    ck_assert_msg(cli != NULL, "BC_CLI is not set (run through make check)");
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s 2>&1", BC_TEST_SOURCE_DIR, cli, args);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    buf[n] = '\0';
    int status = pclose(p);
    *out = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(the_cli_prints_the_rules_and_clone_puts_them_in_its_report)
{
    char dir[128], args[2048];
    snprintf(dir, sizeof dir, "/tmp/bc_test_explain_%d", (int)getpid());
    const char *out;
    snprintf(args, sizeof args,
             "clone --trades tests/data/bots/rsi_levels_sp500_trades_raw.csv --bars "
             "tests/data/sp500_daily.csv --out %s/c --quiet",
             dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_msg(strstr(out, "rules: 100.0% of the clone's decisions") != NULL, "%s", out);
    char path[256];
    snprintf(path, sizeof path, "%s/c/report.json", dir);
    json_t *report = json_load_file(path, 0, NULL);
    ck_assert_ptr_nonnull(report);
    json_t *rules = json_object_get(report, "rules");
    ck_assert_msg(json_is_object(rules), "report.json has no rules");
    ck_assert_ptr_nonnull(rule_on(rules, "open_long", "flat", "rsi(14)"));
    /* The folder's manifest names the bars. */
    snprintf(args, sizeof args, "explain --model %s/c --out %s/rules.json", dir, dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_msg(strstr(out, "opens long when flat and rsi(14) < 30 (support ") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "closes the long when rsi(14) >= 50") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "not explained") != NULL, "%s", out);
    /* The manifest's trade log: the rules measured on the bot itself. */
    ck_assert_msg(strstr(out, "on the target's own bars: support ") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "the target's own decisions: 100.0% of") != NULL, "%s", out);
    ck_assert_ptr_nonnull(json_object_get(rules, "target"));
    snprintf(path, sizeof path, "%s/rules.json", dir);
    json_t *written = json_load_file(path, 0, NULL);
    ck_assert_ptr_nonnull(written);
    ck_assert_double_eq(num(written, "explained"), num(rules, "explained"));
    json_decref(written);
    json_decref(report);
    /* A model file and explicit bars; bad options. */
    snprintf(args, sizeof args,
             "explain --model %s/c/model.bcm --bars tests/data/sp500_daily.csv --max-depth 1", dir);
    ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
    ck_assert_msg(strstr(out, "trees of depth <= 1") != NULL, "%s", out);
    ck_assert_int_eq(run_cli("explain --bars tests/data/sp500_daily.csv", &out), 2);
    ck_assert_ptr_nonnull(strstr(out, "--model is required"));
    snprintf(args, sizeof args, "explain --model %s/c --max-depth 9", dir);
    ck_assert_int_eq(run_cli(args, &out), 2);
    ck_assert_ptr_nonnull(strstr(out, "--max-depth"));
    snprintf(args, sizeof args, "explain --model %s/c/model.bcm", dir);
    snprintf(path, sizeof path, "%s/c/manifest.json", dir);
    unlink(path);
    ck_assert_int_eq(run_cli(args, &out), 2);
    ck_assert_msg(strstr(out, "manifest.json") != NULL, "%s", out);
    ck_assert_int_eq(run_cli("explain --model /nonexistent/model.bcm --bars "
                             "tests/data/sp500_daily.csv",
                             &out),
                     1);
    ck_assert_ptr_nonnull(strstr(out, "/nonexistent/model.bcm"));
    ck_assert_int_eq(run_cli("explain --help", &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "usage: botcopier explain"));
    snprintf(args, sizeof args, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(args), 0);
}
END_TEST

Suite *suite_explain(void)
{
    Suite *s = suite_create("explain");
    TCase *tc = tcase_create("explain");
    /* Two to three clone fits per test: minutes on a busy 2-core machine. */
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, snapped_thresholds_are_the_roundest_number_that_splits_the_rows_alike);
    tcase_add_test(tc, the_cart_finds_a_planted_rule_and_the_best_root_split);
    tcase_add_test(tc, the_rsi_bots_rules_name_rsi14_at_its_levels_with_recounted_support);
    tcase_add_test(tc, cross_band_and_time_stop_bots_get_their_events_and_bars_held);
    tcase_add_test(tc, explain_names_what_is_wrong_with_its_inputs);
    tcase_add_test(tc, the_cli_prints_the_rules_and_clone_puts_them_in_its_report);
    suite_add_tcase(s, tc);
    return s;
}
