/*
 * mql_online.c - the MQL5 shim of lib/online: an EA updates its own clone
 * from its own stream, with no database. It reads the model's bookmark
 * (last_event_id), builds the update's rows from the bars it sees and the
 * bot's trade events it collected (bc_model_event_rows: the cloner's
 * labels, the predictor's inputs, the time-decay weights), steps the model
 * with bc_mql_model_update and moves the bookmark. Flat arrays in, flat
 * arrays out; the rows are the library's, computed once, in
 * lib/online/event_rows.c.
 */
#include "mql/mql.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int64_t bc_mql_model_last_event_id(int64_t id)
{
    bc_mql_model_ref *ref = NULL;
    int32_t rc = bc_mql_model_acquire(id, &ref);
    if (rc != BC_OK)
        return rc;
    int64_t last = bc_model_last_event_id(bc_mql_model_get(ref));
    bc_mql_model_unref(ref);
    return last;
}

int32_t bc_mql_model_set_last_event_id(int64_t id, int64_t last_event_id)
{
    bc_mql_model_ref *ref = NULL;
    int32_t rc = bc_mql_model_acquire(id, &ref);
    if (rc != BC_OK)
        return rc;
    rc = bc_model_set_last_event_id(bc_mql_model_get(ref), last_event_id);
    bc_mql_model_unref(ref);
    return rc;
}

/* The events as a bc_trades list of the symbol whose events
 * bc_model_event_rows keeps (the clone's; prices are not needed: labels
 * come from the events' order, time and direction). */
static int32_t events_in(const bc_model *m, const int64_t *event_id, const int64_t *event_time,
                         const int64_t *ticket, const int32_t *action,
                         const int32_t *order_type, int32_t n_events, bc_trades **out)
{
    char symbol[32] = "";
    double lots = 0;
    bc_model_trade_identity(m, symbol, (int32_t)sizeof symbol, &lots);
    int32_t rc = bc_trades_create(out);
    for (int32_t i = 0; rc == BC_OK && i < n_events; i++) {
        if (action[i] != BC_ACTION_OPEN && action[i] != BC_ACTION_CLOSE &&
            action[i] != BC_ACTION_MODIFY) {
            rc = bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_model_event_rows: event %d has action "
                         "%d, expected 1 (open), 2 (modify) or 3 (close)", (int)i,
                         (int)action[i]);
            break;
        }
        bc_trade_event e;
        memset(&e, 0, sizeof e);
        e.struct_size = (uint32_t)sizeof e;
        e.action = action[i];
        e.order_type = order_type[i];
        e.event_id = event_id[i];
        e.time = event_time[i];
        e.ticket = ticket[i];
        e.decision_id = -1;
        e.lots = NAN;
        e.sl = e.tp = e.profit = e.book_bid_vol = e.book_ask_vol = NAN;
        e.line = i + 1;
        snprintf(e.symbol, sizeof e.symbol, "%s", symbol);
        rc = bc_trades_append(*out, &e);
        if (rc != BC_OK)
            rc = bc_fail_context(rc, "bc_mql_model_event_rows: event %d: ", (int)i);
    }
    return rc;
}

int32_t bc_mql_model_event_rows(int64_t id, const int64_t *bar_time, const double *open,
                                const double *high, const double *low, const double *close,
                                const double *volume, int32_t n_bars, const int64_t *event_id,
                                const int64_t *event_time, const int64_t *ticket,
                                const int32_t *action, const int32_t *order_type,
                                int32_t n_events, int64_t after_event_id, double half_life_days,
                                double *x, int32_t x_capacity, int32_t *y, double *weights,
                                int64_t *times, int32_t capacity, int32_t *n_rows,
                                int64_t *last_event_id)
{
    if (!n_rows || !last_event_id)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_model_event_rows: %s is NULL",
                       !n_rows ? "n_rows" : "last_event_id");
    *n_rows = 0;
    *last_event_id = -1;
    int32_t rc = bc_mql_check_array(bar_time, n_bars, n_bars, "bc_mql_model_event_rows: time");
    if (rc == BC_OK)
        rc = bc_mql_check_array(open, n_bars, n_bars, "bc_mql_model_event_rows: open");
    if (rc == BC_OK)
        rc = bc_mql_check_array(high, n_bars, n_bars, "bc_mql_model_event_rows: high");
    if (rc == BC_OK)
        rc = bc_mql_check_array(low, n_bars, n_bars, "bc_mql_model_event_rows: low");
    if (rc == BC_OK)
        rc = bc_mql_check_array(close, n_bars, n_bars, "bc_mql_model_event_rows: close");
    if (rc == BC_OK)
        rc = bc_mql_check_array(volume, n_bars, n_bars, "bc_mql_model_event_rows: volume");
    if (rc == BC_OK)
        rc = bc_mql_check_array(event_id, n_events, n_events,
                                "bc_mql_model_event_rows: event_id");
    if (rc == BC_OK)
        rc = bc_mql_check_array(event_time, n_events, n_events,
                                "bc_mql_model_event_rows: event_time");
    if (rc == BC_OK)
        rc = bc_mql_check_array(ticket, n_events, n_events, "bc_mql_model_event_rows: ticket");
    if (rc == BC_OK)
        rc = bc_mql_check_array(action, n_events, n_events, "bc_mql_model_event_rows: action");
    if (rc == BC_OK)
        rc = bc_mql_check_array(order_type, n_events, n_events,
                                "bc_mql_model_event_rows: order_type");
    if (rc == BC_OK && (capacity < 0 || x_capacity < 0))
        rc = bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_model_event_rows: capacity %d, x_capacity "
                     "%d: expected >= 0", (int)capacity, (int)x_capacity);
    if (rc != BC_OK)
        return rc;
    bc_mql_model_ref *ref = NULL;
    if ((rc = bc_mql_model_acquire(id, &ref)) != BC_OK)
        return rc;
    const bc_model *m = bc_mql_model_get(ref);
    const int32_t F = bc_model_num_features(m);
    if (capacity > 0 && (int64_t)x_capacity < (int64_t)capacity * F)
        rc = bc_fail(BC_E_SHAPE, "bc_mql_model_event_rows: x has room for %d values, capacity "
                     "%d rows x %d features needs %lld", (int)x_capacity, (int)capacity, (int)F,
                     (long long)capacity * F);
    if (rc == BC_OK && capacity > 0 && (!x || !y || !weights || !times))
        rc = bc_fail(BC_E_INVALID_ARGUMENT, "bc_mql_model_event_rows: capacity %d with a NULL "
                     "output array", (int)capacity);
    bc_bars *bars = NULL;
    bc_trades *trades = NULL;
    if (rc == BC_OK)
        rc = bc_bars_from_arrays(n_bars, bar_time, open, high, low, close, volume, &bars);
    if (rc == BC_OK)
        rc = events_in(m, event_id, event_time, ticket, action, order_type, n_events, &trades);
    if (rc == BC_OK)
        rc = bc_model_event_rows(m, bars, trades, after_event_id, half_life_days,
                                 capacity > 0 ? x : NULL, capacity > 0 ? y : NULL,
                                 capacity > 0 ? weights : NULL, capacity > 0 ? times : NULL,
                                 capacity, n_rows, last_event_id);
    bc_trades_free(trades);
    bc_bars_free(bars);
    bc_mql_model_unref(ref);
    return rc;
}
