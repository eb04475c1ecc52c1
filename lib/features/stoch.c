/*
 * stoch.c - stoch(fastk,slowk,slowd) -> .k .d: TA-Lib STOCH with SMA slow
 * %K and %D. Fast %K = (close - lowest low)/((highest high - lowest low)/100),
 * 0 when the range is 0; window extremes by blocks (see stoch_fast_k).
 * Both outputs start at lookback (fastk-1)+(slowk-1)+(slowd-1).
 * willr(n): TA-Lib WILLR, Williams %R = (highest high - close) / ((highest
 * high - lowest low) / -100) over the last n bars (the same window
 * extremes), 0 where the range is 0; lookback n-1.
 * midprice(n): TA-Lib MIDPRICE, (highest high + lowest low) / 2 over the last
 * n bars (the same window extremes); lookback n-1.
 * stochrsi(n,k,d) -> .k .d: TA-Lib STOCHRSI with an SMA %D, TA-Lib's STOCHF
 * on rsi(n) (rsi.h): the window extremes of the last k rsi values; lookback
 * n + (k-1) + (d-1).
 * aroon(n) -> .up .down and aroonosc(n): TA-Lib AROON and AROONOSC over the
 * last n+1 bars (the same window extremes, with where they are; lookback n).
 * With h and l the bars since the window's highest high and lowest low (the
 * newest bar of a tie, as TA-Lib's tracking finds them), up = 100/n * (n -
 * h), down = 100/n * (n - l), and aroonosc = 100/n * (l - h) as TA-Lib
 * evaluates it, factor * (highest index - lowest index).
 * chop(n): the choppiness index, 100 x ln(S / (highest high - lowest low))
 * / ln(n) over the last n bars (the same window extremes), S the sum of
 * their n true ranges (true_range.h, from bar 1) kept as TA-Lib SUM keeps
 * it (add the new term, read, subtract the term n-1 bars back): float64's
 * 100 x log10(SUM(TRANGE, n) / (MAX(high, n) - MIN(low, n))) / log10(n)
 * to rounding (ln for log10: the exported template's log); NaN where the
 * window's range is 0; lookback n.
 * fisher(n): Ehlers' Fisher transform of the bar midpoint m = (high + low)
 * / 2 over its last n values (the same window extremes, m as both high and
 * low). From bar n-1, with v and f 0 before it:
 *   x = (m - lowest m) / (highest m - lowest m) - 0.5  (0 on a flat window)
 *   v = clip(0.66 x + 0.67 v_prev, -0.999, +0.999)
 *   f = 0.5 ln((1 + v) / (1 - v)) + 0.5 f_prev
 * the output is f; each product its own statement (no contraction to fma:
 * the template's and float64's bits); lookback n-1.
 * smi(q,r,s) -> .line .signal: Blau's stochastic momentum index on the same
 * window extremes and ema.h (formula, first values and NaN rule at smi_step);
 * lookback q + 2r + s - 4.
 */
#include "feature_internal.h"
#include "rsi.h"
#include "sma.h"
#include "true_range.h"
#include "ema.h"

#include <stddef.h>

typedef struct stoch_core {
    int32_t fk, pos;          /* pos: ring slot (place in its block) of the next bar */
    int64_t today;            /* bars seen */
    double pre_low, pre_high; /* extremes of the current block so far */
    double *lows, *highs;     /* the current block, slot = place in block */
    double *suf_low, *suf_high; /* extremes of the previous block from slot j on */
    bc_sma slow_k, slow_d;
} stoch_core;

/* aroon's addition to the window (where the extremes are, the newest of
 * ties): slots of the prefix extremes and of the previous block's suffix
 * extremes. Kept out of stoch_core, whose users copy it per run. */
typedef struct window_at {
    int32_t pre_low_at, pre_high_at;
    int32_t *suf_low_at, *suf_high_at;
} window_at;

typedef struct stoch_state {
    stoch_core core;
    double buf[];             /* lows, highs, suf_low, suf_high (fk each), slow_k, slow_d rings */
} stoch_state;

/* Window extremes by van Herk/Gil-Werman: bars are grouped in blocks of fk;
 * the window ending at slot p is the previous block from slot p+1 (its
 * suffix extremes, computed once when that block completed) plus the current
 * block up to p (running prefix extremes). No data-dependent branches; the
 * values are exactly TA-Lib's window minimum and maximum. With ages (aroon;
 * NULL elsewhere, and the position tracking then compiles away) it also
 * gives how many bars ago the newest lowest and highest value came: prefix
 * positions move on a tie (newer), suffix positions only on a strict
 * improvement (older), and the prefix wins a tie against the suffix. */
static inline void window_step(stoch_core *s, window_at *at, double high, double low,
                               double *lowest_out, double *highest_out, int32_t *low_age,
                               int32_t *high_age)
{
    int32_t p = s->pos;
    s->lows[p] = low;
    s->highs[p] = high;
    if (at) {
        at->pre_low_at ^= (at->pre_low_at ^ p) & -(int32_t)(p == 0 || low <= s->pre_low);
        at->pre_high_at ^= (at->pre_high_at ^ p) & -(int32_t)(p == 0 || high >= s->pre_high);
    }
    s->pre_low = (p == 0 || low < s->pre_low) ? low : s->pre_low;
    s->pre_high = (p == 0 || high > s->pre_high) ? high : s->pre_high;
    double lowest, highest;
    if (p == s->fk - 1) { /* the block is complete and is the window */
        lowest = s->pre_low;
        highest = s->pre_high;
        if (at) {
            *low_age = p - at->pre_low_at;
            *high_age = p - at->pre_high_at;
        }
        double ml = low, mh = high;
        int32_t al = p, ah = p;
        s->suf_low[p] = ml;
        s->suf_high[p] = mh;
        if (at) {
            at->suf_low_at[p] = al;
            at->suf_high_at[p] = ah;
        }
        for (int32_t j = p - 1; j >= 0; j--) {
            if (at) { /* selects by mask: branches here mispredict */
                al ^= (al ^ j) & -(int32_t)(s->lows[j] < ml);
                ah ^= (ah ^ j) & -(int32_t)(s->highs[j] > mh);
                at->suf_low_at[j] = al;
                at->suf_high_at[j] = ah;
            }
            ml = s->lows[j] < ml ? s->lows[j] : ml;
            mh = s->highs[j] > mh ? s->highs[j] : mh;
            s->suf_low[j] = ml;
            s->suf_high[j] = mh;
        }
        s->pos = 0;
    } else {
        double sl = s->suf_low[p + 1], sh = s->suf_high[p + 1];
        lowest = sl < s->pre_low ? sl : s->pre_low;
        highest = sh > s->pre_high ? sh : s->pre_high;
        if (at) {
            *low_age = s->pre_low <= sl ? p - at->pre_low_at : p + s->fk - at->suf_low_at[p + 1];
            *high_age = s->pre_high >= sh ? p - at->pre_high_at : p + s->fk - at->suf_high_at[p + 1];
        }
        s->pos = p + 1;
    }
    s->today++;
    *lowest_out = lowest;
    *highest_out = highest;
}

static inline void stoch_window(stoch_core *s, double high, double low, double *lowest_out,
                                double *highest_out)
{
    window_step(s, NULL, high, low, lowest_out, highest_out, NULL, NULL);
}

static inline double stoch_fast_k(stoch_core *s, double high, double low, double close)
{
    double lowest, highest;
    stoch_window(s, high, low, &lowest, &highest);
    double range = highest - lowest;
    return range != 0.0 ? ((close - lowest) * 100.0) / range : 0.0;
}

/* A bar of the first window, before it is full (at: with positions). */
static inline void window_fill(stoch_core *s, window_at *at, double high, double low)
{
    int32_t p = s->pos;
    s->lows[p] = low;
    s->highs[p] = high;
    if (at) {
        at->pre_low_at = (p == 0 || low <= s->pre_low) ? p : at->pre_low_at;
        at->pre_high_at = (p == 0 || high >= s->pre_high) ? p : at->pre_high_at;
    }
    s->pre_low = (p == 0 || low < s->pre_low) ? low : s->pre_low;
    s->pre_high = (p == 0 || high > s->pre_high) ? high : s->pre_high;
    s->pos = p + 1;
    s->today++;
}

static inline void stoch_fill(stoch_core *s, double high, double low)
{
    window_fill(s, NULL, high, low);
}

static inline void stoch_step(stoch_core *s, double high, double low, double close,
                              double *k, double *d)
{
    *k = *d = NAN;
    if (s->today < s->fk - 1) { /* the first window is not full yet */
        stoch_fill(s, high, low);
        return;
    }
    double slow_k = bc_sma_step(&s->slow_k, stoch_fast_k(s, high, low, close));
    if (isnan(slow_k))
        return;
    double slow_d = bc_sma_step(&s->slow_d, slow_k);
    if (isnan(slow_d))
        return;
    *k = slow_k;
    *d = slow_d;
}

static int32_t stoch_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1 + node->iarg[1] - 1 + node->iarg[2] - 1;
}

static int64_t stoch_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(stoch_state) +
           (int64_t)sizeof(double) *
               (4 * (int64_t)node->iarg[0] + node->iarg[1] + node->iarg[2]);
}

/* The window extremes of n bars over buf[4 n], empty. */
static void window_core_reset(stoch_core *s, double *buf, int64_t n)
{
    s->fk = (int32_t)n;
    s->pos = 0;
    s->today = 0;
    s->pre_low = s->pre_high = 0.0;
    s->lows = buf;
    s->highs = buf + n;
    s->suf_low = buf + 2 * n;
    s->suf_high = buf + 3 * n;
}

static void stoch_reset(bc_feature_node *node)
{
    stoch_state *st = node->state;
    stoch_core *s = &st->core;
    int64_t fk = node->iarg[0];
    window_core_reset(s, st->buf, fk);
    bc_sma_init(&s->slow_k, node->iarg[1], st->buf + 4 * fk);
    bc_sma_init(&s->slow_d, node->iarg[2], st->buf + 4 * fk + node->iarg[1]);
}

BC_FEATURE_LOOP void stoch_loop(stoch_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column ok = cols[node->slot], od = cols[node->slot + 1];
    int64_t i = 0;
    for (; i < n && !bc_sma_full(&s->slow_d); i++) {
        double k, d;
        stoch_step(s, h[i], l[i], c[i], &k, &d);
        BC_FEATURE_PUT(ok, i, k);
        BC_FEATURE_PUT(od, i, d);
    }
    for (; i < n; i++) { /* steady state: both SMAs full */
        double k = bc_sma_next(&s->slow_k, stoch_fast_k(s, h[i], l[i], c[i]));
        BC_FEATURE_PUT(ok, i, k);
        BC_FEATURE_PUT(od, i, bc_sma_next(&s->slow_d, k));
    }
}

static BC_FEATURE_KERNEL void stoch_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    stoch_state *state = node->state;
    stoch_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        stoch_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    stoch_core local = *shared;
    stoch_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_stoch = {
    .name = "stoch", .args = "iii", .arg_min = {1, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"k", "d"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = stoch_lookback, .state_size = stoch_state_size, .reset = stoch_reset,
    .run = stoch_run,
};

/* ---- willr(n): the window extremes of stoch, TA-Lib's WILLR on them ---- */

static inline double willr_step(stoch_core *s, double high, double low, double close)
{
    if (s->today < s->fk - 1) {
        stoch_fill(s, high, low);
        return NAN;
    }
    double lowest, highest;
    stoch_window(s, high, low, &lowest, &highest);
    double diff = (highest - lowest) / -100.0;
    return diff != 0.0 ? (highest - close) / diff : 0.0;
}

static int32_t willr_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t willr_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(stoch_state) + (int64_t)sizeof(double) * 4 * node->iarg[0];
}

static void willr_reset(bc_feature_node *node)
{
    stoch_state *st = node->state;
    window_core_reset(&st->core, st->buf, node->iarg[0]);
}

BC_FEATURE_LOOP void willr_loop(stoch_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, willr_step(s, h[i], l[i], c[i]));
}

static BC_FEATURE_KERNEL void willr_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    stoch_state *state = node->state;
    stoch_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        willr_loop(shared, node, in, n, cols);
        return;
    }
    stoch_core local = *shared;
    willr_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_willr = {
    .name = "willr", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = willr_lookback, .state_size = willr_state_size, .reset = willr_reset,
    .run = willr_run,
};

/* ---- midprice(n): the window extremes of stoch, TA-Lib's MIDPRICE ---- */

static inline double midprice_step(stoch_core *s, double high, double low)
{
    if (s->today < s->fk - 1) {
        stoch_fill(s, high, low);
        return NAN;
    }
    double lowest, highest;
    stoch_window(s, high, low, &lowest, &highest);
    return (highest + lowest) / 2.0;
}

BC_FEATURE_LOOP void midprice_loop(stoch_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, midprice_step(s, h[i], l[i]));
}

static BC_FEATURE_KERNEL void midprice_run(bc_feature_node *node, const bc_feature_inputs *in,
                                           int64_t n, const bc_feature_column *cols)
{
    stoch_state *state = node->state;
    stoch_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        midprice_loop(shared, node, in, n, cols);
        return;
    }
    stoch_core local = *shared;
    midprice_loop(&local, node, in, n, cols);
    *shared = local;
}

/* willr's lookback, state and reset: one window of n bars. */
const bc_feature_kind bc_feature_kind_midprice = {
    .name = "midprice", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = willr_lookback, .state_size = willr_state_size, .reset = willr_reset,
    .run = midprice_run,
};

/* ---- stochrsi(n,k,d): TA-Lib STOCHF on rsi(n) ---------------------------
 * The rsi values enter the window as both high and low; the core's slow_d
 * is the %D average (slow_k unused, as in willr). TA-Lib's STOCHF divides by
 * (highest - lowest) / 100 and gives 0 on a flat window; its %K starts with
 * its %D (the first d-1 values of %K are dropped). On a window whose rsi
 * values differ only by rounding (a flat price stretch that does not
 * saturate the rsi) TA-Lib's own %K is rounding noise, and so is this one,
 * differently: rsi.h rounds once per step where TA-Lib rounds twice. */

typedef struct stochrsi_core {
    stoch_core w;
    bc_rsi rsi;
} stochrsi_core;

typedef struct stochrsi_state {
    stochrsi_core core;
    double buf[];             /* lows, highs, suf_low, suf_high (k each), %D ring (d) */
} stochrsi_state;

static inline void stochrsi_step(stochrsi_core *s, double close, double *k, double *d)
{
    *k = *d = NAN;
    double r = bc_rsi_step(&s->rsi, close);
    if (isnan(r))
        return;
    if (s->w.today < s->w.fk - 1) {
        stoch_fill(&s->w, r, r);
        return;
    }
    double lowest, highest;
    stoch_window(&s->w, r, r, &lowest, &highest);
    double diff = (highest - lowest) / 100.0;
    double fast_k = diff != 0.0 ? (r - lowest) / diff : 0.0;
    double fast_d = bc_sma_step(&s->w.slow_d, fast_k);
    if (isnan(fast_d))
        return;
    *k = fast_k;
    *d = fast_d;
}

static int32_t stochrsi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] + node->iarg[1] - 1 + node->iarg[2] - 1;
}

static int64_t stochrsi_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(stochrsi_state) +
           (int64_t)sizeof(double) * (4 * (int64_t)node->iarg[1] + node->iarg[2]);
}

static void stochrsi_reset(bc_feature_node *node)
{
    stochrsi_state *st = node->state;
    stochrsi_core *s = &st->core;
    int64_t k = node->iarg[1];
    window_core_reset(&s->w, st->buf, k);
    bc_sma_init(&s->w.slow_d, node->iarg[2], st->buf + 4 * k);
    bc_rsi_init(&s->rsi, node->iarg[0]);
}

BC_FEATURE_LOOP void stochrsi_loop(stochrsi_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *c = in->close;
    bc_feature_column ok = cols[node->slot], od = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double k, d;
        stochrsi_step(s, c[i], &k, &d);
        BC_FEATURE_PUT(ok, i, k);
        BC_FEATURE_PUT(od, i, d);
    }
}

static BC_FEATURE_KERNEL void stochrsi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                           int64_t n, const bc_feature_column *cols)
{
    stochrsi_state *state = node->state;
    stochrsi_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        stochrsi_loop(shared, node, in, n, cols);
        return;
    }
    stochrsi_core local = *shared;
    stochrsi_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_stochrsi = {
    .name = "stochrsi", .args = "iii", .arg_min = {2, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"k", "d"}, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = stochrsi_lookback, .state_size = stochrsi_state_size, .reset = stochrsi_reset,
    .run = stochrsi_run,
};

/* ---- aroon(n), aroonosc(n): the window extremes of n+1 bars, where they are ---- */

static int32_t aroon_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

typedef struct aroon_core {
    stoch_core w;
    window_at at;
} aroon_core;

typedef struct aroon_state {
    aroon_core core;
    double buf[];       /* lows, highs, suf_low, suf_high (n+1 doubles each), then
                         * suf_low_at, suf_high_at (n+1 int32 each) */
} aroon_state;

static int64_t aroon_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(aroon_state) + (int64_t)sizeof(double) * (5 * (int64_t)node->iarg[0] + 6);
}

static void aroon_reset(bc_feature_node *node)
{
    aroon_state *st = node->state;
    int64_t fk = (int64_t)node->iarg[0] + 1;
    window_core_reset(&st->core.w, st->buf, fk);
    st->core.at.pre_low_at = st->core.at.pre_high_at = 0;
    st->core.at.suf_low_at = (int32_t *)(st->buf + 4 * fk);
    st->core.at.suf_high_at = st->core.at.suf_low_at + fk;
}

/* 1 once the window holds n+1 bars, with the bars since its lowest low and
 * highest high. */
static inline int aroon_step(aroon_core *s, double high, double low, int32_t *low_age,
                             int32_t *high_age)
{
    if (s->w.today < s->w.fk - 1) {
        window_fill(&s->w, &s->at, high, low);
        return 0;
    }
    double lowest, highest;
    window_step(&s->w, &s->at, high, low, &lowest, &highest, low_age, high_age);
    return 1;
}

BC_FEATURE_LOOP void aroon_loop(aroon_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low;
    const int32_t period = node->iarg[0];
    const double factor = 100.0 / (double)period, np = (double)period;
    if (node->kind == &bc_feature_kind_aroonosc) {
        bc_feature_column out = cols[node->slot];
        for (int64_t i = 0; i < n; i++) {
            int32_t la, ha;
            BC_FEATURE_PUT(out, i, aroon_step(s, h[i], l[i], &la, &ha)
                                       ? factor * (double)((int64_t)la - ha) : (double)NAN);
        }
        return;
    }
    bc_feature_column up = cols[node->slot], down = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        int32_t la, ha;
        if (!aroon_step(s, h[i], l[i], &la, &ha)) {
            BC_FEATURE_PUT(up, i, NAN);
            BC_FEATURE_PUT(down, i, NAN);
            continue;
        }
        BC_FEATURE_PUT(up, i, factor * (np - (double)ha));
        BC_FEATURE_PUT(down, i, factor * (np - (double)la));
    }
}

static BC_FEATURE_KERNEL void aroon_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    aroon_state *state = node->state;
    aroon_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        aroon_loop(shared, node, in, n, cols);
        return;
    }
    aroon_core local = *shared;
    aroon_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_aroon = {
    .name = "aroon", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"up", "down"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = aroon_lookback, .state_size = aroon_state_size, .reset = aroon_reset,
    .run = aroon_run,
};

const bc_feature_kind bc_feature_kind_aroonosc = {
    .name = "aroonosc", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = aroon_lookback, .state_size = aroon_state_size, .reset = aroon_reset,
    .run = aroon_run,
};

/* ---- chop(n): true-range sums over the window's range ---- */

typedef struct chop_core {
    stoch_core w;
    int64_t seen;
    int32_t n, tr_pos;        /* tr_pos: ring slot of the next true range */
    double prev_close, tr_sum, log_n;
    double *tr;               /* the last n true ranges */
} chop_core;

typedef struct chop_state {
    chop_core core;
    double buf[];             /* lows, highs, suf_low, suf_high (n each), true ranges (n) */
} chop_state;

static inline double chop_step(chop_core *s, double high, double low, double close)
{
    double lowest = 0.0, highest = 0.0;
    if (s->w.today < s->w.fk - 1)
        stoch_fill(&s->w, high, low);
    else
        stoch_window(&s->w, high, low, &lowest, &highest);
    int64_t t = s->seen++;
    if (t == 0) { /* the first bar has no true range */
        s->prev_close = close;
        return NAN;
    }
    double tr = bc_true_range(high, low, s->prev_close);
    s->prev_close = close;
    int32_t p = s->tr_pos;
    s->tr[p] = tr;
    s->tr_pos = p + 1 == s->n ? 0 : p + 1;
    s->tr_sum += tr;
    if (t < (int64_t)s->n)
        return NAN;
    double range = highest - lowest;
    double value = range > 0.0 ? 100.0 * log(s->tr_sum / range) / s->log_n : (double)NAN;
    s->tr_sum -= s->tr[s->tr_pos]; /* the term n-1 bars back */
    return value;
}

static int32_t chop_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t chop_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(chop_state) + (int64_t)sizeof(double) * 5 * node->iarg[0];
}

static void chop_reset(bc_feature_node *node)
{
    chop_state *st = node->state;
    chop_core *s = &st->core;
    int64_t n = node->iarg[0];
    window_core_reset(&s->w, st->buf, n);
    s->seen = 0;
    s->n = (int32_t)n;
    s->tr_pos = 0;
    s->prev_close = s->tr_sum = 0.0;
    s->log_n = log((double)n);
    s->tr = st->buf + 4 * n;
}

BC_FEATURE_LOOP void chop_loop(chop_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, chop_step(s, h[i], l[i], c[i]));
}

static BC_FEATURE_KERNEL void chop_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    chop_state *state = node->state;
    chop_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        chop_loop(shared, node, in, n, cols);
        return;
    }
    chop_core local = *shared;
    chop_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_chop = {
    .name = "chop", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = chop_lookback, .state_size = chop_state_size, .reset = chop_reset,
    .run = chop_run,
};

/* ---- fisher(n): Ehlers' Fisher transform of the midpoint's place in its window ---- */

typedef struct fisher_core {
    stoch_core w;
    double v, fisher;         /* the smoothed place and the transform, 0 before bar n-1 */
} fisher_core;

static inline double fisher_step(fisher_core *s, double high, double low)
{
    double mid = (high + low) / 2.0;
    if (s->w.today < s->w.fk - 1) {
        stoch_fill(&s->w, mid, mid);
        return NAN;
    }
    double lowest, highest;
    stoch_window(&s->w, mid, mid, &lowest, &highest);
    double span = highest - lowest;
    double x = span > 0.0 ? (mid - lowest) / span - 0.5 : 0.0;
    double now = 0.66 * x;
    double before = 0.67 * s->v;
    double v = now + before;
    v = v > 0.999 ? 0.999 : v;
    v = v < -0.999 ? -0.999 : v;
    s->v = v;
    double transform = 0.5 * log((1.0 + v) / (1.0 - v));
    double carried = 0.5 * s->fisher;
    s->fisher = transform + carried;
    return s->fisher;
}

typedef struct fisher_state {
    fisher_core core;
    double buf[];             /* lows, highs, suf_low, suf_high (n each) */
} fisher_state;

static int64_t fisher_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(fisher_state) + (int64_t)sizeof(double) * 4 * node->iarg[0];
}

static void fisher_reset(bc_feature_node *node)
{
    fisher_state *st = node->state;
    window_core_reset(&st->core.w, st->buf, node->iarg[0]);
    st->core.v = st->core.fisher = 0.0;
}

BC_FEATURE_LOOP void fisher_loop(fisher_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, fisher_step(s, h[i], l[i]));
}

static BC_FEATURE_KERNEL void fisher_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    fisher_state *state = node->state;
    fisher_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        fisher_loop(shared, node, in, n, cols);
        return;
    }
    fisher_core local = *shared;
    fisher_loop(&local, node, in, n, cols);
    *shared = local;
}

/* willr's lookback: one window of n bars. */
const bc_feature_kind bc_feature_kind_fisher = {
    .name = "fisher", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = willr_lookback, .state_size = fisher_state_size, .reset = fisher_reset,
    .run = fisher_run,
};

/* ---- smi(q,r,s): Blau's stochastic momentum index on stoch's window ----
 *
 * smi(q,r,s) -> .line .signal. With hh and ll the highest high and lowest
 * low of the last q bars (the window extremes above, from bar q-1):
 *   d = close - (hh + ll) / 2,  w = hh - ll
 *   line = 100 x ema(r) of ema(r) of d / (0.5 x ema(r) of ema(r) of w)
 *   signal = ema(s) of line
 * every ema ema.h's (TA-Lib's seed: the mean of its first n inputs), each
 * run on its input from that input's first value, so the chain is TA-Lib's
 * EMA applied to each series from its first finite value. Evaluated as
 * (100 x num) / (0.5 x den). First values: the double-smoothed d and w on bar
 * (q-1) + 2(r-1), the signal on (q-1) + 2(r-1) + (s-1); as macd and tsi both
 * outputs are NaN until the signal exists: lookback q + 2r + s - 4.
 * NaN rule: none after the lookback. A smoothed range of 0 (every window of
 * the chain's history flat) gives line 0, not 0/0, so a flat start does not
 * poison the signal (tsi's rule). Must not allocate.
 */

typedef struct smi_core {
    stoch_core w;
    bc_ema d1, d2, w1, w2, signal;
} smi_core;

typedef struct smi_state {
    smi_core core;
    double buf[];             /* lows, highs, suf_low, suf_high (q each) */
} smi_state;

static inline void smi_step(smi_core *s, double high, double low, double close,
                            double *line, double *signal)
{
    *line = *signal = NAN;
    if (s->w.today < s->w.fk - 1) {
        stoch_fill(&s->w, high, low);
        return;
    }
    double lowest, highest;
    stoch_window(&s->w, high, low, &lowest, &highest);
    double d = bc_ema_step(&s->d1, close - (highest + lowest) / 2.0);
    double w = bc_ema_step(&s->w1, highest - lowest);
    if (!bc_ema_seeded(&s->d1))
        return;
    d = bc_ema_step(&s->d2, d);
    w = bc_ema_step(&s->w2, w);
    if (!bc_ema_seeded(&s->d2))
        return;
    double half = 0.5 * w;
    double l = half != 0.0 ? (100.0 * d) / half : 0.0;
    double g = bc_ema_step(&s->signal, l);
    if (!bc_ema_seeded(&s->signal))
        return;
    *line = l;
    *signal = g;
}

static int32_t smi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] + 2 * node->iarg[1] + node->iarg[2] - 4;
}

static int64_t smi_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(smi_state) + (int64_t)sizeof(double) * 4 * node->iarg[0];
}

static void smi_reset(bc_feature_node *node)
{
    smi_state *st = node->state;
    window_core_reset(&st->core.w, st->buf, node->iarg[0]);
    bc_ema_init(&st->core.d1, node->iarg[1]);
    bc_ema_init(&st->core.d2, node->iarg[1]);
    bc_ema_init(&st->core.w1, node->iarg[1]);
    bc_ema_init(&st->core.w2, node->iarg[1]);
    bc_ema_init(&st->core.signal, node->iarg[2]);
}

BC_FEATURE_LOOP void smi_loop(smi_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double line, signal;
        smi_step(s, h[i], l[i], c[i], &line, &signal);
        BC_FEATURE_PUT(ol, i, line);
        BC_FEATURE_PUT(os, i, signal);
    }
}

static BC_FEATURE_KERNEL void smi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    smi_state *state = node->state;
    smi_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        smi_loop(shared, node, in, n, cols);
        return;
    }
    smi_core local = *shared;
    smi_loop(&local, node, in, n, cols);
    *shared = local;
}

/* q >= 2 as willr's window; TA-Lib's EMA takes r, s >= 2 (period 1 is the
 * input itself and no customary smi uses it). */
const bc_feature_kind bc_feature_kind_smi = {
    .name = "smi", .args = "iii", .arg_min = {2, 2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "signal"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = smi_lookback, .state_size = smi_state_size, .reset = smi_reset,
    .run = smi_run,
};
