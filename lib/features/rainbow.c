/*
 * rainbow.c - Widner's rainbow oscillator (M. Widner, "Signaling Change with
 * Rainbow Charts", TASC July 1997):
 *   rainbow(n,r)  m1 = sma(close, 2), m(i) = sma(m(i-1), 2) for i = 2..n (the
 *                 rainbow's n recursive 2-bar averages, each (x + x@1) / 2),
 *                 osc = 100 x (close - the mean of m1..mn) / (the highest
 *                 close - the lowest close of the last r bars, this bar
 *                 included); NaN where that range is 0. Widner's n = 10
 *                 averages and r = 10 bars, the zero line its midpoint
 *                 (levels are the user's). n, r >= 1; m(i) first exists on bar i, so lookback
 *                 max(n, r - 1). The averages' previous values are kept in
 *                 an array of n, the closes in a ring.h ring of r scanned
 *                 each bar (O(n + r) per bar); the mean sums m1..mn in order
 *                 and divides by n.
 * The engine passes no bar with a non-finite close: such a bar is missing
 * and moves no state.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ring.h"

typedef struct rainbow_state {
    int32_t n, seen; /* seen: bars so far, held at n + 1 */
    double prev;     /* the previous close */
    bc_ring closes;  /* the last r closes */
    double m[];      /* n: m1..mn of the previous bar, then the r closes */
} rainbow_state;

static int32_t rainbow_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    const int32_t n = node->iarg[0], r1 = node->iarg[1] - 1;
    return n > r1 ? n : r1;
}

static int64_t rainbow_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(rainbow_state, (int64_t)node->iarg[0] + node->iarg[1]);
}

static void rainbow_reset(bc_feature_node *node)
{
    rainbow_state *s = node->state;
    s->n = node->iarg[0];
    s->seen = 0;
    s->prev = 0.0;
    bc_ring_init(&s->closes, node->iarg[1], s->m + node->iarg[0]);
}

static inline double rainbow_step(rainbow_state *s, double close)
{
    bc_ring_push(&s->closes, close);
    const int32_t n = s->n, t = s->seen; /* this bar is bar t */
    if (s->seen <= n)
        s->seen++;
    if (t == 0) {
        s->prev = close;
        return NAN;
    }
    /* a = m(i-1) on this bar, b = m(i-1) on the previous one (m0 the close) */
    double a = close, b = s->prev, sum = 0.0;
    s->prev = close;
    for (int32_t i = 0; i < n && i < t; i++) {
        double mi = 0.5 * (a + b); /* m(i+1) on this bar: bar t >= i + 1 */
        b = s->m[i];               /* m(i+1) on the previous bar (read only if t >= i + 2) */
        s->m[i] = mi;
        a = mi;
        sum += mi;
    }
    if (t < n || !bc_ring_full(&s->closes))
        return NAN;
    const bc_ring *r = &s->closes;
    double hi = r->slot[0], lo = r->slot[0];
    for (int32_t k = 1; k < r->n; k++) {
        if (r->slot[k] > hi)
            hi = r->slot[k];
        if (r->slot[k] < lo)
            lo = r->slot[k];
    }
    const double width = hi - lo;
    return width != 0.0 ? 100.0 * (close - sum / n) / width : NAN;
}

static BC_FEATURE_KERNEL void rainbow_run(bc_feature_node *node, const bc_feature_inputs *in,
                                          int64_t n, const bc_feature_column *cols)
{
    rainbow_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, rainbow_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_rainbow = {
    .name = "rainbow", .args = "ii", .arg_min = {1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = rainbow_lookback, .state_size = rainbow_state_size,
    .reset = rainbow_reset, .run = rainbow_run,
};
