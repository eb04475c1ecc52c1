/*
 * candle.c - candle -> .body .upper .lower: the shape of each bar's own
 * candle. body = |close - open|, upper = high - max(open, close) (the upper
 * shadow), lower = min(open, close) - low (the lower shadow). Lookback 0 and
 * stateless; missing bars never reach it (the engine writes NaN there).
 * bop: TA-Lib BOP, the balance of power (close - open) / (high - low), 0
 * where the range is not above 0 (a bar with high == low; measured
 * against the PyPI wheel's TA-Lib: a range of 5e-324 divides, 0 and a
 * negative range give 0); stateless, lookback 0.
 * Must not allocate.
 */
#include "feature_internal.h"

#include <string.h>

typedef struct candle_state {
    int32_t unused; /* stateless; the engine wants a state block */
} candle_state;

static int64_t candle_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(candle_state);
}

static void candle_reset(bc_feature_node *node)
{
    memset(node->state, 0, sizeof(candle_state));
}

static void candle_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                       const bc_feature_column *cols)
{
    const double *o = in->open, *h = in->high, *l = in->low, *c = in->close;
    const bc_feature_column *out = cols + node->slot;
    for (int64_t i = 0; i < n; i++) {
        double top = o[i] > c[i] ? o[i] : c[i];
        double bottom = o[i] > c[i] ? c[i] : o[i];
        BC_FEATURE_PUT(out[0], i, top - bottom);
        BC_FEATURE_PUT(out[1], i, h[i] - top);
        BC_FEATURE_PUT(out[2], i, bottom - l[i]);
    }
}

const bc_feature_kind bc_feature_kind_candle = {
    .name = "candle", .args = "", .n_outputs = 3,
    .outputs = {"body", "upper", "lower"},
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = bc_feature_lookback_zero, .state_size = candle_state_size,
    .reset = candle_reset, .run = candle_run,
};

static void bop_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                    const bc_feature_column *cols)
{
    const double *o = in->open, *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double range = h[i] - l[i];
        BC_FEATURE_PUT(out, i, range > 0.0 ? (c[i] - o[i]) / range : 0.0);
    }
}

const bc_feature_kind bc_feature_kind_bop = {
    .name = "bop", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = bc_feature_lookback_zero, .state_size = candle_state_size,
    .reset = candle_reset, .run = bop_run,
};
