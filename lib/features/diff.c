/*
 * diff.c - diff(a,b) = a - b of two columns (or a column and a number);
 * lookback max of the two. Stateless.
 */
#include "feature_internal.h"


static int64_t diff_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void diff_reset(bc_feature_node *node)
{
    (void)node;
}

static BC_FEATURE_KERNEL void diff_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                     const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column a = cols[node->source[0]], b = cols[node->source[1]],
                      out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, BC_FEATURE_GET(a, i) - BC_FEATURE_GET(b, i));
}

const bc_feature_kind bc_feature_kind_diff = {
    .name = "diff", .args = "ff", .n_outputs = 1, .needs = 0,
    .lookback = bc_feature_lookback_max2, .state_size = diff_state_size,
    .reset = diff_reset, .run = diff_run,
};
