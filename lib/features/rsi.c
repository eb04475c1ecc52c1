/*
 * rsi.c - rsi(n): TA-Lib RSI (Wilder smoothing, unstable period 0, default
 * compatibility): gains and losses of the first n changes averaged, then
 * avg = (avg*(n-1) + change)/n, evaluated as fma(avg, (n-1)/n, change/n)
 * (one fused multiply-add on the chain; equal to TA-Lib's to rounding);
 * 100*g/(g+l), 0 when g+l is TA_IS_ZERO. Lookback n. The up/down split is a
 * select, not a branch: no mispredictions on real prices.
 */
#include "feature_internal.h"
#include "rsi.h"

static int32_t rsi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

/* The state is a bc_rsi (the streaming engine steps it as one). */
static int64_t rsi_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(bc_rsi);
}

static void rsi_reset(bc_feature_node *node)
{
    bc_rsi_init(node->state, node->iarg[0]);
}

BC_FEATURE_LOOP void rsi_loop(bc_rsi *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && s->count <= s->n; i++)
        BC_FEATURE_PUT(out, i, bc_rsi_step(s, x[i]));
    for (; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_rsi_next(s, x[i]));
}

static BC_FEATURE_KERNEL void rsi_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    bc_rsi *state = node->state;
    bc_rsi *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        rsi_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_rsi local = *shared;
    rsi_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_rsi = {
    .name = "rsi", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = rsi_lookback,
    .state_size = rsi_state_size, .reset = rsi_reset, .run = rsi_run,
};
