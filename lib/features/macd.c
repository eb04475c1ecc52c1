/*
 * macd.c - macd(fast,slow,signal) -> .line .signal .hist, TA-Lib MACD: the
 * slow EMA starts at bar 0, the fast EMA at bar slow-fast so both seed on the
 * bar slow-1 (TA-Lib's alignment), line = fast - slow, signal = EMA of the
 * line seeded on its first `signal` values, hist = line - signal. All three
 * are NaN until the signal exists (lookback slow-1 + signal-1), as TA-Lib.
 * ppo(fast,slow): TA-Lib PPO with EMAs (matype 1). Unlike MACD, TA-Lib's
 * INT_PO runs both EMAs from bar 0 (each seeded on its own first n values:
 * talib.EMA(c,fast) and talib.EMA(c,slow)), so ppo's skip is 0; then
 * ((fast - slow) / slow) x 100 in TA-Lib's order, 0 where |slow| is below
 * 1e-14 (TA_IS_ZERO); lookback slow-1. slow below fast is refused (TA-Lib
 * swaps them silently).
 * pvo(fast,slow,signal) -> .line .signal: the percentage volume
 * oscillator, ppo's EMA pair (macd_pair_step, skip 0) and percentage on the
 * volume: line = ((ema(v,fast) - ema(v,slow)) / ema(v,slow)) x 100, NaN
 * (not ppo's 0) where |ema(v,slow)| is below 1e-14 (bars without volume);
 * signal = the EMA (ema.h) of the finite lines, seeded on the first
 * `signal` of them (the TA-Lib EMA of the line from its first value); both
 * NaN until the signal exists (lookback slow-1 + signal-1) and the signal
 * NaN where the line is.
 * impulse(e,f,s,g): Elder's impulse system, ema(e) and the macd(f,s,g)
 * histogram both rising (+1) or both falling (-1), else 0 (below).
 * vwmacd(fast,slow,signal) -> .line .signal .hist: Buff Dormeier's
 * volume-weighted MACD, macd's shape on volume-weighted averages: pv =
 * close x volume; line = ema(pv,fast) / ema(v,fast) - ema(pv,slow) /
 * ema(v,slow), each ema.h's TA-Lib EMA from bar 0 (talib.EMA(pv, n) and
 * talib.EMA(v, n): each seeded on its own first n values, ppo's alignment,
 * not macd's); NaN where either volume EMA is within 1e-14 of 0 (bars
 * without volume, pvo's rule); signal = the EMA (ema.h) of the finite
 * lines, seeded on the first `signal` of them (talib.EMA of the line from
 * its first value); hist = line - signal. All three NaN until the signal
 * exists (lookback slow-1 + signal-1, macd's) and where the line is NaN.
 * slow below fast is refused (macd's check).
 * macdv(fast,slow,a,signal) -> .line .signal: Spiroglou's MACD-V (2022),
 * the MACD line in units of volatility: line = 100 x (ema(fast) -
 * ema(slow)) / atr(a), each ema.h's TA-Lib EMA of the close from bar 0
 * (talib.EMA(c,fast) and talib.EMA(c,slow), ppo's alignment, not macd's)
 * and atr.h's TA-Lib ATR; NaN where the ATR is within 1e-14 of 0 (a flat
 * stretch, pvo's rule); signal = the EMA (ema.h) of the finite lines,
 * seeded on the first `signal` of them (talib.EMA of the line from its
 * first value). Both NaN until the signal exists (lookback max(slow-1, a)
 * + signal-1) and where the line is NaN. Spiroglou's customary
 * macdv(12,26,26,9), its momentum levels +-50 (cut in the level grid), its
 * signal cross in the signal grid. slow below fast is refused.
 * weekmacd(fast,slow,signal) -> .line .signal .hist .slope: the higher
 * timeframe's MACD, macd's step (TA-Lib MACD's alignment) on the series of
 * whole ISO weeks' closes (prevweek's weeks and rules, prevday.h: a week's
 * close is its last bar's close, the first week seen never counts), as of
 * the last whole week and held through the current one: the values a
 * weekly chart's MACD had on its last completed bar (an EA reading
 * iMACD(PERIOD_W1) at shift 1). slope = the last whole week's hist minus
 * the hist of the week before (Elder's triple screen tide: the weekly
 * histogram rising, slope > 0, or falling). NaN until the signal exists
 * (slow-1 + signal-1 whole weeks after the first), the slope one week
 * later. slow below fast is refused.
 */
#include "feature_internal.h"
#include "ema.h"
#include "atr.h"
#include "prevday.h"
#include "core/internal.h"


typedef struct macd_state {
    int32_t skip;   /* bars before the fast EMA starts (slow - fast) */
    int32_t seen;
    bc_ema fast, slow, signal;
} macd_state;

/* The refusal of a slow period below the fast one (macd, ppo, impulse). */
static int32_t check_fast_slow(const char *text, int32_t fast, int32_t slow)
{
    if (slow < fast)
        return bc_fail(BC_E_PARSE,
                       "feature spec: '%s': slow period %d is below fast period %d",
                       text, slow, fast);
    return BC_OK;
}

static int32_t macd_check(const bc_feature_node *node, const char *text)
{
    return check_fast_slow(text, node->iarg[0], node->iarg[1]);
}

/* A macd's state before its first bar: the slow EMA from bar 0, the fast
 * one from bar slow - fast (skip 0: both from bar 0, TA-Lib PPO's). */
/* The signal of pvo, vwmacd and macdv: the EMA of the finite lines (a NaN
 * line leaves the EMA as it was and gives a NaN signal); the line itself
 * turns NaN until the signal exists. */
static inline double finite_line_signal(bc_ema *signal, double *line)
{
    if (isnan(*line))
        return NAN;
    double g = bc_ema_step(signal, *line);
    if (isnan(g))
        *line = NAN;
    return g;
}

static void macd_init(macd_state *s, int32_t skip, int32_t fast, int32_t slow, int32_t signal)
{
    s->skip = skip;
    s->seen = 0;
    bc_ema_init(&s->fast, fast);
    bc_ema_init(&s->slow, slow);
    bc_ema_init(&s->signal, signal);
}

static int32_t macd_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[1] - 1 + node->iarg[2] - 1;
}

static int64_t macd_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(macd_state);
}

static void macd_reset(bc_feature_node *node)
{
    macd_init(node->state, node->iarg[1] - node->iarg[0], node->iarg[0], node->iarg[1],
              node->iarg[2]);
}

/* The slow EMA from bar 0, the fast one from bar skip (macd: slow-fast, so
 * both seed on the bar slow-1, TA-Lib MACD's alignment; ppo: 0); 1 once
 * both exist, with their values in *fast and *slow. */
static inline int macd_pair_step(macd_state *s, double x, double *fast, double *slow)
{
    *slow = bc_ema_step(&s->slow, x);
    if (s->seen < s->skip) {
        s->seen++;
        return 0;
    }
    *fast = bc_ema_step(&s->fast, x);
    return s->slow.count >= s->slow.n;
}

static inline void macd_step(macd_state *s, double x, double *line, double *signal,
                             double *hist)
{
    double fast, slow;
    if (!macd_pair_step(s, x, &fast, &slow)) {
        *line = *signal = *hist = NAN;
        return;
    }
    double l = fast - slow;
    double g = bc_ema_step(&s->signal, l);
    if (s->signal.count < s->signal.n) {
        *line = *signal = *hist = NAN;
        return;
    }
    *line = l;
    *signal = g;
    *hist = l - g;
}

BC_FEATURE_LOOP void macd_loop(macd_state *s, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1],
                      oh = cols[node->slot + 2];
    int64_t i = 0;
    for (; i < n && !bc_ema_seeded(&s->signal); i++) {
        double l, g, h;
        macd_step(s, x[i], &l, &g, &h);
        BC_FEATURE_PUT(ol, i, l);
        BC_FEATURE_PUT(os, i, g);
        BC_FEATURE_PUT(oh, i, h);
    }
    /* Steady state: every EMA seeded, the same steps without the checks. */
    for (; i < n; i++) {
        double l = bc_ema_next(&s->fast, x[i]) - bc_ema_next(&s->slow, x[i]);
        double g = bc_ema_next(&s->signal, l);
        BC_FEATURE_PUT(ol, i, l);
        BC_FEATURE_PUT(os, i, g);
        BC_FEATURE_PUT(oh, i, l - g);
    }
}

static BC_FEATURE_KERNEL void macd_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    macd_state *state = node->state;
    macd_state *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        macd_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    macd_state local = *shared;
    macd_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_macd = {
    .name = "macd", .args = "iii", .arg_min = {2, 2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 3, .outputs = {"line", "signal", "hist"}, .needs = BC_FEATURE_IN_CLOSE,
    .check = macd_check, .lookback = macd_lookback, .state_size = macd_state_size,
    .reset = macd_reset, .run = macd_run,
};

/* ---- ppo: the percentage price oscillator ------------------------------- */

static int32_t ppo_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[1] - 1;
}

static void ppo_reset(bc_feature_node *node)
{
    /* TA-Lib PPO: both EMAs from bar 0; the signal unused */
    macd_init(node->state, 0, node->iarg[0], node->iarg[1], 1);
}

/* TA-Lib's INT_PO percentage: 0 where the slow average is within 1e-14 of 0
 * (TA_IS_ZERO, TA_EPSILON 1e-14 in the TA-Lib under PyPI ta-lib 0.8.2) */
static inline int ppo_slow_is_zero(double slow)
{
    return slow > -0.00000000000001 && slow < 0.00000000000001;
}

static inline double ppo_value(double fast, double slow)
{
    return ppo_slow_is_zero(slow) ? 0.0 : ((fast - slow) / slow) * 100.0;
}

static BC_FEATURE_KERNEL void ppo_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    macd_state *s = node->state;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double fast, slow;
        BC_FEATURE_PUT(out, i, macd_pair_step(s, x[i], &fast, &slow) ? ppo_value(fast, slow) : NAN);
    }
}

const bc_feature_kind bc_feature_kind_ppo = {
    .name = "ppo", .args = "ii", .arg_min = {2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .check = macd_check, .lookback = ppo_lookback, .state_size = macd_state_size,
    .reset = ppo_reset, .run = ppo_run,
};

/* ---- pvo: the percentage volume oscillator ------------------------------ */

static int32_t pvo_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[1] - 1 + node->iarg[2] - 1;
}

static void pvo_reset(bc_feature_node *node)
{
    /* ppo's pair (both EMAs from bar 0) and pvo's own signal */
    macd_init(node->state, 0, node->iarg[0], node->iarg[1], node->iarg[2]);
}

static BC_FEATURE_KERNEL void pvo_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    macd_state *s = node->state;
    const double *v = in->volume;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double fast, slow, line = NAN;
        if (macd_pair_step(s, v[i], &fast, &slow) && !ppo_slow_is_zero(slow))
            line = ppo_value(fast, slow);
        double signal = finite_line_signal(&s->signal, &line);
        BC_FEATURE_PUT(ol, i, line);
        BC_FEATURE_PUT(os, i, signal);
    }
}

const bc_feature_kind bc_feature_kind_pvo = {
    .name = "pvo", .args = "iii", .arg_min = {2, 2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "signal"}, .needs = BC_FEATURE_IN_VOLUME,
    .check = macd_check, .lookback = pvo_lookback, .state_size = macd_state_size,
    .reset = pvo_reset, .run = pvo_run,
};

/* ---- impulse: Elder's impulse system ------------------------------------ */

/* impulse(e,f,s,g): +1 (a green bar) where ema(e) and the histogram of
 * macd(f,s,g) both rose on this bar (each above its value on the bar
 * before), -1 (red) where both fell, 0 (blue) otherwise; the ema is ema.h's
 * step (the ema item bit for bit), the histogram macd_step's (the macd
 * item's .hist). A green bar after a non-green one is
 * cross(impulse(13,12,26,9),0.5) = +1, a red after a non-red
 * cross(impulse(13,12,26,9),-0.5) = -1. NaN until both have a value on the
 * bar before: lookback max(e, s-1 + g-1 + 1). */
typedef struct impulse_state {
    bc_ema ema;
    macd_state macd;
    double ema_prev, hist_prev;
} impulse_state;

static inline double impulse_step(impulse_state *s, double x)
{
    double e = bc_ema_step(&s->ema, x), line, signal, hist;
    macd_step(&s->macd, x, &line, &signal, &hist);
    double de = e - s->ema_prev, dh = hist - s->hist_prev;
    s->ema_prev = e;
    s->hist_prev = hist;
    if (isnan(de) || isnan(dh))
        return NAN;
    return de > 0.0 && dh > 0.0 ? 1.0 : de < 0.0 && dh < 0.0 ? -1.0 : 0.0;
}

static int32_t impulse_check(const bc_feature_node *node, const char *text)
{
    return check_fast_slow(text, node->iarg[1], node->iarg[2]);
}

static int32_t impulse_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    int32_t macd_lb = node->iarg[2] - 1 + node->iarg[3] - 1 + 1;
    return node->iarg[0] > macd_lb ? node->iarg[0] : macd_lb;
}

static int64_t impulse_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(impulse_state);
}

static void impulse_reset(bc_feature_node *node)
{
    impulse_state *s = node->state;
    bc_ema_init(&s->ema, node->iarg[0]);
    macd_init(&s->macd, node->iarg[2] - node->iarg[1], node->iarg[1], node->iarg[2], node->iarg[3]);
    s->ema_prev = s->hist_prev = NAN;
}

static void impulse_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    impulse_state *s = node->state;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, impulse_step(s, x[i]));
}

const bc_feature_kind bc_feature_kind_impulse = {
    .name = "impulse", .args = "iiii", .arg_min = {2, 2, 2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD,
                BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .check = impulse_check,
    .lookback = impulse_lookback, .state_size = impulse_state_size, .reset = impulse_reset,
    .run = impulse_run,
};

/* ---- vwmacd: Dormeier's volume-weighted MACD ---------------------------- */

typedef struct vwmacd_state {
    bc_ema fast_pv, fast_v, slow_pv, slow_v, signal;
} vwmacd_state;

static int64_t vwmacd_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(vwmacd_state);
}

static void vwmacd_reset(bc_feature_node *node)
{
    vwmacd_state *s = node->state;
    bc_ema_init(&s->fast_pv, node->iarg[0]);
    bc_ema_init(&s->fast_v, node->iarg[0]);
    bc_ema_init(&s->slow_pv, node->iarg[1]);
    bc_ema_init(&s->slow_v, node->iarg[1]);
    bc_ema_init(&s->signal, node->iarg[2]);
}

static BC_FEATURE_KERNEL void vwmacd_run(bc_feature_node *node, const bc_feature_inputs *in,
    int64_t n, const bc_feature_column *cols)
{
    vwmacd_state *s = node->state;
    const double *c = in->close, *v = in->volume;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1],
                      oh = cols[node->slot + 2];
    for (int64_t i = 0; i < n; i++) {
        double pv = c[i] * v[i];
        double fp = bc_ema_step(&s->fast_pv, pv), fv = bc_ema_step(&s->fast_v, v[i]);
        double sp = bc_ema_step(&s->slow_pv, pv), sv = bc_ema_step(&s->slow_v, v[i]);
        double line = NAN;
        if (bc_ema_seeded(&s->slow_v) && bc_ema_seeded(&s->fast_v) && !ppo_slow_is_zero(fv) &&
            !ppo_slow_is_zero(sv))
            line = fp / fv - sp / sv;
        double signal = finite_line_signal(&s->signal, &line);
        BC_FEATURE_PUT(ol, i, line);
        BC_FEATURE_PUT(os, i, signal);
        BC_FEATURE_PUT(oh, i, line - signal);
    }
}

const bc_feature_kind bc_feature_kind_vwmacd = {
    .name = "vwmacd", .args = "iii", .arg_min = {2, 2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 3, .outputs = {"line", "signal", "hist"},
    .needs = BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_VOLUME,
    .check = macd_check, .lookback = pvo_lookback, .state_size = vwmacd_state_size,
    .reset = vwmacd_reset, .run = vwmacd_run,
};

/* ---- macdv: Spiroglou's volatility-normalised MACD ---------------------- */

typedef struct macdv_state {
    bc_ema fast, slow, signal;
    bc_atr atr;
} macdv_state;

static int32_t macdv_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    int32_t ema = node->iarg[1] - 1, atr = node->iarg[2];
    return (ema > atr ? ema : atr) + node->iarg[3] - 1;
}

static int64_t macdv_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(macdv_state);
}

static void macdv_reset(bc_feature_node *node)
{
    macdv_state *s = node->state;
    bc_ema_init(&s->fast, node->iarg[0]);
    bc_ema_init(&s->slow, node->iarg[1]);
    bc_atr_init(&s->atr, node->iarg[2]);
    bc_ema_init(&s->signal, node->iarg[3]);
}

static BC_FEATURE_KERNEL void macdv_run(bc_feature_node *node, const bc_feature_inputs *in,
    int64_t n, const bc_feature_column *cols)
{
    macdv_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column ol = cols[node->slot], os = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double fast = bc_ema_step(&s->fast, c[i]), slow = bc_ema_step(&s->slow, c[i]);
        double atr = bc_atr_step(&s->atr, h[i], l[i], c[i]);
        double line = NAN;
        if (bc_ema_seeded(&s->slow) && bc_ema_seeded(&s->fast) && bc_atr_seeded(&s->atr) &&
            !ppo_slow_is_zero(atr))
            line = 100.0 * (fast - slow) / atr;
        double signal = finite_line_signal(&s->signal, &line);
        BC_FEATURE_PUT(ol, i, line);
        BC_FEATURE_PUT(os, i, signal);
    }
}

const bc_feature_kind bc_feature_kind_macdv = {
    .name = "macdv", .args = "iiii", .arg_min = {2, 2, 1, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD,
                BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "signal"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .check = macd_check, .lookback = macdv_lookback, .state_size = macdv_state_size,
    .reset = macdv_reset, .run = macdv_run,
};

/* ---- weekmacd: the MACD of whole ISO weeks' closes ---------------------- */

/* macd_step on prevday.h's ISO weeks (prevweek's: the first week seen never
 * counts); the outputs as of the last whole week, held through the week. */
typedef struct weekmacd_state {
    prevday_state p;
    macd_state m;
    double out[4];   /* line, signal, hist, slope of the last whole week */
} weekmacd_state;

static int64_t weekmacd_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(weekmacd_state);
}

static void weekmacd_reset(bc_feature_node *node)
{
    weekmacd_state *s = node->state;
    prevday_init(&s->p);
    macd_init(&s->m, node->iarg[1] - node->iarg[0], node->iarg[0], node->iarg[1],
              node->iarg[2]);
    for (int k = 0; k < 4; k++)
        s->out[k] = NAN;
}

/* The generated code's template ("weekmacd") is this step. */
static inline void weekmacd_step(weekmacd_state *s, int64_t t, double open, double high,
                                 double low, double close)
{
    if (!prevday_step(&s->p, t, open, high, low, close, 1))
        return;
    double line, signal, hist;
    macd_step(&s->m, s->p.prev[3], &line, &signal, &hist);
    s->out[3] = hist - s->out[2]; /* NaN until two whole weeks have a hist */
    s->out[0] = line;
    s->out[1] = signal;
    s->out[2] = hist;
}

static BC_FEATURE_KERNEL void weekmacd_run(bc_feature_node *node, const bc_feature_inputs *in,
    int64_t n, const bc_feature_column *cols)
{
    weekmacd_state local = *(weekmacd_state *)node->state;
    for (int64_t i = 0; i < n; i++) {
        weekmacd_step(&local, in->time[i], in->open[i], in->high[i], in->low[i], in->close[i]);
        for (int k = 0; k < 4; k++)
            BC_FEATURE_PUT(cols[node->slot + k], i, local.out[k]);
    }
    *(weekmacd_state *)node->state = local;
}

/* prevweek's inputs (its step reads the whole bar), so the two agree on
 * the weeks; lookback 0 (validity depends on the weeks seen, weekema's). */
const bc_feature_kind bc_feature_kind_weekmacd = {
    .name = "weekmacd", .args = "iii", .arg_min = {2, 2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 4, .outputs = {"line", "signal", "hist", "slope"},
    .needs = BC_FEATURE_IN_OPEN | BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW |
             BC_FEATURE_IN_CLOSE | BC_FEATURE_IN_TIME,
    .check = macd_check, .lookback = bc_feature_lookback_zero,
    .state_size = weekmacd_state_size, .reset = weekmacd_reset, .run = weekmacd_run,
};
