/*
 * since.c - since(e): bars since the event column e was last nonzero, e.g.
 * since(cross(sma(10),sma(30))) or since(above(rsi(14),70)): 0 on the event
 * bar, 1 on the next, and so on, without a cap; NaN before the first event
 * and on bars where e is NaN (those bars still count). Lookback = e's (the
 * first value comes with the first event, which depends on the data).
 */
#include "feature_internal.h"
#include "step.h"

static int32_t since_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    return src[0];
}

/* The state is a bc_since_state (the streaming engine steps it as one). */
static int64_t since_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(bc_since_state);
}

static void since_reset(bc_feature_node *node)
{
    bc_since_state *s = node->state;
    s->have_event = 0;
    s->bars = 0.0;
}

BC_FEATURE_LOOP void since_loop(bc_since_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column e = cols[node->source[0]], out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_since_step(s, BC_FEATURE_GET(e, i)));
}

static BC_FEATURE_KERNEL void since_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    bc_since_state *shared = node->state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        since_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_since_state local = *shared;
    since_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_since = {
    .name = "since", .args = "f", .n_outputs = 1, .needs = 0,
    .lookback = since_lookback, .state_size = since_state_size,
    .reset = since_reset, .run = since_run,
};
