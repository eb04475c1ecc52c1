/*
 * adx.c - adx(n): TA-Lib ADX (Wilder). Bars 1..n-1 sum +DM, -DM and true
 * range; bars n..2n-1 smooth them (x -= x/n; x += new) and sum DX; the
 * first ADX is that sum / n on bar 2n-1 (lookback 2n-1), then
 * adx = (adx*(n-1) + dx)/n. DI/DX are skipped where TA-Lib's TA_IS_ZERO says.
 * The +DM/-DM cases are selects, not branches. Divisions by n are
 * multiplications by (n-1)/n and 1/n, and both DIs share one 1/TR: equal to
 * TA-Lib to rounding, with short dependency chains.
 */
#include "feature_internal.h"
#include "true_range.h"

typedef struct adx_state {
    int32_t n, count;   /* count: bars seen */
    double c1, inv_n;   /* (n-1)/n, 1/n */
    double prev_high, prev_low, prev_close;
    double plus_dm, minus_dm, tr, sum_dx, adx;
} adx_state;

static inline int adx_is_zero(double v)
{
    return (-0.00000001 < v) && (v < 0.00000001);
}

static inline double adx_step(adx_state *s, double high, double low, double close)
{
    if (s->count == 0) {
        s->count = 1;
        s->prev_high = high;
        s->prev_low = low;
        s->prev_close = close;
        return NAN;
    }
    double diff_p = high - s->prev_high;
    double diff_m = s->prev_low - low;
    s->prev_high = high;
    s->prev_low = low;
    double tr = bc_true_range(high, low, s->prev_close);
    s->prev_close = close;
    /* TA-Lib: if (diffM > 0 && diffP < diffM) -DM += diffM;
     *         else if (diffP > 0 && diffP > diffM) +DM += diffP. */
    double minus = (diff_m > 0.0 && diff_p < diff_m) ? diff_m : 0.0;
    double plus = (diff_p > 0.0 && diff_p > diff_m) ? diff_p : 0.0;
    const int32_t n = s->n;
    if (s->count < n) { /* bars 1..n-1: plain sums */
        s->count++;
        s->minus_dm += minus;
        s->plus_dm += plus;
        s->tr += tr;
        return NAN;
    }
    s->minus_dm = fma(s->minus_dm, s->c1, minus);
    s->plus_dm = fma(s->plus_dm, s->c1, plus);
    s->tr = fma(s->tr, s->c1, tr);
    double dx = NAN;
    if (!adx_is_zero(s->tr)) {
        double scale = 100.0 / s->tr;
        double minus_di = s->minus_dm * scale;
        double plus_di = s->plus_dm * scale;
        double sum = minus_di + plus_di;
        if (!adx_is_zero(sum))
            dx = 100.0 * (fabs(minus_di - plus_di) / sum);
    }
    if (s->count < 2 * n - 1) { /* bars n..2n-2: sum DX */
        s->count++;
        if (!isnan(dx))
            s->sum_dx += dx;
        return NAN;
    }
    if (s->count == 2 * n - 1) { /* bar 2n-1: the first ADX */
        s->count++;
        if (!isnan(dx))
            s->sum_dx += dx;
        s->adx = s->sum_dx * s->inv_n;
        return s->adx;
    }
    if (!isnan(dx))
        s->adx = fma(s->adx, s->c1, dx * s->inv_n);
    return s->adx;
}

static int32_t adx_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 * node->iarg[0] - 1;
}

static int64_t adx_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(adx_state);
}

static void adx_reset(bc_feature_node *node)
{
    adx_state *s = node->state;
    s->n = node->iarg[0];
    s->c1 = (double)(s->n - 1) / s->n;
    s->inv_n = 1.0 / s->n;
    s->count = 0;
    s->prev_high = s->prev_low = s->prev_close = 0.0;
    s->plus_dm = s->minus_dm = s->tr = s->sum_dx = s->adx = 0.0;
}

BC_FEATURE_LOOP void adx_loop(adx_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, adx_step(s, h[i], l[i], c[i]));
}

static BC_FEATURE_KERNEL void adx_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    adx_state *state = node->state;
    adx_state *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        adx_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    adx_state local = *shared;
    adx_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_adx = {
    .name = "adx", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = adx_lookback, .state_size = adx_state_size, .reset = adx_reset,
    .run = adx_run,
};
