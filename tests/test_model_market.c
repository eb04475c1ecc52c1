/* test_model_market.c - where a model's bars came from: the time zone
 * grammar, the setters' checks, the optional .bcm market.* sections (kept
 * by every save and load, absent from older files, refused when damaged),
 * model.json's keys, the shim's accessors, what a clone records, and the
 * CLI's default model.bcm being the uncompressed one the DLL loads. */
#include "test_util.h"
#include "clone/market_meta.h"
#include "model/model.h"
#include "mql/mql.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

static bc_model *small_model(void)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 2, 4, NULL, 0, 0, &m));
    return m;
}

static uint8_t *image(const bc_model *m, int32_t flags, int64_t *len)
{
    ck_assert_int_eq(bc_model_save_bytes_ex(m, NULL, 0, len, flags), BC_E_BUFFER_TOO_SMALL);
    uint8_t *img = malloc((size_t)*len);
    ck_assert_ptr_nonnull(img);
    ck_assert_ok(bc_model_save_bytes_ex(m, img, *len, len, flags));
    return img;
}

START_TEST(time_zone_grammar_gives_canonical_offsets)
{
    static const struct {
        const char *text, *canonical;
        int32_t minutes, server;
    } ok[] = {{"UTC", "UTC", 0, 0},           {"utc", "UTC", 0, 0},
              {"GMT", "UTC", 0, 0},           {"UTC+2", "UTC+02:00", 120, 0},
              {"UTC+02", "UTC+02:00", 120, 0}, {"UTC+0200", "UTC+02:00", 120, 0},
              {"UTC+02:00", "UTC+02:00", 120, 0}, {"UTC-05:00", "UTC-05:00", -300, 0},
              {"UTC+5:30", "UTC+05:30", 330, 0}, {"UTC+14:00", "UTC+14:00", 840, 0},
              {"UTC-00:00", "UTC", 0, 0},     {"server", "server", 0, 1},
              {"Server", "server", 0, 1}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int32_t minutes = -1, server = -1;
        char canonical[16];
        ck_assert_ok(bc_time_zone_parse(ok[i].text, &minutes, &server, canonical, 16));
        ck_assert_str_eq(canonical, ok[i].canonical);
        ck_assert_int_eq(minutes, ok[i].minutes);
        ck_assert_int_eq(server, ok[i].server);
    }
    static const char *const bad[] = {"",        "UTC+",     "UTC+123",  "UTC+14:01", "UTC+2:5",
                                      "UTC+02:60", "UTC 2",  "EET",      "UTC+2x",    "servers",
                                      "Europe/Athens", "UTC++2", "UTC+02:00:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_status_msg(bc_time_zone_parse(bad[i], NULL, NULL, NULL, 0),
                             BC_E_INVALID_ARGUMENT, i == 0 ? "empty" : bad[i]);
    char small[8];
    ck_assert_status_msg(bc_time_zone_parse("UTC", NULL, NULL, small, 8), BC_E_INVALID_ARGUMENT,
                         "capacity 8");
}
END_TEST

START_TEST(setters_refuse_bad_values_and_leave_the_model_unchanged)
{
    bc_model *m = small_model();
    ck_assert_ok(bc_model_set_market(m, "EURUSD", 3600, "UTC+3"));
    ck_assert_status_msg(bc_model_set_market(m, "GBPUSD", -60, "UTC"), BC_E_INVALID_ARGUMENT, "-60");
    ck_assert_status_msg(bc_model_set_market(m, "GBPUSD", 31 * 86400 + 1, "UTC"),
                         BC_E_INVALID_ARGUMENT, "2678401");
    ck_assert_status_msg(bc_model_set_market(m, "GBP\nUSD", 60, "UTC"), BC_E_INVALID_ARGUMENT,
                         "0x0a");
    ck_assert_status_msg(bc_model_set_market(m, "GBPUSD", 60, "CET"), BC_E_INVALID_ARGUMENT, "CET");
    ck_assert_status_msg(bc_model_set_stops(m, -0.001, 0.0), BC_E_INVALID_ARGUMENT, "sl_distance");
    ck_assert_status_msg(bc_model_set_stops(m, 0.001, INFINITY), BC_E_INVALID_ARGUMENT,
                         "tp_distance");
    ck_assert_status_msg(bc_model_set_stops(m, NAN, 0.0), BC_E_INVALID_ARGUMENT, "sl_distance");
    char buf[64];
    int32_t len = 0;
    ck_assert_ok(bc_model_symbol(m, buf, 64, &len));
    ck_assert_str_eq(buf, "EURUSD");
    ck_assert_int_eq(len, 6);
    ck_assert_ok(bc_model_time_zone(m, buf, 64, &len));
    ck_assert_str_eq(buf, "UTC+03:00");
    ck_assert_int_eq(bc_model_bar_seconds(m), 3600);
    double sl = -1, tp = -1;
    ck_assert_ok(bc_model_stops(m, &sl, &tp));
    ck_assert(sl == 0.0 && tp == 0.0);
    /* two-call pattern */
    ck_assert_status_msg(bc_model_symbol(m, buf, 6, &len), BC_E_BUFFER_TOO_SMALL, "capacity is 6");
    ck_assert_int_eq(len, 6);
    ck_assert_int_eq(bc_model_bar_seconds(NULL), 0);
    ck_assert_status_msg(bc_model_symbol(NULL, buf, 64, &len), BC_E_INVALID_ARGUMENT, "NULL");
    ck_assert_status_msg(bc_model_stops(NULL, &sl, &tp), BC_E_INVALID_ARGUMENT, "NULL");
    /* "" / NULL = unknown again */
    ck_assert_ok(bc_model_set_market(m, NULL, 0, NULL));
    ck_assert_ok(bc_model_symbol(m, buf, 64, &len));
    ck_assert_int_eq(len, 0);
    bc_model_free(m);
}
END_TEST

START_TEST(market_survives_save_load_copy_in_every_form)
{
    bc_model *m = small_model();
    ck_assert_ok(bc_model_set_market(m, "EURUSD,GBPUSD", 900, "server"));
    ck_assert_ok(bc_model_set_stops(m, 0.0025, 0.004));
    for (int32_t flags = 0; flags <= BC_MODEL_SAVE_UNCOMPRESSED; flags++) {
        int64_t len = 0;
        uint8_t *img = image(m, flags, &len);
        bc_model *r = NULL;
        ck_assert_ok(bc_model_load_bytes(img, len, &r));
        bc_model *c = NULL;
        ck_assert_ok(bc_model_copy(r, &c));
        char buf[64];
        int32_t n;
        ck_assert_ok(bc_model_symbol(c, buf, 64, &n));
        ck_assert_str_eq(buf, "EURUSD,GBPUSD");
        ck_assert_ok(bc_model_time_zone(c, buf, 64, &n));
        ck_assert_str_eq(buf, "server");
        ck_assert_int_eq(bc_model_bar_seconds(c), 900);
        double sl, tp;
        ck_assert_ok(bc_model_stops(c, &sl, &tp));
        ck_assert(sl == 0.0025 && tp == 0.004);
        bc_model_free(c);
        bc_model_free(r);
        free(img);
    }
    /* model.json carries the same, with MetaTrader's timeframe name. */
    int64_t jl = 0;
    ck_assert_int_eq(bc_model_json_text(m, NULL, 0, &jl), BC_E_BUFFER_TOO_SMALL);
    char *json = malloc((size_t)jl + 1);
    ck_assert_ok(bc_model_json_text(m, json, jl + 1, &jl));
    ck_assert_ptr_nonnull(strstr(json, "\"symbol\": \"EURUSD,GBPUSD\""));
    ck_assert_ptr_nonnull(strstr(json, "\"bar_seconds\": 900"));
    ck_assert_ptr_nonnull(strstr(json, "\"timeframe\": \"M15\""));
    ck_assert_ptr_nonnull(strstr(json, "\"time_zone\": \"server\""));
    ck_assert_ptr_nonnull(strstr(json, "\"sl_distance\": 0.0025"));
    free(json);
    bc_model_free(m);
}
END_TEST

/* A model without market data is written without the sections (the bytes
 * an older library wrote), and the 0.1.0 golden files load with it
 * unknown. */
START_TEST(older_files_load_with_the_market_unknown)
{
    bc_model *m = small_model();
    int64_t len = 0;
    uint8_t *img = image(m, BC_MODEL_SAVE_UNCOMPRESSED, &len);
    ck_assert_ptr_null(memmem(img, (size_t)len, "market.", 7));
    free(img);
    bc_model_free(m);
    const char *golden[] = {"golden/logistic_v0.1.0_uncompressed.bcm",
                            "golden/mlp_v0.1.0_uncompressed.bcm"};
    for (int i = 0; i < 2; i++) {
        bc_model *g = NULL;
        ck_assert_ok(bc_model_load(test_data_path(golden[i]), &g));
        char buf[8];
        int32_t n = -1;
        ck_assert_ok(bc_model_symbol(g, buf, 8, &n));
        ck_assert_int_eq(n, 0);
        ck_assert_ok(bc_model_time_zone(g, buf, 8, &n));
        ck_assert_int_eq(n, 0);
        ck_assert_int_eq(bc_model_bar_seconds(g), 0);
        double sl = -1, tp = -1;
        ck_assert_ok(bc_model_stops(g, &sl, &tp));
        ck_assert(sl == 0.0 && tp == 0.0);
        bc_model_free(g);
    }
}
END_TEST

static void reseal(uint8_t *img, int64_t len)
{
    uint64_t seed = XXH64(img, 32, 0), sum = XXH64(img + 40, (size_t)(len - 40), seed);
    for (int i = 0; i < 8; i++)
        img[32 + i] = (uint8_t)(sum >> (8 * i));
}

static uint8_t *section_data(uint8_t *img, const char *name)
{
    uint8_t *payload = img + 40;
    uint32_t count;
    memcpy(&count, payload, 4);
    for (uint32_t i = 0; i < count; i++) {
        uint8_t *e = payload + 8 + 88 * i;
        if (strcmp((char *)e, name) == 0) {
            uint64_t off;
            memcpy(&off, e + 72, 8);
            return payload + off;
        }
    }
    ck_abort_msg("section %s not found", name);
    return NULL;
}

/* Values the setters refuse make an intact-checksum file corrupt. */
START_TEST(damaged_market_sections_are_refused)
{
    bc_model *m = small_model();
    ck_assert_ok(bc_model_set_market(m, "EURUSD", 3600, "UTC+01:00"));
    ck_assert_ok(bc_model_set_stops(m, 0.001, 0.002));
    int64_t len = 0;
    struct {
        const char *section;
        const char *needle;
    } cases[] = {{"market.i64", "bar_seconds"}, {"market.f64", "sl_distance"},
                 {"market.time_zone", "time zone"}, {"market.symbol", "control character"}};
    for (int k = 0; k < 4; k++) {
        uint8_t *img = image(m, BC_MODEL_SAVE_UNCOMPRESSED, &len);
        uint8_t *p = section_data(img, cases[k].section);
        if (k == 0) {
            int64_t bad = -3600;
            memcpy(p, &bad, 8);
        } else if (k == 1) {
            double bad = -1.0;
            memcpy(p, &bad, 8);
        } else if (k == 2) {
            p[3] = '*'; /* "UTC*01:00" */
        } else {
            p[2] = '\t';
        }
        reseal(img, len);
        bc_model *r = NULL;
        ck_assert_status_msg(bc_model_load_bytes(img, len, &r), BC_E_CORRUPT, cases[k].needle);
        ck_assert_ptr_null(r);
        ck_assert_ptr_nonnull(strstr(bc_last_error(), "market sections"));
        free(img);
    }
    bc_model_free(m);
}
END_TEST

START_TEST(bar_period_is_the_commonest_gap)
{
    /* Hourly bars with a weekend gap, a missing bar and a duplicate. */
    int64_t t[] = {0, 3600, 7200, 10800, 10800, 18000, 21600, 21600 + 2 * 86400, 21600 + 2 * 86400 + 3600};
    ck_assert_int_eq(clone_bar_period(t, 9), 3600);
    int64_t daily[] = {0, 86400, 2 * 86400, 5 * 86400, 6 * 86400, 7 * 86400};
    ck_assert_int_eq(clone_bar_period(daily, 6), 86400);
    /* a tie takes the shorter gap */
    int64_t tie[] = {0, 60, 180, 240, 360};
    ck_assert_int_eq(clone_bar_period(tie, 5), 60);
    ck_assert_int_eq(clone_bar_period(t, 1), 0);
}
END_TEST

static bc_trade_event event(int32_t action, int64_t ticket, int32_t type, double price, double sl,
                            double tp, const char *symbol)
{
    bc_trade_event e;
    memset(&e, 0, sizeof e);
    e.struct_size = (uint32_t)sizeof e;
    e.action = action;
    e.order_type = type;
    e.event_id = -1;
    e.decision_id = -1;
    e.ticket = ticket;
    e.time = ticket * 100;
    e.lots = 0.1;
    e.price = price;
    e.sl = sl;
    e.tp = tp;
    e.profit = e.book_ask_vol = e.book_bid_vol = NAN;
    snprintf(e.symbol, sizeof e.symbol, "%s", symbol);
    return e;
}

/* Distances by hand: SL 0.0020 (OPEN), 0.0030 (set by a later MODIFY),
 * 0.0010 (sell, SL above); a MODIFY that moves a set SL does not count, a
 * position without SL and another symbol's are skipped. Median of
 * {0.0010, 0.0020, 0.0030} = 0.0020; TP median of {0.0040, 0.0060} =
 * 0.0050. */
START_TEST(target_stops_are_medians_over_positions)
{
    bc_trades *tr = NULL;
    ck_assert_ok(bc_trades_create(&tr));
    bc_trade_event e[] = {
        event(BC_ACTION_OPEN, 1, BC_ORDER_BUY, 1.1000, 1.0980, 1.1040, "EURUSD"),
        event(BC_ACTION_MODIFY, 1, BC_ORDER_BUY, 1.1000, 1.0990, 1.1040, "EURUSD"),
        event(BC_ACTION_CLOSE, 1, BC_ORDER_BUY, 1.1010, NAN, NAN, "EURUSD"),
        event(BC_ACTION_OPEN, 2, BC_ORDER_BUY, 1.2000, 0.0, 0.0, "EURUSD"),
        event(BC_ACTION_MODIFY, 2, BC_ORDER_BUY, 1.2000, 1.1970, 0.0, "EURUSD"),
        event(BC_ACTION_OPEN, 3, BC_ORDER_SELL, 1.3000, 1.3010, 1.2940, "EURUSD"),
        event(BC_ACTION_OPEN, 4, BC_ORDER_BUY, 1.4000, NAN, NAN, "EURUSD"),
        event(BC_ACTION_OPEN, 5, BC_ORDER_BUY, 150.0, 149.0, 152.0, "USDJPY"),
    };
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
        ck_assert_ok(bc_trades_append(tr, &e[i]));
    double sl = 0, tp = 0;
    ck_assert_ok(clone_target_stops(tr, "EURUSD", &sl, &tp));
    ck_assert_double_eq_tol(sl, 0.0020, 1e-12);
    ck_assert_double_eq_tol(tp, 0.0050, 1e-12);
    ck_assert_ok(clone_target_stops(tr, "GBPUSD", &sl, &tp));
    ck_assert(sl == 0.0 && tp == 0.0);
    bc_trades_free(tr);
}
END_TEST

static bc_model *clone_eurusd(const char *time_zone)
{
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    ck_assert_ok(bc_trades_read_csv(test_data_path("bots/donchian_atr_eurusd_trades_raw.csv"),
                                    &trades, NULL));
    bc_cloner *c = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic")); /* not about the kind: the fast one */
    ck_assert_ok(bc_cloner_set(c, "features", "ema(12),rsi(14),ret(1)"));
    if (time_zone)
        ck_assert_ok(bc_cloner_set(c, "time_zone", time_zone));
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_fit(c, trades, bars, &m));
    bc_cloner_free(c);
    bc_trades_free(trades);
    bc_bars_free(bars);
    return m;
}

START_TEST(a_clone_records_its_bars_and_the_targets_stops)
{
    bc_model *m = clone_eurusd("utc+2");
    char buf[64];
    int32_t n;
    ck_assert_ok(bc_model_symbol(m, buf, 64, &n));
    ck_assert_str_eq(buf, "EURUSD");
    ck_assert_int_eq(bc_model_bar_seconds(m), 3600);
    ck_assert_ok(bc_model_time_zone(m, buf, 64, &n));
    ck_assert_str_eq(buf, "UTC+02:00");
    double sl = 0, tp = 0;
    ck_assert_ok(bc_model_stops(m, &sl, &tp));
    /* The donchian bot sets both on every OPEN (tests/python checks the
     * values against pandas). */
    ck_assert(sl > 0.0 && tp > 0.0);
    bc_model_free(m);
    bc_cloner *c = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "logistic")); /* not about the kind: the fast one */
    ck_assert_status_msg(bc_cloner_set(c, "time_zone", "CEST"), BC_E_INVALID_ARGUMENT, "CEST");
    bc_cloner_free(c);
    m = clone_eurusd(NULL);
    ck_assert_ok(bc_model_time_zone(m, buf, 64, &n));
    ck_assert_int_eq(n, 0);
    bc_model_free(m);
}
END_TEST

/* What the EA relies on to keep trading when its decision log cannot be
 * written (disk full): the update fails with BC_E_IO, yet the bar is
 * decided - the same decision and probabilities as a predictor without a
 * log - and the next bars go on. The disk fills through RLIMIT_FSIZE. */
START_TEST(a_failed_log_write_still_decides_the_bar)
{
    bc_model *m = clone_eurusd(NULL);
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("bots/eurusd_1h.csv"), &bars, NULL));
    char path[64];
    snprintf(path, sizeof path, "/tmp/bc_market_log_%d.csv", (int)getpid());
    unlink(path);
    bc_predictor *logged = NULL, *plain = NULL;
    ck_assert_ok(bc_predictor_create(m, &logged));
    ck_assert_ok(bc_predictor_create(m, &plain));
    ck_assert_ok(bc_predictor_set(logged, "decision_log", path));
    const int64_t *t = bc_bars_time(bars);
    const double *o = bc_bars_column(bars, BC_BAR_OPEN), *h = bc_bars_column(bars, BC_BAR_HIGH);
    const double *l = bc_bars_column(bars, BC_BAR_LOW), *c = bc_bars_column(bars, BC_BAR_CLOSE);
    const double *v = bc_bars_column(bars, BC_BAR_VOLUME);
    int32_t n = bc_bars_length(bars), failures = 0, acts = 0, bad_status = -1, differ = -1;
    struct rlimit old_limit, full;
    ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    /* No ck_assert while the limit holds: Check writes its own messages to
     * a file, which the limit would cut too. */
    int limited = 0;
    for (int32_t i = 0; i < n && i < 600; i++) {
        if (i == 300) { /* the disk fills up */
            struct stat st;
            if (stat(path, &st) != 0)
                break;
            full.rlim_cur = (rlim_t)st.st_size + 10;
            full.rlim_max = old_limit.rlim_max;
            limited = setrlimit(RLIMIT_FSIZE, &full) == 0;
        }
        double pa[4], pb[4];
        int32_t da = -1, db = -1;
        int32_t rc = bc_predictor_update(logged, t[i], o[i], h[i], l[i], c[i], v[i], pa, 4, &da);
        int32_t rc_plain = bc_predictor_update(plain, t[i], o[i], h[i], l[i], c[i], v[i], pb, 4, &db);
        if (rc == BC_E_IO && i >= 300)
            failures++;
        else if ((rc != BC_OK || rc_plain != BC_OK) && bad_status < 0)
            bad_status = i;
        if ((da != db || memcmp(pa, pb, sizeof pa) != 0) && differ < 0)
            differ = i;
        acts += da != BC_DECISION_HOLD;
    }
    setrlimit(RLIMIT_FSIZE, &old_limit);
    signal(SIGXFSZ, old_handler);
    ck_assert_msg(limited, "setrlimit(RLIMIT_FSIZE) failed");
    ck_assert_msg(bad_status < 0, "bar %d: an update failed other than by BC_E_IO", (int)bad_status);
    ck_assert_msg(differ < 0, "bar %d: the decision differs from the unlogged predictor's",
                  (int)differ);
    ck_assert_msg(failures > 250, "%d failed log writes", (int)failures);
    ck_assert_msg(acts > 0, "the predictor decided something in 600 bars");
    bc_predictor_free(logged);
    bc_predictor_free(plain);
    unlink(path);
    bc_bars_free(bars);
    bc_model_free(m);
}
END_TEST

/* UTF-8 -> UTF-16 for the shim. */
static const uint16_t *u16(const char *s)
{
    static uint16_t buf[2][256];
    static int next;
    uint16_t *out = buf[next++ % 2];
    int32_t length = 0;
    ck_assert_ok(bc_utf8_to_utf16(s, 1, "test", out, 256, &length));
    return out;
}

static char *narrow(const uint16_t *w)
{
    static char out[512];
    char *s = NULL;
    ck_assert_ok(bc_utf16_to_utf8(w, "test", &s));
    snprintf(out, sizeof out, "%s", s);
    free(s);
    return out;
}

START_TEST(shim_reads_the_market_and_parses_zones)
{
    bc_model *m = small_model();
    ck_assert_ok(bc_model_set_market(m, "XAUUSD", 14400, "UTC-03:30"));
    ck_assert_ok(bc_model_set_stops(m, 2.5, 0.0));
    int64_t len = 0;
    uint8_t *img = image(m, BC_MODEL_SAVE_UNCOMPRESSED, &len);
    int64_t id = 0;
    ck_assert_ok(bc_mql_model_load_bytes(img, (int32_t)len, &id));
    uint16_t buf[512];
    ck_assert_int_eq(bc_mql_model_symbol(id, buf, 512), 6);
    ck_assert_str_eq(narrow(buf), "XAUUSD");
    ck_assert_int_eq(bc_mql_model_symbol(id, buf, 3), 6); /* cut: resize and call again */
    ck_assert_int_eq(bc_mql_model_bar_seconds(id), 14400);
    ck_assert_int_eq(bc_mql_model_time_zone(id, buf, 512), 9);
    ck_assert_str_eq(narrow(buf), "UTC-03:30");
    double sl = -1, tp = -1;
    ck_assert_ok(bc_mql_model_stops(id, &sl, &tp));
    ck_assert(sl == 2.5 && tp == 0.0);
    ck_assert_status_msg(bc_mql_model_stops(id, NULL, &tp), BC_E_INVALID_ARGUMENT, "sl_distance");
    int32_t n = bc_mql_model_info(id, buf, 512);
    ck_assert(n > 0 && n < 512);
    char *info = narrow(buf);
    ck_assert_ptr_nonnull(strstr(info, "\nsymbol=XAUUSD\nbar_seconds=14400\ntime_zone=UTC-03:30\n"
                                       "sl_distance=2.5\ntp_distance=0\n"));
    int32_t minutes = 0, server = -1;
    ck_assert_ok(bc_mql_time_zone_parse(u16("UTC+05:45"), &minutes, &server));
    ck_assert(minutes == 345 && server == 0);
    ck_assert_ok(bc_mql_time_zone_parse(u16("server"), &minutes, &server));
    ck_assert(minutes == 0 && server == 1);
    ck_assert_status_msg(bc_mql_time_zone_parse(u16("MSK"), &minutes, &server),
                         BC_E_INVALID_ARGUMENT, "MSK");
    ck_assert_status_msg(bc_mql_time_zone_parse(u16("UTC"), NULL, &server), BC_E_INVALID_ARGUMENT,
                         "utc_offset_minutes");
    ck_assert_ok(bc_mql_release(id));
    ck_assert_int_eq(bc_mql_model_bar_seconds(id), BC_E_STALE_HANDLE);
    ck_assert_int_eq(bc_mql_model_symbol(id, buf, 512), BC_E_STALE_HANDLE);
    free(img);
    bc_model_free(m);
}
END_TEST

/* `botcopier clone` with no --compress writes the uncompressed file every
 * build reads (flags word 0), with the market recorded; --compress yes
 * writes zstd (flag bit 0), and both load to the same model. */
START_TEST(clone_cli_writes_an_uncompressed_model_by_default)
{
    const char *cli = getenv("BC_CLI");
    ck_assert_msg(cli != NULL, "BC_CLI is not set (run through make check)");
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/bc_market_cli_%d", (int)getpid());
    const char *variants[2] = {"", "--compress yes"};
    uint32_t want_flags[2] = {0, 1};
    double probs[2][4];
    for (int k = 0; k < 2; k++) {
        char cmd[8192];
        snprintf(cmd, sizeof cmd,
                 "cd '%s' && '%s' clone --model logistic --trades tests/data/bots/donchian_atr_eurusd_trades_raw.csv "
                 "--bars tests/data/bots/eurusd_1h.csv --features 'ema(12),rsi(14),ret(1)' "
                 "--time-zone server --quiet --out '%s/%d' %s >/dev/null 2>&1",
                 BC_TEST_SOURCE_DIR, cli, dir, k, variants[k]);
        int status = system(cmd);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", cmd);
        char path[128];
        snprintf(path, sizeof path, "%s/%d/model.bcm", dir, k);
        FILE *f = fopen(path, "rb");
        ck_assert_ptr_nonnull(f);
        uint8_t header[16];
        ck_assert_int_eq(fread(header, 1, 16, f), 16);
        fclose(f);
        uint32_t flags = (uint32_t)header[12] | (uint32_t)header[13] << 8;
        ck_assert_uint_eq(flags, want_flags[k]);
        bc_model *m = NULL;
        ck_assert_ok(bc_model_load(path, &m));
        char buf[32];
        int32_t n;
        ck_assert_ok(bc_model_time_zone(m, buf, 32, &n));
        ck_assert_str_eq(buf, "server");
        ck_assert_int_eq(bc_model_bar_seconds(m), 3600);
        double x[64];
        int32_t F = bc_model_num_features(m);
        ck_assert(F > 0 && F <= 64);
        for (int32_t j = 0; j < F; j++)
            x[j] = 0.5 + 0.1 * j;
        ck_assert_ok(bc_model_predict(m, x, 1, F, probs[k], 4));
        bc_model_free(m);
    }
    ck_assert_mem_eq(probs[0], probs[1], sizeof probs[0]);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *suite_model_market(void)
{
    Suite *s = suite_create("model_market");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, time_zone_grammar_gives_canonical_offsets);
    tcase_add_test(tc, setters_refuse_bad_values_and_leave_the_model_unchanged);
    tcase_add_test(tc, market_survives_save_load_copy_in_every_form);
    tcase_add_test(tc, older_files_load_with_the_market_unknown);
    tcase_add_test(tc, damaged_market_sections_are_refused);
    tcase_add_test(tc, bar_period_is_the_commonest_gap);
    tcase_add_test(tc, target_stops_are_medians_over_positions);
    tcase_add_test(tc, a_clone_records_its_bars_and_the_targets_stops);
    tcase_add_test(tc, a_failed_log_write_still_decides_the_bar);
    tcase_add_test(tc, shim_reads_the_market_and_parses_zones);
    tcase_add_test(tc, clone_cli_writes_an_uncompressed_model_by_default);
    suite_add_tcase(s, tc);
    return s;
}
