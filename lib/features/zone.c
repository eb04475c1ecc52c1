/*
 * zone.c - Khalil and Steckler's zone oscillators (twenty-third session;
 * TASC 2011, customary period 14), one kernel on two sources:
 *   pzo(n)  the price zone oscillator:
 *             pzo = 100 x EMA_n(sign(close - close@1) x close) / EMA_n(close)
 *   vzo(n)  the volume zone oscillator:
 *             vzo = 100 x EMA_n(sign(close - close@1) x volume) / EMA_n(volume)
 * Both EMAs are ema.h's (TA-Lib's EMA: seeded with the mean of the first n
 * values, then prev + 2/(n+1) (x - prev)) and both start on bar 1, the first
 * bar with a close change (sign 0 on an unchanged close): the first value
 * is on bar n, lookback n. Between -100 and 100 for a positive source; 0
 * where EMA_n(source) is 0 (bars without volume: vzo is 0 throughout). A
 * missing bar is skipped by the engine (no state moves), so the change is
 * against the previous bar seen. Must not allocate after create.
 */
#include "feature_internal.h"
#include "ema.h"

typedef struct zone_state {
    int32_t seen;
    double prev_close;
    bc_ema signed_ema, plain_ema;
} zone_state;

static int32_t zone_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t zone_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(zone_state);
}

static void zone_reset(bc_feature_node *node)
{
    zone_state *s = node->state;
    s->seen = 0;
    s->prev_close = 0.0;
    bc_ema_init(&s->signed_ema, node->iarg[0]);
    bc_ema_init(&s->plain_ema, node->iarg[0]);
}

/* One bar: close and the source x (the close for pzo, the volume for vzo). */
static inline double zone_step(zone_state *s, double close, double x)
{
    if (!s->seen) { /* the first bar has no change */
        s->seen = 1;
        s->prev_close = close;
        return NAN;
    }
    double sign = close > s->prev_close ? 1.0 : close < s->prev_close ? -1.0 : 0.0;
    s->prev_close = close;
    double num = bc_ema_step(&s->signed_ema, sign * x);
    double den = bc_ema_step(&s->plain_ema, x);
    if (!bc_ema_seeded(&s->plain_ema))
        return NAN;
    return den != 0.0 ? 100.0 * num / den : 0.0;
}

static BC_FEATURE_KERNEL void pzo_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    zone_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, zone_step(s, c[i], c[i]));
}

static BC_FEATURE_KERNEL void vzo_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    zone_state *s = node->state;
    const double *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, zone_step(s, c[i], v[i]));
}

const bc_feature_kind bc_feature_kind_pzo = {
    .name = "pzo", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = zone_lookback, .state_size = zone_state_size,
    .reset = zone_reset, .run = pzo_run,
};

const bc_feature_kind bc_feature_kind_vzo = {
    .name = "vzo", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_VOLUME,
    .lookback = zone_lookback, .state_size = zone_state_size,
    .reset = zone_reset, .run = vzo_run,
};
