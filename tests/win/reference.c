/*
 * reference.c - what the Linux library computes, written for the Windows
 * harness (test_dll.exe) to match: Philox uniforms and reference GEMMs on
 * inputs drawn from them; then a clone of the AAPL test bot (trained here by
 * the Linux cloner, saved uncompressed next to OUT_FILE as
 * reference_model.bcm) run bar by bar through the predictor, its features,
 * an online update and the predictions after it. One line per case, floats
 * and doubles as their IEEE bits in hex; the predictor's decision log is
 * written to reference_decisions.csv for a byte comparison. Last, the
 * model `botcopier clone` wrote with its default options to cli_clone/
 * beside OUT_FILE (scripts/check-dll.sh runs the CLI first): what it
 * records about its bars and its probabilities on fixed rows, for the
 * harness to load the same file in the DLL. And a trained recurrent policy
 * (reference_policy.bcp) stepped with its GRU state over rows with resets.
 * Beside it, generated_time.c: the C flavour of the generated MQL5 feature
 * code for the six time encodings with a driver, which scripts/check-dll.sh
 * compiles with mingw-w64 and runs under wine on generated_time_bars.txt;
 * its output must equal generated_time_expected.txt (the engine's bits).
 * Usage: win_reference OUT_FILE   (run from the repository root)
 */
#include "botcopier.h"
#include "backend/backend.h"
#include "export/export_ir.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor_case.h"

static unsigned bits(float f)
{
    unsigned u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static unsigned long long dbits(double d)
{
    unsigned long long u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static void fail(const char *what)
{
    fprintf(stderr, "win_reference: %s: %s\n", what, bc_last_error());
    exit(2);
}

/* Matrix of `count` values in [-1, 1) from stream (seed 1, stream). */
static float *draw(uint64_t stream, int count)
{
    float *v = malloc(sizeof *v * (size_t)(count ? count : 1));
    if (!v || bc_random_uniform(1, stream, 0, count, v) != BC_OK)
        exit(2);
    for (int i = 0; i < count; i++)
        v[i] = 2.0f * v[i] - 1.0f;
    return v;
}

static void write_doubles(FILE *out, const double *v, int n)
{
    for (int i = 0; i < n; i++)
        fprintf(out, " %016llx", dbits(v[i]));
}

/* Features of the clone: few, so the fit takes a moment. */
#define CLONE_FEATURES "ema(12),ema(26),cross(ema(12),ema(26)),rsi(14),ret(1)"
#define ONLINE_ROWS 40

/* The sibling path of out_file named name. */
static void sibling(const char *out_file, const char *name, char *path, size_t cap)
{
    const char *slash = strrchr(out_file, '/');
    int dir = slash ? (int)(slash - out_file + 1) : 0;
    snprintf(path, cap, "%.*s%s", dir, out_file, name);
}

/* An online update's rows from the EA's own stream (bc_mql_model_event_rows
 * in the DLL): the bot's events as the arrays an EA passes, then Linux's
 * bc_model_event_rows of the events after the middle one's event_id,
 * half-life 30 days - one line per row (the rows are too long for one). */
static void write_event_rows_case(FILE *out, const bc_model *model, const bc_bars *bars,
                                  const bc_trades *trades)
{
    int32_t ne = bc_trades_count(trades), F = bc_model_num_features(model);
    fprintf(out, "events %d", (int)ne);
    int64_t after = -1;
    for (int32_t i = 0; i < ne; i++) {
        bc_trade_event e;
        memset(&e, 0, sizeof e);
        e.struct_size = sizeof e;
        if (bc_trades_get(trades, i, &e) != BC_OK)
            fail("trade event");
        fprintf(out, " %lld %lld %lld %d %d", (long long)e.event_id, (long long)e.time,
                (long long)e.ticket, (int)e.action, (int)e.order_type);
        if (i == ne / 2)
            after = e.event_id;
    }
    fprintf(out, "\n");
    int32_t n = 0;
    int64_t last = -1;
    if (bc_model_event_rows(model, bars, trades, after, 30.0, NULL, NULL, NULL, NULL, 0, &n,
                            &last) != BC_OK)
        fail("event rows count");
    double *x = malloc(sizeof *x * (size_t)n * (size_t)F), *w = malloc(sizeof *w * (size_t)n);
    int32_t *y = malloc(sizeof *y * (size_t)n);
    int64_t *t = malloc(sizeof *t * (size_t)n);
    if (!x || !w || !y || !t ||
        bc_model_event_rows(model, bars, trades, after, 30.0, x, y, w, t, n, &n, &last) !=
            BC_OK)
        fail("event rows");
    fprintf(out, "event_rows %lld %d %lld\n", (long long)after, (int)n, (long long)last);
    for (int32_t k = 0; k < n; k++) {
        fprintf(out, "erow %d %lld", (int)y[k], (long long)t[k]);
        write_doubles(out, &w[k], 1);
        write_doubles(out, x + (int64_t)k * F, F);
        fprintf(out, "\n");
    }
    free(x);
    free(w);
    free(y);
    free(t);
}

static void write_clone_cases(FILE *out, const char *out_file)
{
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    if (bc_bars_read_csv("tests/data/aapl_daily.csv", &bars, NULL) != BC_OK)
        fail("aapl_daily.csv");
    if (bc_trades_read_csv("tests/data/bots/ema_cross_time_exit_aapl_trades_raw.csv", &trades,
                           NULL) != BC_OK)
        fail("bot trades");
    bc_cloner *cloner = NULL;
    bc_model *model = NULL;
    if (bc_cloner_create(&cloner) != BC_OK || bc_cloner_set(cloner, "features", CLONE_FEATURES) ||
        bc_cloner_fit(cloner, trades, bars, &model) != BC_OK)
        fail("clone");
    bc_cloner_free(cloner);
    char model_path[4096], log_path[4096];
    sibling(out_file, "reference_model.bcm", model_path, sizeof model_path);
    sibling(out_file, "reference_decisions.csv", log_path, sizeof log_path);
    if (bc_model_save_ex(model, model_path, BC_MODEL_SAVE_UNCOMPRESSED) != BC_OK)
        fail("save model");
    remove(log_path);

    /* Predictor over every bar: the EA's loop, position tracked by the
     * predictor itself (the harness reports it by hand and must agree). */
    bc_predictor *p = NULL;
    if (bc_predictor_create(model, &p) != BC_OK || bc_predictor_set(p, "decision_log", log_path) ||
        bc_predictor_set(p, "uncertainty_margin", "0.1") ||
        bc_predictor_set(p, "model_version", "reference"))
        fail("predictor");
    bc_features *features = NULL;
    if (bc_features_create(CLONE_FEATURES, &features) != BC_OK)
        fail("features");
    int32_t n = bc_bars_length(bars), C = bc_model_num_classes(model);
    int32_t F = bc_model_num_features(model), M = bc_features_count(features);
    const int64_t *t = bc_bars_time(bars);
    const double *o = bc_bars_column(bars, BC_BAR_OPEN), *h = bc_bars_column(bars, BC_BAR_HIGH);
    const double *l = bc_bars_column(bars, BC_BAR_LOW), *c = bc_bars_column(bars, BC_BAR_CLOSE);
    const double *v = bc_bars_column(bars, BC_BAR_VOLUME);
    fprintf(out, "clone %d %d %d %d\n", (int)n, (int)F, (int)C, (int)M);
    double probs[16], row[64], p_act = 0, thr = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t decision = -1, direction = 0, held = 0;
        double entry = 0;
        if (bc_predictor_update(p, t[i], o[i], h[i], l[i], c[i], v[i], probs, 16, &decision) ||
            bc_predictor_last(p, &p_act, &thr) ||
            bc_predictor_position(p, &direction, &held, &entry) ||
            bc_features_update(features, t[i], o[i], h[i], l[i], c[i], v[i], row, 64) < 0)
            fail("predictor update");
        fprintf(out, "bar %lld", (long long)t[i]);
        double ohlcv[5] = {o[i], h[i], l[i], c[i], v[i]};
        write_doubles(out, ohlcv, 5);
        fprintf(out, " %d %d", (int)decision, (int)direction);
        write_doubles(out, &p_act, 1);
        write_doubles(out, &thr, 1);
        write_doubles(out, probs, C);
        write_doubles(out, row, M);
        fprintf(out, "\n");
    }
    bc_predictor_free(p); /* flushes and closes the log */
    bc_features_free(features);

    /* Online update on synthetic labeled rows: the model's raw inputs from
     * the market features of the last bars, flat position state. */
    double *x = calloc((size_t)ONLINE_ROWS * F, sizeof *x), w[ONLINE_ROWS];
    int32_t y[ONLINE_ROWS];
    for (int r = 0; r < ONLINE_ROWS; r++) {
        for (int j = 0; j < F; j++)
            x[r * F + j] = (j < M) ? c[n - 1 - r] * (0.001 * (j + 1)) + 0.1 * r : 0.0;
        y[r] = r % C;
        w[r] = 1.0 + (r % 3);
    }
    fprintf(out, "online %d 0.05 0.001", ONLINE_ROWS);
    write_doubles(out, x, ONLINE_ROWS * F);
    for (int r = 0; r < ONLINE_ROWS; r++)
        fprintf(out, " %d", (int)y[r]);
    write_doubles(out, w, ONLINE_ROWS);
    fprintf(out, "\n");
    bc_model *updated = NULL;
    if (bc_model_copy(model, &updated) ||
        bc_model_update(updated, x, y, w, ONLINE_ROWS, F, 0.05, 0.001) != BC_OK)
        fail("online update");
    double *after = malloc(sizeof *after * (size_t)ONLINE_ROWS * C);
    if (bc_model_predict(updated, x, ONLINE_ROWS, F, after, (int64_t)ONLINE_ROWS * C) != BC_OK)
        fail("predict after update");
    fprintf(out, "after");
    write_doubles(out, after, ONLINE_ROWS * C);
    fprintf(out, "\n");
    free(after);
    free(x);
    bc_model_free(updated);
    write_event_rows_case(out, model, bars, trades);
    bc_model_free(model);
    bc_trades_free(trades);
    bc_bars_free(bars);
}

/* Clones with the wider position layouts, for the DLL to run bar by bar:
 * position_columns=extended (the Donchian ATR bot, trees: sixteen
 * position columns and giveback_atr) and the sl/tp level block (the
 * mental-stop bot, trees: six, giveback_atr, plus four; and extended:
 * sixteen, giveback_atr, plus four), the entry-bar columns (the doji-dip
 * bot, trees, position_entry_bar=1: six, giveback_atr, close_ebar_fav_atr,
 * close_ebar_adv_atr); and the broker sl/tp rules of the
 * other units, which the DLL's own metadata reader must read: a stop at
 * the 3-bar swing extreme with a 2R target (heldout10's swing bot) and
 * atr(20) multiples (heldout6's EMA sl/tp bot). Each saved uncompressed as
 * reference_<tag>.bcm; per bar its OHLCV and the predictor's decision,
 * P(act) and probabilities with the position following the decisions, and
 * the stop-loss / take-profit levels of the position held after the bar
 * (bc_predictor_levels, NaN flat or without a rule); and
 * the predictor's decision log, whose sl_dist / tp_dist come from the
 * model's exit rules, as reference_<tag>_decisions.csv. The two sl/tp
 * bots never close themselves, so their host reports flat before every bar
 * (as if the broker filled each stop at once): every entry decision then
 * carries its levels in the log. */
static void write_position_clone_cases(FILE *out, const char *out_file)
{
    static const struct {
        const char *tag, *trades, *bars, *columns;
        int flat;
    } cases[] = {
        {"extended", "tests/data/bots/donchian_atr_eurusd_trades_raw.csv",
         "tests/data/bots/eurusd_1h.csv", "extended", 0},
        {"levels", "tests/data/bots/mental_stop_ema_cross_eurusd_trades_raw.csv",
         "tests/data/bots/eurusd_1h.csv", NULL, 0},
        {"levels_extended", "tests/data/bots/mental_stop_ema_cross_eurusd_trades_raw.csv",
         "tests/data/bots/eurusd_1h.csv", "extended", 0},
        {"swing", "tests/data/bots/heldout10/heldout10_swing_stop_2r_eurusd_trades_raw.csv",
         "tests/data/bots/eurusd_1h.csv", NULL, 1},
        {"atr20", "tests/data/bots/heldout6/heldout6_ema_sltp_eurusd_trades_raw.csv",
         "tests/data/bots/eurusd_1h.csv", NULL, 1},
        {"entry_bar", "tests/data/bots/heldout19/heldout19_doji_dip_eurusd_trades_raw.csv",
         "tests/data/bots/heldout/eurusd_1h_2017.csv", "entry_bar", 0},
    };
    for (int k = 0; k < (int)(sizeof cases / sizeof cases[0]); k++) {
        bc_bars *bars = NULL;
        bc_trades *trades = NULL;
        bc_cloner *cloner = NULL;
        bc_model *model = NULL;
        if (bc_bars_read_csv(cases[k].bars, &bars, NULL) != BC_OK ||
            bc_trades_read_csv(cases[k].trades, &trades, NULL) != BC_OK)
            fail("position clone data");
        if (bc_cloner_create(&cloner) != BC_OK || bc_cloner_set(cloner, "model", "trees") ||
            (cases[k].columns && strcmp(cases[k].columns, "entry_bar") != 0 &&
             bc_cloner_set(cloner, "position_columns", cases[k].columns)) ||
            (cases[k].columns && strcmp(cases[k].columns, "entry_bar") == 0 &&
             bc_cloner_set(cloner, "position_entry_bar", "1")) ||
            bc_cloner_fit(cloner, trades, bars, &model) != BC_OK)
            fail("position clone");
        bc_cloner_free(cloner);
        char name[64], path[4096];
        snprintf(name, sizeof name, "reference_%s.bcm", cases[k].tag);
        sibling(out_file, name, path, sizeof path);
        if (bc_model_save_ex(model, path, BC_MODEL_SAVE_UNCOMPRESSED) != BC_OK)
            fail("save position clone");
        bc_predictor *p = NULL;
        snprintf(name, sizeof name, "reference_%s_decisions.csv", cases[k].tag);
        sibling(out_file, name, path, sizeof path);
        remove(path);
        if (bc_predictor_create(model, &p) != BC_OK || bc_predictor_set(p, "decision_log", path) ||
            bc_predictor_set(p, "model_version", "reference"))
            fail("position clone predictor");
        int32_t n = bc_bars_length(bars), C = bc_model_num_classes(model);
        int32_t F = bc_model_num_features(model);
        const int64_t *t = bc_bars_time(bars);
        const double *col[5];
        for (int j = 0; j < 5; j++)
            col[j] = bc_bars_column(bars, j);
        fprintf(out, "posclone %s %d %d %d\n", cases[k].tag, (int)n, (int)F, (int)C);
        for (int32_t i = 0; i < n; i++) {
            double probs[4], p_act = 0, thr = 0;
            int32_t decision = -1;
            if (C != 4 || (cases[k].flat && bc_predictor_set_position(p, 0, 0, 0.0) != BC_OK) ||
                bc_predictor_update(p, t[i], col[0][i], col[1][i], col[2][i], col[3][i],
                                    col[4][i], probs, 4, &decision) != BC_OK ||
                bc_predictor_last(p, &p_act, &thr) != BC_OK)
                fail("position clone update");
            fprintf(out, "pbar %lld", (long long)t[i]);
            double ohlcv[5] = {col[0][i], col[1][i], col[2][i], col[3][i], col[4][i]};
            write_doubles(out, ohlcv, 5);
            fprintf(out, " %d", (int)decision);
            write_doubles(out, &p_act, 1);
            write_doubles(out, probs, 4);
            /* the levels of the position held after the bar (NaN flat) */
            double lv[2];
            if (bc_predictor_levels(p, &lv[0], &lv[1], NULL) != BC_OK)
                fail("position clone levels");
            write_doubles(out, lv, 2);
            fprintf(out, "\n");
        }
        bc_predictor_free(p);
        bc_model_free(model);
        bc_trades_free(trades);
        bc_bars_free(bars);
    }
}

/* The CLI's default output, as Linux reads it. */
#define CLI_ROWS 8
static void write_cli_clone_case(FILE *out, const char *out_file)
{
    char path[4096];
    sibling(out_file, "cli_clone/model.bcm", path, sizeof path);
    bc_model *m = NULL;
    if (bc_model_load(path, &m) != BC_OK)
        fail(path);
    char symbol[64], zone[16];
    int32_t len = 0;
    double sl = 0, tp = 0;
    if (bc_model_symbol(m, symbol, sizeof symbol, &len) || bc_model_time_zone(m, zone, 16, &len) ||
        bc_model_stops(m, &sl, &tp))
        fail("cli clone market");
    int32_t F = bc_model_num_features(m), C = bc_model_num_classes(m);
    fprintf(out, "cli_clone %d %d %lld %s %s", (int)F, (int)C, (long long)bc_model_bar_seconds(m),
            symbol, zone);
    write_doubles(out, &sl, 1);
    write_doubles(out, &tp, 1);
    double *x = malloc(sizeof *x * (size_t)F * CLI_ROWS), *probs = malloc(sizeof *probs * (size_t)C * CLI_ROWS);
    for (int r = 0; r < CLI_ROWS; r++)
        for (int j = 0; j < F; j++)
            x[r * F + j] = 0.37 * (j + 1) - 0.11 * r * (j % 5) + (j % 3 == 0 ? 1.05 : 0.0);
    if (bc_model_predict(m, x, CLI_ROWS, F, probs, (int64_t)C * CLI_ROWS) != BC_OK)
        fail("cli clone predict");
    write_doubles(out, x, F * CLI_ROWS);
    write_doubles(out, probs, C * CLI_ROWS);
    fprintf(out, "\n");
    free(x);
    free(probs);
    bc_model_free(m);
}

/* The monitoring case: PSI, KS and its p-value, Page-Hinkley and CUSUM
 * states after the stream, bar quality counts (tests/win/monitor_case.h). */
static void write_monitor_case(FILE *out)
{
    static double ref[MONITOR_REF], live[MONITOR_LIVE], stream[MONITOR_STREAM];
    static double close[MONITOR_BARS];
    static int64_t t[MONITOR_BARS];
    monitor_inputs(draw, ref, live, stream, t, close);
    double psi, ks, p, ph[BC_DETECTOR_STATES], cu[BC_DETECTOR_STATES];
    if (bc_drift_psi(ref, MONITOR_REF, live, MONITOR_LIVE, 10, &psi) != BC_OK ||
        bc_drift_ks(ref, MONITOR_REF, live, MONITOR_LIVE, &ks, &p) != BC_OK)
        exit(2);
    bc_detector *a = NULL, *b = NULL;
    bc_quality *q = NULL;
    if (bc_detector_create(BC_DETECTOR_PAGE_HINKLEY, &a) != BC_OK ||
        bc_detector_set(a, "threshold", 5) != BC_OK ||
        bc_detector_create(BC_DETECTOR_CUSUM, &b) != BC_OK ||
        bc_quality_create(3600, &q) != BC_OK)
        exit(2);
    for (int i = 0; i < MONITOR_STREAM; i++)
        if (bc_detector_update(a, stream[i], NULL) != BC_OK ||
            bc_detector_update(b, stream[i], NULL) != BC_OK)
            exit(2);
    for (int i = 0; i < MONITOR_BARS; i++)
        bc_quality_update(q, t[i], close[i], close[i], close[i], close[i], 1, NULL);
    int64_t counts[BC_QUALITY_COUNTS];
    bc_detector_state(a, ph, BC_DETECTOR_STATES);
    bc_detector_state(b, cu, BC_DETECTOR_STATES);
    bc_quality_counts(q, counts, BC_QUALITY_COUNTS);
    fprintf(out, "monitor");
    write_doubles(out, &psi, 1);
    write_doubles(out, &ks, 1);
    write_doubles(out, &p, 1);
    write_doubles(out, ph, BC_DETECTOR_STATES);
    write_doubles(out, cu, BC_DETECTOR_STATES);
    for (int i = 0; i < BC_QUALITY_COUNTS; i++)
        fprintf(out, " %lld", (long long)counts[i]);
    fprintf(out, "\n");
    bc_detector_free(a);
    bc_detector_free(b);
    bc_quality_free(q);
}

/* A trained recurrent policy (one PPO iteration on a synthetic two-asset
 * market, saved beside OUT_FILE as reference_policy.bcp) stepped through
 * the model route (bc_model_load, bc_policy_from_model, bc_policy_step)
 * over POLICY_STEPS observation rows with episode resets: per step the
 * start flag, the row, and the action, value and probabilities. */
#define POLICY_STEPS 24
static void write_policy_case(FILE *out, const char *out_file)
{
    enum { ROWS = 300 };
    static double close[ROWS * 2];
    float *noise = draw(9, ROWS);
    for (int t = 0; t < ROWS; t++) {
        double x = ((t / 3) % 2 ? -0.01 : 0.01) + 0.002 * noise[t];
        close[2 * t] = 100.0 * exp(x);
        close[2 * t + 1] = 100.0 * exp(-x);
    }
    free(noise);
    bc_env *env = NULL;
    bc_ppo *ppo = NULL;
    if (bc_env_create(close, NULL, ROWS, 2, 4, &env) != BC_OK ||
        bc_env_set(env, "episode_length", "16") || bc_env_set(env, "threads", "1") ||
        bc_ppo_create(env, &ppo) != BC_OK)
        fail("policy env");
    const char *opts[][2] = {{"seed", "4"}, {"hidden_dim", "16"}, {"gru_layers", "2"},
                             {"n_steps", "8"}, {"epochs", "1"}, {"threads", "1"}};
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (bc_ppo_set(ppo, opts[i][0], opts[i][1]) != BC_OK)
            fail("policy options");
    char path[4096];
    sibling(out_file, "reference_policy.bcp", path, sizeof path);
    if (bc_ppo_iterate(ppo) != BC_OK || bc_ppo_save_policy(ppo, path) != BC_OK)
        fail("policy training");
    bc_ppo_free(ppo);
    bc_env_free(env);
    bc_model *m = NULL;
    bc_policy *pol = NULL;
    if (bc_model_load(path, &m) != BC_OK || bc_policy_from_model(m, &pol) != BC_OK)
        fail("policy model");
    const int D = bc_policy_observation_size(pol), A = bc_policy_action_count(pol);
    fprintf(out, "policy %d %d %d\n", D, A, POLICY_STEPS);
    float *obs = draw(10, POLICY_STEPS * D);
    float probs[64];
    for (int t = 0; t < POLICY_STEPS; t++) {
        int start = t == 0 || t == 9 || t == 17;
        if (start && bc_policy_reset(pol) != BC_OK)
            fail("policy reset");
        float value = 0;
        int32_t action = -1;
        for (int j = 0; j < D; j++)
            obs[t * D + j] *= 1.5f;
        if (bc_policy_step(pol, obs + t * D, probs, &value, &action) != BC_OK)
            fail("policy step");
        fprintf(out, "pstep %d %d %d", t, start, (int)action);
        double v = value;
        write_doubles(out, &v, 1);
        for (int a = 0; a < A; a++) {
            double p = probs[a];
            write_doubles(out, &p, 1);
        }
        for (int j = 0; j < D; j++) {
            double x = obs[t * D + j];
            write_doubles(out, &x, 1);
        }
        fprintf(out, "\n");
    }
    free(obs);
    bc_policy_free(pol);
    bc_model_free(m);
}

/* The generated C feature code of the time encodings, compiled for Windows
 * by check-dll.sh: the values are the library's tables printed as
 * constants, so msvcrt's sin/cos (which differ from glibc's) play no part.
 * The driver prints each bar's time and the six values' bits, and on stderr
 * how many of the tables' values the platform's own sin/cos would have
 * changed (what generated code calling sin/cos used to give). Bars: every
 * minute of 1969-12-31 (times < 0) and 2024-02-29, one a day at a varying
 * minute through 1968..1972, and far dates. */
static void write_generated_time_case(const char *out_file)
{
    static const char spec[] = "hour_sin,hour_cos,dow_sin,dow_cos,month_sin,month_cos";
    bc_model *m = NULL;
    bc_export_ir ir;
    char *src = NULL, path[1024];
    if (bc_model_create(BC_MODEL_LOGISTIC, 6, 2, NULL, 0, BC_ACT_RELU, &m) != BC_OK ||
        bc_model_set_feature_spec(m, spec) != BC_OK || bc_export_ir_from_model(m, &ir) != BC_OK ||
        bc_export_ir_source(&ir, BC_EXPORT_SOURCE_C, "gen", &src) != BC_OK)
        fail("generated time source");
    sibling(out_file, "generated_time.c", path, sizeof path);
    FILE *f = fopen(path, "w");
    if (!f)
        fail(path);
    fprintf(f, "%s\n#include <stdio.h>\n#include <string.h>\n\n"
            "int main(void)\n{\n"
            "    long long t;\n    double x[gen_N_COLUMNS];\n    int j, k, differ = 0;\n"
            "    gen_features_reset();\n"
            "    while (scanf(\"%%lld\", &t) == 1) {\n"
            "        gen_features_update(t, 1.0, 1.0, 1.0, 1.0, 0.0, x);\n"
            "        printf(\"%%lld\", t);\n"
            "        for (j = 0; j < gen_N_COLUMNS; j++) {\n"
            "            unsigned long long u;\n"
            "            memcpy(&u, &x[j], sizeof u);\n"
            "            printf(\" %%016llx\", u);\n"
            "        }\n        printf(\"\\n\");\n    }\n"
            "    /* the angles of time_encoding.c through this platform's sin/cos */\n"
            "    for (k = 0; k < 1440; k++) {\n"
            "        double a = 6.283185307179586476925286766559 * ((double)k / 60.0) / 24.0;\n"
            "        differ += (sin(a) != gen_time_hour_sin[k]) + (cos(a) != gen_time_hour_cos[k]);\n"
            "    }\n"
            "    for (k = 0; k < 7; k++) {\n"
            "        double a = 6.283185307179586476925286766559 * (double)k / 7.0;\n"
            "        differ += (sin(a) != gen_time_dow_sin[k]) + (cos(a) != gen_time_dow_cos[k]);\n"
            "    }\n"
            "    for (k = 0; k < 12; k++) {\n"
            "        double a = 6.283185307179586476925286766559 * (double)k / 12.0;\n"
            "        differ += (sin(a) != gen_time_month_sin[k]) + (cos(a) != gen_time_month_cos[k]);\n"
            "    }\n"
            "    fprintf(stderr, \"this platform's sin/cos differ from the tables at %%d of 2918 "
            "values\\n\", differ);\n"
            "    return 0;\n}\n", src);
    free(src);
    bc_model_free(m);
    if (fclose(f) != 0)
        fail(path);

    char bars_path[1024];
    sibling(out_file, "generated_time_bars.txt", bars_path, sizeof bars_path);
    sibling(out_file, "generated_time_expected.txt", path, sizeof path);
    FILE *bars = fopen(bars_path, "w"), *expected = fopen(path, "w");
    bc_features *features = NULL;
    if (!bars || !expected || bc_features_create(spec, &features) != BC_OK)
        fail("generated time bars");
    int64_t times[5000];
    int n = 0;
    for (int64_t d = -731; d < 1096; d++) /* 1968-01-01 .. 1972-12-31 */
        if (d == -1) /* 1969-12-31: every minute */
            for (int64_t k = 0; k < 1440; k++)
                times[n++] = -86400 + 60 * k + k % 60;
        else
            times[n++] = d * 86400 + (((d * 397) % 1440 + 1440) % 1440) * 60;
    for (int64_t k = 0; k < 1440; k++) /* 2024-02-29 */
        times[n++] = 1709164800LL + 60 * k;
    times[n++] = -11670998400LL + 60 * 1439; /* 1600-02-29 23:59 */
    times[n++] = 13574563200LL + 60 * 361; /* 2400-02-29 06:01 */
    for (int i = 0; i < n; i++) {
        double x[6];
        if (bc_features_update(features, times[i], 1.0, 1.0, 1.0, 1.0, 0.0, x, 6) != BC_OK)
            fail("generated time features");
        fprintf(bars, "%lld\n", (long long)times[i]);
        fprintf(expected, "%lld", (long long)times[i]);
        for (int j = 0; j < 6; j++)
            fprintf(expected, " %016llx", dbits(x[j]));
        fprintf(expected, "\n");
    }
    bc_features_free(features);
    if (fclose(bars) != 0 || fclose(expected) != 0)
        fail("generated time files");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s OUT_FILE\n", argv[0]);
        return 2;
    }
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 2;
    }

    float u[16];
    if (bc_random_uniform(42, 7, 3, 16, u) != BC_OK)
        return 2;
    fprintf(out, "uniform 42 7 3 16");
    for (int i = 0; i < 16; i++)
        fprintf(out, " %08x", bits(u[i]));
    fprintf(out, "\n");

    /* trans_a trans_b m n k: every transpose combination, odd sizes. */
    static const int cases[][5] = {
        {0, 0, 7, 5, 3}, {1, 0, 4, 6, 9}, {0, 1, 3, 3, 17}, {1, 1, 5, 4, 2}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int ta = cases[c][0], tb = cases[c][1];
        int m = cases[c][2], n = cases[c][3], k = cases[c][4];
        float *a = draw(1, m * k), *b = draw(2, k * n), *cm = draw(3, m * n);
        bc_ref_sgemm(ta, tb, m, n, k, 1.5f, a, ta ? m : k, b, tb ? k : n,
                     -0.5f, cm, n);
        fprintf(out, "sgemm %d %d %d %d %d", ta, tb, m, n, k);
        for (int i = 0; i < m * n; i++)
            fprintf(out, " %08x", bits(cm[i]));
        fprintf(out, "\n");
        free(a);
        free(b);
        free(cm);
    }
    write_clone_cases(out, argv[1]);
    write_cli_clone_case(out, argv[1]);
    write_position_clone_cases(out, argv[1]);
    write_monitor_case(out);
    write_policy_case(out, argv[1]);
    write_generated_time_case(argv[1]);
    return fclose(out) == 0 ? 0 : 2;
}
