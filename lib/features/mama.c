/*
 * mama.c - mama(fast,slow) -> .mama .fama: Ehlers' MESA adaptive moving
 * average and its following average as TA-Lib's MAMA computes them (the
 * same operations in the same order, no contraction), on the close:
 *
 *   price smoother  s = (4 x + 3 x@1 + 2 x@2 + x@3) x 0.1, kept as TA-Lib's
 *                   running WMA sums (sum += 4x, then sum -= sub, where sub
 *                   is the last four closes), from bar 3 on;
 *   Hilbert steps   from bar 12 on, with adj = 0.075 period + 0.54 (period
 *                   of the bar before, 0 at the start): four filters
 *                   h(u) = (0.0962 u - 0.0962 u@6 + 0.5769 u@2 - 0.5769 u@4)
 *                   x adj, as TA-Lib runs them: one bank for even bars and
 *                   one for odd bars (bar parity counted from the first
 *                   bar), each holding its own three last a x u in a ring
 *                   whose index moves on even bars only, and its own last
 *                   two inputs; detrender = h(s), Q1 = h(detrender),
 *                   jI = h(I1), jQ = h(Q1), where I1 is the detrender of
 *                   the same parity three steps back (the other parity's
 *                   value is stored for it, TA-Lib's I1ForEven/OddPrev2/3);
 *                   I2 = 0.2 (I1 - jQ) + 0.8 I2@1, Q2 = 0.2 (Q1 + jI) +
 *                   0.8 Q2@1;
 *   phase           atan(Q1 / I1) in degrees (0 where I1 is 0); delta =
 *                   phase@1 - phase, at least 1; alpha = fast / delta when
 *                   delta > 1, at least slow; fast when delta is 1;
 *   averages        mama = alpha x + (1 - alpha) mama@1, fama = (alpha / 2)
 *                   mama + (1 - alpha / 2) fama@1, both from 0 at bar 12;
 *   period          Re = 0.2 (I2 I2@1 + Q2 Q2@1) + 0.8 Re@1, Im = 0.2 (I2
 *                   Q2@1 - Q2 I2@1) + 0.8 Im@1; where both are non-zero
 *                   period = 360 / atan(Im / Re) in degrees (else it stays);
 *                   then between 0.67 and 1.5 times the period before, then
 *                   between 6 and 50, then 0.2 period + 0.8 period before.
 *
 * Lookback 32 (TA-Lib's: NaN before bar 32). Missing bars never reach the
 * kernel (the engine skips them), so the bars are the bars with a close
 * and the parity counts them, as TA-Lib counts its input from the first
 * finite value. fast and slow are TA-Lib's limits, each within [0.01, 0.99]
 * (TA-Lib's range; its defaults 0.5 and 0.05). Must not allocate.
 */
#include "feature_internal.h"
#include "core/internal.h"

#include <string.h>

#define MAMA_LOOKBACK 32
#define MAMA_HILBERT_START 12 /* 3 bars of WMA start, 9 of WMA warm-up */
#define HT_A 0.0962
#define HT_B 0.5769

enum { HT_DET, HT_Q1, HT_JI, HT_JQ, HT_FILTERS };

/* One of TA-Lib's Hilbert filters for one parity. */
typedef struct ht_filter {
    double ring[3];   /* HT_A x input of the last three steps of this parity */
    double prev;      /* HT_B x the input before last */
    double prev_in;   /* the last input */
} ht_filter;

typedef struct mama_state {
    int32_t seen;           /* bars so far, up to MAMA_LOOKBACK + 1 */
    int32_t odd;            /* parity of the next bar */
    int32_t idx;            /* ring index, moved on even bars */
    double fast, slow, rad2deg;
    double x1, x2, x3;      /* the last three closes */
    double wsub, wsum, trail;
    ht_filter f[2][HT_FILTERS]; /* [0] even bars, [1] odd bars */
    double i1_prev2[2], i1_prev3[2]; /* [p]: the detrender kept for parity p */
    double period, prev_q2, prev_i2, re, im, prev_phase;
    double mama, fama;
} mama_state;

static inline double ht_step(ht_filter *f, int32_t idx, double in, double adj)
{
    double t = HT_A * in;
    double out = 0.0 - f->ring[idx];
    f->ring[idx] = t;
    out += t;
    out -= f->prev;
    f->prev = HT_B * f->prev_in;
    out += f->prev;
    f->prev_in = in;
    return out * adj;
}

/* One bar: NaN until bar MAMA_LOOKBACK. */
static inline void mama_step(mama_state *s, double x, double *mama, double *fama)
{
    *mama = *fama = NAN;
    int32_t k = s->seen;
    if (k < MAMA_LOOKBACK)
        s->seen++;
    int32_t p = s->odd;
    s->odd ^= 1;
    if (k < 3) { /* TA-Lib's unrolled WMA start: weights 1, 2, 3 */
        s->wsub = k == 0 ? x : s->wsub + x;
        s->wsum = k == 0 ? x : s->wsum + x * (double)(k + 1);
        s->x3 = s->x2;
        s->x2 = s->x1;
        s->x1 = x;
        return;
    }
    double adj = 0.075 * s->period + 0.54;
    s->wsub += x;
    s->wsub -= s->trail;
    s->wsum += x * 4.0;
    s->trail = s->x3;
    s->x3 = s->x2;
    s->x2 = s->x1;
    s->x1 = x;
    double smooth = s->wsum * 0.1;
    s->wsum -= s->wsub;
    if (k < MAMA_HILBERT_START)
        return;

    ht_filter *f = s->f[p];
    int32_t idx = s->idx;
    double i1 = s->i1_prev3[p];
    double det = ht_step(&f[HT_DET], idx, smooth, adj);
    double q1 = ht_step(&f[HT_Q1], idx, det, adj);
    double ji = ht_step(&f[HT_JI], idx, i1, adj);
    double jq = ht_step(&f[HT_JQ], idx, q1, adj);
    if (p == 0 && ++s->idx == 3)
        s->idx = 0;
    double q2 = 0.2 * (q1 + ji) + 0.8 * s->prev_q2;
    double i2 = 0.2 * (i1 - jq) + 0.8 * s->prev_i2;
    s->i1_prev3[p ^ 1] = s->i1_prev2[p ^ 1];
    s->i1_prev2[p ^ 1] = det;
    double phase = i1 != 0.0 ? atan(q1 / i1) * s->rad2deg : 0.0;

    double alpha = s->prev_phase - phase; /* the delta phase, at least 1 */
    s->prev_phase = phase;
    if (alpha < 1.0)
        alpha = 1.0;
    if (alpha > 1.0) {
        alpha = s->fast / alpha;
        if (alpha < s->slow)
            alpha = s->slow;
    } else {
        alpha = s->fast;
    }
    s->mama = alpha * x + (1 - alpha) * s->mama;
    alpha *= 0.5;
    s->fama = alpha * s->mama + (1 - alpha) * s->fama;
    if (k >= MAMA_LOOKBACK) {
        *mama = s->mama;
        *fama = s->fama;
    }

    s->re = 0.2 * (i2 * s->prev_i2 + q2 * s->prev_q2) + 0.8 * s->re;
    s->im = 0.2 * (i2 * s->prev_q2 - q2 * s->prev_i2) + 0.8 * s->im;
    s->prev_q2 = q2;
    s->prev_i2 = i2;
    double before = s->period, period = before;
    if (s->im != 0.0 && s->re != 0.0)
        period = 360.0 / (atan(s->im / s->re) * s->rad2deg);
    double bound = 1.5 * before;
    if (period > bound)
        period = bound;
    bound = 0.67 * before;
    if (period < bound)
        period = bound;
    if (period < 6)
        period = 6;
    else if (period > 50)
        period = 50;
    s->period = 0.2 * period + 0.8 * before;
}

/* TA-Lib's range for both limits. */
static int32_t mama_check(const bc_feature_node *node, const char *text)
{
    static const char *const what[2] = {"fast", "slow"};
    double v[2] = {node->darg, node->darg2};
    for (int j = 0; j < 2; j++)
        if (!(v[j] >= 0.01 && v[j] <= 0.99))
            return bc_fail(BC_E_PARSE,
                           "feature spec: %s: the %s limit %.15g is outside [0.01, 0.99]", text,
                           what[j], v[j]);
    return BC_OK;
}

static int32_t mama_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return MAMA_LOOKBACK;
}

static int64_t mama_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(mama_state);
}

static void mama_reset(bc_feature_node *node)
{
    mama_state *s = node->state;
    memset(s, 0, sizeof *s);
    s->fast = node->darg;
    s->slow = node->darg2;
    s->rad2deg = 180.0 / (4.0 * atan(1.0));
}

static BC_FEATURE_KERNEL void mama_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    mama_state *s = node->state;
    const double *c = in->close;
    bc_feature_column om = cols[node->slot], of = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double m, f;
        mama_step(s, c[i], &m, &f);
        BC_FEATURE_PUT(om, i, m);
        BC_FEATURE_PUT(of, i, f);
    }
}

const bc_feature_kind bc_feature_kind_mama = {
    .name = "mama", .args = "dd", .n_outputs = 2, .outputs = {"mama", "fama"},
    .needs = BC_FEATURE_IN_CLOSE, .check = mama_check, .lookback = mama_lookback,
    .state_size = mama_state_size, .reset = mama_reset, .run = mama_run,
};
