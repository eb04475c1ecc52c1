/*
 * cloud.c - two families of the twenty-first session:
 *   ichimoku(t,k,s,d)  Hosoda's Ichimoku cloud (kumo) as it stands at this
 *                bar: span A = (tenkan + kijun) / 2 with tenkan =
 *                midprice(t), kijun = midprice(k), span B = midprice(s)
 *                (midprice(n) = (highest high + lowest low) / 2 over the
 *                last n bars, TA-Lib MIDPRICE), both displaced d bars
 *                forward: the cloud at this bar is the spans computed d
 *                bars before it. Outputs .top = max(A, B), .bottom =
 *                min(A, B) (NaN while either is NaN), .a, .b (the displaced
 *                spans). Customary (9,26,52,26): cross(close,
 *                ichimoku(9,26,52,26).top) is the breakout above the cloud,
 *                cross(close,ichimoku(9,26,52,26).bottom) below it.
 *                t, k, s >= 1, d >= 1; .a valid after max(t,k) - 1 + d
 *                bars, .b after s - 1 + d, .top / .bottom after max(t,k,s)
 *                - 1 + d (the lookback). Each window's highs and lows sit in
 *                their own ring, scanned each bar (O(t + k + s) per bar);
 *                the spans wait d bars in two rings that start NaN.
 *   pfe(n,m)     Hannula's polarized fractal efficiency (TASC, January
 *                1994), smoothed: over the last n closes, with D = close -
 *                close n-1 bars ago, raw = 100 x sign(D) x sqrt(D^2 + n^2)
 *                / (the sum over the n-1 one-bar steps of sqrt(step^2 + 1))
 *                (each bar one unit of time, prices in the instrument's own
 *                units, as the formula is usually applied; 0 where D = 0);
 *                pfe = ema.h's EMA(m) of raw (TA-Lib EMA, seeded with the
 *                mean of the first m). Customary (10,5), levels +-50 (also
 *                +-30 and 0 in use); |pfe| <= 100 n / (n-1), the path of
 *                n-1 steps being at least sqrt(D^2 + (n-1)^2). n >= 2, m >=
 *                1; lookback (n-1) + (m-1). The n closes sit in a ring; the
 *                path is summed afresh each bar oldest step first (no
 *                drift).
 * The engine passes no bar with a non-finite high, low or close: such a bar
 * is missing and moves no state.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ema.h"

/* ---- ichimoku ----------------------------------------------------------- */

typedef struct cloud_window {
    int32_t n, pos, filled, pad;
    double *hs, *ls;    /* n highs, n lows */
} cloud_window;

typedef struct ichimoku_state {
    cloud_window w[3];  /* tenkan, kijun, span B */
    int32_t d, pos;     /* pos: the delay rings' slot of the span d bars ago */
    double *da, *db;    /* d spans A, d spans B */
    double ring[];      /* 2t, 2k, 2s, then 2d doubles */
} ichimoku_state;

static int32_t ichimoku_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    int32_t n = node->iarg[0];
    if (node->iarg[1] > n)
        n = node->iarg[1];
    if (node->iarg[2] > n)
        n = node->iarg[2];
    return n - 1 + node->iarg[3];
}

static int64_t ichimoku_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(ichimoku_state) +
           (int64_t)sizeof(double) * 2 *
               ((int64_t)node->iarg[0] + node->iarg[1] + node->iarg[2] + node->iarg[3]);
}

static void ichimoku_reset(bc_feature_node *node)
{
    ichimoku_state *s = node->state;
    double *p = s->ring;
    for (int j = 0; j < 3; j++) {
        cloud_window *w = &s->w[j];
        w->n = node->iarg[j];
        w->pos = 0;
        w->filled = 0;
        w->hs = p;
        w->ls = p + w->n;
        p += 2 * w->n;
    }
    s->d = node->iarg[3];
    s->pos = 0;
    s->da = p;
    s->db = p + s->d;
    for (int32_t k = 0; k < 2 * s->d; k++)
        p[k] = NAN;
}

/* This bar into the window; its midprice once n bars are in, else NaN. */
static inline double cloud_mid(cloud_window *w, double high, double low)
{
    w->hs[w->pos] = high;
    w->ls[w->pos] = low;
    if (++w->pos == w->n)
        w->pos = 0;
    if (w->filled < w->n)
        w->filled++;
    if (w->filled < w->n)
        return NAN;
    double hh = w->hs[0], ll = w->ls[0];
    for (int32_t k = 1; k < w->n; k++) {
        if (w->hs[k] > hh)
            hh = w->hs[k];
        if (w->ls[k] < ll)
            ll = w->ls[k];
    }
    return (hh + ll) / 2.0;
}

static BC_FEATURE_KERNEL void ichimoku_run(bc_feature_node *node, const bc_feature_inputs *in,
                                           int64_t n, const bc_feature_column *cols)
{
    ichimoku_state *s = node->state;
    const double *h = in->high, *l = in->low;
    bc_feature_column ot = cols[node->slot], ob = cols[node->slot + 1];
    bc_feature_column oa = cols[node->slot + 2], osb = cols[node->slot + 3];
    for (int64_t i = 0; i < n; i++) {
        double tenkan = cloud_mid(&s->w[0], h[i], l[i]);
        double kijun = cloud_mid(&s->w[1], h[i], l[i]);
        double span_b = cloud_mid(&s->w[2], h[i], l[i]);
        double a = s->da[s->pos], b = s->db[s->pos]; /* computed d bars ago */
        s->da[s->pos] = (tenkan + kijun) / 2.0;
        s->db[s->pos] = span_b;
        if (++s->pos == s->d)
            s->pos = 0;
        int both = !isnan(a) && !isnan(b);
        BC_FEATURE_PUT(ot, i, both ? (a > b ? a : b) : NAN);
        BC_FEATURE_PUT(ob, i, both ? (a < b ? a : b) : NAN);
        BC_FEATURE_PUT(oa, i, a);
        BC_FEATURE_PUT(osb, i, b);
    }
}

const bc_feature_kind bc_feature_kind_ichimoku = {
    .name = "ichimoku", .args = "iiii", .arg_min = {1, 1, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD,
                BC_FEATURE_MAX_PERIOD},
    .n_outputs = 4, .outputs = {"top", "bottom", "a", "b"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = ichimoku_lookback, .state_size = ichimoku_state_size,
    .reset = ichimoku_reset, .run = ichimoku_run,
};

/* ---- pfe ---------------------------------------------------------------- */

typedef struct pfe_state {
    int32_t n, pos;     /* pos: the slot of the next close (the oldest once full) */
    int32_t filled, pad;
    bc_ema ema;
    double ring[];      /* n closes */
} pfe_state;

static int32_t pfe_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1 + node->iarg[1] - 1;
}

static int64_t pfe_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(pfe_state) + (int64_t)sizeof(double) * node->iarg[0];
}

static void pfe_reset(bc_feature_node *node)
{
    pfe_state *s = node->state;
    s->n = node->iarg[0];
    s->pos = 0;
    s->filled = 0;
    bc_ema_init(&s->ema, node->iarg[1]);
}

static inline double pfe_step(pfe_state *s, double close)
{
    const int32_t n = s->n;
    s->ring[s->pos] = close;
    if (++s->pos == n)
        s->pos = 0;
    if (s->filled < n)
        s->filled++;
    if (s->filled < n)
        return NAN;
    int32_t at = s->pos; /* the oldest */
    double first = s->ring[at], prev = first, path = 0.0;
    for (int32_t k = 1; k < n; k++) {
        if (++at == n)
            at = 0;
        double step = s->ring[at] - prev;
        path += sqrt(step * step + 1.0);
        prev = s->ring[at];
    }
    double d = close - first;
    double sign = d > 0.0 ? 1.0 : (d < 0.0 ? -1.0 : 0.0);
    double raw = 100.0 * sign * sqrt(d * d + (double)n * (double)n) / path;
    return bc_ema_step(&s->ema, raw);
}

static BC_FEATURE_KERNEL void pfe_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    pfe_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, pfe_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_pfe = {
    .name = "pfe", .args = "ii", .arg_min = {2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = pfe_lookback, .state_size = pfe_state_size,
    .reset = pfe_reset, .run = pfe_run,
};
