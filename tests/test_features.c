/* test_features.c - the feature engine: every indicator against TA-Lib's
 * own output on two real series (tests/data/talib_ref_*.csv, made by
 * make_talib_reference.py), streaming == batch bit for bit, the derived
 * features, the spec grammar and its errors, missing bars and buffers. */
#include "test_util.h"

#include <malloc.h>
#include <math.h>
#include <stdlib.h>

/* Values agree when |got - ref| <= 1e-9 * max(|ref|, 1): relative for
 * values of magnitude >= 1, absolute 1e-9 below (MACD hist near zero). */
#define REF_TOL 1e-9

typedef struct series {
    int32_t n, n_feat;
    int64_t *time;
    double *col[5];      /* open high low close volume */
    double *ref;         /* n x n_feat, row-major */
    char spec[8192];     /* the feature names joined by ',' */
    char names[64][64];
} series;

static void series_free(series *s)
{
    free(s->time);
    for (int k = 0; k < 5; k++)
        free(s->col[k]);
    free(s->ref);
}

/* Reads talib_ref_<name>.csv: a '#' line, a ';' header, then rows. */
static void series_load(const char *name, series *s)
{
    memset(s, 0, sizeof *s);
    char file[64];
    snprintf(file, sizeof file, "talib_ref_%s.csv", name);
    FILE *f = fopen(test_data_path(file), "r");
    ck_assert_msg(f != NULL, "cannot open %s", file);
    static char line[1 << 16];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f)); /* provenance */
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f)); /* header */
    line[strcspn(line, "\r\n")] = '\0';
    char *save = NULL;
    int field = 0;
    for (char *tok = strtok_r(line, ";", &save); tok; tok = strtok_r(NULL, ";", &save), field++) {
        if (field < 6)
            continue;
        ck_assert_int_lt(s->n_feat, 64);
        snprintf(s->names[s->n_feat], sizeof s->names[0], "%s", tok);
        if (s->n_feat > 0)
            strcat(s->spec, ",");
        strcat(s->spec, tok);
        s->n_feat++;
    }
    int32_t cap = 8192;
    s->time = malloc(sizeof(int64_t) * cap);
    for (int k = 0; k < 5; k++)
        s->col[k] = malloc(sizeof(double) * cap);
    s->ref = malloc(sizeof(double) * cap * s->n_feat);
    while (fgets(line, sizeof line, f)) {
        ck_assert_int_lt(s->n, cap);
        char *p = line;
        s->time[s->n] = strtoll(p, &p, 10);
        for (int k = 0; k < 5 + s->n_feat; k++) {
            ck_assert_int_eq(*p, ';');
            double v = strtod(p + 1, &p); /* reads "nan" too */
            if (k < 5)
                s->col[k][s->n] = v;
            else
                s->ref[(int64_t)s->n * s->n_feat + (k - 5)] = v;
        }
        s->n++;
    }
    fclose(f);
    ck_assert_int_gt(s->n, 1000);
}

static double *batch(bc_features *f, const series *s, const double *bid, const double *ask)
{
    int32_t count = bc_features_count(f);
    double *out = malloc(sizeof(double) * s->n * count);
    ck_assert_ok(bc_features_compute_arrays(f, s->n, s->time, s->col[0], s->col[1], s->col[2],
                                            s->col[3], s->col[4], bid, ask, out,
                                            (int64_t)s->n * count));
    return out;
}

static void check_against_talib(const char *name)
{
    series s;
    series_load(name, &s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(s.spec, &f));
    ck_assert_int_eq(bc_features_count(f), s.n_feat);
    double *out = batch(f, &s, NULL, NULL);
    int32_t exact_columns = 0;
    for (int j = 0; j < s.n_feat; j++) {
        char col[64];
        ck_assert_ok(bc_features_name(f, j, col, sizeof col, NULL));
        ck_assert_str_eq(col, s.names[j]);
        /* sar is TA-Lib's operations in TA-Lib's order: bit for bit */
        int exact = strncmp(col, "sar(", 4) == 0;
        exact_columns += exact;
        int32_t valid = 0;
        for (int32_t i = 0; i < s.n; i++) {
            double ref = s.ref[(int64_t)i * s.n_feat + j], got = out[(int64_t)i * s.n_feat + j];
            ck_assert_msg(isnan(ref) == isnan(got), "%s %s bar %d: got %.17g, TA-Lib %.17g",
                          name, col, i, got, ref);
            if (isnan(ref))
                continue;
            valid++;
            double tol = exact ? 0.0 : REF_TOL * (fabs(ref) > 1.0 ? fabs(ref) : 1.0);
            ck_assert_msg(fabs(got - ref) <= tol, "%s %s bar %d: got %.17g, TA-Lib %.17g", name,
                          col, i, got, ref);
        }
        ck_assert_int_gt(valid, s.n - 100);
    }
    ck_assert_int_eq(exact_columns, 3); /* sar(0.02,0.2), sar(0.01,0.1), sar(0.03,0.25) */
    free(out);
    bc_features_free(f);
    series_free(&s);
}

START_TEST(every_indicator_matches_talib_on_aapl)
{
    check_against_talib("aapl");
}
END_TEST

START_TEST(every_indicator_matches_talib_on_sp500)
{
    check_against_talib("sp500");
}
END_TEST

/* A spec touching every kind, for the streaming == batch test. */
static const char *all_kinds =
    "open,high,low,close,volume,sma(20),ema(12),rsi(14),macd(12,26,9),atr(14),bbands(20,2),"
    "stoch(14,3,3),adx(14),ret(1),logret(5),vol(20),rsi(14)@1,macd(12,26,9).hist@3,"
    "cross(sma(10),sma(30)),cross(rsi(14),50),diff(ema(12),sma(20)),hour_sin,hour_cos,"
    "dow_sin,dow_cos,month_sin,month_cos,book_bid_vol,book_ask_vol,book_imbalance,"
    "book_spread,bid_ask_ratio,book_imbalance_roll";

START_TEST(streaming_is_bit_identical_to_batch_on_sp500)
{
    series s;
    series_load("sp500", &s);
    /* A book from the data: bid = volume share of up moves, ask the rest;
     * every 97th bar without a book. */
    double *bid = malloc(sizeof(double) * s.n), *ask = malloc(sizeof(double) * s.n);
    for (int32_t i = 0; i < s.n; i++) {
        double up = s.col[3][i] - s.col[0][i];
        bid[i] = i % 97 == 5 ? NAN : s.col[4][i] * (up > 0 ? 0.6 : 0.4);
        ask[i] = i % 97 == 5 ? NAN : s.col[4][i] - bid[i];
    }
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(all_kinds, &f));
    int32_t count = bc_features_count(f);
    ck_assert_int_eq(count, 38);
    double *b = batch(f, &s, bid, ask);
    double *st = malloc(sizeof(double) * s.n * count);
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < s.n; i++) {
        if (!isnan(bid[i]))
            ck_assert_ok(bc_features_set_book(f, bid[i], ask[i]));
        ck_assert_ok(bc_features_update(f, s.time[i], s.col[0][i], s.col[1][i], s.col[2][i],
                                        s.col[3][i], s.col[4][i], st + (int64_t)i * count,
                                        count));
    }
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * s.n * count), 0);
    /* And the batch has real values in every column after the lookback. */
    int32_t lb = bc_features_lookback(f);
    ck_assert_int_eq(lb, 36); /* macd(12,26,9).hist@3: 33 + 3 */
    for (int c = 0; c < count; c++)
        ck_assert_msg(!isnan(b[(int64_t)(lb + 1) * count + c]), "column %d NaN after lookback", c);
    free(b);
    free(st);
    free(bid);
    free(ask);
    bc_features_free(f);
    series_free(&s);
}
END_TEST

/* The clone's default set holds the kinds the streaming engine steps inline
 * (cross, above, constants, lags, hour, sessions, sma, ema, close) next to
 * the ones it runs through their kernels: on hourly time stamps, with a
 * missing bar every 101 bars, streaming gives the batch's bits. */
START_TEST(default_clone_set_streams_bit_identical_to_batch)
{
    series s;
    series_load("sp500", &s);
    for (int32_t i = 0; i < s.n; i++) {
        s.time[i] = 1500000000 + 3600 * (int64_t)i + 60 * (i % 7);
        if (i % 101 == 50)
            s.col[3][i] = NAN;
    }
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(bc_clone_default_features(), &f));
    int32_t count = bc_features_count(f);
    ck_assert_int_eq(count, 64);
    double *b = batch(f, &s, NULL, NULL);
    double *st = malloc(sizeof(double) * s.n * count);
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < s.n; i++)
        ck_assert_ok(bc_features_update(f, s.time[i], s.col[0][i], s.col[1][i], s.col[2][i],
                                        s.col[3][i], s.col[4][i], st + (int64_t)i * count,
                                        count));
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * s.n * count), 0);
    /* Every session step is on for some bars and off for others. */
    int32_t first = count - 23, on = 0;
    for (int32_t i = 200; i < s.n; i++)
        on += b[(int64_t)i * count + first + 11] == 1.0; /* session(12,24) */
    ck_assert_int_gt(on, 0);
    ck_assert_int_lt(on, s.n - 200);
    free(b);
    free(st);
    bc_features_free(f);
    series_free(&s);
}
END_TEST

START_TEST(update_allocates_nothing)
{
    series s;
    series_load("aapl", &s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(all_kinds, &f));
    double out[64];
    /* Warm up: the C library may allocate on first use of sin/log. */
    ck_assert_ok(bc_features_update(f, s.time[0], s.col[0][0], s.col[1][0], s.col[2][0],
                                    s.col[3][0], s.col[4][0], out, 64));
    struct mallinfo2 before = mallinfo2();
    for (int32_t i = 1; i < s.n; i++) {
        ck_assert_ok(bc_features_set_book(f, 2.0 + i % 3, 3.0));
        ck_assert_ok(bc_features_update(f, s.time[i], s.col[0][i], s.col[1][i], s.col[2][i],
                                        s.col[3][i], s.col[4][i], out, 64));
    }
    struct mallinfo2 after = mallinfo2();
    ck_assert_uint_eq(after.uordblks, before.uordblks);
    ck_assert_uint_eq(after.hblkhd, before.hblkhd);
    bc_features_free(f);
    series_free(&s);
}
END_TEST

START_TEST(order_book_features_follow_design_formulas)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("book_bid_vol,book_ask_vol,book_imbalance,book_spread,"
                                    "bid_ask_ratio,book_imbalance_roll", &f));
    double o[6];
    ck_assert_ok(bc_features_set_book(f, 2.0, 3.0));
    ck_assert_ok(bc_features_update(f, 0, 1, 1, 1, 1, 0, o, 6));
    ck_assert_double_eq_tol(o[0], 0.4, 1e-15);
    ck_assert_double_eq_tol(o[1], 0.6, 1e-15);
    ck_assert_double_eq_tol(o[2], -0.2, 1e-15);
    ck_assert_double_eq_tol(o[3], 0.2, 1e-15);
    ck_assert_double_eq_tol(o[4], 2.0 / 3.0, 1e-8);
    ck_assert_double_eq_tol(o[5], -0.2, 1e-15); /* mean of the one imbalance so far */
    /* T <= 0: the five per-bar values are 0; the roll averages -0.2 and 0. */
    ck_assert_ok(bc_features_set_book(f, 0.0, 0.0));
    ck_assert_ok(bc_features_update(f, 60, 1, 1, 1, 1, 0, o, 6));
    for (int j = 0; j < 5; j++)
        ck_assert_double_eq(o[j], 0.0);
    ck_assert_double_eq_tol(o[5], -0.1, 1e-15);
    /* No book: NaN everywhere and the roll does not move. */
    ck_assert_ok(bc_features_update(f, 120, 1, 1, 1, 1, 0, o, 6));
    for (int j = 0; j < 6; j++)
        ck_assert(isnan(o[j]));
    /* The roll keeps the last 5: imbalances -0.2, 0, then 1 x5 -> mean 1. */
    for (int k = 0; k < 5; k++) {
        ck_assert_ok(bc_features_set_book(f, 4.0, 0.0));
        ck_assert_ok(bc_features_update(f, 180 + k, 1, 1, 1, 1, 0, o, 6));
    }
    ck_assert_double_eq_tol(o[5], 1.0, 1e-15);
    ck_assert_status_msg(bc_features_set_book(f, -1.0, 2.0), BC_E_INVALID_ARGUMENT, "bid_volume");
    ck_assert_status_msg(bc_features_set_book(f, 1.0, INFINITY), BC_E_INVALID_ARGUMENT,
                         "ask_volume");
    bc_features_free(f);
}
END_TEST

START_TEST(time_encodings_use_utc_hour_weekday_month)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("hour_sin,hour_cos,dow_sin,dow_cos,month_sin,month_cos", &f));
    double o[6];
    /* 2024-03-04 06:30:59 UTC, a Monday in March. */
    ck_assert_ok(bc_features_update(f, 1709533859, 1, 1, 1, 1, 0, o, 6));
    const double two_pi = 6.283185307179586;
    ck_assert_double_eq_tol(o[0], sin(two_pi * 6.5 / 24), 1e-15);
    ck_assert_double_eq_tol(o[1], cos(two_pi * 6.5 / 24), 1e-15);
    ck_assert_double_eq_tol(o[2], 0.0, 1e-15);
    ck_assert_double_eq_tol(o[3], 1.0, 1e-15);
    ck_assert_double_eq_tol(o[4], sin(two_pi * 2 / 12), 1e-15);
    ck_assert_double_eq_tol(o[5], cos(two_pi * 2 / 12), 1e-15);
    /* 1969-12-31 23:00 UTC (negative time), a Wednesday in December. */
    ck_assert_ok(bc_features_update(f, -3600, 1, 1, 1, 1, 0, o, 6));
    ck_assert_double_eq_tol(o[0], sin(two_pi * 23 / 24), 1e-15);
    ck_assert_double_eq_tol(o[2], sin(two_pi * 2 / 7), 1e-15);
    ck_assert_double_eq_tol(o[4], sin(two_pi * 11 / 12), 1e-15);
    bc_features_free(f);
}
END_TEST

START_TEST(returns_and_volatility_match_direct_formulas)
{
    series s;
    series_load("aapl", &s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("ret(1),logret(3),vol(10)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 10);
    double *out = batch(f, &s, NULL, NULL);
    const double *c = s.col[3];
    for (int32_t i = 0; i < s.n; i++) {
        const double *o = out + (int64_t)i * 3;
        if (i < 1)
            ck_assert(isnan(o[0]));
        else
            ck_assert_double_eq_tol(o[0], c[i] / c[i - 1] - 1.0, 1e-15);
        if (i < 3)
            ck_assert(isnan(o[1]));
        else
            ck_assert_double_eq_tol(o[1], log(c[i] / c[i - 3]), 1e-15);
        if (i < 10) {
            ck_assert(isnan(o[2]));
            continue;
        }
        double r[10], mean = 0.0, ss = 0.0;
        for (int k = 0; k < 10; k++) {
            r[k] = log(c[i - k] / c[i - k - 1]);
            mean += r[k] / 10;
        }
        for (int k = 0; k < 10; k++)
            ss += (r[k] - mean) * (r[k] - mean);
        double sd = sqrt(ss / 9);
        ck_assert_msg(fabs(o[2] - sd) <= 1e-9 * sd, "vol bar %d: %.17g vs %.17g", i, o[2], sd);
    }
    free(out);
    bc_features_free(f);
    series_free(&s);
}
END_TEST

START_TEST(lag_shifts_by_k_bars_and_extends_lookback)
{
    series s;
    series_load("aapl", &s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("rsi(14),rsi(14)@3,stoch(14,3,3)@2", &f));
    ck_assert_int_eq(bc_features_count(f), 4);
    ck_assert_int_eq(bc_features_lookback(f), 19);
    char name[64];
    ck_assert_ok(bc_features_name(f, 3, name, sizeof name, NULL));
    ck_assert_str_eq(name, "stoch(14,3,3).d@2");
    double *out = batch(f, &s, NULL, NULL);
    for (int32_t i = 0; i < s.n; i++) {
        double lagged = out[(int64_t)i * 4 + 1];
        if (i < 17)
            ck_assert(isnan(lagged));
        else
            ck_assert_double_eq(lagged, out[(int64_t)(i - 3) * 4]);
    }
    free(out);
    bc_features_free(f);
    series_free(&s);
}
END_TEST

START_TEST(cross_signals_up_and_down_crossings)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("cross(close,10),diff(close,10)", &f));
    const double close[] = {9, 11, 11, 9, 10, 12, 12};
    const double want[] = {0, 1, 0, -1, 0, 1, 0};
    for (int i = 0; i < 7; i++) {
        double o[2];
        ck_assert_ok(bc_features_update(f, i * 60, close[i], close[i], close[i], close[i], 0, o, 2));
        ck_assert_double_eq(o[0], want[i]);
        ck_assert_double_eq(o[1], close[i] - 10);
    }
    bc_features_free(f);
    /* NaN while an input is NaN: sma(3) needs 3 bars. */
    ck_assert_ok(bc_features_create("cross(close,sma(3))", &f));
    double o;
    ck_assert_ok(bc_features_update(f, 0, 1, 1, 1, 1, 0, &o, 1));
    ck_assert(isnan(o));
    bc_features_free(f);
}
END_TEST

START_TEST(canonical_spec_and_names)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(" SMA( 20 ) , macd(12,26,9).hist, bbands(20,2.50)@1 ", &f));
    char buf[256];
    int32_t len = -1;
    ck_assert_status_msg(bc_features_spec(f, buf, 4, &len), BC_E_BUFFER_TOO_SMALL, "needs");
    ck_assert_int_eq(len, 43);
    ck_assert_ok(bc_features_spec(f, buf, sizeof buf, &len));
    ck_assert_str_eq(buf, "sma(20),macd(12,26,9).hist,bbands(20,2.5)@1");
    ck_assert_int_eq(bc_features_count(f), 5);
    const char *names[] = {"sma(20)", "macd(12,26,9).hist", "bbands(20,2.5).upper@1",
                           "bbands(20,2.5).middle@1", "bbands(20,2.5).lower@1"};
    for (int i = 0; i < 5; i++) {
        ck_assert_ok(bc_features_name(f, i, buf, sizeof buf, NULL));
        ck_assert_str_eq(buf, names[i]);
    }
    ck_assert_status_msg(bc_features_name(f, 5, buf, sizeof buf, NULL), BC_E_INVALID_ARGUMENT, "5");
    bc_features_free(f);
    /* The JSON form gives the same engine. */
    ck_assert_ok(bc_features_create("[\"sma(20)\", \"macd(12,26,9).hist,bbands(20,2.5)@1\"]", &f));
    ck_assert_ok(bc_features_spec(f, buf, sizeof buf, NULL));
    ck_assert_str_eq(buf, "sma(20),macd(12,26,9).hist,bbands(20,2.5)@1");
    bc_features_free(f);
    ck_assert_ok(bc_features_create("macd(12,26,9),adx(14),stoch(14,3,3)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 33);
    bc_features_free(f);
}
END_TEST

/* Session items on a real hourly series (EUR/USD, tests/data/bots): each
 * value follows from the bar's UTC hour, and streaming equals batch. */
START_TEST(session_hours_are_one_hot_and_windows_of_the_utc_hour)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    const char *spec = "hour,hour_is(0),hour_is(8),hour_is(16),hour_is(23),session(8,17),"
                       "session(22,6),session(0,1),session(23,24),session(12,13)@1";
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    const int32_t count = 10;
    ck_assert_int_eq(bc_features_count(f), count);
    ck_assert_int_eq(bc_features_lookback(f), 1);
    char name[64];
    ck_assert_ok(bc_features_name(f, 5, name, sizeof name, NULL));
    ck_assert_str_eq(name, "session(8,17)");
    ck_assert_ok(bc_features_name(f, 9, name, sizeof name, NULL));
    ck_assert_str_eq(name, "session(12,13)@1");
    int32_t n = bc_bars_length(bars);
    const int64_t *t = bc_bars_time(bars);
    const double *c = bc_bars_column(bars, BC_BAR_CLOSE);
    double *b = malloc(sizeof(double) * (size_t)n * count);
    double *st = malloc(sizeof(double) * (size_t)n * count);
    ck_assert_ok(bc_features_compute_arrays(f, n, t, NULL, NULL, NULL, c, NULL, NULL, NULL, b,
                                            (int64_t)n * count));
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < n; i++)
        ck_assert_ok(bc_features_update(f, t[i], c[i], c[i], c[i], c[i], 0.0,
                                        st + (int64_t)i * count, count));
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * (size_t)n * count), 0);
    int32_t seen[24] = {0};
    for (int32_t i = 1; i < n; i++) {
        const double *r = b + (int64_t)i * count;
        int32_t h = (int32_t)((t[i] % 86400) / 3600), m = (int32_t)((t[i] % 3600) / 60);
        int32_t hp = (int32_t)((t[i - 1] % 86400) / 3600);
        seen[h] = 1;
        ck_assert_double_eq(r[0], h + m / 60.0);
        ck_assert_double_eq(r[1], h == 0);
        ck_assert_double_eq(r[2], h == 8);
        ck_assert_double_eq(r[3], h == 16);
        ck_assert_double_eq(r[4], h == 23);
        ck_assert_double_eq(r[5], h >= 8 && h < 17);
        ck_assert_double_eq(r[6], h >= 22 || h < 6);
        ck_assert_double_eq(r[7], h == 0);
        ck_assert_double_eq(r[8], h == 23);
        ck_assert_double_eq(r[9], hp == 12);
    }
    for (int32_t h = 0; h < 24; h++)
        ck_assert_msg(seen[h], "the series has no bar at hour %d", h);
    bc_features_free(f);
    /* Minutes and times before 1970 (floor to the day). */
    ck_assert_ok(bc_features_create("hour,hour_is(23),session(22,6),session(6,22)", &f));
    double o[4];
    ck_assert_ok(bc_features_update(f, -1800, 1, 1, 1, 1, 0, o, 4)); /* 1969-12-31 23:30 */
    ck_assert_double_eq(o[0], 23.5);
    ck_assert_double_eq(o[1], 1.0);
    ck_assert_double_eq(o[2], 1.0);
    ck_assert_double_eq(o[3], 0.0);
    ck_assert_ok(bc_features_update(f, 1709533859, 1, 1, 1, 1, 0, o, 4)); /* 06:30:59 */
    ck_assert_double_eq(o[0], 6.5);
    ck_assert_double_eq(o[1], 0.0);
    ck_assert_double_eq(o[2], 0.0);
    ck_assert_double_eq(o[3], 1.0);
    bc_features_free(f);
    free(b);
    free(st);
    bc_bars_free(bars);
}
END_TEST

START_TEST(spec_errors_name_the_offending_item)
{
    bc_features *f = (bc_features *)&f;
    ck_assert_status_msg(bc_features_create("sma(20),smaa(3)", &f), BC_E_PARSE, "smaa");
    ck_assert_ptr_null(f);
    ck_assert_status_msg(bc_features_create("sma(1)", &f), BC_E_PARSE, "2..100000");
    ck_assert_status_msg(bc_features_create("ema(2.5)", &f), BC_E_PARSE, "2.5");
    ck_assert_status_msg(bc_features_create("macd(26,12,9)", &f), BC_E_PARSE, "slow period 12");
    ck_assert_status_msg(bc_features_create("bbands(20)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("macd(12,26,9).foo", &f), BC_E_PARSE, "'.foo'");
    ck_assert_status_msg(bc_features_create("rsi(14).k", &f), BC_E_PARSE, "one output");
    ck_assert_status_msg(bc_features_create("cross(macd(12,26,9),0)", &f), BC_E_PARSE,
                         "single columns");
    ck_assert_status_msg(bc_features_create("rsi(14) rsi(5)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("hour_sin(3)", &f), BC_E_PARSE, "no arguments");
    /* the window-extreme families: worded as stoch's ("stoch: 0 is out of range 1..100000") */
    ck_assert_status_msg(bc_features_create("stoch(0,3,3)", &f), BC_E_PARSE,
                         "stoch: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("stochrsi(1,14,3)", &f), BC_E_PARSE,
                         "stochrsi: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("stochrsi(14,0,3)", &f), BC_E_PARSE,
                         "stochrsi: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("stochrsi(14,14,0)", &f), BC_E_PARSE,
                         "stochrsi: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("stochrsi(14,14)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("stochrsi(14,14,3).j", &f), BC_E_PARSE, "'.j'");
    ck_assert_status_msg(bc_features_create("midprice(1)", &f), BC_E_PARSE,
                         "midprice: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("midprice(9).k", &f), BC_E_PARSE, "one output");
    /* the MetaTrader 5 families (mt5.c) */
    ck_assert_status_msg(bc_features_create("smma(1)", &f), BC_E_PARSE,
                         "smma: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("demarker(0)", &f), BC_E_PARSE,
                         "demarker: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("rvi(0)", &f), BC_E_PARSE,
                         "rvi: 0 is out of range 1..1000");
    ck_assert_status_msg(bc_features_create("rvi(1001)", &f), BC_E_PARSE,
                         "rvi: 1001 is out of range 1..1000");
    ck_assert_status_msg(bc_features_create("rvi(10).hist", &f), BC_E_PARSE, "'.hist'");
    ck_assert_status_msg(bc_features_create("medprice(5)", &f), BC_E_PARSE, "no arguments");
    ck_assert_status_msg(bc_features_create("typprice.x", &f), BC_E_PARSE, "one output");
    ck_assert_status_msg(bc_features_create("zscore(rvi(10),20)", &f), BC_E_PARSE,
                         "single columns");
    ck_assert_ptr_null(f);
    /* sar(accel,max): accel > 0, accel <= max <= 1, numbers only; the message names the value */
    ck_assert_status_msg(bc_features_create("sar(0,0.2)", &f), BC_E_PARSE,
                         "sar(0,0.2): the acceleration 0 must be above 0");
    ck_assert_status_msg(bc_features_create("sar(-0.02,0.2)", &f), BC_E_PARSE,
                         "the acceleration -0.02 must be above 0");
    ck_assert_status_msg(bc_features_create("sar(0.02,0.01)", &f), BC_E_PARSE,
                         "the maximum 0.01 is below the acceleration 0.02");
    ck_assert_status_msg(bc_features_create("sar(0.02,1.5)", &f), BC_E_PARSE,
                         "the maximum 1.5 is above 1");
    ck_assert_status_msg(bc_features_create("sar(abc,0.2)", &f), BC_E_PARSE,
                         "sar expects a number at offset 4, found 'abc,0.2)'");
    ck_assert_status_msg(bc_features_create("sar(0.02,nan)", &f), BC_E_PARSE,
                         "'nan' is not a finite number");
    ck_assert_status_msg(bc_features_create("sar(0.02)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("sar", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("sar(0.02,0.2).up", &f), BC_E_PARSE, "one output");
    /* mama(fast,slow): TA-Lib's range [0.01, 0.99] for both limits, numbers
     * only; outputs .mama and .fama */
    ck_assert_status_msg(bc_features_create("mama(0.5,0.005)", &f), BC_E_PARSE,
                         "mama(0.5,0.005): the slow limit 0.005 is outside [0.01, 0.99]");
    ck_assert_status_msg(bc_features_create("mama(1,0.05)", &f), BC_E_PARSE,
                         "the fast limit 1 is outside [0.01, 0.99]");
    ck_assert_status_msg(bc_features_create("mama(-0.5,0.05)", &f), BC_E_PARSE,
                         "the fast limit -0.5 is outside [0.01, 0.99]");
    ck_assert_status_msg(bc_features_create("mama(0.5,nan)", &f), BC_E_PARSE,
                         "'nan' is not a finite number");
    ck_assert_status_msg(bc_features_create("mama(0.5)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("mama", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("mama(0.5,0.05).kama", &f), BC_E_PARSE,
                         "'mama(0.5,0.05)' has no output '.kama'");
    /* htsine, htdcperiod, httrendmode: no arguments; htsine's outputs .sine
     * and .lead */
    ck_assert_status_msg(bc_features_create("htsine(5)", &f), BC_E_PARSE, "takes no arguments");
    ck_assert_status_msg(bc_features_create("htsine.cosine", &f), BC_E_PARSE,
                         "'htsine' has no output '.cosine'");
    ck_assert_status_msg(bc_features_create("htdcperiod.sine", &f), BC_E_PARSE,
                         "'htdcperiod' has one output; '.sine' selects nothing");
    ck_assert_status_msg(bc_features_create("httrendmode(1)", &f), BC_E_PARSE,
                         "takes no arguments");
    ck_assert_ptr_null(f);
    /* squeeze(n,x,y): both widths above 0; the message names the value */
    ck_assert_status_msg(bc_features_create("squeeze(20,0,2)", &f), BC_E_PARSE,
                         "squeeze(20,0,2): the band width 0 must be above 0");
    ck_assert_status_msg(bc_features_create("squeeze(20,2,-1)", &f), BC_E_PARSE,
                         "squeeze(20,2,-1): the channel width -1 must be above 0");
    ck_assert_status_msg(bc_features_create("squeeze(1,2,2)", &f), BC_E_PARSE,
                         "squeeze: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("squeeze(20,2)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("squeeze(20,2,2).up", &f), BC_E_PARSE, "one output");
    /* accbands(n) 2..100000, three outputs */
    ck_assert_status_msg(bc_features_create("accbands(1)", &f), BC_E_PARSE,
                         "accbands: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("accbands(20,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("accbands(20).band", &f), BC_E_PARSE,
                         "'accbands(20)' has no output '.band'");
    ck_assert_ptr_null(f);
    /* ribbon(a,b,c,d): periods 2.. rising fast to slow */
    ck_assert_status_msg(bc_features_create("ribbon(8,8,21,34)", &f), BC_E_PARSE,
                         "ribbon(8,8,21,34): the periods must rise, fast to slow (8 is not "
                         "above 8)");
    ck_assert_status_msg(bc_features_create("ribbon(34,21,13,8)", &f), BC_E_PARSE,
                         "(21 is not above 34)");
    ck_assert_status_msg(bc_features_create("ribbon(1,13,21,34)", &f), BC_E_PARSE,
                         "ribbon: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("ribbon(8,13,21)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("ribbon(8,13,21,34,55)", &f), BC_E_PARSE,
                         "ribbon(8,13,21,34");
    ck_assert_ptr_null(f);
    /* alligator(j,t,l): three periods 2..; impulse(e,f,s,g): macd's slow not below fast */
    ck_assert_status_msg(bc_features_create("alligator(13,1,5)", &f), BC_E_PARSE,
                         "alligator: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("alligator(13,8)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("alligator(13,8,5).mouth", &f), BC_E_PARSE, "mouth");
    ck_assert_status_msg(bc_features_create("impulse(13,26,12,9)", &f), BC_E_PARSE,
                         "'impulse(13,26,12,9)': slow period 12 is below fast period 26");
    ck_assert_status_msg(bc_features_create("impulse(13,12,26,0)", &f), BC_E_PARSE,
                         "impulse: 0 is out of range 1..100000");
    ck_assert_ptr_null(f);
    /* the day extremes: a window [h0, h1) of whole hours, h0 < h1, no wrap */
    ck_assert_status_msg(bc_features_create("dayhigh(7,7)", &f), BC_E_PARSE,
                         "dayhigh(7,7): the window [7, 7) is empty");
    ck_assert_status_msg(bc_features_create("daylow(22,6)", &f), BC_E_PARSE,
                         "start hour 22 must be below the end hour 6");
    ck_assert_status_msg(bc_features_create("dayhigh(24,24)", &f), BC_E_PARSE,
                         "dayhigh: 24 is out of range 0..23");
    ck_assert_status_msg(bc_features_create("daylow(0,25)", &f), BC_E_PARSE,
                         "daylow: 25 is out of range 1..24");
    ck_assert_status_msg(bc_features_create("dayhigh(-1,7)", &f), BC_E_PARSE,
                         "dayhigh: -1 is out of range 0..23");
    ck_assert_status_msg(bc_features_create("dayhigh(0,6.5)", &f), BC_E_PARSE,
                         "dayhigh: '6.5' is not an integer");
    ck_assert_status_msg(bc_features_create("daylow(7)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("dayhigh(0,7).k", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
    /* dmi(n) and cmo(n): n in 2..100000 (TA-Lib's CMO refuses 1; PLUS_DI(1)
     * is another formula), integers only; dmi's outputs are .plus and .minus */
    ck_assert_status_msg(bc_features_create("dmi(1)", &f), BC_E_PARSE,
                         "dmi: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("dmi(100001)", &f), BC_E_PARSE,
                         "dmi: 100001 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("dmi(2.5)", &f), BC_E_PARSE,
                         "dmi: '2.5' is not an integer");
    ck_assert_status_msg(bc_features_create("dmi(14).up", &f), BC_E_PARSE,
                         "'dmi(14)' has no output '.up'");
    ck_assert_status_msg(bc_features_create("dmi(14,3)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("cmo(1)", &f), BC_E_PARSE,
                         "cmo: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("cmo(close)", &f), BC_E_PARSE,
                         "cmo expects an integer at offset 4, found 'close)'");
    ck_assert_status_msg(bc_features_create("cmo(14).plus", &f), BC_E_PARSE, "one output");
    ck_assert_status_msg(bc_features_create("cmo", &f), BC_E_PARSE, "expected '('");
    ck_assert_ptr_null(f);
    /* vortex(n): n in 2..100000, outputs .plus and .minus; hma(n): n >= 4
     * (its inner periods n/2 and floor(sqrt n) must be wma's 2 or more) */
    ck_assert_status_msg(bc_features_create("vortex(1)", &f), BC_E_PARSE,
                         "vortex: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("vortex(14).up", &f), BC_E_PARSE,
                         "'vortex(14)' has no output '.up'");
    ck_assert_status_msg(bc_features_create("hma(3)", &f), BC_E_PARSE,
                         "hma: 3 is out of range 4..100000");
    ck_assert_status_msg(bc_features_create("hma(100001)", &f), BC_E_PARSE,
                         "hma: 100001 is out of range 4..100000");
    ck_assert_status_msg(bc_features_create("hma(16).plus", &f), BC_E_PARSE, "one output");
    /* tsi(r,s,k): three integer periods, each 1..100000; outputs .line and
     * .signal; bop takes no arguments and has one output */
    ck_assert_status_msg(bc_features_create("tsi(0,13,7)", &f), BC_E_PARSE,
                         "tsi: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("tsi(25,13,100001)", &f), BC_E_PARSE,
                         "tsi: 100001 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("tsi(25,13,2.5)", &f), BC_E_PARSE,
                         "tsi: '2.5' is not an integer");
    ck_assert_status_msg(bc_features_create("tsi(25,13)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("tsi(25,13,7).hist", &f), BC_E_PARSE,
                         "'tsi(25,13,7)' has no output '.hist'");
    ck_assert_status_msg(bc_features_create("bop(14)", &f), BC_E_PARSE,
                         "'bop' takes no arguments");
    ck_assert_status_msg(bc_features_create("bop.x", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
    /* harami takes no arguments (TA-Lib's default candle settings) and has
     * one output */
    ck_assert_status_msg(bc_features_create("harami(10)", &f), BC_E_PARSE,
                         "'harami' takes no arguments");
    ck_assert_status_msg(bc_features_create("harami.x", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
    /* kst takes no arguments (Pring's daily parameters) and has .line and
     * .signal; emv(n): one integer period 1..100000 */
    ck_assert_status_msg(bc_features_create("kst(10)", &f), BC_E_PARSE,
                         "'kst' takes no arguments");
    ck_assert_status_msg(bc_features_create("kst.hist", &f), BC_E_PARSE,
                         "'kst' has no output '.hist'");
    ck_assert_status_msg(bc_features_create("emv(0)", &f), BC_E_PARSE,
                         "emv: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("emv(14,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("emv", &f), BC_E_PARSE, "expected '('");
    ck_assert_ptr_null(f);
    /* vixfix(n): one integer period 2..100000; pvo(f,s,g): three integers,
     * f <= s, with .line and .signal */
    ck_assert_status_msg(bc_features_create("vixfix(1)", &f), BC_E_PARSE,
                         "vixfix: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("vixfix", &f), BC_E_PARSE, "expected '('");
    /* t3(n,v): an integer period 2..100000 and a volume factor in 0..1;
     * ulcer(n): one integer period 2..100000 */
    ck_assert_status_msg(bc_features_create("t3(1,0.7)", &f), BC_E_PARSE,
                         "t3: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("t3(5)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("t3(5,1.5)", &f), BC_E_PARSE,
                         "the volume factor 1.5 is not between 0 and 1");
    ck_assert_status_msg(bc_features_create("ulcer(1)", &f), BC_E_PARSE,
                         "ulcer: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("ulcer", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("ulcer(14,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_ptr_null(f);
    ck_assert_status_msg(bc_features_create("pvo(26,12,9)", &f), BC_E_PARSE,
                         "slow period 12 is below fast period 26");
    ck_assert_status_msg(bc_features_create("pvo(12,26)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("pvo(12,26,9).hist", &f), BC_E_PARSE,
                         "'pvo(12,26,9)' has no output '.hist'");
    /* kvo(f,s,g): three integers 1..100000, f <= s, with .line and
     * .signal; correl(n): one integer period 2..100000 */
    ck_assert_status_msg(bc_features_create("kvo(55,34,13)", &f), BC_E_PARSE,
                         "slow period 34 is below fast period 55");
    ck_assert_status_msg(bc_features_create("kvo(34,55)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("kvo(0,55,13)", &f), BC_E_PARSE,
                         "kvo: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("kvo(34,55,13).hist", &f), BC_E_PARSE,
                         "'kvo(34,55,13)' has no output '.hist'");
    ck_assert_status_msg(bc_features_create("correl(1)", &f), BC_E_PARSE,
                         "correl: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("correl", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("correl(20,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_ptr_null(f);
    /* smi(q,r,s): three integers 2..100000 with .line and .signal;
     * vidya(n,m): n 1..100000, m (cmo's period) 2..100000 */
    ck_assert_status_msg(bc_features_create("smi(1,3,3)", &f), BC_E_PARSE,
                         "smi: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("smi(10,3)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("smi(10,3,3).hist", &f), BC_E_PARSE,
                         "'smi(10,3,3)' has no output '.hist'");
    ck_assert_status_msg(bc_features_create("vidya(14,1)", &f), BC_E_PARSE,
                         "vidya: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("vidya(0,9)", &f), BC_E_PARSE,
                         "vidya: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("vidya(14)", &f), BC_E_PARSE, "expected ','");
    /* linregse(n): n >= 3 (n - 2 degrees of freedom) */
    ck_assert_status_msg(bc_features_create("linregse(2)", &f), BC_E_PARSE,
                         "linregse: 2 is out of range 3..100000");
    ck_assert_status_msg(bc_features_create("linregse", &f), BC_E_PARSE, "expected '('");
    ck_assert_ptr_null(f);
    /* stc(f,s,c): three integers, f, s >= 2, c >= 2, f <= s; laguerre(g):
     * one number strictly between 0 and 1 */
    ck_assert_status_msg(bc_features_create("stc(50,23,10)", &f), BC_E_PARSE,
                         "slow period 23 is below fast period 50");
    ck_assert_status_msg(bc_features_create("stc(23,50,1)", &f), BC_E_PARSE,
                         "stc: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("stc(23,50)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("laguerre(1)", &f), BC_E_PARSE,
                         "the gamma 1 is not between 0 and 1");
    ck_assert_status_msg(bc_features_create("laguerre(0)", &f), BC_E_PARSE,
                         "the gamma 0 is not between 0 and 1");
    ck_assert_status_msg(bc_features_create("laguerre(0.5,0.2)", &f), BC_E_PARSE,
                         "expected ')'");
    ck_assert_status_msg(bc_features_create("laguerre", &f), BC_E_PARSE, "expected '('");
    /* supertrend(n,m): a period 1..100000 and a multiplier above 0, outputs
     * .line and .trend; dayopen takes no arguments */
    ck_assert_status_msg(bc_features_create("supertrend(10)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("supertrend(0,3)", &f), BC_E_PARSE,
                         "supertrend: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("supertrend(10,0)", &f), BC_E_PARSE,
                         "supertrend(10,0): the multiplier 0 must be above 0");
    ck_assert_status_msg(bc_features_create("supertrend(10,-2.5)", &f), BC_E_PARSE,
                         "the multiplier -2.5 must be above 0");
    ck_assert_status_msg(bc_features_create("supertrend(10,3).upper", &f), BC_E_PARSE,
                         "has no output '.upper'");
    ck_assert_status_msg(bc_features_create("dayopen(1)", &f), BC_E_PARSE,
                         "'dayopen' takes no arguments");
    /* linebreak(n): 1..10 lines, outputs .trend and .level */
    ck_assert_status_msg(bc_features_create("linebreak(0)", &f), BC_E_PARSE,
                         "linebreak: 0 is out of range 1..10");
    ck_assert_status_msg(bc_features_create("linebreak(11)", &f), BC_E_PARSE,
                         "linebreak: 11 is out of range 1..10");
    ck_assert_status_msg(bc_features_create("linebreak", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("linebreak(3).line", &f), BC_E_PARSE,
                         "has no output '.line'");
    ck_assert_ptr_null(f);
    /* ema(x,n): ema with two arguments, x one column, n 2..100000 (ema(n)
     * unchanged); chvol(e,n): e 2..100000, n 1..100000 */
    ck_assert_status_msg(bc_features_create("ema(close,1)", &f), BC_E_PARSE,
                         "ema: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("ema(macd(12,26,9),5)", &f), BC_E_PARSE,
                         "takes single columns");
    ck_assert_status_msg(bc_features_create("ema(close,5,3)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("ema(close)", &f), BC_E_PARSE,
                         "ema expects an integer");
    ck_assert_status_msg(bc_features_create("ema(1)", &f), BC_E_PARSE,
                         "ema: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("chvol(10)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("chvol(10,0)", &f), BC_E_PARSE,
                         "chvol: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("chvol(10,10).x", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
    /* fractal(k): one integer 1..50 (a window of 2k+1 bars); outputs .up
     * and .down */
    ck_assert_status_msg(bc_features_create("fractal(0)", &f), BC_E_PARSE,
                         "fractal: 0 is out of range 1..50");
    ck_assert_status_msg(bc_features_create("fractal(51)", &f), BC_E_PARSE,
                         "fractal: 51 is out of range 1..50");
    ck_assert_status_msg(bc_features_create("fractal(2.5)", &f), BC_E_PARSE,
                         "fractal: '2.5' is not an integer");
    ck_assert_status_msg(bc_features_create("fractal(2).mid", &f), BC_E_PARSE,
                         "'fractal(2)' has no output '.mid'");
    ck_assert_ptr_null(f);
    /* dpo(n) n >= 2; ppo(fast,slow) both >= 2, slow not below fast;
     * coppock(a,b,n) a, b >= 1, n >= 2 */
    ck_assert_status_msg(bc_features_create("dpo(1)", &f), BC_E_PARSE,
                         "dpo: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("ppo(26,12)", &f), BC_E_PARSE,
                         "'ppo(26,12)': slow period 12 is below fast period 26");
    ck_assert_status_msg(bc_features_create("ppo(12)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("coppock(0,11,10)", &f), BC_E_PARSE,
                         "coppock: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("coppock(14,11,1)", &f), BC_E_PARSE,
                         "coppock: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("coppock(14,11,10).x", &f), BC_E_PARSE,
                         "one output");
    ck_assert_ptr_null(f);
    /* cmf(n) 1..100000, chop(n) and fisher(n) 2..100000 (chop divides by
     * ln n; a one-bar fisher window is always flat); one output each */
    ck_assert_status_msg(bc_features_create("cmf(0)", &f), BC_E_PARSE,
                         "cmf: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("chop(1)", &f), BC_E_PARSE,
                         "chop: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("fisher(100001)", &f), BC_E_PARSE,
                         "fisher: 100001 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("chop(14.5)", &f), BC_E_PARSE,
                         "chop: '14.5' is not an integer");
    ck_assert_status_msg(bc_features_create("fisher(10,3)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("cmf(20).line", &f), BC_E_PARSE, "one output");
    /* vwma(n) 1..100000 (cmf's sums), one output */
    ck_assert_status_msg(bc_features_create("vwma(0)", &f), BC_E_PARSE,
                         "vwma: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("vwma(20,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("vwma(20).x", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
    ck_assert_status_msg(bc_features_create("hour_is(24)", &f), BC_E_PARSE, "0..23");
    ck_assert_status_msg(bc_features_create("session(8,8)", &f), BC_E_PARSE, "session(8,8)");
    ck_assert_status_msg(bc_features_create("session(0,24)", &f), BC_E_PARSE, "whole day");
    ck_assert_status_msg(bc_features_create("hour(3)", &f), BC_E_PARSE, "no arguments");
    ck_assert_status_msg(bc_features_create("rsi(14)@0", &f), BC_E_PARSE, "lag");
    ck_assert_status_msg(bc_features_create("bbands(20,inf)", &f), BC_E_PARSE, "finite");
    ck_assert_status_msg(bc_features_create("  ", &f), BC_E_PARSE, "empty");
    ck_assert_status_msg(bc_features_create("[\"sma(5)\", 3]", &f), BC_E_PARSE, "element 1");
    ck_assert_status_msg(bc_features_create("[\"sma(5)\"", &f), BC_E_PARSE, "JSON");
    ck_assert_status_msg(bc_features_create(NULL, &f), BC_E_INVALID_ARGUMENT, "spec");
    /* imi(n): one integer period 2..100000 (TA-Lib IMI's minimum), one output */
    ck_assert_status_msg(bc_features_create("imi(1)", &f), BC_E_PARSE,
                         "imi: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("imi(14,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("imi", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("imi(14).line", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
    /* relvol(n,m): two integer periods 2..100000, one output */
    ck_assert_status_msg(bc_features_create("relvol(1,14)", &f), BC_E_PARSE,
                         "relvol: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("relvol(10)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("relvol(10,14).line", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

START_TEST(symbol_embedding_columns_take_the_vector_the_engine_is_given)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("close,sym_emb(0),sym_emb(2),sym_emb(2)@1", &f));
    ck_assert_int_eq(bc_features_count(f), 4);
    char name[32];
    int32_t len = 0;
    ck_assert_ok(bc_features_name(f, 1, name, sizeof name, &len));
    ck_assert_str_eq(name, "sym_emb_0");
    ck_assert_ok(bc_features_name(f, 3, name, sizeof name, &len));
    ck_assert_str_eq(name, "sym_emb_2@1");
    double o[4];
    ck_assert_ok(bc_features_update(f, 0, 1, 1, 1, 1, 0, o, 4));
    ck_assert(isnan(o[1]) && isnan(o[2])); /* missing until the symbol is known */
    const double emb[3] = {0.25, -1.5, 0.75};
    ck_assert_ok(bc_features_set_symbol_embedding(f, emb, 3));
    double stream[5][4];
    int64_t t[5];
    double c[5];
    for (int i = 0; i < 5; i++) {
        t[i] = 3600 * (i + 1);
        c[i] = 10 + i;
        ck_assert_ok(bc_features_update(f, t[i], c[i], c[i], c[i], c[i], 0, stream[i], 4));
        ck_assert(stream[i][1] == 0.25 && stream[i][2] == 0.75);
    }
    ck_assert(isnan(stream[0][3]) && stream[1][3] == 0.75); /* the lag sees the old NaN */
    double batch[20];
    ck_assert_ok(bc_features_compute_arrays(f, 5, t, NULL, NULL, NULL, c, NULL, NULL, NULL,
                                            batch, 20));
    for (int i = 0; i < 5; i++)
        ck_assert(batch[i * 4 + 1] == 0.25 && batch[i * 4 + 2] == 0.75);
    ck_assert(isnan(batch[3]) && batch[7] == 0.75);
    ck_assert_ok(bc_features_set_symbol_embedding(f, emb, 1)); /* j >= n: NaN again */
    ck_assert_ok(bc_features_update(f, 99999, 1, 1, 1, 1, 0, o, 4));
    ck_assert(o[1] == 0.25 && isnan(o[2]));
    ck_assert_status_msg(bc_features_set_symbol_embedding(f, emb, 300), BC_E_INVALID_ARGUMENT,
                         "n is 300");
    bc_features_free(f);
    bc_features *bad = NULL;
    ck_assert_status_msg(bc_features_create("sym_emb(256)", &bad), BC_E_PARSE, "sym_emb");
    ck_assert_ptr_null(bad);
}
END_TEST

START_TEST(missing_bar_gives_nan_row_and_keeps_state)
{
    const double c[] = {10, 11, 12, NAN, 13, 14, INFINITY, 15};
    const double clean[] = {10, 11, 12, 13, 14, 15};
    bc_features *f = NULL, *g = NULL;
    ck_assert_ok(bc_features_create("sma(3),close@1,hour_sin", &f));
    ck_assert_ok(bc_features_create("sma(3),close@1,hour_sin", &g));
    double stream[8][3], ref[6][3], batch_out[24];
    for (int i = 0, k = 0; i < 8; i++) {
        ck_assert_ok(bc_features_update(f, i * 3600, c[i], c[i], c[i], c[i], 0, stream[i], 3));
        if (isfinite(c[i])) {
            ck_assert_ok(bc_features_update(g, i * 3600, c[i], c[i], c[i], c[i], 0, ref[k], 3));
            ck_assert_double_eq(clean[k], c[i]);
            ck_assert_int_eq(memcmp(stream[i], ref[k], sizeof ref[k]), 0);
            k++;
        } else {
            for (int j = 0; j < 3; j++)
                ck_assert(isnan(stream[i][j]));
        }
    }
    ck_assert_double_eq_tol(stream[7][0], 14.0, 1e-12); /* (13+14+15)/3 */
    ck_assert_double_eq(stream[7][1], 14.0);
    int64_t t[8];
    for (int i = 0; i < 8; i++)
        t[i] = i * 3600;
    ck_assert_ok(bc_features_compute_arrays(f, 8, t, NULL, NULL, NULL, c, NULL, NULL, NULL,
                                            batch_out, 24));
    ck_assert_int_eq(memcmp(batch_out, stream, sizeof batch_out), 0);
    bc_features_free(f);
    bc_features_free(g);
}
END_TEST

START_TEST(infinite_results_become_nan)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("ret(1),logret(1)", &f));
    double o[2];
    ck_assert_ok(bc_features_update(f, 0, 0, 0, 0, 0.0, 0, o, 2));
    ck_assert_ok(bc_features_update(f, 1, 1, 1, 1, 1.0, 0, o, 2)); /* 1/0 - 1 = inf */
    ck_assert(isnan(o[0]));
    ck_assert(isnan(o[1]));
    ck_assert_ok(bc_features_update(f, 2, 2, 2, 2, 2.0, 0, o, 2));
    ck_assert_double_eq(o[0], 1.0);
    bc_features_free(f);
}
END_TEST

START_TEST(buffers_and_arguments_are_checked)
{
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("sma(3),rsi(5),hour_sin,book_imbalance", &f));
    double o[4];
    ck_assert_status_msg(bc_features_update(f, 0, 1, 1, 1, 1, 0, o, 3), BC_E_BUFFER_TOO_SMALL,
                         "capacity is 3");
    ck_assert_status_msg(bc_features_update(NULL, 0, 1, 1, 1, 1, 0, o, 4), BC_E_INVALID_ARGUMENT,
                         "NULL");
    double c[3] = {1, 2, 3}, out[12], bid[3] = {1, 2, -3}, ask[3] = {1, 1, 1};
    int64_t t[3] = {0, 60, 120};
    ck_assert_status_msg(bc_features_compute_arrays(f, 3, t, NULL, NULL, NULL, c, NULL, NULL,
                                                    NULL, out, 11),
                         BC_E_BUFFER_TOO_SMALL, "12");
    ck_assert_status_msg(bc_features_compute_arrays(f, 3, NULL, NULL, NULL, NULL, c, NULL, NULL,
                                                    NULL, out, 12),
                         BC_E_INVALID_ARGUMENT, "time");
    ck_assert_status_msg(bc_features_compute_arrays(f, 3, t, NULL, NULL, NULL, c, NULL, bid,
                                                    NULL, out, 12),
                         BC_E_INVALID_ARGUMENT, "both");
    ck_assert_status_msg(bc_features_compute_arrays(f, 3, t, NULL, NULL, NULL, c, NULL, bid, ask,
                                                    out, 12),
                         BC_E_INVALID_ARGUMENT, "bid_volume[2]");
    ck_assert_status_msg(bc_features_compute_arrays(f, -1, t, NULL, NULL, NULL, c, NULL, NULL,
                                                    NULL, out, 12),
                         BC_E_INVALID_ARGUMENT, "-1");
    ck_assert_ok(bc_features_compute_arrays(f, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                            NULL, 0));
    ck_assert_int_eq(bc_features_count(NULL), 0); /* counts give 0 for NULL */
    ck_assert_int_eq(bc_features_lookback(NULL), 0);
    bc_features_free(f);
    bc_features_free(NULL);
}
END_TEST


START_TEST(compute_over_bars_equals_compute_arrays)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("sma(20),rsi(14),macd(12,26,9),hour_sin", &f));
    int32_t n = bc_bars_length(bars), k = bc_features_count(f);
    double *a = malloc(sizeof(double) * n * k), *b = malloc(sizeof(double) * n * k);
    ck_assert_ok(bc_features_compute(f, bars, a, (int64_t)n * k));
    ck_assert_ok(bc_features_compute_arrays(
        f, n, bc_bars_time(bars), bc_bars_column(bars, BC_BAR_OPEN),
        bc_bars_column(bars, BC_BAR_HIGH), bc_bars_column(bars, BC_BAR_LOW),
        bc_bars_column(bars, BC_BAR_CLOSE), bc_bars_column(bars, BC_BAR_VOLUME),
        NULL, NULL, b, (int64_t)n * k));
    ck_assert_mem_eq(a, b, sizeof(double) * n * k);
    ck_assert(!isnan(a[(n - 1) * k]));
    ck_assert_status_msg(bc_features_compute(f, NULL, a, (int64_t)n * k),
                         BC_E_INVALID_ARGUMENT, "bars");
    ck_assert_int_eq(bc_features_compute(f, bars, a, 3), BC_E_BUFFER_TOO_SMALL);
    free(a);
    free(b);
    bc_features_free(f);
    bc_bars_free(bars);
}
END_TEST

/* sar(accel,max): a missing bar (here a NaN high) is skipped as ema's and
 * atr's are: the row is NaN and the series goes on from the last bar with
 * prices, so it equals the series computed without that bar. And the SAR
 * never lies inside a bar's range (a long SAR is below the low, a short
 * one at or above the high; a flip's value is the extreme point kept out
 * of the last two bars). */
START_TEST(sar_skips_missing_bars_and_stays_outside_the_bars)
{
    series s;
    series_load("sp500", &s);
    const char *spec = "sar(0.02,0.2),ema(12),atr(14),sar(0.01,0.1)";
    bc_features *f = NULL, *g = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    ck_assert_ok(bc_features_create(spec, &g));
    ck_assert_int_eq(bc_features_lookback(f), 14);
    int32_t count = bc_features_count(f), missing = 0, flips = 0;
    double row[4], ref[4];
    double prev_side = 0.0;
    for (int32_t i = 0; i < s.n; i++) {
        double high = i % 53 == 20 ? NAN : s.col[1][i];
        ck_assert_ok(bc_features_update(f, s.time[i], s.col[0][i], high, s.col[2][i],
                                        s.col[3][i], s.col[4][i], row, count));
        if (isnan(high)) {
            for (int j = 0; j < count; j++)
                ck_assert(isnan(row[j]));
            missing++;
            continue;
        }
        ck_assert_ok(bc_features_update(g, s.time[i], s.col[0][i], high, s.col[2][i],
                                        s.col[3][i], s.col[4][i], ref, count));
        ck_assert_int_eq(memcmp(row, ref, sizeof row), 0);
        if (i - missing == 0) {
            ck_assert(isnan(row[0]) && isnan(row[3])); /* lookback 1 */
            continue;
        }
        for (int j = 0; j < 4; j += 3) {
            ck_assert_msg(row[j] <= s.col[2][i] || row[j] >= high,
                          "bar %d: sar %.17g inside [%.17g, %.17g]", i, row[j], s.col[2][i], high);
        }
        double side = row[0] < s.col[2][i] ? 1.0 : -1.0;
        flips += prev_side != 0.0 && side != prev_side;
        prev_side = side;
    }
    ck_assert_int_gt(missing, 90);
    ck_assert_int_gt(flips, 200); /* the path went both ways many times */
    bc_features_free(f);
    bc_features_free(g);
    series_free(&s);
}
END_TEST

/* dmi(n) and cmo(n): a missing bar (here a NaN high) is skipped as ema's
 * and atr's are: the row is NaN and the series goes on from the last bar
 * with prices, so it equals the series computed without that bar. The lines
 * stay in 0..100 and cmo in -100..100, and cmo is 2*rsi - 100 (one
 * smoothing, two readings) to rounding. */
START_TEST(dmi_and_cmo_skip_missing_bars_and_stay_in_their_ranges)
{
    series s;
    series_load("sp500", &s);
    const char *spec = "dmi(14),cmo(14),ema(12),atr(14),rsi(14),dmi(7).minus";
    bc_features *f = NULL, *g = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    ck_assert_ok(bc_features_create(spec, &g));
    ck_assert_int_eq(bc_features_lookback(f), 14);
    int32_t count = bc_features_count(f), missing = 0, valid = 0;
    ck_assert_int_eq(count, 7);
    double row[7], ref[7];
    for (int32_t i = 0; i < s.n; i++) {
        double high = i % 53 == 20 ? NAN : s.col[1][i];
        ck_assert_ok(bc_features_update(f, s.time[i], s.col[0][i], high, s.col[2][i],
                                        s.col[3][i], s.col[4][i], row, count));
        if (isnan(high)) {
            for (int j = 0; j < count; j++)
                ck_assert(isnan(row[j]));
            missing++;
            continue;
        }
        ck_assert_ok(bc_features_update(g, s.time[i], s.col[0][i], high, s.col[2][i],
                                        s.col[3][i], s.col[4][i], ref, count));
        ck_assert_int_eq(memcmp(row, ref, sizeof row), 0);
        if (i - missing < 14) {
            ck_assert(isnan(row[0]) && isnan(row[1]) && isnan(row[2]));
            continue;
        }
        valid++;
        for (int j = 0; j < 3; j++) {
            double lo = j == 2 ? -100.0 : 0.0;
            ck_assert_msg(row[j] >= lo && row[j] <= 100.0, "bar %d column %d: %.17g", i, j, row[j]);
        }
        ck_assert_msg(fabs(row[2] - (2.0 * row[5] - 100.0)) <= 1e-9, "bar %d: cmo %.17g rsi %.17g",
                      i, row[2], row[5]);
    }
    ck_assert_int_gt(missing, 90);
    ck_assert_int_gt(valid, s.n - 200);
    bc_features_free(f);
    bc_features_free(g);
    series_free(&s);
}
END_TEST

/* The volume, range, moving-average and window-extreme families, nested in
 * the window items and the composites: streaming gives the batch's bits on sp500 with a missing bar (a
 * NaN volume) every 89 bars, and every column has values after the
 * lookback. */
#define FAMILIES "mfi(14),mfi(2),zscore(mfi(14),20),above(mfi(10),80),willr(14),willr(2)," \
                 "cross(willr(10),-80),obv,ad,adosc(3,10),adosc(10,3),zscore(obv,20)," \
                 "rank(ad,50),diff(obv,obv@5),wma(10),wma(2),dema(10),tema(10)," \
                 "cross(close,wma(20)),ratio(close,dema(30)),aroon(14),aroon(25).down," \
                 "aroonosc(14),aroonosc(2),stochrsi(14,14,3),stochrsi(14,5,3).d," \
                 "stochrsi(2,1,1),cross(stochrsi(14,14,3).d,20),above(stochrsi(14,5,3).k,80)," \
                 "stochrsi(14,14,3).d@2,zscore(stochrsi(14,14,3).k,20),midprice(9),midprice(26)," \
                 "midprice(2),cross(midprice(9),midprice(26)),ratio(close,midprice(26))," \
                 "midprice(9)@1,cross(close,midprice(26)),cci(20),cci(16),cci(9),aroon(2)," \
                 "sar(0.02,0.2),sar(0.01,0.1),sar(0.2,0.2),cross(close,sar(0.02,0.2))," \
                 "above(close,sar(0.02,0.2)),ratio(close,sar(0.03,0.25)),sar(0.02,0.2)@1," \
                 "dmi(14),dmi(7).minus,dmi(2),cross(dmi(14).plus,dmi(14).minus)," \
                 "above(dmi(14).plus,25),dmi(10).plus@1,zscore(dmi(14).minus,20),cmo(14),cmo(2)," \
                 "cmo(9),cross(cmo(14),0),above(cmo(20),50),cmo(14)@2,rank(cmo(9),20)," \
                 "vortex(14),vortex(21).plus,vortex(2),cross(vortex(14).plus,vortex(14).minus)," \
                 "ratio(vortex(14).plus,vortex(14).minus),vortex(14).minus@1,hma(16),hma(9)," \
                 "hma(4),hma(55),cross(hma(16),hma(16)@1),ratio(close,hma(20)),hma(16)@2," \
                 "zscore(hma(21),20)," \
                 "tsi(25,13,7),tsi(2,1,1).line,tsi(13,7,4).signal,tsi(25,13,7).line@1," \
                 "cross(tsi(25,13,7).line,tsi(25,13,7).signal),cross(tsi(25,13,7).line,0)," \
                 "bop,mean(bop,14),cross(adosc(3,10),0)," \
                 "squeeze(20,2,2),squeeze(10,1.5,1)@1,cross(squeeze(20,2,2),0.5),squeeze(2,2,2.5)," \
                 "accbands(20),accbands(2).upper,accbands(10).lower@1," \
                 "cross(close,accbands(20).upper),cross(close,accbands(20).lower)," \
                 "ribbon(8,13,21,34),ribbon(2,3,4,5)@1,cross(ribbon(8,13,21,34),-0.5)," \
                 "fractal(2),fractal(1).up,fractal(7).down@1,cross(close,fractal(2).up)," \
                 "cross(fractal(2).down,close)," \
                 "dpo(20),dpo(2),cross(dpo(20),0),ppo(12,26),ppo(2,2),cross(ppo(12,26),1)," \
                 "coppock(14,11,10),coppock(3,30,2),above(0,coppock(14,11,10))," \
                 "cmf(20),cmf(1),cross(cmf(20),0.05),chop(14),chop(2),cross(chop(14),45)," \
                 "vwma(20),vwma(1),cross(close,vwma(20)),ratio(close,vwma(20)),vwma(5)@1," \
                 "fisher(10),fisher(2),fisher(10)@1,cross(fisher(10),0)," \
                 "ac,ac@1,cross(ac,0),mass(9,25),mass(2,1),mass(3,7)@1,cross(25,mass(9,25))," \
                 "and(cross(25,mass(9,25)),above(max(mass(9,25),20),25.5))," \
                 "alligator(13,8,5),alligator(2,2,2).lips,cross(alligator(13,8,5).order,0.5)," \
                 "cross(alligator(13,8,5).lips,alligator(13,8,5).teeth),alligator(5,30,2).jaw@1," \
                 "impulse(13,12,26,9),impulse(2,2,3,1),impulse(40,12,26,9)@1," \
                 "cross(impulse(13,12,26,9),-0.5)," \
                 "kst,kst.line@1,cross(kst.line,kst.signal),cross(kst.line,0),emv(14),emv(1)," \
                 "cross(emv(14),0),emv(30)@2," \
                 "stc(23,50,10),stc(12,26,10)@1,stc(2,2,2),cross(stc(23,50,10),25)," \
                 "laguerre(0.5),laguerre(0.05),laguerre(0.95)@2,cross(0.8,laguerre(0.6))," \
                 "supertrend(10,3),supertrend(7,3),supertrend(1,0.5),supertrend(30,2).line@2," \
                 "cross(supertrend(10,3).trend,0),ratio(close,supertrend(10,3).line),dayopen," \
                 "dayopen@1,ratio(close,dayopen),cross(close,dayopen)," \
                 "linebreak(3),linebreak(1),linebreak(10).level@2,cross(linebreak(3).trend,0)," \
                 "ratio(close,linebreak(3).level)," \
                 "mama(0.5,0.05),mama(0.01,0.99).fama,mama(0.99,0.01).mama@1," \
                 "cross(mama(0.5,0.05).mama,mama(0.5,0.05).fama)," \
                 "vixfix(22),vixfix(2),vixfix(5)@1,zscore(vixfix(22),20),cross(zscore(vixfix(22),20),2)," \
                 "pvo(12,26,9),pvo(2,3,1).line,pvo(5,30,12).signal@1," \
                 "cross(pvo(12,26,9).line,pvo(12,26,9).signal)," \
                 "smi(10,3,3),smi(2,2,2).line,smi(13,25,2).signal@1," \
                 "cross(smi(10,3,3).line,smi(10,3,3).signal),cross(smi(10,3,3).line,-40)," \
                 "vidya(14,9),vidya(1,2),vidya(50,30)@2,cross(close,vidya(14,9))," \
                 "ratio(close,vidya(14,9))," \
                 "htsine,htsine.lead@1,cross(htsine.sine,htsine.lead),htdcperiod,htdcperiod@2," \
                 "httrendmode,cross(httrendmode,0.5)," \
                 "ema(diff(high,low),10),ema(volume,20),ema(rsi(14),5),ema(close,2)@1," \
                 "chvol(10,10),chvol(2,1),chvol(5,20)@2,cross(chvol(10,10),0)," \
                 "linregse(50),linregse(3),linregse(20)@1," \
                 "ratio(diff(close,linreg(50)),linregse(50)),cross(-2,ratio(diff(close," \
                 "linreg(20)),linregse(20)))," \
                 "kvo(34,55,13),kvo(1,2,1).line,kvo(5,30,12).signal@1," \
                 "cross(kvo(34,55,13).line,kvo(34,55,13).signal)," \
                 "correl(20),correl(2),correl(50)@1,cross(correl(20),0.8),cross(-0.8,correl(20))," \
                 "t3(5,0.7),t3(2,0),t3(10,1)@1,t3(14,0.3),cross(close,t3(5,0.7))," \
                 "ratio(close,t3(5,0.7)),ulcer(14),ulcer(2),ulcer(5)@1,cross(3,ulcer(14))," \
                 "harami,harami@2,ratio(close,min(close,20)),ratio(close,max(close,20))," \
                 "diff(rsi(14),min(rsi(14),20)),diff(max(rsi(14),20),rsi(14))," \
                 "imi(14),imi(2),imi(30)@1,cross(imi(14),20),above(imi(14),80)," \
                 "relvol(10,14),relvol(2,2),relvol(20,5)@1,cross(relvol(10,14),60)"

/* spec over sp500 with bar column `blank` NaN on bars i % every == at (a
 * missing bar): streaming gives the batch's bits, every column has a value
 * on the bar after the lookback and is NaN on the missing bar at. Returns
 * the batch (count columns; the caller frees it) with s still loaded. */
static double *stream_equals_batch_on_sp500(const char *spec, int blank, int32_t every, int32_t at,
                                            series *s, int32_t *count)
{
    series_load("sp500", s);
    for (int32_t i = 0; i < s->n; i++)
        if (i % every == at)
            s->col[blank][i] = NAN;
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    const int32_t n_cols = bc_features_count(f);
    double *b = batch(f, s, NULL, NULL);
    double *st = malloc(sizeof(double) * s->n * n_cols);
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < s->n; i++)
        ck_assert_ok(bc_features_update(f, s->time[i], s->col[0][i], s->col[1][i], s->col[2][i],
                                        s->col[3][i], s->col[4][i], st + (int64_t)i * n_cols,
                                        n_cols));
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * s->n * n_cols), 0);
    int32_t lb = bc_features_lookback(f);
    for (int c = 0; c < n_cols; c++) {
        ck_assert_msg(!isnan(b[(int64_t)(lb + 1) * n_cols + c]), "column %d NaN after lookback", c);
        ck_assert_msg(isnan(b[(int64_t)at * n_cols + c]), "column %d: missing bar not NaN", c);
    }
    free(st);
    bc_features_free(f);
    *count = n_cols;
    return b;
}

START_TEST(volume_and_average_families_stream_bit_identical_to_batch)
{
    series s;
    int32_t count = 0;
    free(stream_equals_batch_on_sp500(FAMILIES, 4, 89, 40, &s, &count));
    series_free(&s);
}
END_TEST

/* dayhigh/daylow by brute force: for bar i, the extreme of the bars j <= i
 * of i's UTC day (the day counted by a double floor, not the engine's
 * integer split) whose hour (t - day * 86400) / 3600 is in [h0, h1),
 * skipping bars whose high or low is NaN (missing); NaN when none. */
static double day_extreme_brute(const int64_t *t, const double *x, const double *hi_,
                                const double *lo_, int32_t i, int32_t h0, int32_t h1, int high)
{
    const double day = floor((double)t[i] / 86400.0);
    double best = NAN;
    for (int32_t j = i; j >= 0 && floor((double)t[j] / 86400.0) == day; j--) {
        double hour = (double)(t[j] - (int64_t)day * 86400) / 3600.0;
        if (isnan(hi_[j]) || isnan(lo_[j]) || hour < h0 || hour >= h1)
            continue;
        if (isnan(best) || (high ? x[j] > best : x[j] < best))
            best = x[j];
    }
    return best;
}

/* dayhigh(h0,h1) / daylow(h0,h1) on the hourly EUR/USD bars with a missing
 * bar (NaN high) every 53 bars, and on hand-made bars around 1970-01-01
 * (negative times, minutes off the hour): the brute force above, streaming
 * == batch bit for bit, NaN before the window's first bar of a day. */
START_TEST(day_extremes_are_the_window_extremes_of_the_utc_day)
{
    static const char spec[] = "dayhigh(0,7),daylow(0,7),dayhigh(0,24),daylow(0,24),"
                               "dayhigh(8,12),daylow(23,24),dayhigh(7,8)";
    static const int32_t win[7][3] = {{0, 7, 1}, {0, 7, 0}, {0, 24, 1}, {0, 24, 0},
                                      {8, 12, 1}, {23, 24, 0}, {7, 8, 1}};
    const int32_t count = 7;
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    const int32_t n_real = bc_bars_length(bars);
    const int32_t n = n_real + 80;
    int64_t *t = malloc(sizeof *t * (size_t)n);
    double *h = malloc(sizeof *h * (size_t)n), *l = malloc(sizeof *l * (size_t)n),
           *c = malloc(sizeof *c * (size_t)n);
    ck_assert(t && h && l && c);
    /* 80 bars every 37 minutes from 1969-12-30 22:00 (negative times) */
    for (int32_t i = 0; i < 80; i++) {
        t[i] = -2 * 86400 + 22 * 3600 + (int64_t)i * 37 * 60;
        c[i] = 1.0 + 0.01 * sin(i * 0.7);
        h[i] = c[i] + 0.002 * (1 + i % 5);
        l[i] = c[i] - 0.003 * (1 + i % 3);
    }
    ck_assert_int_lt(t[79], 2 * 86400);
    for (int32_t i = 0; i < n_real; i++) {
        t[80 + i] = bc_bars_time(bars)[i];
        h[80 + i] = bc_bars_column(bars, BC_BAR_HIGH)[i];
        l[80 + i] = bc_bars_column(bars, BC_BAR_LOW)[i];
        c[80 + i] = bc_bars_column(bars, BC_BAR_CLOSE)[i];
        if (i % 53 == 20)
            h[80 + i] = NAN;
    }
    bc_bars_free(bars);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    ck_assert_int_eq(bc_features_count(f), count);
    ck_assert_int_eq(bc_features_lookback(f), 0);
    double *b = malloc(sizeof(double) * (size_t)n * count);
    double *st = malloc(sizeof(double) * (size_t)n * count);
    ck_assert(b && st);
    ck_assert_ok(bc_features_compute_arrays(f, n, t, NULL, h, l, c, NULL, NULL, NULL, b,
                                            (int64_t)n * count));
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < n; i++)
        ck_assert_ok(bc_features_update(f, t[i], c[i], h[i], l[i], c[i], 0.0,
                                        st + (int64_t)i * count, count));
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * (size_t)n * count), 0);
    int32_t finite[7] = {0}, nan_rows = 0;
    for (int32_t i = 0; i < n; i++)
        for (int32_t k = 0; k < count; k++) {
            double got = b[(int64_t)i * count + k];
            double want = isnan(h[i]) ? NAN
                                      : day_extreme_brute(t, win[k][2] ? h : l, h, l, i,
                                                          win[k][0], win[k][1], win[k][2]);
            ck_assert_msg(isnan(got) == isnan(want) && (isnan(got) || got == want),
                          "bar %d (time %lld) column %d: %a, brute force %a", (int)i,
                          (long long)t[i], (int)k, got, want);
            finite[k] += !isnan(got);
            nan_rows += k == 0 && isnan(h[i]);
        }
    for (int32_t k = 0; k < count; k++) /* daylow(23,24): the 23:00 bars only */
        ck_assert_int_gt(finite[k], k == 5 ? 100 : n / 3);
    ck_assert_int_gt(nan_rows, 50);
    /* around midnight 1970-01-01 (times < 0 are 1969-12-31): the new day
     * starts again at 00:00, in the window [0, 7) from its first bar */
    ck_assert_ok(bc_features_reset(f));
    double o[7];
    ck_assert_ok(bc_features_update(f, -3600, 5, 10, 1, 5, 0, o, count)); /* 1969-12-31 23:00 */
    ck_assert_double_eq(o[2], 10.0);
    ck_assert_double_eq(o[5], 1.0);      /* daylow(23,24) */
    ck_assert(isnan(o[0]) && isnan(o[4]));
    ck_assert_ok(bc_features_update(f, -1, 5, 12, 0.5, 5, 0, o, count)); /* 23:59:59 */
    ck_assert_double_eq(o[2], 12.0);
    ck_assert_double_eq(o[5], 0.5);
    ck_assert_ok(bc_features_update(f, 0, 5, 7, 3, 5, 0, o, count)); /* 1970-01-01 00:00 */
    ck_assert_double_eq(o[0], 7.0);
    ck_assert_double_eq(o[1], 3.0);
    ck_assert_double_eq(o[2], 7.0);
    ck_assert(isnan(o[5]) && isnan(o[6]));
    ck_assert_ok(bc_features_update(f, 6 * 3600 + 59 * 60, 5, 8, 2, 5, 0, o, count)); /* 06:59 */
    ck_assert_double_eq(o[0], 8.0);
    ck_assert_double_eq(o[1], 2.0);
    ck_assert_ok(bc_features_update(f, 7 * 3600, 5, 9, 1, 5, 0, o, count)); /* 07:00 */
    ck_assert_double_eq(o[0], 8.0);      /* the range 00:00-06:59 holds */
    ck_assert_double_eq(o[1], 2.0);
    ck_assert_double_eq(o[2], 9.0);
    ck_assert_double_eq(o[6], 9.0);      /* dayhigh(7,8) */
    ck_assert_ok(bc_features_update(f, 86400 - 86400 * 2, 5, 1, 1, 5, 0, o, count));
    ck_assert_double_eq(o[2], 1.0);      /* time back to 1969-12-30: another day again */
    free(t);
    free(h);
    free(l);
    free(c);
    free(b);
    free(st);
    bc_features_free(f);
}
END_TEST

/* The MetaTrader 5 families (mt5.c) in the composites the clone search
 * uses: streaming gives the batch's bits on sp500 with a missing bar (a
 * NaN high) every 97 bars, every column has values after the lookback,
 * and medprice/typprice are TA-Lib's formulas bit for bit. */
#define MT5_FAMILIES "smma(10),smma(2),smma(30),medprice,typprice,mean(medprice,5)," \
                     "diff(mean(medprice,5),mean(medprice,34))," \
                     "cross(diff(mean(medprice,5),mean(medprice,34)),0),ratio(close,smma(20))," \
                     "cross(smma(10),smma(30)),demarker(14),demarker(1),cross(demarker(14),0.3)," \
                     "rvi(10),rvi(1),cross(rvi(10).line,rvi(10).signal),rvi(10).signal@2," \
                     "zscore(demarker(14),20),smma(10)@1,cross(close,smma(20))"

START_TEST(mt5_families_stream_bit_identical_to_batch)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(MT5_FAMILIES, 1, 97, 60, &s, &count);
    for (int32_t i = 0; i < s.n; i++) {
        if (i % 97 == 60)
            continue;
        double h = s.col[1][i], l = s.col[2][i], c = s.col[3][i];
        ck_assert(b[(int64_t)i * count + 3] == (h + l) / 2.0);
        ck_assert(b[(int64_t)i * count + 4] == (h + l + c) / 3.0);
    }
    free(b);
    series_free(&s);
}
END_TEST

/* TA-Lib's time series forecast (kama.c tsf): streaming gives the batch's
 * bits with a missing close every 83 bars, it is the regression line one bar
 * ahead (linreg + linregslope to rounding), and bad periods are refused
 * naming the item. */
#define TSF_FAMILY "tsf(14),tsf(20),tsf(2),tsf(50)@1,linreg(20),linregslope(20)," \
                   "cross(close,tsf(14)),ratio(close,tsf(20)),cross(close,tsf(20))"

START_TEST(tsf_streams_bit_identical_to_batch_and_is_linreg_plus_slope)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(TSF_FAMILY, 3, 83, 30, &s, &count);
    int32_t checked = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (isnan(r[1]) || isnan(r[4]))
            continue;
        ck_assert_double_eq_tol(r[1], r[4] + r[5], 1e-9 * fabs(r[4]));
        checked++;
    }
    ck_assert_int_gt(checked, s.n / 2);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("tsf(1)", &f), BC_E_PARSE,
                         "tsf: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("tsf", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("tsf(14,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_ptr_null(f);
}
END_TEST

/* The price volume trend (volume_flow.c pvt): streaming gives the batch's
 * bits with a missing volume every 71 bars (the bar skipped, NaN), 0 on the
 * first bar, each later finite bar adding volume * (close / close@1 - 1)
 * with close@1 the last bar not skipped; the item takes no arguments. */
#define PVT_FAMILY "pvt,pvt@1,ema(pvt,21),cross(pvt,ema(pvt,21)),zscore(pvt,20)"

START_TEST(pvt_streams_bit_identical_to_batch_and_sums_its_terms)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(PVT_FAMILY, 4, 71, 35, &s, &count);
    ck_assert(b[0] == 0.0);
    double pvt = 0.0, prev = s.col[3][0];
    for (int32_t i = 1; i < s.n; i++) {
        double v = s.col[4][i], c = s.col[3][i];
        if (isnan(v)) {
            ck_assert(isnan(b[(int64_t)i * count]));
            continue;
        }
        pvt += v * (c / prev - 1.0);
        prev = c;
        ck_assert(b[(int64_t)i * count] == pvt);
    }
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("pvt(14)", &f), BC_E_PARSE, "pvt");
    ck_assert_ptr_null(f);
}
END_TEST

/* Connors RSI (crsi.c): streaming gives the batch's bits with a missing
 * close every 97 bars (the bar skipped, NaN), values in 0..100 from the
 * lookback max(a, b, c + 1) on, bad items refused by name. */
#define CRSI_FAMILY "crsi(3,2,100),crsi(2,2,1),crsi(14,5,20)@1,crsi(2,9,3)," \
                    "above(15,crsi(3,2,100)),cross(crsi(3,2,100),70)"

START_TEST(crsi_streams_bit_identical_to_batch_in_0_to_100)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(CRSI_FAMILY, 3, 97, 40, &s, &count);
    int32_t finite = 0;
    for (int32_t i = 0; i < s.n; i++)
        for (int32_t k = 0; k < 4; k++) {
            double v = b[(int64_t)i * count + k];
            if (isnan(v))
                continue;
            ck_assert(v >= 0.0 && v <= 100.0);
            finite++;
        }
    ck_assert_int_gt(finite, 3 * s.n);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("crsi(3,2,100)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 101);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("crsi(20,2,5)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 20);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("crsi(1,2,100)", &f), BC_E_PARSE,
                         "crsi: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("crsi(3,1,100)", &f), BC_E_PARSE,
                         "crsi: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("crsi(3,2,0)", &f), BC_E_PARSE,
                         "crsi: 0 is out of range 1..10000");
    ck_assert_status_msg(bc_features_create("crsi(3,2,10001)", &f), BC_E_PARSE,
                         "crsi: 10001 is out of range 1..10000");
    ck_assert_status_msg(bc_features_create("crsi(3,2)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("crsi", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("crsi(3,2,100).line", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* Fosback's volume indexes (volume_flow.c nvi, pvi): streaming gives the
 * batch's bits with a missing volume every 71 bars (the bar skipped, NaN),
 * 1000 on the first bar, each later finite bar multiplying by close /
 * close@1 when its volume fell (nvi) / rose (pvi) from the last bar not
 * skipped; the items take no arguments. */
#define VI_FAMILY "nvi,pvi,nvi@1,ema(nvi,50),cross(nvi,ema(nvi,50)),ratio(pvi,ema(pvi,20))"

START_TEST(nvi_pvi_stream_bit_identical_to_batch_and_follow_the_volume)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(VI_FAMILY, 4, 71, 35, &s, &count);
    ck_assert(b[0] == 1000.0 && b[1] == 1000.0);
    double nvi = 1000.0, pvi = 1000.0, prev = s.col[3][0], prev_v = s.col[4][0];
    int32_t fell = 0, rose = 0;
    for (int32_t i = 1; i < s.n; i++) {
        double v = s.col[4][i], c = s.col[3][i];
        if (isnan(v)) {
            ck_assert(isnan(b[(int64_t)i * count]) && isnan(b[(int64_t)i * count + 1]));
            continue;
        }
        if (v < prev_v) {
            nvi = nvi * (c / prev);
            fell++;
        }
        if (v > prev_v) {
            pvi = pvi * (c / prev);
            rose++;
        }
        prev = c;
        prev_v = v;
        ck_assert(b[(int64_t)i * count] == nvi);
        ck_assert(b[(int64_t)i * count + 1] == pvi);
    }
    ck_assert(fell > 100 && rose > 100);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("nvi(255)", &f), BC_E_PARSE, "nvi");
    ck_assert_ptr_null(f);
    ck_assert_status_msg(bc_features_create("pvi(1)", &f), BC_E_PARSE, "pvi");
    ck_assert_ptr_null(f);
}
END_TEST

/* The zero-lag EMA (ema.c zlema): streaming gives the batch's bits with a
 * missing close every 83 bars (the bar skipped); the value is ema(n) of
 * 2*close - close@lag, lag = (n-1)/2, its first value on bar lag + n - 1
 * (the lookback), the seed the mean of the first n de-lagged closes; n = 2
 * (lag 0) is ema(2); bad items name zlema. */
#define ZLEMA_FAMILY "zlema(20),zlema(7),zlema(2),ema(2),cross(close,zlema(20))"

START_TEST(zlema_streams_bit_identical_to_batch_and_is_the_ema_of_the_delagged_close)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(ZLEMA_FAMILY, 3, 83, 40, &s, &count);
    /* zlema(7): lag 3, seed on bar 3 + 6 over bars 3..9 (before the gap) */
    const double *c = s.col[3];
    ck_assert(isnan(b[(int64_t)8 * count + 1]));
    double seed = 0.0;
    for (int32_t i = 3; i <= 9; i++)
        seed += 2.0 * c[i] - c[i - 3];
    seed /= 7.0;
    ck_assert(fabs(b[(int64_t)9 * count + 1] - seed) <= 1e-12 * fabs(seed));
    double z = seed, k = 2.0 / 8.0;
    for (int32_t i = 10; i < 40; i++) {
        z = z + k * (2.0 * c[i] - c[i - 3] - z);
        ck_assert(fabs(b[(int64_t)i * count + 1] - z) <= 1e-12 * fabs(z));
    }
    /* zlema(20): lookback 9 + 19 */
    ck_assert(isnan(b[(int64_t)27 * count]) && !isnan(b[(int64_t)28 * count]));
    for (int32_t i = 0; i < s.n; i++)
        ck_assert(b[(int64_t)i * count + 2] == b[(int64_t)i * count + 3] ||
                  (isnan(b[(int64_t)i * count + 2]) && isnan(b[(int64_t)i * count + 3])));
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("zlema(1)", &f), BC_E_PARSE, "zlema");
    ck_assert_ptr_null(f);
    ck_assert_status_msg(bc_features_create("zlema", &f), BC_E_PARSE, "zlema");
    ck_assert_ptr_null(f);
    ck_assert_status_msg(bc_features_create("zlema(20,5)", &f), BC_E_PARSE, "zlema");
    ck_assert_ptr_null(f);
}
END_TEST

/* httrendline (ht.c, httrendmode's trendline) and adxr(n) (adx.c on
 * adx_step): streaming == batch with a missing bar every 97, adxr(14) ==
 * (adx(14) + adx(14)@13) / 2 bit for bit, the lookbacks, bad items. */
#define HTTRENDLINE_ADXR_FAMILY "httrendline,httrendline@1,cross(close,httrendline)," \
                                "ratio(close,httrendline),httrendmode,adxr(14),adxr(2)," \
                                "adxr(5)@1,above(adxr(14),20),adx(14),adx(14)@13"

START_TEST(httrendline_adxr_stream_bit_identical_to_batch)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(HTTRENDLINE_ADXR_FAMILY, 3, 97, 40, &s, &count);
    ck_assert_int_eq(count, 11);
    int32_t lines = 0, rated = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (!isnan(r[0])) {
            ck_assert(r[0] > 0.0);
            lines++;
        }
        if (!isnan(r[5])) {
            ck_assert(r[5] >= 0.0 && r[5] <= 100.0);
            ck_assert(r[5] == (r[9] + r[10]) / 2.0);
            rated++;
        } else
            ck_assert(isnan(r[10]));
    }
    ck_assert_int_gt(lines, s.n / 2);
    ck_assert_int_gt(rated, s.n / 2);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("httrendline", &f));
    ck_assert_int_eq(bc_features_lookback(f), 63);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("adxr(14)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 40);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("adxr(2)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 4);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("httrendline(5)", &f), BC_E_PARSE,
                         "takes no arguments");
    ck_assert_status_msg(bc_features_create("httrendline.sine", &f), BC_E_PARSE,
                         "'httrendline' has one output; '.sine' selects nothing");
    ck_assert_status_msg(bc_features_create("adxr(1)", &f), BC_E_PARSE,
                         "adxr: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("adxr", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("adxr(14,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("adxr(14).plus", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* Williams' accumulation / distribution (wad.c) and Poulos' random walk
 * index (rwi.c): streaming gives the batch's bits with a missing high every
 * 67 bars (the bar skipped, NaN); wad is the running sum of its terms
 * (close - min(low, close@1) on an up close, close - max(high, close@1) on a
 * down close) from 0; rwi(10)'s lines are (high - low@10) / (atr(10) *
 * sqrt(10)) and its mirror, atr(10) the atr item's column, with @10 counting
 * the bars not skipped; bad items are refused naming them. */
#define WAD_RWI_FAMILY "wad,rwi(10),atr(10),wad@1,ema(wad,20),cross(wad,ema(wad,20))," \
                       "rwi(14).high@1,rwi(2),above(rwi(14).high,1),diff(rwi(10).high,rwi(10).low)"

START_TEST(wad_rwi_stream_bit_identical_to_batch_and_follow_their_formulas)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(WAD_RWI_FAMILY, 1, 67, 25, &s, &count);
    ck_assert(b[0] == 0.0);
    double wad = 0.0, prev = s.col[3][0];
    int32_t up = 0, down = 0, checked = 0;
    int32_t kept[16384];
    int32_t n_kept = 1;
    ck_assert(s.n <= 16384);
    kept[0] = 0;
    for (int32_t i = 1; i < s.n; i++) {
        const double *row = b + (int64_t)i * count;
        double h = s.col[1][i], l = s.col[2][i], c = s.col[3][i];
        if (isnan(h)) {
            ck_assert(isnan(row[0]) && isnan(row[1]) && isnan(row[2]));
            continue;
        }
        if (c > prev) {
            wad += c - (l < prev ? l : prev);
            up++;
        } else if (c < prev) {
            wad += c - (h > prev ? h : prev);
            down++;
        }
        prev = c;
        ck_assert(row[0] == wad);
        kept[n_kept++] = i;
        if (n_kept > 10 && !isnan(row[3])) {
            int32_t then = kept[n_kept - 11];
            double scale = row[3] * sqrt(10.0);
            ck_assert(row[1] == (h - s.col[2][then]) / scale);
            ck_assert(row[2] == (s.col[1][then] - l) / scale);
            checked++;
        }
    }
    ck_assert(up > 100 && down > 100 && checked > 1000);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("wad(20)", &f), BC_E_PARSE, "wad");
    ck_assert_ptr_null(f);
    ck_assert_status_msg(bc_features_create("rwi(1)", &f), BC_E_PARSE, "rwi");
    ck_assert_ptr_null(f);
    ck_assert_status_msg(bc_features_create("rwi(10).mid", &f), BC_E_PARSE, "rwi");
    ck_assert_ptr_null(f);
}
END_TEST

/* cog(n) (cog.c, Ehlers' center of gravity) and er(n) (kama.c, kama's own
 * efficiency ratio): streaming == batch with a missing bar every 79, cog
 * from its formula, er in [0, 1] and kama(10) recomputed from er(10) bit
 * for bit (one computation), the lookbacks, bad items. */
#define COG_ER_FAMILY "cog(10),cog(2),cog(14)@1,mean(cog(10),3)," \
                      "cross(cog(10),mean(cog(10),3)),er(10),er(2),er(20)@1," \
                      "above(er(10),0.5),kama(10)"

START_TEST(cog_er_stream_bit_identical_to_batch_and_follow_their_formulas)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(COG_ER_FAMILY, 3, 79, 40, &s, &count);
    ck_assert_int_eq(count, 10);
    const double *c = s.col[3];
    /* the missing bar 40 is skipped (the state goes on): from bar 51 the
     * windows of 11 closes lie between it and the next gap, 119 */
    double kama = b[(int64_t)50 * count + 9];
    int32_t checked = 0;
    for (int32_t i = 51; i < 118; i++) { /* the next gap is at 119 */
        double num = 0.0, den = 0.0, moves = 0.0;
        for (int32_t k = 0; k < 10; k++) {
            num += (double)(k + 1) * c[i - k];
            den += c[i - k];
            moves += fabs(c[i - k] - c[i - k - 1]);
        }
        const double *r = b + (int64_t)i * count;
        ck_assert(fabs(r[0] + num / den) <= 1e-13 * fabs(num / den));
        double er = fabs(c[i] - c[i - 10]) / moves;
        ck_assert(fabs(r[5] - er) <= 1e-12);
        ck_assert(r[5] >= 0.0 && r[5] <= 1.0);
        ck_assert(r[8] == (r[5] > 0.5 ? 1.0 : 0.0));
        double sc = r[5] * (2.0 / 3.0 - 2.0 / 31.0) + 2.0 / 31.0;
        sc *= sc;
        kama = (c[i] - kama) * sc + kama;
        ck_assert(r[9] == kama);
        checked++;
    }
    ck_assert_int_eq(checked, 67);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("cog(10)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 9);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("cross(cog(10),mean(cog(10),3))", &f));
    ck_assert_int_eq(bc_features_lookback(f), 11);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("er(10)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 10);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("cog(1)", &f), BC_E_PARSE,
                         "cog: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("cog", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("cog(10,3)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("er(1)", &f), BC_E_PARSE,
                         "er: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("er", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("er(10).x", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* dtrange(n) (dtrange.c, the dual-thrust range) and the Gann HiLo levels the
 * grammar spells with mean(x,n)@1: streaming == batch with a missing high
 * every 89, dtrange(n) == the max of the two diff items of the window
 * extremes bit for bit and within 0..HH - LL, the lookbacks, bad
 * items. */
#define DTRANGE_HILO_FAMILY "dtrange(4),dtrange(1),dtrange(20)@1," \
                            "ratio(diff(close,open),dtrange(4)@1)," \
                            "diff(max(high,4),min(close,4)),diff(max(close,4),min(low,4))," \
                            "ratio(close,mean(high,3)@1),ratio(close,mean(low,3)@1)," \
                            "above(ratio(close,mean(high,3)@1),1),diff(max(high,4),min(low,4))"

START_TEST(dtrange_hilo_stream_bit_identical_to_batch)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(DTRANGE_HILO_FAMILY, 1, 89, 40, &s, &count);
    ck_assert_int_eq(count, 10);
    int32_t ranged = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (isnan(r[0]))
            continue;
        double a = r[4], c = r[5];
        ck_assert(r[0] == (a > c ? a : c));
        ck_assert(r[0] >= 0.0 && r[0] <= r[9]); /* LC >= LL, HC <= HH */
        ck_assert(r[1] <= r[0]);
        ranged++;
    }
    ck_assert_int_gt(ranged, s.n / 2);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("dtrange(4)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 3);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("ratio(diff(close,open),dtrange(4)@1)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 4);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("dtrange(0)", &f), BC_E_PARSE,
                         "dtrange: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("dtrange", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("dtrange(4,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("dtrange(4).up", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* pbands(n) (kama.c, Widner's projection bands) and stretch(n) (dtrange.c,
 * Crabel's stretch): streaming == batch with a missing high every 89 (both)
 * and a missing open every 97 (stretch); on the clean series the bands
 * follow their definition by brute force (the slope of the highs / lows from
 * the centred least-squares formula, each of the last n values projected to
 * today, their max / min), the oscillator is 100 (close - lower) / (upper -
 * lower) in [0, 100], the stretch the mean of min(high - open, open - low)
 * over the last n bars; the search's items on them; lookbacks, bad items. */
#define PBANDS_STRETCH_FAMILY "pbands(14),pbands(2).po,pbands(20).upper@1,above(pbands(14).po,80)," \
                              "stretch(10),stretch(1)," \
                              "ratio(diff(close,open),stretch(10)@1)," \
                              "above(ratio(diff(close,open),stretch(10)@1),1)"

static double brute_band(const double *x, int32_t i, int32_t n, int hi)
{
    double mx = 0.0, my = 0.0, sxy = 0.0, sxx = 0.0;
    for (int32_t j = 0; j < n; j++) {
        mx += (double)j / n;
        my += x[i - n + 1 + j] / n;
    }
    for (int32_t j = 0; j < n; j++) {
        sxy += ((double)j - mx) * (x[i - n + 1 + j] - my);
        sxx += ((double)j - mx) * ((double)j - mx);
    }
    const double m = sxy / sxx;
    double band = hi ? -INFINITY : INFINITY;
    for (int32_t k = 0; k < n; k++) {
        double v = x[i - k] + k * m;
        band = hi ? fmax(band, v) : fmin(band, v);
    }
    return band;
}

START_TEST(pbands_stretch_stream_bit_identical_to_batch_and_follow_their_definitions)
{
    series s;
    int32_t count = 0;
    free(stream_equals_batch_on_sp500(PBANDS_STRETCH_FAMILY, 1, 89, 40, &s, &count));
    series_free(&s);
    free(stream_equals_batch_on_sp500("stretch(10),stretch(3)@1,"
                                      "ratio(diff(close,open),stretch(10)@1)",
                                      0, 97, 60, &s, &count));
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(PBANDS_STRETCH_FAMILY, &f));
    count = bc_features_count(f);
    ck_assert_int_eq(count, 10);
    series_load("sp500", &s);
    double *b = batch(f, &s, NULL, NULL);
    const double *o = s.col[0], *h = s.col[1], *l = s.col[2], *c = s.col[3];
    int32_t valued = 0, above = 0, stretched = 0, out = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        ck_assert(isnan(r[0]) == (i < 13));
        ck_assert(isnan(r[6]) == (i < 9));
        if (i >= 13) {
            const double u = brute_band(h, i, 14, 1), d = brute_band(l, i, 14, 0);
            ck_assert_msg(fabs(r[0] - u) <= 1e-9 * fabs(u), "bar %d: upper %.17g vs %.17g",
                          (int)i, r[0], u);
            ck_assert_msg(fabs(r[1] - d) <= 1e-9 * fabs(d), "bar %d: lower %.17g vs %.17g",
                          (int)i, r[1], d);
            ck_assert(r[0] >= h[i] && r[1] <= l[i]);
            ck_assert(r[2] == 100.0 * ((c[i] - r[1]) / (r[0] - r[1])));
            ck_assert_msg(r[2] >= 0.0 && r[2] <= 100.0, "bar %d: po %.17g u %.17g d %.17g c %.17g h %.17g l %.17g", (int)i, r[2], r[0], r[1], c[i], h[i], l[i]);
            ck_assert(r[5] == (r[2] > 80.0 ? 1.0 : 0.0));
            /* two bars: the bands are this bar's high and low */
            if (h[i] > l[i])
                ck_assert(fabs(r[3] - 100.0 * (c[i] - l[i]) / (h[i] - l[i])) <= 1e-9);
            valued++;
            above += r[2] > 80.0;
        }
        if (i >= 9) {
            double sum = 0.0;
            for (int32_t k = 0; k < 10; k++)
                sum += fmin(h[i - k] - o[i - k], o[i - k] - l[i - k]);
            ck_assert_msg(fabs(r[6] - sum / 10) <= 1e-12 * fabs(sum) + 1e-12,
                          "bar %d: stretch %.17g vs %.17g", (int)i, r[6], sum / 10);
            stretched += r[6] > 0.0;
        }
        ck_assert(r[7] == fmin(h[i] - o[i], o[i] - l[i]));
        const double prev = i > 0 ? b[(int64_t)(i - 1) * count + 6] : NAN;
        if (!isnan(prev) && prev > 0.0) {
            ck_assert(r[8] == (c[i] - o[i]) / prev);
            ck_assert(r[9] == (r[8] > 1.0 ? 1.0 : 0.0));
            out += r[9] == 1.0;
        }
    }
    ck_assert_int_gt(valued, s.n / 2);
    ck_assert_int_gt(above, 20);
    ck_assert_int_gt(stretched, s.n / 2);
    ck_assert_int_gt(out, 20);
    free(b);
    series_free(&s);
    bc_features_free(f);
    f = NULL;
    ck_assert_ok(bc_features_create("pbands(14)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 13);
    ck_assert_int_eq(bc_features_count(f), 3);
    bc_features_free(f);
    f = NULL;
    ck_assert_ok(bc_features_create("ratio(diff(close,open),stretch(10)@1)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 10);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("pbands(1)", &f), BC_E_PARSE,
                         "pbands: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("stretch(0)", &f), BC_E_PARSE,
                         "stretch: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("pbands(14).middle", &f), BC_E_PARSE,
                         "'pbands(14)' has no output '.middle'");
    ck_assert_status_msg(bc_features_create("stretch(10,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_ptr_null(f);
}
END_TEST

/* fir(n,c0,c1,c2,c3) (fir.c, the learned moving average): streaming ==
 * batch with a missing close every 79, the filter from its formula bit for
 * bit (weights by Horner, normalized, summed newest first), fir(n,1,0,0,0)
 * == sma(n) to rounding, the lookbacks, bad items. */
#define FIR_FAMILY "fir(10,1,0,0,0),fir(20,1,-0.8,0.1,0.05),fir(45,0.3,1,-2.5,1.2)@1," \
                   "cross(close,fir(20,1,-0.8,0.1,0.05)),above(close,fir(2,1,0,0,0)),sma(10)"

START_TEST(fir_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(FIR_FAMILY, 3, 79, 40, &s, &count);
    ck_assert_int_eq(count, 6);
    const double *c = s.col[3];
    const double k[4] = {1.0, -0.8, 0.1, 0.05};
    double w[20], total = 0.0;
    for (int32_t i = 0; i < 20; i++) {
        double u = (double)i / 19.0;
        w[i] = ((k[3] * u + k[2]) * u + k[1]) * u + k[0];
        total += w[i];
    }
    for (int32_t i = 0; i < 20; i++)
        w[i] = w[i] / total;
    int32_t checked = 0;
    for (int32_t i = 60; i < 119; i++) { /* windows between the gaps at 40 and 119 */
        const double *r = b + (int64_t)i * count;
        double acc = 0.0;
        for (int32_t j = 0; j < 20; j++)
            acc += w[j] * c[i - j];
        ck_assert(r[1] == acc);
        ck_assert(fabs(r[0] - r[5]) <= 1e-12 * fabs(r[5]));
        ck_assert(r[4] == (c[i] > 0.5 * c[i] + 0.5 * c[i - 1] ? 1.0 : 0.0));
        checked++;
    }
    ck_assert_int_eq(checked, 59);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("fir(20,1,-0.8,0.1,0.05)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 19);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("fir(45,0.3,1,-2.5,1.2)@1", &f));
    ck_assert_int_eq(bc_features_lookback(f), 45);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("fir(1,1,0,0,0)", &f), BC_E_PARSE,
                         "fir: 1 is out of range 2..1000");
    ck_assert_status_msg(bc_features_create("fir(10,1,0,0)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("fir(10,1,0,0,0,0)", &f), BC_E_PARSE,
                         "expected ')'");
    ck_assert_status_msg(bc_features_create("fir(3,1,-2,0,0)", &f), BC_E_PARSE,
                         "fir(3,1,-2,0,0): the weights sum to zero");
    ck_assert_status_msg(bc_features_create("fir(10,0,0,0,0)", &f), BC_E_PARSE,
                         "the weights sum to zero");
    ck_assert_status_msg(bc_features_create("fir(10,1,0,0,0).x", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* The triangular average and Ehlers' super smoother (trima.c): streaming
 * gives the batch's bits with a missing close every 83 bars (the bar
 * skipped); trima(n) is the triangular weighting of the last n closes
 * (sma((n+1)/2) then sma(n/2+1): for 10, 5 then 6), its first value on bar
 * n-1; trima(2) the mean of two closes; ssf(n) NaN on the two seed bars,
 * then Ehlers' recursion seeded with the close; bad items name the kind. */
#define TRIMA_SSF_FAMILY "trima(10),trima(30),trima(2),ssf(20),ssf(10)@1," \
                         "cross(trima(10),trima(30)),cross(close,ssf(20))"

START_TEST(trima_ssf_stream_bit_identical_to_batch_and_follow_their_formulas)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(TRIMA_SSF_FAMILY, 3, 83, 40, &s, &count);
    const double *c = s.col[3];
    /* trima(10): weights min(i+1, 5, 10-i) / 30, i bars ago */
    ck_assert(isnan(b[(int64_t)8 * count]) && !isnan(b[(int64_t)9 * count]));
    ck_assert(isnan(b[(int64_t)28 * count + 1]) && !isnan(b[(int64_t)29 * count + 1]));
    for (int32_t t = 9; t < 40; t++) {
        double want = 0.0;
        for (int32_t i = 0; i < 10; i++) {
            int32_t w = i + 1 < 10 - i ? i + 1 : 10 - i;
            want += (w < 5 ? w : 5) * c[t - i];
        }
        want /= 30.0;
        ck_assert(fabs(b[(int64_t)t * count] - want) <= 1e-12 * fabs(want));
        double two = 0.5 * (c[t] + c[t - 1]);
        ck_assert(fabs(b[(int64_t)t * count + 2] - two) <= 1e-12 * fabs(two));
    }
    /* ssf(20) */
    const double pi = 3.14159265358979323846;
    double a1 = exp(-1.414 * pi / 20.0);
    double k2 = 2.0 * a1 * cos(1.414 * pi / 20.0), k3 = -a1 * a1, k1 = 1.0 - k2 - k3;
    ck_assert(isnan(b[3]) && isnan(b[(int64_t)count + 3]));
    double f2 = c[0], f1 = c[1];
    for (int32_t t = 2; t < 40; t++) {
        double f = k1 * (c[t] + c[t - 1]) / 2.0 + k2 * f1 + k3 * f2;
        ck_assert(fabs(b[(int64_t)t * count + 3] - f) <= 1e-13 * fabs(f));
        f2 = f1;
        f1 = f;
    }
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("trima(1)", &f), BC_E_PARSE, "trima");
    ck_assert_status_msg(bc_features_create("trima", &f), BC_E_PARSE, "trima");
    ck_assert_status_msg(bc_features_create("ssf(1)", &f), BC_E_PARSE, "ssf");
    ck_assert_status_msg(bc_features_create("ssf(20,3)", &f), BC_E_PARSE, "ssf");
    ck_assert_ptr_null(f);
}
END_TEST

/* Ehlers' UltimateSmoother and Ultimate Bands (trima.c usmooth, uband):
 * streaming gives the batch's bits with a missing close every 83 bars (the
 * bar skipped); usmooth(20) NaN on the two seed bars, then his recursion
 * seeded with the close; uband(20) NaN until 20 distances have come (bar
 * 21), then (close - us) / the rms of the last 20 distances; bad items
 * name the kind. */
#define USMOOTH_FAMILY "usmooth(20),uband(20),usmooth(10)@1,uband(5),above(close,usmooth(20))"

START_TEST(usmooth_uband_stream_bit_identical_to_batch_and_follow_ehlers)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(USMOOTH_FAMILY, 3, 83, 80, &s, &count);
    const double *c = s.col[3];
    const double pi = 3.14159265358979323846;
    double a1 = exp(-1.414 * pi / 20.0);
    double k2 = 2.0 * a1 * cos(1.414 * pi / 20.0), k3 = -a1 * a1, k1 = (1.0 + k2 - k3) / 4.0;
    double us[80];
    us[0] = c[0];
    us[1] = c[1];
    ck_assert(isnan(b[0]) && isnan(b[count]) && !isnan(b[(int64_t)2 * count]));
    for (int32_t t = 2; t < 80; t++) {
        us[t] = (1.0 - k1) * c[t] + (2.0 * k1 - k2) * c[t - 1] - (k1 + k3) * c[t - 2] +
                k2 * us[t - 1] + k3 * us[t - 2];
        ck_assert(fabs(b[(int64_t)t * count] - us[t]) <= 1e-13 * fabs(us[t]));
    }
    ck_assert(isnan(b[(int64_t)20 * count + 1]) && !isnan(b[(int64_t)21 * count + 1]));
    for (int32_t t = 21; t < 80; t++) {
        double ss = 0.0;
        for (int32_t i = t - 19; i <= t; i++)
            ss += (c[i] - us[i]) * (c[i] - us[i]);
        double want = (c[t] - us[t]) / sqrt(ss / 20.0);
        ck_assert(fabs(b[(int64_t)t * count + 1] - want) <= 1e-9 * (1.0 + fabs(want)));
        ck_assert(b[(int64_t)t * count + 4] == (c[t] > us[t] ? 1.0 : 0.0));
    }
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("usmooth(1)", &f), BC_E_PARSE, "usmooth");
    ck_assert_status_msg(bc_features_create("uband(1)", &f), BC_E_PARSE, "uband");
    ck_assert_status_msg(bc_features_create("uband(20,1)", &f), BC_E_PARSE, "uband");
    ck_assert_ptr_null(f);
}
END_TEST

/* Ehlers' simple decycler (trima.c decycler): streaming gives the batch's
 * bits with a missing close every 83 bars (the bar skipped); decycler(125)
 * NaN on the two seed bars (hp = 0 there), then the close less his two-pole
 * high-pass written out here; ratio(close,decycler(125)) and its hysteresis
 * line's side as the clone search uses them; bad items name the kind. */
#define DECYCLER_FAMILY "decycler(125),decycler(20)@1,ratio(close,decycler(125)),"\
                        "above(ratio(close,decycler(125)),1.005)"

START_TEST(decycler_stream_bit_identical_to_batch_and_follows_ehlers)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(DECYCLER_FAMILY, 3, 83, 80, &s, &count);
    const double *c = s.col[3];
    const double pi = 3.14159265358979323846;
    double w = 0.707 * 2.0 * pi / 125.0;
    double a1 = (cos(w) + sin(w) - 1.0) / cos(w);
    double hp[80] = {0.0, 0.0};
    ck_assert(isnan(b[0]) && isnan(b[count]) && !isnan(b[(int64_t)2 * count]));
    int longs = 0;
    for (int32_t t = 2; t < 80; t++) {
        hp[t] = (1.0 - a1 / 2.0) * (1.0 - a1 / 2.0) * (c[t] - 2.0 * c[t - 1] + c[t - 2]) +
                2.0 * (1.0 - a1) * hp[t - 1] - (1.0 - a1) * (1.0 - a1) * hp[t - 2];
        double dec = c[t] - hp[t];
        ck_assert(fabs(b[(int64_t)t * count] - dec) <= 1e-12 * fabs(dec));
        ck_assert(fabs(b[(int64_t)t * count + 2] - c[t] / dec) <= 1e-12);
        ck_assert(b[(int64_t)t * count + 3] == (c[t] / dec > 1.005 ? 1.0 : 0.0));
        longs += c[t] / dec > 1.005;
    }
    ck_assert_int_gt(longs, 0); /* the line is crossed in the window */
    /* the lagged short filter: NaN through bar 2, a value from bar 3 */
    ck_assert(isnan(b[(int64_t)2 * count + 1]) && !isnan(b[(int64_t)3 * count + 1]));
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("decycler(1)", &f), BC_E_PARSE, "decycler");
    ck_assert_status_msg(bc_features_create("decycler(125,2)", &f), BC_E_PARSE, "decycler");
    ck_assert_status_msg(bc_features_create("decycler", &f), BC_E_PARSE, "decycler");
    ck_assert_ptr_null(f);
}
END_TEST

/* Blau's ergodic candlestick oscillator (tsi.c eco): streaming gives the
 * batch's bits with a missing close every 83 bars (the bar skipped); both
 * outputs NaN until the signal exists (bar r+s+k-3), then the line is 100 x
 * the double-smoothed body over the double-smoothed range (TA-Lib's seeded
 * EMAs written out here) and the signal its ema(k); bad items name the kind. */
static void ema_chain(const double *x, int32_t n, int32_t len, double *out)
{
    int32_t first = 0;
    while (first < len && isnan(x[first]))
        out[first++] = NAN;
    double prev = 0.0;
    for (int32_t i = first; i < len; i++) {
        if (i < first + n - 1) {
            out[i] = NAN;
            prev += x[i];
        } else if (i == first + n - 1) {
            prev = (prev + x[i]) / n;
            out[i] = prev;
        } else {
            prev = prev + 2.0 / (n + 1) * (x[i] - prev);
            out[i] = prev;
        }
    }
}

START_TEST(eco_stream_bit_identical_to_batch_and_follows_blau)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500("eco(32,5,5),eco(3,2,2)@1,"
                                             "cross(eco(32,5,5).line,eco(32,5,5).signal)",
                                             3, 83, 80, &s, &count);
    enum { N = 80 };
    double body[N], range[N], m1[N], m2[N], a1[N], a2[N], line[N], sig[N];
    for (int32_t t = 0; t < N; t++) {
        body[t] = s.col[3][t] - s.col[0][t];
        range[t] = s.col[1][t] - s.col[2][t];
    }
    ema_chain(body, 32, N, m1);
    ema_chain(m1, 5, N, m2);
    ema_chain(range, 32, N, a1);
    ema_chain(a1, 5, N, a2);
    for (int32_t t = 0; t < N; t++)
        line[t] = isnan(a2[t]) ? NAN : 100.0 * m2[t] / a2[t];
    ema_chain(line, 5, N, sig);
    ck_assert(isnan(b[(int64_t)38 * count]) && isnan(b[(int64_t)38 * count + 1]));
    ck_assert(!isnan(b[(int64_t)39 * count]) && !isnan(b[(int64_t)39 * count + 1]));
    for (int32_t t = 39; t < N; t++) {
        ck_assert(fabs(b[(int64_t)t * count] - line[t]) <= 1e-9 * (1.0 + fabs(line[t])));
        ck_assert(fabs(b[(int64_t)t * count + 1] - sig[t]) <= 1e-9 * (1.0 + fabs(sig[t])));
    }
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("eco(0,5,5)", &f), BC_E_PARSE, "eco");
    ck_assert_status_msg(bc_features_create("eco(32,5)", &f), BC_E_PARSE, "eco");
    ck_assert_ptr_null(f);
}
END_TEST

/* Blau's directional trend index (tsi.c dti): streaming gives the batch's
 * bits with a missing high every 97 bars (the bar skipped); NaN until the
 * third ema is seeded (bar r+s+u-2: the first move is on bar 1), then 100 x
 * the triple-smoothed hmu - lmd over the triple-smoothed |hmu - lmd|
 * (TA-Lib's seeded EMAs written out here); bad items name the kind. */
START_TEST(dti_stream_bit_identical_to_batch_and_follows_blau)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500("dti(14,10,5),dti(3,2,2)@1,cross(dti(14,10,5),0)",
                                             1, 97, 90, &s, &count);
    enum { N = 88 };
    double d[N], ad[N], m1[N], m2[N], m3[N], a1[N], a2[N], a3[N];
    d[0] = ad[0] = NAN;
    for (int32_t t = 1; t < N; t++) {
        double hmu = s.col[1][t] - s.col[1][t - 1], lmd = s.col[2][t - 1] - s.col[2][t];
        d[t] = fmax(hmu, 0.0) - fmax(lmd, 0.0);
        ad[t] = fabs(d[t]);
    }
    ema_chain(d, 14, N, m1);
    ema_chain(m1, 10, N, m2);
    ema_chain(m2, 5, N, m3);
    ema_chain(ad, 14, N, a1);
    ema_chain(a1, 10, N, a2);
    ema_chain(a2, 5, N, a3);
    ck_assert(isnan(b[(int64_t)26 * count]));
    ck_assert(!isnan(b[(int64_t)27 * count]));
    int crossings = 0;
    for (int32_t t = 27; t < N; t++) {
        double line = 100.0 * m3[t] / a3[t];
        ck_assert(fabs(b[(int64_t)t * count] - line) <= 1e-9 * (1.0 + fabs(line)));
        crossings += b[(int64_t)t * count + 2] != 0.0;
    }
    ck_assert_int_gt(crossings, 0); /* the window holds a turn of the index */
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("dti(0,10,5)", &f), BC_E_PARSE, "dti");
    ck_assert_status_msg(bc_features_create("dti(14,10)", &f), BC_E_PARSE, "dti");
    ck_assert_status_msg(bc_features_create("dti(14,10,5).line", &f), BC_E_PARSE, "dti");
    ck_assert_ptr_null(f);
}
END_TEST

/* The QQE (qqe.c): streaming gives the batch's bits with a missing close
 * every 101 bars (the bar skipped); both outputs NaN until the trail exists
 * (bar 5n + m - 4), then the line is ema(m) of TA-Lib's rsi(n) (checked
 * against the engine's rsi through ema_chain) and the trail starts at
 * line - k x the double ema(2n - 1) of the line's moves and stays within
 * that distance of the line, moving only towards it while the line stays
 * on one side; bad items name the kind. */
START_TEST(qqe_stream_bit_identical_to_batch_and_trails_the_smoothed_rsi)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500("qqe(14,5,4.236),rsi(14),qqe(3,2,2.5)@1,"
                                             "cross(qqe(14,5,4.236).line,qqe(14,5,4.236).trail)",
                                             3, 101, 95, &s, &count);
    enum { N = 95 };
    double rsi[N], line[N], d[N], e1[N], e2[N];
    for (int32_t t = 0; t < N; t++)
        rsi[t] = b[(int64_t)t * count + 2];
    ema_chain(rsi, 5, N, line);
    d[0] = NAN;
    for (int32_t t = 1; t < N; t++)
        d[t] = fabs(line[t] - line[t - 1]);
    ema_chain(d, 27, N, e1);
    ema_chain(e1, 27, N, e2);
    ck_assert(isnan(b[(int64_t)70 * count]) && isnan(b[(int64_t)70 * count + 1]));
    ck_assert(!isnan(b[(int64_t)71 * count]) && !isnan(b[(int64_t)71 * count + 1]));
    ck_assert(isnan(e2[70]) && !isnan(e2[71]));
    ck_assert(fabs(b[(int64_t)71 * count + 1] - (line[71] - 4.236 * e2[71])) <= 1e-9);
    for (int32_t t = 71; t < N; t++) {
        double l = b[(int64_t)t * count], tr = b[(int64_t)t * count + 1];
        double dar = 4.236 * e2[t];
        ck_assert(fabs(l - line[t]) <= 1e-9 * (1.0 + fabs(line[t])));
        ck_assert(fabs(tr - l) <= dar + 1e-9);
        if (t > 71) {
            double p = b[(int64_t)(t - 1) * count + 1], l1 = b[(int64_t)(t - 1) * count];
            if (l > p && l1 > p)
                ck_assert(tr >= p); /* a long trail never falls */
            if (l < p && l1 < p)
                ck_assert(tr <= p); /* a short trail never rises */
        }
    }
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("qqe(1,5,4.236)", &f), BC_E_PARSE, "qqe");
    ck_assert_status_msg(bc_features_create("qqe(14,5,0)", &f), BC_E_PARSE, "qqe");
    ck_assert_status_msg(bc_features_create("qqe(14,5)", &f), BC_E_PARSE, "qqe");
    ck_assert_status_msg(bc_features_create("qqe(14,5,4.236).signal", &f), BC_E_PARSE, "qqe");
    ck_assert_ptr_null(f);
}
END_TEST

/* vhf(n) (kama.c, White's vertical horizontal filter on er's sliding sum)
 * and the RAVI level ratio(sma(7),sma(65)): streaming == batch with a
 * missing bar every 83, vhf from its formula (the range of the n closes over
 * the sum of the n one-bar moves) in [0, 1], one sum with er(n) (vhf x
 * |close - close@n| == er x range, same denominator), the lookbacks, bad
 * items. */
#define VHF_FAMILY "vhf(28),vhf(2),vhf(14)@1,above(vhf(28),0.35),er(28)," \
                   "ratio(sma(7),sma(65)),cross(close,ema(20))"

START_TEST(vhf_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(VHF_FAMILY, 3, 83, 40, &s, &count);
    ck_assert_int_eq(count, 7);
    const double *c = s.col[3];
    int32_t checked = 0;
    for (int32_t i = 70; i < 165; i++) { /* between the gaps at 40+83 and 40+166 */
        if (i - 28 <= 123 && i >= 123)
            continue;
        double hi = c[i], lo = c[i], moves = 0.0;
        for (int32_t k = 0; k < 28; k++) {
            hi = c[i - k] > hi ? c[i - k] : hi;
            lo = c[i - k] < lo ? c[i - k] : lo;
            moves += fabs(c[i - k] - c[i - k - 1]);
        }
        const double *r = b + (int64_t)i * count;
        ck_assert(fabs(r[0] - (hi - lo) / moves) <= 1e-12);
        ck_assert(r[0] >= 0.0 && r[0] <= 1.0);
        ck_assert(r[3] == (r[0] > 0.35 ? 1.0 : 0.0));
        /* one denominator: vhf / range == er / |close - close@28| */
        double roc = fabs(c[i] - c[i - 28]);
        if (roc > 0.0 && hi > lo && r[4] < 1.0)
            ck_assert(fabs(r[0] * roc - r[4] * (hi - lo)) <= 1e-12 * (hi - lo));
        checked++;
    }
    ck_assert_int_gt(checked, 60);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("vhf(28)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 28);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("ratio(sma(7),sma(65))", &f));
    ck_assert_int_eq(bc_features_lookback(f), 64);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("vhf(1)", &f), BC_E_PARSE,
                         "vhf: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("vhf", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("vhf(28,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("vhf(28).x", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* dayema(n) / weekema(n) (prevday.c): the EMA (ema.h: SMA seed, then
 * fma(prev, 1 - k, x k)) of the whole periods' closes, the first period
 * seen left out, held through the next period; NaN until n periods ended.
 * By brute force on the hourly EUR/USD bars with a missing close every 61
 * bars (a missing bar enters no period), streaming == batch bit for bit;
 * on daily bars dayema(n) is ema(prevday.close,n); bad items. */
static void period_ema_brute(const int64_t *t, const double *c, int32_t n, int32_t p, int weeks,
                             double *out)
{
    const double k = 2.0 / (double)(p + 1), k1 = 1.0 - k;
    int64_t cur = 0;
    int32_t seen = 0, count = 0;
    double last = NAN, sum = 0.0, value = NAN;
    for (int32_t i = 0; i < n; i++) {
        if (isnan(c[i])) {
            out[i] = NAN;
            continue;
        }
        int64_t day = (int64_t)floor((double)t[i] / 86400.0);
        if (weeks)
            day = (int64_t)floor((double)(day + 3) / 7.0);
        if (seen == 0 || day != cur) {
            if (seen >= 2) { /* a whole period ended: its last close */
                if (count < p) {
                    sum += last;
                    if (++count == p)
                        value = sum / p;
                } else
                    value = fma(value, k1, last * k);
            }
            seen++;
            cur = day;
        }
        last = c[i];
        out[i] = value;
    }
}

START_TEST(dayema_weekema_are_the_ema_of_the_whole_periods_closes)
{
    static const char spec[] = "dayema(5),dayema(20),weekema(5),weekema(2)";
    static const int32_t per[4][2] = {{5, 0}, {20, 0}, {5, 1}, {2, 1}};
    const int32_t count = 4;
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    const int32_t n = bc_bars_length(bars);
    const int64_t *t = bc_bars_time(bars);
    double *c = malloc(sizeof *c * (size_t)n), *ref = malloc(sizeof *ref * (size_t)n);
    ck_assert(c && ref);
    for (int32_t i = 0; i < n; i++)
        c[i] = i % 61 == 30 ? NAN : bc_bars_column(bars, BC_BAR_CLOSE)[i];
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    ck_assert_int_eq(bc_features_count(f), count);
    ck_assert_int_eq(bc_features_lookback(f), 0);
    double *b = malloc(sizeof(double) * (size_t)n * count);
    double *st = malloc(sizeof(double) * (size_t)n * count);
    ck_assert(b && st);
    ck_assert_ok(bc_features_compute_arrays(f, n, t, c, c, c, c, NULL, NULL, NULL, b,
                                            (int64_t)n * count));
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < n; i++)
        ck_assert_ok(bc_features_update(f, t[i], c[i], c[i], c[i], c[i], 0.0,
                                        st + (int64_t)i * count, count));
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * (size_t)n * count), 0);
    for (int32_t k = 0; k < count; k++) {
        period_ema_brute(t, c, n, per[k][0], per[k][1], ref);
        int32_t finite = 0, changes = 0;
        for (int32_t i = 0; i < n; i++) {
            double got = b[(int64_t)i * count + k];
            ck_assert_msg(isnan(got) == isnan(ref[i]) && (isnan(got) || got == ref[i]),
                          "bar %d column %d: %a, brute force %a", (int)i, (int)k, got, ref[i]);
            finite += !isnan(got);
            changes += i > 0 && !isnan(got) && !isnan(b[(int64_t)(i - 1) * count + k]) &&
                       got != b[(int64_t)(i - 1) * count + k];
        }
        ck_assert_int_gt(finite, n / 2);
        ck_assert_int_lt(changes, per[k][1] ? 60 : 320); /* once a period at most */
    }
    free(b);
    free(st);
    free(c);
    free(ref);
    bc_bars_free(bars);
    bc_features_free(f);
    /* daily bars: the whole days are the bars from the second on */
    series s;
    series_load("sp500", &s);
    ck_assert_ok(bc_features_create("dayema(5),ema(prevday.close,5),dayema(20),"
                                    "ema(prevday.close,20)", &f));
    double *d = batch(f, &s, NULL, NULL);
    int32_t valid = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = d + (int64_t)i * 4;
        ck_assert(memcmp(&r[0], &r[1], sizeof(double)) == 0);
        ck_assert(memcmp(&r[2], &r[3], sizeof(double)) == 0);
        valid += !isnan(r[2]);
    }
    ck_assert_int_eq(valid, s.n - 21);
    free(d);
    series_free(&s);
    bc_features_free(f);
    f = NULL;
    ck_assert_ok(bc_features_create("ratio(prevday.close,dayema(5)),weekema(4)@1", &f));
    ck_assert_int_eq(bc_features_lookback(f), 1);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("dayema(1)", &f), BC_E_PARSE,
                         "dayema: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("weekema", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("dayema(5,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("weekema(5).close", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* tii(n,m) and rangepos(n) (tii.c, Pee's trend intensity index and the
 * close's place in the previous n bars' range): streaming == batch with a
 * missing close every 83, tii within 0..100, rangepos(24) == the composite
 * ratio(diff(close,min(low,24)@1),diff(max(high,24),min(low,24))@1) bit for
 * bit, the lookbacks, bad items. */
#define TII_RANGEPOS_FAMILY "tii(20,10),tii(60,30),tii(2,1),tii(14,5)@1," \
                            "cross(tii(20,10),80),above(tii(60,30),50)," \
                            "rangepos(24),rangepos(1),rangepos(20)@2,cross(rangepos(24),0.62)," \
                            "ratio(diff(close,min(low,24)@1),diff(max(high,24),min(low,24))@1)"

START_TEST(tii_rangepos_stream_bit_identical_to_batch_and_follow_their_formulas)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(TII_RANGEPOS_FAMILY, 3, 83, 40, &s, &count);
    ck_assert_int_eq(count, 11);
    int32_t valued = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        for (int k = 0; k < 3; k++)
            if (!isnan(r[k]))
                ck_assert(r[k] >= 0.0 && r[k] <= 100.0);
        ck_assert(memcmp(&r[6], &r[10], sizeof(double)) == 0 || (isnan(r[6]) && isnan(r[10])));
        valued += !isnan(r[1]) && !isnan(r[6]);
    }
    ck_assert_int_gt(valued, s.n / 2);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("tii(20,10)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 28);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("rangepos(24)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 24);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("tii(1,10)", &f), BC_E_PARSE,
                         "tii: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("tii(20,0)", &f), BC_E_PARSE,
                         "tii: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("tii(20)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("rangepos(0)", &f), BC_E_PARSE,
                         "rangepos: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("rangepos", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("rangepos(24).k", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* tdi(n) (tii.c, Pee's trend detection index): streaming == batch with a
 * missing close every 83, both outputs from the formula over the kept closes
 * (mom = close - close n kept bars ago, direction = the sum of the last n
 * mom, tdi = |direction| - the sum of |mom| of the n bars before those; to
 * rounding at n = 20, bit for bit at n = 1, where each sum is one term), the
 * search's cross and side columns, the lookback 3n - 1, bad items. */
#define TDI_FAMILY "tdi(20),tdi(1),tdi(5).tdi@1,cross(tdi(20).tdi,0),above(tdi(20).direction,0)"

START_TEST(tdi_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(TDI_FAMILY, 3, 83, 40, &s, &count);
    ck_assert_int_eq(count, 7);
    double *kc = malloc(sizeof(double) * s.n);
    int32_t m = 0, checked = 0, crosses = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (isnan(s.col[3][i]))
            continue;
        kc[m++] = s.col[3][i];
        const int32_t j = m - 1; /* this bar's index among the kept bars */
        if (j < 59) {
            ck_assert(isnan(r[0]) && isnan(r[1]));
        } else {
            double dir = 0.0, noise = 0.0, scale = 0.0;
            for (int32_t k = 0; k < 20; k++) {
                dir += kc[j - k] - kc[j - k - 20];
                noise += fabs(kc[j - 20 - k] - kc[j - 40 - k]);
                scale += fabs(kc[j - k] - kc[j - k - 20]);
            }
            ck_assert_msg(fabs(r[1] - dir) <= 1e-12 * (1.0 + scale), "direction at %d", i);
            ck_assert_msg(fabs(r[0] - (fabs(dir) - noise)) <= 1e-12 * (1.0 + scale + noise),
                          "tdi at %d", i);
            ck_assert(r[6] == (r[1] > 0.0 ? 1.0 : 0.0));
            checked++;
        }
        if (j >= 2) { /* n = 1: one-term sums, exact */
            double mom = kc[j] - kc[j - 1], before = kc[j - 1] - kc[j - 2];
            ck_assert(r[3] == mom);
            ck_assert(r[2] == fabs(mom) - fabs(before));
        } else {
            ck_assert(isnan(r[2]) && isnan(r[3]));
        }
        crosses += r[5] != 0.0 && !isnan(r[5]);
    }
    ck_assert_int_gt(checked, s.n / 2);
    ck_assert_int_gt(crosses, 10);
    free(kc);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("tdi(20)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 59);
    ck_assert_int_eq(bc_features_count(f), 2);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("tdi(0)", &f), BC_E_PARSE,
                         "tdi: 0 is out of range 1..33333");
    ck_assert_status_msg(bc_features_create("tdi(20,40)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("tdi(20).trend", &f), BC_E_PARSE,
                         "'tdi(20)' has no output '.trend'");
    ck_assert_ptr_null(f);
}
END_TEST

/* rainbow(n,r) (rainbow.c, Widner's rainbow oscillator): streaming == batch
 * with a missing close every 83, the oscillator from its formula over the
 * kept closes (ten recursive 2-bar averages, their mean, the 10-bar closing
 * range) to rounding, rainbow(1,2) bit for bit (100 (c - (c + c@1) / 2) /
 * |c - c@1|: +-50 to rounding), the lookbacks, bad items. */
#define RAINBOW_FAMILY "rainbow(10,10),rainbow(1,2),rainbow(3,20)@1," \
                       "cross(rainbow(10,10),-50),above(rainbow(10,10),0)"

START_TEST(rainbow_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(RAINBOW_FAMILY, 3, 83, 40, &s, &count);
    ck_assert_int_eq(count, 5);
    double *kc = malloc(sizeof(double) * s.n);
    double m[11][11]; /* m[i][k]: m(i) k bars ago, m(0) the close */
    int32_t nk = 0, checked = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (isnan(s.col[3][i]))
            continue;
        kc[nk++] = s.col[3][i];
        const int32_t j = nk - 1;
        if (j < 10) {
            ck_assert(isnan(r[0]));
        } else {
            /* the averages from the last 11 kept closes: m(i) needs i + 1 */
            for (int32_t k = 0; k <= 10; k++)
                m[0][k] = kc[j - k];
            double sum = 0.0;
            for (int32_t a = 1; a <= 10; a++) {
                for (int32_t k = 0; k <= 10 - a; k++)
                    m[a][k] = 0.5 * (m[a - 1][k] + m[a - 1][k + 1]);
                sum += m[a][0];
            }
            double hi = kc[j], lo = kc[j];
            for (int32_t k = 1; k < 10; k++) {
                hi = fmax(hi, kc[j - k]);
                lo = fmin(lo, kc[j - k]);
            }
            if (hi == lo) {
                ck_assert(isnan(r[0]));
            } else {
                double want = 100.0 * (kc[j] - sum / 10.0) / (hi - lo);
                ck_assert_msg(fabs(r[0] - want) <= 1e-9, "rainbow(10,10) at %d: %g, %g", i,
                              r[0], want);
                checked++;
            }
        }
        if (j >= 2 && kc[j] != kc[j - 1]) {
            double want = 100.0 * (kc[j] - 0.5 * (kc[j] + kc[j - 1])) / fabs(kc[j] - kc[j - 1]);
            ck_assert(r[1] == want);
            ck_assert(fabs(fabs(r[1]) - 50.0) <= 1e-9);
        } else if (j >= 1) {
            ck_assert(isnan(r[1]) == (kc[j] == kc[j - 1]));
        }
        if (!isnan(r[0]))
            ck_assert(r[4] == (r[0] > 0.0 ? 1.0 : 0.0));
    }
    ck_assert_int_gt(checked, s.n / 2);
    free(kc);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("rainbow(10,10)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 10);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("rainbow(3,20)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 19);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("rainbow(0,10)", &f), BC_E_PARSE,
                         "rainbow: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("rainbow(10,0)", &f), BC_E_PARSE,
                         "rainbow: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("rainbow(10)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("rainbow(10,10).osc", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* tcf(n) (tcf.c, Pee's trend continuation factor): streaming == batch with
 * a missing close every 89, both lines from their formula over the kept
 * closes (the runs' continuation factors, 35-bar sums of plus - cf- and
 * minus - cf+ added afresh) to rounding, tcf(1) bit for bit (one term:
 * plus - cf-, minus - cf+), the lookback, bad items. */
#define TCF_FAMILY "tcf(35).plus,tcf(35).minus,tcf(1).plus,tcf(1).minus,tcf(8).minus@1," \
                   "cross(tcf(35).plus,0),above(tcf(35).minus,0)"

START_TEST(tcf_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(TCF_FAMILY, 3, 89, 40, &s, &count);
    ck_assert_int_eq(count, 7);
    double *up = malloc(sizeof(double) * s.n), *down = malloc(sizeof(double) * s.n);
    double prev = 0.0, cfp = 0.0, cfm = 0.0;
    int32_t nk = 0, checked = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (isnan(s.col[3][i]))
            continue;
        const double c = s.col[3][i];
        const int32_t j = nk++; /* the kept close's index */
        if (j == 0) {
            prev = c;
            for (int32_t k = 0; k < 4; k++)
                ck_assert(isnan(r[k]));
            continue;
        }
        const double plus = fmax(c - prev, 0.0), minus = fmax(prev - c, 0.0);
        prev = c;
        cfp = plus > 0.0 ? cfp + plus : 0.0;
        cfm = minus > 0.0 ? cfm + minus : 0.0;
        up[j] = plus - cfm;
        down[j] = minus - cfp;
        ck_assert(r[2] == up[j] && r[3] == down[j]);
        if (j < 35) {
            ck_assert(isnan(r[0]) && isnan(r[1]));
            continue;
        }
        double sp = 0.0, sm = 0.0, scale = 1.0;
        for (int32_t k = j - 34; k <= j; k++) {
            sp += up[k];
            sm += down[k];
            scale += fabs(up[k]) + fabs(down[k]);
        }
        ck_assert_msg(fabs(r[0] - sp) <= 1e-12 * scale, "tcf(35).plus at %d: %.17g, %.17g", i,
                      r[0], sp);
        ck_assert_msg(fabs(r[1] - sm) <= 1e-12 * scale, "tcf(35).minus at %d: %.17g, %.17g", i,
                      r[1], sm);
        ck_assert(r[6] == (r[1] > 0.0 ? 1.0 : 0.0));
        checked++;
    }
    ck_assert_int_gt(checked, s.n / 2);
    free(up);
    free(down);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("tcf(35).plus", &f));
    ck_assert_int_eq(bc_features_lookback(f), 35);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("tcf(0).plus", &f), BC_E_PARSE,
                         "tcf: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("tcf(35,2).plus", &f), BC_E_PARSE, "expected ')'");
    ck_assert_ptr_null(f);
}
END_TEST

/* tdrei(n) (tdrei.c, DeMark's TD range expansion index): streaming ==
 * batch with a missing close every 97, REI(5) from its formula over the
 * kept bars (the qualified 2-bar changes and their sizes, 5-bar sums added
 * afresh) to rounding, within -100..100, the lookback, bad items. */
#define TDREI_FAMILY "tdrei(5),tdrei(1),tdrei(13)@1,cross(tdrei(5),-45),above(tdrei(5),45)"

START_TEST(tdrei_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(TDREI_FAMILY, 3, 97, 40, &s, &count);
    ck_assert_int_eq(count, 5);
    double *kh = malloc(sizeof(double) * s.n), *kl = malloc(sizeof(double) * s.n);
    double *kc = malloc(sizeof(double) * s.n), *v = malloc(sizeof(double) * s.n);
    double *a = malloc(sizeof(double) * s.n);
    int32_t nk = 0, checked = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (isnan(s.col[3][i]))
            continue;
        const int32_t j = nk++;
        kh[j] = s.col[1][i];
        kl[j] = s.col[2][i];
        kc[j] = s.col[3][i];
        if (j < 8) {
            ck_assert(isnan(r[0]) && isnan(r[1]));
            continue;
        }
        const double dh = kh[j] - kh[j - 2], dl = kl[j] - kl[j - 2];
        const int up = kh[j - 2] >= kc[j - 7] || kh[j - 2] >= kc[j - 8] ||
                       kh[j] >= kl[j - 5] || kh[j] >= kl[j - 6];
        const int down = kl[j - 2] <= kc[j - 7] || kl[j - 2] <= kc[j - 8] ||
                         kl[j] <= kh[j - 5] || kl[j] <= kh[j - 6];
        v[j] = up && down ? dh + dl : 0.0;
        a[j] = fabs(dh) + fabs(dl);
        /* tdrei(1): one term, 100 v / a bit for bit */
        if (a[j] > 0.0)
            ck_assert(r[1] == 100.0 * v[j] / a[j]);
        else
            ck_assert(isnan(r[1]));
        if (j < 12) {
            ck_assert(isnan(r[0]));
            continue;
        }
        double sv = 0.0, sa = 0.0;
        for (int32_t k = j - 4; k <= j; k++) {
            sv += v[k];
            sa += a[k];
        }
        if (sa == 0.0)
            continue;
        const double want = 100.0 * sv / sa;
        ck_assert_msg(fabs(r[0] - want) <= 1e-9, "tdrei(5) at %d: %.17g, %.17g", i, r[0], want);
        ck_assert(r[0] >= -100.0 - 1e-9 && r[0] <= 100.0 + 1e-9);
        ck_assert(r[4] == (r[0] > 45.0 ? 1.0 : 0.0));
        checked++;
    }
    ck_assert_int_gt(checked, s.n / 2);
    free(kh);
    free(kl);
    free(kc);
    free(v);
    free(a);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("tdrei(5)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 12);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("tdrei(0)", &f), BC_E_PARSE,
                         "tdrei: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("tdrei(5,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("tdrei(5).rei", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* firosc(n,c0,c1,c2,c3) (firosc.c, the learned oscillator): streaming ==
 * batch with a missing close every 79, the filter of the close changes
 * from its formula bit for bit (weights by Horner, divided by the sum of
 * their sizes, summed newest first, 100 * (sum / close)), firosc(10,1,0,0,0)
 * == 100 (close - close@10) / (10 close) to rounding, a positive scale
 * leaves it, the lookbacks, bad items. */
#define FIROSC_FAMILY "firosc(10,1,0,0,0),firosc(20,1,-0.8,0.1,0.05),firosc(45,0.3,1,-2.5,1.2)@1," \
                      "cross(firosc(20,1,-0.8,0.1,0.05),0),firosc(20,2,-1.6,0.2,0.1)," \
                      "above(firosc(10,1,0,0,0),0.1)"

START_TEST(firosc_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(FIROSC_FAMILY, 3, 79, 40, &s, &count);
    ck_assert_int_eq(count, 6);
    const double *c = s.col[3];
    const double k[4] = {1.0, -0.8, 0.1, 0.05};
    double w[20], mass = 0.0;
    for (int32_t i = 0; i < 20; i++) {
        double u = (double)i / 19.0;
        w[i] = ((k[3] * u + k[2]) * u + k[1]) * u + k[0];
        mass += fabs(w[i]);
    }
    for (int32_t i = 0; i < 20; i++)
        w[i] = w[i] / mass;
    int32_t checked = 0;
    for (int32_t i = 61; i < 119; i++) { /* windows between the gaps at 40 and 119 */
        const double *r = b + (int64_t)i * count;
        double acc = 0.0;
        for (int32_t j = 0; j < 20; j++)
            acc += w[j] * (c[i - j] - c[i - j - 1]);
        ck_assert(r[1] == 100.0 * (acc / c[i]));
        ck_assert(r[4] == r[1]);
        double roc = 100.0 * (c[i] - c[i - 10]) / (10.0 * c[i]);
        ck_assert(fabs(r[0] - roc) <= 1e-12 * fabs(roc) + 1e-15);
        ck_assert(r[5] == (r[0] > 0.1 ? 1.0 : 0.0));
        checked++;
    }
    ck_assert_int_eq(checked, 58);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("firosc(20,1,-0.8,0.1,0.05)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 20);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("firosc(45,0.3,1,-2.5,1.2)@1", &f));
    ck_assert_int_eq(bc_features_lookback(f), 46);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("firosc(1,1,0,0,0)", &f), BC_E_PARSE,
                         "firosc: 1 is out of range 2..1000");
    ck_assert_status_msg(bc_features_create("firosc(10,1,0,0)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("firosc(10,1,0,0,0,0)", &f), BC_E_PARSE,
                         "expected ')'");
    ck_assert_status_msg(bc_features_create("firosc(10,0,0,0,0)", &f), BC_E_PARSE,
                         "firosc(10,0,0,0,0): the weights are all zero");
    ck_assert_status_msg(bc_features_create("firosc(2,0,0,0,0)@1", &f), BC_E_PARSE,
                         "the weights are all zero or not finite");
    ck_assert_status_msg(bc_features_create("firosc(10,1,0,0,0).x", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* dss(n,m) and dynmom(n) (dss.c, Bressert's double smoothed stochastic and
 * Chande's dynamic momentum index): streaming == batch with a missing close
 * every 89, both within 0..100, dss(1,1) 50 (a one-value range is flat), the
 * lookbacks, bad items. */
#define DSS_DYNMOM_FAMILY "dss(13,8),dss(10,3),dynmom(14),dss(1,1),dss(5,2)@1," \
                          "cross(dss(13,8),20),cross(80,dss(13,8)),dynmom(7)@2," \
                          "cross(30,dynmom(14)),above(dynmom(14),50)"

START_TEST(dss_dynmom_stream_bit_identical_to_batch_and_stay_in_0_100)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(DSS_DYNMOM_FAMILY, 3, 89, 40, &s, &count);
    ck_assert_int_eq(count, 10);
    int32_t valued = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        for (int k = 0; k < 5; k++)
            if (!isnan(r[k]))
                ck_assert(r[k] >= 0.0 && r[k] <= 100.0);
        if (!isnan(r[3]))
            ck_assert(r[3] == 50.0);
        valued += !isnan(r[0]) && !isnan(r[2]);
    }
    ck_assert_int_gt(valued, s.n / 2);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("dss(13,8)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 38);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("dynmom(14)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 30);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("dss(0,8)", &f), BC_E_PARSE,
                         "dss: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("dss(13)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("dynmom(0)", &f), BC_E_PARSE,
                         "dynmom: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("dynmom", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("dynmom(14).k", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* pmo(a,b) (pmo.c, DecisionPoint's price momentum oscillator): streaming ==
 * batch with one missing close (bar 3000), before it the line and signal
 * from the formula (the one-bar percent change, TA-Lib-seeded EMAs of
 * periods a-1 and b-1 with the factor 10 between, the signal ema(10)) to
 * rounding, the lookbacks, bad items. */
#define PMO_FAMILY "pmo(35,20),pmo(35,20).signal,pmo(2,2).line,pmo(10,5).signal@1," \
                   "cross(pmo(35,20).line,pmo(35,20).signal),cross(pmo(35,20).line,0)"

/* TA-Lib's EMA step on *e (count in *m) of period n, NaN until seeded. */
static double pmo_test_ema(double *e, double *sum, int32_t *m, int32_t n, double x)
{
    if (*m >= n) {
        *e = *e + (2.0 / (n + 1.0)) * (x - *e);
        return *e;
    }
    *sum += x;
    if (++*m < n)
        return NAN;
    *e = *sum / n;
    return *e;
}

START_TEST(pmo_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(PMO_FAMILY, 3, 5000, 3000, &s, &count);
    ck_assert_int_eq(count, 7);
    const double *c = s.col[3];
    double e[3] = {0}, sum[3] = {0};
    int32_t m[3] = {0}, checked = 0;
    for (int32_t i = 1; i < 3000; i++) {
        const double *r = b + (int64_t)i * count;
        double x = pmo_test_ema(&e[0], &sum[0], &m[0], 34, 100.0 * (c[i] / c[i - 1] - 1.0));
        double line = isnan(x) ? NAN : pmo_test_ema(&e[1], &sum[1], &m[1], 19, 10.0 * x);
        double sig = isnan(line) ? NAN : pmo_test_ema(&e[2], &sum[2], &m[2], 10, line);
        ck_assert(isnan(r[0]) == isnan(sig) && isnan(r[1]) == isnan(sig));
        ck_assert(isnan(r[3]) == (i < 2 + 2 + 6));
        if (isnan(sig))
            continue;
        ck_assert(fabs(r[0] - line) <= 1e-9 * fabs(line) + 1e-12);
        ck_assert(fabs(r[1] - sig) <= 1e-9 * fabs(sig) + 1e-12);
        ck_assert(r[2] == r[1]);
        checked++;
    }
    ck_assert_int_eq(checked, 3000 - 61);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("pmo(35,20)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 61);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("pmo(10,5).signal@1", &f));
    ck_assert_int_eq(bc_features_lookback(f), 22);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("pmo(1,20)", &f), BC_E_PARSE,
                         "pmo: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("pmo(35)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("pmo(35,20,10)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("pmo", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("pmo(35,20).hist", &f), BC_E_PARSE,
                         "'pmo(35,20)' has no output '.hist'");
    ck_assert_ptr_null(f);
}
END_TEST

/* ichimoku(t,k,s,d) and pfe(n,m) (cloud.c, Hosoda's cloud and Hannula's
 * polarized fractal efficiency): streaming == batch with a missing high
 * every 83, the displaced span B == midprice(52)@26 bit for bit, top >=
 * bottom, |pfe| <= 100 n / (n-1) (sqrt(D^2 + n^2) over a path of n-1
 * steps, at least sqrt(D^2 + (n-1)^2)), the lookbacks, bad items. */
#define ICHIMOKU_PFE_FAMILY "ichimoku(9,26,52,26),ichimoku(26,9,5,3)@1,pfe(10,5),pfe(2,1)," \
                            "cross(close,ichimoku(9,26,52,26).top),cross(pfe(10,5),30)," \
                            "midprice(52)@26"

START_TEST(ichimoku_pfe_stream_bit_identical_to_batch_and_follow_their_formulas)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(ICHIMOKU_PFE_FAMILY, 1, 83, 40, &s, &count);
    ck_assert_int_eq(count, 13);
    int32_t valued = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        ck_assert(memcmp(&r[3], &r[12], sizeof(double)) == 0 || (isnan(r[3]) && isnan(r[12])));
        if (!isnan(r[0])) {
            ck_assert(r[0] >= r[1]);
            ck_assert(r[0] == r[2] || r[0] == r[3]);
            ck_assert(r[1] == r[2] || r[1] == r[3]);
        }
        if (!isnan(r[8]))
            ck_assert(fabs(r[8]) <= 100.0 * 10.0 / 9.0 * (1.0 + 1e-12));
        if (!isnan(r[9]))
            ck_assert(fabs(r[9]) <= 200.0 * (1.0 + 1e-12));
        valued += !isnan(r[0]) && !isnan(r[8]);
    }
    ck_assert_int_gt(valued, s.n / 2);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("ichimoku(9,26,52,26)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 77);
    ck_assert_int_eq(bc_features_count(f), 4);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("pfe(10,5)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 13);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("ichimoku(9,26,52,0)", &f), BC_E_PARSE,
                         "ichimoku: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("ichimoku(9,26,52)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("pfe(1,5)", &f), BC_E_PARSE,
                         "pfe: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("pfe(10,0)", &f), BC_E_PARSE,
                         "pfe: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("pfe", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("pfe(10,5).k", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* tstat(n) and pgo(n) (tstat_pgo.c, the t-statistic of the last n one-bar
 * returns and Johnson's pretty good oscillator): streaming == batch with a
 * missing close every 89, tstat(24) signed as mean(ret(1),24) and pgo(14) as
 * diff(close,sma(14)), the lookbacks, bad items. */
#define TSTAT_PGO_FAMILY "tstat(24),tstat(2),tstat(20)@1,cross(tstat(24),-1.5)," \
                         "pgo(14),pgo(2),pgo(21)@2,cross(pgo(14),3)," \
                         "mean(ret(1),24),diff(close,sma(14))"

START_TEST(tstat_pgo_stream_bit_identical_to_batch_and_follow_their_formulas)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(TSTAT_PGO_FAMILY, 3, 89, 40, &s, &count);
    ck_assert_int_eq(count, 10);
    int32_t valued = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        ck_assert(isnan(r[0]) == isnan(r[8]));
        if (!isnan(r[0]) && r[8] != 0.0)
            ck_assert((r[0] > 0.0) == (r[8] > 0.0));
        if (!isnan(r[4]) && r[9] != 0.0)
            ck_assert((r[4] > 0.0) == (r[9] > 0.0));
        valued += !isnan(r[0]) && !isnan(r[4]);
    }
    ck_assert_int_gt(valued, s.n / 2);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("tstat(24)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 24);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("pgo(14)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 14);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("tstat(1)", &f), BC_E_PARSE,
                         "tstat: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("tstat", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("pgo(1)", &f), BC_E_PARSE,
                         "pgo: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("pgo(14,3)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("pgo(14).k", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* frama(n) and ckstop(p,x,q) (frama.c, Ehlers' FRAMA and Chande and Kroll's
 * stop): streaming == batch with a missing high every 79, the close's
 * crossing of frama(16) signed as diff(close,frama(16)), .upper / .lower the
 * larger / smaller of .long and .short, .long at most max(high,p+q-1) and
 * .short at least min(low,p+q-1) (x atr >= 0), the lookbacks, bad items. */
#define FRAMA_CKSTOP_FAMILY "frama(16),frama(2),frama(20)@1,cross(close,frama(16))," \
                            "ckstop(10,1,9),ckstop(20,3,10)@1," \
                            "cross(close,ckstop(10,1,9).upper),cross(close,ckstop(10,1,9).long)," \
                            "max(high,18),min(low,18),diff(close,frama(16))"

START_TEST(frama_ckstop_stream_bit_identical_to_batch_and_follow_their_formulas)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(FRAMA_CKSTOP_FAMILY, 1, 79, 40, &s, &count);
    ck_assert_int_eq(count, 17);
    int32_t valued = 0, crossed = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (r[3] == 1.0 || r[3] == -1.0) {
            ck_assert(r[3] == 1.0 ? r[16] > 0.0 : r[16] < 0.0);
            crossed++;
        }
        if (!isnan(r[4])) {
            ck_assert(r[6] >= r[7]);
            ck_assert(r[6] == (r[4] > r[5] ? r[4] : r[5]));
            ck_assert(r[7] == (r[4] < r[5] ? r[4] : r[5]));
            ck_assert(r[4] <= r[14]);
            ck_assert(r[5] >= r[15]);
            valued += !isnan(r[0]);
        }
    }
    ck_assert_int_gt(valued, s.n / 2);
    ck_assert_int_gt(crossed, 20);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("frama(16)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 15);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("ckstop(10,1,9)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 18);
    ck_assert_int_eq(bc_features_count(f), 4);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("frama(15)", &f), BC_E_PARSE,
                         "frama(15): the period 15 must be even");
    ck_assert_status_msg(bc_features_create("frama(0)", &f), BC_E_PARSE,
                         "frama: 0 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("frama", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("frama(16).k", &f), BC_E_PARSE, "one output");
    ck_assert_status_msg(bc_features_create("ckstop(10,1)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("ckstop(10,1,0)", &f), BC_E_PARSE,
                         "ckstop: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("ckstop(10,1,9).mid", &f), BC_E_PARSE,
                         "'ckstop(10,1,9)' has no output '.mid'");
    ck_assert_ptr_null(f);
}
END_TEST

/* iftrsi(n,m) and bwmfi (wma.c, Ehlers' inverse Fisher transform of the RSI;
 * volume_flow.c, Bill Williams' market facilitation index): streaming ==
 * batch with a missing close every 89, then a missing volume every 97;
 * iftrsi in (-1, 1), bwmfi (high - low) / volume to the bit, the green bar
 * both rising; the lookbacks, bad items. */
#define IFTRSI_BWMFI_FAMILY "iftrsi(5,9),iftrsi(2,2),iftrsi(9,30),iftrsi(14,9)@1," \
                            "cross(iftrsi(5,9),-0.5),cross(iftrsi(5,9),0.5),bwmfi,bwmfi@2," \
                            "and(above(bwmfi,bwmfi@1),above(volume,volume@1))"

START_TEST(iftrsi_bwmfi_stream_bit_identical_to_batch_and_follow_their_formulas)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(IFTRSI_BWMFI_FAMILY, 3, 89, 40, &s, &count);
    ck_assert_int_eq(count, 9);
    free(b);
    series_free(&s);
    b = stream_equals_batch_on_sp500(IFTRSI_BWMFI_FAMILY, 4, 97, 50, &s, &count);
    int32_t valued = 0, green = 0;
    for (int32_t i = 1; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        const double h = s.col[1][i], l = s.col[2][i], v = s.col[4][i];
        if (isnan(v)) /* the missing bar */
            continue;
        for (int c = 0; c < 4; c++)
            if (!isnan(r[c]))
                ck_assert(r[c] > -1.0 && r[c] < 1.0);
        valued += !isnan(r[0]);
        if (v > 0.0)
            ck_assert(r[6] == (h - l) / v);
        else
            ck_assert(isnan(r[6]));
        const double pv = s.col[4][i - 1];
        if (!isnan(pv) && pv > 0.0 && v > 0.0) {
            const double pm = (s.col[1][i - 1] - s.col[2][i - 1]) / pv;
            ck_assert(r[8] == (double)((h - l) / v > pm && v > pv));
            green += r[8] == 1.0;
        }
    }
    ck_assert_int_gt(valued, s.n / 2);
    ck_assert_int_gt(green, 50);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("iftrsi(5,9)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 13);
    bc_features_free(f);
    ck_assert_ok(bc_features_create("bwmfi", &f));
    ck_assert_int_eq(bc_features_lookback(f), 0);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("iftrsi(1,9)", &f), BC_E_PARSE,
                         "iftrsi: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("iftrsi(5,1)", &f), BC_E_PARSE,
                         "iftrsi: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("iftrsi(5)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("iftrsi", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("iftrsi(5,9).k", &f), BC_E_PARSE, "one output");
    ck_assert_status_msg(bc_features_create("bwmfi.k", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* skew(n) (skew.c, the population skewness of the last n one-bar returns):
 * streaming == batch with a missing close every 89, within the population
 * bound |skew| <= (n-2)/sqrt(n-1), the lookbacks, bad items; DeMark's TD setup
 * counts as since(above(close,close@4)) and its mirror are never both 0. */
#define SKEW_FAMILY "skew(48),skew(3),skew(24)@1,cross(skew(48),0.75)," \
                    "since(above(close,close@4)),since(above(close@4,close))"

START_TEST(skew_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(SKEW_FAMILY, 3, 89, 40, &s, &count);
    ck_assert_int_eq(count, 6);
    int32_t valued = 0, counted = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (!isnan(r[0])) {
            ck_assert(fabs(r[0]) <= 46.0 / sqrt(47.0) + 1e-12);
            valued++;
        }
        if (!isnan(r[1]))
            ck_assert(fabs(r[1]) <= 1.0 / sqrt(2.0) + 1e-12);
        if (!isnan(r[4]) && !isnan(r[5])) {
            ck_assert(r[4] != 0.0 || r[5] != 0.0);
            counted++;
        }
    }
    ck_assert_int_gt(valued, s.n / 2);
    ck_assert_int_gt(counted, s.n / 2);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("skew(48)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 48);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("skew(2)", &f), BC_E_PARSE,
                         "skew: 2 is out of range 3..100000");
    ck_assert_status_msg(bc_features_create("skew", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("skew(24,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("skew(24).k", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

#define SOLDIERS_FAMILY "soldiers(3),soldiers(1),soldiers(2),soldiers(20),soldiers(3)@2," \
                        "and(above(close@2,open@2),soldiers(2))"

/* soldiers(k) by brute force on the bars kept (a missing bar skipped): +1
 * where bars i-k+1..i each close above their open and the previous kept
 * bar's close and open inside its body (open@1 <= open <= close@1), -1 the
 * mirror, else 0. */
static double soldiers_brute(const double *o, const double *c, const int32_t *kept, int32_t j,
                             int32_t k)
{
    int white = 1, black = 1;
    for (int32_t m = j - k + 1; m <= j; m++) {
        const int32_t i = kept[m], p = kept[m - 1];
        white &= c[i] > o[i] && c[i] > c[p] && o[p] <= o[i] && o[i] <= c[p];
        black &= c[i] < o[i] && c[i] < c[p] && c[p] <= o[i] && o[i] <= o[p];
    }
    return white ? 1.0 : (black ? -1.0 : 0.0);
}

/* soldiers(k) on sp500 with a missing bar (NaN open) every 89 bars:
 * streaming == batch bit for bit, NaN on the missing bars and until the
 * k-th bar, the brute force above on every other bar (both signs seen at
 * k = 3), and its bad items refused naming them. */
START_TEST(soldiers_streams_bit_identical_to_batch_and_follows_its_definition)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(SOLDIERS_FAMILY, 0, 89, 40, &s, &count);
    ck_assert_int_eq(count, 6);
    int32_t *kept = malloc(sizeof(int32_t) * (size_t)s.n);
    ck_assert_ptr_nonnull(kept);
    int32_t n_kept = 0, soldiers = 0, crows = 0;
    const int32_t ks[4] = {3, 1, 2, 20};
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (isnan(s.col[0][i])) {
            for (int c = 0; c < count; c++)
                ck_assert(isnan(r[c]));
            continue;
        }
        kept[n_kept] = i;
        for (int c = 0; c < 4; c++) {
            if (n_kept < ks[c]) {
                ck_assert(isnan(r[c]));
                continue;
            }
            ck_assert_msg(r[c] == soldiers_brute(s.col[0], s.col[3], kept, n_kept, ks[c]),
                          "bar %d soldiers(%d): %g", (int)i, (int)ks[c], r[c]);
        }
        if (n_kept >= 5) /* soldiers(3)@2: the value two kept bars back */
            ck_assert(r[4] == soldiers_brute(s.col[0], s.col[3], kept, n_kept - 2, 3));
        soldiers += r[0] == 1.0;
        crows += r[0] == -1.0;
        n_kept++;
    }
    ck_assert_int_gt(soldiers, 50);
    ck_assert_int_gt(crows, 30);
    free(kept);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("soldiers(3)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 3);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("soldiers(0)", &f), BC_E_PARSE,
                         "soldiers: 0 is out of range 1..20");
    ck_assert_status_msg(bc_features_create("soldiers(21)", &f), BC_E_PARSE,
                         "soldiers: 21 is out of range 1..20");
    ck_assert_status_msg(bc_features_create("soldiers", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("soldiers(3,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("soldiers(3).up", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

#define HIKKAKE_FAMILY "cdlhikkake,cdlhikkake@2,above(cdlhikkake,150),above(-150,cdlhikkake)"

/* The hikkake setup on kept bar j (kept[] the bars kept, a missing bar
 * skipped): +1 where kept bar j-1 is inside j-2 and j has a lower high and
 * a lower low than j-1, -1 a higher high and a higher low, else 0. */
static int hikkake_setup(const double *h, const double *l, const int32_t *kept, int32_t j)
{
    if (j < 2)
        return 0;
    const int32_t a = kept[j - 2], b = kept[j - 1], i = kept[j];
    if (!(h[b] < h[a] && l[b] > l[a]))
        return 0;
    if (h[i] < h[b] && l[i] < l[b])
        return 1;
    return h[i] > h[b] && l[i] > l[b] ? -1 : 0;
}

/* cdlhikkake by brute force on kept bar j: 100 x the setup there; else
 * 200 x the sign of the latest setup p of the 3 bars before where the close
 * goes beyond p's inside bar (above its high / below its low) on j and on
 * no bar between (a confirmation counts once); else 0. */
static double hikkake_brute(const double *h, const double *l, const double *c,
                            const int32_t *kept, int32_t j)
{
    int s = hikkake_setup(h, l, kept, j);
    if (s)
        return 100.0 * s;
    for (int32_t p = j - 1; p >= j - 3 && p >= 2; p--) {
        s = hikkake_setup(h, l, kept, p);
        if (!s)
            continue;
        const int32_t in = kept[p - 1];
        for (int32_t k = p + 1; k <= j; k++) {
            const double ck = c[kept[k]];
            if (s > 0 ? ck > h[in] : ck < l[in])
                return k == j ? 200.0 * s : 0.0;
        }
        return 0.0;
    }
    return 0.0;
}

/* cdlhikkake (hikkake.c, TA-Lib's CDLHIKKAKE with its values) on sp500 with
 * a missing bar (NaN high) every 89 bars: streaming == batch bit for bit,
 * NaN on the missing bars and until the fifth kept bar, the brute force
 * above on every other bar (all four values seen), the confirmation cuts
 * as the clone search takes them; the lookback and bad items. */
START_TEST(cdlhikkake_streams_bit_identical_to_batch_and_follows_its_definition)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(HIKKAKE_FAMILY, 1, 89, 40, &s, &count);
    ck_assert_int_eq(count, 4);
    int32_t *kept = malloc(sizeof(int32_t) * (size_t)s.n);
    ck_assert_ptr_nonnull(kept);
    int32_t n_kept = 0, seen[5] = {0, 0, 0, 0, 0};
    double prev[3] = {NAN, NAN, NAN};
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (isnan(s.col[1][i])) {
            for (int c = 0; c < count; c++)
                ck_assert(isnan(r[c]));
            continue;
        }
        kept[n_kept] = i;
        if (n_kept < 5) {
            for (int c = 0; c < count; c++)
                ck_assert(isnan(r[c]));
        } else {
            const double v = hikkake_brute(s.col[1], s.col[2], s.col[3], kept, n_kept);
            ck_assert_msg(r[0] == v, "bar %d cdlhikkake: %g, brute force %g", (int)i, r[0], v);
            ck_assert(r[2] == (v == 200.0 ? 1.0 : 0.0));
            ck_assert(r[3] == (v == -200.0 ? 1.0 : 0.0));
            seen[(int)(v / 100.0) + 2]++;
            if (n_kept >= 7) /* cdlhikkake@2: the value two kept bars back */
                ck_assert(r[1] == prev[1]);
        }
        prev[1] = prev[0];
        prev[0] = r[0];
        n_kept++;
    }
    for (int v = 0; v < 5; v++)
        ck_assert_msg(seen[v] > 10, "value %d seen %d times", (v - 2) * 100, (int)seen[v]);
    free(kept);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("cdlhikkake", &f));
    ck_assert_int_eq(bc_features_lookback(f), 5);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("cdlhikkake(3)", &f), BC_E_PARSE,
                         "'cdlhikkake' takes no arguments");
    ck_assert_status_msg(bc_features_create("cdlhikkake.up", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

#define THREEIN_FAMILY "cdl3inside,cdl3inside@2,and(cdl3inside,above(close,open))"

/* Three inside up / down by brute force on kept bar j (j >= 12; kept[] the
 * bars kept, a missing bar skipped): a = kept[j-2] long (body above the
 * plain mean body of the 10 kept bars before it), b = kept[j-1] short (body
 * at most the mean of the 10 before it) and strictly inside a's body, the
 * third bar of a's other colour closing beyond a's open: -colour(a), else 0.
 * *tie is set where a body is within 1e-9 of its mean (TA-Lib's sliding sum
 * may round the other way there). */
static double threeinside_brute(const double *o, const double *c, const int32_t *kept, int32_t j,
                                int *tie)
{
    const int32_t a = kept[j - 2], b = kept[j - 1], i = kept[j];
    double long_mean = 0.0, short_mean = 0.0;
    for (int32_t k = j - 12; k < j - 2; k++)
        long_mean += fabs(c[kept[k]] - o[kept[k]]) / 10.0;
    for (int32_t k = j - 11; k < j - 1; k++)
        short_mean += fabs(c[kept[k]] - o[kept[k]]) / 10.0;
    const double body_a = fabs(c[a] - o[a]), body_b = fabs(c[b] - o[b]);
    *tie = fabs(body_a - long_mean) <= 1e-9 * long_mean ||
           fabs(body_b - short_mean) <= 1e-9 * short_mean;
    const double top_a = fmax(o[a], c[a]), bottom_a = fmin(o[a], c[a]);
    const double top_b = fmax(o[b], c[b]), bottom_b = fmin(o[b], c[b]);
    if (!(body_a > long_mean && body_b <= short_mean && top_b < top_a && bottom_b > bottom_a))
        return 0.0;
    const int white_a = c[a] >= o[a], white_i = c[i] >= o[i];
    if (white_a && !white_i && c[i] < o[a])
        return -1.0;
    if (!white_a && white_i && c[i] > o[a])
        return 1.0;
    return 0.0;
}

/* cdl3inside (threeinside.c, TA-Lib's CDL3INSIDE over 100) on sp500 with a
 * missing bar (NaN open) every 89 bars: streaming == batch bit for bit, NaN
 * on the missing bars and until the thirteenth kept bar, the brute force
 * above on every other bar (both sides seen), the lag and a conjunction; the
 * lookback and bad items. */
START_TEST(cdl3inside_streams_bit_identical_to_batch_and_follows_its_definition)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(THREEIN_FAMILY, 0, 89, 40, &s, &count);
    ck_assert_int_eq(count, 3);
    int32_t *kept = malloc(sizeof(int32_t) * (size_t)s.n);
    ck_assert_ptr_nonnull(kept);
    int32_t n_kept = 0, seen[3] = {0, 0, 0}, ties = 0;
    double prev[2] = {NAN, NAN};
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        if (isnan(s.col[0][i])) {
            for (int c = 0; c < count; c++)
                ck_assert(isnan(r[c]));
            continue;
        }
        kept[n_kept] = i;
        if (n_kept < 12) {
            ck_assert(isnan(r[0]));
        } else {
            int tie = 0;
            const double v = threeinside_brute(s.col[0], s.col[3], kept, n_kept, &tie);
            ties += tie;
            if (!tie)
                ck_assert_msg(r[0] == v, "bar %d cdl3inside: %g, brute force %g", (int)i, r[0], v);
            seen[(int)r[0] + 1]++;
            if (n_kept >= 14) /* cdl3inside@2: the value two kept bars back */
                ck_assert(r[1] == prev[1]);
            /* the up pattern on a white bar, as a conjunction */
            ck_assert(r[2] == (r[0] > 0.0 && s.col[3][i] > s.col[0][i] ? 1.0 : 0.0));
        }
        prev[1] = prev[0];
        prev[0] = r[0];
        n_kept++;
    }
    ck_assert_int_le(ties, 2);
    ck_assert_msg(seen[0] > 10 && seen[2] > 10, "down %d, up %d", (int)seen[0], (int)seen[2]);
    free(kept);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("cdl3inside", &f));
    ck_assert_int_eq(bc_features_lookback(f), 12);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("cdl3inside(3)", &f), BC_E_PARSE,
                         "'cdl3inside' takes no arguments");
    ck_assert_status_msg(bc_features_create("cdl3inside.up", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* vwmacd(f,s,g) (macd.c, Dormeier's volume-weighted MACD): streaming ==
 * batch with a missing close every 89, then a missing volume every 97; hist
 * is line - signal to the bit, all three NaN together; the STARC distance of
 * the level grid beside it; the lookbacks, bad items. */
#define VWMACD_FAMILY "vwmacd(12,26,9),vwmacd(2,3,1).line,vwmacd(5,35,5).signal@1," \
                      "cross(vwmacd(12,26,9).line,vwmacd(12,26,9).signal)," \
                      "above(0,vwmacd(12,26,9).line),ratio(diff(close,sma(6)),atr(15))"

START_TEST(vwmacd_streams_bit_identical_to_batch_and_follows_its_formula)
{
    for (int blank = 3; blank <= 4; blank++) {
        series s;
        int32_t count = 0;
        double *b = stream_equals_batch_on_sp500(VWMACD_FAMILY, blank, blank == 3 ? 89 : 97,
                                                 blank == 3 ? 60 : 50, &s, &count);
        ck_assert_int_eq(count, 8);
        int32_t valued = 0, crosses = 0;
        for (int32_t i = 0; i < s.n; i++) {
            const double *r = b + (int64_t)i * count;
            ck_assert(isnan(r[0]) == isnan(r[1]) && isnan(r[0]) == isnan(r[2]));
            if (!isnan(r[0])) {
                ck_assert(r[2] == r[0] - r[1]);
                valued++;
            }
            crosses += !isnan(r[5]) && r[5] != 0.0;
        }
        ck_assert_int_gt(valued, s.n / 2);
        ck_assert_int_gt(crosses, 20);
        free(b);
        series_free(&s);
    }
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("vwmacd(12,26,9)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 33);
    ck_assert_int_eq(bc_features_count(f), 3);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("vwmacd(26,12,9)", &f), BC_E_PARSE,
                         "slow period 12 is below fast period 26");
    ck_assert_status_msg(bc_features_create("vwmacd(1,26,9)", &f), BC_E_PARSE,
                         "vwmacd: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("vwmacd(12,26)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("vwmacd", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("vwmacd(12,26,9).up", &f), BC_E_PARSE,
                         "'vwmacd(12,26,9)' has no output '.up'");
    ck_assert_ptr_null(f);
}
END_TEST

/* macdv(f,s,a,g) (macd.c, Spiroglou's MACD-V): streaming == batch with a
 * missing close every 89, then a missing high every 97; the line is 100 x
 * (ema(12) - ema(26)) / atr(26) of the engine's own items, line and signal
 * NaN together; the search's items on it (the signal cross, the +-50
 * levels); the lookbacks, bad items. */
#define MACDV_FAMILY "macdv(12,26,26,9),macdv(2,3,1,1).line,macdv(5,35,50,12).signal@1," \
                     "cross(macdv(12,26,26,9).line,macdv(12,26,26,9).signal)," \
                     "above(macdv(12,26,26,9).line,50),ema(12),ema(26),atr(26)"

START_TEST(macdv_streams_bit_identical_to_batch_and_follows_its_formula)
{
    for (int blank = 1; blank <= 3; blank += 2) {
        series s;
        int32_t count = 0;
        double *b = stream_equals_batch_on_sp500(MACDV_FAMILY, blank, blank == 3 ? 89 : 97,
                                                 blank == 3 ? 80 : 70, &s, &count);
        ck_assert_int_eq(count, 9);
        int32_t valued = 0, crosses = 0, above = 0;
        for (int32_t i = 0; i < s.n; i++) {
            const double *r = b + (int64_t)i * count;
            ck_assert(isnan(r[0]) == isnan(r[1]));
            if (!isnan(r[0])) {
                const double want = 100.0 * (r[6] - r[7]) / r[8];
                ck_assert_msg(fabs(r[0] - want) <= 1e-12 * fabs(want) + 1e-12,
                              "bar %d: %.17g vs %.17g", (int)i, r[0], want);
                ck_assert(r[5] == (r[0] > 50.0 ? 1.0 : 0.0));
                valued++;
                above += r[5] == 1.0;
            }
            crosses += !isnan(r[4]) && r[4] != 0.0;
        }
        ck_assert_int_gt(valued, s.n / 2);
        ck_assert_int_gt(crosses, 20);
        ck_assert_int_gt(above, 20);
        free(b);
        series_free(&s);
    }
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("macdv(12,26,26,9)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 34);
    ck_assert_int_eq(bc_features_count(f), 2);
    bc_features_free(f);
    f = NULL;
    ck_assert_ok(bc_features_create("macdv(5,35,50,12)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 61);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("macdv(26,12,26,9)", &f), BC_E_PARSE,
                         "slow period 12 is below fast period 26");
    ck_assert_status_msg(bc_features_create("macdv(12,26,0,9)", &f), BC_E_PARSE,
                         "macdv: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("macdv(12,26,26)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("macdv(12,26,26,9).up", &f), BC_E_PARSE,
                         "'macdv(12,26,26,9)' has no output '.up'");
    ck_assert_ptr_null(f);
}
END_TEST

/* wavetrend(n1,n2,n3) and cybercycle(alpha) (wavetrend.c): streaming ==
 * batch with a missing close every 89, then a missing high every 97; over
 * the bars kept, wt2 is the mean of the last 4 wt1 and the cycle follows
 * Ehlers' recursion and start-up rule from the bars' midpoints (a missing
 * bar skipped); the search's items on them (wt1 crossing wt2, the cycle
 * crossing its trigger cybercycle(0.07)@1, wt1 below -53); the lookbacks,
 * bad items. */
#define WT_CC_FAMILY "wavetrend(10,21,4),cybercycle(0.07)," \
                     "cross(wavetrend(10,21,4).wt1,wavetrend(10,21,4).wt2)," \
                     "cross(cybercycle(0.07),cybercycle(0.07)@1),above(-53,wavetrend(10,21,4).wt1)," \
                     "wavetrend(1,1,1).wt1,cybercycle(0.5)@1"

START_TEST(wavetrend_cybercycle_stream_bit_identical_to_batch_and_follow_their_formulas)
{
    for (int blank = 1; blank <= 3; blank += 2) {
        series s;
        int32_t count = 0;
        double *b = stream_equals_batch_on_sp500(WT_CC_FAMILY, blank, blank == 3 ? 89 : 97,
                                                 blank == 3 ? 80 : 70, &s, &count);
        ck_assert_int_eq(count, 8);
        const double a = 0.07, ka = (1.0 - a / 2.0) * (1.0 - a / 2.0), kb = 2.0 * (1.0 - a),
                     kc = (1.0 - a) * (1.0 - a);
        double p[4] = {0}, sm[3] = {0}, cyc[3] = {0}, w1[4] = {0};
        int32_t kept = 0, crosses = 0, cycle_crosses = 0, below = 0;
        for (int32_t i = 0; i < s.n; i++) {
            const double *r = b + (int64_t)i * count;
            if (!isfinite(s.col[1][i]) || !isfinite(s.col[3][i]))
                continue; /* the missing bar: skipped */
            const int32_t t = kept++;
            memmove(p + 1, p, 3 * sizeof(double));
            p[0] = (s.col[1][i] + s.col[2][i]) / 2.0;
            memmove(sm + 1, sm, 2 * sizeof(double));
            sm[0] = t >= 3 ? (p[0] + 2.0 * p[1] + 2.0 * p[2] + p[3]) / 6.0 : 0.0;
            memmove(cyc + 1, cyc, 2 * sizeof(double));
            cyc[0] = t >= 7   ? ka * (sm[0] - 2.0 * sm[1] + sm[2]) + kb * cyc[1] - kc * cyc[2]
                     : t >= 2 ? (p[0] - 2.0 * p[1] + p[2]) / 4.0
                              : 0.0;
            if (t < 2) {
                ck_assert(isnan(r[2]));
            } else {
                ck_assert_msg(fabs(r[2] - cyc[0]) <= 1e-9 * (fabs(cyc[0]) + 1.0),
                              "bar %d: cycle %.17g vs %.17g", (int)i, r[2], cyc[0]);
            }
            ck_assert(isnan(r[0]) == isnan(r[1]));
            if (!isnan(r[0])) {
                memmove(w1 + 1, w1, 3 * sizeof(double));
                w1[0] = r[0];
                if (isfinite(w1[3])) {
                    const double mean = (w1[0] + w1[1] + w1[2] + w1[3]) / 4.0;
                    ck_assert_msg(fabs(r[1] - mean) <= 1e-9 * (fabs(mean) + 1.0),
                                  "bar %d: wt2 %.17g vs %.17g", (int)i, r[1], mean);
                }
                ck_assert(r[5] == (r[0] < -53.0 ? 1.0 : 0.0));
                below += r[5] == 1.0;
            } else {
                w1[0] = w1[1] = w1[2] = w1[3] = NAN;
            }
            crosses += !isnan(r[3]) && r[3] != 0.0;
            cycle_crosses += !isnan(r[4]) && r[4] != 0.0;
        }
        ck_assert_int_gt(crosses, 100);
        ck_assert_int_gt(cycle_crosses, 500);
        ck_assert_int_gt(below, 50);
        free(b);
        series_free(&s);
    }
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("wavetrend(10,21,4)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 41);
    ck_assert_int_eq(bc_features_count(f), 2);
    bc_features_free(f);
    f = NULL;
    ck_assert_ok(bc_features_create("cybercycle(0.07)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 2);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("wavetrend(10,0,4)", &f), BC_E_PARSE,
                         "wavetrend: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("wavetrend(10,21)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("wavetrend(10,21,4).wt3", &f), BC_E_PARSE,
                         "'wavetrend(10,21,4)' has no output '.wt3'");
    ck_assert_status_msg(bc_features_create("cybercycle(1.5)", &f), BC_E_PARSE,
                         "alpha 1.5 is outside (0, 1)");
    ck_assert_status_msg(bc_features_create("cybercycle(0)", &f), BC_E_PARSE,
                         "alpha 0 is outside (0, 1)");
    ck_assert_ptr_null(f);
}
END_TEST

/* weekmacd(f,s,g) (macd.c, the weekly MACD of whole ISO weeks' closes):
 * by brute force on the S&P 500 daily bars with a missing close every 89
 * (a missing bar enters no week): the whole weeks' closes (the first week
 * seen left out), TA-Lib MACD on them (the slow EMA from the first, the
 * fast from the (s-f+1)-th, both SMA-seeded on the s-th, the signal on the
 * lines), held from the first bar of the next week; slope the hist's
 * change over the last whole week. Streaming == batch bit for bit; the
 * lookback, bad items. */
static double brute_ema(double *value, int32_t *count, double *sum, int32_t p, double x)
{
    if (*count >= p)
        return *value = fma(*value, 1.0 - 2.0 / (double)(p + 1), x * (2.0 / (double)(p + 1)));
    *sum += x;
    if (++*count < p)
        return NAN;
    return *value = *sum / p;
}

static void weekmacd_brute(const int64_t *t, const double *c, int32_t n, int32_t fp, int32_t sp,
                           int32_t gp, double *out /* n x 4 */)
{
    double fv = 0, fs = 0, sv = 0, ss = 0, gv = 0, gs = 0, last = NAN, held[4] = {NAN, NAN, NAN, NAN};
    int32_t fc = 0, sc = 0, gc = 0, weeks = 0, whole = 0;
    int64_t cur = 0;
    for (int32_t i = 0; i < n; i++) {
        if (isnan(c[i])) {
            for (int k = 0; k < 4; k++)
                out[(int64_t)i * 4 + k] = NAN;
            continue;
        }
        int64_t week = (int64_t)floor((floor((double)t[i] / 86400.0) + 3.0) / 7.0);
        if (weeks == 0 || week != cur) {
            if (weeks >= 2) { /* a whole week ended: its last close */
                whole++;
                double slow = brute_ema(&sv, &sc, &ss, sp, last), fast = NAN, hist = NAN;
                if (whole > sp - fp)
                    fast = brute_ema(&fv, &fc, &fs, fp, last);
                held[0] = held[1] = NAN;
                if (!isnan(slow) && !isnan(fast)) {
                    double g = brute_ema(&gv, &gc, &gs, gp, fast - slow);
                    if (!isnan(g)) {
                        held[0] = fast - slow;
                        held[1] = g;
                        hist = fast - slow - g;
                    }
                }
                held[3] = hist - held[2];
                held[2] = hist;
            }
            weeks++;
            cur = week;
        }
        last = c[i];
        for (int k = 0; k < 4; k++)
            out[(int64_t)i * 4 + k] = held[k];
    }
}

START_TEST(weekmacd_is_the_macd_of_the_whole_weeks_closes)
{
    static const char spec[] = "weekmacd(12,26,9),weekmacd(2,3,2),weekmacd(5,35,5)";
    static const int32_t per[3][3] = {{12, 26, 9}, {2, 3, 2}, {5, 35, 5}};
    const int32_t count = 12;
    series s;
    series_load("sp500", &s);
    const int32_t n = s.n;
    for (int32_t i = 0; i < n; i++)
        if (i % 89 == 40)
            s.col[3][i] = NAN;
    const double *c = s.col[3];
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    ck_assert_int_eq(bc_features_count(f), count);
    ck_assert_int_eq(bc_features_lookback(f), 0);
    double *b = malloc(sizeof(double) * (size_t)n * count);
    double *st = malloc(sizeof(double) * (size_t)n * count);
    double *ref = malloc(sizeof(double) * (size_t)n * 4);
    ck_assert(b && st && ref);
    ck_assert_ok(bc_features_compute_arrays(f, n, s.time, s.col[0], s.col[1], s.col[2], c,
                                            s.col[4], NULL, NULL, b, (int64_t)n * count));
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < n; i++)
        ck_assert_ok(bc_features_update(f, s.time[i], s.col[0][i], s.col[1][i], s.col[2][i],
                                        c[i], s.col[4][i], st + (int64_t)i * count, count));
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * (size_t)n * count), 0);
    for (int32_t m = 0; m < 3; m++) {
        weekmacd_brute(s.time, c, n, per[m][0], per[m][1], per[m][2], ref);
        int32_t finite = 0, rising = 0, changes = 0;
        for (int32_t i = 0; i < n; i++)
            for (int k = 0; k < 4; k++) {
                double got = b[(int64_t)i * count + m * 4 + k], want = ref[(int64_t)i * 4 + k];
                ck_assert_msg(isnan(got) == isnan(want) &&
                                  (isnan(got) || fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want))),
                              "bar %d weekmacd %d output %d: %a, brute force %a", (int)i, (int)m,
                              k, got, want);
                if (k == 3 && !isnan(got)) {
                    finite++;
                    rising += got > 0.0;
                    changes += i > 0 && got != b[(int64_t)(i - 1) * count + m * 4 + k];
                }
            }
        ck_assert_int_gt(finite, n / 2);
        ck_assert_int_gt(rising, finite / 4);
        ck_assert_int_lt(rising, finite * 3 / 4);
        ck_assert_int_lt(changes, n / 4); /* once a week at most */
        ck_assert_int_gt(changes, n / 10);
    }
    free(b);
    free(st);
    free(ref);
    series_free(&s);
    bc_features_free(f);
    f = NULL;
    ck_assert_ok(bc_features_create("above(weekmacd(12,26,9).slope,0),weekmacd(2,3,1).hist@2", &f));
    ck_assert_int_eq(bc_features_lookback(f), 2);
    ck_assert_int_eq(bc_features_count(f), 2);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("weekmacd(26,12,9)", &f), BC_E_PARSE,
                         "slow period 12 is below fast period 26");
    ck_assert_status_msg(bc_features_create("weekmacd(12,26,0)", &f), BC_E_PARSE,
                         "weekmacd: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("weekmacd(12,26)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("weekmacd(12,26,9).up", &f), BC_E_PARSE,
                         "'weekmacd(12,26,9)' has no output '.up'");
    ck_assert_ptr_null(f);
}
END_TEST

/* keltner1960(n) (bbands.c, Keltner's original channel) and the psychological
 * line as the grammar says it, mean(above(close,close@1),12): streaming ==
 * batch with a missing high every 89; on the clean series the channel follows
 * a direct sum over the last n bars (middle the typical prices' mean, upper
 * and lower +- the ranges' mean) and PSY x 12 is the count of up closes among
 * the last 12; the lookback, bad items. */
#define KELTNER1960_FAMILY "keltner1960(10),keltner1960(1),keltner1960(3).upper@1," \
                           "cross(close,keltner1960(10).upper)," \
                           "cross(keltner1960(10).lower,close)," \
                           "cross(close,keltner1960(10).middle),mean(above(close,close@1),12)"

START_TEST(keltner1960_streams_bit_identical_to_batch_and_follows_its_formula)
{
    series s;
    int32_t count = 0;
    free(stream_equals_batch_on_sp500(KELTNER1960_FAMILY, 1, 89, 60, &s, &count));
    ck_assert_int_eq(count, 11);
    series_free(&s);
    series_load("sp500", &s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(KELTNER1960_FAMILY, &f));
    ck_assert_int_eq(bc_features_lookback(f), 12);
    double *b = batch(f, &s, NULL, NULL);
    const double *h = s.col[1], *l = s.col[2], *c = s.col[3];
    int32_t checked = 0, ups = 0, downs = 0, mids = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        ck_assert(isnan(r[0]) == (i < 9));
        if (i >= 9) {
            double tp = 0.0, rg = 0.0;
            for (int32_t j = i - 9; j <= i; j++) {
                tp += (h[j] + l[j] + c[j]) / 3.0;
                rg += h[j] - l[j];
            }
            tp /= 10.0;
            rg /= 10.0;
            ck_assert_double_eq_tol(r[1], tp, REF_TOL * fmax(1.0, fabs(tp)));
            ck_assert_double_eq_tol(r[0], tp + rg, REF_TOL * fmax(1.0, fabs(tp)));
            ck_assert_double_eq_tol(r[2], tp - rg, REF_TOL * fmax(1.0, fabs(tp)));
            checked++;
        }
        /* n = 1: the bar's own typical price +- its own range */
        double tp1 = (h[i] + l[i] + c[i]) / 3.0;
        ck_assert_double_eq_tol(r[4], tp1, REF_TOL * fmax(1.0, fabs(tp1)));
        ck_assert_double_eq_tol(r[3], tp1 + (h[i] - l[i]), REF_TOL * fmax(1.0, fabs(tp1)));
        ups += r[7] == 1.0;
        downs += r[8] == 1.0;
        mids += !isnan(r[9]) && r[9] != 0.0;
        ck_assert(isnan(r[10]) == (i < 12));
        if (i >= 12) {
            int up = 0;
            for (int32_t j = i - 11; j <= i; j++)
                up += c[j] > c[j - 1];
            ck_assert_double_eq_tol(r[10] * 12.0, (double)up, 1e-12);
        }
    }
    ck_assert_int_gt(checked, s.n / 2);
    ck_assert_int_gt(ups, 20);
    ck_assert_int_gt(downs, 20);
    ck_assert_int_gt(mids, ups);
    free(b);
    bc_features_free(f);
    series_free(&s);
    f = NULL;
    ck_assert_status_msg(bc_features_create("keltner1960(0)", &f), BC_E_PARSE,
                         "keltner1960: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("keltner1960(10,2)", &f), BC_E_PARSE,
                         "expected ')'");
    ck_assert_status_msg(bc_features_create("keltner1960", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("keltner1960(10).up", &f), BC_E_PARSE,
                         "'keltner1960(10)' has no output '.up'");
    ck_assert_ptr_null(f);
}
END_TEST

/* pzo(n) and vzo(n) (zone.c, Khalil and Steckler's zone oscillators): streaming
 * == batch with a missing close every 89 (the bar skipped: the change is
 * against the previous bar seen), each the formula 100 EMA_n(sign(change) x
 * source) / EMA_n(source) written out here (EMAs seeded with the mean of
 * their first n values, from bar 1), within -100..100, the lookbacks, bad
 * items. */
#define ZONE_FAMILY "pzo(14),vzo(14),pzo(2),vzo(28)@1,cross(pzo(14),-20)," \
                    "cross(40,vzo(14)),and(cross(pzo(14),-20),above(ratio(close,ema(60)),1))"

static void zone_reference(const series *s, int32_t n, int volume, double *out)
{
    const double *c = s->col[3], *x = volume ? s->col[4] : s->col[3];
    const double k = 2.0 / (n + 1);
    double prev = 0.0, num = 0.0, den = 0.0;
    int32_t seen = 0;
    for (int32_t i = 0; i < s->n; i++) {
        out[i] = NAN;
        if (isnan(c[i]))
            continue;
        if (seen++ == 0) {
            prev = c[i];
            continue;
        }
        double sign = c[i] > prev ? 1.0 : c[i] < prev ? -1.0 : 0.0;
        prev = c[i];
        if (seen - 1 <= n) { /* the seed: the mean of the first n */
            num += sign * x[i] / n;
            den += x[i] / n;
        } else {
            num += k * (sign * x[i] - num);
            den += k * (x[i] - den);
        }
        if (seen - 1 >= n)
            out[i] = den != 0.0 ? 100.0 * num / den : 0.0;
    }
}

START_TEST(zone_oscillators_stream_bit_identical_to_batch_and_follow_their_formula)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(ZONE_FAMILY, 3, 89, 40, &s, &count);
    ck_assert_int_eq(count, 7);
    double *ref = malloc(sizeof(double) * (size_t)s.n);
    static const int32_t col_n[3] = {14, 14, 2};
    for (int j = 0; j < 3; j++) {
        zone_reference(&s, col_n[j], j == 1, ref);
        int32_t valued = 0;
        for (int32_t i = 0; i < s.n; i++) {
            double v = b[(int64_t)i * count + j];
            ck_assert_msg(isnan(v) == isnan(ref[i]), "column %d bar %d", j, i);
            if (isnan(v))
                continue;
            ck_assert_msg(fabs(v - ref[i]) <= 1e-9 * (1.0 + fabs(ref[i])), "column %d bar %d", j, i);
            ck_assert(fabs(v) <= 100.0 + 1e-12);
            valued++;
        }
        ck_assert_int_gt(valued, s.n / 2);
    }
    /* pzo(14)'s first value on bar 14; vzo(28)@1 on bar 29 */
    ck_assert(isnan(b[(int64_t)13 * count]) && !isnan(b[(int64_t)14 * count]));
    ck_assert(isnan(b[(int64_t)28 * count + 3]) && !isnan(b[(int64_t)29 * count + 3]));
    free(ref);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("vzo(14)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 14);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("pzo(1)", &f), BC_E_PARSE,
                         "pzo: 1 is out of range 2..100000");
    ck_assert_status_msg(bc_features_create("vzo", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("pzo(14,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("vzo(14).line", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* rmi(n,m) and ttf(n) (rmi_ttf.c): streaming == batch with a missing high
 * every 97 (the spec reads it through ttf: the whole bar is missing), rmi in
 * 0..100 (to rounding), ttf finite where it exists, the lookbacks, bad items. */
#define RMI_TTF_FAMILY "rmi(14,5),rmi(20,5),rmi(1,1),rmi(3,12)@2,ttf(15),ttf(1),ttf(5)@1," \
                       "cross(30,rmi(14,5)),cross(ttf(15),100),cross(-100,ttf(15))"

START_TEST(rmi_ttf_stream_bit_identical_to_batch_and_stay_in_their_ranges)
{
    series s;
    int32_t count = 0;
    double *b = stream_equals_batch_on_sp500(RMI_TTF_FAMILY, 1, 97, 50, &s, &count);
    ck_assert_int_eq(count, 10);
    int32_t valued = 0, crossed = 0;
    for (int32_t i = 0; i < s.n; i++) {
        const double *r = b + (int64_t)i * count;
        for (int k = 0; k < 4; k++) /* (100 up) / up may round above 100 */
            if (!isnan(r[k]))
                ck_assert(r[k] >= 0.0 && r[k] <= 100.0 + 1e-12);
        if (!isnan(r[0]) && !isnan(r[4])) {
            ck_assert(isfinite(r[4]));
            valued++;
        }
        crossed += !isnan(r[8]) && r[8] != 0.0;
    }
    ck_assert_int_gt(valued, s.n / 2);
    ck_assert_int_gt(crossed, 20);
    free(b);
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("rmi(14,5)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 18);
    bc_features_free(f);
    f = NULL;
    ck_assert_ok(bc_features_create("ttf(15)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 29);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("rmi(0,5)", &f), BC_E_PARSE,
                         "rmi: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("rmi(14)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("rmi", &f), BC_E_PARSE, "expected '('");
    ck_assert_status_msg(bc_features_create("ttf(0)", &f), BC_E_PARSE,
                         "ttf: 0 is out of range 1..50000");
    ck_assert_status_msg(bc_features_create("ttf(15,2)", &f), BC_E_PARSE, "expected ')'");
    ck_assert_status_msg(bc_features_create("ttf(15).k", &f), BC_E_PARSE, "one output");
    ck_assert_ptr_null(f);
}
END_TEST

/* stiffness(n,m) (bbands.c): streaming == batch with a missing close every
 * 389 bars; by brute force on the clean series, .up is 100 x the count of
 * the last m bars whose close is above bbands(n,0.2).lower, .down below
 * .upper (from the band's first value; the S&P 500's variances lie far above
 * bbands' 1e-8 floor, which stiffness lacks); the lookback n+m-2; bad
 * items. */
START_TEST(stiffness_counts_the_closes_beside_the_band)
{
    series s;
    int32_t count = 0;
    /* the missing closes after the lookback (159), as the helper's check wants */
    free(stream_equals_batch_on_sp500("stiffness(100,60),stiffness(50,30),stiffness(2,1),"
                                      "stiffness(5,9)@1,cross(stiffness(100,60).up,90)",
                                      3, 389, 200, &s, &count));
    ck_assert_int_eq(count, 9);
    series_free(&s);
    series_load("sp500", &s);
    static const int32_t nm[3][2] = {{100, 60}, {50, 30}, {5, 9}};
    for (int q = 0; q < 3; q++) {
        char spec[96];
        snprintf(spec, sizeof spec, "stiffness(%d,%d),bbands(%d,0.2)", nm[q][0], nm[q][1],
                 nm[q][0]);
        bc_features *f = NULL;
        ck_assert_ok(bc_features_create(spec, &f));
        ck_assert_int_eq(bc_features_lookback(f), nm[q][0] + nm[q][1] - 2);
        double *b = batch(f, &s, NULL, NULL);
        const int32_t m = nm[q][1], w = 5; /* up, down, upper, middle, lower */
        int32_t valued = 0, stiff = 0;
        for (int32_t i = 0; i < s.n; i++) {
            const double *r = b + (int64_t)i * w;
            if (i < nm[q][0] + m - 2) {
                ck_assert(isnan(r[0]) && isnan(r[1]));
                continue;
            }
            int32_t up = 0, down = 0;
            for (int32_t j = i - m + 1; j <= i; j++) {
                const double *rj = b + (int64_t)j * w;
                up += s.col[3][j] > rj[4];
                down += s.col[3][j] < rj[2];
            }
            ck_assert_msg(r[0] == 100.0 * up / m && r[1] == 100.0 * down / m,
                          "stiffness(%d,%d) bar %d: %g %g, brute force %d %d of %d", nm[q][0], m,
                          (int)i, r[0], r[1], (int)up, (int)down, (int)m);
            valued++;
            stiff += r[0] >= 90.0;
        }
        ck_assert_int_gt(valued, s.n / 2);
        ck_assert_int_gt(stiff, 10);
        free(b);
        bc_features_free(f);
    }
    series_free(&s);
    bc_features *f = NULL;
    ck_assert_status_msg(bc_features_create("stiffness(1,30)", &f), BC_E_PARSE,
                         "stiffness: 1 is out of range 2..");
    ck_assert_status_msg(bc_features_create("stiffness(100,0)", &f), BC_E_PARSE,
                         "stiffness: 0 is out of range 1..");
    ck_assert_status_msg(bc_features_create("stiffness(100)", &f), BC_E_PARSE, "expected ','");
    ck_assert_status_msg(bc_features_create("stiffness(100,60).mid", &f), BC_E_PARSE, "mid");
    ck_assert_ptr_null(f);
}
END_TEST

/* camarilla (prevday.c) on the hourly EUR/USD bars (Sunday-evening
 * sessions) with a missing close every 61 bars: streaming == batch bit for
 * bit, and by brute force the levels of the last whole UTC day before the
 * bar's that is no Sunday (a Sunday's bars, and missing bars, enter no day;
 * the first day seen never counts), C +- 1.1 (H - L) / 12, 6, 4, 2; a
 * Monday's levels are the Friday's, where pivot's are the Sunday's, and a
 * Sunday's bars end the Friday, so theirs are the Friday's too. */
START_TEST(camarilla_levels_are_the_previous_trading_days_without_sundays)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    const int32_t n = bc_bars_length(bars);
    const int64_t *t = bc_bars_time(bars);
    double *o = malloc(sizeof *o * (size_t)n), *h = malloc(sizeof *h * (size_t)n),
           *l = malloc(sizeof *l * (size_t)n), *c = malloc(sizeof *c * (size_t)n);
    ck_assert(o && h && l && c);
    for (int32_t i = 0; i < n; i++) {
        o[i] = bc_bars_column(bars, BC_BAR_OPEN)[i];
        h[i] = bc_bars_column(bars, BC_BAR_HIGH)[i];
        l[i] = bc_bars_column(bars, BC_BAR_LOW)[i];
        c[i] = i % 61 == 30 ? NAN : bc_bars_column(bars, BC_BAR_CLOSE)[i];
    }
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("camarilla,pivot.p,prevday.close", &f));
    const int32_t count = 10;
    ck_assert_int_eq(bc_features_count(f), count);
    ck_assert_int_eq(bc_features_lookback(f), 0);
    double *b = malloc(sizeof(double) * (size_t)n * count);
    double *st = malloc(sizeof(double) * (size_t)n * count);
    ck_assert(b && st);
    ck_assert_ok(bc_features_compute_arrays(f, n, t, o, h, l, c, NULL, NULL, NULL, b,
                                            (int64_t)n * count));
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < n; i++)
        ck_assert_ok(bc_features_update(f, t[i], o[i], h[i], l[i], c[i], 0.0,
                                        st + (int64_t)i * count, count));
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * (size_t)n * count), 0);
    int64_t day = 0;
    int32_t seen = 0, valued = 0, mondays = 0, sundays = 0;
    double dh = NAN, dl = NAN, dc = NAN, ph = NAN, pl = NAN, pc = NAN;
    static const double d[4] = {12.0, 6.0, 4.0, 2.0};
    for (int32_t i = 0; i < n; i++) {
        const int64_t di = (int64_t)floor((double)t[i] / 86400.0);
        const int sunday = ((di % 7) + 7 + 4) % 7 == 0;
        if (!isnan(c[i]) && !sunday) {
            if (seen == 0 || di != day) {
                if (seen == 2) {
                    ph = dh;
                    pl = dl;
                    pc = dc;
                }
                seen += seen < 2;
                day = di;
                dh = h[i];
                dl = l[i];
            }
            dh = h[i] > dh ? h[i] : dh;
            dl = l[i] < dl ? l[i] : dl;
            dc = c[i];
        }
        else if (!isnan(c[i]) && seen == 2) { /* a Sunday ends Friday */
            ph = dh;
            pl = dl;
            pc = dc;
            sundays++;
        }
        const double *r = b + (int64_t)i * count;
        if (isnan(c[i]) || isnan(pc)) {
            for (int k = 0; k < 8; k++)
                ck_assert_msg(isnan(r[k]), "bar %d level %d not NaN", (int)i, k);
            continue;
        }
        for (int k = 0; k < 4; k++) {
            const double w = 1.1 * (ph - pl) / d[k];
            ck_assert_msg(r[k] == pc + w && r[4 + k] == pc - w,
                          "bar %d level %d: %a %a, brute force %a %a", (int)i, k + 1, r[k],
                          r[4 + k], pc + w, pc - w);
        }
        valued++;
        /* a Monday's first bars: Friday's close, prevday's Sunday close differs */
        if ((di % 7 + 7 + 4) % 7 == 1 && !isnan(r[9]) && r[9] != pc)
            mondays++;
    }
    ck_assert_int_gt(valued, n / 2);
    ck_assert_int_gt(mondays, 100);
    ck_assert_int_gt(sundays, 50);
    free(b);
    free(st);
    free(o);
    free(h);
    free(l);
    free(c);
    bc_bars_free(bars);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("camarilla(3)", &f), BC_E_PARSE, "camarilla");
    ck_assert_status_msg(bc_features_create("camarilla.h5", &f), BC_E_PARSE, "h5");
    ck_assert_ptr_null(f);
}
END_TEST

/* rbreaker (prevday.c) on the hourly EUR/USD bars with a missing close
 * every 61 bars: streaming == batch bit for bit, every level NaN exactly
 * where camarilla's are, and by brute force from camarilla's own H - L and
 * C (h4 - l4 = 1.1 (H - L), C = (h4 + l4) / 2) and prevday-style H, L of
 * camarilla's days: sell setup H + 0.35 (C - L), buy setup L - 0.35 (H - C),
 * break buy / sell 0.25 of their gap beyond them, enter levels
 * 1.07 (H + L) / 2 - 0.07 L and - 0.07 H. */
START_TEST(rbreaker_levels_are_the_published_equations_on_camarillas_days)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    const int32_t n = bc_bars_length(bars);
    const int64_t *t = bc_bars_time(bars);
    double *o = malloc(sizeof *o * (size_t)n), *h = malloc(sizeof *h * (size_t)n),
           *l = malloc(sizeof *l * (size_t)n), *c = malloc(sizeof *c * (size_t)n);
    ck_assert(o && h && l && c);
    for (int32_t i = 0; i < n; i++) {
        o[i] = bc_bars_column(bars, BC_BAR_OPEN)[i];
        h[i] = bc_bars_column(bars, BC_BAR_HIGH)[i];
        l[i] = bc_bars_column(bars, BC_BAR_LOW)[i];
        c[i] = i % 61 == 30 ? NAN : bc_bars_column(bars, BC_BAR_CLOSE)[i];
    }
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("rbreaker,camarilla.l4", &f));
    const int32_t count = 7;
    ck_assert_int_eq(bc_features_count(f), count);
    ck_assert_int_eq(bc_features_lookback(f), 0);
    double *b = malloc(sizeof(double) * (size_t)n * count);
    double *st = malloc(sizeof(double) * (size_t)n * count);
    ck_assert(b && st);
    ck_assert_ok(bc_features_compute_arrays(f, n, t, o, h, l, c, NULL, NULL, NULL, b,
                                            (int64_t)n * count));
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < n; i++)
        ck_assert_ok(bc_features_update(f, t[i], o[i], h[i], l[i], c[i], 0.0,
                                        st + (int64_t)i * count, count));
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * (size_t)n * count), 0);
    int64_t day = 0;
    int32_t seen = 0, valued = 0;
    double dh = NAN, dl = NAN, dc = NAN, ph = NAN, pl = NAN, pc = NAN;
    for (int32_t i = 0; i < n; i++) {
        const int64_t di = (int64_t)floor((double)t[i] / 86400.0);
        const int sunday = ((di % 7) + 7 + 4) % 7 == 0;
        if (!isnan(c[i]) && !sunday) {
            if (seen == 0 || di != day) {
                if (seen == 2) {
                    ph = dh;
                    pl = dl;
                    pc = dc;
                }
                seen += seen < 2;
                day = di;
                dh = h[i];
                dl = l[i];
            }
            dh = h[i] > dh ? h[i] : dh;
            dl = l[i] < dl ? l[i] : dl;
            dc = c[i];
        }
        else if (!isnan(c[i]) && seen == 2) { /* a Sunday ends Friday */
            ph = dh;
            pl = dl;
            pc = dc;
        }
        const double *r = b + (int64_t)i * count;
        if (isnan(c[i]) || isnan(pc)) {
            for (int k = 0; k < count; k++)
                ck_assert_msg(isnan(r[k]), "bar %d level %d not NaN", (int)i, k);
            continue;
        }
        const double ss = ph + 0.35 * (pc - pl), bs = pl - 0.35 * (ph - pc);
        const double want[6] = {ss,
                                bs,
                                1.07 / 2.0 * (ph + pl) - 0.07 * pl,
                                1.07 / 2.0 * (ph + pl) - 0.07 * ph,
                                ss + 0.25 * (ss - bs),
                                bs - 0.25 * (ss - bs)};
        for (int k = 0; k < 6; k++)
            ck_assert_msg(fabs(r[k] - want[k]) <= 1e-12 * fabs(want[k]),
                          "bar %d level %d: %a, brute force %a", (int)i, k, r[k], want[k]);
        /* the break levels lie beyond the setups, beyond the day's range */
        ck_assert(r[4] >= r[0] && r[0] >= ph && r[5] <= r[1] && r[1] <= pl);
        ck_assert(r[6] == pc - 1.1 * (ph - pl) / 2.0);
        valued++;
    }
    ck_assert_int_gt(valued, n / 2);
    free(b);
    free(st);
    free(o);
    free(h);
    free(l);
    free(c);
    bc_bars_free(bars);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("rbreaker(3)", &f), BC_E_PARSE, "rbreaker");
    ck_assert_status_msg(bc_features_create("rbreaker.h1", &f), BC_E_PARSE, "h1");
    ck_assert_ptr_null(f);
}
END_TEST

/* dmpivot (prevday.c) on the hourly EUR/USD bars with a missing close every
 * 61 bars and a bar every 97 whose close is set to its open: streaming ==
 * batch bit for bit, NaN exactly where camarilla's levels are, and by brute
 * force DeMark's pivot points of camarilla's days (a Sunday's bars in no day
 * but ending the Friday) from the day's first open O, high H, low L and last
 * close C: X = H + 2L + C if C < O, 2H + L + C if C > O, H + L + 2C if
 * equal; p = X / 4, r1 = X / 2 - L, s1 = X / 2 - H. All three weightings
 * occur (the day's close equal to its open on the days the last bar was
 * made so); r1 - s1 is the day's width H - L, and r1, s1 lie within the
 * day's range widened by its width on each side. */
START_TEST(dmpivot_levels_are_demarks_equations_on_camarillas_days)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    const int32_t n = bc_bars_length(bars);
    const int64_t *t = bc_bars_time(bars);
    double *o = malloc(sizeof *o * (size_t)n), *h = malloc(sizeof *h * (size_t)n),
           *l = malloc(sizeof *l * (size_t)n), *c = malloc(sizeof *c * (size_t)n);
    ck_assert(o && h && l && c);
    for (int32_t i = 0; i < n; i++) {
        o[i] = bc_bars_column(bars, BC_BAR_OPEN)[i];
        h[i] = bc_bars_column(bars, BC_BAR_HIGH)[i];
        l[i] = bc_bars_column(bars, BC_BAR_LOW)[i];
        c[i] = i % 61 == 30 ? NAN : bc_bars_column(bars, BC_BAR_CLOSE)[i];
    }
    /* the last bar of some days closes at the day's first open: C == O */
    int64_t first_day = 0;
    double first_open = NAN;
    for (int32_t i = 0; i + 1 < n; i++) {
        const int64_t di = (int64_t)floor((double)t[i] / 86400.0);
        if (i == 0 || di != first_day) {
            first_day = di;
            first_open = o[i];
        }
        const int64_t dn = (int64_t)floor((double)t[i + 1] / 86400.0);
        if (dn != di && di % 3 == 0 && !isnan(c[i]) && first_open <= h[i] &&
            first_open >= l[i])
            c[i] = first_open;
    }
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("dmpivot,camarilla.l4", &f));
    const int32_t count = 4;
    ck_assert_int_eq(bc_features_count(f), count);
    ck_assert_int_eq(bc_features_lookback(f), 0);
    double *b = malloc(sizeof(double) * (size_t)n * count);
    double *st = malloc(sizeof(double) * (size_t)n * count);
    ck_assert(b && st);
    ck_assert_ok(bc_features_compute_arrays(f, n, t, o, h, l, c, NULL, NULL, NULL, b,
                                            (int64_t)n * count));
    ck_assert_ok(bc_features_reset(f));
    for (int32_t i = 0; i < n; i++)
        ck_assert_ok(bc_features_update(f, t[i], o[i], h[i], l[i], c[i], 0.0,
                                        st + (int64_t)i * count, count));
    ck_assert_int_eq(memcmp(b, st, sizeof(double) * (size_t)n * count), 0);
    int64_t day = 0;
    int32_t seen = 0, valued = 0, kind[3] = {0, 0, 0};
    double dopen = NAN, dh = NAN, dl = NAN, dc = NAN;
    double po = NAN, ph = NAN, pl = NAN, pc = NAN;
    for (int32_t i = 0; i < n; i++) {
        const int64_t di = (int64_t)floor((double)t[i] / 86400.0);
        const int sunday = ((di % 7) + 7 + 4) % 7 == 0;
        if (!isnan(c[i]) && !sunday) {
            if (seen == 0 || di != day) {
                if (seen == 2) {
                    po = dopen;
                    ph = dh;
                    pl = dl;
                    pc = dc;
                }
                seen += seen < 2;
                day = di;
                dopen = o[i];
                dh = h[i];
                dl = l[i];
            }
            dh = h[i] > dh ? h[i] : dh;
            dl = l[i] < dl ? l[i] : dl;
            dc = c[i];
        }
        else if (!isnan(c[i]) && seen == 2) { /* a Sunday ends Friday */
            po = dopen;
            ph = dh;
            pl = dl;
            pc = dc;
        }
        const double *r = b + (int64_t)i * count;
        if (isnan(c[i]) || isnan(pc)) {
            for (int k = 0; k < count; k++)
                ck_assert_msg(isnan(r[k]), "bar %d level %d not NaN", (int)i, k);
            continue;
        }
        ck_assert(!isnan(r[3]));
        const int w = pc < po ? 0 : pc > po ? 1 : 2;
        const double x = w == 0 ? ph + 2.0 * pl + pc
                                : w == 1 ? 2.0 * ph + pl + pc : ph + pl + 2.0 * pc;
        const double want[3] = {x / 4.0, x / 2.0 - pl, x / 2.0 - ph};
        for (int k = 0; k < 3; k++)
            ck_assert_msg(r[k] == want[k], "bar %d level %d: %a, brute force %a", (int)i, k,
                          r[k], want[k]);
        /* r1 - s1 is the day's width; the range projected from inside it */
        ck_assert(fabs((r[1] - r[2]) - (ph - pl)) <= 1e-12);
        ck_assert(r[1] <= 2.0 * ph - pl + 1e-12 && r[2] >= 2.0 * pl - ph - 1e-12);
        kind[w]++;
        valued++;
    }
    ck_assert_int_gt(valued, n / 2);
    ck_assert_int_gt(kind[0], 100);
    ck_assert_int_gt(kind[1], 100);
    ck_assert_int_gt(kind[2], 20);
    free(b);
    free(st);
    free(o);
    free(h);
    free(l);
    free(c);
    bc_bars_free(bars);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("dmpivot(3)", &f), BC_E_PARSE, "dmpivot");
    ck_assert_status_msg(bc_features_create("dmpivot.r2", &f), BC_E_PARSE, "r2");
    ck_assert_ptr_null(f);
}
END_TEST

/* thermo(n) (elder.c, Elder's market thermometer): streaming == batch with
 * a missing high every 89, then a missing low every 97; over the bars kept,
 * temp = max(high - high@1, low@1 - low, 0) from the second kept bar, ratio =
 * temp / TA-Lib's ema(temp, n) (brute_ema, 1 where that is 0), both NaN
 * until the ema is seeded; the search's cuts (below 1, above 3); the
 * lookback, bad items. */
#define THERMO_FAMILY "thermo(22),thermo(3),above(1,thermo(22).ratio),above(thermo(22).ratio,3)," \
                      "thermo(22).temp@1"

START_TEST(thermo_stream_bit_identical_to_batch_and_follows_elders_formula)
{
    for (int blank = 1; blank <= 2; blank++) {
        series s;
        int32_t count = 0;
        double *b = stream_equals_batch_on_sp500(THERMO_FAMILY, blank, blank == 1 ? 89 : 97,
                                                 blank == 1 ? 80 : 70, &s, &count);
        ck_assert_int_eq(count, 7);
        const int32_t per[2] = {22, 3};
        double value[2] = {0, 0}, sum[2] = {0, 0}, ph = 0, pl = 0;
        int32_t n_ema[2] = {0, 0}, kept = 0, quiet = 0, spikes = 0, zero = 0;
        for (int32_t i = 0; i < s.n; i++) {
            const double *r = b + (int64_t)i * count;
            const double h = s.col[1][i], l = s.col[2][i];
            if (!isfinite(h) || !isfinite(l))
                continue; /* the missing bar: skipped */
            if (kept++ > 0) {
                double t = fmax(fmax(h - ph, pl - l), 0.0);
                zero += t == 0.0;
                for (int k = 0; k < 2; k++) {
                    const double avg = brute_ema(&value[k], &n_ema[k], &sum[k], per[k], t);
                    const double *out = r + 2 * k;
                    if (isnan(avg)) {
                        ck_assert(isnan(out[0]) && isnan(out[1]));
                        continue;
                    }
                    const double ratio = avg > 0.0 ? t / avg : 1.0;
                    ck_assert_msg(out[0] == t, "bar %d: temp %.17g vs %.17g", (int)i, out[0], t);
                    ck_assert_msg(fabs(out[1] - ratio) <= 1e-12 * (ratio + 1.0),
                                  "bar %d: ratio %.17g vs %.17g", (int)i, out[1], ratio);
                }
                if (!isnan(r[1])) {
                    ck_assert(r[4] == (r[1] < 1.0 ? 1.0 : 0.0));
                    ck_assert(r[5] == (r[1] > 3.0 ? 1.0 : 0.0));
                    quiet += r[4] == 1.0;
                    spikes += r[5] == 1.0;
                }
            } else {
                ck_assert(isnan(r[0]) && isnan(r[1]));
            }
            ph = h;
            pl = l;
        }
        ck_assert_int_gt(zero, 200); /* inside bars: temp 0 */
        ck_assert_int_gt(quiet, 1000);
        ck_assert_int_gt(spikes, 20);
        free(b);
        series_free(&s);
    }
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create("thermo(22)", &f));
    ck_assert_int_eq(bc_features_lookback(f), 22);
    ck_assert_int_eq(bc_features_count(f), 2);
    bc_features_free(f);
    f = NULL;
    ck_assert_status_msg(bc_features_create("thermo(0)", &f), BC_E_PARSE,
                         "thermo: 0 is out of range 1..100000");
    ck_assert_status_msg(bc_features_create("thermo(22).spike", &f), BC_E_PARSE,
                         "'thermo(22)' has no output '.spike'");
    ck_assert_status_msg(bc_features_create("thermo", &f), BC_E_PARSE, "thermo");
    ck_assert_ptr_null(f);
}
END_TEST

Suite *suite_features(void)
{
    Suite *s = suite_create("features");
    TCase *tc = tcase_create("features");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_indicator_matches_talib_on_aapl);
    tcase_add_test(tc, every_indicator_matches_talib_on_sp500);
    tcase_add_test(tc, streaming_is_bit_identical_to_batch_on_sp500);
    tcase_add_test(tc, default_clone_set_streams_bit_identical_to_batch);
    tcase_add_test(tc, update_allocates_nothing);
    tcase_add_test(tc, order_book_features_follow_design_formulas);
    tcase_add_test(tc, time_encodings_use_utc_hour_weekday_month);
    tcase_add_test(tc, session_hours_are_one_hot_and_windows_of_the_utc_hour);
    tcase_add_test(tc, returns_and_volatility_match_direct_formulas);
    tcase_add_test(tc, lag_shifts_by_k_bars_and_extends_lookback);
    tcase_add_test(tc, cross_signals_up_and_down_crossings);
    tcase_add_test(tc, canonical_spec_and_names);
    tcase_add_test(tc, spec_errors_name_the_offending_item);
    tcase_add_test(tc, missing_bar_gives_nan_row_and_keeps_state);
    tcase_add_test(tc, symbol_embedding_columns_take_the_vector_the_engine_is_given);
    tcase_add_test(tc, infinite_results_become_nan);
    tcase_add_test(tc, buffers_and_arguments_are_checked);
    tcase_add_test(tc, compute_over_bars_equals_compute_arrays);
    tcase_add_test(tc, volume_and_average_families_stream_bit_identical_to_batch);
    tcase_add_test(tc, sar_skips_missing_bars_and_stays_outside_the_bars);
    tcase_add_test(tc, dmi_and_cmo_skip_missing_bars_and_stay_in_their_ranges);
    tcase_add_test(tc, day_extremes_are_the_window_extremes_of_the_utc_day);
    tcase_add_test(tc, mt5_families_stream_bit_identical_to_batch);
    tcase_add_test(tc, tsf_streams_bit_identical_to_batch_and_is_linreg_plus_slope);
    tcase_add_test(tc, pvt_streams_bit_identical_to_batch_and_sums_its_terms);
    tcase_add_test(tc, crsi_streams_bit_identical_to_batch_in_0_to_100);
    tcase_add_test(tc, nvi_pvi_stream_bit_identical_to_batch_and_follow_the_volume);
    tcase_add_test(tc, zlema_streams_bit_identical_to_batch_and_is_the_ema_of_the_delagged_close);
    tcase_add_test(tc, httrendline_adxr_stream_bit_identical_to_batch);
    tcase_add_test(tc, wad_rwi_stream_bit_identical_to_batch_and_follow_their_formulas);
    tcase_add_test(tc, cog_er_stream_bit_identical_to_batch_and_follow_their_formulas);
    tcase_add_test(tc, dtrange_hilo_stream_bit_identical_to_batch);
    tcase_add_test(tc, pbands_stretch_stream_bit_identical_to_batch_and_follow_their_definitions);
    tcase_add_test(tc, fir_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, trima_ssf_stream_bit_identical_to_batch_and_follow_their_formulas);
    tcase_add_test(tc, usmooth_uband_stream_bit_identical_to_batch_and_follow_ehlers);
    tcase_add_test(tc, decycler_stream_bit_identical_to_batch_and_follows_ehlers);
    tcase_add_test(tc, eco_stream_bit_identical_to_batch_and_follows_blau);
    tcase_add_test(tc, dti_stream_bit_identical_to_batch_and_follows_blau);
    tcase_add_test(tc, qqe_stream_bit_identical_to_batch_and_trails_the_smoothed_rsi);
    tcase_add_test(tc, vhf_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, dayema_weekema_are_the_ema_of_the_whole_periods_closes);
    tcase_add_test(tc, tii_rangepos_stream_bit_identical_to_batch_and_follow_their_formulas);
    tcase_add_test(tc, tdi_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, rainbow_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, tcf_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, tdrei_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, firosc_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, dss_dynmom_stream_bit_identical_to_batch_and_stay_in_0_100);
    tcase_add_test(tc, pmo_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, ichimoku_pfe_stream_bit_identical_to_batch_and_follow_their_formulas);
    tcase_add_test(tc, tstat_pgo_stream_bit_identical_to_batch_and_follow_their_formulas);
    tcase_add_test(tc, frama_ckstop_stream_bit_identical_to_batch_and_follow_their_formulas);
    tcase_add_test(tc, iftrsi_bwmfi_stream_bit_identical_to_batch_and_follow_their_formulas);
    tcase_add_test(tc, skew_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, soldiers_streams_bit_identical_to_batch_and_follows_its_definition);
    tcase_add_test(tc, cdlhikkake_streams_bit_identical_to_batch_and_follows_its_definition);
    tcase_add_test(tc, cdl3inside_streams_bit_identical_to_batch_and_follows_its_definition);
    tcase_add_test(tc, vwmacd_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, macdv_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, wavetrend_cybercycle_stream_bit_identical_to_batch_and_follow_their_formulas);
    tcase_add_test(tc, thermo_stream_bit_identical_to_batch_and_follows_elders_formula);
    tcase_add_test(tc, weekmacd_is_the_macd_of_the_whole_weeks_closes);
    tcase_add_test(tc, keltner1960_streams_bit_identical_to_batch_and_follows_its_formula);
    tcase_add_test(tc, zone_oscillators_stream_bit_identical_to_batch_and_follow_their_formula);
    tcase_add_test(tc, rmi_ttf_stream_bit_identical_to_batch_and_stay_in_their_ranges);
    tcase_add_test(tc, stiffness_counts_the_closes_beside_the_band);
    tcase_add_test(tc, camarilla_levels_are_the_previous_trading_days_without_sundays);
    tcase_add_test(tc, rbreaker_levels_are_the_published_equations_on_camarillas_days);
    tcase_add_test(tc, dmpivot_levels_are_demarks_equations_on_camarillas_days);
    suite_add_tcase(s, tc);
    return s;
}
