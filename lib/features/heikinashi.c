/*
 * heikinashi.c - heikinashi -> .open .high .low .close: the Heikin-Ashi
 * candle of each bar. Recursive through its open: missing bars never reach
 * it (the engine skips them), so the candles go on from the last bar with
 * prices, as ema does. Must not allocate.
 */
#include "feature_internal.h"

#include <string.h>

/* close = (o + h + l + c) / 4, summed left to right; open = (previous
 * open + previous close) / 2, the first bar's (o + c) / 2; high = the
 * largest of h, open and close; low the smallest of l, open and close. */
typedef struct heikinashi_state {
    int32_t seen;           /* 0 before the first bar, then 1 */
    double open, close;     /* the last candle's */
} heikinashi_state;

static inline void heikinashi_step(heikinashi_state *s, double o, double h, double l, double c,
                                   double out[4])
{
    double ha_close = (o + h + l + c) / 4.0;
    double ha_open = s->seen ? (s->open + s->close) / 2.0 : (o + c) / 2.0;
    double ha_high = h, ha_low = l;
    if (ha_open > ha_high)
        ha_high = ha_open;
    if (ha_close > ha_high)
        ha_high = ha_close;
    if (ha_open < ha_low)
        ha_low = ha_open;
    if (ha_close < ha_low)
        ha_low = ha_close;
    s->seen = 1;
    s->open = ha_open;
    s->close = ha_close;
    out[0] = ha_open;
    out[1] = ha_high;
    out[2] = ha_low;
    out[3] = ha_close;
}

static int64_t heikinashi_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(heikinashi_state);
}

static void heikinashi_reset(bc_feature_node *node)
{
    memset(node->state, 0, sizeof(heikinashi_state));
}

static void heikinashi_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                           const bc_feature_column *cols)
{
    heikinashi_state *s = node->state;
    const double *o = in->open, *h = in->high, *l = in->low, *c = in->close;
    const bc_feature_column *out = cols + node->slot;
    for (int64_t i = 0; i < n; i++) {
        double v[4];
        heikinashi_step(s, o[i], h[i], l[i], c[i], v);
        for (int j = 0; j < 4; j++)
            BC_FEATURE_PUT(out[j], i, v[j]);
    }
}

const bc_feature_kind bc_feature_kind_heikinashi = {
    .name = "heikinashi", .args = "", .n_outputs = 4,
    .outputs = {"open", "high", "low", "close"},
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = bc_feature_lookback_zero, .state_size = heikinashi_state_size,
    .reset = heikinashi_reset, .run = heikinashi_run,
};
