/*
 * qqe.c - qqe(n,m,k) -> .line .trail: the QQE (quantitative qualitative
 * estimation, the MetaTrader indicator as its common ports compute it).
 * line = ema(m) of rsi(n) (rsi.h's TA-Lib RSI, ema.h's EMA seeded from the
 * first RSI); from the line's second bar d = |line - line@1| and
 * dar = k x ema(w) of ema(w) of d, w = 2n - 1 (the ports' Wilders period);
 * the trail, a supertrend-like stop on the line, starts at line - dar on
 * dar's first bar, then with p = trail@1:
 *   line < p: min(p, line + dar) when line@1 < p too, else line + dar
 *   line > p: max(p, line - dar) when line@1 > p too, else line - dar
 *   line = p: p.
 * Both outputs NaN until the trail exists: lookback 5n + m - 4 (n + m - 1
 * for the line, one bar for d, 2 (w - 1) for dar). The customary QQE is
 * (14,5,4.236): the line crossing the trail is its signal, the line's side
 * of 50 its trend. Must not allocate.
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "ema.h"
#include "rsi.h"

typedef struct qqe_state {
    bc_rsi rsi;
    bc_ema smooth, dar1, dar2;
    int32_t has_prev, has_trail;
    double prev_line, trail;
} qqe_state;

static int32_t qqe_check(const bc_feature_node *node, const char *text)
{
    if (!(node->darg > 0.0) || !isfinite(node->darg))
        return bc_fail(BC_E_PARSE, "feature spec: %s: the factor %.15g must be above 0",
                       text, node->darg);
    return BC_OK;
}

static int32_t qqe_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return 5 * node->iarg[0] + node->iarg[1] - 4;
}

static int64_t qqe_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(qqe_state);
}

static void qqe_reset(bc_feature_node *node)
{
    qqe_state *s = node->state;
    const int32_t w = 2 * node->iarg[0] - 1;
    bc_rsi_init(&s->rsi, node->iarg[0]);
    bc_ema_init(&s->smooth, node->iarg[1]);
    bc_ema_init(&s->dar1, w);
    bc_ema_init(&s->dar2, w);
    s->has_prev = s->has_trail = 0;
    s->prev_line = s->trail = 0.0;
}

static inline void qqe_step(qqe_state *s, double k, double close, double *line, double *trail)
{
    *line = *trail = NAN;
    if (!bc_rsi_advance(&s->rsi, close))
        return;
    double v = bc_ema_step(&s->smooth, bc_rsi_value(&s->rsi));
    if (!bc_ema_seeded(&s->smooth))
        return;
    const double v1 = s->prev_line;
    s->prev_line = v;
    if (!s->has_prev) { /* d starts on the line's second bar */
        s->has_prev = 1;
        return;
    }
    double e = bc_ema_step(&s->dar1, fabs(v - v1));
    if (!bc_ema_seeded(&s->dar1))
        return;
    e = bc_ema_step(&s->dar2, e);
    if (!bc_ema_seeded(&s->dar2))
        return;
    const double dar = e * k, p = s->trail;
    double t;
    if (!s->has_trail) {
        s->has_trail = 1;
        t = v - dar;
    } else if (v < p) {
        t = v + dar;
        if (v1 < p && p < t)
            t = p;
    } else if (v > p) {
        t = v - dar;
        if (v1 > p && p > t)
            t = p;
    } else {
        t = p;
    }
    s->trail = t;
    *line = v;
    *trail = t;
}

static BC_FEATURE_KERNEL void qqe_run(bc_feature_node *node, const bc_feature_inputs *in,
                                      int64_t n, const bc_feature_column *cols)
{
    qqe_state *s = node->state;
    const double k = node->darg;
    bc_feature_column ol = cols[node->slot], ot = cols[node->slot + 1];
    for (int64_t i = 0; i < n; i++) {
        double l, t;
        qqe_step(s, k, in->close[i], &l, &t);
        BC_FEATURE_PUT(ol, i, l);
        BC_FEATURE_PUT(ot, i, t);
    }
}

const bc_feature_kind bc_feature_kind_qqe = {
    .name = "qqe", .args = "iid", .arg_min = {2, 1},
    .arg_max = {BC_FEATURE_MAX_PERIOD / 2, BC_FEATURE_MAX_PERIOD},
    .n_outputs = 2, .outputs = {"line", "trail"}, .needs = BC_FEATURE_IN_CLOSE,
    .check = qqe_check, .lookback = qqe_lookback,
    .state_size = qqe_state_size, .reset = qqe_reset, .run = qqe_run,
};
