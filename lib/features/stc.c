/*
 * stc.c - two bounded oscillators of the fifteenth session:
 *   stc(f,s,c)  Schaff's trend cycle, 0..100:
 *                 macd = ema(f) - ema(s) of the close, each ema.h's TA-Lib
 *                 EMA run from bar 0 (the ema feature's values; the macd
 *                 exists from bar s-1);
 *                 pf  = smoothed %K of macd over c bars;
 *                 stc = smoothed %K of pf over c bars;
 *               where the smoothed %K of x over c bars (a window of the
 *               last c values of x, all from its first value on) is
 *                 k = (x - lo) / (hi - lo) x 100  (lo, hi: the window's
 *                     minimum and maximum), and on a flat window
 *                     (hi == lo) k = the previous smoothed value, so the
 *                     value is kept (50 when there is none yet);
 *                 v = k on the first full window, then
 *                 v = v' + 0.5 x (k - v')  (Schaff's factor-0.5 recursion).
 *               Lookback s - 1 + 2 (c - 1): pf's first value comes c - 1
 *               bars after the macd's, stc's c - 1 bars after pf's.
 *               f <= s; f, s >= 2; c >= 2.
 *   laguerre(g) Ehlers' Laguerre RSI, 0..1, gamma g in (0, 1): the
 *               four-stage Laguerre filter of the close
 *                 L0 = (1 - g) x + g L0',  L1 = -g L0 + L0' + g L1',
 *                 L2 = -g L1 + L1' + g L2', L3 = -g L2 + L2' + g L3'
 *               (primes: the bar before), all four stages starting at the
 *               first close (so the first bar leaves them there); over the
 *               three stage differences d = L0 - L1, L1 - L2, L2 - L3,
 *               cu = the sum of the positive ones, cd = minus the sum of the
 *               negative ones (each added in that order), value cu / (cu +
 *               cd). NaN on the first 3 bars (lookback 3: a short warm-up,
 *               one bar per stage after the seed, whose stages all start at
 *               one price) and on any bar where cu + cd == 0 (no movement
 *               between the stages, as on the first bar).
 * Missing bars never reach either (the engine skips them). Plain
 * multiplies and adds (no fma): the values are a float64 loop's bits.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "ema.h"
#include "ring.h"

/* ---- stc ---------------------------------------------------------------- */

/* One smoothed %K line: a ring of the last c inputs. */
typedef struct stc_line {
    bc_ring r;
    int32_t has;
    double value;
} stc_line;

typedef struct stc_state {
    bc_ema fast, slow;
    stc_line k1, k2;
    double rings[]; /* 2c: the macd window, then pf's */
} stc_state;

static int32_t stc_check(const bc_feature_node *node, const char *text)
{
    if (node->iarg[1] < node->iarg[0])
        return bc_fail(BC_E_PARSE,
                       "feature spec: '%s': slow period %d is below fast period %d",
                       text, node->iarg[1], node->iarg[0]);
    return BC_OK;
}

static int32_t stc_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[1] - 1 + 2 * (node->iarg[2] - 1);
}

static int64_t stc_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(stc_state) + (int64_t)sizeof(double) * 2 * node->iarg[2];
}

static void stc_reset(bc_feature_node *node)
{
    stc_state *s = node->state;
    bc_ema_init(&s->fast, node->iarg[0]);
    bc_ema_init(&s->slow, node->iarg[1]);
    bc_ring_init(&s->k1.r, node->iarg[2], s->rings);
    bc_ring_init(&s->k2.r, node->iarg[2], s->rings + node->iarg[2]);
    s->k1.has = s->k2.has = 0;
    s->k1.value = s->k2.value = 0.0;
}

/* The smoothed %K step of one line; NaN until its window is full. */
static inline double stc_line_step(stc_line *k, double x)
{
    const double *ring = k->r.slot;
    const int32_t c = k->r.n;
    bc_ring_push(&k->r, x);
    if (!bc_ring_full(&k->r))
        return NAN;
    double lo = ring[0], hi = ring[0];
    for (int32_t j = 1; j < c; j++) {
        if (ring[j] < lo)
            lo = ring[j];
        if (ring[j] > hi)
            hi = ring[j];
    }
    double raw;
    if (hi > lo)
        raw = (x - lo) / (hi - lo) * 100.0;
    else
        raw = k->has ? k->value : 50.0;
    k->value = k->has ? k->value + 0.5 * (raw - k->value) : raw;
    k->has = 1;
    return k->value;
}

static inline double stc_step(stc_state *s, double close)
{
    double fast = bc_ema_step(&s->fast, close), slow = bc_ema_step(&s->slow, close);
    if (!bc_ema_seeded(&s->slow)) /* f <= s: the fast one is seeded by then */
        return NAN;
    double pf = stc_line_step(&s->k1, fast - slow);
    if (isnan(pf))
        return NAN;
    return stc_line_step(&s->k2, pf);
}

static BC_FEATURE_KERNEL void stc_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    stc_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, stc_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_stc = {
    .name = "stc", .args = "iii", .arg_min = {2, 2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .check = stc_check, .lookback = stc_lookback, .state_size = stc_state_size,
    .reset = stc_reset, .run = stc_run,
};

/* ---- laguerre ----------------------------------------------------------- */

#define LAGUERRE_LOOKBACK 3

typedef struct laguerre_state {
    int32_t seen; /* bars so far, up to LAGUERRE_LOOKBACK + 1 */
    double g, l0, l1, l2, l3;
} laguerre_state;

static int32_t laguerre_check(const bc_feature_node *node, const char *text)
{
    double g = node->darg;
    if (!(g > 0.0 && g < 1.0))
        return bc_fail(BC_E_PARSE, "feature spec: %s: the gamma %.15g is not between 0 and 1",
                       text, g);
    return BC_OK;
}

static int32_t laguerre_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return LAGUERRE_LOOKBACK;
}

static int64_t laguerre_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(laguerre_state);
}

static void laguerre_reset(bc_feature_node *node)
{
    laguerre_state *s = node->state;
    *s = (laguerre_state){0, node->darg, 0.0, 0.0, 0.0, 0.0};
}

static inline double laguerre_step(laguerre_state *s, double x)
{
    double g = s->g;
    if (s->seen == 0)
        s->l0 = s->l1 = s->l2 = s->l3 = x;
    double p0 = s->l0, p1 = s->l1, p2 = s->l2;
    s->l0 = (1.0 - g) * x + g * s->l0;
    s->l1 = -g * s->l0 + p0 + g * s->l1;
    s->l2 = -g * s->l1 + p1 + g * s->l2;
    s->l3 = -g * s->l2 + p2 + g * s->l3;
    double d[3] = {s->l0 - s->l1, s->l1 - s->l2, s->l2 - s->l3};
    double cu = 0.0, down = 0.0;
    for (int j = 0; j < 3; j++) {
        if (d[j] > 0.0)
            cu += d[j];
        else if (d[j] < 0.0)
            down += d[j];
    }
    double cd = -down;
    if (s->seen <= LAGUERRE_LOOKBACK)
        s->seen++;
    if (s->seen <= LAGUERRE_LOOKBACK || !(cu + cd != 0.0))
        return NAN;
    return cu / (cu + cd);
}

static BC_FEATURE_KERNEL void laguerre_run(bc_feature_node *node, const bc_feature_inputs *in,
                                           int64_t n, const bc_feature_column *cols)
{
    laguerre_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, laguerre_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_laguerre = {
    .name = "laguerre", .args = "d", .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .check = laguerre_check, .lookback = laguerre_lookback,
    .state_size = laguerre_state_size, .reset = laguerre_reset, .run = laguerre_run,
};
