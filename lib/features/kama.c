/*
 * kama.c - Kaufman's adaptive moving average and the least-squares line of
 * the close, as TA-Lib computes them:
 *   kama(n)        TA-Lib KAMA (fast 2, slow 30 fixed as TA-Lib): the
 *                  efficiency ratio er = |close - close@n| / sum of the n
 *                  one-bar moves |close@k - close@k+1| (1 where that sum is
 *                  0 or not above close - close@n, TA-Lib's test), the
 *                  constant sc = (er*(2/3 - 2/31) + 2/31)^2, kama = (close -
 *                  kama@1)*sc + kama@1 seeded on close@1 at bar n; the sum
 *                  slides (the move leaving the window subtracted, the new
 *                  one added, TA-Lib's order), so the value is TA-Lib's bit
 *                  for bit from the first bar on; lookback n. TA-Lib's
 *                  unstable period (0 by default) only hides more first
 *                  values of the same recursion.
 *   er(n)          that efficiency ratio alone, Kaufman's ER: |close -
 *                  close@n| / the sum of the n one-bar moves, in [0, 1]
 *                  (1 on a window of n flat closes, TA-Lib's test above);
 *                  kama's own computation (er_step), NaN before bar n,
 *                  lookback n: er(10) > 0.5, a trending window
 *   vhf(n)         White's vertical horizontal filter: (highest close -
 *                  lowest close of the last n closes) / the sum of the n
 *                  one-bar moves |close@k - close@k+1|, k = 0..n-1 (the
 *                  same sliding sum as er's denominator, er_step's; the
 *                  extremes scanned from kama's ring of the last n closes),
 *                  in [0, 1]; 0 where that sum is 0 (a window of flat
 *                  closes); NaN before bar n, lookback n: vhf(28) > 0.35,
 *                  a trending window
 *   linreg(n)      TA-Lib LINEARREG: the fitted value at the last bar of
 *                  the least-squares line over the last n closes
 *   linregslope(n) TA-Lib LINEARREG_SLOPE: its slope, price per bar
 *   linregse(n)    n >= 3: the standard error of that line's residuals,
 *                  sqrt(sum over the window of (close - line)^2 / (n - 2)),
 *                  the line at k bars ago linreg - k * linregslope (TA-Lib
 *                  has no such function: numpy's polyfit residuals are the
 *                  reference); a regression channel is linreg -/+ m x
 *                  linregse, the close's place in it ratio(diff(close,
 *                  linreg(n)),linregse(n)) (NaN where linregse is 0: a
 *                  window of closes on one straight line)
 *   tsf(n)         TA-Lib TSF (time series forecast): the same line one bar
 *                  ahead, b + m*n = linreg(n) + linregslope(n) (TA-Lib's
 *                  b + m*optInTimePeriod), from linreg's sums of the
 *                  window; cross(close,tsf(14)), ratio(close,tsf(14))
 *                  All sum the window afresh every bar (TA-Lib's sums, in
 *                  its order: no drift; the residuals in a second pass);
 *                  lookback n-1.
 *   pbands(n)      Widner's projection bands (TASC, July 1995; his 14 bars)
 *                  -> .upper .lower .po: each of the last n highs projected
 *                  to this bar along the n-bar least-squares slope of the
 *                  highs (linregslope's, on the highs), high@k + k * slope,
 *                  the upper band their maximum; the lows likewise, the
 *                  lower band their minimum; his projection oscillator
 *                  po = 100 (close - lower) / (upper - lower), in [0, 100]
 *                  (NaN where upper = lower). Lookback n-1; the bands
 *                  scanned afresh each bar (O(n)); the engine passes no
 *                  bar with a non-finite high, low or close. A level item:
 *                  pbands(14).po cut near 20 / 80 (band touches) or 50.
 * A bar with a NaN close is skipped (NaN out, state untouched), as ema's.
 * Usable wherever sma/ema are: cross(close,kama(20)),
 * ratio(linregslope(24),atr(14)).
 */
#include "feature_internal.h"
#include "ring.h"

/* ---- kama ----------------------------------------------------------------- */

typedef struct kama_core {
    bc_ring r;          /* the last n closes, oldest at pos once full (count
                         * below counts them; r.filled is not kept) */
    int64_t count;      /* closes seen */
    double sum;         /* sum of the n one-bar moves (TA-Lib's sumROC1) */
    double trailing;    /* the close whose move leaves the sum next */
    double prev;        /* the last close */
    double kama;
} kama_core;

typedef struct kama_state {
    kama_core core;
    double ring[];
} kama_state;

/* The efficiency ratio of the n closes to x, kama's and er's (one
 * computation): er = |x - close@n| / the sliding sum of the n one-bar moves,
 * 1 where that sum is 0 or not above x - close@n (TA-Lib's test, in its
 * order); NaN until n+1 closes. x is not NaN. */
static inline double er_step(kama_core *s, double x)
{
    const int32_t n = s->r.n;
    double er = NAN;
    if (s->count < n) {
        if (s->count > 0)
            s->sum += fabs(s->prev - x);
        if (s->count == 0)
            s->trailing = x;
    } else {
        double oldest = bc_ring_oldest(&s->r);
        if (s->count == n) {
            s->sum += fabs(s->prev - x);
        } else {
            s->sum -= fabs(s->trailing - oldest);
            s->sum += fabs(x - s->prev);
        }
        s->trailing = oldest;
        double roc = x - oldest;
        er = (s->sum <= roc || s->sum == 0.0) ? 1.0 : fabs(roc / s->sum);
    }
    (void)bc_ring_swap(&s->r, x);
    s->prev = x;
    s->count++;
    return er;
}

/* vhf: er_step's sliding sum of the n one-bar moves, the range of the n
 * closes to x (x and the n-1 before it, kama's ring once er_step has
 * swapped x in; scanned, exact) over it; 0 where the sum is 0. */
static inline double vhf_step(kama_core *s, double x)
{
    if (isnan(er_step(s, x)))
        return NAN;
    double hi = x, lo = x;
    for (int32_t k = 0; k < s->r.n; k++) {
        double v = s->r.slot[k];
        hi = v > hi ? v : hi;
        lo = v < lo ? v : lo;
    }
    return s->sum == 0.0 ? 0.0 : (hi - lo) / s->sum;
}

static inline double kama_step(kama_core *s, double x)
{
    static const double fast = 2.0 / 3.0, slow = 2.0 / 31.0;
    if (isnan(x)) /* a missing bar is skipped, as ema's */
        return NAN;
    if (s->count == s->r.n) /* seeded on close@1 at bar n */
        s->kama = s->prev;
    double er = er_step(s, x);
    if (isnan(er))
        return NAN;
    double sc = er * (fast - slow) + slow;
    sc *= sc;
    s->kama = (x - s->kama) * sc + s->kama;
    return s->kama;
}

static int32_t kama_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t kama_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(kama_state, node->iarg[0]);
}

static void kama_reset(bc_feature_node *node)
{
    kama_state *s = node->state;
    bc_ring_init(&s->core.r, node->iarg[0], s->ring); /* a slot is written before it is read */
    s->core.count = 0;
    s->core.sum = s->core.trailing = s->core.prev = s->core.kama = 0.0;
}

static BC_FEATURE_KERNEL void kama_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    kama_state *state = node->state;
    kama_core local = state->core;
    local.r.slot = state->ring;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    if (node->kind == &bc_feature_kind_er) {
        for (int64_t i = 0; i < n; i++)
            BC_FEATURE_PUT(out, i, isnan(x[i]) ? NAN : er_step(&local, x[i]));
    } else if (node->kind == &bc_feature_kind_vhf) {
        for (int64_t i = 0; i < n; i++)
            BC_FEATURE_PUT(out, i, isnan(x[i]) ? NAN : vhf_step(&local, x[i]));
    } else {
        for (int64_t i = 0; i < n; i++)
            BC_FEATURE_PUT(out, i, kama_step(&local, x[i]));
    }
    state->core = local;
}

const bc_feature_kind bc_feature_kind_kama = {
    .name = "kama", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = kama_lookback,
    .state_size = kama_state_size, .reset = kama_reset, .run = kama_run,
};

/* er(n): kama's efficiency ratio alone (er_step above) */
const bc_feature_kind bc_feature_kind_er = {
    .name = "er", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = kama_lookback,
    .state_size = kama_state_size, .reset = kama_reset, .run = kama_run,
};

/* vhf(n): White's vertical horizontal filter on er's sum (vhf_step above) */
const bc_feature_kind bc_feature_kind_vhf = {
    .name = "vhf", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = kama_lookback,
    .state_size = kama_state_size, .reset = kama_reset, .run = kama_run,
};

/* ---- linreg / linregslope -------------------------------------------------- */

typedef struct linreg_state {
    bc_ring r;
    double ring[];      /* the last n closes; ring[pos] is the oldest once full */
} linreg_state;

static int32_t linreg_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t linreg_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(linreg_state, node->iarg[0]);
}

static void linreg_reset(bc_feature_node *node)
{
    linreg_state *s = node->state;
    bc_ring_init(&s->r, node->iarg[0], s->ring);
}

/* The least-squares slope of a full ring of p values (x = 0 the oldest,
 * price per bar), TA-Lib LINEARREG_SLOPE's sums in its order: k bars ago for
 * k = p-1 .. 0, the oldest first; *sum_y the window's sum. linreg's and
 * pbands' one slope. */
static inline double linreg_slope(const bc_ring *ring, double *sum_y)
{
    const int32_t p = ring->n;
    const double dp = (double)p;
    const double sum_x = dp * (dp - 1.0) * 0.5;
    const double sum_xx = dp * (dp - 1.0) * (2.0 * dp - 1.0) / 6.0;
    const double divisor = sum_x * sum_x - dp * sum_xx;
    double sy = 0.0, sum_xy = 0.0;
    int32_t at = ring->pos;
    for (int32_t k = p - 1; k >= 0; k--) {
        double v = ring->slot[at];
        sy += v;
        sum_xy += (double)k * v;
        at = bc_ring_next(ring, at);
    }
    *sum_y = sy;
    return (dp * sum_xy - sum_x * sy) / divisor;
}

static BC_FEATURE_KERNEL void linreg_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    linreg_state *s = node->state;
    const int slope = node->kind == &bc_feature_kind_linregslope;
    const int se = node->kind == &bc_feature_kind_linregse;
    const int tsf = node->kind == &bc_feature_kind_tsf;
    bc_ring *ring = &s->r;
    const int32_t p = ring->n;
    const double dp = (double)p;
    const double sum_x = dp * (dp - 1.0) * 0.5;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        if (isnan(x[i])) { /* a missing bar is skipped, as ema's */
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        bc_ring_push(ring, x[i]);
        if (!bc_ring_full(ring)) {
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        double sum_y;
        double m = linreg_slope(ring, &sum_y);
        if (slope) {
            BC_FEATURE_PUT(out, i, m);
        } else if (se) {
            /* the residuals about the line, k bars ago at b + m*(p-1-k) */
            double b = (sum_y - m * sum_x) / dp, ss = 0.0;
            int32_t at = ring->pos;
            for (int32_t k = p - 1; k >= 0; k--) {
                double r = ring->slot[at] - (b + m * (dp - 1.0 - (double)k));
                ss += r * r;
                at = bc_ring_next(ring, at);
            }
            BC_FEATURE_PUT(out, i, sqrt(ss / (dp - 2.0)));
        } else if (tsf) {
            /* TA-Lib TSF: the line one bar past the window */
            double b = (sum_y - m * sum_x) / dp;
            BC_FEATURE_PUT(out, i, b + m * dp);
        } else {
            double b = (sum_y - m * sum_x) / dp;
            BC_FEATURE_PUT(out, i, b + m * (dp - 1.0));
        }
    }
}

const bc_feature_kind bc_feature_kind_linreg = {
    .name = "linreg", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = linreg_lookback,
    .state_size = linreg_state_size, .reset = linreg_reset, .run = linreg_run,
};

const bc_feature_kind bc_feature_kind_linregslope = {
    .name = "linregslope", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = linreg_lookback,
    .state_size = linreg_state_size, .reset = linreg_reset, .run = linreg_run,
};

const bc_feature_kind bc_feature_kind_linregse = {
    .name = "linregse", .args = "i", .arg_min = {3}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = linreg_lookback,
    .state_size = linreg_state_size, .reset = linreg_reset, .run = linreg_run,
};

const bc_feature_kind bc_feature_kind_tsf = {
    .name = "tsf", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = linreg_lookback,
    .state_size = linreg_state_size, .reset = linreg_reset, .run = linreg_run,
};

/* ---- pbands ----------------------------------------------------------------- */

typedef struct pbands_state {
    bc_ring h, l;
    double ring[];      /* n highs, then n lows; slot[pos] the oldest once full */
} pbands_state;

static int32_t pbands_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t pbands_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(pbands_state, 2 * (int64_t)node->iarg[0]);
}

static void pbands_reset(bc_feature_node *node)
{
    pbands_state *s = node->state;
    bc_ring_init(&s->h, node->iarg[0], s->ring);
    bc_ring_init(&s->l, node->iarg[0], s->ring + node->iarg[0]);
}

/* The band of one full ring: the values k bars ago moved k bars on along
 * the ring's own slope, their maximum (upper, hi = 1) or minimum. */
static inline double pbands_band(const bc_ring *ring, int hi)
{
    double sum_y;
    const double m = linreg_slope(ring, &sum_y);
    double band = 0.0;
    int32_t at = ring->pos;
    for (int32_t k = ring->n - 1; k >= 0; k--) {
        double v = ring->slot[at] + (double)k * m;
        if (k == ring->n - 1 || (hi ? v > band : v < band))
            band = v;
        at = bc_ring_next(ring, at);
    }
    return band;
}

static BC_FEATURE_KERNEL void pbands_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    pbands_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column up = cols[node->slot], lo = cols[node->slot + 1],
                      po = cols[node->slot + 2];
    for (int64_t i = 0; i < n; i++) {
        /* the engine passes no bar with a non-finite high, low or close */
        double u = NAN, d = NAN, o = NAN;
        bc_ring_push(&s->h, h[i]);
        bc_ring_push(&s->l, l[i]);
        if (bc_ring_full(&s->h)) {
            u = pbands_band(&s->h, 1);
            d = pbands_band(&s->l, 0);
            if (u > d)
                o = 100.0 * ((c[i] - d) / (u - d)); /* <= 100: c <= u */
        }
        BC_FEATURE_PUT(up, i, u);
        BC_FEATURE_PUT(lo, i, d);
        BC_FEATURE_PUT(po, i, o);
    }
}

const bc_feature_kind bc_feature_kind_pbands = {
    .name = "pbands", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 3, .outputs = {"upper", "lower", "po"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = pbands_lookback, .state_size = pbands_state_size,
    .reset = pbands_reset, .run = pbands_run,
};
