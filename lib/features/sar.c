/*
 * sar.c - sar(accel,max): TA-Lib SAR, Wilder's parabolic stop and reverse,
 * on the high and low, bit for bit (the same operations in the same order;
 * the step's multiply-add fused, as the PyPI wheel's TA-Lib has it). Path
 * dependent: the first bar only gives its high and low; the second picks
 * the direction from the two bars' directional movement and writes the
 * first value (lookback 1). Missing bars never reach it (the engine skips
 * them), so the series goes on from the last bar with prices, as ema and
 * atr do. Must not allocate.
 */
#include "feature_internal.h"
#include "core/internal.h"

#include <string.h>

/* TA-Lib's start (ta_SAR.c): bar 0 is consumed; on bar 1 the trade is short
 * when MINUS_DM(1) > 0 (the low fell by more than the high rose), long
 * otherwise (a tie is long); the extreme point is bar 1's high (long) or
 * low (short) and the first SAR bar 0's low (long) or high (short). Bar 1
 * is then stepped with itself as the previous bar.
 *
 * Each bar: the SAR made on the bar before is written unless the bar
 * reaches it (long: low <= sar; short: high >= sar); then the trade
 * reverses and the bar's value is the old extreme point, kept outside the
 * range of this bar and the one before. Next bar's SAR is sar + af * (ep -
 * sar), never inside the range of this bar or the one before (Wilder's rule
 * that the SAR may not enter the last two bars). af starts at accel and
 * grows by accel (added, as TA-Lib does, not multiplied) on each new
 * extreme point, up to max.
 *
 * The step is fma(af, ep - sar, sar), one rounding: the PyPI ta-lib wheel's
 * C library (0.8.1) computes its sar + af * (ep - sar) so (compiled with
 * contraction); written with two roundings it differed from that TA-Lib in
 * the last bit on 35 of AAPL's 1,259 values and 135 of the S&P 500's 5,103.
 * A TA-Lib built without contraction rounds twice and differs from this
 * kernel (and the wheel) by about 1e-16 relative on such values. */
typedef struct sar_state {
    int32_t count;          /* bars seen, up to 2 */
    int32_t is_long;
    double accel, max;
    double af, ep, sar;     /* sar: the value for the next bar */
    double prev_high, prev_low;
} sar_state;

/* One bar after the start: writes this bar's value, makes the next one. */
static inline double sar_next(sar_state *s, double high, double low)
{
    double out, sar = s->sar;
    double prev_high = s->prev_high, prev_low = s->prev_low;
    s->prev_high = high;
    s->prev_low = low;
    if (s->is_long) {
        if (low <= sar) { /* reverse to short at the extreme point */
            s->is_long = 0;
            sar = s->ep;
            if (sar < prev_high)
                sar = prev_high;
            if (sar < high)
                sar = high;
            out = sar;
            s->af = s->accel;
            s->ep = low;
            sar = fma(s->af, s->ep - sar, sar);
            if (sar < prev_high)
                sar = prev_high;
            if (sar < high)
                sar = high;
        } else {
            out = sar;
            if (high > s->ep) {
                s->ep = high;
                s->af += s->accel;
                if (s->af > s->max)
                    s->af = s->max;
            }
            sar = fma(s->af, s->ep - sar, sar);
            if (sar > prev_low)
                sar = prev_low;
            if (sar > low)
                sar = low;
        }
    } else if (high >= sar) { /* reverse to long */
        s->is_long = 1;
        sar = s->ep;
        if (sar > prev_low)
            sar = prev_low;
        if (sar > low)
            sar = low;
        out = sar;
        s->af = s->accel;
        s->ep = high;
        sar = fma(s->af, s->ep - sar, sar);
        if (sar > prev_low)
            sar = prev_low;
        if (sar > low)
            sar = low;
    } else {
        out = sar;
        if (low < s->ep) {
            s->ep = low;
            s->af += s->accel;
            if (s->af > s->max)
                s->af = s->max;
        }
        sar = fma(s->af, s->ep - sar, sar);
        if (sar < prev_high)
            sar = prev_high;
        if (sar < high)
            sar = high;
    }
    s->sar = sar;
    return out;
}

static inline double sar_step(sar_state *s, double high, double low)
{
    if (s->count >= 2)
        return sar_next(s, high, low);
    if (s->count++ == 0) { /* bar 0: its high and low only */
        s->prev_high = high;
        s->prev_low = low;
        return NAN;
    }
    double diff_plus = high - s->prev_high, diff_minus = s->prev_low - low;
    s->is_long = !(diff_minus > 0.0 && diff_plus < diff_minus);
    s->af = s->accel;
    s->ep = s->is_long ? high : low;
    s->sar = s->is_long ? s->prev_low : s->prev_high;
    s->prev_high = high; /* bar 1 is its own previous bar */
    s->prev_low = low;
    return sar_next(s, high, low);
}

/* accel > 0 and accel <= max <= 1: TA-Lib lowers an acceleration above the
 * maximum to it and takes any positive numbers; here such a spec is a
 * mistake to report, and a factor above 1 would step the SAR past its own
 * extreme point. */
static int32_t sar_check(const bc_feature_node *node, const char *text)
{
    double accel = node->darg, max = node->darg2;
    if (!(accel > 0.0))
        return bc_fail(BC_E_PARSE, "feature spec: %s: the acceleration %.15g must be above 0",
                       text, accel);
    if (max < accel)
        return bc_fail(BC_E_PARSE,
                       "feature spec: %s: the maximum %.15g is below the acceleration %.15g",
                       text, max, accel);
    if (max > 1.0)
        return bc_fail(BC_E_PARSE, "feature spec: %s: the maximum %.15g is above 1", text, max);
    return BC_OK;
}

static int32_t sar_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)node;
    (void)src;
    return 1;
}

static int64_t sar_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(sar_state);
}

static void sar_reset(bc_feature_node *node)
{
    sar_state *s = node->state;
    memset(s, 0, sizeof *s);
    s->accel = node->darg;
    s->max = node->darg2;
}

BC_FEATURE_LOOP void sar_loop(sar_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && s->count < 2; i++)
        BC_FEATURE_PUT(out, i, sar_step(s, h[i], l[i]));
    for (; i < n; i++)
        BC_FEATURE_PUT(out, i, sar_next(s, h[i], l[i]));
}

static BC_FEATURE_KERNEL void sar_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    sar_state *shared = node->state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        sar_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    sar_state local = *shared;
    sar_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_sar = {
    .name = "sar", .args = "dd", .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .check = sar_check, .lookback = sar_lookback, .state_size = sar_state_size,
    .reset = sar_reset, .run = sar_run,
};
