/*
 * volatility.c - vol(n): sample standard deviation (divisor n-1) of the last
 * n one-bar log returns log(close_t/close_t-1); lookback n. Running sums of
 * r and r^2, recomputed exactly from the ring each time it wraps so rounding
 * never drifts; a non-finite return (close <= 0) makes the output NaN while
 * it is in the window.
 */
#include "feature_internal.h"
#include "ring.h"

typedef struct vol_core {
    bc_ring ring;                  /* last n returns, non-finite ones as NaN */
    int32_t bad;                   /* non-finite returns in the window */
    double prev, sum, sum2;
    int32_t have_prev;
} vol_core;

typedef struct vol_state {
    vol_core core;
    double ring[];
} vol_state;

static inline double vol_step(vol_core *s, double close)
{
    if (!s->have_prev) {
        s->have_prev = 1;
        s->prev = close;
        return NAN;
    }
    double r = log(close / s->prev);
    s->prev = close;
    const int32_t n = s->ring.n;
    if (bc_ring_full(&s->ring)) { /* drop the oldest */
        double old = bc_ring_oldest(&s->ring);
        if (old - old == 0.0) {
            s->sum -= old;
            s->sum2 -= old * old;
        } else {
            s->bad--;
        }
    }
    if (r - r == 0.0) {
        s->sum += r;
        s->sum2 += r * r;
        bc_ring_push(&s->ring, r);
    } else {
        s->bad++;
        bc_ring_push(&s->ring, NAN);
    }
    if (s->ring.pos == 0) { /* wrapped */
        s->sum = s->sum2 = 0.0;
        for (int32_t i = 0; i < n; i++) {
            double v = s->ring.slot[i];
            if (v - v == 0.0) {
                s->sum += v;
                s->sum2 += v * v;
            }
        }
    }
    if (!bc_ring_full(&s->ring) || s->bad > 0)
        return NAN;
    double var = (s->sum2 - s->sum * (s->sum / n)) / (n - 1);
    return var > 0.0 ? sqrt(var) : 0.0;
}

static int32_t vol_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t vol_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(vol_state, node->iarg[0]);
}

static void vol_reset(bc_feature_node *node)
{
    vol_state *s = node->state;
    bc_ring_init(&s->core.ring, node->iarg[0], s->ring);
    s->core.bad = s->core.have_prev = 0;
    s->core.prev = s->core.sum = s->core.sum2 = 0.0;
}

BC_FEATURE_LOOP void vol_loop(vol_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, vol_step(s, x[i]));
}

static BC_FEATURE_KERNEL void vol_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    vol_state *state = node->state;
    vol_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        vol_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    vol_core local = *shared;
    vol_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_vol = {
    .name = "vol", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = vol_lookback,
    .state_size = vol_state_size, .reset = vol_reset, .run = vol_run,
};
