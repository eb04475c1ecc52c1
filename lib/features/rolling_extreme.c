/*
 * rolling_extreme.c - max(x,n) and min(x,n): the largest / smallest of the
 * last n values of a single-column item (Donchian channels: max(high,20),
 * min(low,20)). A monotonic deque of (value, bar) pairs gives amortized O(1)
 * per bar (each value enters and leaves once). NaN until n values have come
 * and while a NaN of x is among the last n; lookback = x's lookback + n - 1.
 * vixfix(n): Larry Williams' VIX Fix, (hc - low) / hc x 100 with hc =
 * max(close,n) (the same deque on the close: TA-Lib MAX(close, n), this
 * bar's close included); NaN while hc is NaN (the first n-1 bars, a missing
 * close among the last n), where low is NaN, and where hc is 0. Lookback
 * n-1.
 * ulcer(n): Peter Martin's ulcer index of the close, sqrt of the mean of
 * the last n squared percentage drawdowns d = 100 (close - hc) / hc, hc =
 * max(close,n) at each bar (the same deque); the mean is sma.h's (TA-Lib
 * SMA of d*d, talib.SMA(d*d, n) on talib.MAX(close, n)); d is 0 where hc
 * is 0 (the mean stays finite), and a mean that rounds below 0 gives 0.
 * Lookback 2(n-1): hc from bar n-1, its mean n-1 bars later.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "sma.h"

typedef struct extreme_core {
    int32_t n, head, count;     /* deque: count entries of a ring of n from head */
    int64_t seen;               /* bars since reset */
    int64_t last_nan;           /* bar of the newest NaN, -1 - n when none */
    double *value;
    int64_t *bar;
} extreme_core;

typedef struct extreme_state {
    extreme_core core;
    int64_t bar[];              /* then n doubles */
} extreme_state;

/* From front to back the deque's values strictly decrease for max (increase
 * for min), so the front is the window's extreme. A new value first drops
 * from the back the entries it equals or beats (the newer one outlives
 * them), and entries older than n bars leave at the front. */
static inline double extreme_step(extreme_core *s, double x, int is_min)
{
    const int32_t n = s->n;
    const int64_t i = s->seen++;
    if (isnan(x)) {
        s->last_nan = i;
        return NAN;
    }
    while (s->count > 0 && s->bar[s->head] <= i - n) {
        if (++s->head == n)
            s->head = 0;
        s->count--;
    }
    while (s->count > 0) {
        int32_t back = s->head + s->count - 1;
        if (back >= n)
            back -= n;
        double v = s->value[back];
        if (is_min ? !(v >= x) : !(v <= x))
            break;
        s->count--;
    }
    int32_t tail = s->head + s->count;
    if (tail >= n)
        tail -= n;
    s->value[tail] = x;
    s->bar[tail] = i;
    s->count++;
    if (i < n - 1 || s->last_nan > i - n)
        return NAN;
    return s->value[s->head];
}

static int32_t extreme_lookback(const bc_feature_node *node, const int32_t *src)
{
    int64_t lb = (int64_t)src[0] + node->iarg[0] - 1;
    return lb > INT32_MAX ? INT32_MAX : (int32_t)lb;
}

static int64_t extreme_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(extreme_state) +
           (int64_t)(sizeof(int64_t) + sizeof(double)) * node->iarg[0];
}

static void extreme_reset(bc_feature_node *node)
{
    extreme_state *s = node->state;
    s->core.n = node->iarg[0];
    s->core.head = s->core.count = 0;
    s->core.seen = 0;
    s->core.last_nan = -1 - (int64_t)node->iarg[0];
    s->core.bar = s->bar;
    s->core.value = (double *)(s->bar + node->iarg[0]);
}

BC_FEATURE_LOOP void extreme_loop(extreme_core *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols, int is_min)
{
    (void)in;
    bc_feature_column x = cols[node->source[0]], out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, extreme_step(s, BC_FEATURE_GET(x, i), is_min));
}

BC_FEATURE_LOOP void extreme_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols, int is_min)
{
    extreme_state *state = node->state;
    extreme_core *shared = &state->core;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        extreme_loop(shared, node, in, n, cols, is_min);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    extreme_core local = *shared;
    extreme_loop(&local, node, in, n, cols, is_min);
    *shared = local;
}

static BC_FEATURE_KERNEL void max_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    extreme_run(node, in, n, cols, 0);
}

static BC_FEATURE_KERNEL void min_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    extreme_run(node, in, n, cols, 1);
}

const bc_feature_kind bc_feature_kind_max = {
    .name = "max", .args = "fi", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = 0, .lookback = extreme_lookback,
    .state_size = extreme_state_size, .reset = extreme_reset, .run = max_run,
};

const bc_feature_kind bc_feature_kind_min = {
    .name = "min", .args = "fi", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = 0, .lookback = extreme_lookback,
    .state_size = extreme_state_size, .reset = extreme_reset, .run = min_run,
};

/* ---- vixfix: Williams' VIX Fix ------------------------------------------ */

static int32_t vixfix_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static inline double vixfix_value(double hc, double low)
{
    return hc == 0.0 ? NAN : (hc - low) / hc * 100.0; /* NaN stays NaN */
}

static BC_FEATURE_KERNEL void vixfix_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    extreme_state *state = node->state;
    extreme_core s = state->core; /* a local copy: outputs cannot alias it */
    const double *c = in->close, *l = in->low;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, vixfix_value(extreme_step(&s, c[i], 0), l[i]));
    state->core = s;
}

const bc_feature_kind bc_feature_kind_vixfix = {
    .name = "vixfix", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_LOW,
    .lookback = vixfix_lookback, .state_size = extreme_state_size,
    .reset = extreme_reset, .run = vixfix_run,
};

/* ---- ulcer: Martin's ulcer index ---------------------------------------- */

typedef struct ulcer_state {
    extreme_core core;
    bc_sma mean;                /* of the squared drawdowns */
    int64_t bar[];              /* then n doubles (deque), n doubles (mean's ring) */
} ulcer_state;

static int32_t ulcer_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 * (node->iarg[0] - 1);
}

static int64_t ulcer_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(ulcer_state) +
           (int64_t)(sizeof(int64_t) + 2 * sizeof(double)) * node->iarg[0];
}

static void ulcer_reset(bc_feature_node *node)
{
    ulcer_state *s = node->state;
    const int32_t n = node->iarg[0];
    s->core.n = n;
    s->core.head = s->core.count = 0;
    s->core.seen = 0;
    s->core.last_nan = -1 - (int64_t)n;
    s->core.bar = s->bar;
    s->core.value = (double *)(s->bar + n);
    bc_sma_init(&s->mean, n, s->core.value + n);
}

/* The squared percentage drawdown of the close below hc (0 where hc is 0). */
static inline double ulcer_square(double c, double hc)
{
    double d = hc == 0.0 ? 0.0 : 100.0 * (c - hc) / hc;
    return d * d;
}

static inline double ulcer_root(double m)
{
    return m > 0.0 ? sqrt(m) : (m == m ? 0.0 : m); /* NaN stays NaN */
}

static BC_FEATURE_KERNEL void ulcer_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    ulcer_state *state = node->state;
    extreme_core s = state->core; /* local copies: outputs cannot alias them */
    bc_sma mean = state->mean;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double hc = extreme_step(&s, c[i], 0);
        double m = isnan(hc) ? NAN : bc_sma_step(&mean, ulcer_square(c[i], hc));
        BC_FEATURE_PUT(out, i, ulcer_root(m));
    }
    state->core = s;
    state->mean = mean;
}

const bc_feature_kind bc_feature_kind_ulcer = {
    .name = "ulcer", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = ulcer_lookback,
    .state_size = ulcer_state_size, .reset = ulcer_reset, .run = ulcer_run,
};
