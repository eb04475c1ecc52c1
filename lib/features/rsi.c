/*
 * rsi.c - rsi(n) and cmo(n): TA-Lib RSI and CMO, one Wilder smoothing of
 * gains and losses (unstable period 0, default compatibility): gains and
 * losses of the first n changes averaged, then avg = (avg*(n-1) + change)/n,
 * evaluated as fma(avg, (n-1)/n, change/n) (one fused multiply-add on the
 * chain; equal to TA-Lib's to rounding); rsi = 100*g/(g+l), cmo =
 * 100*(g-l)/(g+l) (ta_CMO.c smooths as ta_RSI.c does, not Chande's plain
 * n-bar sums), each 0 when g+l is TA_IS_ZERO. Lookback n. The up/down split
 * is a select, not a branch: no mispredictions on real prices.
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
