/*
 * ema.c - ema(n): TA-Lib EMA of the close (SMA seed, k = 2/(n+1), lookback
 * n-1; see ema.h); ema(x,n): the same EMA of any single-column item;
 * chvol(e,n): Chaikin's volatility on that EMA of the bar's range; and
 * ribbon(a,b,c,d): four EMAs of the close in order; zlema(n): the zero-lag
 * EMA, ema.h's EMA(n) of 2*close - close@lag, lag = (n-1)/2. Must not
 * allocate after create.
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "ema.h"
#include "ring.h"

static int32_t ema_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

/* The state is a bc_ema (the streaming engine steps it as one). */
static int64_t ema_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(bc_ema);
}

static void ema_reset(bc_feature_node *node)
{
    bc_ema_init(node->state, node->iarg[0]);
}

BC_FEATURE_LOOP void ema_loop(bc_ema *e, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && !bc_ema_seeded(e); i++)
        BC_FEATURE_PUT(out, i, bc_ema_step(e, x[i]));
    for (; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_ema_next(e, x[i]));
}

static BC_FEATURE_KERNEL void ema_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    bc_ema *state = node->state;
    bc_ema *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        ema_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_ema local = *shared;
    ema_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_ema = {
    .name = "ema", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .overload = &bc_feature_kind_ema_of,
    .lookback = ema_lookback, .state_size = ema_state_size, .reset = ema_reset, .run = ema_run,
};

/* ---- ema(x,n): the EMA of any single-column item ------------------------
 * ema.h's step on the values of x: seeded with the SMA of the first n values
 * of x from its first non-NaN value, then prev + k*(x - prev), k = 2/(n+1)
 * (talib.EMA on the numpy series of x, which starts at x's first finite
 * value). A NaN of x inside the series (a 0/0 of ratio, ...) restarts the
 * average: NaN on that bar and on the next n-1, then the SMA seed of the n
 * values that follow it, so the value is NaN exactly while a NaN of x is
 * among the last n values or fewer than n have come, as mean(x,n)
 * (TA-Lib would carry the NaN forever). Lookback = x's lookback + n - 1.
 * ema(close,n) is ema(n)'s number bit for bit; ema(n) keeps its own kind
 * (the spec's ema with one argument) and name. */
static inline double ema_of_step(bc_ema *e, double x)
{
    if (isnan(x)) {
        bc_ema_reset(e);
        return NAN;
    }
    return bc_ema_step(e, x);
}

static int32_t ema_of_lookback(const bc_feature_node *node, const int32_t *src)
{
    int64_t lb = (int64_t)src[0] + node->iarg[0] - 1;
    return lb > INT32_MAX ? INT32_MAX : (int32_t)lb;
}

BC_FEATURE_LOOP void ema_of_loop(bc_ema *e, const bc_feature_node *node, int64_t n,
                                 const bc_feature_column *cols)
{
    bc_feature_column x = cols[node->source[0]], out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, ema_of_step(e, BC_FEATURE_GET(x, i)));
}

static BC_FEATURE_KERNEL void ema_of_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    (void)in;
    bc_ema *shared = node->state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        ema_of_loop(shared, node, n, cols);
        return;
    }
    bc_ema local = *shared;
    ema_of_loop(&local, node, n, cols);
    *shared = local;
}

/* Spelled ema(x,n) (spec.c picks it when ema has two arguments); its
 * internal name keys its export template. */
const bc_feature_kind bc_feature_kind_ema_of = {
    .name = "ema_of", .args = "fi", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = 0, .lookback = ema_of_lookback,
    .state_size = ema_state_size, .reset = ema_reset, .run = ema_of_run,
};

/* ---- chvol(e,n): Chaikin's volatility ----------------------------------
 * r = ema(high - low, e) (ema.h's step, as ema(diff(high,low),e) bit for
 * bit); chvol = (r / r n bars ago - 1) * 100, the percentage change of the
 * smoothed range over n bars (Chaikin's customary e = n = 10; rising above 0:
 * ranges widening). NaN until r has n+1 values (lookback e-1+n) and where
 * r n bars ago is 0 (a run of flat bars: no range to compare with). The
 * bar's range is always finite (missing bars never reach a kernel). */
typedef struct chvol_state {
    bc_ema ema;
    bc_ring r;              /* the last n values of r */
    double ring[];
} chvol_state;

static inline double chvol_step(chvol_state *s, double high, double low)
{
    double r = bc_ema_step(&s->ema, high - low);
    if (isnan(r))
        return NAN;
    if (!bc_ring_full(&s->r)) {
        bc_ring_push(&s->r, r);
        return NAN;
    }
    double then = bc_ring_swap(&s->r, r);
    if (then == 0.0)
        return NAN;
    return (r / then - 1.0) * 100.0;
}

static int32_t chvol_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1 + node->iarg[1];
}

static int64_t chvol_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(chvol_state, node->iarg[1]);
}

static void chvol_reset(bc_feature_node *node)
{
    chvol_state *s = node->state;
    bc_ema_init(&s->ema, node->iarg[0]);
    bc_ring_init(&s->r, node->iarg[1], s->ring);
}

static void chvol_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                      const bc_feature_column *cols)
{
    chvol_state *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, chvol_step(s, in->high[i], in->low[i]));
}

const bc_feature_kind bc_feature_kind_chvol = {
    .name = "chvol", .args = "ii", .arg_min = {2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = chvol_lookback, .state_size = chvol_state_size, .reset = chvol_reset,
    .run = chvol_run,
};

/* ribbon(a,b,c,d), a < b < c < d: +1 while the four EMAs (ema.h, each the
 * ema item's value bit for bit) are in order fast above slow, ema(a) >
 * ema(b) > ema(c) > ema(d) (a moving-average ribbon lined up upwards), -1
 * while ema(a) < ema(b) < ema(c) < ema(d), 0 otherwise (any tie or any
 * crossing); NaN until ema(d) exists (lookback d-1). The ribbon lining up
 * is cross(ribbon,0.5) = +1 (long) and cross(ribbon,-0.5) = -1 (short). */
typedef struct ribbon_state {
    bc_ema ema[4];
} ribbon_state;

static inline double ribbon_step(ribbon_state *s, double close)
{
    double e[4];
    for (int k = 0; k < 4; k++)
        e[k] = bc_ema_step(&s->ema[k], close);
    if (isnan(e[3]))
        return NAN;
    if (e[0] > e[1] && e[1] > e[2] && e[2] > e[3])
        return 1.0;
    if (e[0] < e[1] && e[1] < e[2] && e[2] < e[3])
        return -1.0;
    return 0.0;
}

/* Periods strictly rising: the order is read fast to slow. */
static int32_t ribbon_check(const bc_feature_node *node, const char *text)
{
    for (int k = 1; k < 4; k++)
        if (node->iarg[k] <= node->iarg[k - 1])
            return bc_fail(BC_E_PARSE,
                           "feature spec: %s: the periods must rise, fast to slow (%d is not "
                           "above %d)", text, node->iarg[k], node->iarg[k - 1]);
    return BC_OK;
}

static int32_t ribbon_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[3] - 1;
}

static int64_t ribbon_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(ribbon_state);
}

static void ribbon_reset(bc_feature_node *node)
{
    ribbon_state *s = node->state;
    for (int k = 0; k < 4; k++)
        bc_ema_init(&s->ema[k], node->iarg[k]);
}

static void ribbon_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                       const bc_feature_column *cols)
{
    ribbon_state *s = node->state;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, ribbon_step(s, x[i]));
}

const bc_feature_kind bc_feature_kind_ribbon = {
    .name = "ribbon", .args = "iiii", .arg_min = {2, 2, 2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD,
                BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .check = ribbon_check,
    .lookback = ribbon_lookback, .state_size = ribbon_state_size, .reset = ribbon_reset,
    .run = ribbon_run,
};

/* ---- zlema(n): the zero-lag EMA ---------------------------------------------
 * Ehlers and Way's zero-lag EMA: ema.h's EMA(n) (TA-Lib EMA: k = 2/(n+1),
 * seeded with the SMA of its first n inputs) of the de-lagged close
 * 2*close - close@lag, lag = (n-1)/2 rounded down (9 for n = 20). The
 * input exists from bar lag on, so the EMA's seed is the mean of the
 * inputs on bars lag .. lag+n-1 and the first value is on bar lag+n-1
 * (the lookback): talib.EMA(2*c[lag:] - c[:-lag], n) placed from bar lag,
 * to a few ulps (the step is ema.h's fused one). One ring of the last
 * lag+1 closes; missing bars never reach the kernel. Usable wherever
 * sma/ema are: cross(close,zlema(20)), ratio(close,zlema(20)). */
typedef struct zlema_state {
    bc_ema ema;
    bc_ring r;              /* the last lag+1 closes */
    double ring[];
} zlema_state;

static inline int32_t zlema_lag(int32_t n)
{
    return (n - 1) / 2;
}

static inline double zlema_step(zlema_state *s, double close)
{
    bc_ring_push(&s->r, close);
    if (!bc_ring_full(&s->r))
        return NAN;
    /* full: the next slot holds the close lag bars back */
    return bc_ema_step(&s->ema, 2.0 * close - bc_ring_oldest(&s->r));
}

static int32_t zlema_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return zlema_lag(node->iarg[0]) + node->iarg[0] - 1;
}

static int64_t zlema_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(zlema_state, zlema_lag(node->iarg[0]) + 1);
}

static void zlema_reset(bc_feature_node *node)
{
    zlema_state *s = node->state;
    bc_ema_init(&s->ema, node->iarg[0]);
    bc_ring_init(&s->r, zlema_lag(node->iarg[0]) + 1, s->ring);
}

static BC_FEATURE_KERNEL void zlema_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    zlema_state *s = node->state;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, zlema_step(s, in->close[i]));
}

const bc_feature_kind bc_feature_kind_zlema = {
    .name = "zlema", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = zlema_lookback,
    .state_size = zlema_state_size, .reset = zlema_reset, .run = zlema_run,
};
