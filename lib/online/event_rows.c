/*
 * event_rows.c - the training rows an online update of a clone learns from:
 * the bars since the bot's first new trade-log event, labelled from the
 * log as the cloner labels them, with the model's own inputs (its feature
 * spec, the bot's position state, the position-signed columns: the row the
 * predictor builds live) and the time-decay weights; and the model's
 * last_event_id, the bookmark of what it learned. The gradient step itself
 * is bc_model_update's (lib/train/online.c); no training loop lives here.
 */
#include "clone/clone.h"
#include "clone/predictor.h"
#include "core/internal.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

BC_API int64_t bc_model_last_event_id(const bc_model *m)
{
    return m ? m->last_event_id : -1;
}

BC_API int32_t bc_model_set_last_event_id(bc_model *m, int64_t last_event_id)
{
    if (!m)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_set_last_event_id: model is NULL");
    if (last_event_id < -1)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_set_last_event_id: last_event_id "
                       "%lld, expected >= -1 (-1 = unknown)", (long long)last_event_id);
    m->last_event_id = last_event_id;
    return BC_OK;
}

struct timed_event {
    struct clone_event ev;
    int64_t event_id;
    int32_t index; /* file order, for ties */
};

static int cmp_timed(const void *a, const void *b)
{
    const struct timed_event *x = a, *y = b;
    if (x->ev.time != y->ev.time)
        return x->ev.time < y->ev.time ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The OPEN and CLOSE events of symbol ("" = every symbol) at or after the
 * first bar, in time order (ties in file order). */
static int32_t collect(const bc_trades *trades, const char *symbol, int64_t first_bar,
                       struct timed_event **out, int32_t *n_out)
{
    int32_t n = bc_trades_count(trades), m = 0;
    struct timed_event *list = malloc(sizeof *list * (size_t)(n > 0 ? n : 1));
    if (!list)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_model_event_rows: no memory for %d events", n);
    for (int32_t i = 0; i < n; i++) {
        bc_trade_event e;
        memset(&e, 0, sizeof e);
        e.struct_size = (uint32_t)sizeof e;
        int32_t rc = bc_trades_get(trades, i, &e);
        if (rc != BC_OK) {
            free(list);
            return rc;
        }
        if ((e.action != BC_ACTION_OPEN && e.action != BC_ACTION_CLOSE) || e.time < first_bar ||
            (*symbol && strcmp(e.symbol, symbol) != 0))
            continue;
        list[m].ev = (struct clone_event){e.time, e.ticket, e.line, e.action, e.order_type};
        list[m].event_id = e.event_id;
        list[m].index = i;
        m++;
    }
    qsort(list, (size_t)m, sizeof *list, cmp_timed);
    *out = list;
    *n_out = m;
    return BC_OK;
}

BC_API int32_t bc_model_event_rows(const bc_model *model, const bc_bars *bars,
                                   const bc_trades *trades, int64_t after_event_id,
                                   double half_life_days, double *x, int32_t *y,
                                   double *weights, int64_t *times, int32_t capacity,
                                   int32_t *n_rows, int64_t *last_event_id)
{
    if (!model || !bars || !trades || !n_rows)
        return bc_fail_null("bc_model_event_rows", "model", model, "bars", bars, "trades",
                            trades, "n_rows", n_rows, (const char *)NULL);
    *n_rows = 0;
    if (last_event_id)
        *last_event_id = -1;
    if (capacity < 0 || (capacity > 0 && (!x || !y)))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_event_rows: capacity %d with %s",
                       (int)capacity, capacity < 0 ? "a negative count" : "x or y NULL");
    if (!isfinite(half_life_days) || half_life_days < 0.0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_model_event_rows: half_life_days %g, "
                       "expected a finite value >= 0 (0 = no decay)", half_life_days);
    if (model->n_classes != CLONE_NUM_CLASSES)
        return bc_fail(BC_E_UNSUPPORTED, "bc_model_event_rows: the model has %d classes; a "
                       "clone has %d (none, open long, open short, close)",
                       (int)model->n_classes, CLONE_NUM_CLASSES);
    if (!model->feature_spec || !*model->feature_spec)
        return bc_fail(BC_E_UNSUPPORTED, "bc_model_event_rows: the model has no feature spec "
                       "(not a clone of a bot: it computes no features from bars)");
    bc_predictor *p = NULL;
    int32_t rc = bc_predictor_create(model, &p);
    if (rc != BC_OK)
        return rc;
    if (!p->has_position || !p->features) {
        bc_predictor_free(p);
        return bc_fail(BC_E_UNSUPPORTED, "bc_model_event_rows: the model has no feature spec "
                       "and position-state inputs (not a clone of a bot)");
    }
    const int32_t n_bars = bc_bars_length(bars), F = model->n_features;
    const int32_t stride = p->n_market + 1; /* market columns, then atr */
    const int64_t *bar_time = bc_bars_time(bars);
    const double *close = bc_bars_column(bars, BC_BAR_CLOSE);
    const double *high = bc_bars_column(bars, BC_BAR_HIGH), *low = bc_bars_column(bars, BC_BAR_LOW);
    char symbol[64];
    double lots;
    bc_model_trade_identity(model, symbol, (int32_t)sizeof symbol, &lots);
    if (strcmp(symbol, "CLONE") == 0)
        symbol[0] = '\0'; /* a model without a recorded symbol: every event */
    struct timed_event *events = NULL;
    int32_t n_events = 0;
    double *market = NULL, *atr = NULL, *day = NULL;
    int32_t *labels = NULL;
    struct clone_position *state = NULL;
    struct clone_event *plain = NULL;
    if (n_bars < 1) {
        rc = bc_fail(BC_E_NO_DATA, "bc_model_event_rows: no bars");
        goto done;
    }
    if ((rc = collect(trades, symbol, bar_time[0], &events, &n_events)) != BC_OK)
        goto done;
    /* The first new event (by time) and the newest event of all. */
    int64_t first_new = INT64_MAX, newest = INT64_MIN, max_id = -1;
    for (int32_t i = 0; i < n_events; i++) {
        if (events[i].event_id > after_event_id && events[i].ev.time < first_new)
            first_new = events[i].ev.time;
        if (events[i].ev.time > newest)
            newest = events[i].ev.time;
        if (events[i].event_id > max_id)
            max_id = events[i].event_id;
    }
    if (last_event_id)
        *last_event_id = max_id;
    if (first_new == INT64_MAX) {
        rc = bc_fail(BC_E_NO_DATA, "bc_model_event_rows: no OPEN or CLOSE event%s%s%s after "
                     "event_id %lld within the bars", *symbol ? " of '" : "", symbol,
                     *symbol ? "'" : "", (long long)after_event_id);
        goto done;
    }
    int64_t cells = (int64_t)n_bars * stride;
    market = malloc(sizeof *market * (size_t)cells);
    atr = malloc(sizeof *atr * (size_t)n_bars);
    labels = malloc(sizeof *labels * (size_t)n_bars);
    state = malloc(sizeof *state * (size_t)n_bars);
    plain = malloc(sizeof *plain * (size_t)(n_events > 0 ? n_events : 1));
    day = p->n_day ? malloc(sizeof *day * (size_t)n_bars) : NULL;
    if (!market || !atr || !labels || !state || !plain || (p->n_day && !day)) {
        rc = bc_fail(BC_E_OUT_OF_MEMORY, "bc_model_event_rows: no memory for %d bars x %d "
                     "features", (int)n_bars, (int)stride);
        goto done;
    }
    /* The predictor's engine: the model's market columns and the ATR of
     * the position columns, the numbers it computes live. */
    if ((rc = bc_features_compute(p->features, bars, market, cells)) != BC_OK)
        goto done;
    for (int32_t i = 0; i < n_bars; i++)
        atr[i] = market[(int64_t)i * stride + p->n_market];
    for (int32_t i = 0; i < n_events; i++)
        plain[i] = events[i].ev;
    int32_t round_trips = 0;
    rc = clone_label_bars(n_bars, bar_time, close, n_events, plain, labels, state, &round_trips);
    if (rc != BC_OK)
        goto done;
    clone_fill_excursions(n_bars, bc_bars_column(bars, BC_BAR_HIGH),
                          bc_bars_column(bars, BC_BAR_LOW), bc_bars_column(bars, BC_BAR_CLOSE),
                          atr, state);
    if (day) /* the day count's column (position_day clones), the target's */
        clone_day_counts(n_bars, bar_time, labels, day);
    int32_t start = clone_bar_index(n_bars, bar_time, first_new);
    if (start < p->lookback)
        start = p->lookback;
    int32_t n = n_bars - start;
    if (n < 1) {
        rc = bc_fail(BC_E_NO_DATA, "bc_model_event_rows: the new events' bars are all in the "
                     "features' lookback (%d bars)", (int)p->lookback);
        goto done;
    }
    *n_rows = n;
    if (capacity < n) {
        if (capacity > 0 || x || y)
            rc = bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_model_event_rows: %d rows, capacity %d",
                         (int)n, (int)capacity);
        goto done;
    }
    for (int32_t k = 0; k < n; k++) {
        int32_t i = start + k;
        double *row = x + (int64_t)k * F;
        memcpy(row, market + (int64_t)i * stride, sizeof *row * (size_t)p->n_market);
        clone_position_inputs(&state[i], high[i], low[i], close[i], atr[i], p->n_position, &p->levels,
                              row, p->signed_index, p->n_signed, row + p->n_market);
        if (day)
            row[p->n_market + p->n_position + p->n_signed] = day[i];
        y[k] = labels[i];
        if (weights) {
            /* DESIGN.md section 8: 0.5 ** (age_days / half_life_days) from
             * the newest event. */
            double age_days = (double)(newest - bar_time[i]) / 86400.0;
            weights[k] = half_life_days > 0.0
                             ? pow(0.5, (age_days > 0.0 ? age_days : 0.0) / half_life_days)
                             : 1.0;
        }
        if (times)
            times[k] = bar_time[i];
    }
done:
    free(events);
    free(plain);
    free(market);
    free(atr);
    free(day);
    free(labels);
    free(state);
    bc_predictor_free(p);
    return rc;
}
