/*
 * raw.c - the bar's own columns as features: open, high, low, close, volume.
 */
#include "feature_internal.h"

int32_t bc_feature_lookback_zero(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return 0;
}

static int64_t raw_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void raw_reset(bc_feature_node *node)
{
    (void)node;
}

static void raw_copy(const double *x, int64_t n, bc_feature_column out)
{
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, x[i]);
}

#define RAW_KIND(NAME, FIELD, NEED)                                                    \
    static void raw_run_##NAME(bc_feature_node *node, const bc_feature_inputs *in,     \
                               int64_t n, const bc_feature_column *cols)               \
    {                                                                                  \
        raw_copy(in->FIELD, n, cols[node->slot]);                                      \
    }                                                                                  \
    const bc_feature_kind bc_feature_kind_##NAME = {                                   \
        .name = #NAME, .args = "", .n_outputs = 1, .needs = NEED,                      \
        .lookback = bc_feature_lookback_zero, .state_size = raw_state_size,            \
        .reset = raw_reset, .run = raw_run_##NAME,                                     \
    };

RAW_KIND(open, open, BC_FEATURE_IN_OPEN)
RAW_KIND(high, high, BC_FEATURE_IN_HIGH)
RAW_KIND(low, low, BC_FEATURE_IN_LOW)
RAW_KIND(close, close, BC_FEATURE_IN_CLOSE)
RAW_KIND(volume, volume, BC_FEATURE_IN_VOLUME)
