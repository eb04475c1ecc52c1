/*
 * and.c - and(a,b) = 1 where a > 0 and b > 0, 0 where either is <= 0, NaN
 * while either is NaN: the conjunction of two conditions ("close below the
 * lower band AND rsi(14) < 35" is and(above(-2,zscore(close,20)),
 * above(35,rsi(14)))) as one column, which a linear model weighs as one
 * input where it could only sum the two. Lookback max of the two.
 * Stateless.
 */
#include "feature_internal.h"
#include "step.h"

static int64_t and_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void and_reset(bc_feature_node *node)
{
    (void)node;
}

static BC_FEATURE_KERNEL void and_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column a = cols[node->source[0]], b = cols[node->source[1]],
                      out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_and_value(BC_FEATURE_GET(a, i), BC_FEATURE_GET(b, i)));
}

const bc_feature_kind bc_feature_kind_and = {
    .name = "and", .args = "ff", .n_outputs = 1, .needs = 0,
    .lookback = bc_feature_lookback_max2, .state_size = and_state_size,
    .reset = and_reset, .run = and_run,
};
