/*
 * ht.c - Ehlers' Hilbert-transform cycle items as TA-Lib computes them (the
 * same operations in the same order, no contraction), on the close:
 *
 *   htdcperiod   TA-Lib's HT_DCPERIOD: the smoothed dominant cycle period
 *                sp = 0.33 period + 0.67 sp@1 (0 before the first step),
 *                where period is hilbert.h's, its Hilbert steps from bar 12
 *                on; lookback 32 (NaN before bar 32).
 *   htsine       -> .sine .lead: TA-Lib's HT_SINE, its Hilbert steps from
 *                bar 37 on (34 WMA warm-up bars), lookback 63. With n =
 *                (int)(sp + 0.5) and s the smoothed prices of hilbert.h
 *                (those of the last 50 bars from bar 37 on, 0 for older
 *                slots): re = sum sin(2 pi i / n) s@i, im = sum cos(2 pi i
 *                / n) s@i for i = 0 .. n - 1 (left to right); the phase
 *                (degrees, kept from bar to bar) = atan(re / im) where im
 *                is not 0, else the phase before -90 (re < 0), +90 (re >
 *                0) or unchanged; then + 90, + 360 / sp, + 180 where im <
 *                0, - 360 where above 315; sine = sin(phase), lead =
 *                sin(phase + 45 degrees).
 *   httrendmode  TA-Lib's HT_TRENDMODE (1 trend, 0 cycle), lookback 63:
 *                HT_SINE's phase, sine and lead; trendline = (4 m + 3 m@1 +
 *                2 m@2 + m@3) / 10 where m is the mean of the last n closes
 *                (0 before bar 37); trend = 1, but 0 on a bar where the
 *                sine crosses its lead (sine > lead after sine@1 <= lead@1,
 *                or < after >=; that bar restarts the count of days in the
 *                trend at 1), 0 while the days are under sp / 2, 0 where
 *                the phase's change is strictly between 0.67 and 1.5 times
 *                360 / sp; then 1 again where |s - trendline| / trendline
 *                >= 0.015 (trendline not 0).
 *   httrendline  TA-Lib's HT_TRENDLINE, lookback 63: httrendmode's
 *                trendline (the same function, ht_trendline), the Hilbert
 *                steps from bar 37 for sp; no phase.
 *
 * Degrees and radians: rad2deg = 180 / (4 atan 1) (TA-Lib's 45 / atan 1,
 * the same bits), deg2rad = 1 / rad2deg, 2 pi = 8 atan 1. Missing bars
 * never reach the kernels (the engine skips them). No arguments. Must not
 * allocate.
 */
#include "feature_internal.h"
#include "core/internal.h"

#include "hilbert.h"

#define HT_DCPERIOD_LOOKBACK 32
#define HT_DCPERIOD_START 12 /* 3 bars of WMA start, 9 of WMA warm-up */
#define HT_SINE_LOOKBACK 63
#define HT_SINE_START 37     /* 3 bars of WMA start, 34 of WMA warm-up */
#define HT_SMOOTH_SIZE 50    /* TA-Lib's SMOOTH_PRICE_SIZE, sp + 0.5 at most */

typedef struct ht_state {
    int32_t seen;            /* bars so far, up to the lookback + 1 */
    int32_t pos;             /* this bar's slot in smooth and closes */
    bc_hilbert h;
    double sp;               /* the smoothed period */
    double phase, deg2rad, two_pi;
    double smooth[HT_SMOOTH_SIZE]; /* smoothed prices from the Hilbert start */
    double closes[HT_SMOOTH_SIZE]; /* httrendmode: the closes */
    double sine, lead, trend1, trend2, trend3;
    int32_t days;            /* httrendmode: bars since the last crossing */
} ht_state;

/* Bar k = s->seen with close x: the smoother, and from bar start on the
 * Hilbert steps and the smoothed period. Returns k, or -1 before start. */
static inline int32_t ht_step(ht_state *s, double x, int32_t start, int32_t lookback,
                              double *smooth)
{
    int32_t k = s->seen;
    if (k < lookback)
        s->seen++;
    *smooth = bc_hilbert_smooth(&s->h, k, x);
    if (k < start)
        return -1;
    double i1, q1;
    bc_hilbert_step(&s->h, *smooth, &i1, &q1);
    s->sp = 0.33 * s->h.period + 0.67 * s->sp;
    return k;
}

/* HT_SINE's dominant cycle phase on this bar (its smoothed price stored at
 * pos); returns n, the window of the last (int)(sp + 0.5) bars. */
static inline int32_t ht_phase(ht_state *s, double smooth)
{
    s->smooth[s->pos] = smooth;
    int32_t n = (int32_t)(s->sp + 0.5);
    double re = 0.0, im = 0.0;
    int32_t at = s->pos;
    for (int32_t i = 0; i < n; i++) {
        double a = ((double)i * s->two_pi) / (double)n;
        double v = s->smooth[at];
        re += sin(a) * v;
        im += cos(a) * v;
        at = at == 0 ? HT_SMOOTH_SIZE - 1 : at - 1;
    }
    double phase = s->phase;
    double t = fabs(im);
    if (t > 0.0)
        phase = atan(re / im) * s->h.rad2deg;
    else if (t <= 0.01) {
        if (re < 0.0)
            phase -= 90.0;
        else if (re > 0.0)
            phase += 90.0;
    }
    phase += 90.0;
    phase += 360.0 / s->sp; /* the WMA's one bar of lag */
    if (im < 0.0)
        phase += 180.0;
    if (phase > 315.0)
        phase -= 360.0;
    s->phase = phase;
    return n;
}

static inline void ht_next_slot(ht_state *s)
{
    if (++s->pos == HT_SMOOTH_SIZE)
        s->pos = 0;
}

static int32_t htdcperiod_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return HT_DCPERIOD_LOOKBACK;
}

static int32_t htsine_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return HT_SINE_LOOKBACK;
}

static int64_t ht_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(ht_state);
}

static void ht_reset(bc_feature_node *node)
{
    ht_state *s = node->state;
    memset(s, 0, sizeof *s);
    bc_hilbert_reset(&s->h);
    s->deg2rad = 1.0 / s->h.rad2deg;
    s->two_pi = atan(1.0) * 8.0;
}

static BC_FEATURE_KERNEL void htdcperiod_run(bc_feature_node *node, const bc_feature_inputs *in,
                                             int64_t n, const bc_feature_column *cols)
{
    ht_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double smooth;
        int32_t k = ht_step(s, c[i], HT_DCPERIOD_START, HT_DCPERIOD_LOOKBACK, &smooth);
        BC_FEATURE_PUT(out, i, k >= HT_DCPERIOD_LOOKBACK ? s->sp : NAN);
    }
}

static BC_FEATURE_KERNEL void htsine_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    ht_state *s = node->state;
    const double *c = in->close;
    bc_feature_column os = cols[node->slot], ol = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double smooth, sine = NAN, lead = NAN;
        int32_t k = ht_step(s, c[i], HT_SINE_START, HT_SINE_LOOKBACK, &smooth);
        if (k >= 0) {
            ht_phase(s, smooth);
            ht_next_slot(s);
            if (k >= HT_SINE_LOOKBACK) {
                sine = sin(s->phase * s->deg2rad);
                lead = sin((s->phase + 45) * s->deg2rad);
            }
        }
        BC_FEATURE_PUT(os, i, sine);
        BC_FEATURE_PUT(ol, i, lead);
    }
}

/* The instantaneous trendline on this bar (HT_TRENDLINE; httrendmode's
 * trendline): the WMA(4) of the means of the last n closes (this bar's at
 * pos), n = (int)(sp + 0.5). */
static inline double ht_trendline(ht_state *s, int32_t n)
{
    double m = 0.0;
    int32_t at = s->pos;
    for (int32_t i = 0; i < n; i++) {
        m += s->closes[at];
        at = at == 0 ? HT_SMOOTH_SIZE - 1 : at - 1;
    }
    if (n > 0)
        m = m / (double)n;
    double trendline = (4.0 * m + 3.0 * s->trend1 + 2.0 * s->trend2 + s->trend3) / 10.0;
    s->trend3 = s->trend2;
    s->trend2 = s->trend1;
    s->trend1 = m;
    return trendline;
}

/* HT_TRENDMODE on one bar (the Hilbert steps done, k >= HT_SINE_START). */
static inline double httrendmode_bar(ht_state *s, double smooth)
{
    double prev_phase = s->phase;
    int32_t n = ht_phase(s, smooth);
    double prev_sine = s->sine, prev_lead = s->lead;
    s->sine = sin(s->phase * s->deg2rad);
    s->lead = sin((s->phase + 45) * s->deg2rad);

    double trendline = ht_trendline(s, n);

    double trend = 1.0;
    if ((s->sine > s->lead && prev_sine <= prev_lead) ||
        (s->sine < s->lead && prev_sine >= prev_lead)) {
        s->days = 0;
        trend = 0.0;
    }
    s->days++;
    if ((double)s->days < 0.5 * s->sp)
        trend = 0.0;
    double dphase = s->phase - prev_phase;
    if (s->sp != 0.0 && dphase > 0.67 * 360.0 / s->sp && dphase < 1.5 * 360.0 / s->sp)
        trend = 0.0;
    if (trendline != 0.0 && fabs((smooth - trendline) / trendline) >= 0.015)
        trend = 1.0;
    return trend;
}

static BC_FEATURE_KERNEL void httrendmode_run(bc_feature_node *node, const bc_feature_inputs *in,
                                              int64_t n, const bc_feature_column *cols)
{
    ht_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double smooth, trend = NAN;
        s->closes[s->pos] = c[i];
        int32_t k = ht_step(s, c[i], HT_SINE_START, HT_SINE_LOOKBACK, &smooth);
        if (k >= 0) {
            double t = httrendmode_bar(s, smooth);
            if (k >= HT_SINE_LOOKBACK)
                trend = t;
        }
        ht_next_slot(s);
        BC_FEATURE_PUT(out, i, trend);
    }
}

static BC_FEATURE_KERNEL void httrendline_run(bc_feature_node *node, const bc_feature_inputs *in,
                                              int64_t n, const bc_feature_column *cols)
{
    ht_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double smooth, line = NAN;
        s->closes[s->pos] = c[i];
        int32_t k = ht_step(s, c[i], HT_SINE_START, HT_SINE_LOOKBACK, &smooth);
        if (k >= 0) {
            double t = ht_trendline(s, (int32_t)(s->sp + 0.5));
            if (k >= HT_SINE_LOOKBACK)
                line = t;
        }
        ht_next_slot(s);
        BC_FEATURE_PUT(out, i, line);
    }
}

const bc_feature_kind bc_feature_kind_htdcperiod = {
    .name = "htdcperiod", .args = "", .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = htdcperiod_lookback, .state_size = ht_state_size, .reset = ht_reset,
    .run = htdcperiod_run,
};

const bc_feature_kind bc_feature_kind_htsine = {
    .name = "htsine", .args = "", .n_outputs = 2, .outputs = {"sine", "lead"},
    .needs = BC_FEATURE_IN_CLOSE, .lookback = htsine_lookback, .state_size = ht_state_size,
    .reset = ht_reset, .run = htsine_run,
};

const bc_feature_kind bc_feature_kind_httrendmode = {
    .name = "httrendmode", .args = "", .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = htsine_lookback, .state_size = ht_state_size, .reset = ht_reset,
    .run = httrendmode_run,
};

const bc_feature_kind bc_feature_kind_httrendline = {
    .name = "httrendline", .args = "", .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = htsine_lookback, .state_size = ht_state_size, .reset = ht_reset,
    .run = httrendline_run,
};
