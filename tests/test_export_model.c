/* test_export_model.c - the public exporters on real models and real bars:
 * the generated MQL5 predictor (compiled as its C flavour) against the
 * library's feature engine and bc_model_predict on AAPL daily bars, the
 * ONNX two-call pattern, unsupported kinds, and `botcopier export`. ONNX
 * Runtime runs the ONNX files in tests/python/test_onnx_export.py. */
#include "test_util.h"
#include "c_driver.h"

#include "export/export_ir.h"
#include "clone/predictor.h"
#include "model/model.h"
#include "onnx/onnx.pb-c.h"

#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every feature kind that has an MQL5 template. */
#define SPEC "sma(10),ema(20),rsi(14),macd(12,26,9),atr(14),bbands(20,2),stoch(14,3,3)," \
             "adx(14),ret(1),logret(3),vol(20),rsi(14)@2,cross(sma(10),sma(30))," \
             "cross(rsi(14),50),diff(ema(5),sma(5)),diff(close,100),hour_cos,dow_cos," \
             "month_sin,open,high,low,close,volume,above(rsi(14),70),above(close,sma(10)),hour," \
             "hour_is(0),hour_is(20),session(0,6),session(20,2),cci(20),cci(5)," \
             "and(above(rsi(14),50),above(close,sma(10))),and(cross(sma(10),sma(30)),hour_is(20))"

/* Features of tests/data/aapl_daily.csv under a spec: x [n x f]. With a
 * book, every bar gets bid/ask volumes split from its volume by a Philox
 * stream, some bars none (NaN) and some an empty book (0, 0). */
typedef struct market {
    const char *spec;
    bc_bars *bars;
    double *x, *bid, *ask;
    int32_t n, f;
    /* per column: the twin must give the library's bits (the time
     * encodings, read from the library's own tables; the day extremes,
     * which copy a bar's price), not just 1e-9 */
    int exact[128];
} market;

/* bars NULL: tests/data/aapl_daily.csv; else the market takes bars over. */
static void market_load(market *mk, const char *spec, int32_t book, bc_bars *bars)
{
    bc_features *f = NULL;
    memset(mk, 0, sizeof *mk);
    mk->spec = spec;
    if (bars)
        mk->bars = bars;
    else
        ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &mk->bars, NULL));
    ck_assert_ok(bc_features_create(spec, &f));
    mk->n = bc_bars_length(mk->bars);
    mk->f = bc_features_count(f);
    ck_assert_int_le(mk->f, 128);
    for (int32_t j = 0; j < mk->f; j++) {
        char name[256];
        ck_assert_ok(bc_features_name(f, j, name, (int32_t)sizeof name, NULL));
        mk->exact[j] = strncmp(name, "hour_", 5) == 0 || strncmp(name, "dow_", 4) == 0 ||
                       strncmp(name, "month_", 6) == 0 || strncmp(name, "dayhigh(", 8) == 0 ||
                       strncmp(name, "daylow(", 7) == 0 || strncmp(name, "prevday.", 8) == 0 ||
                       strncmp(name, "dayopen", 7) == 0;
    }
    mk->x = malloc(sizeof(double) * (size_t)mk->n * (size_t)mk->f);
    ck_assert_ptr_nonnull(mk->x);
    if (book) {
        float *u = malloc(sizeof(float) * (size_t)mk->n);
        mk->bid = malloc(sizeof(double) * (size_t)mk->n);
        mk->ask = malloc(sizeof(double) * (size_t)mk->n);
        ck_assert(u && mk->bid && mk->ask);
        ck_assert_ok(bc_random_uniform(21, 0, 0, mk->n, u));
        const double *volume = bc_bars_column(mk->bars, BC_BAR_VOLUME);
        for (int32_t i = 0; i < mk->n; i++) {
            mk->bid[i] = volume[i] * u[i];
            mk->ask[i] = volume[i] - mk->bid[i];
            if (i % 17 == 3)
                mk->bid[i] = mk->ask[i] = NAN;
            else if (i % 23 == 5)
                mk->bid[i] = mk->ask[i] = 0.0;
        }
        free(u);
    }
    ck_assert_ok(bc_features_compute_arrays(
        f, mk->n, bc_bars_time(mk->bars), bc_bars_column(mk->bars, BC_BAR_OPEN),
        bc_bars_column(mk->bars, BC_BAR_HIGH), bc_bars_column(mk->bars, BC_BAR_LOW),
        bc_bars_column(mk->bars, BC_BAR_CLOSE), bc_bars_column(mk->bars, BC_BAR_VOLUME),
        mk->bid, mk->ask, mk->x, (int64_t)mk->n * mk->f));
    bc_features_free(f);
}

static void market_free(market *mk)
{
    bc_bars_free(mk->bars);
    free(mk->x);
    free(mk->bid);
    free(mk->ask);
}

/* An MLP with random weights whose normalization comes from the feature
 * columns (median-free: mean/std of the valid values), clip +-3, the spec
 * recorded, and Platt calibration. */
static bc_model *model_for(const market *mk, int32_t calibrated)
{
    const int32_t hidden[2] = {12, 6};
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_MLP, mk->f, 3, hidden, 2, BC_ACT_TANH, &m));
    for (int32_t l = 0; l < m->n_layers; l++) {
        bc_model_layer *L = &m->layers[l];
        ck_assert_ok(bc_random_uniform(11, (uint64_t)l, 0, L->in * L->out, L->weight));
        ck_assert_ok(bc_random_uniform(11, 50 + (uint64_t)l, 0, L->out, L->bias));
        for (int32_t i = 0; i < L->in * L->out; i++)
            L->weight[i] = 2.0f * L->weight[i] - 1.0f;
    }
    for (int32_t j = 0; j < mk->f; j++) {
        double s = 0.0, s2 = 0.0;
        int32_t k = 0;
        for (int32_t i = 0; i < mk->n; i++) {
            double v = mk->x[(size_t)i * mk->f + j];
            if (isfinite(v))
                s += v, s2 += v * v, k++;
        }
        double mean = s / k, var = s2 / k - mean * mean;
        m->center[j] = mean;
        m->scale[j] = var > 1e-12 ? sqrt(var) : 1.0;
        m->clip_low[j] = -3.0;
        m->clip_high[j] = 3.0;
    }
    ck_assert_ok(bc_model_set_feature_spec(m, mk->spec));
    if (calibrated)
        ck_assert_ok(bc_model_set_calibration(m, 1.3, -0.2));
    ck_assert_ok(bc_model_validate(m));
    return m;
}

/* Compiles the C twin of the .mqh with a driver that feeds it the bars one
 * by one and prints each bar's features and probabilities; compares them
 * with bc_features_compute_arrays and bc_model_predict: the time encodings
 * bit for bit, the rest within 1e-9. bars as market_load; min_nan_rows:
 * warm-up rows the spec must have. */
static void check_generated_predictor_on(const char *spec, int32_t book, bc_bars *bars,
                                         int32_t min_nan_rows)
{
    market mk;
    market_load(&mk, spec, book, bars);
    bc_model *m = model_for(&mk, 1);
    bc_export_ir ir;
    ck_assert_ok(bc_export_ir_from_model(m, &ir));
    char *src = NULL;
    ck_assert_ok(bc_export_ir_source(&ir, BC_EXPORT_SOURCE_C, "clone", &src));
    ck_assert_ptr_nonnull(strstr(src, "clone_features_update("));
    ck_assert_ptr_nonnull(strstr(src, "clone_predict_bar("));

    char dir[] = "/tmp/bc_export_model_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    fprintf(f, "%s\n#include <stdio.h>\nint main(void)\n{\n"
            "    long long t;\n    double o, h, l, c, v, b, a, x[clone_N_COLUMNS], p[clone_N_CLASSES];\n"
            "    clone_features_reset();\n"
            "    while (scanf(\"%%lld %%la %%la %%la %%la %%la %%la %%la\", &t, &o, &h, &l, &c, &v, &b,\n"
            "                 &a) == 8) {\n"
            "        clone_features_update(t, o, h, l, c, v, %sx);\n"
            "        clone_predict(x, p);\n"
            "        for (int j = 0; j < clone_N_COLUMNS; j++)\n            printf(\"%%a \", x[j]);\n"
            "        for (int j = 0; j < clone_N_CLASSES; j++)\n            printf(\"%%a \", p[j]);\n"
            "        printf(\"\\n\");\n    }\n    return 0;\n}\n", src, book ? "b, a, " : "");
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    f = c_driver_file(dir, "bars.txt", "w");
    const int64_t *time = bc_bars_time(mk.bars);
    const double *col[5];
    for (int k = 0; k < 5; k++)
        col[k] = bc_bars_column(mk.bars, k);
    for (int32_t i = 0; i < mk.n; i++)
        fprintf(f, "%lld %a %a %a %a %a %a %a\n", (long long)time[i], col[0][i], col[1][i],
                col[2][i], col[3][i], col[4][i], book ? mk.bid[i] : 0.0,
                book ? mk.ask[i] : 0.0);
    ck_assert_int_eq(fclose(f), 0);
    /* The twin rounds as MQL5 does (no fused multiply-add); the library's
     * kernels use fma(), so features agree to ~1e-13 relative, not bit for
     * bit. */
    f = c_driver_run(dir, "bars.txt", "out.txt");
    double *probs = malloc(sizeof(double) * (size_t)mk.n * 3);
    ck_assert_ptr_nonnull(probs);
    ck_assert_ok(bc_model_predict(m, mk.x, mk.n, mk.f, probs, (int64_t)mk.n * 3));
    double worst_feature = 0.0, worst_prob = 0.0, got;
    int32_t nan_rows = 0, exact_values = 0;
    for (int32_t i = 0; i < mk.n; i++) {
        int row_has_nan = 0;
        for (int32_t j = 0; j < mk.f; j++) {
            double ref = mk.x[(size_t)i * mk.f + j];
            ck_assert_int_eq(fscanf(f, "%la", &got), 1);
            ck_assert_msg(isnan(ref) == isnan(got), "bar %d column %d: library %g, generated %g",
                          (int)i, (int)j, ref, got);
            row_has_nan |= isnan(ref);
            if (mk.exact[j]) {
                ck_assert_msg(memcmp(&got, &ref, sizeof got) == 0,
                              "bar %d (time %lld) column %d: library %a, generated %a", (int)i,
                              (long long)time[i], (int)j, ref, got);
                exact_values++;
            } else if (!isnan(ref))
                worst_feature = fmax(worst_feature, fabs(got - ref) / fmax(1.0, fabs(ref)));
        }
        nan_rows += row_has_nan;
        for (int32_t c = 0; c < 3; c++) {
            ck_assert_int_eq(fscanf(f, "%la", &got), 1);
            worst_prob = fmax(worst_prob, fabs(got - probs[(size_t)i * 3 + c]));
        }
    }
    fclose(f);
    ck_assert_int_ge(nan_rows, min_nan_rows); /* warm-up rows exercise the missing rule */
    if (strstr(spec, "hour_") || strstr(spec, "dow_") || strstr(spec, "month_"))
        ck_assert_int_ge(exact_values, mk.n); /* the bit check ran */
    ck_assert_msg(worst_feature <= 1e-9, "features: worst relative difference %g", worst_feature);
    ck_assert_msg(worst_prob <= 1e-9, "probabilities: worst difference %g", worst_prob);
    c_driver_remove(dir);
    free(probs);
    bc_model_free(m);
    market_free(&mk);
}

static void check_generated_predictor(const char *spec, int32_t book)
{
    check_generated_predictor_on(spec, book, NULL, 21);
}

/* Bars whose times cover what the time encodings read: every minute of
 * 1969-12-31 (times < 0), 1970-01-01 and 2024-02-29, one bar a day at a
 * varying minute from 1969-01-01 to 1972-12-31 (each weekday in each
 * month), and far dates from 1600 to 2400 (leap days, centuries). Seconds
 * vary (they are ignored); closes are a random walk. */
static bc_bars *time_bars(void)
{
    enum { DAY = 86400, Y1969 = -365 * DAY, Y1973 = 1096 * DAY };
    static const int64_t far[] = {
        -11670998400LL + 60 * 1439, /* 1600-02-29 23:59 */
        -8520336000LL + 3600 * 6, /* 1700-01-01 06:00 */
        -2208988800LL - 1, /* 1899-12-31 23:59:59 */
        -2208988800LL + 60 * 719, /* 1900-01-01 11:59 */
        -86400LL * 366 - 59}; /* 1968-12-30 23:59:01 */
    int64_t *time = malloc(sizeof *time * 12000);
    double *close = malloc(sizeof *close * 12000);
    ck_assert(time && close);
    int32_t n = 0;
    for (size_t i = 0; i < sizeof far / sizeof far[0]; i++)
        time[n++] = far[i];
    for (int64_t d = Y1969; d < Y1973; d += DAY) {
        if (d == -DAY || d == 0) /* every minute of these two days */
            for (int64_t m = 0; m < 1440; m++)
                time[n++] = d + 60 * m + (m % 7) * 8;
        else
            time[n++] = d + (d / DAY * 397 % 1440 + 1440) % 1440 * 60 + 30;
    }
    const int64_t leap_day_2024 = 19782LL * DAY;
    for (int64_t m = 0; m < 1440; m++)
        time[n++] = leap_day_2024 + 60 * m + 59 * (m % 2);
    time[n++] = 4107542400LL + 60 * 1439; /* 2100-03-01 23:59 */
    time[n++] = 13574563200LL + 60 * 361; /* 2400-02-29 06:01 */
    ck_assert_int_le(n, 12000);
    float *u = malloc(sizeof *u * (size_t)n);
    ck_assert_ptr_nonnull(u);
    ck_assert_ok(bc_random_uniform(5, 0, 0, n, u));
    double price = 100.0;
    for (int32_t i = 0; i < n; i++) {
        ck_assert_int_lt(i ? time[i - 1] : INT64_MIN, time[i]);
        price *= 1.0 + 0.01 * (u[i] - 0.5);
        close[i] = price;
    }
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_from_arrays(n, time, NULL, NULL, NULL, close, NULL, &bars));
    free(u);
    free(time);
    free(close);
    return bars;
}

/* The six time encodings read the library's tables (time_encoding.c)
 * printed as constants: the twin's values are the engine's bits at every
 * minute, weekday and month, before 1970 too, with no sin/cos call (the
 * platform's, msvcrt's or MetaTrader's, differ). */
START_TEST(generated_time_encodings_are_bit_identical_to_the_feature_engine)
{
    check_generated_predictor_on("hour_sin,hour_cos,dow_sin,dow_cos,month_sin,month_cos,"
                                 "rsi(30),above(hour_cos,0.5)", 0, time_bars(), 30);
    /* one output of each part: the others get no table */
    check_generated_predictor_on("dow_sin,month_cos,hour_cos,rsi(30)", 0, time_bars(), 30);
}
END_TEST

START_TEST(generated_predictor_matches_the_feature_engine_and_bc_model_predict)
{
    check_generated_predictor(SPEC, 0);
}
END_TEST

START_TEST(generated_order_book_features_match_the_feature_engine)
{
    check_generated_predictor("book_bid_vol,book_ask_vol,book_imbalance,book_spread,"
                              "bid_ask_ratio,book_imbalance_roll,rsi(5)", 1);
}
END_TEST

/* The window and event items (lib/features rolling_extreme.c, ratio.c,
 * rank.c, zscore.c with mean, since.c), nested in the older ones: the twin computes
 * them from its own state, bar by bar. */
START_TEST(generated_window_and_event_features_match_the_feature_engine)
{
    check_generated_predictor("max(high,20),min(low,20),diff(max(high,20),min(low,20)),"
                              "ratio(close,sma(20)),ratio(close,diff(close,open)),"
                              "rank(close,20),rank(rsi(14),50),zscore(close,20),"
                              "zscore(rsi(14),30),zscore(above(rsi(14),60),10),"
                              "since(cross(sma(10),sma(30))),since(above(rsi(14),70)),"
                              "max(zscore(close,20),5)@2,min(rsi(7),3),mean(volume,20),"
                              "ratio(volume,mean(volume,20)),mean(rsi(14),5)@1", 0);
}
END_TEST

/* The volume, range and moving-average families (lib/features mfi.c ...),
 * alone and nested in the window items. */
START_TEST(generated_volume_and_average_features_match_the_feature_engine)
{
    check_generated_predictor("mfi(14),mfi(3),zscore(mfi(14),20),above(mfi(10),80),willr(14),"
                              "willr(2),cross(willr(10),-80),obv,ad,adosc(3,10),adosc(10,3),"
                              "zscore(obv,20),rank(ad,50),diff(obv,obv@5),wma(10),wma(2),dema(10),"
                              "tema(10),cross(close,wma(20)),ratio(close,dema(30)),aroon(14),"
                              "aroon(25).down,aroonosc(14),aroonosc(2)", 0);
}
END_TEST

/* The window-extreme families (lib/features stoch.c midprice, stochrsi),
 * alone and in the composites the clone search uses. */
START_TEST(generated_window_extreme_features_match_the_feature_engine)
{
    check_generated_predictor("stochrsi(14,14,3),stochrsi(14,5,3),stochrsi(2,1,1),"
                              "cross(stochrsi(14,14,3).d,20),above(stochrsi(14,5,3).k,80),"
                              "stochrsi(14,14,3).d@2,midprice(9),midprice(26),midprice(2),"
                              "cross(midprice(9),midprice(26)),ratio(close,midprice(52)),"
                              "cross(close,midprice(26)),midprice(9)@1", 0);
}
END_TEST

/* The parabolic SAR (lib/features sar.c), alone at several parameters and
 * in the composites the clone search uses: the bot's side above(close,sar)
 * and its flips cross(close,sar). */
START_TEST(generated_sar_features_match_the_feature_engine)
{
    /* lookback 1, 2 with the lag: two warm-up rows */
    check_generated_predictor_on("sar(0.02,0.2),sar(0.01,0.1),sar(0.03,0.25),sar(0.1,0.1),"
                                 "cross(close,sar(0.02,0.2)),above(close,sar(0.02,0.2)),"
                                 "ratio(close,sar(0.01,0.1)),sar(0.02,0.2)@1", 0, NULL, 2);
}
END_TEST

/* The volatility squeeze (lib/features bbands.c), at several periods and
 * widths and as the clone search uses it: its release cross(squeeze,0.5). */
START_TEST(generated_squeeze_features_match_the_feature_engine)
{
    check_generated_predictor("squeeze(20,2,2),squeeze(10,1.5,1),squeeze(5,2,1.5),"
                              "squeeze(20,1,3),cross(squeeze(20,2,2),0.5),squeeze(20,2,2)@1", 0);
}
END_TEST

/* The EMA ribbon (lib/features ema.c), at several period sets and as the
 * clone search uses it: the ribbon lining up, cross(ribbon,+-0.5). */
START_TEST(generated_ribbon_features_match_the_feature_engine)
{
    check_generated_predictor("ribbon(8,13,21,34),ribbon(2,3,4,5),ribbon(5,10,20,40),"
                              "cross(ribbon(8,13,21,34),0.5),cross(ribbon(8,13,21,34),-0.5),"
                              "ribbon(8,13,21,34)@1", 0);
}
END_TEST

/* Williams' alligator (lib/features mt5.c) and Elder's impulse system
 * (macd.c), at several periods and as the clone search uses them: the
 * alligator lining up, its lips crossing the teeth, the impulse colour
 * changing. */
START_TEST(generated_alligator_impulse_features_match_the_feature_engine)
{
    check_generated_predictor("alligator(13,8,5),alligator(5,3,2).lips,alligator(2,30,4),"
                              "cross(alligator(13,8,5).order,0.5),"
                              "cross(alligator(13,8,5).order,-0.5),"
                              "cross(alligator(13,8,5).lips,alligator(13,8,5).teeth),"
                              "alligator(13,8,5).jaw@1,impulse(13,12,26,9),impulse(40,3,5,2),"
                              "impulse(2,12,12,1),cross(impulse(13,12,26,9),0.5),"
                              "cross(impulse(13,12,26,9),-0.5),impulse(13,12,26,9)@1", 0);
}
END_TEST

/* TRIX (lib/features wma.c), alone at several periods and as the clone
 * search uses it: crossing 0 and its level. */
START_TEST(generated_trix_features_match_the_feature_engine)
{
    /* trix(15)'s lookback: 43 warm-up rows */
    check_generated_predictor_on("trix(2),trix(9),trix(12),trix(15),cross(trix(12),0),"
                                 "above(trix(9),0.1),trix(12)@1",
                                 0, NULL, 43);
}
END_TEST

/* Kaufman's adaptive average and the least-squares line (lib/features
 * kama.c), alone and as the clone search uses them: the close crossing
 * kama(n), the slope crossing 0 and its ATR ratio, the residuals' standard
 * error and the close's place in the regression channel. */
START_TEST(generated_kama_linreg_features_match_the_feature_engine)
{
    /* linregslope(50)'s lookback: 49 warm-up rows */
    check_generated_predictor_on("kama(2),kama(10),kama(20),cross(close,kama(20)),linreg(2),"
                                 "linreg(14),linregslope(24),cross(linregslope(24),0),"
                                 "ratio(linregslope(24),atr(14)),linregslope(50),kama(30)@1,"
                                 "linregse(3),linregse(20),"
                                 "ratio(diff(close,linreg(50)),linregse(50))",
                                 0, NULL, 49);
}
END_TEST

/* The day extremes (lib/features day_extreme.c) bit for bit: on the hourly
 * EUR/USD bars (distinct highs and lows, the Asian range 00:00-06:59 and
 * the day's running extremes), and on time_bars (every minute of
 * 1969-12-31 and 1970-01-01: negative times, where the twin's day split
 * must floor as the engine's does, and one bar a day elsewhere, back to
 * 1600), alone and in the breakout conditions the clone search uses. */
START_TEST(generated_day_extremes_match_the_feature_engine_before_1970_too)
{
    static const char spec[] =
        "dayhigh(0,7),daylow(0,7),dayhigh(0,24),daylow(0,24),dayhigh(8,12),daylow(23,24),"
        "above(close,dayhigh(0,7)),above(daylow(0,7),close),ratio(close,dayhigh(0,8)),"
        "dayhigh(0,7)@1,rsi(30)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    check_generated_predictor_on(spec, 0, eurusd, 30);
    check_generated_predictor_on(spec, 0, time_bars(), 30);
}
END_TEST

/* A bar's place in its calendar month / week (lib/features calendar.c) bit
 * for bit: on S&P 500 daily bars and on time_bars (every minute of
 * 1969-12-31 and 1970-01-01, one bar a day back to 1600: the floor day
 * split, the month numbers of Hinnant's calendar and the Monday weeks
 * before 1970), alone and as the clone search cuts them. */
START_TEST(generated_calendar_features_match_the_feature_engine_before_1970_too)
{
    static const char spec[] =
        "monthbar,weekbar,above(1.5,monthbar),above(weekbar,2),monthbar@1,rsi(30)";
    check_generated_predictor_on(spec, 0, NULL, 30);
    check_generated_predictor_on(spec, 0, time_bars(), 30);
}
END_TEST

/* The previous day's levels (lib/features prevday.c) on the hourly EUR/USD
 * bars (Sunday-evening sessions, weekends) and time_bars (negative times:
 * the day split floors as the engine's; one bar a day elsewhere, where
 * prevday is the previous bar): prevday's copied prices bit for bit, the
 * pivots to the template's tolerance, alone and in the conditions the
 * clone search uses. */
START_TEST(generated_previous_day_levels_match_the_feature_engine_before_1970_too)
{
    static const char spec[] =
        "prevday,pivot,cross(close,pivot.r1),cross(close,pivot.s1),ratio(close,pivot.p),"
        "ratio(close,prevday.high),cross(close,prevday.low),pivot.s3@1,rsi(30)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    check_generated_predictor_on(spec, 0, eurusd, 30);
    check_generated_predictor_on(spec, 0, time_bars(), 30);
}
END_TEST

/* The UTC day's VWAP (lib/features vwap.c), alone and in the search grid's
 * items, on hourly EURUSD 2017 (real volume, a reset each UTC date; the day
 * split is prevday's, whose twin test covers the days before 1970). */
START_TEST(generated_vwap_matches_the_feature_engine)
{
    static const char spec[] = "vwap,cross(close,vwap),ratio(close,vwap),vwap@1,"
                               "zscore(vwap,10)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/heldout/eurusd_1h_2017.csv"), &eurusd,
                                  NULL));
    check_generated_predictor_on(spec, 0, eurusd, 1);
}
END_TEST

/* The Supertrend and the day's open (lib/features supertrend.c and
 * day_extreme.c), alone and in the search grid's items: the trend's turn,
 * the close over the line, the close over and crossing the day's open. On
 * AAPL daily bars (where dayopen is each bar's own open), the hourly
 * EUR/USD bars, and for dayopen bit for bit on time_bars too (negative
 * times: the day split floors as the engine's). */
START_TEST(generated_supertrend_dayopen_features_match_the_feature_engine)
{
    static const char spec[] =
        "supertrend(10,3),supertrend(7,3),supertrend(1,0.5),supertrend(20,2.5).line@2,"
        "cross(supertrend(10,3).trend,0),ratio(close,supertrend(10,3).line),"
        "dayopen,dayopen@1,ratio(close,dayopen),cross(close,dayopen)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    /* supertrend(20,2.5).line@2: 22 warm-up rows */
    check_generated_predictor_on(spec, 0, NULL, 22);
    check_generated_predictor_on(spec, 0, eurusd, 22);
    check_generated_predictor_on("dayopen,dayopen@1,ratio(close,dayopen),cross(close,dayopen),"
                                 "rsi(30)", 0, time_bars(), 30);
}
END_TEST

/* Nison's line break (lib/features linebreak.c), alone and as the search
 * grid's turn, on AAPL daily and the hourly EUR/USD bars. */
START_TEST(generated_linebreak_features_match_the_feature_engine)
{
    static const char spec[] =
        "linebreak(3),linebreak(1),linebreak(2).trend,linebreak(10).level@2,"
        "cross(linebreak(3).trend,0),ratio(close,linebreak(3).level),rsi(14)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    check_generated_predictor_on(spec, 0, NULL, 14);
    check_generated_predictor_on(spec, 0, eurusd, 14);
}
END_TEST

/* The MetaTrader 5 families (lib/features mt5.c smma, medprice, typprice,
 * demarker, rvi), alone and in the composites the clone search uses. */
START_TEST(generated_mt5_features_match_the_feature_engine)
{
    check_generated_predictor("smma(10),smma(2),smma(30),medprice,typprice,"
                              "diff(mean(medprice,5),mean(medprice,34)),"
                              "cross(diff(mean(medprice,5),mean(medprice,34)),0),"
                              "ratio(close,smma(20)),cross(smma(10),smma(30)),demarker(14),"
                              "demarker(1),cross(demarker(14),0.7),rvi(10),rvi(1),"
                              "cross(rvi(10).line,rvi(10).signal),rvi(10).signal@2,"
                              "smma(10)@1,cross(wma(5),wma(20))", 0);
}
END_TEST

/* The directional lines and Chande momentum (lib/features adx.c dmi,
 * rsi.c cmo), alone at several periods, beside adx (one smoothing), and in
 * the composites the clone search uses: +DI crossing -DI, the levels. */
START_TEST(generated_dmi_cmo_features_match_the_feature_engine)
{
    /* cmo(14)@2's lookback: 16 warm-up rows */
    check_generated_predictor_on("dmi(14),dmi(7).minus,dmi(2),adx(14),adx(2),"
                                 "cross(dmi(14).plus,dmi(14).minus),above(dmi(10).plus,25),"
                                 "dmi(14).plus@1,cmo(14),cmo(2),cmo(9),cross(cmo(14),0),"
                                 "above(cmo(20),50),cmo(14)@2,rsi(14)",
                                 0, NULL, 16);
}
END_TEST

/* The vortex lines (lib/features vortex.c) and Hull's average (wma.c, on
 * three wmas), alone at several periods and as the clone search uses them:
 * VI+ crossing VI-, their ratio, Hull's turn cross(hma,hma@1) and the close
 * against it; wma beside them (one WMA_STEP template serves both). */
START_TEST(generated_vortex_hma_features_match_the_feature_engine)
{
    /* hma(55)'s lookback: 54 + 7 - 1 = 60 warm-up rows */
    check_generated_predictor_on("vortex(14),vortex(21).plus,vortex(2),"
                                 "cross(vortex(14).plus,vortex(14).minus),"
                                 "ratio(vortex(14).plus,vortex(14).minus),vortex(14).minus@1,"
                                 "hma(16),hma(9),hma(4),hma(21),hma(55),"
                                 "cross(hma(16),hma(16)@1),ratio(close,hma(20)),hma(16)@2,wma(10)",
                                 0, NULL, 60);
}
END_TEST

/* The ultimate oscillator (lib/features ultosc.c) at the customary periods,
 * in another order (sorted as TA-Lib does), at the edges (1, equal periods)
 * and in the composites the clone search uses: its levels and crossings. */
START_TEST(generated_ultosc_features_match_the_feature_engine)
{
    /* ultosc(7,14,28)@1's lookback: 29 warm-up rows */
    check_generated_predictor_on("ultosc(7,14,28),ultosc(28,7,14),ultosc(1,2,3),ultosc(5,5,5),"
                                 "ultosc(1,1,1),cross(ultosc(7,14,28),30),"
                                 "above(ultosc(7,14,28),70),ultosc(7,14,28)@1,"
                                 "zscore(ultosc(10,20,40),20)",
                                 0, NULL, 29);
}
END_TEST

/* Heikin-Ashi candles (lib/features heikinashi.c), each output, and the
 * composites the clone search uses: the candle's colour turning
 * (cross(heikinashi.close,heikinashi.open)) and its body as a ratio. */
START_TEST(generated_heikinashi_features_match_the_feature_engine)
{
    /* heikinashi.close@1's lookback: 1 warm-up row */
    check_generated_predictor_on("heikinashi,heikinashi.close,"
                                 "cross(heikinashi.close,heikinashi.open),"
                                 "ratio(heikinashi.close,heikinashi.open),"
                                 "above(heikinashi.close,heikinashi.open),heikinashi.close@1,"
                                 "zscore(heikinashi.low,10)",
                                 0, NULL, 1);
}
END_TEST

/* The bar's own candle shape (lib/features candle.c), each output, and the
 * ratios the clone search cuts: shadows over the body, shares of the range. */
START_TEST(generated_candle_features_match_the_feature_engine)
{
    /* candle.body@1's lookback: 1 warm-up row */
    check_generated_predictor_on("candle,ratio(candle.lower,candle.body),"
                                 "ratio(candle.upper,candle.body),"
                                 "ratio(candle.body,diff(high,low)),"
                                 "ratio(candle.lower,diff(high,low)),candle.body@1,"
                                 "zscore(candle.upper,10)",
                                 0, NULL, 1);
}
END_TEST

/* Elder-ray and the force index (lib/features elder.c), each output, the
 * search's ratios and crosses, a line against its previous bar. */
START_TEST(generated_elderray_force_features_match_the_feature_engine)
{
    /* force(13)'s lookback 13 and ratio(..., atr(14))'s 14: 14 warm-up rows */
    check_generated_predictor_on("elderray(13),elderray(5).bear,force(2),force(13),"
                                 "cross(force(2),0),ratio(elderray(13).bull,atr(14)),"
                                 "ratio(elderray(13).bear,atr(14)),"
                                 "above(elderray(13).bear,elderray(13).bear@1)",
                                 0, NULL, 14);
}
END_TEST

/* Elder's market thermometer (lib/features elder.c thermo): both outputs at
 * his 22 and a short period, the search's cuts (a quiet day below 1, a spike
 * above 3), a lag and ema(22)'s slope beside it. */
START_TEST(generated_thermo_features_match_the_feature_engine)
{
    /* thermo(22)'s lookback 22 and the lag's 1: 23 warm-up rows */
    check_generated_predictor_on("thermo(22),thermo(3).ratio,thermo(22).temp@1,"
                                 "above(1,thermo(22).ratio),above(thermo(22).ratio,3),"
                                 "ratio(ema(22),ema(22)@1),ratio(close,ema(22))",
                                 0, NULL, 23);
}
END_TEST

/* streak (lib/features streak.c) and prevweek (prevday.c's step keyed by the
 * ISO week) on the hourly EUR/USD bars (weekends, Sunday-evening sessions)
 * and time_bars (negative times: the week split floors as the engine's),
 * alone and in the items the clone search cuts. */
START_TEST(generated_streak_prevweek_features_match_the_feature_engine)
{
    static const char spec[] =
        "streak(high),streak(low),streak(sma(3)),above(streak(high),2),prevweek,"
        "ratio(close,prevweek.high),ratio(close,prevweek.low),cross(close,prevweek.high),"
        "streak(low)@1,rsi(30)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    check_generated_predictor_on(spec, 0, eurusd, 30);
    check_generated_predictor_on(spec, 0, time_bars(), 30);
}
END_TEST

/* The true strength index (lib/features tsi.c) and TA-Lib's balance of
 * power (candle.c), alone at several parameters and in the composites the
 * clone search uses: the line crossing its signal and 0, mean(bop,14). */
START_TEST(generated_tsi_bop_features_match_the_feature_engine)
{
    /* tsi(25,13,7)'s lookback 43: 43 warm-up rows */
    check_generated_predictor_on("tsi(25,13,7),tsi(2,1,1).line,tsi(13,7,4).signal,tsi(1,1,1),"
                                 "cross(tsi(25,13,7).line,tsi(25,13,7).signal),"
                                 "cross(tsi(25,13,7).line,0),bop,mean(bop,14),bop@1",
                                 0, NULL, 43);
}
END_TEST

/* Blau's ergodic candlestick oscillator (lib/features tsi.c eco) at his
 * (32,5,5) and short periods, lagged, and as the clone search uses it: the
 * line crossing its signal. */
START_TEST(generated_eco_features_match_the_feature_engine)
{
    /* eco(32,5,5)'s lookback 39: 39 warm-up rows */
    check_generated_predictor_on("eco(32,5,5),eco(1,1,1).line,eco(3,2,2).signal@1,"
                                 "cross(eco(32,5,5).line,eco(32,5,5).signal)",
                                 0, NULL, 39);
}
END_TEST

/* Blau's directional trend index (lib/features tsi.c dti) at his
 * (14,10,5) and short periods, lagged, and as the clone search uses it: its
 * cross of 0. */
START_TEST(generated_dti_features_match_the_feature_engine)
{
    /* dti(14,10,5)'s lookback 27: 27 warm-up rows */
    check_generated_predictor_on("dti(14,10,5),dti(1,1,1),dti(3,2,2)@1,cross(dti(14,10,5),0)",
                                 0, NULL, 27);
}
END_TEST

/* The QQE (lib/features qqe.c) at its customary (14,5,4.236) and short
 * periods, lagged, and as the clone search uses it: the line crossing its
 * trail, the line's side of 50. */
START_TEST(generated_qqe_features_match_the_feature_engine)
{
    /* qqe(14,5,4.236)'s lookback 71: 71 warm-up rows */
    check_generated_predictor_on("qqe(14,5,4.236),qqe(2,1,1).line,qqe(3,2,2.5).trail@1,"
                                 "cross(qqe(14,5,4.236).line,qqe(14,5,4.236).trail),"
                                 "above(qqe(14,5,4.236).line,50)",
                                 0, NULL, 71);
}
END_TEST

/* Bill Williams' fractals (lib/features fractal.c) at several widths and
 * in the crossings the clone search uses. */
START_TEST(generated_fractal_features_match_the_feature_engine)
{
    /* fractal(7)'s lookback 14 */
    check_generated_predictor_on("fractal(2),fractal(1).up,fractal(7).down,fractal(3),"
                                 "cross(close,fractal(2).up),cross(fractal(2).down,close),"
                                 "fractal(2).up@1",
                                 0, NULL, 14);
}
END_TEST

/* The detrended price oscillator (lib/features sma.c), TA-Lib's PPO
 * (macd.c) and the Coppock curve (wma.c), alone at several parameters and
 * in the composites the clone search uses: dpo and ppo crossing 0, ppo's
 * and coppock's levels. */
START_TEST(generated_dpo_ppo_coppock_features_match_the_feature_engine)
{
    /* ppo(5,35)'s lookback 34: 34 warm-up rows (coppock(14,11,10)'s is
     * 23, dpo(20)'s 30, ppo(12,26)'s 25); coppock(3,30,2)'s ring spans
     * more bars than its wma refreshes */
    check_generated_predictor_on("dpo(20),dpo(2),dpo(9),cross(dpo(20),0),dpo(20)@1,"
                                 "ppo(12,26),ppo(2,2),ppo(5,35),cross(ppo(12,26),0),"
                                 "cross(ppo(12,26),1),coppock(14,11,10),coppock(3,30,2),"
                                 "coppock(1,1,5),coppock(14,11,10)@1",
                                 0, NULL, 34);
}
END_TEST

/* Bill Williams' accelerator oscillator (lib/features mt5.c) and Dorsey's
 * mass index (mass.c), alone at several periods and in the composites the
 * clone search uses: ac crossing 0, the mass index falling under 25 after
 * its 10-bar high was above 25.5. */
START_TEST(generated_ac_mass_features_match_the_feature_engine)
{
    /* max(mass(9,25),10)'s lookback 49 (mass(9,25)'s 40, ac's 37) */
    check_generated_predictor_on("ac,cross(ac,0),ac@1,mass(9,25),mass(2,1),mass(3,7),"
                                 "mass(9,25)@1,cross(25,mass(9,25)),"
                                 "above(max(mass(9,25),10),25.5)",
                                 0, NULL, 49);
}
END_TEST

/* Chaikin money flow (lib/features volume_flow.c), the choppiness index and
 * Ehlers' Fisher transform (stoch.c), alone at several periods and in the
 * composites the clone search uses: the level items, their crossings, the
 * Fisher transform's one-bar slope. */
START_TEST(generated_cmf_chop_fisher_features_match_the_feature_engine)
{
    /* chop(30)'s lookback 30 */
    check_generated_predictor_on("cmf(20),cmf(1),cmf(3)@1,cross(cmf(20),0.05),chop(14),chop(2),"
                                 "chop(30),cross(chop(14),45),fisher(10),fisher(2),fisher(25),"
                                 "diff(fisher(10),fisher(10)@1),cross(fisher(10),0)",
                                 0, NULL, 30);
}
END_TEST

/* The volume-weighted moving average (lib/features volume_flow.c), alone at
 * several periods and in the composites the clone search uses: the close
 * crossing vwma(20), the close over it. */
START_TEST(generated_vwma_features_match_the_feature_engine)
{
    check_generated_predictor_on("vwma(20),vwma(1),vwma(3)@1,cross(close,vwma(20)),"
                                 "ratio(close,vwma(20)),cross(vwma(10),vwma(30))",
                                 0, NULL, 29); /* vwma(30)'s lookback 29 */
}
END_TEST

/* Headley's acceleration bands (lib/features bbands.c), at several periods
 * and in the crosses the clone search uses: the close crossing the upper and
 * lower bands of accbands(20). */
START_TEST(generated_accbands_features_match_the_feature_engine)
{
    check_generated_predictor_on("accbands(20),accbands(2),accbands(10).lower@1,"
                                 "cross(close,accbands(20).upper),"
                                 "cross(close,accbands(20).lower),ratio(close,accbands(14).middle)",
                                 0, NULL, 19); /* accbands(20)'s lookback 19 */
}
END_TEST

/* Keltner's 1960 channel (lib/features bbands.c), its three lines at several
 * periods and the crosses the clone search uses: the close beyond .upper /
 * .lower, the close crossing .middle. */
START_TEST(generated_keltner1960_features_match_the_feature_engine)
{
    check_generated_predictor_on("keltner1960(10),keltner1960(1),keltner1960(3).upper@1,"
                                 "cross(close,keltner1960(10).upper),"
                                 "cross(keltner1960(10).lower,close),"
                                 "cross(close,keltner1960(10).middle),keltner1960(30).lower",
                                 0, NULL, 29); /* keltner1960(30)'s lookback 29 */
}
END_TEST

/* Pring's KST and the ease of movement (lib/features kst.c), alone and in
 * the composites the clone search uses: the line crossing its signal and 0,
 * emv(14) crossing 0. */
START_TEST(generated_kst_emv_features_match_the_feature_engine)
{
    /* kst's lookback 52 */
    check_generated_predictor_on("kst,kst.line@1,cross(kst.line,kst.signal),cross(kst.line,0),"
                                 "emv(14),emv(1),emv(30)@2,cross(emv(14),0)",
                                 0, NULL, 52);
}
END_TEST

/* TA-Lib's harami as its side (lib/features harami.c), alone, lagged and in
 * a composite, and the divergence items of the clone search's level grid
 * (the close at its 20-bar low / high, rsi(14) off its own). */
START_TEST(generated_harami_features_match_the_feature_engine)
{
    /* harami@2's lookback 13, the rsi items' 14 + 19 = 33 */
    check_generated_predictor_on("harami,harami@2,and(harami,above(rsi(14),50)),"
                                 "ratio(close,min(close,20)),ratio(close,max(close,20)),"
                                 "diff(rsi(14),min(rsi(14),20)),diff(max(rsi(14),20),rsi(14))",
                                 0, NULL, 33);
}
END_TEST

/* Williams' VIX Fix (lib/features rolling_extreme.c) and the percentage
 * volume oscillator (macd.c), alone at several periods and in the composites
 * the clone search uses: the VIX Fix's z-score (its Bollinger band), the PVO
 * line crossing its signal. */
START_TEST(generated_vixfix_pvo_features_match_the_feature_engine)
{
    /* zscore(vixfix(22),20)'s lookback 40, pvo(5,30,12).signal@1's 41 */
    check_generated_predictor_on("vixfix(22),vixfix(2),vixfix(5)@1,zscore(vixfix(22),20),"
                                 "pvo(12,26,9),pvo(2,3,1).line,pvo(5,30,12).signal@1,"
                                 "cross(pvo(12,26,9).line,pvo(12,26,9).signal)",
                                 0, NULL, 41);
}
END_TEST

/* Blau's stochastic momentum index (lib/features stoch.c) and Chande's VIDYA
 * (rsi.c), alone at several periods and in the composites the clone search
 * uses: the SMI line crossing its signal and its -40 zone, the close
 * crossing VIDYA and over it. */
START_TEST(generated_smi_vidya_features_match_the_feature_engine)
{
    /* smi(13,25,2)'s lookback 13 + 50 + 2 - 4 = 61 */
    check_generated_predictor_on("smi(10,3,3),smi(10,3,3).line@1,smi(13,25,2),smi(2,2,2),"
                                 "cross(smi(10,3,3).line,smi(10,3,3).signal),"
                                 "cross(smi(10,3,3).line,-40),vidya(14,9),vidya(1,2),"
                                 "vidya(50,30)@2,cross(close,vidya(14,9)),"
                                 "ratio(close,vidya(14,9))",
                                 0, NULL, 61);
}
END_TEST

/* Tillson's T3 (lib/features wma.c) and Martin's ulcer index
 * (rolling_extreme.c), alone at several parameters and as the clone
 * search's items: the close crossing T3(5, 0.7), its side, ulcer(14). */
START_TEST(generated_t3_ulcer_features_match_the_feature_engine)
{
    /* t3(10,1)@1's lookback 55 */
    check_generated_predictor_on("t3(5,0.7),t3(2,0),t3(10,1)@1,t3(14,0.3),"
                                 "cross(close,t3(5,0.7)),ratio(close,t3(5,0.7)),"
                                 "ulcer(14),ulcer(2),ulcer(5)@1,zscore(ulcer(14),20)",
                                 0, NULL, 55);
}
END_TEST

/* Schaff's trend cycle and Ehlers' Laguerre RSI (lib/features stc.c), alone
 * and as the level grid's crossings of their zones. */
START_TEST(generated_stc_laguerre_features_match_the_feature_engine)
{
    /* stc(23,50,10)'s lookback 67 */
    check_generated_predictor_on("stc(23,50,10),stc(12,26,10)@1,stc(3,5,2),"
                                 "cross(stc(23,50,10),25),laguerre(0.5),laguerre(0.8)@2,"
                                 "laguerre(0.05),cross(laguerre(0.6),0.2)",
                                 0, NULL, 67);
}
END_TEST

/* Ehlers' MESA adaptive moving average (lib/features mama.c), both outputs
 * at TA-Lib's defaults and at the ends of its range, shifted, and the clone
 * search's MAMA-crossing-FAMA item. */
START_TEST(generated_mama_features_match_the_feature_engine)
{
    /* mama's lookback 32 */
    check_generated_predictor_on("mama(0.5,0.05),mama(0.01,0.99).fama,mama(0.99,0.01).mama@1,"
                                 "mama(0.3,0.1).mama,"
                                 "cross(mama(0.5,0.05).mama,mama(0.5,0.05).fama)",
                                 0, NULL, 33);
}
END_TEST

/* Ehlers' Hilbert-transform cycle items (lib/features ht.c on hilbert.h):
 * htsine's two outputs, shifted, its crossing (the clone search's item),
 * htdcperiod and httrendmode, beside mama (the Hilbert steps they share). */
START_TEST(generated_ht_features_match_the_feature_engine)
{
    /* htsine's and httrendmode's lookback 63 */
    check_generated_predictor_on("htsine,htsine.lead@1,cross(htsine.sine,htsine.lead),"
                                 "htdcperiod,htdcperiod@2,httrendmode,mama(0.5,0.05).mama",
                                 0, NULL, 64);
}
END_TEST

/* ema(x,n) on items (a NaN inside x restarting it: ratio's 0/0 on a
 * flat bar) and Chaikin's volatility (lib/features ema.c), alone and as the
 * clone search uses it: chvol(10,10) crossing 0. */
START_TEST(generated_ema_of_chvol_features_match_the_feature_engine)
{
    /* chvol(10,10)'s lookback 19, ema(rsi(14),5)'s 18 */
    check_generated_predictor_on("ema(diff(high,low),10),ema(volume,20),ema(rsi(14),5),"
                                 "ema(close,2)@1,ema(20),"
                                 "ema(ratio(diff(close,open),diff(high,low)),3),"
                                 "chvol(10,10),chvol(2,1),chvol(5,20)@2,"
                                 "cross(chvol(10,10),0)",
                                 0, NULL, 24);
}
END_TEST

/* The Klinger volume oscillator and Pearson's r of the close against time
 * (lib/features kvo.c), alone and in the items the clone search uses: the
 * line crossing its signal, the line as a level, r crossing 0.8 / -0.8. */
START_TEST(generated_kvo_correl_features_match_the_feature_engine)
{
    /* kvo(34,55,13)'s lookback 67 */
    check_generated_predictor_on("kvo(34,55,13),kvo(2,3,2).signal@1,"
                                 "cross(kvo(34,55,13).line,kvo(34,55,13).signal),"
                                 "correl(20),correl(2),correl(50)@1,cross(correl(20),0.8),"
                                 "cross(-0.8,correl(20))",
                                 0, NULL, 67);
}
END_TEST

/* Chande's intraday momentum index and Dorsey's relative volatility index
 * (lib/features imi.c), alone and in the level cuts the clone search takes. */
START_TEST(generated_imi_features_match_the_feature_engine)
{
    check_generated_predictor_on("imi(14),imi(2),imi(30)@1,above(imi(14),80),cross(imi(14),20),"
                                 "relvol(10,14),relvol(2,2),relvol(20,5)@1,cross(relvol(10,14),60),"
                                 "above(relvol(10,14),50)",
                                 0, NULL, 30);
}
END_TEST

START_TEST(a_spec_that_does_not_parse_leaves_a_note_instead_of_code)
{
    const int32_t hidden[1] = {4};
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_MLP, 2, 2, hidden, 1, BC_ACT_RELU, &m));
    ck_assert_ok(bc_model_set_feature_spec(m, "rsi(14),no_such_indicator(3)"));
    bc_export_ir ir;
    ck_assert_ok(bc_export_ir_from_model(m, &ir));
    char *src = NULL;
    ck_assert_ok(bc_export_ir_source(&ir, BC_EXPORT_SOURCE_MQL5, "m", &src));
    ck_assert_ptr_nonnull(strstr(src, "Features not generated: the spec does not parse"));
    ck_assert_ptr_nonnull(strstr(src, "no_such_indicator"));
    ck_assert_str_eq(bc_last_error(), ""); /* the export itself succeeded */
    ck_assert_ptr_null(strstr(src, "m_features_update"));
    ck_assert_ptr_nonnull(strstr(src, "int m_predict(const double &x[], double &probs[])"));
    free(src);
    bc_model_free(m);
}
END_TEST

START_TEST(onnx_bytes_use_the_two_call_pattern)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 4, 3, NULL, 0, BC_ACT_RELU, &m));
    int64_t need = 0;
    ck_assert_status_msg(bc_export_onnx_bytes(m, 0, NULL, 0, &need), BC_E_BUFFER_TOO_SMALL,
                         "bytes needed");
    ck_assert_int_gt(need, 100);
    uint8_t *buf = malloc((size_t)need);
    ck_assert_ptr_nonnull(buf);
    int64_t length = 0;
    ck_assert_ok(bc_export_onnx_bytes(m, 0, buf, need, &length));
    ck_assert_int_eq(length, need);
    Onnx__ModelProto *model = onnx__model_proto__unpack(NULL, (size_t)length, buf);
    ck_assert_ptr_nonnull(model);
    ck_assert_int_eq(model->opset_import[0]->version, 13);
    onnx__model_proto__free_unpacked(model, NULL);
    free(buf);
    ck_assert_int_eq(bc_export_onnx_bytes(m, 0, NULL, 0, NULL), BC_E_INVALID_ARGUMENT);
    ck_assert_status_msg(bc_export_onnx_bytes(m, 3, NULL, 0, &need), BC_E_INVALID_ARGUMENT,
                         "quantize_int8 is 3");
    bc_model_free(m);
}
END_TEST

START_TEST(models_of_other_kinds_are_unsupported_naming_the_kind)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 4, 2, NULL, 0, BC_ACT_RELU, &m));
    m->kind = 77; /* a kind this exporter does not know (e.g. a future GRU) */
    ck_assert_status_msg(bc_export_onnx(m, "/tmp/never-written.onnx", 0), BC_E_UNSUPPORTED,
                         "kind 'unknown' (77)");
    ck_assert_status_msg(bc_export_mql5(m, "/tmp/never-written.mqh", NULL), BC_E_UNSUPPORTED,
                         "cannot be exported");
    ck_assert_int_eq(access("/tmp/never-written.onnx", F_OK), -1);
    m->kind = BC_MODEL_LOGISTIC;
    ck_assert_status_msg(bc_export_mql5(m, "/tmp/x.mqh", "no spaces"),
                         BC_E_INVALID_ARGUMENT, "'no spaces'");
    ck_assert_int_eq(bc_export_onnx(NULL, "/tmp/x.onnx", 0), BC_E_INVALID_ARGUMENT);
    bc_model_free(m);
}
END_TEST

/* Runs the CLI; returns its exit status. */
static int run_cli(const char *args)
{
    const char *cli = getenv("BC_CLI");
    ck_assert_msg(cli != NULL, "BC_CLI is not set (make check sets it)");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s >/dev/null 2>&1", cli, args);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

START_TEST(cli_export_writes_every_format_and_refuses_unknown_ones)
{
    char dir[] = "/tmp/bc_export_cli_XXXXXX", model[512], out[512], args[2048];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    bc_model *m = NULL;
    const int32_t hidden[1] = {5};
    ck_assert_ok(bc_model_create(BC_MODEL_MLP, 3, 2, hidden, 1, BC_ACT_RELU, &m));
    snprintf(model, sizeof model, "%s/plain.bcm", dir);
    ck_assert_ok(bc_model_save(m, model));
    /* Without a feature spec there is no decision to export. */
    snprintf(args, sizeof args, "export --model %s --format onnx-decision --out %s/d.onnx",
             model, dir);
    ck_assert_int_eq(run_cli(args), 1);
    unlink(model);
    ck_assert_ok(bc_model_set_feature_spec(m, "sma(3),rsi(4),close"));
    snprintf(model, sizeof model, "%s/m.bcm", dir);
    ck_assert_ok(bc_model_save(m, model));
    /* onnx-decision writes the graph and, beside it, its .mqh. */
    snprintf(args, sizeof args, "export --model %s --format onnx-decision --out %s/d.onnx",
             model, dir);
    ck_assert_int_eq(run_cli(args), 0);
    snprintf(out, sizeof out, "%s/d.onnx", dir);
    ck_assert_int_gt(file_size(out), 50);
    unlink(out);
    snprintf(out, sizeof out, "%s/d.mqh", dir);
    ck_assert_int_gt(file_size(out), 50);
    unlink(out);
    snprintf(args, sizeof args, "export --model %s --format mql5 --mqh x.mqh --out %s/x", model,
             dir);
    ck_assert_int_eq(run_cli(args), 2);
    static const char *const formats[][2] = {
        {"onnx", "m.onnx"}, {"onnx-int8", "m8.onnx"}, {"mql5", "m.mqh"}, {"json", "m.json"}};
    for (int i = 0; i < 4; i++) {
        snprintf(out, sizeof out, "%s/%s", dir, formats[i][1]);
        snprintf(args, sizeof args, "export --model %s --format %s --out %s", model,
                 formats[i][0], out);
        ck_assert_msg(run_cli(args) == 0, "botcopier %s failed", args);
        ck_assert_msg(file_size(out) > 50, "%s is empty", out);
        unlink(out);
    }
    snprintf(args, sizeof args, "export --model %s --format pmml --out %s/x", model, dir);
    ck_assert_int_eq(run_cli(args), 2);
    snprintf(args, sizeof args, "export --model %s/missing.bcm --format onnx --out %s/x", dir, dir);
    ck_assert_int_eq(run_cli(args), 1);
    ck_assert_int_eq(run_cli("export --format onnx"), 2);
    unlink(model);
    ck_assert_int_eq(rmdir(dir), 0);
    bc_model_free(m);
}
END_TEST

/* TA-Lib's time series forecast (lib/features kama.c tsf), alone and as the
 * clone search uses it: the close crossing tsf(n) and its ratio to it. */
START_TEST(generated_tsf_features_match_the_feature_engine)
{
    /* tsf(50)'s lookback: 49 warm-up rows */
    check_generated_predictor_on("tsf(2),tsf(14),tsf(20),tsf(50),tsf(14)@1,"
                                 "cross(close,tsf(14)),ratio(close,tsf(20)),cross(close,tsf(20))",
                                 0, NULL, 49);
}
END_TEST

/* The price volume trend (lib/features volume_flow.c pvt), alone and as the
 * clone search uses it: pvt crossing its ema(21). */
START_TEST(generated_pvt_features_match_the_feature_engine)
{
    /* ema(pvt,21)'s lookback: 20 warm-up rows */
    check_generated_predictor_on("pvt,pvt@1,ema(pvt,21),cross(pvt,ema(pvt,21)),zscore(pvt,20)",
                                 0, NULL, 20);
}
END_TEST

/* Connors RSI (lib/features crsi.c), alone at a few parameters and in the
 * level cuts the clone search takes. */
START_TEST(generated_crsi_features_match_the_feature_engine)
{
    /* crsi(3,2,100)'s lookback: 101 warm-up rows */
    check_generated_predictor_on("crsi(3,2,100),crsi(2,2,1),crsi(14,5,20)@1,crsi(2,9,3),"
                                 "above(15,crsi(3,2,100)),cross(crsi(3,2,100),70)",
                                 0, NULL, 101);
}
END_TEST

/* Fosback's negative / positive volume index (lib/features volume_flow.c
 * nvi, pvi), alone and as the clone search uses nvi: crossing its ema(50). */
START_TEST(generated_nvi_pvi_features_match_the_feature_engine)
{
    /* ema(nvi,50)'s lookback: 49 warm-up rows */
    check_generated_predictor_on(
        "nvi,pvi,nvi@1,ema(nvi,50),cross(nvi,ema(nvi,50)),ratio(pvi,ema(pvi,20))", 0, NULL, 49);
}
END_TEST

/* The zero-lag EMA (lib/features ema.c zlema), at the grid's 20 (lag 9),
 * an even and an odd period and n = 2 (lag 0), and as the clone search uses
 * it: the close crossing it, the close over it. */
START_TEST(generated_zlema_features_match_the_feature_engine)
{
    /* zlema(20)'s lookback: 9 + 19 = 28 warm-up rows */
    check_generated_predictor_on("zlema(20),zlema(7),zlema(2),zlema(10)@1,"
                                 "cross(close,zlema(20)),ratio(close,zlema(20))",
                                 0, NULL, 28);
}
END_TEST

/* The instantaneous trendline (ht.c httrendline, httrendmode's trendline)
 * beside httrendmode, shifted, and the clone search's items on it; Wilder's
 * ADX rating (adx.c adxr) beside adx, two periods, shifted. */
START_TEST(generated_httrendline_adxr_features_match_the_feature_engine)
{
    /* httrendline's lookback 63 (adxr(14)'s 40, adxr(3)@2's 9) */
    check_generated_predictor_on("httrendline,httrendline@1,cross(close,httrendline),"
                                 "ratio(close,httrendline),httrendmode,"
                                 "adxr(14),adxr(3)@2,adx(14)",
                                 0, NULL, 64);
}
END_TEST

/* Williams' accumulation / distribution (wad.c wad) alone, shifted and as
 * the clone search uses it (crossing its ema(20)); Poulos' random walk
 * index (rwi.c rwi) at two periods, shifted and as cut at 1. */
START_TEST(generated_wad_rwi_features_match_the_feature_engine)
{
    /* ema(wad,20)'s lookback 19, rwi(14)'s 14 (rwi(14).high@1's 15) */
    check_generated_predictor_on("wad,wad@1,ema(wad,20),cross(wad,ema(wad,20)),"
                                 "rwi(10),rwi(14).high@1,rwi(14).low,above(rwi(14).high,1),"
                                 "diff(rwi(10).high,rwi(10).low)",
                                 0, NULL, 19);
}
END_TEST

/* The dual-thrust range (dtrange.c) at three periods, shifted, and the
 * clone search's level item on it; the Gann HiLo levels the search uses
 * (mean(x,n)@1, no kernel of their own). */
START_TEST(generated_dtrange_hilo_features_match_the_feature_engine)
{
    /* dtrange(20)@1's lookback 20 */
    check_generated_predictor_on("dtrange(4),dtrange(1),dtrange(20)@1,"
                                 "ratio(diff(close,open),dtrange(4)@1),"
                                 "ratio(close,mean(high,3)@1),ratio(close,mean(low,3)@1)",
                                 0, NULL, 20);
}
END_TEST

/* Widner's projection bands (kama.c pbands) and Crabel's stretch (dtrange.c
 * stretch) at several periods, shifted, and the clone search's level items
 * on them (the oscillator cut at 80, the move from the open over the
 * previous bar's stretch cut at 1). */
START_TEST(generated_pbands_stretch_features_match_the_feature_engine)
{
    /* pbands(20).upper@1's lookback 20 */
    check_generated_predictor_on("pbands(14),pbands(2).po,pbands(20).upper@1,"
                                 "above(pbands(14).po,80),stretch(10),stretch(1),stretch(5)@2,"
                                 "ratio(diff(close,open),stretch(10)@1),"
                                 "above(ratio(diff(close,open),stretch(10)@1),1)",
                                 0, NULL, 20);
}
END_TEST

/* Two published indicators the clone search's level grid spells with
 * existing items (search.c's s27_pso block): Leibfarth's premier
 * stochastic's smoothed fast %K (its levels +-0.2 at 45.95 / 54.05) and the
 * close's place in Andersen's standard error bands (cut at +-2, 0 mid), with
 * the search's crossing and level cuts on them. */
START_TEST(generated_pso_and_se_band_items_match_the_feature_engine)
{
    /* mean(linreg(21),3)'s lookback 22 */
    check_generated_predictor_on("ema(ema(stoch(8,1,1).k,5),5),"
                                 "cross(ema(ema(stoch(8,1,1).k,5),5),45.9),"
                                 "cross(54.1,ema(ema(stoch(8,1,1).k,5),5)),"
                                 "ratio(diff(close,mean(linreg(21),3)),mean(linregse(21),3)),"
                                 "above(-2,ratio(diff(close,mean(linreg(21),3)),"
                                 "mean(linregse(21),3)))",
                                 0, NULL, 22);
}
END_TEST

/* The previous bar's close and open places in its range, which the clone
 * search's level grid spells with existing items (search.c's s29_place
 * block: the internal bar strength and its open twin, lagged one bar), with
 * the 80-20's cuts and their conjunction beside the low's streak and the
 * close over the previous low. */
START_TEST(generated_previous_bar_place_items_match_the_feature_engine)
{
    /* the lag on a ratio of diffs: lookback 1 */
    check_generated_predictor_on("ratio(diff(close,low),diff(high,low))@1,"
                                 "ratio(diff(open,low),diff(high,low))@1,"
                                 "above(ratio(diff(open,low),diff(high,low))@1,0.8),"
                                 "and(and(and(above(0,streak(low)),above(ratio(close,low@1),1)),"
                                 "above(ratio(diff(open,low),diff(high,low))@1,0.8)),"
                                 "above(0.2,ratio(diff(close,low),diff(high,low))@1))",
                                 0, NULL, 1);
}
END_TEST

/* ---- the stops a clone places, in the generated predictor ---------------
 * A hand-made clone (rsi(14) and the four position columns; it enters on
 * rsi far from 50 and closes after some bars) with each stop-loss /
 * take-profit unit the cloner learns written into its clone.exits: the C
 * twin of its .mqh, fed aapl's bars, enters on the same bars as
 * bc_predictor_update and places <prefix>_sl / _tp at the predictor's
 * levels (clone_predictor_levels; within the generated features' 1e-9, to
 * the bit for the units without an engine), every unit computed by the
 * generated features (atr(n), range, stddev, the to_* levels), a swing
 * window's extremes by the generated code's own window of the last 20
 * highs and lows. */
bc_model *test_stop_model(const char *exits)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 5, 4, NULL, 0, 0, &m));
    /* classes none, open_long, open_short, close on rsi_z and bars_held */
    const float W[20] = {0, 0, 0, 0, 0, -2.0f, 0, 0, 0, 0, 2.0f, 0, 0, 0, 0, 0, 0, 0, 0.6f, 0};
    const float b[4] = {0.5f, -1.0f, -1.0f, -3.0f};
    memcpy(m->layers[0].weight, W, sizeof W);
    memcpy(m->layers[0].bias, b, sizeof b);
    m->norm_kind = BC_NORM_ZSCORE;
    for (int j = 0; j < 5; j++) {
        m->center[j] = j == 0 ? 50.0 : 0.0;
        m->scale[j] = j == 0 ? 10.0 : 1.0;
        m->clip_low[j] = -5.0;
        m->clip_high[j] = 5.0;
    }
    const char *features[5] = {"rsi(14)", "pos_long", "pos_short", "bars_held", "upnl_atr"};
    const char *classes[4] = {"none", "open_long", "open_short", "close"};
    ck_assert_ok(bc_model_set_feature_names(m, features));
    ck_assert_ok(bc_model_set_class_names(m, classes));
    ck_assert_ok(bc_model_set_feature_spec(m, "rsi(14)"));
    ck_assert_ok(bc_model_set_threshold(m, 0.4));
    if (exits) {
        char json[512];
        snprintf(json, sizeof json, "{\"clone\":{\"exits\":%s}}", exits);
        ck_assert_ok(bc_model_set_extra_json(m, json));
    }
    ck_assert_ok(bc_model_validate(m));
    return m;
}

static void check_generated_stops_of(bc_model *m, const char *exits)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    char *src = NULL;
    ck_assert_msg(bc_export_model_source_c(m, "clone", &src) == BC_OK, "%s: %s", exits,
                  bc_last_error());
    ck_assert_ptr_nonnull(strstr(src, "void clone_place_levels()"));
    char dir[] = "/tmp/bc_export_stops_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    fprintf(f, "%s\n#include <stdio.h>\nint main(void)\n{\n"
            "    long long t;\n    double o, h, l, c, v, p[clone_N_CLASSES];\n"
            "    clone_reset();\n"
            "    while (scanf(\"%%lld %%la %%la %%la %%la %%la\", &t, &o, &h, &l, &c, &v) == 6) {\n"
            "        int d = clone_update(t, o, h, l, c, v, p);\n"
            "        printf(\"%%d %%d %%a %%a\\n\", d, clone_direction, clone_sl, clone_tp);\n"
            "    }\n    return 0;\n}\n",
            src);
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    const int32_t n = bc_bars_length(bars);
    const int64_t *time = bc_bars_time(bars);
    const double *col[5];
    for (int k = 0; k < 5; k++)
        col[k] = bc_bars_column(bars, k);
    c_driver_write_bars(dir, "bars.txt", bars);
    FILE *out = c_driver_run(dir, "bars.txt", "out.txt");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    int32_t entries = 0, placed[2] = {0, 0};
    for (int32_t i = 0; i < n; i++) {
        double probs[4], sl = NAN, tp = NAN;
        int32_t dec = -9, d = -9, dir_got = -9;
        ck_assert_ok(bc_predictor_update(p, time[i], col[0][i], col[1][i], col[2][i], col[3][i],
                                         col[4][i], probs, 4, &dec));
        ck_assert_int_eq(fscanf(out, "%d %d %la %la", &d, &dir_got, &sl, &tp), 4);
        ck_assert_msg(d == dec && dir_got == p->pos.direction,
                      "%s bar %d: decision %d / %d, position %d / %d", exits, (int)i, d, dec,
                      dir_got, p->pos.direction);
        const double want[2] = {p->pos.direction ? p->pos.sl : NAN,
                                p->pos.direction ? p->pos.tp : NAN};
        const double got[2] = {sl, tp};
        for (int k = 0; k < 2; k++) {
            /* the features' 1e-9 (the generated engines round as MQL5 does) */
            ck_assert_msg(fabs(got[k] - want[k]) <= 1e-9 * fmax(1.0, fabs(want[k])) ||
                              (isnan(got[k]) && isnan(want[k])),
                          "%s bar %d: %s %.17g, the predictor's %.17g", exits, (int)i,
                          k ? "tp" : "sl", got[k], want[k]);
            placed[k] += p->pos.direction != 0 && isfinite(want[k]);
        }
        entries += p->last.entered;
    }
    fclose(out);
    /* the rules place levels on the positions the clone holds */
    ck_assert_msg(entries >= 20 && (placed[0] > 0) == !strstr(exits, "\"sl\":null") &&
                      (placed[1] > 0) == !strstr(exits, "\"tp\":null"),
                  "%s: %d entries, bars with a stop %d, with a target %d", exits, entries,
                  placed[0], placed[1]);
    bc_predictor_free(p);
    c_driver_remove(dir);
    bc_bars_free(bars);
    bc_model_free(m);
}

static void check_generated_stops(const char *exits)
{
    check_generated_stops_of(test_stop_model(exits), exits);
}

/* A clone whose position measures in atr(7) (clone.position_atr 7, the
 * cloner's choice for Wilder's volatility system): the generated code's
 * position ATR is atr(7) - its upnl_atr column and an atr stop without its
 * own n sized by it - so the C twin decides and places its stop as the
 * predictor on every bar; without the key the same model measures in
 * atr(14) and the stops differ. */
START_TEST(generated_predictor_measures_the_position_in_the_models_atr)
{
    static const char *const exits = "{\"sl\":{\"unit\":\"atr\",\"k\":1.5},\"tp\":null}";
    bc_model *m = test_stop_model(exits);
    char json[256];
    snprintf(json, sizeof json, "{\"clone\":{\"position_atr\":7,\"exits\":%s}}", exits);
    ck_assert_ok(bc_model_set_extra_json(m, json));
    char *src = NULL;
    ck_assert_ok(bc_export_model_source_c(m, "clone", &src));
    ck_assert_msg(strstr(src, "atr(7)") != NULL && strstr(src, "atr(14)") == NULL,
                  "the generated code's position atr is not atr(7)");
    free(src);
    int64_t len = 0;
    ck_assert_int_eq(bc_export_mql5_text(m, "clone", NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    char *mq5 = malloc((size_t)len + 1);
    ck_assert_ptr_nonnull(mq5);
    ck_assert_ok(bc_export_mql5_text(m, "clone", mq5, len + 1, &len));
    ck_assert_msg(strstr(mq5, "atr(7)") != NULL && strstr(mq5, "atr(14)") == NULL,
                  "the MQL5 position atr is not atr(7)");
    free(mq5);
    /* the decision ONNX graph's host reads the period off its metadata */
    int64_t need = 0;
    ck_assert_int_eq(bc_export_onnx_decision_bytes(m, NULL, 0, &need), BC_E_BUFFER_TOO_SMALL);
    uint8_t *buf = malloc((size_t)need);
    ck_assert_ptr_nonnull(buf);
    ck_assert_ok(bc_export_onnx_decision_bytes(m, buf, need, &need));
    Onnx__ModelProto *onnx = onnx__model_proto__unpack(NULL, (size_t)need, buf);
    ck_assert_ptr_nonnull(onnx);
    ck_assert_msg(strstr(onnx->metadata_props[0]->value, "\"position_atr\":7") != NULL, "%s",
                  onnx->metadata_props[0]->value);
    onnx__model_proto__free_unpacked(onnx, NULL);
    free(buf);
    /* the predictor's stops differ with atr(14): the key is what sizes them */
    bc_model *m14 = test_stop_model(exits);
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    bc_predictor *p7 = NULL, *p14 = NULL;
    ck_assert_ok(bc_predictor_create(m, &p7));
    ck_assert_ok(bc_predictor_create(m14, &p14));
    ck_assert_str_eq(p7->atr_spec, "atr(7)");
    ck_assert_str_eq(p14->atr_spec, "atr(14)");
    int32_t differ = 0;
    for (int32_t i = 0; i < bc_bars_length(bars); i++) {
        double probs[4];
        int32_t d7 = 0, d14 = 0;
        const double *col[5];
        for (int k = 0; k < 5; k++)
            col[k] = bc_bars_column(bars, k);
        const int64_t t = bc_bars_time(bars)[i];
        ck_assert_ok(bc_predictor_update(p7, t, col[0][i], col[1][i], col[2][i], col[3][i],
                                         col[4][i], probs, 4, &d7));
        ck_assert_ok(bc_predictor_update(p14, t, col[0][i], col[1][i], col[2][i], col[3][i],
                                         col[4][i], probs, 4, &d14));
        differ += p7->pos.direction != 0 && p14->pos.direction != 0 && p7->pos.sl != p14->pos.sl;
    }
    ck_assert_int_gt(differ, 10);
    bc_predictor_free(p7);
    bc_predictor_free(p14);
    bc_bars_free(bars);
    bc_model_free(m14);
    /* the C twin of the atr(7) model places its stops as the predictor */
    check_generated_stops_of(m, exits);
}
END_TEST

START_TEST(generated_predictor_places_every_stop_unit_as_the_library)
{
    static const char *const exits[] = {
        "{\"sl\":{\"unit\":\"atr\",\"k\":1.5},\"tp\":{\"unit\":\"atr\",\"k\":2.5,\"n\":20}}",
        "{\"sl\":{\"unit\":\"price\",\"k\":0.02},\"tp\":{\"unit\":\"points\",\"k\":3}}",
        "{\"sl\":{\"unit\":\"swing\",\"k\":1,\"n\":3},\"tp\":{\"unit\":\"risk\",\"k\":2}}",
        "{\"sl\":{\"unit\":\"range\",\"k\":2,\"n\":20},\"tp\":{\"unit\":\"stddev\",\"k\":3,\"n\":20}}",
        "{\"sl\":{\"unit\":\"to_sma\",\"k\":1,\"n\":20},\"tp\":{\"unit\":\"to_ema\",\"k\":1,\"n\":50}}",
        "{\"sl\":{\"unit\":\"to_linreg\",\"k\":1,\"n\":50},\"tp\":{\"unit\":\"to_midprice\",\"k\":1,\"n\":20}}",
        "{\"sl\":{\"unit\":\"stddev\",\"k\":2,\"n\":10},\"tp\":null}",
        "{\"sl\":null,\"tp\":{\"unit\":\"range\",\"k\":1.5,\"n\":14}}",
    };
    for (size_t i = 0; i < sizeof exits / sizeof exits[0]; i++)
        check_generated_stops(exits[i]);
}
END_TEST

/* ONNX carries a clone's stops in its metadata_props["botcopier"] as
 * "exits" (the model file's clone.exits, with each unit's engine spec), the
 * plain classifier graph and the decision graph alike; a stop model the
 * generated predictor cannot place (no position state) and a rule the
 * library cannot read are refused naming the unit or the value, not
 * exported without the stop. */
START_TEST(exports_carry_or_refuse_the_clones_stops)
{
    bc_model *m = test_stop_model("{\"sl\":{\"unit\":\"stddev\",\"k\":2,\"n\":20},"
                             "\"tp\":{\"unit\":\"to_midprice\",\"k\":1,\"n\":20}}");
    for (int decision = 0; decision < 2; decision++) {
        int64_t need = 0;
        if (decision)
            ck_assert_int_eq(bc_export_onnx_decision_bytes(m, NULL, 0, &need),
                             BC_E_BUFFER_TOO_SMALL);
        else
            ck_assert_int_eq(bc_export_onnx_bytes(m, 0, NULL, 0, &need), BC_E_BUFFER_TOO_SMALL);
        uint8_t *buf = malloc((size_t)need);
        ck_assert_ptr_nonnull(buf);
        if (decision)
            ck_assert_ok(bc_export_onnx_decision_bytes(m, buf, need, &need));
        else
            ck_assert_ok(bc_export_onnx_bytes(m, 0, buf, need, &need));
        Onnx__ModelProto *model = onnx__model_proto__unpack(NULL, (size_t)need, buf);
        ck_assert_ptr_nonnull(model);
        ck_assert_uint_eq(model->n_metadata_props, 1);
        const char *meta = model->metadata_props[0]->value;
        ck_assert_msg(strstr(meta, "\"exits\":{\"sl\":{\"unit\":\"stddev\",\"k\":2.0,\"n\":20,"
                                   "\"engine\":\"diff(bbands(20,1).upper,bbands(20,1).middle)\"},"
                                   "\"tp\":{\"unit\":\"to_midprice\",\"k\":1.0,\"n\":20,"
                                   "\"engine\":\"midprice(20)\"}}") != NULL,
                      "decision %d: %s", decision, meta);
        onnx__model_proto__free_unpacked(model, NULL);
        free(buf);
    }
    bc_model_free(m);

    /* the same rules on a model without position state: nothing to place
     * them on */
    m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 1, 3, NULL, 0, 0, &m));
    const char *features[1] = {"rsi(14)"};
    ck_assert_ok(bc_model_set_feature_names(m, features));
    ck_assert_ok(bc_model_set_feature_spec(m, "rsi(14)"));
    ck_assert_ok(bc_model_set_extra_json(
        m, "{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"range\",\"k\":2,\"n\":20},\"tp\":null}}}"));
    char *src = NULL;
    ck_assert_status_msg(bc_export_model_source_c(m, "clone", &src), BC_E_UNSUPPORTED,
                         "stop-loss rule (unit 'range') needs the position state");
    ck_assert_ptr_null(src);
    /* a unit this library does not know: refused, naming it */
    ck_assert_ok(bc_model_set_extra_json(
        m, "{\"clone\":{\"exits\":{\"sl\":null,\"tp\":{\"unit\":\"keltner\",\"k\":2,\"n\":20}}}}"));
    int64_t need = 0;
    ck_assert_status_msg(bc_export_onnx_bytes(m, 0, NULL, 0, &need), BC_E_VERSION,
                         "clone.exits.tp: unit 'keltner'");
    ck_assert_status_msg(bc_export_model_source_c(m, "clone", &src), BC_E_VERSION,
                         "clone.exits.tp: unit 'keltner'");
    bc_model_free(m);
}
END_TEST

/* Ehlers' center of gravity (lib/features cog.c) and Kaufman's efficiency
 * ratio (kama.c er, kama's own), alone and as the clone search uses them:
 * cog(10) crossing its 3-bar mean, er(10) against a level; kama beside er
 * (one template). */
START_TEST(generated_cog_er_features_match_the_feature_engine)
{
    /* er(20)@1's lookback: 21 warm-up rows */
    check_generated_predictor_on("cog(10),cog(2),cog(14)@1,mean(cog(10),3),"
                                 "cross(cog(10),mean(cog(10),3)),er(10),er(2),er(20)@1,"
                                 "above(er(10),0.5),kama(10)",
                                 0, NULL, 21);
}
END_TEST

/* A position a host sets bars after its entry (an EA restarted mid-trade,
 * the bars since the entry fed with _observe): the generated predictor
 * places the levels bc_predictor_levels gives, to the bit - a swing stop
 * from the entry bar's own window (NaN once that window is older than the
 * last CLONE_SWING_MAX bars, as the library's), the price and points units
 * at the entry price - for 0 to 24 bars held (entered at the entry bar's
 * close; 0 held: the next bar's). */
static void check_restarted_stops(const char *exits)
{
    bc_model *m = test_stop_model(exits);
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    char *src = NULL;
    ck_assert_ok(bc_export_model_source_c(m, "clone", &src));
    char dir[] = "/tmp/bc_export_restart_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    fprintf(f, "%s\n#include <stdio.h>\nint main(void)\n{\n", src);
    c_driver_put_restarts(f, dir);
    fprintf(f, "    return 0;\n}\n");
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    const c_driver_series b = c_driver_series_of(bars);
    const int32_t n = b.n;
    const double *const *col = b.col;
    /* every 7th bar: a long or a short held 0..24 bars */
    f = c_driver_file(dir, "restarts.txt", "w");
    for (int32_t i = 0; i < n; i++) {
        const int held = (i / 7) % 25, set = i % 7 == 6 && i - held >= 0;
        c_driver_restart_line(f, set ? (i / 7 % 2 ? -1 : 1) : 9, held,
                              set ? col[3][i - held] : 0.0, &b, i);
    }
    ck_assert_int_eq(fclose(f), 0);
    FILE *out = c_driver_run(dir, "restarts.txt", "out.txt");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert_ok(bc_predictor_set(p, "auto_position", "0"));
    int32_t sets = 0, placed[2] = {0, 0}, old_placed = 0;
    for (int32_t i = 0; i < n; i++) {
        const int held = (i / 7) % 25, set = i % 7 == 6 && i - held >= 0;
        if (set) {
            double want[2], got[2];
            ck_assert_ok(bc_predictor_set_position(p, i / 7 % 2 ? -1 : 1, held, col[3][i - held]));
            ck_assert_ok(bc_predictor_levels(p, &want[0], &want[1], NULL));
            ck_assert_int_eq(fscanf(out, " R %la %la", &got[0], &got[1]), 2);
            for (int k = 0; k < 2; k++) {
                ck_assert_msg(got[k] == want[k] || (isnan(got[k]) && isnan(want[k])),
                              "%s bar %d, %d bars held: %s %.17g, the predictor's %.17g", exits,
                              (int)i, held, k ? "tp" : "sl", got[k], want[k]);
                placed[k] += isfinite(want[k]);
            }
            old_placed += held > 1 && isfinite(want[0]);
            ck_assert_ok(bc_predictor_set_position(p, 0, 0, 0.0));
            sets++;
        }
        ck_assert_ok(bc_predictor_observe(p, b.time[i], col[0][i], col[1][i], col[2][i], col[3][i],
                                          col[4][i]));
    }
    fclose(out);
    /* levels were placed, on positions held more than one bar too */
    ck_assert_msg(sets >= 50 && placed[0] > sets / 4 &&
                      (placed[1] > sets / 4) == !strstr(exits, "\"tp\":null") && old_placed > 10,
                  "%s: %d positions set, %d with a stop, %d with a target, %d held > 1 with a stop",
                  exits, sets, placed[0], placed[1], old_placed);
    bc_predictor_free(p);
    c_driver_remove(dir);
    bc_bars_free(bars);
    bc_model_free(m);
}

START_TEST(generated_predictor_places_a_position_set_bars_after_its_entry_as_the_library)
{
    check_restarted_stops("{\"sl\":{\"unit\":\"swing\",\"k\":1,\"n\":3},\"tp\":{\"unit\":\"risk\",\"k\":2}}");
    check_restarted_stops("{\"sl\":{\"unit\":\"swing\",\"k\":1.5,\"n\":10},\"tp\":null}");
    check_restarted_stops("{\"sl\":{\"unit\":\"price\",\"k\":0.02},\"tp\":{\"unit\":\"points\",\"k\":3}}");
}
END_TEST

/* The learned moving average (lib/features fir.c): weights computed at
 * reset from the cubic, alone, lagged and as the clone search uses it
 * (the close above / crossing it). */
START_TEST(generated_fir_features_match_the_feature_engine)
{
    /* fir(45,...)@1's lookback: 45 warm-up rows */
    check_generated_predictor_on("fir(10,1,0,0,0),fir(20,1,-0.8,0.1,0.05),"
                                 "fir(45,0.3,1,-2.5,1.2)@1,cross(close,fir(20,1,-0.8,0.1,0.05)),"
                                 "above(close,fir(30,-1,2.5e-05,0,0.75))",
                                 0, NULL, 45);
}
END_TEST

/* The triangular average and Ehlers' super smoother (lib/features
 * trima.c): trima at the bot's 10/30, an odd period and n = 2 (sma(1) then
 * sma(2)); ssf at 10 and 20 (coefficients from exp/cos at reset), lagged;
 * and as the clone search uses them: the crosses, the close above ssf. */
START_TEST(generated_trima_ssf_features_match_the_feature_engine)
{
    /* trima(30)'s lookback: 29 warm-up rows */
    check_generated_predictor_on("trima(10),trima(30),trima(11),trima(2),ssf(20),ssf(10)@1,"
                                 "cross(trima(10),trima(30)),cross(close,ssf(20)),"
                                 "above(close,ssf(10))",
                                 0, NULL, 29);
}
END_TEST

/* Ehlers' UltimateSmoother and the close's place in his Ultimate Bands
 * (lib/features trima.c usmooth, uband): at 20 and 10 (coefficients from
 * exp/cos at reset), lagged, a short band, and as the clone search uses them. */
START_TEST(generated_usmooth_uband_features_match_the_feature_engine)
{
    /* uband(20)'s lookback: 21 warm-up rows */
    check_generated_predictor_on("usmooth(20),usmooth(10)@1,uband(20),uband(5)@2,"
                                 "above(close,usmooth(20)),cross(close,usmooth(10))",
                                 0, NULL, 21);
}
END_TEST

/* Ehlers' simple decycler (lib/features trima.c decycler): at 125 and 20
 * (coefficients from cos/sin at reset), lagged, and as the clone search
 * uses it, the close's ratio to it against his 1.005 line. */
START_TEST(generated_decycler_features_match_the_feature_engine)
{
    /* decycler(20)@1's lookback: 3 warm-up rows */
    check_generated_predictor_on("decycler(125),decycler(20)@1,ratio(close,decycler(125)),"
                                 "above(ratio(close,decycler(125)),1.005),"
                                 "cross(close,decycler(20))",
                                 0, NULL, 3);
}
END_TEST

/* White's vertical horizontal filter (kama.c vhf, on er's sliding sum) alone
 * and as the clone search uses it: vhf(28) against a level, beside er on
 * the same template, and the RAVI level ratio(sma(7),sma(65)). */
START_TEST(generated_vhf_features_match_the_feature_engine)
{
    /* ratio(sma(7),sma(65))'s lookback: 64 warm-up rows */
    check_generated_predictor_on("vhf(28),vhf(2),vhf(14)@1,above(vhf(28),0.35),er(28),"
                                 "ratio(sma(7),sma(65))",
                                 0, NULL, 64);
}
END_TEST

/* dayema / weekema (lib/features prevday.c: the EMA of the whole days' /
 * ISO weeks' closes) on the hourly EUR/USD bars (weekends, Sunday-evening
 * sessions) and time_bars (negative times), alone and in the daily-trend
 * item the clone search cuts. */
START_TEST(generated_dayema_weekema_features_match_the_feature_engine)
{
    static const char spec[] =
        "dayema(5),dayema(20),weekema(5),weekema(2)@1,ratio(prevday.close,dayema(5)),"
        "ratio(prevday.close,dayema(20)),above(prevweek.close,weekema(3)),rsi(7)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    check_generated_predictor_on(spec, 0, eurusd, 400); /* dayema(20): 22 days */
    check_generated_predictor_on(spec, 0, time_bars(), 20);
}
END_TEST

/* weekmacd (lib/features macd.c: macd's step on whole ISO weeks' closes,
 * prevweek's weeks) on the S&P 500 daily bars (holidays, a week's last
 * bar on any weekday), the hourly EUR/USD bars (weekends, Sunday-evening
 * sessions) and time_bars (negative times), alone, lagged and as the
 * clone search cuts it (the tide's slope at 0). */
START_TEST(generated_weekmacd_features_match_the_feature_engine)
{
    static const char daily[] =
        "weekmacd(12,26,9),weekmacd(2,3,1).slope,weekmacd(5,35,5).hist@1,"
        "above(weekmacd(12,26,9).slope,0),above(0,weekmacd(12,26,9).slope),rsi(7)";
    static const char hourly[] = "weekmacd(2,3,2),weekmacd(3,5,2).slope@2,rsi(7)";
    bc_bars *sp500 = NULL, *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("sp500_daily.csv"), &sp500, NULL));
    /* weekmacd(12,26,9).slope: 1 + 25 + 8 + 1 whole weeks after the first */
    check_generated_predictor_on(daily, 0, sp500, 5 * 35);
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    check_generated_predictor_on(hourly, 0, eurusd, 100 * 6);
    check_generated_predictor_on(hourly, 0, time_bars(), 20);
}
END_TEST

/* Pee's trend intensity index and the close's place in the previous range
 * (lib/features tii.c), alone, lagged and as the clone search uses them
 * (cut at their levels, the range crossing in a session). */
START_TEST(generated_tii_rangepos_features_match_the_feature_engine)
{
    /* tii(60,30)'s lookback 88 */
    check_generated_predictor_on("tii(20,10),tii(60,30),tii(2,1),tii(14,5)@1,"
                                 "cross(tii(20,10),80),above(tii(60,30),50),"
                                 "rangepos(24),rangepos(1),rangepos(20)@2,"
                                 "cross(rangepos(24),0.62),"
                                 "and(cross(0.38,rangepos(24)),session(9,17))",
                                 0, NULL, 88);
}
END_TEST

/* Pee's trend detection index (lib/features tii.c), alone, lagged and as
 * the clone search uses it (the index crossing 0, the direction's side). */
START_TEST(generated_tdi_features_match_the_feature_engine)
{
    /* tdi(20)'s lookback 59 */
    check_generated_predictor_on("tdi(20),tdi(1),tdi(5).tdi@1,tdi(3).direction@2,"
                                 "cross(tdi(20).tdi,0),above(tdi(20).direction,0),"
                                 "and(cross(tdi(20).tdi,0),above(tdi(20).direction,0))",
                                 0, NULL, 59);
}
END_TEST

/* Widner's rainbow oscillator (lib/features rainbow.c), alone, lagged and
 * as the clone search uses it (cut at levels, crossing them). */
START_TEST(generated_rainbow_features_match_the_feature_engine)
{
    /* rainbow(10,10)'s lookback 10, rainbow(2,30)'s 29 */
    check_generated_predictor_on("rainbow(10,10),rainbow(1,2),rainbow(2,30),rainbow(5,3)@1,"
                                 "cross(rainbow(10,10),-50),above(rainbow(10,10),0)",
                                 0, NULL, 29);
}
END_TEST

/* Pee's trend continuation factor (lib/features tcf.c), both lines, alone,
 * lagged and as the clone search uses them (cut at 0, crossing it). */
START_TEST(generated_tcf_features_match_the_feature_engine)
{
    /* tcf(35)'s lookback 35 */
    check_generated_predictor_on("tcf(35).plus,tcf(35).minus,tcf(1).plus,tcf(8).minus@2,"
                                 "cross(tcf(35).plus,0),above(tcf(35).minus,0)",
                                 0, NULL, 35);
}
END_TEST

/* DeMark's TD range expansion index (lib/features tdrei.c), alone, lagged
 * and as the clone search uses it (cut at his zones, crossing them). */
START_TEST(generated_tdrei_features_match_the_feature_engine)
{
    /* tdrei(5)'s lookback 12, tdrei(20)'s 27 */
    check_generated_predictor_on("tdrei(5),tdrei(1),tdrei(20),tdrei(3)@1,"
                                 "cross(tdrei(5),-45),above(tdrei(5),45)",
                                 0, NULL, 27);
}
END_TEST

/* A clone's break-even move (its model's breakeven_atr) in every export:
 * the ONNX metadata's "exits" of both graphs carries it, the generated
 * predictor's update moves the stop at it (the twin with bc_clone_run:
 * test_export_decision.c, the heldout11 break-even clone), and a model
 * without position state, which no generated code could move a stop for,
 * is refused naming the move. */
START_TEST(exports_carry_or_refuse_the_break_even_move)
{
    bc_model *m = test_stop_model("{\"sl\":{\"unit\":\"atr\",\"k\":1.5},"
                                  "\"tp\":{\"unit\":\"atr\",\"k\":3}}");
    m->breakeven_atr = 1.5;
    for (int decision = 0; decision < 2; decision++) {
        int64_t need = 0;
        if (decision)
            ck_assert_int_eq(bc_export_onnx_decision_bytes(m, NULL, 0, &need),
                             BC_E_BUFFER_TOO_SMALL);
        else
            ck_assert_int_eq(bc_export_onnx_bytes(m, 0, NULL, 0, &need), BC_E_BUFFER_TOO_SMALL);
        uint8_t *buf = malloc((size_t)need);
        ck_assert_ptr_nonnull(buf);
        if (decision)
            ck_assert_ok(bc_export_onnx_decision_bytes(m, buf, need, &need));
        else
            ck_assert_ok(bc_export_onnx_bytes(m, 0, buf, need, &need));
        Onnx__ModelProto *model = onnx__model_proto__unpack(NULL, (size_t)need, buf);
        ck_assert_ptr_nonnull(model);
        const char *meta = model->metadata_props[0]->value;
        ck_assert_msg(strstr(meta, "\"breakeven_atr\":1.5}") != NULL, "decision %d: %s", decision,
                      meta);
        onnx__model_proto__free_unpacked(model, NULL);
        free(buf);
    }
    char *src = NULL;
    ck_assert_ok(bc_export_model_source_c(m, "clone", &src));
    ck_assert_ptr_nonnull(strstr(src, "bar_high >= clone_entry_price + 1.5 * clone_entry_atr"));
    ck_assert_ptr_nonnull(strstr(src, "bar_low <= clone_entry_price - 1.5 * clone_entry_atr"));
    free(src);
    m->breakeven_atr = 0.0; /* none: no move in the code */
    ck_assert_ok(bc_export_model_source_c(m, "clone", &src));
    ck_assert_ptr_null(strstr(src, "break-even"));
    free(src);
    bc_model_free(m);
    m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 1, 3, NULL, 0, 0, &m));
    const char *features[1] = {"rsi(14)"};
    ck_assert_ok(bc_model_set_feature_names(m, features));
    ck_assert_ok(bc_model_set_feature_spec(m, "rsi(14)"));
    m->breakeven_atr = 1.0;
    ck_assert_status_msg(bc_export_model_source_c(m, "clone", &src), BC_E_UNSUPPORTED,
                         "break-even move needs the position state");
    ck_assert_ptr_null(src);
    bc_model_free(m);
}
END_TEST

/* The learned oscillator (lib/features firosc.c): weights computed at
 * reset from the cubic, a ring of n + 1 closes, alone, lagged and as the
 * clone search's level grid cuts it. */
START_TEST(generated_firosc_features_match_the_feature_engine)
{
    /* firosc(45,...)@1's lookback: 46 warm-up rows */
    check_generated_predictor_on("firosc(10,1,0,0,0),firosc(20,1,-0.8,0.1,0.05),"
                                 "firosc(45,0.3,1,-2.5,1.2)@1,cross(firosc(20,1,-0.8,0.1,0.05),0),"
                                 "above(firosc(30,-1,2.5e-05,0,0.75),0.05)",
                                 0, NULL, 46);
}
END_TEST

/* DecisionPoint's price momentum oscillator (lib/features pmo.c), at its
 * customary smoothing and others, and the composites the clone search uses:
 * the line crossing its signal and 0. */
START_TEST(generated_pmo_features_match_the_feature_engine)
{
    /* pmo(35,20)'s lookback 61, pmo(10,5).signal@1's 22 */
    check_generated_predictor_on("pmo(35,20),pmo(35,20).signal@1,pmo(2,2).line,"
                                 "pmo(10,5).signal@1,"
                                 "cross(pmo(35,20).line,pmo(35,20).signal),"
                                 "cross(pmo(35,20).line,0)",
                                 0, NULL, 62);
}
END_TEST

/* max_hold (twenty-first session): a position held more than the model's
 * max_hold bars closes where the model would hold it, in the library's
 * predictor and bc_clone_run alike and in the generated predictor, bar for
 * bar; the limit survives the .bcm file. The hand stop model closes on its
 * own after a few bars: the limit at 2 cuts its longer holds at 3. */
static int32_t predictor_longest_hold(const bc_model *m, const bc_bars *bars, int32_t *cut)
{
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    const c_driver_series b = c_driver_series_of(bars);
    int32_t longest = 0;
    *cut = 0;
    for (int32_t i = 0; i < b.n; i++) {
        int32_t dir = 0, held = 0, d = -9;
        double probs[4];
        ck_assert_ok(bc_predictor_position(p, &dir, &held, NULL));
        ck_assert_ok(bc_predictor_update(p, b.time[i], b.col[0][i], b.col[1][i], b.col[2][i],
                                         b.col[3][i], b.col[4][i], probs, 4, &d));
        if (dir != 0 && held > longest)
            longest = held;
        *cut += dir != 0 && d == BC_DECISION_CLOSE && m->max_hold > 0 && held == m->max_hold + 1;
    }
    bc_predictor_free(p);
    return longest;
}

START_TEST(max_hold_closes_a_long_hold_in_the_library_and_the_generated_predictor)
{
    bc_model *m = test_stop_model(NULL);
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    int32_t cut = 0;
    const int32_t free_longest = predictor_longest_hold(m, bars, &cut);
    ck_assert_msg(free_longest >= 5, "the model's longest hold %d", free_longest);
    m->max_hold = 2;
    int64_t size = 0;
    bc_model_save_bytes(m, NULL, 0, &size);
    uint8_t *buf = malloc((size_t)size);
    ck_assert_ptr_nonnull(buf);
    ck_assert_ok(bc_model_save_bytes(m, buf, size, &size));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, size, &back));
    free(buf);
    ck_assert_int_eq(back->max_hold, 2);
    ck_assert_int_eq(predictor_longest_hold(back, bars, &cut), 3);
    ck_assert_int_gt(cut, 0); /* closed on the third bar held */
    /* bc_clone_run: no position outlives 3 bars (times of the bars) */
    bc_trades *run = NULL;
    ck_assert_ok(bc_clone_run(back, bars, INT64_MIN, INT64_MAX, &run));
    const c_driver_series b = c_driver_series_of(bars);
    int32_t at = 0, opened = -1, closes = 0;
    for (int32_t k = 0; k < bc_trades_count(run); k++) {
        bc_trade_event e;
        e.struct_size = (uint32_t)sizeof e;
        ck_assert_ok(bc_trades_get(run, k, &e));
        while (at < b.n && b.time[at] < e.time)
            at++;
        if (e.action == BC_ACTION_OPEN) {
            opened = at;
        } else if (e.action == BC_ACTION_CLOSE && opened >= 0) {
            ck_assert_msg(at - opened <= 3, "a position held %d bars", at - opened);
            closes++;
        }
    }
    ck_assert_int_gt(closes, 20);
    bc_trades_free(run);
    /* the MQL5 include closes there too (the C twin below is its code) */
    int64_t len = 0;
    ck_assert_int_eq(bc_export_mql5_text(back, "clone", NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    char *text = malloc((size_t)len + 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_ok(bc_export_mql5_text(back, "clone", text, len + 1, &len));
    ck_assert_ptr_nonnull(strstr(text, "clone_bar_count - clone_entry_index > 2)"));
    free(text);
    /* the generated predictor decides as the library's, bar for bar */
    char *src = NULL;
    ck_assert_ok(bc_export_model_source_c(back, "clone", &src));
    ck_assert_ptr_nonnull(strstr(src, "clone_bar_count - clone_entry_index > 2)"));
    char dir[] = "/tmp/bc_export_max_hold_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *f = c_driver_file(dir, "driver.c", "w");
    fprintf(f, "%s\n#include <stdio.h>\nint main(void)\n{\n"
            "    long long t;\n    double o, h, l, c, v, p[clone_N_CLASSES];\n"
            "    clone_reset();\n"
            "    while (scanf(\"%%lld %%la %%la %%la %%la %%la\", &t, &o, &h, &l, &c, &v) == 6) {\n"
            "        int d = clone_update(t, o, h, l, c, v, p);\n"
            "        printf(\"%%d %%d\\n\", d, clone_direction);\n"
            "    }\n    return 0;\n}\n",
            src);
    free(src);
    ck_assert_int_eq(fclose(f), 0);
    c_driver_write_bars(dir, "bars.txt", bars);
    FILE *out = c_driver_run(dir, "bars.txt", "out.txt");
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(back, &p));
    for (int32_t i = 0; i < b.n; i++) {
        double probs[4];
        int32_t dec = -9, d = -9, dir_got = -9;
        ck_assert_ok(bc_predictor_update(p, b.time[i], b.col[0][i], b.col[1][i], b.col[2][i],
                                         b.col[3][i], b.col[4][i], probs, 4, &dec));
        ck_assert_int_eq(fscanf(out, "%d %d", &d, &dir_got), 2);
        ck_assert_msg(d == dec && dir_got == p->pos.direction,
                      "bar %d: decision %d / %d, position %d / %d", (int)i, d, dec, dir_got,
                      p->pos.direction);
    }
    fclose(out);
    bc_predictor_free(p);
    c_driver_remove(dir);
    bc_model_free(back);
    bc_bars_free(bars);
    bc_model_free(m);
}
END_TEST

/* Bressert's double smoothed stochastic and Chande's dynamic momentum index
 * (lib/features dss.c), alone, lagged and as the clone search uses them
 * (cut at their levels). */
START_TEST(generated_dss_dynmom_features_match_the_feature_engine)
{
    /* dss(13,8)'s lookback 38, dynmom(7)@2's 32 */
    check_generated_predictor_on("dss(13,8),dss(10,3),dss(1,1),dss(5,2)@1,"
                                 "cross(dss(13,8),20),cross(80,dss(13,8)),"
                                 "dynmom(14),dynmom(7)@2,cross(30,dynmom(14)),"
                                 "above(dynmom(14),50)",
                                 0, NULL, 38);
}
END_TEST

/* The Ichimoku cloud and the polarized fractal efficiency (lib/features
 * cloud.c): alone, lagged, at odd periods and as the clone search uses them
 * (the close crossing the cloud's edges, pfe cut at a level). */
START_TEST(generated_ichimoku_pfe_features_match_the_feature_engine)
{
    /* ichimoku(9,26,52,26)'s lookback 77 */
    check_generated_predictor_on("ichimoku(9,26,52,26),ichimoku(26,9,5,3)@1,ichimoku(1,1,1,1),"
                                 "cross(close,ichimoku(9,26,52,26).top),"
                                 "cross(close,ichimoku(9,26,52,26).bottom),"
                                 "pfe(10,5),pfe(2,1),pfe(14,3)@2,above(pfe(10,5),30)",
                                 0, NULL, 77);
}
END_TEST

/* The t-statistic of returns and Johnson's pretty good oscillator (lib/features
 * tstat_pgo.c), alone, lagged and as the clone search uses them (cut at their
 * levels, the t-statistic crossing in a session). */
START_TEST(generated_tstat_pgo_features_match_the_feature_engine)
{
    /* tstat(50)'s lookback 50 */
    check_generated_predictor_on("tstat(24),tstat(2),tstat(50),tstat(20)@1,"
                                 "cross(tstat(24),-1.5),above(tstat(20),0),"
                                 "and(cross(tstat(24),1.5),session(8,16)),"
                                 "pgo(14),pgo(2),pgo(21)@2,cross(pgo(14),3),"
                                 "cross(0,pgo(14))",
                                 0, NULL, 50);
}
END_TEST

/* Ehlers' FRAMA and Chande and Kroll's stop (lib/features frama.c): alone,
 * lagged, at odd periods and as the clone search uses them (the close
 * crossing frama(16) and the stop's four lines). */
START_TEST(generated_frama_ckstop_features_match_the_feature_engine)
{
    /* frama(40)@1: lookback 39 + 1 */
    check_generated_predictor_on("frama(16),frama(2),frama(40)@1,cross(close,frama(16)),"
                                 "ckstop(10,1,9),ckstop(1,0.5,1),ckstop(20,3,10)@2,"
                                 "cross(close,ckstop(10,1,9).upper),"
                                 "cross(close,ckstop(10,1,9).lower),"
                                 "cross(close,ckstop(10,1,9).long),"
                                 "cross(close,ckstop(10,1,9).short)",
                                 0, NULL, 40);
}
END_TEST

/* Ehlers' inverse Fisher transform of the RSI (lib/features wma.c) and Bill
 * Williams' market facilitation index (volume_flow.c), alone, lagged, at odd
 * periods and as the clone search uses them (iftrsi crossing +-0.5, the green
 * bar: bwmfi and volume both above the previous bar's). */
START_TEST(generated_iftrsi_bwmfi_features_match_the_feature_engine)
{
    /* iftrsi(9,30)'s lookback 38 */
    check_generated_predictor_on("iftrsi(5,9),iftrsi(2,2),iftrsi(9,30),iftrsi(14,9)@1,"
                                 "cross(iftrsi(5,9),-0.5),cross(iftrsi(5,9),0.5),"
                                 "bwmfi,bwmfi@2,"
                                 "and(above(bwmfi,bwmfi@1),above(volume,volume@1))",
                                 0, NULL, 38);
}
END_TEST

/* The level grid's averages stack and Darvas box items (twenty-second
 * session): nested and/above of three averages, and the highest high /
 * lowest low displaced three bars inside ratio(). */
START_TEST(generated_stack_and_box_features_match_the_feature_engine)
{
    /* sma(200)'s lookback 199 */
    check_generated_predictor_on("and(above(sma(50),sma(150)),above(sma(150),sma(200))),"
                                 "and(above(sma(150),sma(50)),above(sma(200),sma(150))),"
                                 "ratio(close,max(high,10)@3),"
                                 "ratio(max(high,3)@1,max(high,10)@3),"
                                 "ratio(close,min(low,10)@3),ratio(min(low,3)@1,min(low,10)@3)",
                                 0, NULL, 199);
}
END_TEST

/* The skewness of returns (lib/features skew.c), alone, lagged and as the
 * clone search uses it (crossing its levels, in a session), and DeMark's TD
 * setup counts as the level grid writes them. */
START_TEST(generated_skew_features_match_the_feature_engine)
{
    /* skew(60)'s lookback 60 */
    check_generated_predictor_on("skew(48),skew(3),skew(60),skew(24)@1,"
                                 "cross(skew(48),0.75),cross(-0.75,skew(48)),"
                                 "and(cross(skew(48),0.75),session(7,17)),"
                                 "since(above(close,close@4)),since(above(close@4,close))",
                                 0, NULL, 60);
}
END_TEST

/* k white soldiers / k black crows (lib/features soldiers.c), alone at
 * several counts, lagged and in a composite (the textbook three:
 * and(above(close@2,open@2),soldiers(2))). The AAPL daily bars hold no run
 * of three; soldiers(1) and soldiers(2) take both signs there (75 / 87 and
 * 14 / 12 bars). */
START_TEST(generated_soldiers_features_match_the_feature_engine)
{
    /* soldiers(20)'s lookback 20, soldiers(3)@2's 5 */
    check_generated_predictor_on("soldiers(3),soldiers(1),soldiers(2),soldiers(20),soldiers(3)@2,"
                                 "and(above(close@2,open@2),soldiers(2)),"
                                 "and(soldiers(3),session(7,17))",
                                 0, NULL, 20);
}
END_TEST

/* TA-Lib's hikkake with its values (lib/features hikkake.c), alone, lagged,
 * cut at the confirmation as the clone search cuts it, and in a composite.
 * The AAPL daily bars hold all four values (+-100 setups, +-200
 * confirmations). */
START_TEST(generated_cdlhikkake_features_match_the_feature_engine)
{
    /* cdlhikkake@3's lookback 8, the sma item's 19 */
    check_generated_predictor_on("cdlhikkake,cdlhikkake@3,above(cdlhikkake,100),"
                                 "above(cdlhikkake,-200),"
                                 "and(above(cdlhikkake,150),above(ratio(close,sma(20)),1))",
                                 0, NULL, 19);
}
END_TEST

/* TA-Lib's three inside up / down as its side (lib/features threeinside.c),
 * alone, lagged and in a composite, as the clone search's signal grid takes
 * it. */
START_TEST(generated_cdl3inside_features_match_the_feature_engine)
{
    /* cdl3inside@3's lookback 15, the sma item's 19 */
    check_generated_predictor_on("cdl3inside,cdl3inside@3,above(cdl3inside,0),above(0,cdl3inside),"
                                 "and(cdl3inside,above(ratio(close,sma(20)),1))",
                                 0, NULL, 19);
}
END_TEST

/* Dormeier's volume-weighted MACD (lib/features macd.c), alone at several
 * periods, lagged and as the clone search uses it (the line crossing its
 * signal, the line's side), and the STARC band distance of the level grid. */
START_TEST(generated_vwmacd_features_match_the_feature_engine)
{
    /* vwmacd(5,35,12).signal@1's lookback 34 + 11 + 1 = 46 */
    check_generated_predictor_on("vwmacd(12,26,9),vwmacd(2,3,1).line,vwmacd(5,35,12).signal@1,"
                                 "vwmacd(8,17,9).hist,"
                                 "cross(vwmacd(12,26,9).line,vwmacd(12,26,9).signal),"
                                 "above(0,vwmacd(12,26,9).line),"
                                 "ratio(diff(close,sma(6)),atr(15))",
                                 0, NULL, 46);
}
END_TEST

/* Spiroglou's MACD-V (lib/features macd.c macdv), alone at several
 * periods (the ATR's longer and shorter than the slow EMA's), lagged and as
 * the clone search uses it (the line crossing its signal, the line cut at
 * its momentum levels +-50). */
START_TEST(generated_macdv_features_match_the_feature_engine)
{
    /* macdv(5,35,50,12).signal@1's lookback max(34, 50) + 11 + 1 = 62 */
    check_generated_predictor_on("macdv(12,26,26,9),macdv(2,3,1,1).line,"
                                 "macdv(5,35,50,12).signal@1,macdv(8,40,14,5).line,"
                                 "cross(macdv(12,26,26,9).line,macdv(12,26,26,9).signal),"
                                 "above(macdv(12,26,26,9).line,50),"
                                 "above(-50,macdv(12,26,26,9).line)",
                                 0, NULL, 62);
}
END_TEST

/* LazyBear's WaveTrend and Ehlers' cyber cycle (lib/features wavetrend.c),
 * alone at several parameters, lagged and as the clone search uses them
 * (wt1 crossing wt2, wt1 cut at LazyBear's levels, the cycle crossing its
 * trigger cybercycle(a)@1, the cycle's sign). */
START_TEST(generated_wavetrend_cybercycle_features_match_the_feature_engine)
{
    /* wavetrend(10,21,4)'s lookback 18 + 20 + 3 = 41 */
    check_generated_predictor_on("wavetrend(10,21,4),wavetrend(1,1,1).wt1,"
                                 "wavetrend(9,12,3).wt2@1,"
                                 "cross(wavetrend(10,21,4).wt1,wavetrend(10,21,4).wt2),"
                                 "above(-53,wavetrend(10,21,4).wt1),"
                                 "above(wavetrend(10,21,4).wt1,60),"
                                 "cybercycle(0.07),cybercycle(0.5)@1,"
                                 "cross(cybercycle(0.07),cybercycle(0.07)@1),"
                                 "above(0,cybercycle(0.07))",
                                 0, NULL, 41);
}
END_TEST

/* Khalil and Steckler's zone oscillators (lib/features zone.c), alone,
 * lagged and as the clone search uses them (crossing their levels and 0,
 * with a trend filter beside the PZO). */
START_TEST(generated_zone_features_match_the_feature_engine)
{
    /* ema(60)'s lookback 59 (pzo(28)'s 28) */
    check_generated_predictor_on("pzo(14),vzo(14),pzo(2),vzo(28),pzo(28),pzo(21)@1,"
                                 "cross(pzo(14),-20),cross(20,pzo(14)),cross(0,pzo(14)),"
                                 "and(cross(pzo(14),-20),above(ratio(close,ema(60)),1)),"
                                 "cross(vzo(14),-40),cross(40,vzo(14)),cross(vzo(14),0)",
                                 0, NULL, 59);
}
END_TEST

/* Altman's relative momentum index and the trend trigger factor (lib/features
 * rmi_ttf.c), alone, lagged and as the clone search uses them (crossing their
 * levels). */
START_TEST(generated_rmi_ttf_features_match_the_feature_engine)
{
    /* ttf(30)'s lookback 59 */
    check_generated_predictor_on("rmi(14,5),rmi(20,5),rmi(1,1),rmi(3,12)@2,ttf(15),ttf(1),"
                                 "ttf(30),ttf(5)@1,cross(30,rmi(14,5)),above(rmi(14,5),50),"
                                 "cross(ttf(15),100),cross(-100,ttf(15))",
                                 0, NULL, 59);
}
END_TEST

/* Katsanos' stiffness (lib/features bbands.c), alone, lagged and as the
 * clone search uses it (crossing its levels). */
START_TEST(generated_stiffness_matches_the_feature_engine)
{
    /* stiffness(100,60)'s lookback 158 */
    check_generated_predictor_on("stiffness(100,60),stiffness(50,30),stiffness(2,1),"
                                 "stiffness(5,9)@1,cross(stiffness(100,60).up,90),"
                                 "cross(50,stiffness(50,30).down),above(stiffness(50,30).up,50)",
                                 0, NULL, 158);
}
END_TEST

/* The Camarilla levels (lib/features prevday.c, prevday's days without
 * Sundays) on the hourly EUR/USD bars (Sunday-evening sessions) and
 * time_bars (negative times), alone and as the clone search uses them. */
START_TEST(generated_camarilla_matches_the_feature_engine_before_1970_too)
{
    static const char spec[] =
        "camarilla,cross(close,camarilla.h3),cross(close,camarilla.l3),"
        "ratio(close,camarilla.l4),camarilla.h4@1,pivot.p,rsi(30)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    check_generated_predictor_on(spec, 0, eurusd, 30);
    check_generated_predictor_on(spec, 0, time_bars(), 30);
}
END_TEST

/* The R-Breaker's levels (lib/features prevday.c rbreaker, camarilla's
 * days) on the hourly EUR/USD bars and time_bars (negative times), alone
 * and as the clone search uses them. */
START_TEST(generated_rbreaker_matches_the_feature_engine_before_1970_too)
{
    static const char spec[] =
        "rbreaker,cross(close,rbreaker.bbreak),cross(close,rbreaker.sbreak),"
        "ratio(close,rbreaker.senter),rbreaker.benter@1,camarilla.h4,rsi(30)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    check_generated_predictor_on(spec, 0, eurusd, 30);
    check_generated_predictor_on(spec, 0, time_bars(), 30);
}
END_TEST

/* DeMark's pivot points (lib/features prevday.c dmpivot, camarilla's days,
 * the weighting picked by the day's close against its open) on the hourly
 * EUR/USD bars and time_bars (negative times), alone and as the clone
 * search uses them. */
START_TEST(generated_dmpivot_matches_the_feature_engine_before_1970_too)
{
    static const char spec[] =
        "dmpivot,cross(close,dmpivot.r1),cross(close,dmpivot.s1),"
        "ratio(close,dmpivot.p),dmpivot.s1@1,camarilla.h4,rsi(30)";
    bc_bars *eurusd = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &eurusd, NULL));
    check_generated_predictor_on(spec, 0, eurusd, 30);
    check_generated_predictor_on(spec, 0, time_bars(), 30);
}
END_TEST

Suite *suite_export_model(void)
{
    Suite *s = suite_create("export_model");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, a_spec_that_does_not_parse_leaves_a_note_instead_of_code);
    tcase_add_test(tc, onnx_bytes_use_the_two_call_pattern);
    tcase_add_test(tc, models_of_other_kinds_are_unsupported_naming_the_kind);
    tcase_add_test(tc, exports_carry_or_refuse_the_clones_stops);
    tcase_add_test(tc, exports_carry_or_refuse_the_break_even_move);
    suite_add_tcase(s, tc);
    TCase *slow = tcase_create("compiled");
    tcase_set_timeout(slow, 90);
    tcase_add_test(slow, generated_predictor_places_every_stop_unit_as_the_library);
    tcase_add_test(slow, generated_predictor_matches_the_feature_engine_and_bc_model_predict);
    tcase_add_test(slow, generated_time_encodings_are_bit_identical_to_the_feature_engine);
    tcase_add_test(slow, generated_order_book_features_match_the_feature_engine);
    tcase_add_test(slow, generated_window_and_event_features_match_the_feature_engine);
    tcase_add_test(slow, generated_volume_and_average_features_match_the_feature_engine);
    tcase_add_test(slow, generated_window_extreme_features_match_the_feature_engine);
    tcase_add_test(slow, generated_sar_features_match_the_feature_engine);
    tcase_add_test(slow, generated_squeeze_features_match_the_feature_engine);
    tcase_add_test(slow, generated_ribbon_features_match_the_feature_engine);
    tcase_add_test(slow, generated_alligator_impulse_features_match_the_feature_engine);
    tcase_add_test(slow, generated_dmi_cmo_features_match_the_feature_engine);
    tcase_add_test(slow, generated_vortex_hma_features_match_the_feature_engine);
    tcase_add_test(slow, generated_ultosc_features_match_the_feature_engine);
    tcase_add_test(slow, generated_heikinashi_features_match_the_feature_engine);
    tcase_add_test(slow, generated_candle_features_match_the_feature_engine);
    tcase_add_test(slow, generated_elderray_force_features_match_the_feature_engine);
    tcase_add_test(slow, generated_thermo_features_match_the_feature_engine);
    tcase_add_test(slow, generated_tsi_bop_features_match_the_feature_engine);
    tcase_add_test(slow, generated_kst_emv_features_match_the_feature_engine);
    tcase_add_test(slow, generated_imi_features_match_the_feature_engine);
    tcase_add_test(slow, generated_kvo_correl_features_match_the_feature_engine);
    tcase_add_test(slow, generated_harami_features_match_the_feature_engine);
    tcase_add_test(slow, generated_ema_of_chvol_features_match_the_feature_engine);
    tcase_add_test(slow, generated_vixfix_pvo_features_match_the_feature_engine);
    tcase_add_test(slow, generated_t3_ulcer_features_match_the_feature_engine);
    tcase_add_test(slow, generated_smi_vidya_features_match_the_feature_engine);
    tcase_add_test(slow, generated_stc_laguerre_features_match_the_feature_engine);
    tcase_add_test(slow, generated_supertrend_dayopen_features_match_the_feature_engine);
    tcase_add_test(slow, generated_linebreak_features_match_the_feature_engine);
    tcase_add_test(slow, generated_mama_features_match_the_feature_engine);
    tcase_add_test(slow, generated_ht_features_match_the_feature_engine);
    tcase_add_test(slow, generated_fractal_features_match_the_feature_engine);
    tcase_add_test(slow, generated_dpo_ppo_coppock_features_match_the_feature_engine);
    tcase_add_test(slow, generated_ac_mass_features_match_the_feature_engine);
    tcase_add_test(slow, generated_cmf_chop_fisher_features_match_the_feature_engine);
    tcase_add_test(slow, generated_vwma_features_match_the_feature_engine);
    tcase_add_test(slow, generated_accbands_features_match_the_feature_engine);
    tcase_add_test(slow, generated_keltner1960_features_match_the_feature_engine);
    tcase_add_test(slow, generated_streak_prevweek_features_match_the_feature_engine);
    tcase_add_test(slow, generated_dayema_weekema_features_match_the_feature_engine);
    tcase_add_test(slow, generated_weekmacd_features_match_the_feature_engine);
    tcase_add_test(slow, generated_trix_features_match_the_feature_engine);
    tcase_add_test(slow, generated_kama_linreg_features_match_the_feature_engine);
    tcase_add_test(slow, generated_day_extremes_match_the_feature_engine_before_1970_too);
    tcase_add_test(slow, generated_calendar_features_match_the_feature_engine_before_1970_too);
    tcase_add_test(slow, generated_mt5_features_match_the_feature_engine);
    tcase_add_test(slow, generated_previous_day_levels_match_the_feature_engine_before_1970_too);
    tcase_add_test(slow, generated_camarilla_matches_the_feature_engine_before_1970_too);
    tcase_add_test(slow, generated_rbreaker_matches_the_feature_engine_before_1970_too);
    tcase_add_test(slow, generated_dmpivot_matches_the_feature_engine_before_1970_too);
    tcase_add_test(slow, generated_stiffness_matches_the_feature_engine);
    tcase_add_test(slow, generated_vwap_matches_the_feature_engine);
    tcase_add_test(slow, cli_export_writes_every_format_and_refuses_unknown_ones);
    tcase_add_test(slow, generated_tsf_features_match_the_feature_engine);
    tcase_add_test(slow, generated_pvt_features_match_the_feature_engine);
    tcase_add_test(slow, generated_crsi_features_match_the_feature_engine);
    tcase_add_test(slow, generated_nvi_pvi_features_match_the_feature_engine);
    tcase_add_test(slow, generated_zlema_features_match_the_feature_engine);
    tcase_add_test(slow, generated_httrendline_adxr_features_match_the_feature_engine);
    tcase_add_test(slow, generated_wad_rwi_features_match_the_feature_engine);
    tcase_add_test(slow, generated_cog_er_features_match_the_feature_engine);
    tcase_add_test(slow, generated_fir_features_match_the_feature_engine);
    tcase_add_test(slow, generated_dtrange_hilo_features_match_the_feature_engine);
    tcase_add_test(slow, generated_pbands_stretch_features_match_the_feature_engine);
    tcase_add_test(slow, generated_pso_and_se_band_items_match_the_feature_engine);
    tcase_add_test(slow, generated_previous_bar_place_items_match_the_feature_engine);
    tcase_add_test(slow, generated_predictor_places_a_position_set_bars_after_its_entry_as_the_library);
    tcase_add_test(slow, generated_trima_ssf_features_match_the_feature_engine);
    tcase_add_test(slow, generated_usmooth_uband_features_match_the_feature_engine);
    tcase_add_test(slow, generated_decycler_features_match_the_feature_engine);
    tcase_add_test(slow, generated_eco_features_match_the_feature_engine);
    tcase_add_test(slow, generated_dti_features_match_the_feature_engine);
    tcase_add_test(slow, generated_qqe_features_match_the_feature_engine);
    tcase_add_test(slow, generated_vhf_features_match_the_feature_engine);
    tcase_add_test(slow, generated_tii_rangepos_features_match_the_feature_engine);
    tcase_add_test(slow, generated_tdi_features_match_the_feature_engine);
    tcase_add_test(slow, generated_rainbow_features_match_the_feature_engine);
    tcase_add_test(slow, generated_tcf_features_match_the_feature_engine);
    tcase_add_test(slow, generated_tdrei_features_match_the_feature_engine);
    tcase_add_test(slow, generated_firosc_features_match_the_feature_engine);
    tcase_add_test(slow, generated_pmo_features_match_the_feature_engine);
    tcase_add_test(slow, max_hold_closes_a_long_hold_in_the_library_and_the_generated_predictor);
    tcase_add_test(slow, generated_dss_dynmom_features_match_the_feature_engine);
    tcase_add_test(slow, generated_ichimoku_pfe_features_match_the_feature_engine);
    tcase_add_test(slow, generated_tstat_pgo_features_match_the_feature_engine);
    tcase_add_test(slow, generated_frama_ckstop_features_match_the_feature_engine);
    tcase_add_test(slow, generated_iftrsi_bwmfi_features_match_the_feature_engine);
    tcase_add_test(slow, generated_stack_and_box_features_match_the_feature_engine);
    tcase_add_test(slow, generated_skew_features_match_the_feature_engine);
    tcase_add_test(slow, generated_soldiers_features_match_the_feature_engine);
    tcase_add_test(slow, generated_cdlhikkake_features_match_the_feature_engine);
    tcase_add_test(slow, generated_cdl3inside_features_match_the_feature_engine);
    tcase_add_test(slow, generated_vwmacd_features_match_the_feature_engine);
    tcase_add_test(slow, generated_macdv_features_match_the_feature_engine);
    tcase_add_test(slow, generated_wavetrend_cybercycle_features_match_the_feature_engine);
    tcase_add_test(slow, generated_zone_features_match_the_feature_engine);
    tcase_add_test(slow, generated_rmi_ttf_features_match_the_feature_engine);
    tcase_add_test(slow, generated_predictor_measures_the_position_in_the_models_atr);
    suite_add_tcase(s, slow);
    return s;
}
