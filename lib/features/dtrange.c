/*
 * dtrange.c - dtrange(n): the dual-thrust range (Michael Chalek's Dual
 * Thrust) over the last n bars, this bar included:
 *   dtrange(n) = max(HH - LC, HC - LL)
 * with HH the highest high, LL the lowest low, HC the highest close and LC
 * the lowest close of the n bars. The dual-thrust entry compares this bar's
 * move from its open with the range of the n bars before it, a level item
 * ratio(diff(close,open),dtrange(n)@1) (the close above open + k range is a
 * cut at k). n >= 1 (dtrange(1) = max(high - close, close - low)).
 * NaN until n bars have come; lookback n-1 (the engine passes no bar with a
 * non-finite high, low or close: such a bar is missing and moves no state).
 * The n bars are kept in rings and scanned each bar (O(n) per bar; the
 * lookbacks the item is meant for are a few bars).
 *
 * stretch(n): Crabel's stretch (Day Trading with Short Term Price Patterns
 * and Opening Range Breakout, 1990), the mean over the last n bars, this bar
 * included, of min(high - open, open - low): how far the price habitually
 * goes on the bar's nearer side of the open. Crabel's breakout level is
 * open +/- the stretch of the n days before, the level item
 * ratio(diff(close,open),stretch(10)@1) cut at +/-1. n >= 1; sma.h's window
 * (lookback n-1); a bar with a NaN open is skipped (NaN out, state
 * untouched), as the engine passes none with a non-finite high or low.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "sma.h"

typedef struct dtrange_state {
    int32_t n, pos;     /* pos: the slot of the next bar */
    int32_t filled;     /* bars held, up to n */
    int32_t pad;
    double ring[];      /* n highs, n lows, n closes */
} dtrange_state;

static int32_t dtrange_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t dtrange_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(dtrange_state) + (int64_t)sizeof(double) * 3 * node->iarg[0];
}

static void dtrange_reset(bc_feature_node *node)
{
    dtrange_state *s = node->state;
    s->n = node->iarg[0];
    s->pos = 0;
    s->filled = 0;
}

static inline double dtrange_step(dtrange_state *s, double high, double low, double close)
{
    const int32_t n = s->n;
    double *hs = s->ring, *ls = s->ring + n, *cs = s->ring + 2 * n;
    hs[s->pos] = high;
    ls[s->pos] = low;
    cs[s->pos] = close;
    if (++s->pos == n)
        s->pos = 0;
    if (s->filled < n)
        s->filled++;
    if (s->filled < n)
        return NAN;
    double hh = hs[0], ll = ls[0], hc = cs[0], lc = cs[0];
    for (int32_t k = 1; k < n; k++) {
        if (hs[k] > hh)
            hh = hs[k];
        if (ls[k] < ll)
            ll = ls[k];
        if (cs[k] > hc)
            hc = cs[k];
        if (cs[k] < lc)
            lc = cs[k];
    }
    double a = hh - lc, b = hc - ll;
    return a > b ? a : b;
}

static BC_FEATURE_KERNEL void dtrange_run(bc_feature_node *node, const bc_feature_inputs *in,
                                          int64_t n, const bc_feature_column *cols)
{
    dtrange_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, dtrange_step(s, h[i], l[i], c[i]));
}

const bc_feature_kind bc_feature_kind_dtrange = {
    .name = "dtrange", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = dtrange_lookback, .state_size = dtrange_state_size,
    .reset = dtrange_reset, .run = dtrange_run,
};

/* ---- stretch ---------------------------------------------------------------- */

typedef struct stretch_state {
    bc_sma m;
    double ring[];      /* the last n values of min(high - open, open - low) */
} stretch_state;

static int64_t stretch_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(stretch_state, node->iarg[0]);
}

static void stretch_reset(bc_feature_node *node)
{
    stretch_state *s = node->state;
    bc_sma_init(&s->m, node->iarg[0], s->ring);
}

static BC_FEATURE_KERNEL void stretch_run(bc_feature_node *node, const bc_feature_inputs *in,
                                          int64_t n, const bc_feature_column *cols)
{
    stretch_state *s = node->state;
    const double *o = in->open, *h = in->high, *l = in->low;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        if (isnan(o[i])) {
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        double up = h[i] - o[i], down = o[i] - l[i];
        BC_FEATURE_PUT(out, i, bc_sma_step(&s->m, up < down ? up : down));
    }
}

const bc_feature_kind bc_feature_kind_stretch = {
    .name = "stretch", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = dtrange_lookback, .state_size = stretch_state_size,
    .reset = stretch_reset, .run = stretch_run,
};
