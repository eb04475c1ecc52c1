/*
 * rwi.c - rwi(n): Poulos' random walk index (Michael Poulos, "Of Trends and
 * Random Walks", Technical Analysis of Stocks & Commodities, 1991) on one
 * lookback n, outputs .high and .low:
 *   high = (high - low@n) / (atr(n) * sqrt(n))
 *   low  = (high@n - low) / (atr(n) * sqrt(n))
 * with atr(n) TA-Lib's ATR (atr.h's step, bit for bit the atr item) and
 * sqrt(n) the correctly rounded float64 root; the divisor is rounded once
 * (atr * sqrt(n)), then the difference divided by it. A reading above 1
 * says the move over n bars is longer than a random walk's expected range
 * (trend up for .high, down for .low).
 * Definition: this is the single-lookback form (TradingView's built-in
 * "Random Walk Index" and the common formula for one period n). Poulos'
 * classic index, as MetaStock prints it, takes each side's maximum over the
 * lookbacks 2..n; that one is max over k of this item's value at k, which a
 * spec can state for a few k (e.g. max(rwi(2).high, ...)) but is not
 * built in: the single-lookback form is the one traders set a period on.
 * Lookback n (the atr's; high@n and low@n exist from bar n). 0 for both
 * where the atr is 0 (no range: no walk to compare with), as dmi where its
 * true range is 0. A bar with a NaN high, low or close never reaches the
 * kernel (the engine skips it: high@n counts finite bars).
 */
#include "feature_internal.h"
#include "atr.h"
#include "ring.h"

#include <math.h>

typedef struct rwi_state {
    bc_atr atr;
    bc_ring highs, lows; /* the last n bars' highs and lows */
    double root;         /* sqrt(n) */
    double ring[];       /* 2n doubles: highs then lows */
} rwi_state;

static int32_t rwi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t rwi_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(rwi_state, 2 * (int64_t)node->iarg[0]);
}

static void rwi_reset(bc_feature_node *node)
{
    rwi_state *s = node->state;
    int32_t n = node->iarg[0];
    bc_atr_init(&s->atr, n);
    bc_ring_init(&s->highs, n, s->ring);
    bc_ring_init(&s->lows, n, s->ring + n);
    s->root = sqrt((double)n);
}

static inline void rwi_step(rwi_state *s, double high, double low, double close,
                            double *up, double *down)
{
    double atr = bc_atr_step(&s->atr, high, low, close);
    int full = bc_ring_full(&s->highs);
    double high_then = bc_ring_swap(&s->highs, high);
    double low_then = bc_ring_swap(&s->lows, low);
    if (!full) {
        s->highs.filled++;
        s->lows.filled++;
    }
    if (!full || isnan(atr)) {
        *up = *down = NAN;
    } else if (atr == 0.0) {
        *up = *down = 0.0;
    } else {
        double scale = atr * s->root;
        *up = (high - low_then) / scale;
        *down = (high_then - low) / scale;
    }
}

static BC_FEATURE_KERNEL void rwi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    rwi_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column up = cols[node->slot], down = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double a, b;
        rwi_step(s, h[i], l[i], c[i], &a, &b);
        BC_FEATURE_PUT(up, i, a);
        BC_FEATURE_PUT(down, i, b);
    }
}

const bc_feature_kind bc_feature_kind_rwi = {
    .name = "rwi", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"high", "low"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = rwi_lookback, .state_size = rwi_state_size, .reset = rwi_reset,
    .run = rwi_run,
};
