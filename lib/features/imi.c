/*
 * imi.c - imi(n): Chande's intraday momentum index, TA-Lib's IMI. Over the
 * last n bars, up = the sum of close - open on the bars with close > open,
 * down = the sum of open - close on the others (oldest bar first, as
 * TA-Lib adds them), and imi = 100 x (up / (up + down)); 50 where
 * up + down is 0 (every candle in the window flat; measured against the
 * PyPI wheel's TA-Lib: a single 5e-324 body already gives 100).
 * A ring of the last n bodies (close - open), both sums taken afresh over
 * the window on each bar as TA-Lib does, so batch and streaming agree bit
 * for bit with it. n >= 2 (TA-Lib's minimum), lookback n - 1.
 * Must not allocate after create.
 */
#include "feature_internal.h"

typedef struct imi_state {
    int32_t filled, pos;
    double ring[];
} imi_state;

static int32_t imi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t imi_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(imi_state) + (int64_t)sizeof(double) * node->iarg[0];
}

static void imi_reset(bc_feature_node *node)
{
    imi_state *s = node->state;
    s->filled = 0;
    s->pos = 0;
}

static BC_FEATURE_KERNEL void imi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    imi_state *s = node->state;
    const int32_t len = node->iarg[0];
    const double *o = in->open, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        s->ring[s->pos] = c[i] - o[i];
        if (++s->pos == len)
            s->pos = 0;
        if (s->filled < len)
            s->filled++;
        if (s->filled < len) {
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        /* oldest at pos */
        double up = 0.0, down = 0.0;
        for (int32_t j = 0, k = s->pos; j < len; j++, k = k + 1 == len ? 0 : k + 1) {
            double b = s->ring[k];
            if (b > 0.0)
                up += b;
            else
                down -= b;
        }
        double tot = up + down;
        BC_FEATURE_PUT(out, i, tot != 0.0 ? 100.0 * (up / tot) : 50.0);
    }
}

const bc_feature_kind bc_feature_kind_imi = {
    .name = "imi", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_CLOSE,
    .lookback = imi_lookback, .state_size = imi_state_size,
    .reset = imi_reset, .run = imi_run,
};
