/*
 * cci.c - cci(n): the commodity channel index, TA-Lib CCI. The typical price
 * tp = (high + low + close) / 3 enters a ring of its last n values; the
 * window's mean and mean absolute deviation are summed over the ring in slot
 * order (TA-Lib's order, so the sums round as its do), and
 * cci = (tp - mean) / (0.015 * deviation). A window that is flat relative to
 * its price level (|tp - mean| or the deviation within 2e-14 of |mean|: the
 * residue an identical-price window leaves in its mean) gives 0, as TA-Lib.
 * NaN for the first n - 1 bars (lookback n - 1). O(n) per bar, as TA-Lib.
 * Batch runs CCI_LANES consecutive bars side by side (cci_lanes): each lane
 * adds its window in its own slot order, the very sums cci_step makes, but
 * the lanes' add chains overlap (one vector add per slot for all lanes).
 */
#include "feature_internal.h"
#include "flat.h"
#include "ring.h"

#include <math.h>
#include <stdint.h>

#define CCI_LANES 16
#define CCI_CHUNK 256

typedef struct cci_core {
    bc_ring r;     /* last n typical prices, slot order */
    double *line;  /* batch: n - 1 + CCI_CHUNK + CCI_LANES typical prices, oldest first */
} cci_core;

typedef struct cci_state {
    cci_core core;
    double ring[]; /* ring (n), line */
} cci_state;

static inline double cci_tp(double high, double low, double close)
{
    return (high + low + close) / 3.0;
}

/* cci of the bar with typical price tp from its window's mean and mean
 * absolute deviation. */
static inline double cci_value(double tp, double mean, double dev)
{
    double d = tp - mean, level = fabs(mean);
    if (bc_flat(d, level) || bc_flat(dev, level))
        return 0.0;
    return d / (0.015 * dev);
}

static inline double cci_step(cci_core *s, double high, double low, double close)
{
    const int32_t n = s->r.n;
    const double *ring = s->r.slot;
    double tp = cci_tp(high, low, close);
    bc_ring_push(&s->r, tp);
    if (!bc_ring_full(&s->r))
        return NAN;
    double mean = 0.0;
    for (int32_t j = 0; j < n; j++)
        mean += ring[j];
    mean /= n;
    double dev = 0.0;
    for (int32_t j = 0; j < n; j++)
        dev += fabs(ring[j] - mean);
    dev /= n;
    return cci_value(tp, mean, dev);
}

/* CCI_LANES bars at once, bars m .. m+CCI_LANES-1 of line (bar m's window is
 * line[m .. m+n-1], oldest first); s0 is the ring slot of bar m's oldest
 * value. Lane k adds in slot order j = 0..n-1 as cci_step does: slot j holds
 * lane k's window value at offset (j - s0 - k) mod n, i.e. with q = (j - s0)
 * mod n, line[m+q] when q >= k, else the value n bars newer, line[m+q+n]. */
#if defined(BC_FEATURE_V4)
/* Lanes whose mask is set get vb, the others va. */
#define CCI_PICK(va, vb, later) BC_V4_PICK(later, vb, va)

#define CCI_VECS (CCI_LANES / 4)

static inline void cci_lanes(const double *line, int32_t n, int64_t m, int32_t s0,
                             double *res)
{
    const bc_m4 sign = {INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN};
    bc_m4 idx[CCI_VECS];
    bc_v4 mean[CCI_VECS], dev[CCI_VECS];
    for (int g = 0; g < CCI_VECS; g++) {
        const bc_m4 first = {4 * g, 4 * g + 1, 4 * g + 2, 4 * g + 3};
        const bc_v4 zero = {0.0, 0.0, 0.0, 0.0};
        idx[g] = first;
        mean[g] = dev[g] = zero;
    }
    const double *w = line + m;
    int32_t q = s0 == 0 ? 0 : n - s0;
    for (int32_t j = 0; j < n; j++) {
        const double a = w[q], b = w[q < CCI_LANES - 1 ? q + n : q];
        const bc_v4 va = {a, a, a, a}, vb = {b, b, b, b};
        const bc_m4 qv = {q, q, q, q};
        for (int g = 0; g < CCI_VECS; g++)
            mean[g] += CCI_PICK(va, vb, idx[g] > qv);
        if (++q == n)
            q = 0;
    }
    const double nd = (double)n;
    for (int g = 0; g < CCI_VECS; g++)
        mean[g] /= nd;
    for (int32_t j = 0; j < n; j++) {
        const double a = w[q], b = w[q < CCI_LANES - 1 ? q + n : q];
        const bc_v4 va = {a, a, a, a}, vb = {b, b, b, b};
        const bc_m4 qv = {q, q, q, q};
        for (int g = 0; g < CCI_VECS; g++) {
            bc_v4 d = CCI_PICK(va, vb, idx[g] > qv) - mean[g];
            dev[g] += (bc_v4)((bc_m4)d & ~sign); /* fabs */
        }
        if (++q == n)
            q = 0;
    }
    for (int g = 0; g < CCI_VECS; g++)
        for (int k = 0; k < 4; k++)
            res[4 * g + k] = cci_value(w[n - 1 + 4 * g + k], mean[g][k], dev[g][k] / nd);
}
#else
static inline void cci_lanes(const double *line, int32_t n, int64_t m, int32_t s0,
                             double *res)
{
    double mean[CCI_LANES], dev[CCI_LANES];
    for (int k = 0; k < CCI_LANES; k++)
        mean[k] = dev[k] = 0.0;
    const double *w = line + m;
    int32_t q = s0 == 0 ? 0 : n - s0;
    for (int32_t j = 0; j < n; j++) {
        const double a = w[q], b = w[q < CCI_LANES - 1 ? q + n : q];
        for (int k = 0; k < CCI_LANES; k++)
            mean[k] += k > q ? b : a;
        if (++q == n)
            q = 0;
    }
    for (int k = 0; k < CCI_LANES; k++)
        mean[k] /= n;
    for (int32_t j = 0; j < n; j++) {
        const double a = w[q], b = w[q < CCI_LANES - 1 ? q + n : q];
        for (int k = 0; k < CCI_LANES; k++)
            dev[k] += fabs((k > q ? b : a) - mean[k]);
        if (++q == n)
            q = 0;
    }
    for (int k = 0; k < CCI_LANES; k++)
        res[k] = cci_value(w[n - 1 + k], mean[k], dev[k] / n);
}
#endif

/* Batch over full windows: the n - 1 values before each chunk and the
 * chunk's typical prices laid out oldest first in line, lanes over them;
 * the ring and counters advance as cci_step's would. */
BC_FEATURE_LOOP void cci_batch(cci_core *s, const double *h, const double *l, const double *c,
                               int64_t count, bc_feature_column out)
{
    const int32_t n = s->r.n;
    double *line = s->line;
    for (int64_t i0 = 0; i0 < count; i0 += CCI_CHUNK) {
        const int64_t len = count - i0 < CCI_CHUNK ? count - i0 : CCI_CHUNK;
        int32_t p = bc_ring_next(&s->r, s->r.pos); /* oldest of the last n - 1 */
        for (int32_t k = 0; k < n - 1; k++) {
            line[k] = s->r.slot[p];
            p = bc_ring_next(&s->r, p);
        }
        const int32_t s0 = bc_ring_next(&s->r, s->r.pos); /* first bar's oldest slot */
        for (int64_t m = 0; m < len; m++) {
            double tp = cci_tp(h[i0 + m], l[i0 + m], c[i0 + m]);
            line[n - 1 + m] = tp;
            (void)bc_ring_swap(&s->r, tp); /* full: filled stays n */
        }
        for (int64_t m = len; m < len + CCI_LANES; m++) /* lanes past the chunk: ignored */
            line[n - 1 + m] = 0.0;
        int32_t sm = s0;
        for (int64_t m = 0; m < len; m += CCI_LANES) {
            double res[CCI_LANES];
            cci_lanes(line, n, m, sm, res);
            for (int64_t k = 0; k < CCI_LANES && m + k < len; k++)
                BC_FEATURE_PUT(out, i0 + m + k, res[k]);
            sm = (int32_t)((sm + CCI_LANES) % n);
        }
    }
}

static int32_t cci_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t cci_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(cci_state) +
           (int64_t)sizeof(double) * (2 * (int64_t)node->iarg[0] - 1 + CCI_CHUNK + CCI_LANES);
}

static void cci_reset(bc_feature_node *node)
{
    cci_state *s = node->state;
    bc_ring_init(&s->core.r, node->iarg[0], s->ring); /* every slot is written before the first sum */
    s->core.line = s->ring + node->iarg[0];
}

BC_FEATURE_LOOP void cci_loop(cci_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    /* warm-up, streaming, and windows shorter than the lanes (a lane must
     * not reach more than n bars ahead) */
    for (; i < n && (!bc_ring_full(&s->r) || n <= 2 || s->r.n < CCI_LANES); i++)
        BC_FEATURE_PUT(out, i, cci_step(s, h[i], l[i], c[i]));
    if (i < n) {
        out.p += i * out.stride;
        cci_batch(s, h + i, l + i, c + i, n - i, out);
    }
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
