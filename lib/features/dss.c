/*
 * dss.c - two oscillators of the twenty-first session:
 *   dss(n,m)   Bressert's double smoothed stochastic: k = (close - LL) /
 *              (HH - LL) over the last n bars (this one included; 0.5 where
 *              HH = LL), e1 = ema(m) of k (ema.h, TA-Lib's EMA, seeded with
 *              the mean of its first m values); then e1's place in its own
 *              last n values, k2 = (e1 - min) / (max - min) (0.5 where max =
 *              min), dss = 100 x ema(m) of k2. 0..100, Bressert's zones 20 /
 *              80; customary (n, m) = (13, 8) and (10, 3). n >= 1, m >= 1;
 *              lookback 2 (n-1) + 2 (m-1). The n bars and the n e1 values
 *              are kept in rings and scanned each bar (O(n) per bar).
 *   dynmom(n)  Chande's dynamic momentum index: vi = sd / sma(10) of sd,
 *              sd the population standard deviation of the last 5 closes
 *              (TA-Lib STDDEV(5), the five recomputed each bar), the period
 *              td = trunc(n / vi) held to 5..30 (30 where vi is not above 0:
 *              no volatility, the longest period), and Cutler's RSI over
 *              the last td one-bar close changes: 100 x (the sum of the
 *              gains / the sum of |changes|), 50 where every change is 0.
 *              Chande's customary base n = 14; zones 30 / 70, midline 50.
 *              n >= 1; lookback 30 (30 changes; vi exists from bar 13).
 *              The 30 changes are kept in a ring, the td newest summed
 *              afresh each bar, newest first.
 * The engine passes no bar with a non-finite high, low or close: such a bar
 * is missing and moves no state.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ema.h"
#include "sma.h"

/* ---- dss ---------------------------------------------------------------- */

typedef struct dss_state {
    int32_t n, pos;     /* pos: the slot of the next bar */
    int32_t filled;     /* bars held, up to n */
    int32_t epos, efilled; /* the same for the e1 ring */
    int32_t pad;
    bc_ema e1, e2;
    double ring[];      /* n highs, n lows, n e1 values */
} dss_state;

static int32_t dss_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 * (node->iarg[0] - 1) + 2 * (node->iarg[1] - 1);
}

static int64_t dss_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(dss_state) + (int64_t)sizeof(double) * 3 * node->iarg[0];
}

static void dss_reset(bc_feature_node *node)
{
    dss_state *s = node->state;
    s->n = node->iarg[0];
    s->pos = s->filled = s->epos = s->efilled = 0;
    bc_ema_init(&s->e1, node->iarg[1]);
    bc_ema_init(&s->e2, node->iarg[1]);
}

static inline double dss_step(dss_state *s, double h, double l, double c)
{
    int32_t n = s->n;
    double *hs = s->ring, *ls = s->ring + n, *es = s->ring + 2 * n;
    hs[s->pos] = h;
    ls[s->pos] = l;
    if (++s->pos == n)
        s->pos = 0;
    if (s->filled < n)
        s->filled++;
    if (s->filled < n)
        return NAN;
    double lo = ls[0], hi = hs[0];
    for (int32_t i = 1; i < n; i++) {
        if (ls[i] < lo)
            lo = ls[i];
        if (hs[i] > hi)
            hi = hs[i];
    }
    double k = hi > lo ? (c - lo) / (hi - lo) : 0.5;
    double e1 = bc_ema_step(&s->e1, k);
    if (isnan(e1))
        return NAN;
    es[s->epos] = e1;
    if (++s->epos == n)
        s->epos = 0;
    if (s->efilled < n)
        s->efilled++;
    if (s->efilled < n)
        return NAN;
    double lo2 = es[0], hi2 = es[0];
    for (int32_t i = 1; i < n; i++) {
        if (es[i] < lo2)
            lo2 = es[i];
        if (es[i] > hi2)
            hi2 = es[i];
    }
    double k2 = hi2 > lo2 ? (e1 - lo2) / (hi2 - lo2) : 0.5;
    double d = bc_ema_step(&s->e2, k2);
    return isnan(d) ? NAN : 100.0 * d;
}

static BC_FEATURE_KERNEL void dss_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    dss_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, dss_step(s, h[i], l[i], c[i]));
}

const bc_feature_kind bc_feature_kind_dss = {
    .name = "dss", .args = "ii", .arg_min = {1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = dss_lookback, .state_size = dss_state_size,
    .reset = dss_reset, .run = dss_run,
};

/* ---- dynmom ------------------------------------------------------------- */

#define DYNMOM_SD 5
#define DYNMOM_MEAN 10
#define DYNMOM_LO 5
#define DYNMOM_HI 30

typedef struct dynmom_state {
    int32_t base, seen;      /* seen: bars, up to DYNMOM_HI + 1 */
    int32_t cpos, dpos;      /* the next slots of the close and change rings */
    double prev;
    bc_sma mean;             /* sma(10) of sd */
    double closes[DYNMOM_SD];
    double changes[DYNMOM_HI];
    double mean_ring[DYNMOM_MEAN];
} dynmom_state;

static int32_t dynmom_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return DYNMOM_HI;
}

static int64_t dynmom_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(dynmom_state);
}

static void dynmom_reset(bc_feature_node *node)
{
    dynmom_state *s = node->state;
    s->base = node->iarg[0];
    s->seen = s->cpos = s->dpos = 0;
    s->prev = 0.0;
    bc_sma_init(&s->mean, DYNMOM_MEAN, s->mean_ring);
}

static inline double dynmom_step(dynmom_state *s, double c)
{
    if (s->seen > 0) {
        s->changes[s->dpos] = c - s->prev;
        if (++s->dpos == DYNMOM_HI)
            s->dpos = 0;
    }
    s->prev = c;
    s->closes[s->cpos] = c;
    if (++s->cpos == DYNMOM_SD)
        s->cpos = 0;
    if (s->seen <= DYNMOM_HI)
        s->seen++;
    if (s->seen < DYNMOM_SD)
        return NAN;
    double sum = 0.0, sum2 = 0.0;
    for (int32_t i = 0; i < DYNMOM_SD; i++) {
        sum += s->closes[i];
        sum2 += s->closes[i] * s->closes[i];
    }
    double mean = sum / DYNMOM_SD;
    double var = sum2 / DYNMOM_SD - mean * mean;
    double sd = var > 0.0 ? sqrt(var) : 0.0;
    double avg = bc_sma_step(&s->mean, sd);
    if (s->seen <= DYNMOM_HI) /* fewer than 30 changes (avg is NaN before bar 13) */
        return NAN;
    double vi = sd / avg;
    int32_t td = DYNMOM_HI;
    if (vi > 0.0) {
        double q = (double)s->base / vi;
        td = q >= DYNMOM_HI ? DYNMOM_HI : q < DYNMOM_LO ? DYNMOM_LO : (int32_t)q;
    }
    double up = 0.0, all = 0.0;
    int32_t at = s->dpos;
    for (int32_t i = 0; i < td; i++) {
        at = at == 0 ? DYNMOM_HI - 1 : at - 1;
        double d = s->changes[at];
        if (d > 0.0)
            up += d;
        all += fabs(d);
    }
    return all > 0.0 ? 100.0 * (up / all) : 50.0;
}

static BC_FEATURE_KERNEL void dynmom_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    dynmom_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, dynmom_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_dynmom = {
    .name = "dynmom", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = dynmom_lookback, .state_size = dynmom_state_size,
    .reset = dynmom_reset, .run = dynmom_run,
};
