/*
 * zscore.c - zscore(x,n) and mean(x,n) over the last n values of a
 * single-column item, from one set of running sums.
 * mean(x,n): the arithmetic mean of the last n values (pandas'
 * rolling(n).mean()); NaN until n values have come and while a NaN of x is
 * among the last n. Lookback = x's lookback + n - 1.
 * zscore(x,n) = (x - mean) / std over the last n values of a
 * single-column item, std the population standard deviation (divisor n,
 * numpy's std(ddof=0)). NaN until n values have come, while a NaN of x is
 * among the last n, and where the window is constant (std 0: 0/0, as
 * numpy). Lookback = x's lookback + n - 1. Running sums of x - anchor,
 * the anchor being the window's mean when the ring last wrapped, when the
 * sums are recomputed exactly from the ring (O(1) amortized, no drift; the
 * shift keeps sum2/n - mean^2 away from cancellation for prices far from
 * 0). A constant window is known exactly from the run of equal values, not
 * from a variance that rounding leaves at 1e-30.
 */
#include "feature_internal.h"
#include "ring.h"

typedef struct zscore_core {
    bc_ring r;                  /* last n values, NaN included */
    int64_t seen;               /* bars since reset */
    int64_t last_nan;           /* bar of the newest NaN, -1 - n when none */
    int64_t same;               /* equal values ending at the newest bar (0 after a NaN) */
    double prev;                /* the newest value */
    double anchor, sum, sum2;   /* sums of x - anchor over the window's non-NaN values */
} zscore_core;

typedef struct zscore_state {
    zscore_core core;
    double ring[];
} zscore_state;

/* x enters the window (the oldest value leaves); returns x's bar number. */
static inline int64_t window_push(zscore_core *s, double x)
{
    const int32_t n = s->r.n;
    const double *ring = s->r.slot;
    const int64_t i = s->seen++;
    if (bc_ring_full(&s->r)) { /* the oldest value leaves */
        double old = bc_ring_oldest(&s->r);
        if (!isnan(old)) {
            double d = old - s->anchor;
            s->sum -= d;
            s->sum2 -= d * d;
        }
    }
    bc_ring_push(&s->r, x);
    if (isnan(x)) {
        s->last_nan = i;
        s->same = 0;
    } else {
        double d = x - s->anchor;
        s->sum += d;
        s->sum2 += d * d;
        s->same = s->same > 0 && x == s->prev ? s->same + 1 : 1;
        s->prev = x;
    }
    if (s->r.pos == 0) { /* wrapped: re-anchor at the window's mean and resum exactly */
        double total = 0.0;
        int32_t count = 0;
        for (int32_t k = 0; k < n; k++)
            if (!isnan(ring[k])) {
                total += ring[k];
                count++;
            }
        s->anchor = count > 0 ? total / count : 0.0;
        s->sum = s->sum2 = 0.0;
        for (int32_t k = 0; k < n; k++)
            if (!isnan(ring[k])) {
                double d = ring[k] - s->anchor;
                s->sum += d;
                s->sum2 += d * d;
            }
    }
    return i;
}

static inline double zscore_step(zscore_core *s, double x)
{
    const int32_t n = s->r.n;
    const int64_t i = window_push(s, x);
    if (!bc_ring_full(&s->r) || s->last_nan > i - n || s->same >= n)
        return NAN;
    double mean = s->sum / n;
    double var = s->sum2 / n - mean * mean;
    if (!(var > 0.0))
        return NAN;
    return ((x - s->anchor) - mean) / sqrt(var);
}

static int32_t zscore_lookback(const bc_feature_node *node, const int32_t *src)
{
    int64_t lb = (int64_t)src[0] + node->iarg[0] - 1;
    return lb > INT32_MAX ? INT32_MAX : (int32_t)lb;
}

static int64_t zscore_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(zscore_state, node->iarg[0]);
}

static void zscore_reset(bc_feature_node *node)
{
    zscore_state *s = node->state;
    bc_ring_init(&s->core.r, node->iarg[0], s->ring);
    s->core.seen = s->core.same = 0;
    s->core.last_nan = -1 - (int64_t)node->iarg[0];
    s->core.prev = s->core.anchor = s->core.sum = s->core.sum2 = 0.0;
}

BC_FEATURE_LOOP void zscore_loop(zscore_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column x = cols[node->source[0]], out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, zscore_step(s, BC_FEATURE_GET(x, i)));
}

static BC_FEATURE_KERNEL void zscore_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    zscore_state *state = node->state;
    zscore_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        zscore_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    zscore_core local = *shared;
    zscore_loop(&local, node, in, n, cols);
    *shared = local;
}

/* ---- mean(x,n): the same window and sums ---------------------------- */

static inline double mean_step(zscore_core *s, double x)
{
    const int32_t n = s->r.n;
    const int64_t i = window_push(s, x);
    if (!bc_ring_full(&s->r) || s->last_nan > i - n)
        return NAN;
    return s->anchor + s->sum / n;
}

BC_FEATURE_LOOP void mean_loop(zscore_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column x = cols[node->source[0]], out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, mean_step(s, BC_FEATURE_GET(x, i)));
}

static BC_FEATURE_KERNEL void mean_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    zscore_state *state = node->state;
    zscore_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        mean_loop(shared, node, in, n, cols);
        return;
    }
    zscore_core local = *shared;
    mean_loop(&local, node, in, n, cols);
    *shared = local;
}

/* zscore's lookback, state and reset: one window of n values. */
const bc_feature_kind bc_feature_kind_mean = {
    .name = "mean", .args = "fi", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = 0, .lookback = zscore_lookback,
    .state_size = zscore_state_size, .reset = zscore_reset, .run = mean_run,
};

const bc_feature_kind bc_feature_kind_zscore = {
    .name = "zscore", .args = "fi", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = 0, .lookback = zscore_lookback,
    .state_size = zscore_state_size, .reset = zscore_reset, .run = zscore_run,
};
