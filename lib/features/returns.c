/*
 * returns.c - ret(n) = close/close[n bars ago] - 1 and logret(n) =
 * log(close/close[n bars ago]); lookback n. A ring of the last n+1 closes.
 */
#include "feature_internal.h"
#include "step.h"

/* The ring of the last n+1 closes is a lag ring (step.h): pushing x gives
 * the close n bars ago, or NaN while fewer than n+1 bars exist. core first:
 * the streaming engine steps ret's state as a bc_lag_core. */
typedef struct returns_state {
    bc_lag_core core;
    double ring[];
} returns_state;

static int32_t returns_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t returns_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(returns_state, node->iarg[0] + 1);
}

static void returns_reset(bc_feature_node *node)
{
    returns_state *s = node->state;
    bc_ring_init(&s->core, node->iarg[0] + 1, s->ring);
}

BC_FEATURE_LOOP void ret_loop(bc_lag_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double old = bc_lag_step(s, x[i]);
        BC_FEATURE_PUT(out, i, bc_ret_value(x[i], old));
    }
}

static BC_FEATURE_KERNEL void ret_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    returns_state *state = node->state;
    bc_lag_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        ret_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_lag_core local = *shared;
    ret_loop(&local, node, in, n, cols);
    *shared = local;
}

BC_FEATURE_LOOP void logret_loop(bc_lag_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double old = bc_lag_step(s, x[i]);
        BC_FEATURE_PUT(out, i, isnan(old) ? old : log(x[i] / old));
    }
}

static BC_FEATURE_KERNEL void logret_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    returns_state *state = node->state;
    bc_lag_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        logret_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_lag_core local = *shared;
    logret_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_ret = {
    .name = "ret", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = returns_lookback,
    .state_size = returns_state_size, .reset = returns_reset, .run = ret_run,
};

const bc_feature_kind bc_feature_kind_logret = {
    .name = "logret", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = returns_lookback,
    .state_size = returns_state_size, .reset = returns_reset, .run = logret_run,
};
