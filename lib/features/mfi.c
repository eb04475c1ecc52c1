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
#include <stdint.h>
#include <string.h>

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

static inline double mfi_tp(double high, double low, double close)
{
    return (high + low + close) / 3.0;
}

/* A bar's positive and negative flow from its typical price and the
 * previous bar's. The product is formed whether used or not (no branch, so
 * the batch's loop over these vectorizes). */
static inline void mfi_flow(double tp, double prev_tp, double volume, double *up,
                            double *down)
{
    double move = tp - prev_tp, scale = fabs(tp) + fabs(prev_tp), raw = tp * volume;
    double flow = fabs(move) <= 1e-14 * scale ? 0.0 : raw;
    *up = move < 0.0 ? 0.0 : flow;
    *down = move < 0.0 ? flow : 0.0;
}

/* The index from the window's sums (the quotient is formed whether used or
 * not, likewise). */
static inline double mfi_value(double pos_sum, double neg_sum)
{
    double total = pos_sum + neg_sum;
    double p = pos_sum < 0.0 ? 0.0 : pos_sum > total ? total : pos_sum;
    double r = 100.0 * (p / total);
    return total <= 0.0 ? 0.0 : r;
}

/* A bar's flows enter the ring and the sums; the caller's counters move. */
static inline void mfi_push(mfi_core *s, double up, double down)
{
    const int32_t n = s->n;
    s->pos_ring[s->pos] = up;
    s->neg_ring[s->pos] = down;
    if (++s->pos == n)
        s->pos = 0;
    s->pos_sum += up;
    s->neg_sum += down;
    s->null_run = up + down == 0.0 ? s->null_run + 1 : 0;
    if (s->null_run >= n) {
        s->null_run = n;
        s->pos_sum = 0.0;
        s->neg_sum = 0.0;
    }
}

/* The sums' step on a bar with these flows, the ring full (the oldest flow
 * leaves first); the caller's counters move. */
static inline void mfi_sums(mfi_core *s, double up, double down)
{
    s->pos_sum -= s->pos_ring[s->pos];
    s->neg_sum -= s->neg_ring[s->pos];
    mfi_push(s, up, down);
}

static inline double mfi_step(mfi_core *s, double high, double low, double close,
                              double volume)
{
    const int32_t n = s->n;
    double tp = mfi_tp(high, low, close);
    if (s->seen++ == 0) {
        s->prev_tp = tp;
        return NAN;
    }
    double up, down;
    mfi_flow(tp, s->prev_tp, volume, &up, &down);
    s->prev_tp = tp;
    if (s->seen > (int64_t)n + 1) { /* the ring holds n flows: the oldest leaves */
        mfi_sums(s, up, down);
        return mfi_value(s->pos_sum, s->neg_sum);
    }
    mfi_push(s, up, down);
    if (s->seen <= n)
        return NAN;
    return mfi_value(s->pos_sum, s->neg_sum);
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

#define MFI_CHUNK 256

BC_FEATURE_LOOP void mfi_loop(mfi_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low, *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && (n <= 2 || s->seen < (int64_t)s->n + 1); i++) /* streaming, warm-up */
        BC_FEATURE_PUT(out, i, mfi_step(s, h[i], l[i], c[i], v[i]));
    /* full ring: mfi_step in three passes over a chunk, the typical prices
     * and flows (vector loops), the sums' recurrence alone, the quotients */
    double tp[MFI_CHUNK], up[MFI_CHUNK], down[MFI_CHUNK];
    for (; i < n; i += MFI_CHUNK) {
        const int64_t len = n - i < MFI_CHUNK ? n - i : MFI_CHUNK;
        for (int64_t m = 0; m < len; m++)
            tp[m] = mfi_tp(h[i + m], l[i + m], c[i + m]);
        mfi_flow(tp[0], s->prev_tp, v[i], &up[0], &down[0]);
        int64_t m = 1;
#if defined(BC_FEATURE_V4) /* mfi_flow, four bars at once */
        const bc_m4 sign = {INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN};
        const bc_v4 zero = {0.0, 0.0, 0.0, 0.0}, eps = {1e-14, 1e-14, 1e-14, 1e-14};
        for (; m + 4 <= len; m += 4) {
            bc_v4 t, pt, vo;
            memcpy(&t, tp + m, sizeof t);
            memcpy(&pt, tp + m - 1, sizeof pt);
            memcpy(&vo, v + i + m, sizeof vo);
            bc_v4 move = t - pt;
            bc_v4 scale = (bc_v4)((bc_m4)t & ~sign) + (bc_v4)((bc_m4)pt & ~sign);
            bc_v4 flow = BC_V4_ZERO_WHERE((bc_v4)((bc_m4)move & ~sign) <= eps * scale, t * vo);
            bc_m4 fell = move < zero;
            bc_v4 u = BC_V4_ZERO_WHERE(fell, flow), d = BC_V4_ZERO_WHERE(~fell, flow);
            memcpy(up + m, &u, sizeof u);
            memcpy(down + m, &d, sizeof d);
        }
#endif
        for (; m < len; m++)
            mfi_flow(tp[m], tp[m - 1], v[i + m], &up[m], &down[m]);
        s->prev_tp = tp[len - 1];
        s->seen += len;
        for (m = 0; m < len; m++) {
            mfi_sums(s, up[m], down[m]);
            up[m] = s->pos_sum; /* reused: the sums after bar m */
            down[m] = s->neg_sum;
        }
        m = 0;
#if defined(BC_FEATURE_V4) /* mfi_value, four bars at once */
        const bc_v4 hundred = {100.0, 100.0, 100.0, 100.0};
        for (; m + 4 <= len && out.stride == 1; m += 4) {
            bc_v4 ps, ns;
            memcpy(&ps, up + m, sizeof ps);
            memcpy(&ns, down + m, sizeof ns);
            bc_v4 total = ps + ns;
            bc_v4 p = BC_V4_ZERO_WHERE(ps < zero, BC_V4_PICK(ps > total, total, ps));
            bc_v4 r = BC_V4_ZERO_WHERE(total <= zero, hundred * (p / total));
            r = r + (r - r); /* bc_feature_clean */
            memcpy(out.p + i + m, &r, sizeof r);
        }
#endif
        for (; m < len; m++)
            BC_FEATURE_PUT(out, i + m, mfi_value(up[m], down[m]));
    }
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
