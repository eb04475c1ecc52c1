/*
 * ratio.c - ratio(a,b) = a / b of two single-column items (or an item and
 * a number): NaN while either is NaN, and NaN where b = 0 (the one
 * non-finite rule). Lookback max of the two. Stateless; the streaming engine
 * steps it inline with bc_ratio_value.
 */
#include "feature_internal.h"
#include "step.h"

static int64_t ratio_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void ratio_reset(bc_feature_node *node)
{
    (void)node;
}

static BC_FEATURE_KERNEL void ratio_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column a = cols[node->source[0]], b = cols[node->source[1]],
                      out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_ratio_value(BC_FEATURE_GET(a, i), BC_FEATURE_GET(b, i)));
}

const bc_feature_kind bc_feature_kind_ratio = {
    .name = "ratio", .args = "ff", .n_outputs = 1, .needs = 0,
    .lookback = bc_feature_lookback_max2, .state_size = ratio_state_size,
    .reset = ratio_reset, .run = ratio_run,
};
