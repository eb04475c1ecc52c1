/*
 * constant.c - a number used where cross/diff take a column, e.g. the 70 of
 * cross(rsi(14),70): the same value on every bar, lookback 0. Not a column
 * of its own.
 */
#include "feature_internal.h"

static int64_t const_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void const_reset(bc_feature_node *node)
{
    (void)node;
}

static BC_FEATURE_KERNEL void const_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                      const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, node->darg);
}

const bc_feature_kind bc_feature_kind_const = {
    .name = "const", .args = "d", .n_outputs = 1, .needs = 0,
    .lookback = bc_feature_lookback_zero, .state_size = const_state_size,
    .reset = const_reset, .run = const_run,
};
