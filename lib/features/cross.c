/*
 * cross.c - cross(a,b): +1 on the bar where a goes from <= b to > b, -1
 * where it goes from >= b to < b, 0 otherwise (and 0 on the first bar both
 * exist, which has nothing to cross from); NaN while either is NaN.
 * Lookback max(lookback a, lookback b).
 */
#include "feature_internal.h"
#include "step.h"

int32_t bc_feature_lookback_max2(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    return src[0] > src[1] ? src[0] : src[1];
}

/* The state is a bc_cross_state (the streaming engine steps it as one). */
static int64_t cross_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(bc_cross_state);
}

static void cross_reset(bc_feature_node *node)
{
    bc_cross_state *s = node->state;
    s->have_prev = 0;
    s->prev_a = s->prev_b = 0.0;
}

BC_FEATURE_LOOP void cross_loop(bc_cross_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    bc_feature_column a = cols[node->source[0]], b = cols[node->source[1]],
                      out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_cross_step(s, BC_FEATURE_GET(a, i), BC_FEATURE_GET(b, i)));
}

static BC_FEATURE_KERNEL void cross_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    (void)in;
    bc_cross_state *state = node->state;
    bc_cross_state *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        cross_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_cross_state local = *shared;
    cross_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_cross = {
    .name = "cross", .args = "ff", .n_outputs = 1, .needs = 0,
    .lookback = bc_feature_lookback_max2, .state_size = cross_state_size,
    .reset = cross_reset, .run = cross_run,
};
