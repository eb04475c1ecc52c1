/*
 * wad.c - wad: Williams' accumulation / distribution line (Larry Williams,
 * "How I Made One Million Dollars...", 1979; MetaStock's and MT5's W.A.D).
 * Each bar after the first takes the true range's low TRL = min(low,
 * close@1) and high TRH = max(high, close@1) against the previous close and
 * adds close - TRL when the close rose (close > close@1), close - TRH when
 * it fell (close < close@1), 0 when it is unchanged; wad is the running
 * sum of those terms from 0 on the first bar, each term added in bar order
 * (numpy's cumsum of the terms bit for bit). Lookback 0. A bar with a NaN
 * high, low or close is skipped (NaN out, state untouched, as pvt's: the
 * next bar's close@1 is the last finite one). Like obv and pvt a level
 * offset by the bar the engine started on; a clone reads it against its
 * own average: cross(wad,ema(wad,20)).
 */
#include "feature_internal.h"

#include <math.h>

typedef struct wad_state {
    int64_t seen;
    double prev_close, wad;
} wad_state;

static int64_t wad_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(wad_state);
}

static void wad_reset(bc_feature_node *node)
{
    wad_state *s = node->state;
    s->seen = 0;
    s->prev_close = s->wad = 0.0;
}

static BC_FEATURE_KERNEL void wad_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    wad_state *s = node->state, local = *s;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        if (isnan(h[i]) || isnan(l[i]) || isnan(c[i])) {
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        if (local.seen > 0) {
            double pc = local.prev_close;
            if (c[i] > pc)
                local.wad += c[i] - (l[i] < pc ? l[i] : pc);
            else if (c[i] < pc)
                local.wad += c[i] - (h[i] > pc ? h[i] : pc);
        }
        local.seen++;
        local.prev_close = c[i];
        BC_FEATURE_PUT(out, i, local.wad);
    }
    *s = local;
}

const bc_feature_kind bc_feature_kind_wad = {
    .name = "wad", .args = "", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = bc_feature_lookback_zero, .state_size = wad_state_size, .reset = wad_reset,
    .run = wad_run,
};
