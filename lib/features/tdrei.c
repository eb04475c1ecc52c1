/*
 * tdrei.c - tdrei(n): T. DeMark's TD range expansion index (The New Science
 * of Technical Analysis, 1994; TASC August 1997). From bar 8 on, each bar
 * gives v = (high - high@2) + (low - low@2), kept only when (high@2 >=
 * close@7 or close@8, or high >= low@5 or low@6) and (low@2 <= close@7 or
 * close@8, or low <= high@5 or high@6), else 0, and its size a = |high -
 * high@2| + |low - low@2|; REI = 100 x the n-bar sum of v / the n-bar sum of
 * a, NaN where that sum is 0. DeMark's n = 5 and zones +-45 (some write
 * +-60); lookback 8 + n - 1. The sums are TA-Lib SUM's running sums (add
 * the bar's term, read, lose the oldest), so REI equals 100 *
 * talib.SUM(v, n) / talib.SUM(a, n) over bars 8.. bit for bit (sums.h's
 * bc_sums, two series). The last 9 bars' prices are kept in a ring. Missing
 * bars never reach it (the engine skips them). Must not allocate.
 */
#include "feature_internal.h"
#include "sums.h"

enum { TDREI_BACK = 9 };   /* bars kept: this one and the 8 before */
enum { TDREI_SERIES = 2 }; /* summed series: v, a */

typedef struct tdrei_core {
    int32_t seen, bar; /* bars seen (held at TDREI_BACK), the price ring's next slot */
    double high[TDREI_BACK], low[TDREI_BACK], close[TDREI_BACK];
    bc_sums sums; /* the last n term pairs: v, a */
} tdrei_core;

typedef struct tdrei_state {
    tdrei_core core;
    double ring[];
} tdrei_state;

/* The price k bars before this one (this bar is in slot bar - 1). */
static inline double tdrei_back(const double *x, int32_t bar, int32_t k)
{
    int32_t i = bar - 1 - k;
    return x[i < 0 ? i + TDREI_BACK : i];
}

/* One bar; 1 when REI is defined (the sums hold n terms and a's is not 0). */
static inline int tdrei_step(tdrei_core *s, double high, double low, double close, double *rei)
{
    s->high[s->bar] = high;
    s->low[s->bar] = low;
    s->close[s->bar] = close;
    if (++s->bar == TDREI_BACK)
        s->bar = 0;
    if (s->seen < TDREI_BACK && ++s->seen < TDREI_BACK)
        return 0;
    const int32_t b = s->bar;
    const double h2 = tdrei_back(s->high, b, 2), l2 = tdrei_back(s->low, b, 2);
    const double c7 = tdrei_back(s->close, b, 7), c8 = tdrei_back(s->close, b, 8);
    const double dh = high - h2, dl = low - l2;
    const int up = h2 >= c7 || h2 >= c8 || high >= tdrei_back(s->low, b, 5) ||
                   high >= tdrei_back(s->low, b, 6);
    const int down = l2 <= c7 || l2 <= c8 || low <= tdrei_back(s->high, b, 5) ||
                     low <= tdrei_back(s->high, b, 6);
    const double term[TDREI_SERIES] = {up && down ? dh + dl : 0.0, fabs(dh) + fabs(dl)};
    double sum[TDREI_SERIES]; /* v's, a's */
    if (!bc_sums_push(&s->sums, TDREI_SERIES, term, sum))
        return 0;
    const int ok = sum[1] > 0.0;
    if (ok)
        *rei = 100.0 * sum[0] / sum[1];
    return ok;
}

static int32_t tdrei_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return TDREI_BACK - 1 + node->iarg[0] - 1;
}

static int64_t tdrei_state_size(const bc_feature_node *node)
{
    return BC_SUMS_STATE_SIZE(tdrei_state, TDREI_SERIES, node->iarg[0]);
}

static void tdrei_reset(bc_feature_node *node)
{
    tdrei_state *state = node->state;
    tdrei_core *s = &state->core;
    s->seen = s->bar = 0;
    for (int32_t k = 0; k < TDREI_BACK; k++)
        s->high[k] = s->low[k] = s->close[k] = 0.0;
    bc_sums_init(&s->sums, node->iarg[0], state->ring);
}

static BC_FEATURE_KERNEL void tdrei_run(bc_feature_node *node, const bc_feature_inputs *in,
                                        int64_t n, const bc_feature_column *cols)
{
    tdrei_state *state = node->state;
    tdrei_core *s = &state->core;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++) {
        double rei = NAN;
        tdrei_step(s, h[i], l[i], c[i], &rei);
        BC_FEATURE_PUT(out, i, rei);
    }
}

const bc_feature_kind bc_feature_kind_tdrei = {
    .name = "tdrei", .args = "i", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1,
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .lookback = tdrei_lookback, .state_size = tdrei_state_size, .reset = tdrei_reset,
    .run = tdrei_run,
};
