/*
 * aroon.c - aroon(n) -> .up .down and aroonosc(n): TA-Lib AROON and
 * AROONOSC over the last n+1 bars (lookback n). With h and l the bars
 * since the window's highest high and lowest low (the newest bar of a tie),
 * up = 100/n * (n - h), down = 100/n * (n - l), and aroonosc = 100/n *
 * (l - h) as TA-Lib evaluates it, factor * (highest index - lowest index).
 * The extremes are tracked as TA-Lib does: a new bar at or beyond the
 * extreme takes its place; when the extreme leaves the window, the window
 * is scanned again (oldest to newest, ties to the newest).
 */
#include "feature_internal.h"

typedef struct aroon_core {
    int32_t n, size, pos;    /* ring of size n+1 */
    int64_t today;           /* bar index of the newest bar */
    int64_t hi_at, lo_at;    /* bar index of the extremes, -1 before any */
    double hi, lo, factor;   /* factor = 100/n */
    double *highs, *lows;
} aroon_core;

typedef struct aroon_state {
    aroon_core core;
    double ring[];           /* highs, lows (2(n+1) each: every value twice) */
} aroon_state;

/* The newest of the extremes of w[0..n] (ties to the newest). */
static inline int32_t aroon_scan_low(const double *w, int32_t n, double *lo_out)
{
    double lo = w[0];
    int32_t at = 0;
    for (int32_t k = 1; k <= n; k++)
        if (w[k] <= lo) {
            lo = w[k];
            at = k;
        }
    *lo_out = lo;
    return at;
}

static inline int32_t aroon_scan_high(const double *w, int32_t n, double *hi_out)
{
    double hi = w[0];
    int32_t at = 0;
    for (int32_t k = 1; k <= n; k++)
        if (w[k] >= hi) {
            hi = w[k];
            at = k;
        }
    *hi_out = hi;
    return at;
}

/* Advances by one bar; 1 once the window holds n+1 bars. Each value is
 * stored twice (slot p and p + size), so the window, oldest first, is the
 * contiguous run from slot pos once pos has moved past the new bar. */
static inline int aroon_step(aroon_core *s, double high, double low)
{
    const int32_t p = s->pos;
    s->highs[p] = s->highs[p + s->size] = high;
    s->lows[p] = s->lows[p + s->size] = low;
    s->pos = p + 1 == s->size ? 0 : p + 1;
    int64_t t = ++s->today;
    int64_t first = t - s->n; /* the window's oldest bar */
    if (first < 0)
        return 0;
    if (s->lo_at < first)
        s->lo_at = first + aroon_scan_low(s->lows + s->pos, s->n, &s->lo);
    else if (low <= s->lo) {
        s->lo_at = t;
        s->lo = low;
    }
    if (s->hi_at < first)
        s->hi_at = first + aroon_scan_high(s->highs + s->pos, s->n, &s->hi);
    else if (high >= s->hi) {
        s->hi_at = t;
        s->hi = high;
    }
    return 1;
}

static int32_t aroon_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t aroon_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(aroon_state) + (int64_t)sizeof(double) * 4 * (node->iarg[0] + 1);
}

static void aroon_reset(bc_feature_node *node)
{
    aroon_state *st = node->state;
    aroon_core *s = &st->core;
    s->n = node->iarg[0];
    s->size = s->n + 1;
    s->pos = 0;
    s->today = -1;
    s->hi_at = s->lo_at = -1;
    s->hi = s->lo = 0.0;
    s->factor = 100.0 / (double)s->n;
    s->highs = st->ring; /* a slot is written before it is read */
    s->lows = st->ring + 2 * s->size;
}

static void aroon_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                      const bc_feature_column *cols)
{
    aroon_state *st = node->state;
    aroon_core local = st->core;
    const double *h = in->high, *l = in->low;
    bc_feature_column up = cols[node->slot], down = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        if (!aroon_step(&local, h[i], l[i])) {
            BC_FEATURE_PUT(up, i, NAN);
            BC_FEATURE_PUT(down, i, NAN);
            continue;
        }
        double np = (double)local.n;
        BC_FEATURE_PUT(up, i, local.factor * (np - (double)(local.today - local.hi_at)));
        BC_FEATURE_PUT(down, i, local.factor * (np - (double)(local.today - local.lo_at)));
    }
    st->core = local;
}

static void aroonosc_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                         const bc_feature_column *cols)
{
    aroon_state *st = node->state;
    aroon_core local = st->core;
    const double *h = in->high, *l = in->low;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, aroon_step(&local, h[i], l[i])
                                   ? local.factor * (double)(local.hi_at - local.lo_at)
                                   : (double)NAN);
    st->core = local;
}

const bc_feature_kind bc_feature_kind_aroon = {
    .name = "aroon", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"up", "down"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = aroon_lookback, .state_size = aroon_state_size, .reset = aroon_reset,
    .run = aroon_run,
};

const bc_feature_kind bc_feature_kind_aroonosc = {
    .name = "aroonosc", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = aroon_lookback, .state_size = aroon_state_size, .reset = aroon_reset,
    .run = aroonosc_run,
};
