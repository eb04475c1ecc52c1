/*
 * frama.c - two price-channel families of the twenty-second session:
 *   frama(n)  Ehlers' fractal adaptive moving average of the close, n even,
 *             2 <= n, m = n / 2: over the last n bars, n1 = (the highest
 *             high - the lowest low of the newest m bars) / m, n2 = the same
 *             for the m bars before them, n3 = (the n bars' highest high -
 *             lowest low) / n; the fractal dimension d = (log(n1 + n2) -
 *             log(n3)) / log(2) where n1, n2 and n3 are all above 0, else
 *             d = 1; alpha = exp(-4.6 (d - 1)) held to 0.01..1;
 *             frama = alpha close + (1 - alpha) frama@1, seeded with the
 *             close (the first value is the close of bar n - 1). Lookback
 *             n - 1. NaN on a bar whose close or any high or low of the last
 *             n bars is NaN; the next value after a NaN one is seeded with
 *             its close again.
 *   ckstop(p,x,q) -> .long .short .upper .lower  Chande and Kroll's stop:
 *             the first high stop = max(high,p) - x atr(p), the first low
 *             stop = min(low,p) + x atr(p) (atr.h, TA-Lib's Wilder ATR, from
 *             bar p; the window's extremes this bar's included); .long = the
 *             highest first high stop of the last q bars, .short = the
 *             lowest first low stop of the last q bars (TA-Lib MAX / MIN on
 *             the stops from their first bar p); .upper = max(.long, .short),
 *             .lower = min(.long, .short) (the lines a flat trader's entry
 *             crosses). Lookback p + q - 1. A NaN high, low or close makes
 *             the ATR NaN from then on (TA-Lib's ATR, as atr(n)), so the
 *             outputs too.
 * The windows' extremes are found by scanning the rings (ring.h's, exact,
 * so the values are those of a tracking deque). Must not allocate after
 * create.
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "atr.h"
#include "ring.h"

/* ---- frama ---------------------------------------------------------------- */

typedef struct frama_state {
    bc_ring highs, lows;    /* the last n of each, pushed together */
    double prev;            /* frama@1, NaN when none */
    double ring[];          /* n highs then n lows */
} frama_state;

static int32_t frama_check(const bc_feature_node *node, const char *text)
{
    if (node->iarg[0] % 2 != 0)
        return bc_fail(BC_E_PARSE,
                       "feature spec: %s: the period %d must be even (two halves of n/2 bars)",
                       text, node->iarg[0]);
    return BC_OK;
}

static int32_t frama_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t frama_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(frama_state, 2 * (int64_t)node->iarg[0]);
}

static void frama_reset(bc_feature_node *node)
{
    frama_state *s = node->state;
    const int32_t n = node->iarg[0];
    bc_ring_init(&s->highs, n, s->ring);
    bc_ring_init(&s->lows, n, s->ring + n);
    s->prev = NAN;
}

static inline double frama_step(frama_state *s, double high, double low, double close)
{
    const int32_t n = s->highs.n, m = n / 2;
    bc_ring_push(&s->highs, high);
    bc_ring_push(&s->lows, low);
    if (!bc_ring_full(&s->highs) || isnan(close)) {
        s->prev = NAN;
        return NAN;
    }
    /* pos is now the oldest slot: k = 0..m-1 the older half, m..n-1 the newer */
    double h1 = -INFINITY, l1 = INFINITY, h2 = -INFINITY, l2 = INFINITY;
    int nan = 0;
    for (int32_t k = 0, at = s->highs.pos; k < n; k++, at = bc_ring_next(&s->highs, at)) {
        double h = s->highs.slot[at], l = s->lows.slot[at];
        if (isnan(h) || isnan(l))
            nan = 1;
        if (k < m) {
            h2 = h > h2 ? h : h2;
            l2 = l < l2 ? l : l2;
        } else {
            h1 = h > h1 ? h : h1;
            l1 = l < l1 ? l : l1;
        }
    }
    if (nan) {
        s->prev = NAN;
        return NAN;
    }
    double n1 = (h1 - l1) / (double)m, n2 = (h2 - l2) / (double)m;
    double n3 = ((h1 > h2 ? h1 : h2) - (l1 < l2 ? l1 : l2)) / (double)n;
    double d = 1.0;
    if (n1 > 0.0 && n2 > 0.0 && n3 > 0.0)
        d = (log(n1 + n2) - log(n3)) / log(2.0);
    double a = exp(-4.6 * (d - 1.0));
    a = a > 0.01 ? a : 0.01;
    a = a < 1.0 ? a : 1.0;
    double prev = isnan(s->prev) ? close : s->prev;
    s->prev = a * close + (1.0 - a) * prev;
    return s->prev;
}

static BC_FEATURE_KERNEL void frama_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    frama_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, frama_step(s, h[i], l[i], c[i]));
}

const bc_feature_kind bc_feature_kind_frama = {
    .name = "frama", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .check = frama_check, .lookback = frama_lookback, .state_size = frama_state_size,
    .reset = frama_reset, .run = frama_run,
};

/* ---- ckstop --------------------------------------------------------------- */

typedef struct ckstop_state {
    bc_ring highs, lows;    /* the last p of each, pushed together */
    bc_ring hstop, lstop;   /* the last q first stops, from the first */
    bc_atr atr;
    double x;
    double ring[];          /* p highs, p lows, q high stops, q low stops */
} ckstop_state;

static int32_t ckstop_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] + node->iarg[1] - 1;
}

static int64_t ckstop_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(ckstop_state, 2 * ((int64_t)node->iarg[0] + node->iarg[1]));
}

static void ckstop_reset(bc_feature_node *node)
{
    ckstop_state *s = node->state;
    const int32_t p = node->iarg[0], q = node->iarg[1];
    bc_ring_init(&s->highs, p, s->ring);
    bc_ring_init(&s->lows, p, s->ring + p);
    bc_ring_init(&s->hstop, q, s->ring + 2 * p);
    bc_ring_init(&s->lstop, q, s->ring + 2 * p + q);
    s->x = node->darg;
    bc_atr_init(&s->atr, p);
}

static inline void ckstop_step(ckstop_state *s, double high, double low, double close,
                               double *lng, double *sht)
{
    const int32_t p = s->highs.n, q = s->hstop.n;
    const double *highs = s->highs.slot, *lows = s->lows.slot;
    const double *hstop = s->hstop.slot, *lstop = s->lstop.slot;
    *lng = *sht = NAN;
    double atr = bc_atr_step(&s->atr, high, low, close);
    bc_ring_push(&s->highs, high);
    bc_ring_push(&s->lows, low);
    if (!bc_atr_seeded(&s->atr)) /* the ATR's first value comes on bar p */
        return;
    /* the ring is full here (bar p >= p - 1); a NaN bar has made atr NaN */
    double hh = highs[0], ll = lows[0];
    for (int32_t k = 1; k < p; k++) {
        hh = highs[k] > hh ? highs[k] : hh;
        ll = lows[k] < ll ? lows[k] : ll;
    }
    bc_ring_push(&s->hstop, hh - s->x * atr);
    bc_ring_push(&s->lstop, ll + s->x * atr);
    if (!bc_ring_full(&s->hstop))
        return;
    double a = hstop[0], b = lstop[0];
    int nan = isnan(a) || isnan(b);
    for (int32_t k = 1; k < q; k++) {
        double u = hstop[k], v = lstop[k];
        nan |= isnan(u) || isnan(v);
        a = u > a ? u : a;
        b = v < b ? v : b;
    }
    if (nan)
        return;
    *lng = a;
    *sht = b;
}

static BC_FEATURE_KERNEL void ckstop_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    ckstop_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1];
    bc_feature_column ou = cols[node->slot + 2], od = cols[node->slot + 3];
    for (int64_t i = 0; i < n; i++) {
        double a, b;
        ckstop_step(s, h[i], l[i], c[i], &a, &b);
        BC_FEATURE_PUT(ol, i, a);
        BC_FEATURE_PUT(os, i, b);
        BC_FEATURE_PUT(ou, i, isnan(a) ? NAN : a > b ? a : b);
        BC_FEATURE_PUT(od, i, isnan(a) ? NAN : a < b ? a : b);
    }
}

const bc_feature_kind bc_feature_kind_ckstop = {
    .name = "ckstop", .args = "idi", .arg_min = {1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 4, .outputs = {"long", "short", "upper", "lower"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = ckstop_lookback, .state_size = ckstop_state_size,
    .reset = ckstop_reset, .run = ckstop_run,
};
