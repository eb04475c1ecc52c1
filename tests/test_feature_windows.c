/* test_feature_windows.c - the window and event items of the feature
 * grammar: max(x,n), min(x,n), ratio(a,b), rank(x,n), zscore(x,n),
 * mean(x,n), since(e). Streaming == batch bit for bit on real bars (with missing bars
 * and NaN inside windows), each against a brute-force scan of its window,
 * the tie and constant-window rules, lookbacks, names and parse errors.
 * pandas/numpy references: tests/python/test_feature_windows.py. */
#include "test_util.h"
#include "mql/mql.h"

#include <malloc.h>
#include <math.h>
#include <stdlib.h>

/* Batch over the arrays, then the same bars one update at a time from a
 * reset engine (with the book when given); asserts the two are the same
 * bits and returns the batch (n x count, caller frees). */
static double *batch_equals_stream(bc_features *f, int32_t n, const int64_t *t,
                                   const double *const col[5], const double *bid,
                                   const double *ask)
{
    int32_t count = bc_features_count(f);
    double *b = malloc(sizeof(double) * (size_t)n * count);
    double *st = malloc(sizeof(double) * (size_t)n * count);
    ck_assert(b && st);
    ck_assert_ok(bc_features_compute_arrays(f, n, t, col[0], col[1], col[2], col[3], col[4],
                                            bid, ask, b, (int64_t)n * count));
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < n; i++) {
        if (bid && !isnan(bid[i]))
            ck_assert_ok(bc_features_set_book(f, bid[i], ask[i]));
        ck_assert_ok(bc_features_update(f, t[i], col[0][i], col[1][i], col[2][i], col[3][i],
                                        col[4][i], st + (int64_t)i * count, count));
    }
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * (size_t)n * count), 0);
    free(st);
    return b;
}

typedef struct window_ref {
    double max, min, rank, zscore, mean;
} window_ref;

/* The four window values of x[i-n+1..i] by a plain scan: NaN before n
 * values or with a NaN among them; rank = share of values <= x[i];
 * zscore with the two-pass mean and population std, NaN when constant. */
static window_ref scan_window(const double *x, int64_t stride, int32_t i, int32_t n)
{
    window_ref r = {NAN, NAN, NAN, NAN, NAN};
    if (i < n - 1)
        return r;
    double hi = -INFINITY, lo = INFINITY, sum = 0.0, cur = x[(int64_t)i * stride];
    int32_t le = 0;
    for (int32_t k = i - n + 1; k <= i; k++) {
        double v = x[(int64_t)k * stride];
        if (isnan(v))
            return r;
        hi = v > hi ? v : hi;
        lo = v < lo ? v : lo;
        sum += v;
        le += v <= cur;
    }
    double mean = sum / n, ss = 0.0;
    for (int32_t k = i - n + 1; k <= i; k++) {
        double d = x[(int64_t)k * stride] - mean;
        ss += d * d;
    }
    r.max = hi;
    r.min = lo;
    r.rank = (double)le / n;
    r.zscore = hi == lo ? NAN : (cur - mean) / sqrt(ss / n);
    r.mean = mean;
    return r;
}

static void assert_close(double got, double want, double tol, const char *what, int32_t i)
{
    ck_assert_msg(isnan(got) == isnan(want), "%s bar %d: got %.17g, want %.17g", what, (int)i,
                  got, want);
    if (!isnan(want))
        ck_assert_msg(fabs(got - want) <= tol * fmax(1.0, fabs(want)),
                      "%s bar %d: got %.17g, want %.17g", what, (int)i, got, want);
}

/* On hourly EUR/USD with a missing bar every 101 bars, every new kind,
 * nested in and around the old ones, streams the batch's bits. */
START_TEST(window_items_stream_bit_identical_to_batch_on_eurusd)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    int32_t n = bc_bars_length(bars);
    ck_assert_int_gt(n, 2000);
    double *close = malloc(sizeof(double) * (size_t)n);
    memcpy(close, bc_bars_column(bars, BC_BAR_CLOSE), sizeof(double) * (size_t)n);
    for (int32_t i = 50; i < n; i += 101)
        close[i] = NAN;
    const double *col[5] = {bc_bars_column(bars, BC_BAR_OPEN), bc_bars_column(bars, BC_BAR_HIGH),
                            bc_bars_column(bars, BC_BAR_LOW), close,
                            bc_bars_column(bars, BC_BAR_VOLUME)};
    const char *spec =
        "max(high,20),min(low,20),diff(max(high,20),min(low,20)),ratio(close,sma(20)),"
        "ratio(volume,volume@1),rank(close,20),rank(rsi(14),50),zscore(close,20),"
        "zscore(rsi(14),30),since(cross(sma(10),sma(30))),since(above(rsi(14),70)),"
        "cross(close,max(high,20)@1),above(zscore(close,20),2),max(zscore(close,20),5)@2,"
        "rank(close,2),min(close,100000),zscore(session(8,17),24),since(hour_is(9)),"
        "mean(volume,20),ratio(volume,mean(volume,20)),mean(rsi(14),5)@1,mean(close,2)";
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    int32_t count = bc_features_count(f);
    ck_assert_int_eq(count, 22);
    double *b = batch_equals_stream(f, n, bc_bars_time(bars), col, NULL, NULL);
    /* Each column has values after its lookback (min(close,100000) none:
     * the series is shorter than its window). */
    for (int32_t c = 0; c < count; c++) {
        int32_t valid = 0;
        for (int32_t i = 0; i < n; i++)
            valid += !isnan(b[(int64_t)i * count + c]);
        if (c == 15)
            ck_assert_int_eq(valid, 0);
        else
            ck_assert_msg(valid > n / 3, "column %d: %d values", (int)c, (int)valid);
    }
    /* A missing bar is a row of NaN (and moves no state). */
    for (int32_t c = 0; c < count; c++)
        ck_assert(isnan(b[(int64_t)50 * count + c]));
    free(b);
    bc_features_free(f);
    free(close);
    bc_bars_free(bars);
}
END_TEST

/* A source with NaN inside the series (bars without an order book), the
 * windows against a scan: NaN while a NaN is among the last n values; the
 * order-book spec also streams the batch's bits. */
START_TEST(windows_are_nan_while_a_nan_is_inside_and_match_a_scan)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    int32_t n = bc_bars_length(bars);
    const double *volume = bc_bars_column(bars, BC_BAR_VOLUME);
    const double *close = bc_bars_column(bars, BC_BAR_CLOSE);
    double *bid = malloc(sizeof(double) * (size_t)n), *ask = malloc(sizeof(double) * (size_t)n);
    /* Imbalances from a few exact values (ties) following the close's
     * direction; every 53rd bar without a book. */
    for (int32_t i = 0; i < n; i++) {
        int up = i > 0 && close[i] > close[i - 1];
        bid[i] = i % 53 == 7 ? NAN : up ? 3.0 : 1.0;
        ask[i] = i % 53 == 7 ? NAN : i % 3 == 0 ? 2.0 : up ? 1.0 : 3.0;
    }
    const double *col[5] = {bc_bars_column(bars, BC_BAR_OPEN), bc_bars_column(bars, BC_BAR_HIGH),
                            bc_bars_column(bars, BC_BAR_LOW), close, volume};
    const int32_t w = 7;
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("book_imbalance,max(book_imbalance,7),min(book_imbalance,7),"
                                    "rank(book_imbalance,7),zscore(book_imbalance,7),"
                                    "mean(book_imbalance,7)", &f));
    const int32_t count = 6;
    ck_assert_int_eq(bc_features_count(f), count);
    ck_assert_int_eq(bc_features_lookback(f), 6);
    double *b = batch_equals_stream(f, n, bc_bars_time(bars), col, bid, ask);
    int32_t valid = 0, nan_inside = 0, ties = 0;
    for (int32_t i = 0; i < n; i++) {
        const double *row = b + (int64_t)i * count;
        window_ref r = scan_window(b, count, i, w);
        valid += !isnan(r.max);
        nan_inside += i >= w - 1 && isnan(r.max);
        assert_close(row[1], r.max, 0.0, "max", i);
        assert_close(row[2], r.min, 0.0, "min", i);
        assert_close(row[3], r.rank, 0.0, "rank", i);
        assert_close(row[4], r.zscore, 1e-9, "zscore", i);
        assert_close(row[5], r.mean, 1e-12, "mean", i);
        ties += !isnan(r.rank) && row[0] == row[-count] && i > 0;
    }
    ck_assert_int_gt(valid, n / 2);
    ck_assert_int_gt(nan_inside, 5 * (w - 1)); /* each bookless bar blanks its window */
    ck_assert_int_gt(ties, 10); /* equal imbalances: the <= rule is exercised */
    free(b);
    bc_features_free(f);
    free(bid);
    free(ask);
    bc_bars_free(bars);
}
END_TEST

/* Many ties (five distinct values) and windows of 2 to 1500: rank's scan
 * (n <= 512) and treap (longer windows), and the deques behind max/min,
 * against a scan, exactly. */
START_TEST(rank_max_min_are_exact_with_many_ties)
{
    const int32_t n = 5000;
    float *u = malloc(sizeof(float) * n);
    double *x = malloc(sizeof(double) * n);
    int64_t *t = malloc(sizeof(int64_t) * n);
    ck_assert(u && x && t);
    ck_assert_ok(bc_random_uniform(7, 0, 0, n, u));
    for (int32_t i = 0; i < n; i++) {
        x[i] = floor(5.0 * u[i]) - 2.0; /* -2 .. 2, zero included */
        t[i] = 3600 * (int64_t)i;
    }
    const double *col[5] = {x, x, x, x, x};
    const int32_t windows[6] = {2, 7, 64, 512, 513, 1500};
    for (int k = 0; k < 6; k++) {
        int32_t w = windows[k];
        char spec[128];
        snprintf(spec, sizeof spec, "close,max(close,%d),min(close,%d),rank(close,%d),"
                 "zscore(close,%d)", w, w, w, w);
        bc_features *f = NULL;
        ck_assert_ok(bc_features_create(spec, &f));
        double *b = batch_equals_stream(f, n, t, col, NULL, NULL);
        int32_t constant = 0;
        for (int32_t i = 0; i < n; i++) {
            const double *row = b + (int64_t)i * 5;
            window_ref r = scan_window(b, 5, i, w);
            assert_close(row[1], r.max, 0.0, "max", i);
            assert_close(row[2], r.min, 0.0, "min", i);
            assert_close(row[3], r.rank, 0.0, "rank", i);
            assert_close(row[4], r.zscore, 1e-12, "zscore", i);
            constant += i >= w - 1 && r.max == r.min;
        }
        if (w == 2)
            ck_assert_int_gt(constant, 500); /* constant windows give NaN zscores */
        free(b);
        bc_features_free(f);
    }
    free(u);
    free(x);
    free(t);
}
END_TEST

START_TEST(rank_counts_ties_as_below_or_equal)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("rank(close,3)", &f));
    const double c[] = {1, 2, 2, 3, 2, 1};
    const double want[] = {NAN, NAN, 1.0, 1.0, 2.0 / 3.0, 1.0 / 3.0};
    for (int i = 0; i < 6; i++) {
        double o;
        ck_assert_ok(bc_features_update(f, i * 60, c[i], c[i], c[i], c[i], 0, &o, 1));
        if (isnan(want[i]))
            ck_assert(isnan(o));
        else
            ck_assert_double_eq(o, want[i]);
    }
    bc_features_free(f);
}
END_TEST

START_TEST(zscore_uses_population_std_and_is_nan_on_a_constant_window)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("zscore(close,3)", &f));
    const double c[] = {1, 2, 3, 5, 5, 5, 6};
    for (int i = 0; i < 7; i++) {
        double o;
        ck_assert_ok(bc_features_update(f, i * 60, c[i], c[i], c[i], c[i], 0, &o, 1));
        if (i == 2) /* mean 2, population std sqrt(2/3) */
            ck_assert_double_eq_tol(o, 1.0 / sqrt(2.0 / 3.0), 1e-15);
        else if (i == 5) /* 5, 5, 5 */
            ck_assert(isnan(o));
        else if (i == 6) /* 5, 5, 6: mean 16/3, std sqrt(2/9) */
            ck_assert_double_eq_tol(o, (2.0 / 3.0) / sqrt(2.0 / 9.0), 1e-14);
        else if (i < 2)
            ck_assert(isnan(o));
    }
    bc_features_free(f);
    /* A constant window between two resums: sums of x - anchor round, yet
     * the value is NaN on every bar whose window holds one value only. */
    for (int32_t w = 3; w <= 7; w += 2) {
        char spec[32];
        snprintf(spec, sizeof spec, "zscore(close,%d)", (int)w);
        ck_assert_ok(bc_features_create(spec, &f));
        double x[40];
        for (int i = 0; i < 40; i++)
            x[i] = i < 11 ? 0.1 * (i % 4) + 0.37 : i < 30 ? 0.1 : 0.3;
        int32_t run = 0;
        for (int i = 0; i < 40; i++) {
            double o;
            ck_assert_ok(bc_features_update(f, i * 60, x[i], x[i], x[i], x[i], 0, &o, 1));
            run = i > 0 && x[i] == x[i - 1] ? run + 1 : 1;
            if (i >= w - 1)
                ck_assert_msg(isnan(o) == (run >= w), "w %d bar %d: %g", (int)w, i, o);
        }
        bc_features_free(f);
    }
}
END_TEST

START_TEST(since_counts_bars_from_the_last_event)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("since(cross(close,10)),since(above(close,10))", &f));
    const double c[] = {9, 11, 11, 9, 10, 12, 12, 12};
    /* cross: 0 1 0 -1 0 1 0 0 ; above: 0 1 1 0 0 1 1 1 */
    const double want_cross[] = {NAN, 0, 1, 0, 1, 0, 1, 2};
    const double want_above[] = {NAN, 0, 0, 1, 2, 0, 0, 0};
    for (int i = 0; i < 8; i++) {
        double o[2];
        ck_assert_ok(bc_features_update(f, i * 60, c[i], c[i], c[i], c[i], 0, o, 2));
        if (i == 0) {
            ck_assert(isnan(o[0]) && isnan(o[1]));
            continue;
        }
        ck_assert_double_eq(o[0], want_cross[i]);
        ck_assert_double_eq(o[1], want_above[i]);
    }
    bc_features_free(f);
    /* A bar where the event column is NaN (no book) is NaN but still counts. */
    ck_assert_ok(bc_features_create("since(above(book_imbalance,0))", &f));
    const double bid[] = {1, 3, 1, NAN, 1, 2}, ask[] = {2, 1, 2, NAN, 3, 1};
    const double want[] = {NAN, 0, 1, NAN, 3, 0};
    for (int i = 0; i < 6; i++) {
        double o;
        if (!isnan(bid[i]))
            ck_assert_ok(bc_features_set_book(f, bid[i], ask[i]));
        ck_assert_ok(bc_features_update(f, i * 60, 1, 1, 1, 1, 0, &o, 1));
        if (isnan(want[i]))
            ck_assert_msg(isnan(o), "bar %d: %g", i, o);
        else
            ck_assert_double_eq(o, want[i]);
    }
    bc_features_free(f);
}
END_TEST

START_TEST(ratio_divides_and_is_nan_on_a_zero_denominator)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("ratio(close,open),ratio(close,diff(close,2)),ratio(3,close)",
                                    &f));
    double o[3];
    ck_assert_ok(bc_features_update(f, 0, 4, 4, 1, 1, 0, o, 3));
    ck_assert_double_eq(o[0], 0.25);
    ck_assert_double_eq(o[1], -1.0);
    ck_assert_double_eq(o[2], 3.0);
    ck_assert_ok(bc_features_update(f, 60, 2, 2, 2, 2, 0, o, 3));
    ck_assert_double_eq(o[0], 1.0);
    ck_assert(isnan(o[1])); /* 2 / 0 */
    ck_assert_ok(bc_features_update(f, 120, 0, 0, 0, 0, 0, o, 3));
    ck_assert(isnan(o[0]));    /* 0 / 0 */
    ck_assert(isnan(o[2]));    /* 3 / 0 */
    bc_features_free(f);
}
END_TEST

START_TEST(window_items_have_canonical_names_and_lookbacks)
{
    static const struct {
        const char *spec, *name;
        int32_t lookback;
    } cases[] = {
        {" MAX( High , 20 )", "max(high,20)", 19},
        {"min(low,20)", "min(low,20)", 19},
        {"zscore(rsi(14),30)", "zscore(rsi(14),30)", 43},
        {" Mean( volume , 20 )", "mean(volume,20)", 19},
        {"ratio(volume,mean(volume,20))", "ratio(volume,mean(volume,20))", 19},
        {"rank(close,20)@2", "rank(close,20)@2", 21},
        {"ratio(close,sma(50))", "ratio(close,sma(50))", 49},
        {"ratio(close, 2.50)", "ratio(close,2.5)", 0},
        {"since(cross(sma(10),sma(30)))", "since(cross(sma(10),sma(30)))", 29},
        {"since(above(rsi(14),70))@1", "since(above(rsi(14),70))@1", 15},
        {"diff(max(high,20),min(low,20))", "diff(max(high,20),min(low,20))", 19},
        {"max(bbands(20,2).upper,5)", "max(bbands(20,2).upper,5)", 23},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        bc_features *f = NULL;
        ck_assert_ok(bc_features_create(cases[k].spec, &f));
        char name[128];
        ck_assert_int_eq(bc_features_count(f), 1);
        ck_assert_ok(bc_features_name(f, 0, name, sizeof name, NULL));
        ck_assert_str_eq(name, cases[k].name);
        ck_assert_int_eq(bc_features_lookback(f), cases[k].lookback);
        bc_features_free(f);
    }
}
END_TEST

START_TEST(window_item_errors_name_the_offending_item)
{
    bc_features *f = (bc_features *)&f;
    ck_assert_status_msg(bc_features_create("max(high)", &f), BC_E_PARSE, "expected ','");
    ck_assert_ptr_null(f);
    ck_assert_status_msg(bc_features_create("min(low,20,3)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("max(high,0)", &f), BC_E_PARSE, "2..100000");
    ck_assert_status_msg(bc_features_create("rank(close,-5)", &f), BC_E_PARSE, "-5");
    ck_assert_status_msg(bc_features_create("zscore(close,1)", &f), BC_E_PARSE, "2..100000");
    ck_assert_status_msg(bc_features_create("zscore(close,100001)", &f), BC_E_PARSE, "100001");
    ck_assert_status_msg(bc_features_create("mean(volume,1)", &f), BC_E_PARSE, "2..100000");
    ck_assert_status_msg(bc_features_create("mean(bbands(20,2),5)", &f), BC_E_PARSE,
                         "single columns");
    ck_assert_status_msg(bc_features_create("rank(close,2.5)", &f), BC_E_PARSE, "2.5");
    ck_assert_status_msg(bc_features_create("max(20,high)", &f), BC_E_PARSE, "integer");
    ck_assert_status_msg(bc_features_create("rank(nosuch(3),10)", &f), BC_E_PARSE,
                         "unknown feature 'nosuch'");
    ck_assert_status_msg(bc_features_create("since(crosss(close,10))", &f), BC_E_PARSE,
                         "crosss");
    ck_assert_status_msg(bc_features_create("zscore(macd(12,26,9),20)", &f), BC_E_PARSE,
                         "single columns");
    ck_assert_status_msg(bc_features_create("since()", &f), BC_E_PARSE, "feature name");
    ck_assert_status_msg(bc_features_create("since(cross(close,10),3)", &f), BC_E_PARSE,
                         "expected ')'");
    ck_assert_status_msg(bc_features_create("ratio(close)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("ratio(close,open", &f), BC_E_PARSE,
                         "expected ')'");
    ck_assert_status_msg(bc_features_create("since", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("max(high,20).upper", &f), BC_E_PARSE,
                         "one output");
    ck_assert_ptr_null(f);
}
END_TEST

START_TEST(window_updates_allocate_nothing)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("max(high,20),min(low,20),ratio(close,sma(20)),"
                                    "rank(close,20),rank(close,600),zscore(close,20),"
                                    "since(cross(sma(10),sma(30)))", &f));
    double out[7];
    int32_t n = bc_bars_length(bars);
    const int64_t *t = bc_bars_time(bars);
    const double *c[5];
    for (int k = 0; k < 5; k++)
        c[k] = bc_bars_column(bars, k);
    ck_assert_ok(bc_features_update(f, t[0], c[0][0], c[1][0], c[2][0], c[3][0], c[4][0], out, 7));
    struct mallinfo2 before = mallinfo2();
    for (int32_t i = 1; i < n; i++)
        ck_assert_ok(bc_features_update(f, t[i], c[0][i], c[1][i], c[2][i], c[3][i], c[4][i],
                                        out, 7));
    struct mallinfo2 after = mallinfo2();
    ck_assert_uint_eq(after.uordblks, before.uordblks);
    ck_assert_uint_eq(after.hblkhd, before.hblkhd);
    for (int k = 0; k < 7; k++)
        ck_assert(!isnan(out[k]));
    bc_features_free(f);
    bc_bars_free(bars);
}
END_TEST

/* An EA's feature engine (the MQL5 shim's id over bc_features) computes
 * the window items bar by bar with the batch's bits and names them alike. */
START_TEST(mql_feature_ids_compute_window_items_as_the_engine)
{
    const char *spec = "max(high,20),min(low,20),ratio(close,sma(20)),rank(close,20),"
                       "zscore(close,20),since(cross(sma(10),sma(30)))";
    uint16_t wide[256];
    int32_t length = 0;
    ck_assert_ok(bc_utf8_to_utf16(spec, 1, "test", wide, 256, &length));
    int64_t id = 0;
    ck_assert_ok(bc_mql_features_create(wide, &id));
    ck_assert_int_eq(bc_mql_features_count(id), 6);
    uint16_t name[64];
    ck_assert_int_ge(bc_mql_features_name(id, 4, name, 64), 0);
    char *utf8 = NULL;
    ck_assert_ok(bc_utf16_to_utf8(name, "test", &utf8));
    ck_assert_str_eq(utf8, "zscore(close,20)");
    free(utf8);
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    int32_t n = bc_bars_length(bars);
    double *b = malloc(sizeof(double) * (size_t)n * 6);
    ck_assert_ok(bc_features_compute(f, bars, b, (int64_t)n * 6));
    const int64_t *t = bc_bars_time(bars);
    const double *c[5];
    for (int k = 0; k < 5; k++)
        c[k] = bc_bars_column(bars, k);
    for (int32_t i = 0; i < n; i++) {
        double row[6];
        ck_assert_int_ge(bc_mql_features_update(id, t[i], c[0][i], c[1][i], c[2][i], c[3][i],
                                                c[4][i], row, 6), 0);
        ck_assert_mem_eq(row, b + (int64_t)i * 6, sizeof row);
    }
    ck_assert_ok(bc_mql_release(id));
    free(b);
    bc_features_free(f);
    bc_bars_free(bars);
}
END_TEST

Suite *suite_feature_windows(void)
{
    Suite *s = suite_create("feature_windows");
    TCase *tc = tcase_create("feature_windows");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, window_items_stream_bit_identical_to_batch_on_eurusd);
    tcase_add_test(tc, windows_are_nan_while_a_nan_is_inside_and_match_a_scan);
    tcase_add_test(tc, rank_max_min_are_exact_with_many_ties);
    tcase_add_test(tc, rank_counts_ties_as_below_or_equal);
    tcase_add_test(tc, zscore_uses_population_std_and_is_nan_on_a_constant_window);
    tcase_add_test(tc, since_counts_bars_from_the_last_event);
    tcase_add_test(tc, ratio_divides_and_is_nan_on_a_zero_denominator);
    tcase_add_test(tc, window_items_have_canonical_names_and_lookbacks);
    tcase_add_test(tc, window_item_errors_name_the_offending_item);
    tcase_add_test(tc, window_updates_allocate_nothing);
    tcase_add_test(tc, mql_feature_ids_compute_window_items_as_the_engine);
    suite_add_tcase(s, tc);
    return s;
}
