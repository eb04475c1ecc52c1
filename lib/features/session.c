/*
 * session.c - hour-of-day items for session filters, from the bar's time
 * (UTC seconds, floor to the day; the hour is the bar's own time stamp):
 *   hour            h = hour + minute/60 as a plain number 0 <= h < 24
 *   hour_is(h)      1 on bars whose hour is h (0..23), else 0: one-hot hours
 *   session(h0,h1)  1 on bars whose hour is in [h0, h1), else 0; h0 > h1
 *                   wraps past midnight: session(22,6) is 22:00 .. 05:59
 * A rule "trade only 08-16 h" is a window of hours; hour_sin/hour_cos cannot
 * cut one out for a linear model, the one-hot hours can (a weight per hour).
 * hour_is and session read the value of one shared hour node (the parser
 * adds it), so twenty-three steps cost one time split plus compares.
 * Stateless; lookback 0.
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "step.h"

static int64_t session_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void session_reset(bc_feature_node *node)
{
    (void)node;
}

static BC_FEATURE_KERNEL void hour_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_hour_value(in->time[i]));
}

/* hour_is and session compare the shared hour node's value h (exact:
 * floor(h) >= k iff h >= k for a whole k). */
static BC_FEATURE_KERNEL void hour_is_run(bc_feature_node *node, const bc_feature_inputs *in,
                                          int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column hour = cols[node->source[0]], out = cols[node->slot];
    const double h0 = node->iarg[0], h1 = node->iarg[0] + 1;
    for (int64_t i = 0; i < n; i++) {
        double h = BC_FEATURE_GET(hour, i);
        BC_FEATURE_PUT(out, i, bc_session_in(h, h0, h1));
    }
}

static BC_FEATURE_KERNEL void session_run(bc_feature_node *node, const bc_feature_inputs *in,
                                          int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column hour = cols[node->source[0]], out = cols[node->slot];
    const double h0 = node->iarg[0], h1 = node->iarg[1];
    if (h0 < h1) {
        for (int64_t i = 0; i < n; i++) {
            double h = BC_FEATURE_GET(hour, i);
            BC_FEATURE_PUT(out, i, bc_session_in(h, h0, h1));
        }
    } else { /* wraps past midnight */
        for (int64_t i = 0; i < n; i++) {
            double h = BC_FEATURE_GET(hour, i);
            BC_FEATURE_PUT(out, i, bc_session_wrap(h, h0, h1));
        }
    }
}

static int32_t session_check(const bc_feature_node *node, const char *text)
{
    if (node->iarg[0] == node->iarg[1] % 24)
        return bc_fail(BC_E_PARSE,
                       "feature spec: %s: the window [%d, %d) is empty or the whole day "
                       "(start and end hours must differ)",
                       text, node->iarg[0], node->iarg[1]);
    return BC_OK;
}

const bc_feature_kind bc_feature_kind_hour = {
    .name = "hour", .args = "", .n_outputs = 1, .needs = BC_FEATURE_IN_TIME,
    .lookback = bc_feature_lookback_zero, .state_size = session_state_size,
    .reset = session_reset, .run = hour_run,
};

const bc_feature_kind bc_feature_kind_hour_is = {
    .name = "hour_is", .args = "i", .arg_min = {0}, .arg_max = {23}, .n_outputs = 1,
    .needs = BC_FEATURE_IN_TIME, .from = &bc_feature_kind_hour,
    .lookback = bc_feature_lookback_zero, .state_size = session_state_size,
    .reset = session_reset, .run = hour_is_run,
};

const bc_feature_kind bc_feature_kind_session = {
    .name = "session", .args = "ii", .arg_min = {0, 1}, .arg_max = {23, 24}, .n_outputs = 1,
    .needs = BC_FEATURE_IN_TIME, .from = &bc_feature_kind_hour, .check = session_check,
    .lookback = bc_feature_lookback_zero,
    .state_size = session_state_size, .reset = session_reset, .run = session_run,
};
