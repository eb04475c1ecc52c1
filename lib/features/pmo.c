/*
 * pmo.c - pmo(a,b) -> .line .signal: DecisionPoint's price momentum
 * oscillator (Carl Swenlin). With roc = 100 x (close / close@1 - 1) (the
 * one-bar percent change, from bar 1), line = ema(b-1) of 10 x ema(a-1) of
 * roc and signal = ema(10) of line: the "custom smoothing" of a and b bars
 * is an EMA of alpha 2/a and 2/b, ema.h's period a-1 and b-1 (the
 * customary pmo(35,20) is TA-Lib's EMA34 then EMA19), the signal
 * DecisionPoint's 10-bar EMA (alpha 2/11). Every ema is ema.h's (TA-Lib's
 * seed: the mean of its first n inputs, so the chain seeds as TA-Lib's EMA
 * applied to each series from its first finite value; the factor 10 is
 * applied after the first EMA, in that order). As macd and tsi, both
 * outputs are NaN until the signal exists: lookback a+b+6 (the first change
 * is on bar 1, then a-2, b-2 and 9 more bars). A non-finite close poisons
 * the chain from that bar, as tsi's. Must not allocate.
 */
#include "feature_internal.h"
#include "ema.h"

#define PMO_SIGNAL 10

typedef struct pmo_state {
    int64_t seen;
    double prev_close;
    bc_ema first, second, signal;
} pmo_state;

static int32_t pmo_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] + node->iarg[1] + PMO_SIGNAL - 4;
}

static int64_t pmo_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(pmo_state);
}

static void pmo_reset(bc_feature_node *node)
{
    pmo_state *s = node->state;
    s->seen = 0;
    s->prev_close = 0.0;
    bc_ema_init(&s->first, node->iarg[0] - 1);
    bc_ema_init(&s->second, node->iarg[1] - 1);
    bc_ema_init(&s->signal, PMO_SIGNAL);
}

static inline void pmo_step(pmo_state *s, double close, double *line, double *signal)
{
    *line = *signal = NAN;
    if (s->seen++ == 0) { /* the first bar has no change */
        s->prev_close = close;
        return;
    }
    double roc = 100.0 * (close / s->prev_close - 1.0);
    s->prev_close = close;
    double e = bc_ema_step(&s->first, roc);
    if (!bc_ema_seeded(&s->first))
        return;
    double l = bc_ema_step(&s->second, e * 10.0);
    if (!bc_ema_seeded(&s->second))
        return;
    double g = bc_ema_step(&s->signal, l);
    if (!bc_ema_seeded(&s->signal))
        return;
    *line = l;
    *signal = g;
}

static BC_FEATURE_KERNEL void pmo_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    pmo_state *s = node->state;
    const double *c = in->close;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double l, g;
        pmo_step(s, c[i], &l, &g);
        BC_FEATURE_PUT(ol, i, l);
        BC_FEATURE_PUT(os, i, g);
    }
}

const bc_feature_kind bc_feature_kind_pmo = {
    .name = "pmo", .args = "ii", .arg_min = {2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "signal"}, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = pmo_lookback, .state_size = pmo_state_size,
    .reset = pmo_reset, .run = pmo_run,
};
