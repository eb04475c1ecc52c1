/*
 * tsi.c - tsi(r,s,k) -> .line .signal: Blau's true strength index. With
 * d = close - close@1 (from bar 1), line = 100 x ema(s) of ema(r) of d over
 * ema(s) of ema(r) of |d|, signal = ema(k) of line. Every ema is ema.h's
 * (TA-Lib's seed: the mean of its first n inputs, so the chain seeds as
 * TA-Lib's EMA applied to each series from its first finite value). As
 * macd, both outputs are NaN until the signal exists: lookback r+s+k-2
 * (the first change is on bar 1).
 * A line whose |d| average is 0 (no move in the window) is 0, not NaN, so
 * one flat stretch does not poison the signal. Must not allocate.
 *
 * eco(r,s,k) -> .line .signal: Blau's ergodic candlestick oscillator
 * (Momentum, Direction and Divergence, 1995): the same double smoothing
 * of the bar's body close - open over its range high - low (from bar 0),
 * line = 100 x ema(s) of ema(r) of the body over ema(s) of ema(r) of the
 * range, signal = ema(k) of line; his (32,5) with a 5-bar signal. Both NaN
 * until the signal exists: lookback r+s+k-3; a line whose range average is
 * 0 is 0, as tsi's.
 *
 * dti(r,s,u): Blau's directional trend index, the same smoothing taken a
 * third time on the highs' and lows' moves (see its section below).
 */
#include "feature_internal.h"
#include "ema.h"

typedef struct tsi_state {
    int64_t seen;
    double prev_close;
    bc_ema move_r, move_s, size_r, size_s, signal; /* d and |d| chains */
} tsi_state;

static int32_t tsi_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] + node->iarg[1] + node->iarg[2] - 2;
}

static int64_t tsi_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(tsi_state);
}

static void tsi_reset(bc_feature_node *node)
{
    tsi_state *s = node->state;
    s->seen = 0;
    s->prev_close = 0.0;
    bc_ema_init(&s->move_r, node->iarg[0]);
    bc_ema_init(&s->size_r, node->iarg[0]);
    bc_ema_init(&s->move_s, node->iarg[1]);
    bc_ema_init(&s->size_s, node->iarg[1]);
    bc_ema_init(&s->signal, node->iarg[2]);
}

/* One stage of Blau's smoothing: the move m and its size a each through
 * their own ema of one period (the pair's order: m first); 1 once the pair
 * is seeded (both seed together). tsi, eco and dti chain two or three. */
static inline int smooth_pair(bc_ema *move, bc_ema *size, double *m, double *a)
{
    *m = bc_ema_step(move, *m);
    *a = bc_ema_step(size, *a);
    return bc_ema_seeded(move);
}

static inline void tsi_step(tsi_state *s, double close, double *line, double *signal)
{
    *line = *signal = NAN;
    if (s->seen++ == 0) { /* the first bar has no change */
        s->prev_close = close;
        return;
    }
    double d = close - s->prev_close;
    s->prev_close = close;
    double m = d, a = fabs(d);
    if (!smooth_pair(&s->move_r, &s->size_r, &m, &a) ||
        !smooth_pair(&s->move_s, &s->size_s, &m, &a))
        return;
    double l = a != 0.0 ? 100.0 * m / a : 0.0; /* the reference's order: (100 m) / a */
    double g = bc_ema_step(&s->signal, l);
    if (!bc_ema_seeded(&s->signal))
        return;
    *line = l;
    *signal = g;
}

static BC_FEATURE_KERNEL void tsi_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    tsi_state *s = node->state;
    const double *c = in->close;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double l, g;
        tsi_step(s, c[i], &l, &g);
        BC_FEATURE_PUT(ol, i, l);
        BC_FEATURE_PUT(os, i, g);
    }
}

const bc_feature_kind bc_feature_kind_tsi = {
    .name = "tsi", .args = "iii", .arg_min = {1, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "signal"}, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = tsi_lookback, .state_size = tsi_state_size,
    .reset = tsi_reset, .run = tsi_run,
};

/* ---- eco(r,s,k) ---------------------------------------------------------- */
typedef struct eco_state {
    bc_ema body_r, body_s, range_r, range_s, signal;
} eco_state;

static int32_t eco_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] + node->iarg[1] + node->iarg[2] - 3;
}

static int64_t eco_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(eco_state);
}

static void eco_reset(bc_feature_node *node)
{
    eco_state *s = node->state;
    bc_ema_init(&s->body_r, node->iarg[0]);
    bc_ema_init(&s->range_r, node->iarg[0]);
    bc_ema_init(&s->body_s, node->iarg[1]);
    bc_ema_init(&s->range_s, node->iarg[1]);
    bc_ema_init(&s->signal, node->iarg[2]);
}

static inline void eco_step(eco_state *s, double open, double high, double low, double close,
                            double *line, double *signal)
{
    *line = *signal = NAN;
    double m = close - open, a = high - low;
    if (!smooth_pair(&s->body_r, &s->range_r, &m, &a) ||
        !smooth_pair(&s->body_s, &s->range_s, &m, &a))
        return;
    double l = a != 0.0 ? 100.0 * m / a : 0.0;
    double g = bc_ema_step(&s->signal, l);
    if (!bc_ema_seeded(&s->signal))
        return;
    *line = l;
    *signal = g;
}

static BC_FEATURE_KERNEL void eco_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    eco_state *s = node->state;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double l, g;
        eco_step(s, in->open[i], in->high[i], in->low[i], in->close[i], &l, &g);
        BC_FEATURE_PUT(ol, i, l);
        BC_FEATURE_PUT(os, i, g);
    }
}

const bc_feature_kind bc_feature_kind_eco = {
    .name = "eco", .args = "iii", .arg_min = {1, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "signal"},
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = eco_lookback, .state_size = eco_state_size,
    .reset = eco_reset, .run = eco_run,
};

/* ---- dti(r,s,u) ---------------------------------------------------------- */
/*
 * dti(r,s,u): Blau's directional trend index (Momentum, Direction and
 * Divergence, 1995). From bar 1, hmu = high - high@1 where positive, else 0,
 * lmd = low@1 - low where positive, else 0, d = hmu - lmd; the line is
 * 100 x ema(u) of ema(s) of ema(r) of d over the same triple smoothing of
 * |d| (each ema ema.h's, TA-Lib-seeded), his (14,10,5). NaN until the third
 * ema is seeded: lookback r+s+u-2; 0 where the |d| average is 0, as tsi's.
 */
typedef struct dti_state {
    int64_t seen;
    double prev_high, prev_low;
    bc_ema move_r, move_s, move_u, size_r, size_s, size_u;
} dti_state;

static int64_t dti_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(dti_state);
}

static void dti_reset(bc_feature_node *node)
{
    dti_state *s = node->state;
    s->seen = 0;
    s->prev_high = s->prev_low = 0.0;
    bc_ema_init(&s->move_r, node->iarg[0]);
    bc_ema_init(&s->size_r, node->iarg[0]);
    bc_ema_init(&s->move_s, node->iarg[1]);
    bc_ema_init(&s->size_s, node->iarg[1]);
    bc_ema_init(&s->move_u, node->iarg[2]);
    bc_ema_init(&s->size_u, node->iarg[2]);
}

static inline double dti_step(dti_state *s, double high, double low)
{
    if (s->seen++ == 0) { /* the first bar has no move */
        s->prev_high = high;
        s->prev_low = low;
        return NAN;
    }
    double hmu = high - s->prev_high, lmd = s->prev_low - low;
    s->prev_high = high;
    s->prev_low = low;
    double d = (hmu > 0.0 ? hmu : 0.0) - (lmd > 0.0 ? lmd : 0.0);
    double m = d, a = fabs(d);
    if (!smooth_pair(&s->move_r, &s->size_r, &m, &a) ||
        !smooth_pair(&s->move_s, &s->size_s, &m, &a) ||
        !smooth_pair(&s->move_u, &s->size_u, &m, &a))
        return NAN;
    return a != 0.0 ? 100.0 * m / a : 0.0;
}

static BC_FEATURE_KERNEL void dti_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    dti_state *s = node->state;
    bc_feature_column o = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(o, i, dti_step(s, in->high[i], in->low[i]));
}

const bc_feature_kind bc_feature_kind_dti = {
    .name = "dti", .args = "iii", .arg_min = {1, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW,
    .lookback = tsi_lookback, .state_size = dti_state_size,
    .reset = dti_reset, .run = dti_run,
};
