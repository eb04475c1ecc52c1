/*
 * supertrend.c - supertrend(n,m) -> .line .trend: Olivier Seban's
 * Supertrend, the customary (TradingView) definition. On each bar the basic
 * bands lower = hl2 - m x atr, upper = hl2 + m x atr (hl2 = (high + low) /
 * 2, atr = atr.h's TA-Lib ATR(n), m x atr multiplied first); the final
 * lower band
 *   fl = max(lower, fl@1) while close@1 > fl@1, else lower,
 * the final upper band
 *   fu = min(upper, fu@1) while close@1 < fu@1, else upper
 * (a band ratchets toward the price while the previous close stays on its
 * side and starts afresh once it was crossed); the trend turns up (+1)
 * where it was down and close > fu@1, turns down (-1) where it was up and
 * close < fl@1, else stays (strict comparisons). .line is the active band:
 * fl while the trend is up, fu while it is down; .trend is +1 or -1.
 * First bar: the first bar with an ATR (bar n: lookback n) has fl = lower,
 * fu = upper and trend +1 (TradingView's start, trend := 1 before any
 * turn), so .line = lower there; both outputs NaN before it. A missing bar
 * (non-finite price) never reaches run() (the engine's rule): the ATR and
 * the bands go on from the last bar with prices. Must not allocate after
 * create.
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "atr.h"

#include <stdint.h>

typedef struct supertrend_state {
    bc_atr atr;
    double m;
    int32_t started;            /* 1 once the first band is made */
    double trend;               /* +1 / -1 */
    double lower, upper;        /* the final bands of the last bar */
    double prev_close;
} supertrend_state;

/* n >= 1 (atr's range) and m > 0: a band at 0 x ATR or below the middle is
 * no band. */
static int32_t supertrend_check(const bc_feature_node *node, const char *text)
{
    if (!(node->darg > 0.0))
        return bc_fail(BC_E_PARSE, "feature spec: %s: the multiplier %.15g must be above 0",
                       text, node->darg);
    return BC_OK;
}

static int32_t supertrend_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0];
}

static int64_t supertrend_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(supertrend_state);
}

static void supertrend_reset(bc_feature_node *node)
{
    supertrend_state *s = node->state;
    bc_atr_init(&s->atr, node->iarg[0]);
    s->m = node->darg;
    s->started = 0;
    s->trend = 1.0;
    s->lower = s->upper = s->prev_close = 0.0;
}

/* One bar. The generated code's template (lib/export/feature_source.c
 * "supertrend") is this step. */
static inline void supertrend_step(supertrend_state *s, double high, double low, double close,
                                   double *line, double *trend)
{
    const double atr = bc_atr_step(&s->atr, high, low, close);
    *line = *trend = NAN;
    if (isnan(atr))
        return;
    const double mid = (high + low) / 2.0, w = s->m * atr;
    double lower = mid - w, upper = mid + w;
    if (!s->started) {
        s->started = 1;
        s->trend = 1.0;
    } else {
        if (s->prev_close > s->lower && s->lower > lower)
            lower = s->lower;
        if (s->prev_close < s->upper && s->upper < upper)
            upper = s->upper;
        if (s->trend < 0.0 && close > s->upper)
            s->trend = 1.0;
        else if (s->trend > 0.0 && close < s->lower)
            s->trend = -1.0;
    }
    s->lower = lower;
    s->upper = upper;
    s->prev_close = close;
    *line = s->trend > 0.0 ? lower : upper;
    *trend = s->trend;
}

static BC_FEATURE_KERNEL void supertrend_run(bc_feature_node *node, const bc_feature_inputs *in,
                                             int64_t n, const bc_feature_column *cols)
{
    supertrend_state local = *(supertrend_state *)node->state;
    const double *h = in->high, *l = in->low, *c = in->close;
    bc_feature_column ol = cols[node->slot], ot = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double line, trend;
        supertrend_step(&local, h[i], l[i], c[i], &line, &trend);
        BC_FEATURE_PUT(ol, i, line);
        BC_FEATURE_PUT(ot, i, trend);
    }
    *(supertrend_state *)node->state = local;
}

const bc_feature_kind bc_feature_kind_supertrend = {
    .name = "supertrend", .args = "id", .arg_min = {1}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "trend"},
    .needs = BC_FEATURE_IN_HIGH | BC_FEATURE_IN_LOW | BC_FEATURE_IN_CLOSE,
    .check = supertrend_check, .lookback = supertrend_lookback,
    .state_size = supertrend_state_size, .reset = supertrend_reset, .run = supertrend_run,
};
