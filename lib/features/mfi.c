/*
 * mfi.c - mfi(n): the money flow index, TA-Lib MFI. Each bar's typical price
 * tp = (high + low + close) / 3 is compared with the previous bar's: its raw
 * money flow tp * volume counts as positive when tp rose, negative when it
 * fell, and as no flow when the move is within 1e-14 of |tp| + |previous tp|
 * (TA-Lib's scaled dead-zone) or the bar has no volume. The sums of the
 * last n positive and negative flows are kept by subtract-then-add (TA-Lib's
 * order, so they round as its do); mfi = 100 * pos / (pos + neg) with pos
 * clamped into [0, pos + neg], and 0 where the total is <= 0 (a window that
 * received no flow). After n flowless bars in a row both sums are exactly
 * zero and are set so (TA-Lib drops the rounding residue the same way).
 * NaN for the first n bars (lookback n). O(1) per bar.
 */
#include "feature_internal.h"

#include <math.h>

typedef struct mfi_core {
    int32_t n, pos;
    int32_t null_run;   /* consecutive bars without flow, at most n */
    int64_t seen;       /* bars since reset */
    double prev_tp, pos_sum, neg_sum;
    double *pos_ring, *neg_ring; /* the last n flows of each sign */
} mfi_core;

typedef struct mfi_state {
    mfi_core core;
    double ring[];      /* pos_ring, neg_ring (n each) */
} mfi_state;

static inline double mfi_step(mfi_core *s, double high, double low, double close,
                              double volume)
{
    const int32_t n = s->n;
    double tp = (high + low + close) / 3.0;
    if (s->seen++ == 0) {
        s->prev_tp = tp;
        return NAN;
    }
    if (s->seen > (int64_t)n + 1) { /* the ring holds n flows: the oldest leaves */
        s->pos_sum -= s->pos_ring[s->pos];
        s->neg_sum -= s->neg_ring[s->pos];
    }
    double move = tp - s->prev_tp, scale = fabs(tp) + fabs(s->prev_tp);
    s->prev_tp = tp;
    double flow = fabs(move) <= 1e-14 * scale ? 0.0 : tp * volume;
    double up = move < 0.0 ? 0.0 : flow, down = move < 0.0 ? flow : 0.0;
    s->pos_ring[s->pos] = up;
    s->neg_ring[s->pos] = down;
    if (++s->pos == n)
        s->pos = 0;
    s->pos_sum += up;
    s->neg_sum += down;
    s->null_run = flow == 0.0 ? s->null_run + 1 : 0;
    if (s->null_run >= n) {
        s->null_run = n;
        s->pos_sum = 0.0;
        s->neg_sum = 0.0;
    }
    if (s->seen <= n)
        return NAN;
    double total = s->pos_sum + s->neg_sum;
    double p = s->pos_sum < 0.0 ? 0.0 : s->pos_sum > total ? total : s->pos_sum;
    return total <= 0.0 ? 0.0 : 100.0 * (p / total);
}

static int32_t mfi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t mfi_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(mfi_state) + (int64_t)sizeof(double) * 2 * node->iarg[0];
}

static void mfi_reset(bc_feature_node *node)
{
    mfi_state *s = node->state;
    s->core.n = node->iarg[0];
    s->core.pos = 0;
    s->core.null_run = 0;
    s->core.seen = 0;
    s->core.prev_tp = s->core.pos_sum = s->core.neg_sum = 0.0;
    s->core.pos_ring = s->ring; /* a slot is written before it is read */
    s->core.neg_ring = s->ring + node->iarg[0];
}

BC_FEATURE_LOOP void mfi_loop(mfi_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low, *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, mfi_step(s, h[i], l[i], c[i], v[i]));
}

static BC_FEATURE_KERNEL void mfi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    mfi_state *state = node->state;
    mfi_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        mfi_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    mfi_core local = *shared;
    mfi_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_mfi = {
    .name = "mfi", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE |
             BC_FEATURE_IN_VOLUME,
    .lookback = mfi_lookback, .state_size = mfi_state_size, .reset = mfi_reset,
    .run = mfi_run,
};
