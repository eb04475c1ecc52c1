/*
 * rsi.c - rsi(n): TA-Lib RSI (Wilder smoothing, unstable period 0, default
 * compatibility): gains and losses of the first n changes averaged, then
 * avg = (avg*(n-1) + change)/n, evaluated as fma(avg, (n-1)/n, change/n)
 * (one fused multiply-add on the chain; equal to TA-Lib's to rounding);
 * 100*g/(g+l), 0 when g+l is TA_IS_ZERO. Lookback n. The up/down split is a
 * select, not a branch: no mispredictions on real prices.
 */
#include "feature_internal.h"

typedef struct rsi_state {
    int32_t n, count;   /* count: bars seen */
    double c1, inv_n;   /* (n-1)/n, 1/n */
    double prev, gain, loss;
} rsi_state;

/* TA-Lib's TA_IS_ZERO. */
static inline int rsi_is_zero(double v)
{
    return (-0.00000001 < v) && (v < 0.00000001);
}

static inline double rsi_value(const rsi_state *s)
{
    double sum = s->gain + s->loss;
    return rsi_is_zero(sum) ? 0.0 : 100.0 * (s->gain / sum);
}

/* Steady state (after the first n changes): shared by rsi_step and the
 * batch loop. */
static inline double rsi_next(rsi_state *s, double x)
{
    double d = x - s->prev;
    s->prev = x;
    double up = d > 0.0 ? d : 0.0;   /* TA-Lib: d < 0 -> loss -= d, else gain += d */
    double down = d < 0.0 ? d : 0.0;
    s->loss = fma(s->loss, s->c1, -down * s->inv_n);
    s->gain = fma(s->gain, s->c1, up * s->inv_n);
    return rsi_value(s);
}

static inline double rsi_step(rsi_state *s, double x)
{
    if (s->count > s->n)
        return rsi_next(s, x);
    double d = x - s->prev;
    s->prev = x;
    double up = d > 0.0 ? d : 0.0;
    double down = d < 0.0 ? d : 0.0;
    if (s->count == 0) { /* the first bar only sets prev */
        s->count = 1;
        return NAN;
    }
    s->loss -= down;
    s->gain += up;
    if (++s->count <= s->n)
        return NAN;
    s->loss /= s->n;
    s->gain /= s->n;
    return rsi_value(s);
}

static int32_t rsi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t rsi_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(rsi_state);
}

static void rsi_reset(bc_feature_node *node)
{
    rsi_state *s = node->state;
    s->n = node->iarg[0];
    s->c1 = (double)(s->n - 1) / s->n;
    s->inv_n = 1.0 / s->n;
    s->count = 0;
    s->prev = s->gain = s->loss = 0.0;
}

BC_FEATURE_LOOP void rsi_loop(rsi_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && s->count <= s->n; i++)
        BC_FEATURE_PUT(out, i, rsi_step(s, x[i]));
    for (; i < n; i++)
        BC_FEATURE_PUT(out, i, rsi_next(s, x[i]));
}

static BC_FEATURE_KERNEL void rsi_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    rsi_state *state = node->state;
    rsi_state *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        rsi_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    rsi_state local = *shared;
    rsi_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_rsi = {
    .name = "rsi", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = rsi_lookback,
    .state_size = rsi_state_size, .reset = rsi_reset, .run = rsi_run,
};
