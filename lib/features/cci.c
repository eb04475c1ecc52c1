/*
 * cci.c - cci(n): the commodity channel index, TA-Lib CCI. The typical price
 * tp = (high + low + close) / 3 enters a ring of its last n values; the
 * window's mean and mean absolute deviation are summed over the ring in slot
 * order (TA-Lib's order, so the sums round as its do), and
 * cci = (tp - mean) / (0.015 * deviation). A window that is flat relative to
 * its price level (|tp - mean| or the deviation within 2e-14 of |mean|: the
 * residue an identical-price window leaves in its mean) gives 0, as TA-Lib.
 * NaN for the first n - 1 bars (lookback n - 1). O(n) per bar, as TA-Lib.
 */
#include "feature_internal.h"

#include <math.h>

typedef struct cci_core {
    int32_t n, pos;
    int64_t seen;  /* bars since reset */
    double *ring;  /* last n typical prices, slot order */
} cci_core;

typedef struct cci_state {
    cci_core core;
    double ring[];
} cci_state;

/* Flat relative to the price level (TA-Lib's scaled zero test). */
static inline int cci_flat(double x, double level)
{
    return fabs(x) <= 2e-14 * level;
}

static inline double cci_step(cci_core *s, double high, double low, double close)
{
    const int32_t n = s->n;
    double tp = (high + low + close) / 3.0;
    s->ring[s->pos] = tp;
    if (++s->pos == n)
        s->pos = 0;
    if (++s->seen < n)
        return NAN;
    double mean = 0.0;
    for (int32_t j = 0; j < n; j++)
        mean += s->ring[j];
    mean /= n;
    double dev = 0.0;
    for (int32_t j = 0; j < n; j++)
        dev += fabs(s->ring[j] - mean);
    dev /= n;
    double d = tp - mean, level = fabs(mean);
    if (cci_flat(d, level) || cci_flat(dev, level))
        return 0.0;
    return d / (0.015 * dev);
}

static int32_t cci_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t cci_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(cci_state) + (int64_t)sizeof(double) * node->iarg[0];
}

static void cci_reset(bc_feature_node *node)
{
    cci_state *s = node->state;
    s->core.n = node->iarg[0];
    s->core.pos = 0;
    s->core.seen = 0;
    s->core.ring = s->ring; /* every slot is written before the first sum */
}

BC_FEATURE_LOOP void cci_loop(cci_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, cci_step(s, h[i], l[i], c[i]));
}

static BC_FEATURE_KERNEL void cci_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    cci_state *state = node->state;
    cci_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        cci_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    cci_core local = *shared;
    cci_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_cci = {
    .name = "cci", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = cci_lookback, .state_size = cci_state_size, .reset = cci_reset,
    .run = cci_run,
};
