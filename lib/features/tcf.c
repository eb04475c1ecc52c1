/*
 * tcf.c - tcf(n): M. H. Pee's trend continuation factor ("Trend Continuation
 * Factor", TASC August 2002), .plus .minus. From bar 1 on, change = close -
 * previous close, plus = max(change, 0), minus = max(-change, 0); the
 * continuation factors accumulate a run: cf+ = cf+ of the previous bar + plus
 * while plus > 0, else 0 (cf- likewise on minus; both 0 on bar 0). The lines
 * are the n-bar sums TCF+ = sum(plus - cf-, n) and TCF- = sum(minus - cf+, n)
 * (an uptrend where TCF+ is above 0, a downtrend where TCF- is; Pee's n = 35);
 * lookback n (the first term is bar 1's). The sums are TA-Lib SUM's running
 * sums (add the bar's term, read, lose the oldest), so the lines equal
 * talib.SUM(plus - cf-, n) over bars 1.. bit for bit (sums.h's bc_sums, two
 * series). Missing bars never reach it (the engine skips them). Must not
 * allocate.
 */
#include "feature_internal.h"
#include "sums.h"

enum { TCF_SERIES = 2 }; /* summed series: plus - cf-, minus - cf+ */

typedef struct tcf_core {
    int32_t seen_bar; /* 0 until the first bar gives the previous close */
    double prev_close, cf_plus, cf_minus;
    bc_sums sums;     /* the last n term pairs: plus - cf-, minus - cf+ */
} tcf_core;

typedef struct tcf_state {
    tcf_core core;
    double ring[];
} tcf_state;

/* One bar; 1 when the lines are defined (the sums hold n terms). */
static inline int tcf_step(tcf_core *s, double close, double *plus_line, double *minus_line)
{
    if (!s->seen_bar) {
        s->seen_bar = 1;
        s->prev_close = close;
        return 0;
    }
    const double change = close - s->prev_close;
    s->prev_close = close;
    const double plus = change > 0.0 ? change : 0.0;
    const double minus = change < 0.0 ? -change : 0.0;
    s->cf_plus = plus > 0.0 ? s->cf_plus + plus : 0.0;
    s->cf_minus = minus > 0.0 ? s->cf_minus + minus : 0.0;
    const double term[TCF_SERIES] = {plus - s->cf_minus, minus - s->cf_plus};
    double sum[TCF_SERIES];
    if (!bc_sums_push(&s->sums, TCF_SERIES, term, sum))
        return 0;
    *plus_line = sum[0];
    *minus_line = sum[1];
    return 1;
}

static int32_t tcf_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t tcf_state_size(const bc_feature_node *node)
{
    return BC_SUMS_STATE_SIZE(tcf_state, TCF_SERIES, node->iarg[0]);
}

static void tcf_reset(bc_feature_node *node)
{
    tcf_state *state = node->state;
    tcf_core *s = &state->core;
    s->seen_bar = 0;
    s->prev_close = s->cf_plus = s->cf_minus = 0.0;
    bc_sums_init(&s->sums, node->iarg[0], state->ring);
}

static BC_FEATURE_KERNEL void tcf_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    tcf_state *state = node->state;
    tcf_core local = state->core; /* in registers; the ring stays in the state */
    const double *c = in->close;
    bc_feature_column plus = cols[node->slot], minus = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double p = NAN, m = NAN;
        tcf_step(&local, c[i], &p, &m);
        BC_FEATURE_PUT(plus, i, p);
        BC_FEATURE_PUT(minus, i, m);
    }
    state->core = local;
}

const bc_feature_kind bc_feature_kind_tcf = {
    .name = "tcf", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"plus", "minus"}, .needs = BC_FEATURE_IN_CLOSE,
    .lookback = tcf_lookback, .state_size = tcf_state_size, .reset = tcf_reset,
    .run = tcf_run,
};
