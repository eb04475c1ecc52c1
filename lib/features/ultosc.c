/*
 * ultosc.c - ultosc(a,b,c): Williams' ultimate oscillator, TA-Lib ULTOSC,
 * bit for bit (the same running sums in the same order). The three periods
 * are sorted first, as TA-Lib does, so the order they are written in does
 * not matter: the shortest window weighs 4, the middle one 2, the longest 1.
 * Missing bars never reach it (the engine skips them), so the sums go on
 * from the last bar with prices, as ema and atr do. Must not allocate.
 */
#include "feature_internal.h"

#include <string.h>

/* TA-Lib's terms (ta_ULTOSC.c), from bar 1 on: the buying pressure
 * close - min(low, previous close) and the true range, the largest of
 * high - low, |previous close - high| and |previous close - low|. Each
 * period p keeps the sum of its last p terms: the sum starts empty at the
 * term L - p + 1 (L the longest period), takes each bar's term, and after
 * the bar's value loses the term p - 1 bars back, so the sums round as
 * TA-Lib's do. The value (from bar L on, lookback L) is
 * 100 * ((4 a1/b1 + 2 a2/b2 + a3/b3) / 7), where a window whose range sum
 * is exactly 0 adds nothing (TA-Lib C 0.8.1, the PyPI wheel's, tests an
 * exact 0: TA-Lib 0.4's band of 1e-8 would zero every window of a series
 * priced below ~1e-9). */
typedef struct ultosc_state {
    int32_t period[3];      /* sorted: shortest first */
    int32_t pos;            /* ring slot of the next term */
    int64_t seen;           /* bars since reset */
    double prev_close;
    double pressure_sum[3], range_sum[3];
    double *pressure, *range; /* rings of the last L terms */
    double ring[];
} ultosc_state;

static inline void ultosc_terms(double high, double low, double close, double prev_close,
                                double *pressure, double *range)
{
    double true_low = low < prev_close ? low : prev_close;
    double r = high - low, d = fabs(prev_close - high);
    if (d > r)
        r = d;
    d = fabs(prev_close - low);
    if (d > r)
        r = d;
    *pressure = close - true_low;
    *range = r;
}

static inline double ultosc_value(const ultosc_state *s)
{
    double out = 0.0;
    if (s->range_sum[0] != 0.0)
        out += 4.0 * (s->pressure_sum[0] / s->range_sum[0]);
    if (s->range_sum[1] != 0.0)
        out += 2.0 * (s->pressure_sum[1] / s->range_sum[1]);
    if (s->range_sum[2] != 0.0)
        out += s->pressure_sum[2] / s->range_sum[2];
    return 100.0 * (out / 7.0);
}

static inline double ultosc_step(ultosc_state *s, double high, double low, double close)
{
    const int32_t longest = s->period[2];
    const int64_t t = s->seen++;
    if (t == 0) {
        s->prev_close = close;
        return NAN;
    }
    double pressure, range;
    ultosc_terms(high, low, close, s->prev_close, &pressure, &range);
    s->prev_close = close;
    const int32_t pos = s->pos;
    s->pressure[pos] = pressure;
    s->range[pos] = range;
    s->pos = pos + 1 == longest ? 0 : pos + 1;
    for (int k = 0; k < 3; k++)
        if (t >= (int64_t)(longest - s->period[k] + 1)) {
            s->pressure_sum[k] += pressure;
            s->range_sum[k] += range;
        }
    if (t < longest)
        return NAN;
    double value = ultosc_value(s);
    for (int k = 0; k < 3; k++) { /* the term p - 1 bars back leaves */
        int32_t old = pos - (s->period[k] - 1);
        if (old < 0)
            old += longest;
        s->pressure_sum[k] -= s->pressure[old];
        s->range_sum[k] -= s->range[old];
    }
    return value;
}

static int32_t ultosc_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    int32_t l = node->iarg[0];
    if (node->iarg[1] > l)
        l = node->iarg[1];
    if (node->iarg[2] > l)
        l = node->iarg[2];
    return l;
}

static int64_t ultosc_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(ultosc_state) +
           (int64_t)sizeof(double) * 2 * ultosc_lookback(node, NULL);
}

static void ultosc_reset(bc_feature_node *node)
{
    ultosc_state *s = node->state;
    int32_t p[3] = {node->iarg[0], node->iarg[1], node->iarg[2]};
    for (int i = 1; i < 3; i++) /* insertion sort, ascending */
        for (int j = i; j > 0 && p[j - 1] > p[j]; j--) {
            int32_t x = p[j];
            p[j] = p[j - 1];
            p[j - 1] = x;
        }
    memcpy(s->period, p, sizeof p);
    s->pos = 0;
    s->seen = 0;
    s->prev_close = 0.0;
    for (int k = 0; k < 3; k++)
        s->pressure_sum[k] = s->range_sum[k] = 0.0;
    s->pressure = s->ring; /* a slot is written before it is read */
    s->range = s->ring + p[2];
}

/* Once every sum is running (bar L on), ultosc_step without its warm-up
 * tests, the sums in locals: the same operations in the same order. */
static void ultosc_steady(ultosc_state *s, const double *h, const double *l, const double *c,
                          int64_t n, bc_feature_column out)
{
    const int32_t longest = s->period[2];
    const int32_t back0 = s->period[0] - 1, back1 = s->period[1] - 1, back2 = longest - 1;
    double a0 = s->pressure_sum[0], a1 = s->pressure_sum[1], a2 = s->pressure_sum[2];
    double b0 = s->range_sum[0], b1 = s->range_sum[1], b2 = s->range_sum[2];
    double prev_close = s->prev_close;
    double *pressure = s->pressure, *range = s->range;
    int32_t pos = s->pos;
    for (int64_t i = 0; i < n; i++) {
        double p, r;
        ultosc_terms(h[i], l[i], c[i], prev_close, &p, &r);
        prev_close = c[i];
        pressure[pos] = p;
        range[pos] = r;
        a0 += p;
        a1 += p;
        a2 += p;
        b0 += r;
        b1 += r;
        b2 += r;
        double value = 0.0;
        if (b0 != 0.0)
            value += 4.0 * (a0 / b0);
        if (b1 != 0.0)
            value += 2.0 * (a1 / b1);
        if (b2 != 0.0)
            value += a2 / b2;
        BC_FEATURE_PUT(out, i, 100.0 * (value / 7.0));
        int32_t o0 = pos - back0, o1 = pos - back1, o2 = pos - back2;
        o0 += o0 < 0 ? longest : 0;
        o1 += o1 < 0 ? longest : 0;
        o2 += o2 < 0 ? longest : 0;
        a0 -= pressure[o0];
        b0 -= range[o0];
        a1 -= pressure[o1];
        b1 -= range[o1];
        a2 -= pressure[o2];
        b2 -= range[o2];
        pos = pos + 1 == longest ? 0 : pos + 1;
    }
    s->pressure_sum[0] = a0;
    s->pressure_sum[1] = a1;
    s->pressure_sum[2] = a2;
    s->range_sum[0] = b0;
    s->range_sum[1] = b1;
    s->range_sum[2] = b2;
    s->prev_close = prev_close;
    s->pos = pos;
    s->seen += n;
}

static void ultosc_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                       const bc_feature_column *cols)
{
    ultosc_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && s->seen <= (int64_t)s->period[2]; i++)
        BC_FEATURE_PUT(out, i, ultosc_step(s, h[i], l[i], c[i]));
    if (i < n) {
        bc_feature_column rest = {out.p + i * out.stride, out.stride};
        ultosc_steady(s, h + i, l + i, c + i, n - i, rest);
    }
}

const bc_feature_kind bc_feature_kind_ultosc = {
    .name = "ultosc", .args = "iii", .arg_min = {1, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = ultosc_lookback, .state_size = ultosc_state_size, .reset = ultosc_reset,
    .run = ultosc_run,
};
