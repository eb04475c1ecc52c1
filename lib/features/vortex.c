/*
 * vortex.c - vortex(n): Botes and Siepman's vortex indicator, .plus .minus.
 * From bar 1 on each bar gives three terms: VM+ = |high - previous low|,
 * VM- = |low - previous high| and the true range (true_range.h, TA-Lib
 * TRANGE); the lines are the n-bar sums VI+ = sum VM+ / sum TR and VI- =
 * sum VM- / sum TR, both 0 where the range sum is exactly 0 (a flat
 * stretch, as dmi writes); lookback n. TA-Lib has no vortex: the sums are
 * TA-Lib SUM's running sums (add the bar's term, read, lose the oldest),
 * so the lines equal talib.SUM(vm, n) / talib.SUM(TRANGE, n) bit for bit
 * (sums.h's bc_sums, three series). Missing bars never reach it (the engine
 * skips them). Must not allocate.
 */
#include "feature_internal.h"
#include "sums.h"
#include "true_range.h"

enum { VORTEX_SERIES = 3 }; /* summed series: VM+, VM-, TR */

typedef struct vortex_core {
    int32_t seen_bar;       /* 0 until the first bar gives the previous prices */
    double prev_high, prev_low, prev_close;
    bc_sums sums;           /* the last n terms, three per slot: VM+, VM-, TR */
} vortex_core;

typedef struct vortex_state {
    vortex_core core;
    double ring[];
} vortex_state;

/* One bar; 1 when the lines are defined (the sums hold n terms). */
static inline int vortex_step(vortex_core *s, double high, double low, double close,
                              double *plus, double *minus)
{
    if (!s->seen_bar) {
        s->seen_bar = 1;
        s->prev_high = high;
        s->prev_low = low;
        s->prev_close = close;
        return 0;
    }
    const double term[VORTEX_SERIES] = {fabs(high - s->prev_low),
                                        fabs(low - s->prev_high),
                                        bc_true_range(high, low, s->prev_close)};
    s->prev_high = high;
    s->prev_low = low;
    s->prev_close = close;
    double sum[VORTEX_SERIES]; /* VM+'s, VM-'s, TR's */
    if (!bc_sums_push(&s->sums, VORTEX_SERIES, term, sum))
        return 0;
    if (sum[2] == 0.0) {
        *plus = *minus = 0.0;
    } else {
        *plus = sum[0] / sum[2];
        *minus = sum[1] / sum[2];
    }
    return 1;
}

static int32_t vortex_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t vortex_state_size(const bc_feature_node *node)
{
    return BC_SUMS_STATE_SIZE(vortex_state, VORTEX_SERIES, node->iarg[0]);
}

static void vortex_reset(bc_feature_node *node)
{
    vortex_state *state = node->state;
    vortex_core *s = &state->core;
    s->seen_bar = 0;
    s->prev_high = s->prev_low = s->prev_close = 0.0;
    bc_sums_init(&s->sums, node->iarg[0], state->ring);
}

static BC_FEATURE_KERNEL void vortex_run(bc_feature_node *node, const bc_feature_inputs *in,
                                         int64_t n, const bc_feature_column *cols)
{
    vortex_state *state = node->state;
    vortex_core local = state->core; /* in registers; the ring stays in the state */
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column plus = cols[node->slot], minus = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double vi_plus = NAN, vi_minus = NAN;
        vortex_step(&local, h[i], l[i], c[i], &vi_plus, &vi_minus);
        BC_FEATURE_PUT(plus, i, vi_plus);
        BC_FEATURE_PUT(minus, i, vi_minus);
    }
    state->core = local;
}

const bc_feature_kind bc_feature_kind_vortex = {
    .name = "vortex", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"plus", "minus"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = vortex_lookback, .state_size = vortex_state_size, .reset = vortex_reset,
    .run = vortex_run,
};
