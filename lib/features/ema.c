/*
 * ema.c - ema(n): TA-Lib EMA of the close (SMA seed, k = 2/(n+1), lookback
 * n-1; see ema.h), and ribbon(a,b,c,d): four such EMAs in order. Must not
 * allocate after create.
 */
#include "feature_internal.h"
#include "core/internal.h"
#include "ema.h"

static int32_t ema_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[0] - 1;
}

/* The state is a bc_ema (the streaming engine steps it as one). */
static int64_t ema_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(bc_ema);
}

static void ema_reset(bc_feature_node *node)
{
    bc_ema_init(node->state, node->iarg[0]);
}

BC_FEATURE_LOOP void ema_loop(bc_ema *e, const bc_feature_node *node,
    const bc_feature_inputs *in, int64_t n, const bc_feature_column *cols)
{
    (void)node;
    (void)in;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    int64_t i = 0;
    for (; i < n && !bc_ema_seeded(e); i++)
        BC_FEATURE_PUT(out, i, bc_ema_step(e, x[i]));
    for (; i < n; i++)
        BC_FEATURE_PUT(out, i, bc_ema_next(e, x[i]));
}

static BC_FEATURE_KERNEL void ema_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
    const bc_feature_column *cols)
{
    bc_ema *state = node->state;
    bc_ema *shared = state;
    if (n <= 2) { /* streaming: work in place, no copy of the state */
        ema_loop(shared, node, in, n, cols);
        return;
    }
    /* batch: a local copy keeps the state in registers (outputs cannot alias it) */
    bc_ema local = *shared;
    ema_loop(&local, node, in, n, cols);
    *shared = local;
}

const bc_feature_kind bc_feature_kind_ema = {
    .name = "ema", .args = "i", .arg_min = {2}, .arg_max = {BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .lookback = ema_lookback,
    .state_size = ema_state_size, .reset = ema_reset, .run = ema_run,
};

/* ribbon(a,b,c,d), a < b < c < d: +1 while the four EMAs (ema.h, each the
 * ema item's value bit for bit) are in order fast above slow, ema(a) >
 * ema(b) > ema(c) > ema(d) (a moving-average ribbon lined up upwards), -1
 * while ema(a) < ema(b) < ema(c) < ema(d), 0 otherwise (any tie or any
 * crossing); NaN until ema(d) exists (lookback d-1). The ribbon lining up
 * is cross(ribbon,0.5) = +1 (long) and cross(ribbon,-0.5) = -1 (short). */
typedef struct ribbon_state {
    bc_ema ema[4];
} ribbon_state;

static inline double ribbon_step(ribbon_state *s, double close)
{
    double e[4];
    for (int k = 0; k < 4; k++)
        e[k] = bc_ema_step(&s->ema[k], close);
    if (isnan(e[3]))
        return NAN;
    if (e[0] > e[1] && e[1] > e[2] && e[2] > e[3])
        return 1.0;
    if (e[0] < e[1] && e[1] < e[2] && e[2] < e[3])
        return -1.0;
    return 0.0;
}

/* Periods strictly rising: the order is read fast to slow. */
static int32_t ribbon_check(const bc_feature_node *node, const char *text)
{
    for (int k = 1; k < 4; k++)
        if (node->iarg[k] <= node->iarg[k - 1])
            return bc_fail(BC_E_PARSE,
                           "feature spec: %s: the periods must rise, fast to slow (%d is not "
                           "above %d)", text, node->iarg[k], node->iarg[k - 1]);
    return BC_OK;
}

static int32_t ribbon_lookback(const bc_feature_node *node, const int32_t *src)
{
    (void)src;
    return node->iarg[3] - 1;
}

static int64_t ribbon_state_size(const bc_feature_node *node)
{
    (void)node;
    return (int64_t)sizeof(ribbon_state);
}

static void ribbon_reset(bc_feature_node *node)
{
    ribbon_state *s = node->state;
    for (int k = 0; k < 4; k++)
        bc_ema_init(&s->ema[k], node->iarg[k]);
}

static void ribbon_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                       const bc_feature_column *cols)
{
    ribbon_state *s = node->state;
    const double *x = in->close;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, ribbon_step(s, x[i]));
}

const bc_feature_kind bc_feature_kind_ribbon = {
    .name = "ribbon", .args = "iiii", .arg_min = {2, 2, 2, 2},
    .arg_max = {BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD, BC_FEATURE_MAX_PERIOD,
                BC_FEATURE_MAX_PERIOD},
    .n_outputs = 1, .needs = BC_FEATURE_IN_CLOSE, .check = ribbon_check,
    .lookback = ribbon_lookback, .state_size = ribbon_state_size, .reset = ribbon_reset,
    .run = ribbon_run,
};
