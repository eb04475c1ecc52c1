/*
 * tii.c - Pee's indicators and the close's place in the previous range:
 *   tii(n,m)     Pee's trend intensity index (M. H. Pee, "Trend Intensity
 *                Index", TASC 2002): the close's deviations d = close -
 *                sma(n) (sma.h, TA-Lib's SMA) over the last m bars,
 *                tii = 100 x ((the sum of the positive d) / (the sum of |d|)),
 *                0..100 (the ratio first, so 100 exactly on a window of rises); 50 where every d of the window is 0. Pee's original
 *                is (60, 30), the half-period (20, 10) common too; zones 80
 *                / 20, midline 50. n >= 2, m >= 1; NaN until m deviations
 *                exist: lookback (n-1) + (m-1). The m deviations are kept in
 *                a ring and summed afresh each bar in slot order (O(m) per
 *                bar, no drift).
 *   rangepos(n)  the close's place in the range of the n bars before it
 *                (this bar excluded): (close - LL) / (HH - LL), LL the
 *                lowest low and HH the highest high of those n bars; a
 *                stochastic %K against the previous window, 0 at their low,
 *                1 at their high, below 0 / above 1 past them. NaN where HH
 *                = LL (as the composite ratio(diff(close,min(low,n)@1),
 *                diff(max(high,n),min(low,n))@1), which gives the same bits
 *                but does not fit the search grid's names). Retracement
 *                levels are cuts: the close above lo + 0.618 (hi - lo) is
 *                rangepos(n) > 0.618. n >= 1; lookback n. The n bars are
 *                kept in rings and scanned each bar (O(n) per bar).
 *   tdi(n)       Pee's trend detection index (M. H. Pee, "Trend Detection
 *                Index", TASC October 2001): mom = close - close@n,
 *                .direction = the sum of the last n mom, .tdi = |direction|
 *                - (the sum of |mom| over the last 2n bars - over the last
 *                n), i.e. |direction| minus the sum of |mom| of the n bars
 *                before the last n. A trend where .tdi > 0, its side the
 *                sign of .direction; Pee's n = 20 (and 2n = 40). n >= 1;
 *                both outputs NaN until 2n moms exist: lookback 3n - 1.
 *                The closes, the last n moms and the n before them are
 *                three ring.h rings (the moms' evicted oldest enters the
 *                before ring); each sum is taken afresh in slot order (O(n)
 *                per bar, no drift).
 * The engine passes no bar with a non-finite high, low or close: such a bar
 * is missing and moves no state.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ring.h"
#include "sma.h"

/* ---- tii ---------------------------------------------------------------- */

typedef struct tii_state {
    int32_t m, pos;     /* pos: the slot of the next deviation */
    int32_t filled;     /* deviations held, up to m */
    int32_t pad;
    bc_sma sma;
    double ring[];      /* n closes (the sma's), then m deviations */
} tii_state;

static int32_t tii_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1 + node->iarg[1] - 1;
}

static int64_t tii_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(tii_state) +
           (int64_t)sizeof(double) * ((int64_t)node->iarg[0] + node->iarg[1]);
}

static void tii_reset(bc_feature_node *node)
{
    tii_state *s = node->state;
    s->m = node->iarg[1];
    s->pos = 0;
    s->filled = 0;
    bc_sma_init(&s->sma, node->iarg[0], s->ring);
}

static inline double tii_step(tii_state *s, double close)
{
    double mean = bc_sma_step(&s->sma, close);
    if (!bc_sma_full(&s->sma))
        return NAN;
    const int32_t m = s->m;
    double *devs = s->ring + s->sma.r.n;
    devs[s->pos] = close - mean;
    if (++s->pos == m)
        s->pos = 0;
    if (s->filled < m)
        s->filled++;
    if (s->filled < m)
        return NAN;
    double up = 0.0, all = 0.0;
    for (int32_t k = 0; k < m; k++) {
        double d = devs[k];
        if (d > 0.0)
            up += d;
        all += fabs(d);
    }
    return all > 0.0 ? 100.0 * (up / all) : 50.0; /* up / all <= 1: within 0..100 */
}

static BC_FEATURE_KERNEL void tii_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    tii_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, tii_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_tii = {
    .name = "tii", .args = "ii", .arg_min = {2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = tii_lookback, .state_size = tii_state_size,
    .reset = tii_reset, .run = tii_run,
};

/* ---- tdi ---------------------------------------------------------------- */

typedef struct tdi_state {
    bc_ring closes, moms, before; /* n each */
    double ring[];                /* 3n doubles: closes, moms, before */
} tdi_state;

static int32_t tdi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 3 * node->iarg[0] - 1;
}

static int64_t tdi_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(tdi_state, 3 * (int64_t)node->iarg[0]);
}

static void tdi_reset(bc_feature_node *node)
{
    tdi_state *s = node->state;
    const int32_t n = node->iarg[0];
    bc_ring_init(&s->closes, n, s->ring);
    bc_ring_init(&s->moms, n, s->ring + n);
    bc_ring_init(&s->before, n, s->ring + 2 * (int64_t)n);
}

static inline void tdi_step(tdi_state *s, double close, double *tdi, double *direction)
{
    *tdi = *direction = NAN;
    if (!bc_ring_full(&s->closes)) {
        bc_ring_push(&s->closes, close);
        return;
    }
    double mom = close - bc_ring_swap(&s->closes, close); /* the close n bars ago */
    if (!bc_ring_full(&s->moms)) {
        bc_ring_push(&s->moms, mom);
        return;
    }
    bc_ring_push(&s->before, bc_ring_swap(&s->moms, mom));
    if (!bc_ring_full(&s->before))
        return;
    const int32_t n = s->moms.n;
    double dir = 0.0, noise = 0.0;
    for (int32_t k = 0; k < n; k++) {
        dir += s->moms.slot[k];
        noise += fabs(s->before.slot[k]);
    }
    *direction = dir;
    *tdi = fabs(dir) - noise;
}

static BC_FEATURE_KERNEL void tdi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    tdi_state *s = node->state;
    const double *c = in->close;
    bc_feature_column tdi = cols[node->slot], direction = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double t, d;
        tdi_step(s, c[i], &t, &d);
        BC_FEATURE_PUT(tdi, i, t);
        BC_FEATURE_PUT(direction, i, d);
    }
}

const bc_feature_kind bc_feature_kind_tdi = {
    .name = "tdi", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD / 3},
    .n_outputs = 2, .outputs = {"tdi", "direction"}, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = tdi_lookback, .state_size = tdi_state_size,
    .reset = tdi_reset, .run = tdi_run,
};

/* ---- rangepos ----------------------------------------------------------- */

typedef struct rangepos_state {
    int32_t n, pos;     /* pos: the slot of the next bar */
    int32_t filled;     /* bars held, up to n */
    int32_t pad;
    double ring[];      /* n highs, n lows */
} rangepos_state;

static int32_t rangepos_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t rangepos_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(rangepos_state) + (int64_t)sizeof(double) * 2 * node->iarg[0];
}

static void rangepos_reset(bc_feature_node *node)
{
    rangepos_state *s = node->state;
    s->n = node->iarg[0];
    s->pos = 0;
    s->filled = 0;
}

static inline double rangepos_step(rangepos_state *s, double high, double low, double close)
{
    const int32_t n = s->n;
    double *hs = s->ring, *ls = s->ring + n;
    double out = NAN;
    if (s->filled == n) { /* the n bars before this one */
        double hh = hs[0], ll = ls[0];
        for (int32_t k = 1; k < n; k++) {
            if (hs[k] > hh)
                hh = hs[k];
            if (ls[k] < ll)
                ll = ls[k];
        }
        double width = hh - ll;
        if (width != 0.0)
            out = (close - ll) / width;
    }
    hs[s->pos] = high;
    ls[s->pos] = low;
    if (++s->pos == n)
        s->pos = 0;
    if (s->filled < n)
        s->filled++;
    return out;
}

static BC_FEATURE_KERNEL void rangepos_run(bc_feature_node *node, const bc_feature_inputs *in,
                                           int64_t n, const bc_feature_column *cols)
{
    rangepos_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, rangepos_step(s, h[i], l[i], c[i]));
}

const bc_feature_kind bc_feature_kind_rangepos = {
    .name = "rangepos", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = rangepos_lookback, .state_size = rangepos_state_size,
    .reset = rangepos_reset, .run = rangepos_run,
};
