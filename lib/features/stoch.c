/*
 * stoch.c - stoch(fastk,slowk,slowd) -> .k .d: TA-Lib STOCH with SMA slow
 * %K and %D. Fast %K = (close - lowest low)/((highest high - lowest low)/100),
 * 0 when the range is 0 (TA-Lib's exact expression); the window extremes are
 * tracked as TA-Lib does (rescan only when the extreme leaves the window).
 * Both outputs start at lookback (fastk-1)+(slowk-1)+(slowd-1).
 */
#include "feature_internal.h"
#include "sma.h"

#include <stddef.h>

typedef struct stoch_core {
    int32_t fk, pos;          /* pos: ring slot of the next bar */
    int64_t today;            /* index of the next bar */
    int64_t lowest_idx, highest_idx;
    double lowest, highest, diff;
    double *highs, *lows;     /* last fk bars */
    bc_sma slow_k, slow_d;
} stoch_core;

typedef struct stoch_state {
    stoch_core core;
    double buf[];             /* highs, lows, slow_k ring, slow_d ring */
} stoch_state;

/* Minimum (sign 1) or maximum (sign -1) of the ring and the bar number of
 * its newest occurrence (the extreme's value is what TA-Lib's scan finds;
 * keeping the newest copy only delays the next rescan). Four independent
 * running minima keep the scan off one long dependency chain. */
static inline double stoch_scan(const double *ring, int32_t size, int32_t oldest,
                                int64_t oldest_idx, double sign, int64_t *at)
{
    double m0 = ring[0] * sign, m1 = m0, m2 = m0, m3 = m0;
    int32_t j = 1;
    for (; j + 3 < size; j += 4) {
        double a = ring[j] * sign, b = ring[j + 1] * sign, c = ring[j + 2] * sign,
               d = ring[j + 3] * sign;
        m0 = a < m0 ? a : m0;
        m1 = b < m1 ? b : m1;
        m2 = c < m2 ? c : m2;
        m3 = d < m3 ? d : m3;
    }
    for (; j < size; j++) {
        double a = ring[j] * sign;
        m0 = a < m0 ? a : m0;
    }
    m0 = m1 < m0 ? m1 : m0;
    m2 = m3 < m2 ? m3 : m2;
    double best = m2 < m0 ? m2 : m0;
    /* Newest slot holding it: walk back from the newest bar. */
    int32_t newest = oldest == 0 ? size - 1 : oldest - 1;
    int32_t back = 0;
    for (int32_t k = newest; ring[k] * sign != best; k = k == 0 ? size - 1 : k - 1)
        back++;
    *at = oldest_idx + (size - 1) - back;
    return best * sign;
}

/* Fast %K of the bar (TA-Lib's window extremes and expression). */
static inline double stoch_fast_k(stoch_core *s, double high, double low, double close)
{
    int64_t today = s->today++;
    s->highs[s->pos] = high;
    s->lows[s->pos] = low;
    if (++s->pos == s->fk)
        s->pos = 0;
    int64_t trailing = today - (s->fk - 1); /* its ring slot is now s->pos */
    /* A new extreme is taken with selects (no mispredicted branches on
     * noisy prices); a rescan only when the old extreme left the window.
     * diff is always (highest - lowest)/100 of the current window, as in
     * TA-Lib, which recomputes it whenever either extreme changes. */
    if (s->lowest_idx < trailing) {
        s->lowest = stoch_scan(s->lows, s->fk, s->pos, trailing, 1.0, &s->lowest_idx);
    } else {
        int take = low <= s->lowest;
        s->lowest = take ? low : s->lowest;
        s->lowest_idx = take ? today : s->lowest_idx;
    }
    if (s->highest_idx < trailing) {
        s->highest = stoch_scan(s->highs, s->fk, s->pos, trailing, -1.0, &s->highest_idx);
    } else {
        int take = high >= s->highest;
        s->highest = take ? high : s->highest;
        s->highest_idx = take ? today : s->highest_idx;
    }
    s->diff = (s->highest - s->lowest) / 100.0;
    return s->diff != 0.0 ? (close - s->lowest) / s->diff : 0.0;
}

static inline void stoch_step(stoch_core *s, double high, double low, double close,
                              double *k, double *d)
{
    *k = *d = NAN;
    if (s->today < s->fk - 1) { /* the window is not full yet: only store */
        s->today++;
        s->highs[s->pos] = high;
        s->lows[s->pos] = low;
        if (++s->pos == s->fk)
            s->pos = 0;
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
               (2 * (int64_t)node->iarg[0] + node->iarg[1] + node->iarg[2]);
}

static void stoch_reset(bc_feature_node *node)
{
    stoch_state *st = node->state;
    stoch_core *s = &st->core;
    s->fk = node->iarg[0];
    s->pos = 0;
    s->today = 0;
    s->lowest_idx = s->highest_idx = -1;
    s->lowest = s->highest = s->diff = 0.0;
    s->highs = st->buf;
    s->lows = st->buf + s->fk;
    bc_sma_init(&s->slow_k, node->iarg[1], st->buf + 2 * (int64_t)s->fk);
    bc_sma_init(&s->slow_d, node->iarg[2], st->buf + 2 * (int64_t)s->fk + node->iarg[1]);
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
