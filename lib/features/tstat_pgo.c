/*
 * tstat_pgo.c - two level items of the twenty-first session:
 *   tstat(n)  the t-statistic of the last n one-bar returns r = close /
 *             close@1 - 1 (ret(1)): mean(r) / s x sqrt(n), s the sample
 *             standard deviation (divisor n-1, numpy's std(ddof=1)); the
 *             evidence that the recent drift is not zero, scale-free
 *             (levels +-1.5, +-2, 0). 0 where s = 0 (a window of equal
 *             returns: no evidence either way). n >= 2; NaN until n returns
 *             exist: lookback n. The n returns are kept in a ring and the
 *             mean and the squared deviations summed afresh each bar in
 *             slot order (two passes, O(n) per bar, no drift).
 *   pgo(n)    Johnson's pretty good oscillator (M. Johnson): (close -
 *             sma(n)) / ema(n) of the true range, sma TA-Lib's SMA of the
 *             close (sma.h), the true range TA-Lib's TRANGE from bar 1
 *             (true_range.h), its ema TA-Lib's EMA (ema.h, seeded with the
 *             mean of the first n true ranges); the close's distance from
 *             its average in average ranges; Johnson's levels +-3 (a
 *             breakout), 0 the exit. NaN where the ema is 0. n >= 2; lookback
 *             n (the ema's first value, on bar n; the sma's is on n-1).
 * The engine passes no bar with a non-finite high, low or close: such a bar
 * is missing and moves no state.
 * Must not allocate after create.
 */
#include "feature_internal.h"
#include "ema.h"
#include "ret_window.h"
#include "sma.h"
#include "step.h"
#include "true_range.h"

/* ---- tstat -------------------------------------------------------------- */

typedef struct tstat_state {
    bc_ret_window w;    /* the ring's place, fill and previous close */
    double root_n;      /* sqrt(n) */
    double ring[];      /* n returns */
} tstat_state;

static int32_t tstat_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t tstat_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(tstat_state) + (int64_t)sizeof(double) * node->iarg[0];
}

static void tstat_reset(bc_feature_node *node)
{
    tstat_state *s = node->state;
    bc_ret_window_reset(&s->w, node->iarg[0]);
    s->root_n = sqrt((double)s->w.n);
}

static inline double tstat_step(tstat_state *s, double close)
{
    double mean;
    if (!bc_ret_window_push(&s->w, s->ring, close, &mean))
        return NAN;
    const int32_t n = s->w.n;
    double ss = 0.0;
    for (int32_t k = 0; k < n; k++) {
        double d = s->ring[k] - mean;
        ss += d * d;
    }
    double sd = sqrt(ss / (n - 1));
    return sd > 0.0 ? mean / sd * s->root_n : 0.0;
}

static BC_FEATURE_KERNEL void tstat_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    tstat_state *s = node->state;
    const double *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, tstat_step(s, c[i]));
}

const bc_feature_kind bc_feature_kind_tstat = {
    .name = "tstat", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = tstat_lookback, .state_size = tstat_state_size,
    .reset = tstat_reset, .run = tstat_run,
};

/* ---- pgo ---------------------------------------------------------------- */

typedef struct pgo_state {
    int32_t seen;       /* 1 once a bar has come */
    int32_t pad;
    double prev;        /* the previous close */
    bc_ema tr;          /* ema(n) of the true range */
    bc_sma sma;         /* sma(n) of the close */
    double ring[];      /* the sma's n closes */
} pgo_state;

static int32_t pgo_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t pgo_state_size(const bc_feature_node *node)
{
    return (int64_t)sizeof(pgo_state) + (int64_t)sizeof(double) * node->iarg[0];
}

static void pgo_reset(bc_feature_node *node)
{
    pgo_state *s = node->state;
    s->seen = 0;
    s->prev = 0.0;
    bc_ema_init(&s->tr, node->iarg[0]);
    bc_sma_init(&s->sma, node->iarg[0], s->ring);
}

static inline double pgo_step(pgo_state *s, double high, double low, double close)
{
    double mean = bc_sma_step(&s->sma, close);
    if (!s->seen) { /* no true range on the first bar (TA-Lib TRANGE) */
        s->seen = 1;
        s->prev = close;
        return NAN;
    }
    double range = bc_ema_step(&s->tr, bc_true_range(high, low, s->prev));
    s->prev = close;
    if (isnan(range) || isnan(mean) || range == 0.0)
        return NAN;
    return (close - mean) / range;
}

static BC_FEATURE_KERNEL void pgo_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    pgo_state *s = node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, pgo_step(s, h[i], l[i], c[i]));
}

const bc_feature_kind bc_feature_kind_pgo = {
    .name = "pgo", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = pgo_lookback, .state_size = pgo_state_size,
    .reset = pgo_reset, .run = pgo_run,
};
