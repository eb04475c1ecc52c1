/*
 * above.c - above(a,b) = 1 where a > b, 0 where a <= b, NaN while either is
 * NaN: the level condition of a rule ("rsi(14) > 70", "close above its
 * sma(50)") as a column, where diff() gives only the distance. Lookback max
 * of the two. Stateless.
 */
#include "feature_internal.h"
#include "step.h"

static int64_t above_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void above_reset(bc_feature_node *node)
{
    (void)node;
}

static BC_FEATURE_KERNEL void above_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column a = cols[node->source[0]], b = cols[node->source[1]],
                      out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double x = BC_FEATURE_GET(a, i), y = BC_FEATURE_GET(b, i);
        BC_FEATURE_PUT(out, i, bc_above_value(x, y));
    }
}

const bc_feature_kind bc_feature_kind_above = {
    .name = "above", .args = "ff", .n_outputs = 1, .needs = 0,
    .lookback = bc_feature_lookback_max2, .state_size = above_state_size,
    .reset = above_reset, .run = above_run,
};
