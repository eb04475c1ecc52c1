/*
 * elder.c - Alexander Elder's two MetaTrader 5 indicators:
 *   elderray(n) -> .bull .bear   MT5 iBullsPower / iBearsPower (MT5's default
 *                n 13): bull = high - ema(n), bear = low - ema(n), one
 *                ema(n) of the close (ema.h: TA-Lib's SMA seed) shared by
 *                both lines; lookback n-1
 *   force(n)     Elder's force index (MT5 iForce with MODE_EMA, MT5's
 *                default n 13): ema(n) of (close - close@1) x volume, the
 *                ema seeded with the mean of the first n products (bars 1
 *                .. n); lookback n
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
