/*
 * elder.c - Alexander Elder's two MetaTrader 5 indicators and his market
 * thermometer:
 *   elderray(n) -> .bull .bear   MT5 iBullsPower / iBearsPower (MT5's default
 *                n 13): bull = high - ema(n), bear = low - ema(n), one
 *                ema(n) of the close (ema.h: TA-Lib's SMA seed) shared by
 *                both lines; lookback n-1
 *   force(n)     Elder's force index (MT5 iForce with MODE_EMA, MT5's
 *                default n 13): ema(n) of (close - close@1) x volume, the
 *                ema seeded with the mean of the first n products (bars 1
 *                .. n); lookback n
 *   thermo(n) -> .temp .ratio   Elder's market thermometer (Come Into My
 *                Trading Room, 2002; customary n 22): temp = max(high -
 *                previous high, previous low - low, 0), the bar's
 *                extension beyond the previous bar's range (0 on an inside
 *                bar), from bar 1; ratio = temp / ema(temp, n) (ema.h:
 *                TA-Lib's seed, the mean of temps 1..n), 1 where that ema
 *                is 0 (an all-inside stretch: temp equals its average).
 *                His readings: a quiet day below its average (ratio < 1),
 *                a spike above 3 x (ratio > 3). Both outputs NaN until
 *                the ratio exists: lookback n
 * MT5's own iForce takes the moving average of the close first and
 * multiplies its change by the volume; this is Elder's (and TA-Lib
 * scripts') order, which is what bots written in Python compute.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ema.h"

/* ---- elderray ----------------------------------------------------------- */

static int32_t elderray_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

static int64_t elderray_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(bc_ema);
}

static void elderray_reset(bc_feature_node *node)
{
    bc_ema_init(node->state, node->iarg[0]);
}

static BC_FEATURE_KERNEL void elderray_run(bc_feature_node *node, const bc_feature_inputs *in,
                                           int64_t n, const bc_feature_column *cols)
{
    bc_ema *e = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    const bc_feature_column *out = cols + node->slot;
    for (int64_t i = 0; i < n; i++) {
        double m = bc_ema_step(e, c[i]); /* NaN before the seed */
        BC_FEATURE_PUT(out[0], i, h[i] - m);
        BC_FEATURE_PUT(out[1], i, l[i] - m);
    }
}

const bc_feature_kind bc_feature_kind_elderray = {
    .name = "elderray", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"bull", "bear"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = elderray_lookback, .state_size = elderray_state_size,
    .reset = elderray_reset, .run = elderray_run,
};

/* ---- force -------------------------------------------------------------- */

typedef struct force_state {
    int64_t seen;
    double prev_close;
    bc_ema ema;
} force_state;

static int32_t force_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t force_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(force_state);
}

static void force_reset(bc_feature_node *node)
{
    force_state *s = node->state;
    s->seen = 0;
    s->prev_close = 0.0;
    bc_ema_init(&s->ema, node->iarg[0]);
}

static BC_FEATURE_KERNEL void force_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    force_state *s = node->state;
    const double *c = in->close, *v = in->volume;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double f = NAN; /* the first bar has no previous close */
        if (s->seen++ > 0)
            f = bc_ema_step(&s->ema, (c[i] - s->prev_close) * v[i]);
        s->prev_close = c[i];
        BC_FEATURE_PUT(out, i, f);
    }
}

const bc_feature_kind bc_feature_kind_force = {
    .name = "force", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_VOLUME,
    .lookback = force_lookback, .state_size = force_state_size,
    .reset = force_reset, .run = force_run,
};

/* ---- thermo ------------------------------------------------------------- */

typedef struct thermo_state {
    int64_t seen;
    double prev_high, prev_low;
    bc_ema ema;
} thermo_state;

static int32_t thermo_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t thermo_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(thermo_state);
}

static void thermo_reset(bc_feature_node *node)
{
    thermo_state *s = node->state;
    s->seen = 0;
    s->prev_high = s->prev_low = 0.0;
    bc_ema_init(&s->ema, node->iarg[0]);
}

static BC_FEATURE_KERNEL void thermo_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    thermo_state *s = node->state;
    const double *h = in->high, *l = in->low;
    bc_feature_column temp_out = cols[node->slot], ratio_out = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double temp = NAN, ratio = NAN; /* the first bar has no previous range */
        if (s->seen++ > 0) {
            double up = h[i] - s->prev_high, down = s->prev_low - l[i];
            double t = up > down ? up : down;
            t = t > 0.0 ? t : 0.0;
            double avg = bc_ema_step(&s->ema, t);
            if (bc_ema_seeded(&s->ema)) {
                temp = t;
                ratio = avg > 0.0 ? t / avg : 1.0;
            }
        }
        s->prev_high = h[i];
        s->prev_low = l[i];
        BC_FEATURE_PUT(temp_out, i, temp);
        BC_FEATURE_PUT(ratio_out, i, ratio);
    }
}

const bc_feature_kind bc_feature_kind_thermo = {
    .name = "thermo", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"temp", "ratio"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = thermo_lookback, .state_size = thermo_state_size,
    .reset = thermo_reset, .run = thermo_run,
};
