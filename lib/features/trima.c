/*
 * trima.c - two smoothing averages of the close. Must not allocate after
 * create.
 *
 *   trima(n)  TA-Lib TRIMA, the triangular moving average: sma.h's SMA of
 *             sma.h's SMA of the close with TA-Lib's period split,
 *             n1 = (n+1)/2 then n2 = n/2 + 1 (integer division): for odd
 *             n both (n+1)/2, for even n n/2 then n/2 + 1, so the weights
 *             are triangular over n closes and sum to 1 (TA-Lib's
 *             1/(n1*n2) factor). n >= 2 (n = 2: sma(1) then sma(2)),
 *             lookback (n1-1) + (n2-1) = n-1. TA-Lib keeps one weighted
 *             running numerator; the two running sums here agree with it
 *             to rounding (a few ulps; test_features_trima_ssf.py).
 *
 *   ssf(n)    Ehlers' two-pole super smoother of the close ("Cycle
 *             Analytics for Traders", 2013): a1 = exp(-1.414 pi / n),
 *             c2 = 2 a1 cos(1.414 pi / n), c3 = -a1^2, c1 = 1 - c2 - c3,
 *             f[t] = c1 (close[t] + close[t-1]) / 2 + c2 f[t-1] + c3 f[t-2]
 *             (evaluated in that order, separate multiplies and adds), seeded
 *             with the close on the first two bars (f = close there, as
 *             Ehlers' code does for its first bars). n >= 2, lookback 2:
 *             the first value is the first recursion, so from bar 2 of the
 *             series the kernel sees the value is the formula's bit for bit
 *             when both start on the same bar; started later, the seed's
 *             transient decays as a1^t (a1 = 0.80 for n = 20: under 1e-9
 *             of the level after ~100 bars).
 *
 *   usmooth(n) Ehlers' UltimateSmoother of the close (TASC, April 2024):
 *             a1 = exp(-1.414 pi / n), c2 = 2 a1 cos(1.414 pi / n),
 *             c3 = -a1^2, c1 = (1 + c2 - c3) / 4,
 *             us[t] = (1 - c1) x[t] + (2 c1 - c2) x[t-1] - (c1 + c3) x[t-2]
 *                     + c2 us[t-1] + c3 us[t-2]
 *             (evaluated in that order), us = close on the first two bars
 *             (the seed, no value). n >= 2, lookback 2; the seed's transient
 *             decays as a1^t, as ssf's.
 *
 *   uband(n)  the close's place in Ehlers' Ultimate Bands (TASC, 2024):
 *             (close - us) / sd, us = usmooth(n) and sd = sqrt of sma.h's
 *             n-bar mean of (close - us)^2, so -1 / +1 are his 1-sd bands
 *             and 0 the smoother. NaN while sd is 0 (a window of closes on
 *             the smoother). n >= 2, lookback 2 + n - 1.
 *
 *   decycler(n) Ehlers' simple decycler of the close (TASC, September
 *             2015): the close less its two-pole high-pass filter,
 *             w = 0.707 2 pi / n, a1 = (cos w + sin w - 1) / cos w,
 *             hp[t] = (1 - a1/2)^2 (x[t] - 2 x[t-1] + x[t-2])
 *                     + 2 (1 - a1) hp[t-1] - (1 - a1)^2 hp[t-2]
 *             (evaluated in that order), hp = 0 on the first two bars (the
 *             seed, no value), decycler = close - hp. n >= 2, lookback 2;
 *             the filter's double pole is at 1 - a1, so a seed started
 *             on another bar differs by a transient decaying as
 *             t (1 - a1)^t (1 - a1 = 0.965 for n = 125: 0.035 after 250
 *             bars, 3e-4 after 400). His hysteresis lines are
 *             decycler x 1.005 and x 0.995: the close's side of them is
 *             ratio(close,decycler(125)) cut at 1.005 / 0.995.
 *
 * Missing bars never reach the kernels. trima, ssf, usmooth and decycler are
 * sources wherever sma/ema are: cross(trima(10),trima(30)), cross(close,ssf(20)),
 * above(close,usmooth(20)), ratio(close,decycler(125)).
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "sma.h"

/* ---- trima(n) ------------------------------------------------------------ */
typedef struct trima_state {
    bc_sma inner, outer;
    double ring[]; /* n1 then n2 values */
} trima_state;

static inline int32_t trima_n1(int32_t n)
{
    return (n + 1) / 2;
}

static inline int32_t trima_n2(int32_t n)
{
    return n / 2 + 1;
}

static int32_t trima_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t trima_state_size(const bc_feature_node *node)
{
    const int32_t n = node->iarg[0];
    return BC_RING_STATE_SIZE(trima_state, trima_n1(n) + trima_n2(n));
}

static void trima_reset(bc_feature_node *node)
{
    trima_state *s = node->state;
    const int32_t n = node->iarg[0];
    bc_sma_init(&s->inner, trima_n1(n), s->ring);
    bc_sma_init(&s->outer, trima_n2(n), s->ring + trima_n1(n));
}

static inline double trima_step(trima_state *s, double close)
{
    double m = bc_sma_step(&s->inner, close);
    if (isnan(m))
        return NAN;
    return bc_sma_step(&s->outer, m);
}

static BC_FEATURE_KERNEL void trima_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    trima_state *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, trima_step(s, in->close[i]));
}

const bc_feature_kind bc_feature_kind_trima = {
    .name = "trima", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = trima_lookback,
    .state_size = trima_state_size, .reset = trima_reset, .run = trima_run,
};

/* ---- ssf(n) -------------------------------------------------------------- */
typedef struct ssf_state {
    double c1, c2, c3;
    double prev_close, f1, f2; /* close[t-1], f[t-1], f[t-2] */
    int32_t seen;              /* seed closes seen, up to 2 */
} ssf_state;

static int32_t ssf_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return 2;
}

static int64_t ssf_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(ssf_state);
}

static void ssf_reset(bc_feature_node *node)
{
    ssf_state *s = node->state;
    const double n = (double)node->iarg[0];
    const double pi = 3.14159265358979323846;
    double a1 = exp(-1.414 * pi / n);
    s->c2 = 2.0 * a1 * cos(1.414 * pi / n);
    s->c3 = -a1 * a1;
    s->c1 = 1.0 - s->c2 - s->c3;
    s->prev_close = 0.0;
    s->f1 = 0.0;
    s->f2 = 0.0;
    s->seen = 0;
}

static inline double ssf_step(ssf_state *s, double close)
{
    if (s->seen < 2) { /* the seed: f = close, no value yet */
        s->f2 = s->f1;
        s->f1 = close;
        s->prev_close = close;
        s->seen++;
        return NAN;
    }
    double f = s->c1 * (close + s->prev_close) / 2.0 + s->c2 * s->f1 + s->c3 * s->f2;
    s->f2 = s->f1;
    s->f1 = f;
    s->prev_close = close;
    return f;
}

static BC_FEATURE_KERNEL void ssf_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    ssf_state *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, ssf_step(s, in->close[i]));
}

const bc_feature_kind bc_feature_kind_ssf = {
    .name = "ssf", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = ssf_lookback,
    .state_size = ssf_state_size, .reset = ssf_reset, .run = ssf_run,
};

/* ---- usmooth(n), uband(n) ------------------------------------------------ */
typedef struct us_core {
    double c1, c2, c3;
    double x1, x2, u1, u2; /* close[t-1], close[t-2], us[t-1], us[t-2] */
    int32_t seen;          /* seed closes seen, up to 2 */
} us_core;

static void us_core_reset(us_core *s, int32_t period)
{
    const double n = (double)period;
    const double pi = 3.14159265358979323846;
    double a1 = exp(-1.414 * pi / n);
    s->c2 = 2.0 * a1 * cos(1.414 * pi / n);
    s->c3 = -a1 * a1;
    s->c1 = (1.0 + s->c2 - s->c3) / 4.0;
    s->x1 = s->x2 = s->u1 = s->u2 = 0.0;
    s->seen = 0;
}

static inline double us_step(us_core *s, double x)
{
    double u;
    if (s->seen < 2) { /* the seed: us = close, no value yet */
        s->seen++;
        u = NAN;
        s->x2 = s->x1;
        s->x1 = x;
        s->u2 = s->u1;
        s->u1 = x;
        return u;
    }
    u = (1.0 - s->c1) * x + (2.0 * s->c1 - s->c2) * s->x1 - (s->c1 + s->c3) * s->x2 +
        s->c2 * s->u1 + s->c3 * s->u2;
    s->x2 = s->x1;
    s->x1 = x;
    s->u2 = s->u1;
    s->u1 = u;
    return u;
}

static int32_t usmooth_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return 2;
}

static int64_t usmooth_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(us_core);
}

static void usmooth_reset(bc_feature_node *node)
{
    us_core_reset(node->state, node->iarg[0]);
}

static BC_FEATURE_KERNEL void usmooth_run(bc_feature_node *node, const bc_feature_inputs *in,
                                          int64_t n, const bc_feature_column *cols)
{
    us_core *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, us_step(s, in->close[i]));
}

const bc_feature_kind bc_feature_kind_usmooth = {
    .name = "usmooth", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = usmooth_lookback,
    .state_size = usmooth_state_size, .reset = usmooth_reset, .run = usmooth_run,
};

typedef struct uband_state {
    us_core us;
    bc_sma var;    /* the n-bar mean of (close - us)^2 */
    double ring[]; /* n values */
} uband_state;

static int32_t uband_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 + node->iarg[0] - 1;
}

static int64_t uband_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(uband_state, node->iarg[0]);
}

static void uband_reset(bc_feature_node *node)
{
    uband_state *s = node->state;
    us_core_reset(&s->us, node->iarg[0]);
    bc_sma_init(&s->var, node->iarg[0], s->ring);
}

static inline double uband_step(uband_state *s, double close)
{
    double u = us_step(&s->us, close);
    if (isnan(u))
        return NAN;
    double d = close - u;
    double m = bc_sma_step(&s->var, d * d);
    if (isnan(m) || !(m > 0.0))
        return NAN;
    return d / sqrt(m);
}

static BC_FEATURE_KERNEL void uband_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    uband_state *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, uband_step(s, in->close[i]));
}

const bc_feature_kind bc_feature_kind_uband = {
    .name = "uband", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = uband_lookback,
    .state_size = uband_state_size, .reset = uband_reset, .run = uband_run,
};

/* ---- decycler(n) ----------------------------------------------------------- */
typedef struct decycler_state {
    double k0, k1, k2;      /* (1 - a1/2)^2, 2 (1 - a1), (1 - a1)^2 */
    double x1, x2, h1, h2;  /* close[t-1], close[t-2], hp[t-1], hp[t-2] */
    int32_t seen;           /* seed closes seen, up to 2 */
} decycler_state;

static int64_t decycler_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(decycler_state);
}

static void decycler_reset(bc_feature_node *node)
{
    decycler_state *s = node->state;
    const double pi = 3.14159265358979323846;
    const double w = 0.707 * 2.0 * pi / (double)node->iarg[0];
    const double a1 = (cos(w) + sin(w) - 1.0) / cos(w);
    s->k0 = (1.0 - a1 / 2.0) * (1.0 - a1 / 2.0);
    s->k1 = 2.0 * (1.0 - a1);
    s->k2 = (1.0 - a1) * (1.0 - a1);
    s->x1 = s->x2 = s->h1 = s->h2 = 0.0;
    s->seen = 0;
}

static inline double decycler_step(decycler_state *s, double x)
{
    double hp = 0.0, out = NAN;
    if (s->seen < 2) /* the seed: hp = 0, no value yet */
        s->seen++;
    else {
        hp = s->k0 * (x - 2.0 * s->x1 + s->x2) + s->k1 * s->h1 - s->k2 * s->h2;
        out = x - hp;
    }
    s->x2 = s->x1;
    s->x1 = x;
    s->h2 = s->h1;
    s->h1 = hp;
    return out;
}

static BC_FEATURE_KERNEL void decycler_run(bc_feature_node *node, const bc_feature_inputs *in,
                                           int64_t n, const bc_feature_column *cols)
{
    decycler_state *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, decycler_step(s, in->close[i]));
}

const bc_feature_kind bc_feature_kind_decycler = {
    .name = "decycler", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = usmooth_lookback,
    .state_size = decycler_state_size, .reset = decycler_reset, .run = decycler_run,
};
