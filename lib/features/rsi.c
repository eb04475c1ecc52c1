/*
 * rsi.c - rsi(n) and cmo(n): TA-Lib RSI and CMO, one Wilder smoothing of
 * gains and losses (unstable period 0, default compatibility): gains and
 * losses of the first n changes averaged, then avg = (avg*(n-1) + change)/n,
 * evaluated as fma(avg, (n-1)/n, change/n) (one fused multiply-add on the
 * chain; equal to TA-Lib's to rounding); rsi = 100*g/(g+l), cmo =
 * 100*(g-l)/(g+l) (ta_CMO.c smooths as ta_RSI.c does, not Chande's plain
 * n-bar sums), each 0 when g+l is TA_IS_ZERO. Lookback n. The up/down split
 * is a select, not a branch: no mispredictions on real prices.
 * vidya(n,m): Chande's VIDYA on cmo(m) (see vidya_step); lookback m.
 */
#include "feature_internal.h"
#include "rsi.h"

static int32_t rsi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

/* The state is a bc_rsi (the streaming engine steps it as one). */
static int64_t rsi_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(bc_rsi);
}

static void rsi_reset(bc_feature_node *node)
{
    bc_rsi_init(node->state, node->iarg[0]);
}

/* The smoothing and one reading of it: cmo (a constant at each call, so
 * each run() gets its own loop) or rsi. */
BC_FEATURE_LOOP void wilder_loop(bc_rsi *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols, int cmo)
{
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && s->count <= s->n; i++) {
        int ready = bc_rsi_advance(s, x[i]);
        BC_FEATURE_PUT(out, i, !ready ? NAN : cmo ? bc_cmo_value(s) : bc_rsi_value(s));
    }
    for (; i < n; i++) {
        bc_rsi_smooth(s, x[i]);
        BC_FEATURE_PUT(out, i, cmo ? bc_cmo_value(s) : bc_rsi_value(s));
    }
}

BC_FEATURE_LOOP void wilder_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols, int cmo)
{
    bc_rsi *shared = node->state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        wilder_loop(shared, node, in, n, cols, cmo);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_rsi local = *shared;
    wilder_loop(&local, node, in, n, cols, cmo);
    *shared = local;
}

static BC_FEATURE_KERNEL void rsi_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    wilder_run(node, in, n, cols, 0);
}

static BC_FEATURE_KERNEL void cmo_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    wilder_run(node, in, n, cols, 1);
}

const bc_feature_kind bc_feature_kind_rsi = {
    .name = "rsi", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = rsi_lookback,
    .state_size = rsi_state_size, .reset = rsi_reset, .run = rsi_run,
};

/* cmo(n): Chande's momentum oscillator as TA-Lib computes it, -100..100;
 * TA-Lib refuses n = 1 as rsi's grammar does. */
const bc_feature_kind bc_feature_kind_cmo = {
    .name = "cmo", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = rsi_lookback,
    .state_size = rsi_state_size, .reset = rsi_reset, .run = cmo_run,
};

/* vidya(n,m): Chande's variable index dynamic average with cmo(m) (TA-Lib's
 * CMO above, rsi.h) as its volatility index:
 *   a = 2/(n+1) x |cmo(m)| / 100   (evaluated ((2/(n+1)) x |cmo|) / 100)
 *   vidya = a x close + (1 - a) x vidya'
 * two products and a sum, each its own rounding (no fma: float64's and the
 * exported template's bits). Seed: the close of bar m, the first bar with a
 * cmo (vidya = close there); NaN before it. Lookback m. The first cmo is
 * not used for a step (the seed is the close itself). cmo is 0 on a
 * flat window, so a flat stretch holds vidya. */
typedef struct vidya_state {
    bc_rsi cmo;
    int32_t seeded;
    double k, value;
} vidya_state;

static int32_t vidya_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[1];
}

static int64_t vidya_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(vidya_state);
}

static void vidya_reset(bc_feature_node *node)
{
    vidya_state *s = node->state;
    bc_rsi_init(&s->cmo, node->iarg[1]);
    s->k = 2.0 / ((double)(node->iarg[0] + 1));
    s->seeded = 0;
    s->value = 0.0;
}

static inline double vidya_step(vidya_state *s, double close)
{
    if (!bc_rsi_advance(&s->cmo, close))
        return NAN;
    if (!s->seeded) { /* the first bar with a cmo: the seed */
        s->seeded = 1;
        s->value = close;
        return close;
    }
    double a = s->k * fabs(bc_cmo_value(&s->cmo)) / 100.0;
    double now = a * close;
    double kept = (1.0 - a) * s->value;
    s->value = now + kept;
    return s->value;
}

static BC_FEATURE_KERNEL void vidya_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    vidya_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, vidya_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_vidya = {
    .name = "vidya", .args = "ii", .arg_min = {1, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = vidya_lookback,
    .state_size = vidya_state_size, .reset = vidya_reset, .run = vidya_run,
};
