/*
 * wavetrend.c - two oscillators that the search pairs with their own
 * trigger line or lag:
 *   wavetrend(n1,n2,n3) -> .wt1 .wt2  LazyBear's WaveTrend (TradingView,
 *       2014): ap = (high + low + close) / 3, esa = ema(ap, n1),
 *       d = ema(|ap - esa|, n1), ci = (ap - esa) / (0.015 d),
 *       wt1 = ema(ci, n2), wt2 = sma(wt1, n3). Every ema is ema.h's (TA-Lib's
 *       seed: the mean of its first n inputs, so the chain is TA-Lib's EMA
 *       applied to each series from its first finite value), the sma sma.h's.
 *       ci is 0 where d is within 2e-14 of |esa| (a flat stretch: flat.h's
 *       scaled zero test), so one flat stretch does not poison the chain.
 *       As macd, both outputs are NaN until wt2 exists: lookback
 *       2 (n1 - 1) + (n2 - 1) + (n3 - 1). Customary (10,21,4), levels +-60
 *       and +-53; the search offers wt1 crossing wt2 and wt1 as a level.
 *   cybercycle(alpha) -> one output  Ehlers' cyber cycle (Cybernetic
 *       Analysis for Stocks and Futures, 2004) of the midpoint
 *       p = (high + low) / 2: smooth = (p + 2 p@1 + 2 p@2 + p@3) / 6,
 *       cycle = (1 - alpha/2)^2 (smooth - 2 smooth@1 + smooth@2)
 *       + 2 (1 - alpha) cycle@1 - (1 - alpha)^2 cycle@2; his start-up rule:
 *       on the first 7 bars (bars 0..6, counted from the first bar) the
 *       cycle is (p - 2 p@1 + p@2) / 4, and 0 on bars 0 and 1 (no p@2;
 *       NaN out, lookback 2; EasyLanguage's CurrentBar counts from 1, so
 *       his listing's rule covers one bar fewer: a start-up difference that
 *       decays as t (1 - alpha)^t). His trigger is the cycle one bar earlier,
 *       cybercycle(a)@1. alpha in (0, 1); customary 0.07.
 * Must not allocate.
 */
#include "feature_internal.h"
#include "ema.h"
#include "flat.h"
#include "sma.h"
#include "core/internal.h"

#include <math.h>
#include <stdint.h>

/* ---- wavetrend ------------------------------------------------------------ */

typedef struct wavetrend_state {
    bc_ema esa, dev, wt1;
    bc_sma wt2;
    double ring[]; /* wt2's n3 values */
} wavetrend_state;

static int32_t wavetrend_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 * (node->iarg[0] - 1) + (node->iarg[1] - 1) + (node->iarg[2] - 1);
}

static int64_t wavetrend_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(wavetrend_state, node->iarg[2]);
}

static void wavetrend_reset(bc_feature_node *node)
{
    wavetrend_state *s = node->state;
    bc_ema_init(&s->esa, node->iarg[0]);
    bc_ema_init(&s->dev, node->iarg[0]);
    bc_ema_init(&s->wt1, node->iarg[1]);
    bc_sma_init(&s->wt2, node->iarg[2], s->ring);
}

static inline void wavetrend_step(wavetrend_state *s, double high, double low, double close,
                                  double *wt1, double *wt2)
{
    *wt1 = *wt2 = NAN;
    double ap = (high + low + close) / 3.0;
    double esa = bc_ema_step(&s->esa, ap);
    if (!bc_ema_seeded(&s->esa))
        return;
    double dist = ap - esa;
    double d = bc_ema_step(&s->dev, fabs(dist));
    if (!bc_ema_seeded(&s->dev))
        return;
    double ci = bc_flat(d, fabs(esa)) ? 0.0 : dist / (0.015 * d);
    double w1 = bc_ema_step(&s->wt1, ci);
    if (!bc_ema_seeded(&s->wt1))
        return;
    double w2 = bc_sma_step(&s->wt2, w1);
    if (!bc_sma_full(&s->wt2))
        return;
    *wt1 = w1;
    *wt2 = w2;
}

static BC_FEATURE_KERNEL void wavetrend_run(bc_feature_node *node, const bc_feature_inputs *in,
                                            int64_t n, const bc_feature_column *cols)
{
    wavetrend_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column o1 = cols[node->slot], o2 = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double w1, w2;
        wavetrend_step(s, h[i], l[i], c[i], &w1, &w2);
        BC_FEATURE_PUT(o1, i, w1);
        BC_FEATURE_PUT(o2, i, w2);
    }
}

const bc_feature_kind bc_feature_kind_wavetrend = {
    .name = "wavetrend", .args = "iii", .arg_min = {1, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"wt1", "wt2"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = wavetrend_lookback, .state_size = wavetrend_state_size,
    .reset = wavetrend_reset, .run = wavetrend_run,
};

/* ---- cybercycle ----------------------------------------------------------- */

/* Bars counted from the first bar on which the start-up rule gives way to
 * the recursion (Ehlers' "CurrentBar < 7", bars 0..6 here). */
#define CYBER_STARTUP 7

typedef struct cyber_state {
    int64_t seen;
    double p1, p2, p3;         /* midpoints 1..3 bars back */
    double s1, s2;             /* smooth 1 and 2 bars back */
    double c1, c2;             /* cycle 1 and 2 bars back */
    double a, b, k2;           /* (1-a/2)^2, 2(1-a), (1-a)^2 */
} cyber_state;

static int32_t cyber_check(const bc_feature_node *node, const char *text)
{
    if (!(node->darg > 0.0 && node->darg < 1.0))
        return bc_fail(BC_E_PARSE, "feature spec: %s: alpha %.15g is outside (0, 1)", text,
                       node->darg);
    return BC_OK;
}

static int32_t cyber_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return 2;
}

static int64_t cyber_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(cyber_state);
}

static void cyber_reset(bc_feature_node *node)
{
    cyber_state *s = node->state;
    const double a = node->darg;
    s->seen = 0;
    s->p1 = s->p2 = s->p3 = 0.0;
    s->s1 = s->s2 = 0.0;
    s->c1 = s->c2 = 0.0;
    s->a = (1.0 - a / 2.0) * (1.0 - a / 2.0);
    s->b = 2.0 * (1.0 - a);
    s->k2 = (1.0 - a) * (1.0 - a);
}

static inline double cyber_step(cyber_state *s, double high, double low)
{
    double p = (high + low) / 2.0;
    int64_t t = s->seen++;
    double smooth = t >= 3 ? (p + 2.0 * s->p1 + 2.0 * s->p2 + s->p3) / 6.0 : 0.0;
    double cycle = 0.0, out = NAN;
    if (t >= CYBER_STARTUP)
        cycle = s->a * (smooth - 2.0 * s->s1 + s->s2) + s->b * s->c1 - s->k2 * s->c2;
    else if (t >= 2)
        cycle = (p - 2.0 * s->p1 + s->p2) / 4.0;
    if (t >= 2)
        out = cycle;
    s->p3 = s->p2;
    s->p2 = s->p1;
    s->p1 = p;
    s->s2 = s->s1;
    s->s1 = smooth;
    s->c2 = s->c1;
    s->c1 = cycle;
    return out;
}

static BC_FEATURE_KERNEL void cyber_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    cyber_state *s = node->state;
    const double *h = in->high, *l = in->low;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, cyber_step(s, h[i], l[i]));
}

const bc_feature_kind bc_feature_kind_cybercycle = {
    .name = "cybercycle", .args = "d", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW, .check = cyber_check,
    .lookback = cyber_lookback, .state_size = cyber_state_size,
    .reset = cyber_reset, .run = cyber_run,
};
