/*
 * atr.c - atr(n): TA-Lib ATR: true range from bar 1, seeded with the SMA of
 * the first n true ranges (summed left to right), then Wilder smoothing
 * atr = (atr*(n-1) + tr)/n, evaluated as fma(atr, (n-1)/n, tr/n) (equal to
 * rounding; one fused multiply-add on the chain). Lookback n (unstable period 0).
 * The step lives in atr.h (shared with squeeze).
 */
#include "feature_internal.h"
#include "atr.h"

typedef bc_atr atr_state;

static int32_t atr_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t atr_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(atr_state);
}

static void atr_reset(bc_feature_node *node)
{
    bc_atr_init(node->state, node->iarg[0]);
}

BC_FEATURE_LOOP void atr_loop(atr_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && s->count <= s->n; i++)
        BC_FEATURE_PUT(out, i, bc_atr_step(s, h[i], l[i], c[i]));
    for (; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_atr_next(s, h[i], l[i], c[i]));
}

static BC_FEATURE_KERNEL void atr_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    atr_state *state = node->state;
    atr_state *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        atr_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    atr_state local = *shared;
    atr_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_atr = {
    .name = "atr", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = atr_lookback, .state_size = atr_state_size, .reset = atr_reset,
    .run = atr_run,
};
