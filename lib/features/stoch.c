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

static inline void stoch_step(stoch_core *s, double high, double low, double close,
                              double *k, double *d)
{
    int64_t today = s->today++;
    s->highs[s->pos] = high;
    s->lows[s->pos] = low;
    if (++s->pos == s->fk)
        s->pos = 0;
    *k = *d = NAN;
    if (today < s->fk - 1)
        return;
    int64_t trailing = today - (s->fk - 1); /* its ring slot is now s->pos */
    if (s->lowest_idx < trailing) {
        int32_t j = s->pos;
        s->lowest_idx = trailing;
        s->lowest = s->lows[j];
        for (int32_t m = 1; m < s->fk; m++) {
            if (++j == s->fk)
                j = 0;
            if (s->lows[j] < s->lowest) {
                s->lowest = s->lows[j];
                s->lowest_idx = trailing + m;
            }
        }
        s->diff = (s->highest - s->lowest) / 100.0;
    } else if (low <= s->lowest) {
        s->lowest_idx = today;
        s->lowest = low;
        s->diff = (s->highest - s->lowest) / 100.0;
    }
    if (s->highest_idx < trailing) {
        int32_t j = s->pos;
        s->highest_idx = trailing;
        s->highest = s->highs[j];
        for (int32_t m = 1; m < s->fk; m++) {
            if (++j == s->fk)
                j = 0;
            if (s->highs[j] > s->highest) {
                s->highest = s->highs[j];
                s->highest_idx = trailing + m;
            }
        }
        s->diff = (s->highest - s->lowest) / 100.0;
    } else if (high >= s->highest) {
        s->highest_idx = today;
        s->highest = high;
        s->diff = (s->highest - s->lowest) / 100.0;
    }
    double fast_k = s->diff != 0.0 ? (close - s->lowest) / s->diff : 0.0;
    double slow_k = bc_sma_step(&s->slow_k, fast_k);
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

static void stoch_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                      const bc_feature_column *cols)
{
    stoch_state *state = node->state;
    stoch_core s = state->core;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column ok = cols[node->slot], od = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double k, d;
        stoch_step(&s, h[i], l[i], c[i], &k, &d);
        BC_FEATURE_PUT(ok, i, k);
        BC_FEATURE_PUT(od, i, d);
    }
    state->core = s;
}

const bc_feature_kind bc_feature_kind_stoch = {
    .name = "stoch", .args = "iii", .arg_min = {1, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"k", "d"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = stoch_lookback, .state_size = stoch_state_size, .reset = stoch_reset,
    .run = stoch_run,
};
