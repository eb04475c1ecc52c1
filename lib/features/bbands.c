/*
 * bbands.c - bbands(n,k) -> .upper .middle .lower: TA-Lib BBANDS with an SMA
 * middle band (the same sums as sma.h, so .middle equals sma(n) bit for bit)
 * and population standard deviation as TA-Lib's
 * INT_stddev_using_precalc_ma defines it (mean of squares minus the squared
 * middle band; 0 when below 1e-8), bands middle +- k*std. Lookback n-1.
 * Also squeeze(n,x,y): 1 while bbands(n,x) lie strictly inside the Keltner
 * channel ema(n) +- y*atr(n), else 0 (ema.h and atr.h's steps), and
 * Keltner's original 1960 channel keltner1960(n) -> .upper .middle .lower
 * (sma.h's step on the typical price and on the range).
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "atr.h"
#include "ema.h"
#include "ring.h"
#include "sma.h"

#include <stddef.h>

typedef struct bbands_core {
    bc_ring r;      /* n values */
    double k, inv_n, sum, sum2;
} bbands_core;

typedef struct bbands_state {
    bbands_core core;
    double ring[];
} bbands_state;

static inline void bbands_bands(const bbands_core *s, double *upper, double *middle,
                                double *lower)
{
    double mid = s->sum * s->inv_n;
    double mean2 = s->sum2 * s->inv_n - mid * mid;
    double sd = mean2 < 0.00000001 ? 0.0 : sqrt(mean2); /* TA_IS_ZERO_OR_NEG */
    double w = sd * s->k;
    *upper = mid + w;
    *middle = mid;
    *lower = mid - w;
}

/* Steady state (window full): shared by bbands_step and the batch loop. */
static inline void bbands_next(bbands_core *s, double x, double *upper, double *middle,
                               double *lower)
{
    double old = bc_ring_swap(&s->r, x);
    s->sum += x - old;
    s->sum2 += x * x - old * old;
    bbands_bands(s, upper, middle, lower);
}

static inline void bbands_step(bbands_core *s, double x, double *upper, double *middle,
                               double *lower)
{
    if (bc_ring_full(&s->r)) {
        bbands_next(s, x, upper, middle, lower);
        return;
    }
    bc_ring_push(&s->r, x);
    s->sum += x;
    s->sum2 += x * x;
    if (!bc_ring_full(&s->r)) {
        *upper = *middle = *lower = NAN;
        return;
    }
    bbands_bands(s, upper, middle, lower);
}

static int32_t bbands_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t bbands_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(bbands_state, node->iarg[0]);
}

static void bbands_reset(bc_feature_node *node)
{
    bbands_state *s = node->state;
    bc_ring_init(&s->core.r, node->iarg[0], s->ring);
    s->core.k = node->darg;
    s->core.inv_n = 1.0 / node->iarg[0];
    s->core.sum = s->core.sum2 = 0.0;
}

BC_FEATURE_LOOP void bbands_loop(bbands_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column ou = cols[node->slot], om = cols[node->slot + 1],
                      ol = cols[node->slot + 2];
    int64_t i = 0;
    for (; i < n && !bc_ring_full(&s->r); i++) {
        double u, m, l;
        bbands_step(s, x[i], &u, &m, &l);
        BC_FEATURE_PUT(ou, i, u);
        BC_FEATURE_PUT(om, i, m);
        BC_FEATURE_PUT(ol, i, l);
    }
    for (; i < n; i++) {
        double u, m, l;
        bbands_next(s, x[i], &u, &m, &l);
        BC_FEATURE_PUT(ou, i, u);
        BC_FEATURE_PUT(om, i, m);
        BC_FEATURE_PUT(ol, i, l);
    }
}

static BC_FEATURE_KERNEL void bbands_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    bbands_state *state = node->state;
    bbands_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        bbands_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bbands_core local = *shared;
    bbands_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_bbands = {
    .name = "bbands", .args = "id", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 3, .outputs = {"upper", "middle", "lower"}, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = bbands_lookback, .state_size = bbands_state_size, .reset = bbands_reset,
    .run = bbands_run,
};

/* squeeze(n,x,y): the volatility squeeze (Carter's TTM squeeze) as 1 while
 * both Bollinger bands (n, x) are strictly inside the Keltner channel of the
 * same period, TA-Lib EMA(n) +- y x TA-Lib ATR(n) (kup = ema + y*atr, klo =
 * ema - y*atr, each rounded once, the comparisons upper < kup and lower >
 * klo), 0 otherwise; NaN until all three exist (ATR's lookback n). The
 * squeeze "fires" (releases) where it goes from 1 to 0: cross(squeeze,0.5)
 * = -1. The three kernels are bbands', ema.h's and atr.h's steps, so the
 * value equals comparing the bbands, ema and atr items bit for bit. */
typedef struct squeeze_state {
    bbands_core bands;
    bc_ema ema;
    bc_atr atr;
    double y;
    double ring[];
} squeeze_state;

static inline double squeeze_value(const squeeze_state *s, double upper, double lower,
                                   double mid, double atr)
{
    if (isnan(upper) || isnan(mid) || isnan(atr))
        return NAN;
    double w = s->y * atr;
    return upper < mid + w && lower > mid - w ? 1.0 : 0.0;
}

static inline double squeeze_step(squeeze_state *s, double high, double low, double close)
{
    double upper, middle, lower;
    bbands_step(&s->bands, close, &upper, &middle, &lower);
    double mid = bc_ema_step(&s->ema, close);
    double atr = bc_atr_step(&s->atr, high, low, close);
    return squeeze_value(s, upper, lower, mid, atr);
}

/* x > 0 and y > 0: a zero or negative width makes the test meaningless. */
static int32_t squeeze_check(const bc_feature_node *node, const char *text)
{
    if (!(node->darg > 0.0))
        return bc_fail(BC_E_PARSE, "feature spec: %s: the band width %.15g must be above 0",
                       text, node->darg);
    if (!(node->darg2 > 0.0))
        return bc_fail(BC_E_PARSE, "feature spec: %s: the channel width %.15g must be above 0",
                       text, node->darg2);
    return BC_OK;
}

static int32_t squeeze_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t squeeze_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(squeeze_state, node->iarg[0]);
}

static void squeeze_reset(bc_feature_node *node)
{
    squeeze_state *s = node->state;
    int32_t n = node->iarg[0];
    bc_ring_init(&s->bands.r, n, s->ring);
    s->bands.k = node->darg;
    s->bands.inv_n = 1.0 / n;
    s->bands.sum = s->bands.sum2 = 0.0;
    bc_ema_init(&s->ema, n);
    bc_atr_init(&s->atr, n);
    s->y = node->darg2;
}

static void squeeze_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    squeeze_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, squeeze_step(s, h[i], l[i], c[i]));
}

const bc_feature_kind bc_feature_kind_squeeze = {
    .name = "squeeze", .args = "idd", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .check = squeeze_check, .lookback = squeeze_lookback, .state_size = squeeze_state_size,
    .reset = squeeze_reset, .run = squeeze_run,
};

/* accbands(n): Price Headley's acceleration bands as TA-Lib ACCBANDS defines
 * them: f = 4 (high - low) / (high + low); upper = sma(high (1 + f), n),
 * middle = sma(close, n), lower = sma(low (1 - f), n); where high + low is 0
 * (TA-Lib's TA_IS_ZERO, |x| < 1e-14) the bar's high and low enter unwidened.
 * Three sma.h steps (so .middle equals sma(n) bit for bit; against TA-Lib's
 * SMA the difference is sma.h's, at the rounding level). Lookback n-1.
 * The customary breakout: cross(close,accbands(20).upper) = +1 long,
 * cross(close,accbands(20).lower) = -1 short. */
typedef struct accbands_state {
    bc_sma upper, middle, lower;
    double ring[];           /* upper's n, middle's n, lower's n */
} accbands_state;

static inline void accbands_step(accbands_state *s, double high, double low, double close,
                                 double *upper, double *middle, double *lower)
{
    double sum = high + low, up = high, down = low;
    if (!(sum > -0.00000000000001 && sum < 0.00000000000001)) {
        double f = 4.0 * (high - low) / sum;
        up = high * (1.0 + f);
        down = low * (1.0 - f);
    }
    *upper = bc_sma_step(&s->upper, up);
    *middle = bc_sma_step(&s->middle, close);
    *lower = bc_sma_step(&s->lower, down);
}

static int64_t accbands_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(accbands_state, 3 * (int64_t)node->iarg[0]);
}

static void accbands_reset(bc_feature_node *node)
{
    accbands_state *s = node->state;
    int32_t n = node->iarg[0];
    bc_sma_init(&s->upper, n, s->ring);
    bc_sma_init(&s->middle, n, s->ring + n);
    bc_sma_init(&s->lower, n, s->ring + 2 * (int64_t)n);
}

static void accbands_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                         const bc_feature_column *cols)
{
    accbands_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column ou = cols[node->slot], om = cols[node->slot + 1],
                      ol = cols[node->slot + 2];
    for (int64_t i = 0; i < n; i++) {
        double u, m, d;
        accbands_step(s, h[i], l[i], c[i], &u, &m, &d);
        BC_FEATURE_PUT(ou, i, u);
        BC_FEATURE_PUT(om, i, m);
        BC_FEATURE_PUT(ol, i, d);
    }
}

const bc_feature_kind bc_feature_kind_accbands = {
    .name = "accbands", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 3, .outputs = {"upper", "middle", "lower"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = bbands_lookback, .state_size = accbands_state_size,
    .reset = accbands_reset, .run = accbands_run,
};

/* ---- keltner1960(n) -------------------------------------------------------
 * Chester Keltner's original channel (How to Make Money in Commodities,
 * 1960): .middle = the n-bar SMA of the typical price (high + low + close) /
 * 3 (the typprice item's value), the width the n-bar SMA of the range high -
 * low; .upper / .lower = middle +- width. Both averages are sma.h's step
 * (bc_sma, the sma item's sums), so they agree with TA-Lib SMA(TYPPRICE, n)
 * and SMA(high - low, n) to rounding; NaN for the first n-1 bars (lookback
 * n-1).
 * Keltner's own n is 10: a breakout bot buys the close crossing above
 * .upper, sells below .lower, and leaves on the close crossing .middle.
 * (The modern channel, ema(n) +- y atr(n), is squeeze's.) */
typedef struct keltner1960_state {
    bc_sma mid, width;  /* rings: typical prices (n), then ranges (n) */
    double ring[];
} keltner1960_state;

static inline void keltner1960_step(keltner1960_state *s, double high, double low, double close,
                                    double *upper, double *middle, double *lower)
{
    double m = bc_sma_step(&s->mid, (high + low + close) / 3.0);
    double w = bc_sma_step(&s->width, high - low);
    *upper = m + w;
    *middle = m;
    *lower = m - w;
}

static int32_t keltner1960_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t keltner1960_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(keltner1960_state, 2 * (int64_t)node->iarg[0]);
}

static void keltner1960_reset(bc_feature_node *node)
{
    keltner1960_state *s = node->state;
    int32_t n = node->iarg[0];
    bc_sma_init(&s->mid, n, s->ring);
    bc_sma_init(&s->width, n, s->ring + n);
}

static void keltner1960_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                            const bc_feature_column *cols)
{
    keltner1960_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column ou = cols[node->slot], om = cols[node->slot + 1],
                      ol = cols[node->slot + 2];
    for (int64_t i = 0; i < n; i++) {
        double u, m, lo;
        keltner1960_step(s, h[i], l[i], c[i], &u, &m, &lo);
        BC_FEATURE_PUT(ou, i, u);
        BC_FEATURE_PUT(om, i, m);
        BC_FEATURE_PUT(ol, i, lo);
    }
}

const bc_feature_kind bc_feature_kind_keltner1960 = {
    .name = "keltner1960", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 3, .outputs = {"upper", "middle", "lower"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = keltner1960_lookback, .state_size = keltner1960_state_size,
    .reset = keltner1960_reset, .run = keltner1960_run,
};

/* stiffness(n,m) -> .up .down: Katsanos' stiffness indicator ("Detecting
 * Trend Strength", Stocks & Commodities 2018): .up is 100 x the share of
 * the last m bars whose close is above sma(n) - 0.2 stddev(n), .down its
 * mirror, the share of closes below sma(n) + 0.2 stddev(n) (a downtrend's
 * stiffness). 0.2 is Katsanos' factor; the customary periods are
 * stiffness(100,60). The band is on bbands(n,0.2)'s sums (TA-Lib's SMA and
 * population standard deviation) with TA-Lib STDDEV's floor (a variance <= 0
 * is 0) in place of BBANDS' (under 1e-8 is 0; the two differ only on a
 * window whose standard deviation is under 1e-4), each bar's flag is
 * counted from the band's first value, and the value is 100 x count / m,
 * NaN until m flags exist (lookback n+m-2). A stiff uptrend is
 * cross(stiffness(100,60).up,90) = 1. */
typedef struct stiffness_state {
    bbands_core bands;
    bc_ring flags;  /* m codes: 1 above the lower band, 2 below the upper */
    int32_t up, down; /* the flags in the ring */
    double ring[];  /* n closes, then m codes */
} stiffness_state;

static inline void stiffness_step(stiffness_state *s, double close, double *up, double *down)
{
    double upper, middle, lower;
    bbands_step(&s->bands, close, &upper, &middle, &lower);
    if (isnan(middle)) {
        *up = *down = NAN;
        return;
    }
    /* TA-Lib STDDEV's floor (0 only for a variance <= 0), not BBANDS' 1e-8 */
    const double mean2 = s->bands.sum2 * s->bands.inv_n - middle * middle;
    const double w = (mean2 > 0.0 ? sqrt(mean2) : 0.0) * s->bands.k;
    upper = middle + w;
    lower = middle - w;
    const double code = (close > lower ? 1.0 : 0.0) + (close < upper ? 2.0 : 0.0);
    if (bc_ring_full(&s->flags)) {
        const int old = (int)bc_ring_swap(&s->flags, code);
        s->up -= old & 1;
        s->down -= old >> 1;
    } else
        bc_ring_push(&s->flags, code);
    s->up += (int)code & 1;
    s->down += (int)code >> 1;
    if (!bc_ring_full(&s->flags)) {
        *up = *down = NAN;
        return;
    }
    *up = 100.0 * s->up / s->flags.n;
    *down = 100.0 * s->down / s->flags.n;
}

static int32_t stiffness_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] + node->iarg[1] - 2;
}

static int64_t stiffness_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(stiffness_state, (int64_t)node->iarg[0] + node->iarg[1]);
}

static void stiffness_reset(bc_feature_node *node)
{
    stiffness_state *s = node->state;
    const int32_t n = node->iarg[0];
    bc_ring_init(&s->bands.r, n, s->ring);
    s->bands.k = 0.2;
    s->bands.inv_n = 1.0 / n;
    s->bands.sum = s->bands.sum2 = 0.0;
    bc_ring_init(&s->flags, node->iarg[1], s->ring + n);
    s->up = s->down = 0;
}

static void stiffness_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                          const bc_feature_column *cols)
{
    stiffness_state *s = node->state;
    const double *c = in->close;
    bc_feature_column ou = cols[node->slot], od = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double up, down;
        stiffness_step(s, c[i], &up, &down);
        BC_FEATURE_PUT(ou, i, up);
        BC_FEATURE_PUT(od, i, down);
    }
}

const bc_feature_kind bc_feature_kind_stiffness = {
    .name = "stiffness", .args = "ii", .arg_min = {2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD}, .n_outputs = 2,
    .outputs = {"up", "down"}, .needs = BC_FEATURE_IN_CLOSE, .lookback = stiffness_lookback,
    .state_size = stiffness_state_size, .reset = stiffness_reset, .run = stiffness_run,
};
