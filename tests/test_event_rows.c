/*
 * test_event_rows.c - the rows an online update learns from
 * (bc_model_event_rows) and the last_event_id bookmark, on a real clone of
 * the sample AAPL bot: the rows start at the bar of the first new event,
 * their market columns are the model's feature spec computed by a separate
 * engine, their labels follow the new events, the weights decay from the
 * newest event, and every bad input is refused by name. The time-decay
 * weights against numpy and the update against bc_model_update, through
 * the daemon, are in tests/python/test_lifecycle_online.py.
 */
#include "test_util.h"
#include "clone/clone.h"
#include "clone/predictor.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

/* One clone for the suite (an unchecked fixture: made once, before the
 * tests fork). */
static bc_bars *shared_bars;
static bc_trades *shared_trades;
static bc_model *shared_clone;

static void clone_once(void)
{
    bc_cloner *c = NULL;
    if (bc_bars_read_csv(test_data_path("aapl_daily.csv"), &shared_bars, NULL) != BC_OK ||
        bc_trades_read_csv(test_data_path("sample_bot_aapl_trades_raw.csv"), &shared_trades,
                           NULL) != BC_OK ||
        bc_cloner_create(&c) != BC_OK || bc_cloner_set(c, "model", "logistic") != BC_OK ||
        bc_cloner_fit(c, shared_trades, shared_bars, &shared_clone) != BC_OK)
        shared_clone = NULL; /* the tests fail on it, naming the fixture */
    bc_cloner_free(c);
}

static void free_clone(void)
{
    bc_model_free(shared_clone);
    bc_bars_free(shared_bars);
    bc_trades_free(shared_trades);
}

/* A private copy of the suite's clone and its data. */
static bc_model *clone_of(const bc_bars *bars, const bc_trades *trades)
{
    (void)bars;
    (void)trades;
    ck_assert_msg(shared_clone != NULL, "the fixture's clone failed: %s", bc_last_error());
    bc_model *m = NULL;
    ck_assert_ok(bc_model_copy(shared_clone, &m));
    return m;
}

static void load(bc_bars **bars, bc_trades **trades)
{
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), bars, NULL));
    ck_assert_ok(bc_trades_read_csv(test_data_path("sample_bot_aapl_trades_raw.csv"), trades,
                                    NULL));
}

START_TEST(rows_start_at_the_first_new_event_with_the_models_inputs)
{
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    load(&bars, &trades);
    bc_model *m = clone_of(bars, trades);
    ck_assert_int_eq(bc_model_last_event_id(m), 161); /* the log's largest event_id */
    const int32_t F = bc_model_num_features(m), n_bars = bc_bars_length(bars);
    const int64_t *bar_time = bc_bars_time(bars);
    int32_t n = 0;
    int64_t last = 0;
    ck_assert_ok(bc_model_event_rows(m, bars, trades, 150, 20.0, NULL, NULL, NULL, NULL, 0, &n,
                                     &last));
    ck_assert_int_eq(last, 161);
    /* The first new event is event 151: rows from its bar to the end. */
    bc_trade_event e151 = {.struct_size = sizeof e151}, ev = {.struct_size = sizeof ev};
    int64_t newest = INT64_MIN;
    for (int32_t i = 0; i < bc_trades_count(trades); i++) {
        ck_assert_ok(bc_trades_get(trades, i, &ev));
        if (ev.event_id == 151)
            e151 = ev;
        newest = ev.time > newest ? ev.time : newest;
    }
    int32_t first = 0;
    while (first + 1 < n_bars && bar_time[first + 1] <= e151.time)
        first++;
    ck_assert_int_eq(n, n_bars - first);
    double *x = malloc(sizeof *x * (size_t)n * (size_t)F), *w = malloc(sizeof *w * (size_t)n);
    int32_t *y = malloc(sizeof *y * (size_t)n);
    int64_t *t = malloc(sizeof *t * (size_t)n);
    ck_assert_status_msg(bc_model_event_rows(m, bars, trades, 150, 20.0, x, y, w, t, n - 1, &n,
                                             NULL),
                         BC_E_BUFFER_TOO_SMALL, "capacity");
    ck_assert_ok(bc_model_event_rows(m, bars, trades, 150, 20.0, x, y, w, t, n, &n, NULL));
    ck_assert_int_eq(t[0], bar_time[first]);
    /* Market columns: the model's spec computed by an engine of our own. */
    int32_t len = 0;
    bc_model_feature_spec(m, NULL, 0, &len);
    char *spec = malloc((size_t)len + 1);
    ck_assert_ok(bc_model_feature_spec(m, spec, len + 1, &len));
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    const int32_t M = bc_features_count(f);
    double *market = malloc(sizeof *market * (size_t)n_bars * (size_t)M);
    ck_assert_ok(bc_features_compute(f, bars, market, (int64_t)n_bars * M));
    int opens = 0;
    for (int32_t k = 0; k < n; k++) {
        for (int32_t j = 0; j < M; j++) {
            double a = x[(int64_t)k * F + j], b = market[(int64_t)(first + k) * M + j];
            ck_assert_msg(a == b || (isnan(a) && isnan(b)), "row %d column %d: %g vs %g", k, j,
                          a, b);
        }
        /* 0.5 ** (age / half-life), age from the newest event, never < 0. */
        double age = (double)(newest - t[k]) / 86400.0;
        ck_assert_double_eq(w[k], pow(0.5, (age > 0 ? age : 0) / 20.0));
        ck_assert(y[k] >= 0 && y[k] <= 3);
        opens += y[k] == 1 || y[k] == 2;
    }
    /* Each new OPEN labels its bar (the bot reverses: no CLOSE label). */
    int new_opens = 0;
    for (int32_t i = 0; i < bc_trades_count(trades); i++) {
        ck_assert_ok(bc_trades_get(trades, i, &ev));
        new_opens += ev.event_id > 150 && ev.action == BC_ACTION_OPEN;
    }
    ck_assert_int_eq(opens, new_opens);
    /* Without decay every weight is 1. */
    ck_assert_ok(bc_model_event_rows(m, bars, trades, 150, 0.0, x, y, w, NULL, n, &n, NULL));
    for (int32_t k = 0; k < n; k++)
        ck_assert_double_eq(w[k], 1.0);
    free(spec);
    free(market);
    free(x);
    free(y);
    free(w);
    free(t);
    bc_features_free(f);
    bc_model_free(m);
    bc_bars_free(bars);
    bc_trades_free(trades);
}
END_TEST

START_TEST(last_event_id_is_saved_with_the_model)
{
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    load(&bars, &trades);
    bc_model *m = clone_of(bars, trades);
    ck_assert_status_msg(bc_model_set_last_event_id(m, -2), BC_E_INVALID_ARGUMENT, "-2");
    ck_assert_status_msg(bc_model_set_last_event_id(NULL, 1), BC_E_INVALID_ARGUMENT, "NULL");
    ck_assert_int_eq(bc_model_last_event_id(m), 161);
    ck_assert_ok(bc_model_set_last_event_id(m, 90));
    int64_t len = 0;
    bc_model_save_bytes(m, NULL, 0, &len);
    uint8_t *buf = malloc((size_t)len);
    ck_assert_ok(bc_model_save_bytes(m, buf, len, &len));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, len, &back));
    ck_assert_int_eq(bc_model_last_event_id(back), 90);
    ck_assert_int_eq(bc_model_last_event_id(NULL), -1);
    /* From the bookmark, the rows of the 71 events after it. */
    int32_t n90 = 0, n161 = 0;
    ck_assert_ok(bc_model_event_rows(back, bars, trades, bc_model_last_event_id(back), 0, NULL,
                                     NULL, NULL, NULL, 0, &n90, NULL));
    ck_assert_status_msg(bc_model_event_rows(m, bars, trades, 161, 0, NULL, NULL, NULL, NULL, 0,
                                             &n161, NULL),
                         BC_E_NO_DATA, "after event_id 161");
    ck_assert(n90 > 100 && n161 == 0);
    free(buf);
    bc_model_free(back);
    bc_model_free(m);
    bc_bars_free(bars);
    bc_trades_free(trades);
}
END_TEST

/* The MQL5 shim (bc_mql_model_event_rows, in the DLL too): the bars and
 * the bot's events as the flat arrays an EA has give the library's rows,
 * bit for bit; the bookmark reads and moves through the id. */
START_TEST(mql_shim_gives_the_same_rows_from_flat_arrays)
{
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    load(&bars, &trades);
    bc_model *m = clone_of(bars, trades);
    const int32_t F = bc_model_num_features(m), nb = bc_bars_length(bars);
    const int32_t ne = bc_trades_count(trades);
    int64_t *eid = malloc(sizeof(int64_t) * (size_t)ne * 3);
    int64_t *etime = eid + ne, *ticket = etime + ne;
    int32_t *action = malloc(sizeof(int32_t) * (size_t)ne * 2), *otype = action + ne;
    for (int32_t i = 0; i < ne; i++) {
        bc_trade_event e = {.struct_size = sizeof e};
        ck_assert_ok(bc_trades_get(trades, i, &e));
        eid[i] = e.event_id, etime[i] = e.time, ticket[i] = e.ticket;
        action[i] = e.action, otype[i] = e.order_type;
    }
    int32_t n = 0, got = 0;
    int64_t last = 0, last_shim = 0, len = 0;
    ck_assert_ok(bc_model_event_rows(m, bars, trades, 120, 30.0, NULL, NULL, NULL, NULL, 0, &n,
                                     &last));
    double *x = malloc(sizeof(double) * (size_t)n * F * 2), *xs = x + (size_t)n * F;
    double *w = malloc(sizeof(double) * (size_t)n * 2), *ws = w + n;
    int32_t *y = malloc(sizeof(int32_t) * (size_t)n * 2), *ys = y + n;
    int64_t *t = malloc(sizeof(int64_t) * (size_t)n * 2), *ts = t + n;
    ck_assert_ok(bc_model_event_rows(m, bars, trades, 120, 30.0, x, y, w, t, n, &n, &last));
    bc_model_save_bytes(m, NULL, 0, &len);
    uint8_t *buf = malloc((size_t)len);
    ck_assert_ok(bc_model_save_bytes(m, buf, len, &len));
    int64_t id = 0;
    ck_assert_ok(bc_mql_model_load_bytes(buf, (int32_t)len, &id));
    ck_assert_int_eq(bc_mql_model_last_event_id(id), 161);
    const int64_t *bt = bc_bars_time(bars);
    const double *o = bc_bars_column(bars, BC_BAR_OPEN), *h = bc_bars_column(bars, BC_BAR_HIGH);
    const double *l = bc_bars_column(bars, BC_BAR_LOW), *c = bc_bars_column(bars, BC_BAR_CLOSE);
    const double *v = bc_bars_column(bars, BC_BAR_VOLUME);
    ck_assert_ok(bc_mql_model_event_rows(id, bt, o, h, l, c, v, nb, eid, etime, ticket, action,
                                         otype, ne, 120, 30.0, NULL, 0, NULL, NULL, NULL, 0,
                                         &got, &last_shim));
    ck_assert_int_eq(got, n);
    ck_assert_ok(bc_mql_model_event_rows(id, bt, o, h, l, c, v, nb, eid, etime, ticket, action,
                                         otype, ne, 120, 30.0, xs, n * F, ys, ws, ts, n, &got,
                                         &last_shim));
    ck_assert_int_eq(got, n);
    ck_assert_int_eq(last_shim, last);
    ck_assert(memcmp(x, xs, sizeof(double) * (size_t)n * F) == 0);
    ck_assert(memcmp(w, ws, sizeof(double) * (size_t)n) == 0);
    ck_assert(memcmp(y, ys, sizeof(int32_t) * (size_t)n) == 0);
    ck_assert(memcmp(t, ts, sizeof(int64_t) * (size_t)n) == 0);
    ck_assert_ok(bc_mql_model_set_last_event_id(id, 130));
    ck_assert_int_eq(bc_mql_model_last_event_id(id), 130);
    ck_assert_status_msg(bc_mql_model_set_last_event_id(id, -5), BC_E_INVALID_ARGUMENT, "-5");
    otype[2] = 4;
    ck_assert_status_msg(bc_mql_model_event_rows(id, bt, o, h, l, c, v, nb, eid, etime, ticket,
                                                 action, otype, ne, 120, 30.0, NULL, 0, NULL,
                                                 NULL, NULL, 0, &got, &last_shim),
                         BC_E_INVALID_ARGUMENT, "event 2");
    otype[2] = 0;
    ck_assert_status_msg(bc_mql_model_event_rows(id, bt, o, h, l, c, v, nb, eid, etime, ticket,
                                                 action, otype, ne, 120, 30.0, xs, n * F - 1, ys,
                                                 ws, ts, n, &got, &last_shim),
                         BC_E_SHAPE, "x has room");
    ck_assert_status_msg(bc_mql_model_event_rows(id, bt, o, h, l, c, v, nb, eid, etime, ticket,
                                                 action, otype, ne, 120, 30.0, NULL, 0, NULL,
                                                 NULL, NULL, 0, NULL, &last_shim),
                         BC_E_INVALID_ARGUMENT, "n_rows");
    ck_assert_ok(bc_mql_release(id));
    ck_assert_int_eq(bc_mql_model_last_event_id(id), BC_E_STALE_HANDLE);
    free(buf);
    free(x);
    free(w);
    free(y);
    free(t);
    free(eid);
    free(action);
    bc_model_free(m);
    bc_bars_free(bars);
    bc_trades_free(trades);
}
END_TEST

START_TEST(bad_input_is_refused_by_name)
{
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    load(&bars, &trades);
    bc_model *m = clone_of(bars, trades);
    int32_t n = 0;
    double x[4];
    int32_t y[4];
    ck_assert_status_msg(bc_model_event_rows(NULL, bars, trades, 0, 0, NULL, NULL, NULL, NULL, 0,
                                             &n, NULL),
                         BC_E_INVALID_ARGUMENT, "model");
    ck_assert_status_msg(bc_model_event_rows(m, bars, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, &n,
                                             NULL),
                         BC_E_INVALID_ARGUMENT, "trades");
    ck_assert_status_msg(bc_model_event_rows(m, bars, trades, 0, -1, NULL, NULL, NULL, NULL, 0,
                                             &n, NULL),
                         BC_E_INVALID_ARGUMENT, "half_life_days -1");
    ck_assert_status_msg(bc_model_event_rows(m, bars, trades, 0, NAN, NULL, NULL, NULL, NULL, 0,
                                             &n, NULL),
                         BC_E_INVALID_ARGUMENT, "half_life_days");
    ck_assert_status_msg(bc_model_event_rows(m, bars, trades, 0, 0, x, NULL, NULL, NULL, 4, &n,
                                             NULL),
                         BC_E_INVALID_ARGUMENT, "x or y NULL");
    ck_assert_status_msg(bc_model_event_rows(m, bars, trades, 0, 0, x, y, NULL, NULL, -1, &n,
                                             NULL),
                         BC_E_INVALID_ARGUMENT, "negative");
    /* A model trained on plain rows (no spec, no position state). */
    bc_trainer *tr = NULL;
    float fx[40];
    int32_t fy[20];
    for (int i = 0; i < 20; i++) {
        fx[2 * i] = (float)i;
        fx[2 * i + 1] = (float)(i % 3);
        fy[i] = i % 4;
    }
    bc_model *plain = NULL;
    ck_assert_ok(bc_trainer_create("logistic", &tr));
    ck_assert_ok(bc_trainer_fit(tr, fx, fy, NULL, 20, 2, 4, &plain));
    ck_assert_status_msg(bc_model_event_rows(plain, bars, trades, 0, 0, NULL, NULL, NULL, NULL,
                                             0, &n, NULL),
                         BC_E_UNSUPPORTED, "not a clone");
    ck_assert_int_eq(n, 0);
    bc_trainer_free(tr);
    bc_model_free(plain);
    bc_model_free(m);
    bc_bars_free(bars);
    bc_trades_free(trades);
}
END_TEST

/* The predictor streaming bar by bar, its position following its own
 * decisions, gives the same position columns (bit for bit) as the batch
 * path the cloner trains on (clone_label_bars, clone_fill_excursions,
 * clone_position_inputs) over a log of those decisions: a BUY from flat or
 * short opens long, a BUY while long closes and opens again (a re-entry),
 * CLOSE closes. Returns the bars where giveback_atr > 0. */
static int check_streaming_position_equals_batch(const bc_model *m, const bc_bars *bars)
{
    bc_predictor *p = NULL;
    ck_assert_ok(bc_predictor_create(m, &p));
    ck_assert(p->has_position);
    const int32_t n = bc_bars_length(bars), NP = p->n_position, M = p->n_market;
    const int32_t C = bc_model_num_classes(m);
    const int64_t *t = bc_bars_time(bars);
    const double *o = bc_bars_column(bars, BC_BAR_OPEN), *h = bc_bars_column(bars, BC_BAR_HIGH),
                 *l = bc_bars_column(bars, BC_BAR_LOW), *c = bc_bars_column(bars, BC_BAR_CLOSE),
                 *v = bc_bars_column(bars, BC_BAR_VOLUME);
    double *stream = malloc(sizeof *stream * (size_t)n * (size_t)NP);
    double *atr = malloc(sizeof *atr * (size_t)n), probs[8], row[64];
    struct clone_event *ev = malloc(sizeof *ev * (size_t)(2 * n + 1));
    int32_t *labels = malloc(sizeof *labels * (size_t)n);
    struct clone_position *state = malloc(sizeof *state * (size_t)n);
    ck_assert(stream && atr && ev && labels && state && C <= 8 && NP <= 64);
    int32_t n_ev = 0, dir = 0, entries = 0;
    int64_t ticket = 0;
    for (int32_t b = 0; b < n; b++) {
        int32_t d = 0;
        ck_assert_ok(bc_predictor_update(p, t[b], o[b], h[b], l[b], c[b], v[b], probs, C, &d));
        memcpy(stream + (int64_t)b * NP, p->row + M, sizeof *stream * (size_t)NP);
        int32_t target = d == BC_DECISION_BUY ? 1 : d == BC_DECISION_SELL ? -1
                         : d == BC_DECISION_CLOSE ? 0 : dir;
        if (target != dir || (target != 0 && d != BC_DECISION_HOLD)) {
            if (dir != 0) {
                ev[n_ev] = (struct clone_event){t[b], ticket, n_ev + 1, 3, dir > 0 ? 0 : 1};
                n_ev++;
            }
            if (target != 0) {
                ev[n_ev] = (struct clone_event){t[b], ++ticket, n_ev + 1, 1, target > 0 ? 0 : 1};
                n_ev++;
                entries++;
            }
            dir = target;
        }
    }
    ck_assert_int_gt(entries, 5);
    bc_features *f = NULL;
    char atr_spec[32];
    clone_position_atr_spec(0, atr_spec, sizeof atr_spec); /* the default atr(14) */
    ck_assert_ok(bc_features_create(atr_spec, &f));
    ck_assert_ok(bc_features_compute(f, bars, atr, n));
    bc_features_free(f);
    ck_assert_ok(clone_label_bars(n, t, c, n_ev, ev, labels, state, NULL));
    clone_fill_excursions(n, h, l, c, atr, state);
    int32_t base = clone_position_base(NP), core = clone_position_core(base), positive = 0;
    for (int32_t b = 0; b < n; b++) {
        clone_position_inputs(&state[b], h[b], l[b], c[b], atr[b], NP, &p->levels, NULL, NULL, 0,
                              row);
        for (int32_t j = 0; j < NP; j++)
            ck_assert_msg(memcmp(&row[j], &stream[(int64_t)b * NP + j], sizeof row[j]) == 0,
                          "bar %d column %s: batch %.17g, streamed %.17g", b,
                          clone_position_column_name(NP, j), row[j], stream[(int64_t)b * NP + j]);
        positive += base != core && row[core] > 0.0;
    }
    free(stream);
    free(atr);
    free(ev);
    free(labels);
    free(state);
    bc_predictor_free(p);
    return positive;
}

/* A trees clone with position_columns=extended: its event rows carry the
 * seventeen position columns (the sixteen and giveback_atr), and they hold
 * together on every row: flat rows are all zero; a held row has exactly
 * the bucket of its bars_held column, and the close lies between the bar's
 * best and worst price against the entry (bar_fav_atr >= close_entry_atr
 * >= -bar_adv_atr), each within the position's excursions so far (mfe_atr,
 * mae_atr); giveback_atr >= 0. The predictor's streamed position columns
 * equal the batch ones. */
START_TEST(extended_position_columns_hold_together_in_event_rows)
{
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    load(&bars, &trades);
    bc_cloner *c = NULL;
    bc_model *m = NULL;
    ck_assert_ok(bc_cloner_create(&c));
    ck_assert_ok(bc_cloner_set(c, "model", "trees"));
    ck_assert_ok(bc_cloner_set(c, "position_columns", "extended"));
    ck_assert_ok(bc_cloner_fit(c, trades, bars, &m));
    bc_cloner_free(c);
    const int32_t F = bc_model_num_features(m);
    int32_t base = -1;
    char name[256];
    for (int32_t j = 0; j < F && base < 0; j++) {
        ck_assert_ok(bc_model_feature_name(m, j, name, sizeof name, NULL));
        if (strcmp(name, "pos_long") == 0)
            base = j;
    }
    ck_assert_int_ge(base, 0);
    ck_assert_ok(bc_model_feature_name(m, base + 15, name, sizeof name, NULL));
    ck_assert_str_eq(name, "held_33_up");
    ck_assert_ok(bc_model_feature_name(m, base + 16, name, sizeof name, NULL));
    ck_assert_str_eq(name, "giveback_atr");
    int32_t n = 0;
    ck_assert_ok(bc_model_event_rows(m, bars, trades, 0, 0.0, NULL, NULL, NULL, NULL, 0, &n,
                                     NULL));
    double *x = malloc(sizeof *x * (size_t)n * (size_t)F);
    int32_t *y = malloc(sizeof *y * (size_t)n);
    ck_assert_ok(bc_model_event_rows(m, bars, trades, 0, 0.0, x, y, NULL, NULL, n, &n, NULL));
    int held_rows = 0;
    for (int32_t k = 0; k < n; k++) {
        const double *p = x + (int64_t)k * F + base;
        if (p[0] == 0.0 && p[1] == 0.0) {
            for (int j = 2; j < 17; j++)
                ck_assert_msg(p[j] == 0.0, "flat row %d column %d is %g", k, j, p[j]);
            continue;
        }
        held_rows++;
        ck_assert_msg(p[16] >= 0.0, "row %d: giveback %g", k, p[16]);
        int h = (int)p[2];
        int want = h <= 1 ? 0 : h == 2 ? 1 : h <= 4 ? 2 : h <= 8 ? 3 : h <= 16 ? 4 : h <= 32 ? 5 : 6;
        for (int b = 0; b < 7; b++)
            ck_assert_double_eq(p[9 + b], b == want ? 1.0 : 0.0);
        ck_assert_msg(p[6] >= p[8] - 1e-12 && p[8] >= -p[7] - 1e-12,
                      "row %d: fav %g close %g adv %g", k, p[6], p[8], p[7]);
        ck_assert_msg(p[6] <= p[5] + 1e-12 && p[7] <= p[4] + 1e-12,
                      "row %d: fav %g > mfe %g or adv %g > mae %g", k, p[6], p[5], p[7], p[4]);
    }
    ck_assert_int_gt(held_rows, 100);
    ck_assert_int_gt(check_streaming_position_equals_batch(m, bars), 20);
    free(x);
    free(y);
    bc_model_free(m);
    bc_bars_free(bars);
    bc_trades_free(trades);
}
END_TEST

/* A trees clone with position_entry_bar=1, standard and extended: layouts
 * 9 and 19 (giveback_atr, then close_ebar_fav_atr and close_ebar_adv_atr);
 * on every held row the close is no further past the entry bar's
 * favourable extreme than past its adverse one (fav <= adv), flat rows
 * are zero; the predictor's streamed position columns equal the batch
 * ones bit for bit, and the model reloaded from its file has them too. */
START_TEST(entry_bar_columns_follow_giveback_and_stream_as_in_batch)
{
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    load(&bars, &trades);
    for (int ext = 0; ext < 2; ext++) {
        bc_cloner *c = NULL;
        bc_model *m = NULL;
        ck_assert_ok(bc_cloner_create(&c));
        ck_assert_ok(bc_cloner_set(c, "model", "trees"));
        ck_assert_ok(bc_cloner_set(c, "position_entry_bar", "1"));
        if (ext)
            ck_assert_ok(bc_cloner_set(c, "position_columns", "extended"));
        ck_assert_ok(bc_cloner_fit(c, trades, bars, &m));
        bc_cloner_free(c);
        const int32_t F = bc_model_num_features(m), core = ext ? 16 : 6;
        int32_t base = -1;
        char name[256];
        for (int32_t j = 0; j < F && base < 0; j++) {
            ck_assert_ok(bc_model_feature_name(m, j, name, sizeof name, NULL));
            if (strcmp(name, "pos_long") == 0)
                base = j;
        }
        ck_assert_int_ge(base, 0);
        static const char *const want[3] = {"giveback_atr", "close_ebar_fav_atr",
                                            "close_ebar_adv_atr"};
        for (int k = 0; k < 3; k++) {
            ck_assert_ok(bc_model_feature_name(m, base + core + k, name, sizeof name, NULL));
            ck_assert_str_eq(name, want[k]);
        }
        bc_predictor *p = NULL;
        ck_assert_ok(bc_predictor_create(m, &p));
        ck_assert_int_eq(clone_position_base(p->n_position), core + 3);
        bc_predictor_free(p);
        int32_t n = 0;
        ck_assert_ok(bc_model_event_rows(m, bars, trades, 0, 0.0, NULL, NULL, NULL, NULL, 0, &n,
                                         NULL));
        double *x = malloc(sizeof *x * (size_t)n * (size_t)F);
        int32_t *y = malloc(sizeof *y * (size_t)n);
        ck_assert_ok(bc_model_event_rows(m, bars, trades, 0, 0.0, x, y, NULL, NULL, n, &n, NULL));
        int held = 0, past = 0, back = 0;
        for (int32_t k = 0; k < n; k++) {
            const double *q = x + (int64_t)k * F + base;
            if (q[0] == 0.0 && q[1] == 0.0) {
                ck_assert_double_eq(q[core + 1], 0.0);
                ck_assert_double_eq(q[core + 2], 0.0);
                continue;
            }
            held++;
            ck_assert_msg(q[core + 1] <= q[core + 2] + 1e-12, "row %d: fav %g adv %g", k,
                          q[core + 1], q[core + 2]);
            past += q[core + 1] > 0.0;
            back += q[core + 2] < 0.0;
        }
        ck_assert_int_gt(held, 100);
        ck_assert_int_gt(past, 5);
        ck_assert_int_gt(back, 5);
        ck_assert_int_gt(check_streaming_position_equals_batch(m, bars), 20);
        /* the model file keeps the layout */
        char path[] = "/tmp/bc_entry_bar_XXXXXX";
        int fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        close(fd);
        ck_assert_ok(bc_model_save(m, path));
        bc_model *r = NULL;
        ck_assert_ok(bc_model_load(path, &r));
        unlink(path);
        ck_assert_ok(bc_predictor_create(r, &p));
        ck_assert_int_eq(clone_position_base(p->n_position), core + 3);
        bc_predictor_free(p);
        bc_model_free(r);
        free(x);
        free(y);
        bc_model_free(m);
    }
    bc_bars_free(bars);
    bc_trades_free(trades);
}
END_TEST

Suite *suite_event_rows(void)
{
    Suite *s = suite_create("event_rows");
    TCase *tc = tcase_create("core");
    tcase_add_unchecked_fixture(tc, clone_once, free_clone);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rows_start_at_the_first_new_event_with_the_models_inputs);
    tcase_add_test(tc, last_event_id_is_saved_with_the_model);
    tcase_add_test(tc, bad_input_is_refused_by_name);
    tcase_add_test(tc, extended_position_columns_hold_together_in_event_rows);
    tcase_add_test(tc, mql_shim_gives_the_same_rows_from_flat_arrays);
    tcase_add_test(tc, entry_bar_columns_follow_giveback_and_stream_as_in_batch);
    suite_add_tcase(s, tc);
    return s;
}
