/*
 * imi.c - imi(n) and relvol(n,m) (below).
 * imi(n): Chande's intraday momentum index, TA-Lib's IMI. Over the
 * last n bars, up = the sum of close - open on the bars with close > open,
 * down = the sum of open - close on the others (oldest bar first, as
 * TA-Lib adds them), and imi = 100 x (up / (up + down)); 50 where
 * up + down is 0 (every candle in the window flat; measured against the
 * PyPI wheel's TA-Lib: a single 5e-324 body already gives 100).
 * A ring of the last n bodies (close - open), both sums taken afresh over
 * the window on each bar as TA-Lib does, so batch and streaming agree bit
 * for bit with it. n >= 2 (TA-Lib's minimum), lookback n - 1.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ema.h"
#include "ring.h"

#include <math.h>

typedef struct imi_state {
    bc_ring r;
    double ring[];
} imi_state;

static int32_t imi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t imi_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(imi_state, node->iarg[0]);
}

static void imi_reset(bc_feature_node *node)
{
    imi_state *s = node->state;
    bc_ring_init(&s->r, node->iarg[0], s->ring);
}

static BC_FEATURE_KERNEL void imi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    imi_state *s = node->state;
    bc_ring *r = &s->r;
    const int32_t len = node->iarg[0];
    const double *o = in->open, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        bc_ring_push(r, c[i] - o[i]);
        if (!bc_ring_full(r)) {
            BC_FEATURE_PUT(out, i, NAN);
            continue;
        }
        /* oldest at pos */
        double up = 0.0, down = 0.0;
        for (int32_t j = 0, k = r->pos; j < len; j++, k = bc_ring_next(r, k)) {
            double b = r->slot[k];
            if (b > 0.0)
                up += b;
            else
                down -= b;
        }
        double tot = up + down;
        BC_FEATURE_PUT(out, i, tot != 0.0 ? 100.0 * (up / tot) : 50.0);
    }
}

const bc_feature_kind bc_feature_kind_imi = {
    .name = "imi", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_CLOSE,
    .lookback = imi_lookback, .state_size = imi_state_size,
    .reset = imi_reset, .run = imi_run,
};

/* ---- relvol(n,m): Dorsey's relative volatility index ---------------------
 * sd = TA-Lib STDDEV(close, n, 1), the population deviation from TA-Lib
 * VAR's running sums (add the new close and its square, take the means
 * total / n, then drop the oldest; var = mean2 - mean1^2, sd = sqrt(var), 0
 * where var < 1e-8 as TA_IS_ZERO_OR_NEG); u = sd on a bar whose close rose
 * from the previous one, else 0; d = sd on a fall, else 0 (both 0 on an
 * unchanged close); relvol = 100 x eu / (eu + ed), eu, ed = ema(m) (ema.h,
 * TA-Lib's SMA-seeded EMA) of u and d from bar n - 1 (the first bar with a
 * deviation and a previous close); 50 where eu + ed is 0 (no deviation in
 * the EMAs' memory; TA-Lib's chain gives 0/0 there). Lookback n - 1 + m - 1.
 * n >= 2, m >= 2. */

typedef struct relvol_state {
    bc_ring r;
    double sum1, sum2, prev;
    bc_ema eu, ed;
    double ring[];
} relvol_state;

static int32_t relvol_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1 + node->iarg[1] - 1;
}

static int64_t relvol_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(relvol_state, node->iarg[0]);
}

static void relvol_reset(bc_feature_node *node)
{
    relvol_state *s = node->state;
    bc_ring_init(&s->r, node->iarg[0], s->ring);
    s->sum1 = s->sum2 = s->prev = 0.0;
    bc_ema_init(&s->eu, node->iarg[1]);
    bc_ema_init(&s->ed, node->iarg[1]);
}

static BC_FEATURE_KERNEL void relvol_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    relvol_state *s = node->state;
    const double *c = in->close, inv = (double)node->iarg[0];
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        const double x = c[i];
        double r = NAN;
        s->sum1 += x;
        s->sum2 += x * x;
        bc_ring_push(&s->r, x);
        if (bc_ring_full(&s->r)) {
            /* the window's oldest close sits at pos, dropped after the means */
            const double mean1 = s->sum1 / inv, mean2 = s->sum2 / inv;
            const double old = bc_ring_oldest(&s->r);
            s->sum1 -= old;
            s->sum2 -= old * old;
            const double var = mean2 - mean1 * mean1;
            const double sd = var < 0.00000001 ? 0.0 : sqrt(var);
            const double u = x > s->prev ? sd : 0.0, d = x < s->prev ? sd : 0.0;
            const double eu = bc_ema_step(&s->eu, u), ed = bc_ema_step(&s->ed, d);
            if (bc_ema_seeded(&s->eu)) {
                const double tot = eu + ed;
                r = tot != 0.0 ? 100.0 * eu / tot : 50.0;
            }
        }
        s->prev = x;
        BC_FEATURE_PUT(out, i, r);
    }
}

const bc_feature_kind bc_feature_kind_relvol = {
    .name = "relvol", .args = "ii", .arg_min = {2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = relvol_lookback, .state_size = relvol_state_size,
    .reset = relvol_reset, .run = relvol_run,
};
