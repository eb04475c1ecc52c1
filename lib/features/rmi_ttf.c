/*
 * rmi_ttf.c - two oscillators of the twenty-third session:
 *   rmi(n,m)  Altman's relative momentum index (Stocks & Commodities, Feb.
 *             1993): an RSI whose changes are the m-bar momentum
 *             close - close@m instead of the one-bar change. From bar m,
 *             up = max(mom, 0) and down = max(-mom, 0); each smoothed by
 *             Wilder: the first value the mean of the first n (summed in
 *             bar order, then / n), then avg = (avg x (n - 1) + x) / n (a
 *             product, a sum and a quotient, each rounded: no fma);
 *             rmi = 100 x up / (up + down), 50 where up + down is 0 (a flat
 *             stretch: neither side, the midline). Lookback m + n - 1.
 *             rmi(n,1) is Wilder's RSI(n) but for the flat value (TA-Lib's
 *             RSI writes 0 there).
 *   ttf(n)    the trend trigger factor (M. H. Pee, Stocks & Commodities,
 *             Dec. 2004): buy power = the highest high of the last n bars -
 *             the lowest low of the n bars before them, sell power = the
 *             highest high of the n bars before - the lowest low of the
 *             last n; ttf = 100 x (buy - sell) / (0.5 x (buy + sell))
 *             (evaluated (100 x (buy - sell)) / den), 0 where the
 *             denominator is 0. Its customary signals are the crossings of
 *             +-100. Lookback 2n - 1 (the window's extremes by a scan, as
 *             TA-Lib MAX / MIN: exact; two rings of n, the last n bars
 *             and the n before them).
 * The engine never passes a missing bar to a kernel (no NaN rules here).
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ring.h"

/* ---- rmi ---------------------------------------------------------------- */

typedef struct rmi_state {
    bc_ring closes; /* the last m; once full, the oldest is the close of m bars ago */
    int32_t n;
    int32_t count;  /* momenta so far, up to n */
    double up, down;
    double ring[];  /* m closes */
} rmi_state;

static int32_t rmi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[1] + node->iarg[0] - 1;
}

static int64_t rmi_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(rmi_state, node->iarg[1]);
}

static void rmi_reset(bc_feature_node *node)
{
    rmi_state *s = node->state;
    bc_ring_init(&s->closes, node->iarg[1], s->ring);
    s->n = node->iarg[0];
    s->count = 0;
    s->up = s->down = 0.0;
}

static inline double rmi_step(rmi_state *s, double close)
{
    if (!bc_ring_full(&s->closes)) { /* momentum starts on bar m */
        bc_ring_push(&s->closes, close);
        return NAN;
    }
    const double then = bc_ring_swap(&s->closes, close);
    const double mom = close - then;
    const double u = mom > 0.0 ? mom : 0.0, d = mom < 0.0 ? -mom : 0.0;
    if (s->count < s->n) {
        s->up += u;
        s->down += d;
        if (++s->count < s->n)
            return NAN;
        s->up /= s->n;
        s->down /= s->n;
    } else {
        s->up = (s->up * (s->n - 1) + u) / s->n;
        s->down = (s->down * (s->n - 1) + d) / s->n;
    }
    const double sum = s->up + s->down;
    return sum > 0.0 ? 100.0 * s->up / sum : 50.0;
}

static BC_FEATURE_KERNEL void rmi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    rmi_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, rmi_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_rmi = {
    .name = "rmi", .args = "ii", .arg_min = {1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD}, .n_outputs = 1,
    .needs = BC_FEATURE_IN_CLOSE, .lookback = rmi_lookback, .state_size = rmi_state_size,
    .reset = rmi_reset, .run = rmi_run,
};

/* ---- ttf ---------------------------------------------------------------- */

typedef struct ttf_state {
    bc_ring highs, highs_before; /* the last n highs, the n before them */
    bc_ring lows, lows_before;   /* the lows alike; all four in step */
    double ring[];               /* highs, highs_before, lows, lows_before */
} ttf_state;

static int32_t ttf_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 * node->iarg[0] - 1;
}

static int64_t ttf_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(ttf_state, 4 * (int64_t)node->iarg[0]);
}

static void ttf_reset(bc_feature_node *node)
{
    ttf_state *s = node->state;
    const int32_t n = node->iarg[0];
    bc_ring_init(&s->highs, n, s->ring);
    bc_ring_init(&s->highs_before, n, s->ring + n);
    bc_ring_init(&s->lows, n, s->ring + 2 * n);
    bc_ring_init(&s->lows_before, n, s->ring + 3 * n);
}

/* Two rings of n moving together: the bar a push evicts from the last n
 * (n bars ago) goes into the n before them, which fill from bar n on (so
 * their slots stay those of the last n: both rings are at slot 0 on bar n). */
static inline double ttf_step(ttf_state *s, double high, double low)
{
    const int32_t n = s->highs.n;
    if (bc_ring_full(&s->highs)) {
        bc_ring_push(&s->highs_before, bc_ring_oldest(&s->highs));
        bc_ring_push(&s->lows_before, bc_ring_oldest(&s->lows));
    }
    bc_ring_push(&s->highs, high);
    bc_ring_push(&s->lows, low);
    if (!bc_ring_full(&s->highs_before))
        return NAN;
    const double *highs = s->highs.slot, *highs_before = s->highs_before.slot;
    const double *lows = s->lows.slot, *lows_before = s->lows_before.slot;
    double hh = highs[0], ll = lows[0], hh_before = highs_before[0], ll_before = lows_before[0];
    for (int32_t i = 1; i < n; i++) {
        if (highs[i] > hh)
            hh = highs[i];
        if (lows[i] < ll)
            ll = lows[i];
        if (highs_before[i] > hh_before)
            hh_before = highs_before[i];
        if (lows_before[i] < ll_before)
            ll_before = lows_before[i];
    }
    const double buy = hh - ll_before, sell = hh_before - ll;
    const double den = 0.5 * (buy + sell);
    return den != 0.0 ? 100.0 * (buy - sell) / den : 0.0;
}

static BC_FEATURE_KERNEL void ttf_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    ttf_state *s = node->state;
    const double *h = in->high, *l = in->low;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, ttf_step(s, h[i], l[i]));
}

const bc_feature_kind bc_feature_kind_ttf = {
    .name = "ttf", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD / 2},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW, .lookback = ttf_lookback,
    .state_size = ttf_state_size, .reset = ttf_reset, .run = ttf_run,
};
