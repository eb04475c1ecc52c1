/*
 * run.c - a clone run as a bot over historical bars: the predictor decides
 * bar by bar (the same code a live host calls), and every position change
 * becomes OPEN/CLOSE events in a trade log of the target's schema, so clone
 * and target can be compared line by line. Also used by the cloner to
 * measure fidelity in closed loop.
 */
#include "clone/clone.h"
#include "clone/predictor.h"
#include "clone/run.h"
#include "core/internal.h"
#include "model/model.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

int32_t clone_run_bars(bc_predictor *p, const bc_bars *bars, int32_t start, int32_t end,
                       const struct clone_position *initial, struct clone_fill *out)
{
    int32_t n = bc_bars_length(bars);
    if (start < 0 || end > n || start > end)
        return bc_fail(BC_E_INVALID_ARGUMENT, "run: bar range [%d, %d) outside [0, %d)", start, end, n);
    int32_t rc = bc_predictor_reset(p);
    if (rc != BC_OK || end == 0)
        return rc;
    /* The engine's columns: the market ones, then atr(14) when the model
     * has position state. */
    const int32_t width = p->n_market + p->has_position;
    double *market = malloc(sizeof *market * ((size_t)end * (size_t)width + 1));
    double *atr = malloc(sizeof *atr * (size_t)end);
    if (!market || !atr) {
        free(market);
        free(atr);
        return bc_fail(BC_E_OUT_OF_MEMORY, "run: no memory for %d bars x %d features", end, width);
    }
    const int64_t *t = bc_bars_time(bars);
    if (p->features)
        rc = bc_features_compute_arrays(p->features, end, t, bc_bars_column(bars, BC_BAR_OPEN),
                                        bc_bars_column(bars, BC_BAR_HIGH),
                                        bc_bars_column(bars, BC_BAR_LOW),
                                        bc_bars_column(bars, BC_BAR_CLOSE),
                                        bc_bars_column(bars, BC_BAR_VOLUME), NULL, NULL, market,
                                        (int64_t)end * width);
    for (int32_t i = 0; i < end; i++)
        atr[i] = p->has_position ? market[(int64_t)i * width + p->n_market] : NAN;
    const struct clone_sim_bars b = {p->n_market, width, market, t,
                                     bc_bars_column(bars, BC_BAR_HIGH),
                                     bc_bars_column(bars, BC_BAR_LOW),
                                     bc_bars_column(bars, BC_BAR_CLOSE), atr, NULL, 0, NULL};
    if (rc == BC_OK)
        rc = clone_simulate(p, &b, start, end, initial, out);
    if (rc == BC_OK)
        p->last_time = t[end - 1];
    free(market);
    free(atr);
    return rc;
}

int32_t clone_entries_from_run(int32_t start, int32_t count, const struct clone_fill *fills,
                               int32_t *bar, int32_t *dir)
{
    int32_t n = 0;
    for (int32_t i = 0; i < count; i++)
        if (fills[i].entered) {
            bar[n] = start + i;
            dir[n] = fills[i].direction;
            n++;
        }
    return n;
}

static int32_t append_event(bc_trades *trades, int32_t action, int32_t direction, int64_t ticket,
                            int64_t time, double price, double sl, double tp, double lots,
                            double profit, const char *symbol)
{
    bc_trade_event ev;
    memset(&ev, 0, sizeof ev);
    ev.struct_size = (uint32_t)sizeof ev;
    ev.action = action;
    ev.order_type = direction > 0 ? 0 : 1;
    ev.event_id = bc_trades_count(trades) + 1;
    ev.time = time;
    ev.ticket = ticket;
    ev.magic = 0;
    ev.decision_id = time;
    ev.lots = lots;
    ev.price = price;
    ev.sl = sl;
    ev.tp = tp;
    ev.profit = profit;
    ev.book_bid_vol = NAN;
    ev.book_ask_vol = NAN;
    snprintf(ev.symbol, sizeof ev.symbol, "%s", symbol);
    return bc_trades_append(trades, &ev);
}

static int32_t run_range(const bc_bars *bars, int64_t from, int64_t to, int32_t *start,
                         int32_t *end)
{
    if (from > to)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_run: from %lld is after to %lld",
                       (long long)from, (long long)to);
    int32_t n = bc_bars_length(bars);
    const int64_t *t = bc_bars_time(bars);
    *start = 0;
    *end = n;
    while (*start < n && t[*start] < from)
        (*start)++;
    while (*end > *start && t[*end - 1] > to)
        (*end)--;
    if (*start >= *end)
        return bc_fail(BC_E_NO_DATA, "clone_run: no bar between %lld and %lld (%d bars)",
                       (long long)from, (long long)to, n);
    return BC_OK;
}

int32_t bc_clone_run_predictor(bc_predictor *p, const bc_bars *bars, int64_t from, int64_t to,
                               bc_trades **out)
{
    if (!p || !bars || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_run: NULL %s",
                       !p ? "predictor" : !bars ? "bars" : "out");
    *out = NULL;
    int32_t start, end;
    int32_t rc = run_range(bars, from, to, &start, &end);
    if (rc != BC_OK)
        return rc;
    struct clone_fill *fills = malloc(sizeof *fills * (size_t)(end - start));
    bc_trades *trades = NULL;
    if (!fills)
        return bc_fail(BC_E_OUT_OF_MEMORY, "clone_run: no memory for %d bars", end - start);
    rc = clone_run_bars(p, bars, start, end, NULL, fills);
    if (rc == BC_OK)
        rc = bc_trades_create(&trades);
    char symbol[32];
    double lots;
    bc_model_trade_identity(p->model, symbol, (int32_t)sizeof symbol, &lots);
    if (p->symbol[0])
        snprintf(symbol, sizeof symbol, "%s", p->symbol);
    const int64_t *t = bc_bars_time(bars);
    int32_t before = 0;
    int64_t ticket = 0;
    double entry = NAN, sl = NAN, tp = NAN;
    for (int32_t i = start; rc == BC_OK && i < end; i++) {
        const struct clone_fill *f = &fills[i - start];
        /* A close at the bar's close or at a level the bar touched; the
         * events carry the position's sl/tp (NaN when it has none). */
        if (f->exit != CLONE_EXIT_NONE && before != 0) {
            double profit = (double)before * (f->exit_price - entry) * lots;
            rc = append_event(trades, BC_ACTION_CLOSE, before, ticket, t[i], f->exit_price, sl, tp,
                              lots, profit, symbol);
        }
        if (rc == BC_OK && f->entered) {
            ticket++;
            entry = f->entry_price;
            sl = f->sl;
            tp = f->tp;
            rc = append_event(trades, BC_ACTION_OPEN, f->direction, ticket, t[i], entry, sl, tp,
                              lots, 0.0, symbol);
        }
        before = f->direction;
    }
    free(fills);
    if (rc != BC_OK) {
        bc_trades_free(trades);
        return rc;
    }
    *out = trades;
    return BC_OK;
}

int32_t bc_clone_run(const bc_model *model, const bc_bars *bars, int64_t from, int64_t to,
                     bc_trades **out)
{
    if (!model || !bars || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_run: NULL %s",
                       !model ? "model" : !bars ? "bars" : "out");
    *out = NULL;
    bc_predictor *p = NULL;
    int32_t rc = bc_predictor_create(model, &p);
    if (rc == BC_OK)
        rc = bc_clone_run_predictor(p, bars, from, to, out);
    bc_predictor_free(p);
    return rc;
}

/* Entries of a log on the bars: its per-bar labels, OPEN ones kept. */
static int32_t log_entries(const bc_trades *log, const char *symbol, const bc_bars *bars,
                           int32_t start, int32_t end, int32_t *bar, int32_t *dir, int32_t *count)
{
    int32_t n = bc_trades_count(log), n_bars = bc_bars_length(bars), m = 0;
    struct clone_event *ev = malloc(sizeof *ev * (size_t)(n > 0 ? n : 1));
    int32_t *labels = malloc(sizeof *labels * (size_t)n_bars);
    struct clone_position *state = malloc(sizeof *state * (size_t)n_bars);
    int32_t rc = BC_OK;
    if (!ev || !labels || !state)
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "compare: no memory for %d events", n);
    for (int32_t i = 0; rc == BC_OK && i < n; i++) {
        bc_trade_event e;
        e.struct_size = (uint32_t)sizeof e;
        rc = bc_trades_get(log, i, &e);
        if (rc == BC_OK && (!symbol || strcmp(symbol, e.symbol) == 0) &&
            (e.action == BC_ACTION_OPEN || e.action == BC_ACTION_CLOSE))
            ev[m++] = (struct clone_event){e.time, e.ticket, e.line, e.action, e.order_type};
    }
    if (rc == BC_OK)
        rc = clone_label_bars(n_bars, bc_bars_time(bars), bc_bars_column(bars, BC_BAR_CLOSE), m, ev,
                              labels, state, NULL);
    *count = 0;
    for (int32_t i = start; rc == BC_OK && i < end; i++)
        if (labels[i] == CLONE_LABEL_OPEN_LONG || labels[i] == CLONE_LABEL_OPEN_SHORT) {
            bar[*count] = i;
            dir[*count] = labels[i] == CLONE_LABEL_OPEN_LONG ? 1 : -1;
            (*count)++;
        }
    free(ev);
    free(labels);
    free(state);
    return rc;
}

int32_t bc_clone_compare(const bc_trades *target, const bc_trades *clone, const bc_bars *bars,
                         int64_t from, int64_t to, int32_t tolerance_bars, bc_fidelity *out)
{
    if (!target || !clone || !bars || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_compare: NULL %s",
                       !target ? "target" : !clone ? "clone" : !bars ? "bars" : "out");
    if (out->struct_size < sizeof *out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_compare: struct_size %u < %u",
                       (unsigned)out->struct_size, (unsigned)sizeof *out);
    if (tolerance_bars < 0 || tolerance_bars > 100)
        return bc_fail(BC_E_INVALID_ARGUMENT, "clone_compare: tolerance %d outside 0..100",
                       tolerance_bars);
    int32_t start, end;
    int32_t rc = run_range(bars, from, to, &start, &end);
    if (rc != BC_OK)
        return rc;
    char symbol[32] = "";
    if (bc_trades_count(target) > 0) {
        bc_trade_event e;
        e.struct_size = (uint32_t)sizeof e;
        rc = bc_trades_get(target, 0, &e);
        if (rc != BC_OK)
            return rc;
        snprintf(symbol, sizeof symbol, "%s", e.symbol);
    }
    int32_t n = end - start;
    int32_t *buf = malloc(sizeof *buf * (size_t)n * 4);
    if (!buf)
        return bc_fail(BC_E_OUT_OF_MEMORY, "clone_compare: no memory for %d bars", n);
    int32_t nt = 0, nc = 0;
    rc = log_entries(target, symbol, bars, start, end, buf, buf + n, &nt);
    if (rc == BC_OK)
        rc = log_entries(clone, NULL, bars, start, end, buf + 2 * n, buf + 3 * n, &nc);
    struct clone_fidelity f;
    if (rc == BC_OK)
        rc = clone_fidelity_match(nt, buf, buf + n, nc, buf + 2 * n, buf + 3 * n, tolerance_bars, &f);
    free(buf);
    if (rc != BC_OK)
        return rc;
    out->target_entries = (int32_t)f.target_entries;
    out->clone_entries = (int32_t)f.clone_entries;
    out->matched = (int32_t)f.matched;
    out->precision = f.precision;
    out->recall = f.recall;
    out->f1 = f.f1;
    return BC_OK;
}
