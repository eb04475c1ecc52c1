/*
 * atr.c - atr(n): TA-Lib ATR: true range from bar 1, seeded with the SMA of
 * the first n true ranges (summed left to right), then Wilder smoothing
 * atr = (atr*(n-1) + tr)/n, evaluated as fma(atr, (n-1)/n, tr/n) (equal to
 * rounding; one fused multiply-add on the chain). Lookback n (unstable period 0).
 */
#include "feature_internal.h"
#include "true_range.h"

typedef struct atr_state {
    int32_t n, count;  /* count: bars seen */
    double c1, inv_n;  /* (n-1)/n, 1/n */
    double prev_close, value;
} atr_state;

/* Steady state (after the seed): shared by atr_step and the batch loop. */
static inline double atr_next(atr_state *s, double high, double low, double close)
{
    double tr = bc_true_range(high, low, s->prev_close);
    s->prev_close = close;
    s->value = fma(s->value, s->c1, tr * s->inv_n);
    return s->value;
}

static inline double atr_step(atr_state *s, double high, double low, double close)
{
    if (s->count > s->n)
        return atr_next(s, high, low, close);
    double tr = bc_true_range(high, low, s->prev_close);
    s->prev_close = close;
    if (s->count++ == 0)
        return NAN;
    s->value += tr; /* the seed sum, 0 + tr1 + ... + trn */
    if (s->count <= s->n)
        return NAN;
    s->value /= s->n;
    return s->value;
}

static int32_t atr_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t atr_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(atr_state);
}

static void atr_reset(bc_feature_node *node)
{
    atr_state *s = node->state;
    s->n = node->iarg[0];
    s->c1 = (double)(s->n - 1) / s->n;
    s->inv_n = 1.0 / s->n;
    s->count = 0;
    s->prev_close = s->value = 0.0;
}

BC_FEATURE_LOOP void atr_loop(atr_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && s->count <= s->n; i++)
        BC_FEATURE_PUT(out, i, atr_step(s, h[i], l[i], c[i]));
    for (; i < n; i++)
        BC_FEATURE_PUT(out, i, atr_next(s, h[i], l[i], c[i]));
}

static BC_FEATURE_KERNEL void atr_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    atr_state *state = node->state;
    atr_state *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        atr_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    atr_state local = *shared;
    atr_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_atr = {
    .name = "atr", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = atr_lookback, .state_size = atr_state_size, .reset = atr_reset,
    .run = atr_run,
};
