/*
 * adx.c - Wilder's directional movement: adx(n) (TA-Lib ADX) and dmi(n)
 * (.plus .minus: TA-Lib PLUS_DI and MINUS_DI), both from one smoothing
 * (dm_step). Bars 1..n-1 sum +DM, -DM and true range; from bar n they are
 * smoothed (x -= x/n; x += new) and the lines are +DI = 100*(+DM)/TR and
 * -DI = 100*(-DM)/TR (dmi's lookback n; 0 where TR is TA_IS_ZERO, as
 * TA-Lib's PLUS_DI writes). adx sums DX over bars n..2n-1; the first ADX is
 * that sum / n on bar 2n-1 (lookback 2n-1), then adx = (adx*(n-1) + dx)/n;
 * DX is skipped where TA-Lib's TA_IS_ZERO says. The +DM/-DM cases are
 * selects, not branches. Divisions by n are multiplications by (n-1)/n and
 * 1/n, and both DIs share one 1/TR: equal to TA-Lib to rounding, with short
 * dependency chains. MetaTrader 5's iADX lines smooth differently (an EMA
 * of each bar's DI); dmi is Wilder's and TA-Lib's definition.
 */
#include "feature_internal.h"
#include "ring.h"
#include "true_range.h"

/* The smoothed +DM, -DM and TR that adx and dmi read. */
typedef struct dm_state {
    int32_t n, count;   /* count: bars seen, up to n */
    double c1, inv_n;   /* (n-1)/n, 1/n */
    double prev_high, prev_low, prev_close;
    double plus_dm, minus_dm, tr;
} dm_state;

typedef struct adx_state {
    dm_state dm;
    int32_t dx_count;   /* bars with DX seen, up to n */
    double sum_dx, adx;
} adx_state;

/* The zero test of TR and of +DI + -DI (never negative): as rsi.h's, only
 * an exact 0, which is what TA-Lib C 0.8.1 (the reference wheel's) does at
 * any price scale; TA-Lib 0.4's band |v| < 1e-8 zeroed the lines of a
 * series priced below about 1e-6. */
static inline int adx_is_zero(double v)
{
    return v == 0.0;
}

static void dm_init(dm_state *s, int32_t n)
{
    s->n = n;
    s->c1 = (double)(n - 1) / n;
    s->inv_n = 1.0 / n;
    s->count = 0;
    s->prev_high = s->prev_low = s->prev_close = 0.0;
    s->plus_dm = s->minus_dm = s->tr = 0.0;
}

/* One bar into the sums; 1 from bar n on, when they are smoothed. */
static inline int dm_step(dm_state *s, double high, double low, double close)
{
    if (s->count == 0) {
        s->count = 1;
        s->prev_high = high;
        s->prev_low = low;
        s->prev_close = close;
        return 0;
    }
    double diff_p = high - s->prev_high;
    double diff_m = s->prev_low - low;
    s->prev_high = high;
    s->prev_low = low;
    double tr = bc_true_range(high, low, s->prev_close);
    s->prev_close = close;
    /* TA-Lib: if (diffM > 0 && diffP < diffM) -DM += diffM;
     *         else if (diffP > 0 && diffP > diffM) +DM += diffP. */
    double minus = (diff_m > 0.0 && diff_p < diff_m) ? diff_m : 0.0;
    double plus = (diff_p > 0.0 && diff_p > diff_m) ? diff_p : 0.0;
    if (s->count < s->n) { /* bars 1..n-1: plain sums */
        s->count++;
        s->minus_dm += minus;
        s->plus_dm += plus;
        s->tr += tr;
        return 0;
    }
    s->minus_dm = fma(s->minus_dm, s->c1, minus);
    s->plus_dm = fma(s->plus_dm, s->c1, plus);
    s->tr = fma(s->tr, s->c1, tr);
    return 1;
}

/* +DI and -DI of the smoothed sums; 0 (and no lines) where TR is
 * TA_IS_ZERO. */
static inline int dm_lines(const dm_state *s, double *plus_di, double *minus_di)
{
    if (adx_is_zero(s->tr))
        return 0;
    double scale = 100.0 / s->tr;
    *minus_di = s->minus_dm * scale;
    *plus_di = s->plus_dm * scale;
    return 1;
}

static inline double adx_step(adx_state *s, double high, double low, double close)
{
    if (!dm_step(&s->dm, high, low, close))
        return NAN;
    double dx = NAN, plus_di, minus_di;
    if (dm_lines(&s->dm, &plus_di, &minus_di)) {
        double sum = minus_di + plus_di;
        if (!adx_is_zero(sum))
            dx = 100.0 * (fabs(minus_di - plus_di) / sum);
    }
    const int32_t n = s->dm.n;
    if (s->dx_count < n - 1) { /* bars n..2n-2: sum DX */
        s->dx_count++;
        if (!isnan(dx))
            s->sum_dx += dx;
        return NAN;
    }
    if (s->dx_count == n - 1) { /* bar 2n-1: the first ADX */
        s->dx_count++;
        if (!isnan(dx))
            s->sum_dx += dx;
        s->adx = s->sum_dx * s->dm.inv_n;
        return s->adx;
    }
    if (!isnan(dx))
        s->adx = fma(s->adx, s->dm.c1, dx * s->dm.inv_n);
    return s->adx;
}

static int32_t adx_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 2 * node->iarg[0] - 1;
}

static int64_t adx_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(adx_state);
}

static void adx_reset(bc_feature_node *node)
{
    adx_state *s = node->state;
    dm_init(&s->dm, node->iarg[0]);
    s->dx_count = 0;
    s->sum_dx = s->adx = 0.0;
}

BC_FEATURE_LOOP void adx_loop(adx_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, adx_step(s, h[i], l[i], c[i]));
}

static BC_FEATURE_KERNEL void adx_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    adx_state *state = node->state;
    adx_state *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        adx_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    adx_state local = *shared;
    adx_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_adx = {
    .name = "adx", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = adx_lookback, .state_size = adx_state_size, .reset = adx_reset,
    .run = adx_run,
};

/* ---- dmi(n): the two lines ---- */

static int32_t dmi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t dmi_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(dm_state);
}

static void dmi_reset(bc_feature_node *node)
{
    dm_init(node->state, node->iarg[0]);
}

BC_FEATURE_LOOP void dmi_loop(dm_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column plus = cols[node->slot], minus = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double plus_di = NAN, minus_di = NAN;
        if (dm_step(s, h[i], l[i], c[i]) && !dm_lines(s, &plus_di, &minus_di))
            plus_di = minus_di = 0.0;
        BC_FEATURE_PUT(plus, i, plus_di);
        BC_FEATURE_PUT(minus, i, minus_di);
    }
}

static BC_FEATURE_KERNEL void dmi_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    dm_state *shared = node->state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        dmi_loop(shared, node, in, n, cols);
        return;
    }
    dm_state local = *shared;
    dmi_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_dmi = {
    .name = "dmi", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"plus", "minus"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = dmi_lookback, .state_size = dmi_state_size, .reset = dmi_reset,
    .run = dmi_run,
};

/* ---- adxr(n): Wilder's ADX rating, TA-Lib ADXR ----
 * adxr = (adx + the adx n-1 bars earlier) / 2 on adx_step's ADX (the same
 * kernel, so the ADX bits are adx(n)'s); lookback 3n-2 (adx's 2n-1, then n-1
 * more bars); NaN before. The n-1 earlier ADX values live in a ring.h ring
 * sized at create. */

typedef struct adxr_state {
    adx_state adx;
    bc_ring r;          /* the last n-1 ADX values */
    double ring[];
} adxr_state;

static int32_t adxr_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 3 * node->iarg[0] - 2;
}

static int64_t adxr_state_size(const bc_feature_node *node)
{
    return BC_RING_STATE_SIZE(adxr_state, node->iarg[0] - 1);
}

static void adxr_reset(bc_feature_node *node)
{
    adxr_state *s = node->state;
    dm_init(&s->adx.dm, node->iarg[0]);
    s->adx.dx_count = 0;
    s->adx.sum_dx = s->adx.adx = 0.0;
    bc_ring_init(&s->r, node->iarg[0] - 1, s->ring);
}

static BC_FEATURE_KERNEL void adxr_run(bc_feature_node *node, const bc_feature_inputs *in,
                                       int64_t n, const bc_feature_column *cols)
{
    adxr_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double a = adx_step(&s->adx, h[i], l[i], c[i]), r = NAN;
        if (!isnan(a)) {
            if (bc_ring_full(&s->r))
                r = (a + bc_ring_swap(&s->r, a)) / 2.0; /* the ADX n-1 bars earlier */
            else
                bc_ring_push(&s->r, a);
        }
        BC_FEATURE_PUT(out, i, r);
    }
}

const bc_feature_kind bc_feature_kind_adxr = {
    .name = "adxr", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = adxr_lookback, .state_size = adxr_state_size, .reset = adxr_reset,
    .run = adxr_run,
};
